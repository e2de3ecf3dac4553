"""Open the vault with the recovery key from the recovery sheet, and choose a new passphrase.

The dialog only collects the two values. The caller runs it, tries them, and on failure calls
``show_error`` and runs it again: what was typed is kept so a typo can be fixed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.setup.new_passphrase_form import NewPassphraseForm

__all__ = ["RecoveryKeyDialog", "normalise_recovery_key"]

_ERROR_STYLE = (
    "QLabel#errorLabel { background: #FDECEA; color: #7A1F17; border: 1px solid #E8B4AF;"
    " border-radius: 6px; padding: 8px 10px; }"
)


# Hyphen-minus, and the dashes a word processor or a copy from a PDF may put in its place.
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")


def normalise_recovery_key(text: str) -> str:
    """The key as typed, without the dashes and spaces used to group it."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in _DASHES)


class RecoveryKeyDialog(QDialog):
    """Ask for the recovery key and a new passphrase.

    OK ("Open vault") is enabled only when the key, without dashes and spaces, has
    ``key_length_chars`` characters, and the new passphrase is strong enough and typed the same
    twice.
    """

    def __init__(self, key_length_chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if key_length_chars < 1:
            raise ValueError("key_length_chars must be positive")
        self._key_length = key_length_chars
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle("Use recovery key")
        self.setMinimumWidth(520)
        self.setStyleSheet(_ERROR_STYLE)

        intro = QLabel(
            "Type the recovery key from your recovery sheet. Dashes and spaces do not matter. "
            "Then choose a new passphrase: you will use it to open Waypost on this computer.",
            self,
        )
        intro.setWordWrap(True)

        key_caption = QLabel("Recovery &key", self)
        self._key = QLineEdit(self)
        self._key.setObjectName("recoveryKeyEdit")
        self._key.setAccessibleName("Recovery key")
        self._key.setPlaceholderText("XXXX-XXXX-…")
        key_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        key_font.setPointSizeF(max(key_font.pointSizeF(), QFont().pointSizeF()) * 1.25)
        key_font.setStyleHint(QFont.StyleHint.Monospace)
        self._key.setFont(key_font)
        self._key.setMinimumHeight(34)
        self._key.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self._key.textChanged.connect(self._update)
        self._key.textEdited.connect(self._hide_error)
        key_caption.setBuddy(self._key)
        self._key_count = QLabel(self)
        self._key_count.setObjectName("recoveryKeyCount")
        self._key_count.setAccessibleName("Recovery key length")

        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)

        self._form = NewPassphraseForm(
            self, first_label="&New passphrase", second_label="&Type it again"
        )
        self._form.changed.connect(self._update)

        self._error = QLabel(self)
        self._error.setObjectName("errorLabel")
        self._error.setAccessibleName("Error")
        self._error.setWordWrap(True)
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.hide()

        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText("&Open vault")
        self._ok.setAccessibleName("Open vault")
        self._ok.setDefault(True)
        cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Cancel")
        cancel.setAccessibleName("Cancel")
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(key_caption)
        layout.addWidget(self._key)
        layout.addWidget(self._key_count)
        layout.addWidget(rule)
        layout.addWidget(self._form)
        layout.addWidget(self._error)
        layout.addStretch(1)
        layout.addWidget(self._buttons)

        self._update()
        self._key.setFocus()

    # -- public API ---------------------------------------------------------------------------

    def recovery_key(self) -> str:
        """The key as typed, without dashes and spaces (case is left as typed)."""
        return normalise_recovery_key(self._key.text())

    def new_passphrase(self) -> str:
        return self._form.passphrase()

    def show_error(self, message: str) -> None:
        """Show why the key did not work. The key is kept and selected, to correct a typo."""
        self._error.setText(message)
        self._error.show()
        self._key.setFocus()
        self._key.selectAll()
        QAccessible.updateAccessibility(QAccessibleEvent(self._error, QAccessible.Event.Alert))

    def error_text(self) -> str:
        return self._error.text() if self._error.isVisibleTo(self) else ""

    def is_ready(self) -> bool:
        """True when "Open vault" can be pressed."""
        return len(self.recovery_key()) == self._key_length and self._form.is_acceptable()

    def clear_secrets(self) -> None:
        """Forget what was typed (call once the vault is open or the user gave up)."""
        self._key.clear()
        self._form.clear()

    # -- internals ----------------------------------------------------------------------------

    def accept(self) -> None:
        if self.is_ready():
            super().accept()

    def _hide_error(self) -> None:
        self._error.hide()

    def _update(self) -> None:
        typed = len(self.recovery_key())
        if typed == 0:
            self._key_count.setText(
                f"The key has {self._key_length} characters, not counting dashes."
            )
        elif typed == self._key_length:
            self._key_count.setText(f"{typed} of {self._key_length} characters: complete.")
        elif typed < self._key_length:
            self._key_count.setText(f"{typed} of {self._key_length} characters.")
        else:
            self._key_count.setText(
                f"{typed} characters: {typed - self._key_length} too many. Check for a typo."
            )
        self._ok.setEnabled(self.is_ready())
