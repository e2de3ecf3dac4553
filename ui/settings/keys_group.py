"""Settings: Keys and recovery: change the passphrase, see or replace the recovery key, rotate
the database key. Each chore asks for the passphrase again and runs on the database worker
(Argon2 takes a third of a second; a rotation re-encrypts every page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.operations import Worker
from ui.settings.chore_group import ChoreGroup
from ui.settings.key_dialogs import (
    AskPassphraseDialog,
    ChangePassphraseDialog,
    ShowRecoveryKeyDialog,
)
from ui.settings.vault_chores import RotationOutcome, VaultChores
from ui.widgets.message_bar import MessageKind

__all__ = ["KeysGroup"]

T = TypeVar("T")

PASSPHRASE_CHANGED = "Your passphrase was changed. Use the new one from now on."
ROTATION_EXPLAINED = (
    "Rotating the database key re-encrypts every page of the vault under a new random key. "
    "Do it if you think the vault's files and its key may have been copied. A backup is "
    "taken first. It can take a minute on a large vault; Waypost stays locked to other work "
    "meanwhile."
)


class KeysGroup(ChoreGroup):
    def __init__(self, chores: VaultChores, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__("Keys and recovery", "Keys message", chores, worker, parent)
        self.setObjectName("keysGroup")
        hint = self._hint(
            "Your passphrase and this computer's keyring open the vault. The recovery key opens "
            "it on a new computer."
            if not chores.demo
            else "A demo vault opens with its passphrase alone and has no recovery key."
        )
        self.change_button = QPushButton("C&hange passphrase…", self)
        self.show_button = QPushButton("Show recovery ke&y…", self)
        self.replace_button = QPushButton("Replace recovery &key…", self)
        self.rotate_button = QPushButton("Rota&te database key…", self)
        self.change_button.clicked.connect(self.change_passphrase)
        self.show_button.clicked.connect(self.show_recovery_key)
        self.replace_button.clicked.connect(self.replace_recovery_key)
        self.rotate_button.clicked.connect(self.rotate_key)
        self._buttons = [
            self.change_button,
            self.show_button,
            self.replace_button,
            self.rotate_button,
        ]
        for button in (self.show_button, self.replace_button):
            button.setVisible(not chores.demo)

        row = QHBoxLayout()
        for button in self._buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(hint)
        layout.addLayout(row)

    # -- chores -------------------------------------------------------------------------------

    def change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self)

        def accepted() -> None:
            current, new = dialog.take_passphrases()
            chores = self._chores
            self._run(
                lambda: chores.change_passphrase(current, new),
                lambda _: self.messages.show_message(MessageKind.SUCCESS, PASSPHRASE_CHANGED),
            )

        self._ask(dialog, accepted)

    def show_recovery_key(self) -> None:
        dialog = AskPassphraseDialog(
            "Show recovery key",
            "Type your passphrase to see the recovery key. Make sure nobody can see your screen.",
            "Show key",
            self,
        )

        def accepted() -> None:
            passphrase = dialog.take_passphrase()
            chores = self._chores
            self._run(
                lambda: chores.show_recovery_key(passphrase),
                lambda key: self._show_key(key, "Your recovery key", must_confirm=False),
            )

        self._ask(dialog, accepted)

    def replace_recovery_key(self) -> None:
        dialog = AskPassphraseDialog(
            "Replace recovery key",
            "A new recovery key will be made and the old recovery sheet will stop opening this "
            "vault (it still opens backups taken before today). Destroy the old sheet "
            "afterwards. Type your passphrase to continue.",
            "Replace key",
            self,
        )

        def accepted() -> None:
            passphrase = dialog.take_passphrase()
            chores = self._chores
            self._run(
                lambda: chores.replace_recovery_key(passphrase),
                lambda key: self._show_key(key, "Your new recovery key", must_confirm=True),
            )

        self._ask(dialog, accepted)

    def rotate_key(self) -> None:
        dialog = AskPassphraseDialog(
            "Rotate database key", ROTATION_EXPLAINED, "Back up and rotate", self
        )

        def accepted() -> None:
            passphrase = dialog.take_passphrase()
            chores = self._chores
            self.messages.show_message(
                MessageKind.INFO, "Backing up, then re-encrypting the vault…"
            )
            self._run(lambda: chores.rotate_database_key(passphrase), self._rotated)

        self._ask(dialog, accepted)

    def _rotated(self, outcome: RotationOutcome) -> None:
        self.messages.show_message(
            MessageKind.SUCCESS,
            "The vault is now encrypted under a new key. A backup under the old key was "
            f"taken first ({outcome.backup_label}).",
        )
        if outcome.new_recovery_key:
            self._show_key(outcome.new_recovery_key, "Your new recovery key", must_confirm=True)

    # -- plumbing -----------------------------------------------------------------------------

    def _show_key(self, key: str, title: str, *, must_confirm: bool) -> None:
        dialog = ShowRecoveryKeyDialog(
            key, self._chores.vault_id, title=title, must_confirm=must_confirm, parent=self
        )
        self._ask(dialog, lambda: None)

    def _ask(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        self._open(dialog, lambda _dialog, accepted: on_accept() if accepted else None)

    def _run(self, work: Callable[[], T], done: Callable[[T], None]) -> None:
        self._set_busy(True)

        def ok(result: T) -> None:
            self._set_busy(False)
            done(result)

        self._worker.submit(work, ok, self._failed)
