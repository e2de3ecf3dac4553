"""Small dialogs for key chores: ask for the passphrase, change it, and show a recovery key.

Passphrase fields are cleared as soon as the value has been handed over, so a secret does not
linger in a widget that outlives the chore.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.setup.new_passphrase_form import NewPassphraseForm
from ui.setup.recovery_key_page import RecoveryKeyPage

__all__ = ["AskPassphraseDialog", "ChangePassphraseDialog", "ShowRecoveryKeyDialog"]


def _password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    field.setMinimumHeight(30)
    return field


class AskPassphraseDialog(QDialog):
    """ "Type your passphrase to continue": a chore that needs proof it is really you."""

    def __init__(
        self, title: str, explanation: str, action: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        self.passphrase_edit = _password_field(self, "passphraseEdit")
        self.passphrase_edit.setAccessibleName("Your passphrase")
        form = QFormLayout()
        form.addRow("Your &passphrase", self.passphrase_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton(action, self)
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.passphrase_edit.textChanged.connect(
            lambda value: self.ok_button.setEnabled(bool(value))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def take_passphrase(self) -> str:
        value = self.passphrase_edit.text()
        self.passphrase_edit.clear()
        return value


class ChangePassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(500)
        text = QLabel(
            "Your new passphrase takes effect at once. The vault's data and your recovery key "
            "stay as they are.",
            self,
        )
        text.setWordWrap(True)
        self.current_edit = _password_field(self, "currentPassphraseEdit")
        self.current_edit.setAccessibleName("Current passphrase")
        form = QFormLayout()
        form.addRow("&Current passphrase", self.current_edit)
        self.new_form = NewPassphraseForm(
            self, first_label="&New passphrase", second_label="Type it &again"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton("Change passphrase", self)
        self.ok_button.setDefault(True)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.current_edit.textChanged.connect(self._refresh)
        self.new_form.changed.connect(self._refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.new_form)
        layout.addWidget(buttons)
        self._refresh()

    def _refresh(self) -> None:
        self.ok_button.setEnabled(bool(self.current_edit.text()) and self.new_form.is_acceptable())

    def take_passphrases(self) -> tuple[str, str]:
        values = (self.current_edit.text(), self.new_form.passphrase())
        self.current_edit.clear()
        self.new_form.clear()
        return values


class ShowRecoveryKeyDialog(QDialog):
    """The recovery key in large type, with Print and Save as PDF (the first-run page's).

    ``must_confirm``: a NEW key (replaced, or made by a rotation) cannot be dismissed until the
    navigator ticks that it was printed or written down, because the old sheet no longer works.
    """

    def __init__(
        self,
        key: str,
        vault_id: str,
        *,
        title: str,
        must_confirm: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.page = RecoveryKeyPage(self)
        self.page.setTitle("")
        self.page.set_key(key, vault_id)
        self.done_button = QPushButton("Done", self)
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.accept)
        confirm = self.page.findChild(QWidget, "confirmKeyCheck")
        if not must_confirm and confirm is not None:
            confirm.hide()
        else:
            self.page.completeChanged.connect(self._refresh)
        self._must_confirm = must_confirm
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self._refresh()

    def _refresh(self) -> None:
        self.done_button.setEnabled(not self._must_confirm or self.page.isComplete())

    def reject(self) -> None:
        # Esc must not dismiss a new key that has not been written down.
        if self._must_confirm and not self.page.isComplete():
            return
        super().reject()

    def done(self, result: int) -> None:
        self.page.clear()
        super().done(result)
