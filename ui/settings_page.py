"""Settings: the idle lock and where the vault is. Values are read and saved by the caller."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

IDLE_MINUTES_RANGE = (1, 240)


class SettingsPage(QWidget):
    def __init__(
        self,
        *,
        idle_minutes: int,
        on_idle_minutes_changed: Callable[[int], None],
        vault_folder: str,
        demo: bool,
        on_lock_now: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        title = QLabel("Settings")
        title.setObjectName("pageTitle")

        security = QGroupBox("Security")
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(*IDLE_MINUTES_RANGE)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(idle_minutes)
        self.idle_minutes.setAccessibleName("Lock after idle minutes")
        # Saved on every change: there is no Apply button to forget.
        self.idle_minutes.valueChanged.connect(on_idle_minutes_changed)
        idle_label = QLabel("&Lock when idle for")
        idle_label.setBuddy(self.idle_minutes)
        lock_now = QPushButton("Lock now (Ctrl+L)")
        lock_now.clicked.connect(on_lock_now)
        form = QFormLayout(security)
        form.addRow(idle_label, self.idle_minutes)
        form.addRow("", lock_now)

        vault_box = QGroupBox("Vault")
        vault_form = QFormLayout(vault_box)
        folder_label = QLabel(vault_folder)
        folder_label.setWordWrap(True)
        folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        vault_form.addRow("Folder", folder_label)
        kind = (
            "Demo vault: synthetic data only, opened by passphrase alone."
            if demo
            else "Encrypted with SQLCipher; opened by your passphrase and this computer's keyring."
        )
        kind_label = QLabel(kind)
        kind_label.setWordWrap(True)
        vault_form.addRow("Protection", kind_label)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(security)
        layout.addWidget(vault_box)
        layout.addStretch(1)
