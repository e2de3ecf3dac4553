"""First-run wizard, page 2: choose the passphrase; pressing "Create vault" asks for the vault."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ui.setup.new_passphrase_form import NewPassphraseForm

__all__ = ["PassphrasePage"]

_ERROR_STYLE = (
    "QLabel#errorLabel { background: #FDECEA; color: #7A1F17; border: 1px solid #E8B4AF;"
    " border-radius: 6px; padding: 8px 10px; }"
)


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.setObjectName("passphrasePage")
        self.setTitle("Choose a passphrase")
        self.setSubTitle("You will type it each time you open Waypost.")
        self.setStyleSheet(_ERROR_STYLE)
        # Once the vault exists there is no going back to change the folder.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create vault")

        intro = QLabel(
            "A short sentence, or four or more unrelated words, is strong and easy to "
            "remember. Waypost cannot show it to you again. If you forget it, the recovery key "
            "on the next page lets you choose a new one.",
            self,
        )
        intro.setWordWrap(True)

        self._form = NewPassphraseForm(self)
        self._form.changed.connect(self.completeChanged)
        self._form.changed.connect(self._hide_error)

        self._busy_area = QWidget(self)
        busy_label = QLabel("Creating the vault…", self._busy_area)
        bar = QProgressBar(self._busy_area)
        bar.setObjectName("busyIndicator")
        bar.setAccessibleName("Creating the vault")
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumHeight(8)
        busy_layout = QHBoxLayout(self._busy_area)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(busy_label)
        busy_layout.addWidget(bar, 1)
        self._busy_area.hide()

        self._error = QLabel(self)
        self._error.setObjectName("errorLabel")
        self._error.setAccessibleName("Error")
        self._error.setWordWrap(True)
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self._form)
        layout.addWidget(self._busy_area)
        layout.addWidget(self._error)
        layout.addStretch(1)

        self.setFocusProxy(self._form)

    # -- used by the wizard -------------------------------------------------------------------

    def passphrase(self) -> str:
        return self._form.passphrase()

    def reason(self) -> str:
        return self._form.reason()

    def is_busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._form.set_inputs_enabled(not busy)
        self._busy_area.setVisible(busy)
        if busy:
            self._hide_error()
        self.completeChanged.emit()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self._error.setText(message)
        self._error.show()
        self._form.setFocus()

    def error_text(self) -> str:
        return self._error.text() if self._error.isVisibleTo(self) else ""

    def clear(self) -> None:
        self._form.clear()

    def isComplete(self) -> bool:
        return not self._busy and self._form.is_acceptable()

    def _hide_error(self) -> None:
        self._error.hide()
