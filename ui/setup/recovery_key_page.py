"""First-run wizard, page 3: the recovery key, shown once, to print or write down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

__all__ = ["RecoveryKeyPage"]

GROUPS_PER_LINE = 4
SHEET_FILE_NAME = "waypost-recovery-key.pdf"

_KEY_STYLE = (
    "QLabel#recoveryKeyLabel { background: #F5F7FA; color: #1F2933; border: 1px solid #9AA5B1;"
    " border-radius: 6px; padding: 14px; }"
)


class RecoveryKeyPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = ""
        self._vault_id = ""
        self.setObjectName("recoveryKeyPage")
        self.setTitle("Your recovery key")
        self.setSubTitle("It is shown only this once. Print it or write it down now.")
        self.setStyleSheet(_KEY_STYLE)

        self._key_label = QLabel(self)
        self._key_label.setObjectName("recoveryKeyLabel")
        self._key_label.setAccessibleName("Recovery key")
        self._key_label.setTextFormat(Qt.TextFormat.PlainText)
        self._key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._key_label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so screen readers reach it
        key_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        key_font.setStyleHint(QFont.StyleHint.Monospace)
        key_font.setPointSizeF(max(key_font.pointSizeF(), QFont().pointSizeF()) * 1.8)
        key_font.setWeight(QFont.Weight.DemiBold)
        self._key_label.setFont(key_font)

        explanation = QLabel(
            "This key is the only way into your vault on a new computer, or if this "
            "computer's keyring (its store of saved passwords) is lost or reset. It also lets "
            "you choose a new passphrase if you forget yours.\n\n"
            "Keep it locked away, apart from the laptop. Anyone who has this key and a copy of "
            "the vault files can read everything in the vault.",
            self,
        )
        explanation.setWordWrap(True)

        self._print_button = QPushButton("&Print…", self)
        self._print_button.setObjectName("printSheetButton")
        self._print_button.setAccessibleName("Print the recovery sheet")
        self._print_button.setAutoDefault(False)
        self._print_button.clicked.connect(self._print_sheet)
        self._save_button = QPushButton("Save as P&DF…", self)
        self._save_button.setObjectName("saveSheetButton")
        self._save_button.setAccessibleName("Save the recovery sheet as PDF")
        self._save_button.setAutoDefault(False)
        self._save_button.clicked.connect(self._save_sheet)
        buttons = QHBoxLayout()
        buttons.addWidget(self._print_button)
        buttons.addWidget(self._save_button)
        buttons.addStretch(1)

        self._status = QLabel(self)
        self._status.setObjectName("sheetStatus")
        self._status.setWordWrap(True)
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self._status.hide()

        self._confirm = QCheckBox("I have printed or &written down the recovery key", self)
        self._confirm.setObjectName("confirmKeyCheck")
        self._confirm.setAccessibleName("I have printed or written down the recovery key")
        self._confirm.toggled.connect(self.completeChanged)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self._key_label)
        layout.addSpacing(4)
        layout.addWidget(explanation)
        layout.addLayout(buttons)
        layout.addWidget(self._status)
        layout.addStretch(1)
        layout.addWidget(self._confirm)

    # -- used by the wizard -------------------------------------------------------------------

    def set_key(self, key: str, vault_id: str) -> None:
        from models.reports.recovery_sheet import recovery_key_groups

        self._key = key
        self._vault_id = vault_id
        groups = recovery_key_groups(key)
        lines = [
            "  ".join(groups[i : i + GROUPS_PER_LINE])
            for i in range(0, len(groups), GROUPS_PER_LINE)
        ]
        # Pad the lines to one width so the groups stay in columns when the block is centred.
        width = max((len(line) for line in lines), default=0)
        self._key_label.setText("\n".join(line.ljust(width) for line in lines))
        # Read group by group rather than as one long word.
        self._key_label.setAccessibleDescription(", ".join(groups))
        self._confirm.setChecked(False)
        self._status.hide()

    def key_text(self) -> str:
        """The key as displayed (groups, spaces and line breaks)."""
        return "\n".join(line.rstrip() for line in self._key_label.text().splitlines())

    def is_confirmed(self) -> bool:
        return self._confirm.isChecked()

    def clear(self) -> None:
        self._key = ""
        self._vault_id = ""
        self._key_label.clear()
        self._key_label.setAccessibleDescription("")
        self._status.clear()

    def isComplete(self) -> bool:
        return bool(self._key) and self._confirm.isChecked()

    # -- the recovery sheet -------------------------------------------------------------------

    def sheet_pdf(self) -> bytes:
        from models.reports.recovery_sheet import build_recovery_sheet

        return build_recovery_sheet(
            recovery_key=self._key, vault_id=self._vault_id, created_on=date.today()
        )

    def _print_sheet(self) -> None:
        from ui.printing import print_pdf

        if print_pdf(self, self.sheet_pdf()):
            self._show_status("The recovery sheet was sent to the printer.")

    def _save_sheet(self) -> None:
        from ui.printing import save_pdf

        path = save_pdf(self, self.sheet_pdf(), SHEET_FILE_NAME)
        if path is not None:
            self._show_status(
                f"Saved to {path}.\nDo not leave it on this computer: print it and delete it, "
                "or move it to a USB stick that is kept locked away."
            )

    def _show_status(self, text: str) -> None:
        self._status.setText(text)
        self._status.show()
