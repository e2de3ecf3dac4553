"""Settings: Backups: where they go, the newest one, back up now, and restore.

Backups are encrypted copies of the vault (with its key file), taken at unlock when the vault
changed and before migrations and key rotations. The folder can be an encrypted USB drive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.operations import Worker
from ui.settings.chore_group import ChoreGroup
from ui.settings.vault_chores import BackupChoice, VaultChores
from ui.widgets.message_bar import MessageKind

__all__ = ["BackupsGroup", "RestoreDialog"]

NO_BACKUPS = "No backups yet."


class RestoreDialog(QDialog):
    """Pick a backup; the restore replaces the vault's database and keeps the old one aside."""

    def __init__(self, choices: list[BackupChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(520)
        text = QLabel(
            "Choose the backup to go back to. Everything entered after it was taken will be "
            "gone from the vault, but nothing is deleted: the current database and key file "
            "are moved to a \u201creplaced\u201d folder inside the vault folder. The backup is "
            "checked before anything is replaced.",
            self,
        )
        text.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups, newest first")
        for choice in choices:
            item = QListWidgetItem(choice.label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, choice)
        if choices:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = QPushButton("Restore this backup", self)
        self.restore_button.setEnabled(bool(choices))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> BackupChoice | None:
        item = self.list.currentItem()
        if item is None:
            return None
        choice = item.data(Qt.ItemDataRole.UserRole)
        return choice if isinstance(choice, BackupChoice) else None


class BackupsGroup(ChoreGroup):
    def __init__(self, chores: VaultChores, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__("Backups", "Backups message", chores, worker, parent)
        self.setObjectName("backupsGroup")
        hint = self._hint(
            "Encrypted copies of the vault, taken when you unlock after a change, before "
            "updates and before a key rotation. Waypost keeps 7 daily, 4 weekly and 12 "
            "monthly backups. Point the folder at an encrypted USB drive to keep copies off "
            "this laptop."
        )
        self.folder_label = QLabel(self)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.latest_label = QLabel(NO_BACKUPS, self)
        self.latest_label.setObjectName("latestBackup")
        self.choose_button = QPushButton("Choose &folder…", self)
        self.default_button = QPushButton("Use the &vault's folder", self)
        self.backup_button = QPushButton("&Back up now", self)
        self.restore_button = QPushButton("&Restore from a backup…", self)
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button.clicked.connect(lambda: self._set_folder(""))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore)
        self._buttons = [
            self.choose_button,
            self.default_button,
            self.backup_button,
            self.restore_button,
        ]

        row = QHBoxLayout()
        for button in self._buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(hint)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.latest_label)
        layout.addLayout(row)
        self._show_folder()
        self.refresh()

    def refresh(self) -> None:
        chores = self._chores
        self._worker.submit(chores.backups, self._show_backups, self._failed)

    def _show_folder(self) -> None:
        self.folder_label.setText(f"Folder: {self._chores.backup_folder()}")

    def _show_backups(self, choices: list[BackupChoice]) -> None:
        self._set_busy(False)
        self.latest_label.setText(
            f"Newest: {choices[0].label} ({len(choices)} kept)" if choices else NO_BACKUPS
        )

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Folder for backups", self._chores.backup_folder()
        )
        if folder:
            self._set_folder(folder)

    def _set_folder(self, folder: str) -> None:
        try:
            self._chores.set_backup_folder(folder)
        except Exception as error:  # the settings file could not be written
            self._failed(error)
            return
        self._show_folder()
        self.messages.show_message(MessageKind.SUCCESS, "Backups will go to this folder.")
        self.refresh()

    def backup_now(self) -> None:
        self._set_busy(True)
        self.messages.show_message(MessageKind.INFO, "Backing up…")
        chores = self._chores
        self._worker.submit(chores.backup_now, self._backed_up, self._failed)

    def _backed_up(self, label: str) -> None:
        self.messages.show_message(MessageKind.SUCCESS, f"Backed up: {label}.")
        self.refresh()

    def restore(self) -> None:
        self._set_busy(True)
        chores = self._chores
        self._worker.submit(chores.backups, self._choose_backup, self._failed)

    def _choose_backup(self, choices: list[BackupChoice]) -> None:
        self._set_busy(False)
        if not choices:
            self.messages.show_message(
                MessageKind.INFO,
                "There is no backup in this folder yet. Nothing was changed.",
            )
            return

        def finished(dialog: QDialog, accepted: bool) -> None:
            chosen = dialog.chosen() if isinstance(dialog, RestoreDialog) else None
            if accepted and chosen is not None:
                self._chores.request_restore(chosen)

        self._open(RestoreDialog(choices, self), finished)
