"""The first window a user sees: type the passphrase, press Enter.

The window holds no vault logic. It emits signals; the composition root tries the passphrase
and reports back through ``set_busy``, ``show_error`` and ``reset``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFont,
    QKeyEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["UnlockWindow"]

_ERROR_STYLE = (
    "QFrame#errorArea { background: #FDECEA; border: 1px solid #E8B4AF; border-radius: 6px; }"
    "QFrame#errorArea QLabel { color: #7A1F17; background: transparent; border: none; }"
)
_NOTICE_STYLE = (
    "QLabel#noticeLabel { background: #E8F0FB; color: #17365D; border: 1px solid #B7CBE8;"
    " border-radius: 6px; padding: 6px 10px; }"
)
_DEMO_STYLE = (
    "QLabel#demoBanner { background: #FFF3C4; color: #5C4300; border: 1px solid #E9CF6B;"
    " border-radius: 6px; padding: 6px 10px; font-weight: 600; }"
)


class _ElidedLabel(QLabel):
    """A one-line label that shortens its text in the middle to fit, with the full tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setToolTip(text)
        self._refresh()

    def full_text(self) -> str:
        return self._full_text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh()

    def _refresh(self) -> None:
        elided = self.fontMetrics().elidedText(
            self._full_text, Qt.TextElideMode.ElideMiddle, max(self.width(), 40)
        )
        self.setText(elided)


def _mute(label: QLabel) -> None:
    """Draw a secondary label in the palette's softer text colour."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)


def _display_path(folder: str) -> str:
    if not folder:
        return ""
    path = Path(folder)
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class UnlockWindow(QWidget):
    """Ask for the vault passphrase.

    Signals:
        unlock_requested(str): the passphrase typed (the field is already cleared).
        recovery_requested(): "Use recovery key…" or "Forgot passphrase?" was chosen.
        restore_requested(): "Restore from backup…" was chosen.
        choose_other_vault_requested(): "Open another vault…" was chosen.
    """

    unlock_requested = Signal(str)
    recovery_requested = Signal()
    restore_requested = Signal()
    choose_other_vault_requested = Signal()

    def __init__(self, vault_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockWindow")
        self.setWindowTitle("Unlock Waypost")
        self.setMinimumWidth(460)
        self.setStyleSheet(_ERROR_STYLE + _DEMO_STYLE + _NOTICE_STYLE)
        self._busy = False

        # Demo banner ------------------------------------------------------------------------
        self._demo_banner = QLabel("Demo vault — synthetic data only", self)
        self._demo_banner.setObjectName("demoBanner")
        self._demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._demo_banner.setAccessibleName("Demo vault — synthetic data only")
        self._demo_banner.hide()

        # Heading ----------------------------------------------------------------------------
        title = QLabel("Waypost", self)
        title.setObjectName("appTitle")
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 2.0)
        title_font.setWeight(QFont.Weight.DemiBold)
        title.setFont(title_font)
        subtitle = QLabel("Case manager for Victim Navigators", self)
        subtitle.setObjectName("appSubtitle")
        _mute(subtitle)

        # Vault folder -----------------------------------------------------------------------
        folder_caption = QLabel("Vault:", self)
        self._folder_label = _ElidedLabel(self)
        self._folder_label.setObjectName("vaultFolderLabel")
        self._folder_label.setAccessibleName("Vault folder")
        self._other_vault_button = QPushButton("&Open another vault…", self)
        self._other_vault_button.setObjectName("otherVaultButton")
        self._other_vault_button.setAccessibleName("Open another vault")
        self._other_vault_button.setAutoDefault(False)
        self._other_vault_button.clicked.connect(self.choose_other_vault_requested)
        folder_row = QHBoxLayout()
        folder_row.addWidget(folder_caption)
        folder_row.addWidget(self._folder_label, 1)
        folder_row.addWidget(self._other_vault_button)

        # Passphrase -------------------------------------------------------------------------
        passphrase_caption = QLabel("&Passphrase", self)
        self._passphrase = QLineEdit(self)
        self._passphrase.setObjectName("passphraseEdit")
        self._passphrase.setAccessibleName("Passphrase")
        self._passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase.setClearButtonEnabled(False)
        self._passphrase.setMinimumHeight(32)
        self._passphrase.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self._passphrase.returnPressed.connect(self._submit)
        self._passphrase.textChanged.connect(self._update_unlock_enabled)
        passphrase_caption.setBuddy(self._passphrase)

        self._show_button = QToolButton(self)
        self._show_button.setObjectName("showPassphraseButton")
        self._show_button.setText("&Show")
        self._show_button.setCheckable(True)
        self._show_button.setAccessibleName("Show passphrase")
        self._show_button.setToolTip("Show or hide the passphrase as you type")
        self._show_button.setMinimumHeight(32)
        self._show_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show_button.toggled.connect(self._set_passphrase_visible)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self._passphrase, 1)
        passphrase_row.addWidget(self._show_button)

        self._demo_hint = QLabel(self)
        self._demo_hint.setObjectName("demoHint")
        self._demo_hint.setTextFormat(Qt.TextFormat.PlainText)
        self._demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._demo_hint.hide()

        # Why the vault was locked (for example after idle time); informative, not an error.
        self._notice = QLabel(self)
        self._notice.setObjectName("noticeLabel")
        self._notice.setWordWrap(True)
        self._notice.setTextFormat(Qt.TextFormat.PlainText)
        self._notice.hide()

        # Error area -------------------------------------------------------------------------
        self._error_area = QFrame(self)
        self._error_area.setObjectName("errorArea")
        self._error_label = QLabel(self._error_area)
        self._error_label.setObjectName("errorLabel")
        self._error_label.setAccessibleName("Error")
        self._error_label.setWordWrap(True)
        self._error_label.setTextFormat(Qt.TextFormat.PlainText)
        self._error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._recovery_button = QPushButton("Use &recovery key…", self._error_area)
        self._recovery_button.setObjectName("recoveryButton")
        self._recovery_button.setAccessibleName("Use recovery key")
        self._recovery_button.setAutoDefault(False)
        self._recovery_button.clicked.connect(self.recovery_requested)
        self._restore_button = QPushButton("Restore from &backup…", self._error_area)
        self._restore_button.setObjectName("restoreButton")
        self._restore_button.setAccessibleName("Restore from backup")
        self._restore_button.setAutoDefault(False)
        self._restore_button.clicked.connect(self.restore_requested)
        error_buttons = QHBoxLayout()
        error_buttons.addWidget(self._recovery_button)
        error_buttons.addWidget(self._restore_button)
        error_buttons.addStretch(1)
        error_layout = QVBoxLayout(self._error_area)
        error_layout.setContentsMargins(12, 10, 12, 10)
        error_layout.addWidget(self._error_label)
        error_layout.addLayout(error_buttons)
        self._error_area.hide()

        # Busy indicator ---------------------------------------------------------------------
        self._busy_area = QWidget(self)
        self._busy_area.setObjectName("busyArea")
        busy_label = QLabel("Unlocking…", self._busy_area)
        self._busy_bar = QProgressBar(self._busy_area)
        self._busy_bar.setObjectName("busyIndicator")
        self._busy_bar.setAccessibleName("Unlocking")
        self._busy_bar.setRange(0, 0)  # indeterminate
        self._busy_bar.setTextVisible(False)
        self._busy_bar.setMaximumHeight(8)
        busy_layout = QHBoxLayout(self._busy_area)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(busy_label)
        busy_layout.addWidget(self._busy_bar, 1)
        self._busy_area.hide()

        # Buttons ----------------------------------------------------------------------------
        self._forgot_button = QPushButton("&Forgot passphrase?", self)
        self._forgot_button.setObjectName("forgotButton")
        self._forgot_button.setAccessibleName("Forgot passphrase: use the recovery key")
        self._forgot_button.setFlat(True)
        self._forgot_button.setAutoDefault(False)
        self._forgot_button.clicked.connect(self.recovery_requested)
        self._unlock_button = QPushButton("&Unlock", self)
        self._unlock_button.setObjectName("unlockButton")
        self._unlock_button.setAccessibleName("Unlock")
        self._unlock_button.setDefault(True)
        self._unlock_button.setMinimumWidth(110)
        self._unlock_button.setMinimumHeight(32)
        self._unlock_button.clicked.connect(self._submit)
        button_row = QHBoxLayout()
        button_row.addWidget(self._forgot_button)
        button_row.addStretch(1)
        button_row.addWidget(self._unlock_button)

        # Assemble ---------------------------------------------------------------------------
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        layout.addWidget(self._demo_banner)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(folder_row)
        layout.addSpacing(8)
        layout.addWidget(passphrase_caption)
        layout.addLayout(passphrase_row)
        layout.addWidget(self._demo_hint)
        layout.addWidget(self._notice)
        layout.addWidget(self._error_area)
        layout.addWidget(self._busy_area)
        layout.addSpacing(8)
        layout.addLayout(button_row)
        layout.addStretch(1)

        self.setTabOrder(self._passphrase, self._show_button)
        self.setTabOrder(self._show_button, self._unlock_button)
        self.setTabOrder(self._unlock_button, self._recovery_button)
        self.setTabOrder(self._recovery_button, self._restore_button)
        self.setTabOrder(self._restore_button, self._forgot_button)
        self.setTabOrder(self._forgot_button, self._other_vault_button)

        self.set_vault_folder(vault_folder)
        self._update_unlock_enabled()
        self.setFocusProxy(self._passphrase)
        self._passphrase.setFocus()

    # -- public API ---------------------------------------------------------------------------

    def set_vault_folder(self, folder: str) -> None:
        """Show which vault will be opened (shortened in the middle if it does not fit)."""
        self._folder_label.set_full_text(_display_path(folder))
        self._folder_label.setAccessibleDescription(folder)

    def vault_folder_text(self) -> str:
        """The folder as shown (with ``~`` for the home folder), before eliding."""
        return self._folder_label.full_text()

    def set_busy(self, busy: bool) -> None:
        """While the key is derived: lock the inputs and show "Unlocking…"."""
        self._busy = busy
        for widget in (
            self._passphrase,
            self._show_button,
            self._recovery_button,
            self._restore_button,
            self._forgot_button,
            self._other_vault_button,
        ):
            widget.setEnabled(not busy)
        self._busy_area.setVisible(busy)
        self._update_unlock_enabled()
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
            self._passphrase.setFocus()

    def is_busy(self) -> bool:
        return self._busy

    def show_error(
        self, message: str, *, offer_recovery: bool = False, offer_restore: bool = False
    ) -> None:
        """Show why unlocking failed, with the way out that fits, and ask again."""
        self.set_busy(False)
        self._error_label.setText(message)
        self._recovery_button.setVisible(offer_recovery)
        self._restore_button.setVisible(offer_restore)
        self._error_area.show()
        self._clear_passphrase()
        self._passphrase.setFocus()
        # Screen readers announce the message, not only the refocused field.
        QAccessible.updateAccessibility(
            QAccessibleEvent(self._error_label, QAccessible.Event.Alert)
        )

    def show_notice(self, message: str) -> None:
        """Say why the window is showing (for example "Locked after 5 minutes idle")."""
        self._notice.setText(message)
        self._notice.setVisible(bool(message))

    def notice_text(self) -> str:
        return self._notice.text() if self._notice.isVisibleTo(self) else ""

    def error_text(self) -> str:
        """The message in the error area, or "" when it is hidden."""
        return self._error_label.text() if self._error_area.isVisibleTo(self) else ""

    def set_demo(self, demo: bool, *, passphrase_hint: str = "") -> None:
        """Mark the window as opening the demo vault, and show the demo passphrase if given."""
        self._demo_banner.setVisible(demo)
        self._demo_hint.setText(f"Demo passphrase: {passphrase_hint}" if passphrase_hint else "")
        self._demo_hint.setVisible(demo and bool(passphrase_hint))
        # A demo vault has no recovery key: its passphrase is printed in the README.
        self._forgot_button.setVisible(not demo)
        self.setWindowTitle("Unlock Waypost — demo vault" if demo else "Unlock Waypost")

    def reset(self) -> None:
        """Back to the first state: nothing typed, no error, not busy."""
        self._error_area.hide()
        self._error_label.clear()
        self._recovery_button.hide()
        self._restore_button.hide()
        self._clear_passphrase()
        self.set_busy(False)

    # -- internals ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._busy:
            self._clear_passphrase()
            event.accept()
            return
        super().keyPressEvent(event)

    def _submit(self) -> None:
        if self._busy:
            return
        passphrase = self._passphrase.text()
        if not passphrase:
            return
        self._clear_passphrase()
        self.unlock_requested.emit(passphrase)

    def _clear_passphrase(self) -> None:
        self._passphrase.clear()
        self._show_button.setChecked(False)

    def _set_passphrase_visible(self, visible: bool) -> None:
        self._passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        )
        self._show_button.setText("Hi&de" if visible else "&Show")
        self._show_button.setAccessibleName("Hide passphrase" if visible else "Show passphrase")

    def _update_unlock_enabled(self) -> None:
        self._unlock_button.setEnabled(not self._busy and bool(self._passphrase.text()))
