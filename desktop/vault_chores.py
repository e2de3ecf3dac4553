"""The Settings page's key and backup chores, done for real on the open vault.

Implements ui/settings/vault_chores.py's ``VaultChores`` protocol. The blocking methods run on
the database worker; each one that needs the passphrase proves it again, and each is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import key_management, vault
from desktop.settings import AppSettings
from ui.settings.vault_chores import BackupChoice, RotationOutcome

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from desktop.backups import BackupInfo
    from desktop.session import VaultSession

__all__ = ["DesktopVaultChores", "backup_folder_for", "restorable_backups"]


def backup_folder_for(settings: AppSettings, vault_folder: Path) -> Path:
    from desktop.backups import default_backup_folder

    chosen = settings.backup_folder
    return Path(chosen).expanduser() if chosen else default_backup_folder(vault_folder)


def restorable_backups(
    settings: AppSettings, vault_folder: Path, vault_id: str
) -> list[BackupInfo]:
    """This vault's backups, newest first, from the chosen folder (a USB drive, say) and the
    vault's own: backups before migrations always go to the vault's own folder."""
    from desktop.backups import default_backup_folder, list_backups

    folders = {backup_folder_for(settings, vault_folder), default_backup_folder(vault_folder)}
    found = {b.path: b for folder in folders for b in list_backups(folder, vault_id)}
    return sorted(found.values(), key=lambda b: b.taken_at, reverse=True)


class DesktopVaultChores:
    def __init__(
        self,
        session: VaultSession,
        settings: AppSettings,
        *,
        keyring_backend: KeyringBackend | None,
        on_restore: Callable[[Path], None],
    ) -> None:
        self._session = session
        self._settings = settings
        self._backend = keyring_backend
        self._on_restore = on_restore

    @property
    def demo(self) -> bool:
        return self._session.demo

    @property
    def vault_id(self) -> str:
        return self._session.unlocked.vault_id

    @property
    def _folder(self) -> Path:
        return self._session.folder

    def _record(self, action_name: str) -> None:
        from models.enums import AuditAction

        self._session.services.record(AuditAction(action_name), "vault")

    # -- keys ---------------------------------------------------------------------------------

    def change_passphrase(self, current: str, new: str) -> None:
        vault.change_passphrase(self._folder, current, new, keyring_backend=self._backend)
        self._record("passphrase_changed")

    def show_recovery_key(self, passphrase: str) -> str:
        key = key_management.show_recovery_key(
            self._folder, passphrase, keyring_backend=self._backend
        )
        self._record("recovery_key_shown")
        return key

    def replace_recovery_key(self, passphrase: str) -> str:
        key = key_management.replace_recovery_key(
            self._folder, passphrase, keyring_backend=self._backend
        )
        self._record("recovery_key_replaced")
        return key

    def rotate_database_key(self, passphrase: str) -> RotationOutcome:
        from desktop.backups import describe_backup
        from desktop.key_rotation import rotate_database_key

        result = rotate_database_key(
            self._session,
            passphrase,
            backup_folder=self._backup_path(),
            keyring_backend=self._backend,
        )
        return RotationOutcome(
            backup_label=describe_backup(result.backup),
            new_recovery_key=result.new_recovery_key,
            vault_id=self.vault_id,
        )

    # -- backups ------------------------------------------------------------------------------

    def _backup_path(self) -> Path:
        return backup_folder_for(self._settings, self._folder)

    def backup_folder(self) -> str:
        return str(self._backup_path())

    def set_backup_folder(self, folder: str) -> None:
        self._settings.backup_folder = folder

    def backup_now(self) -> str:
        from desktop.backups import describe_backup, take_backup

        info = take_backup(self._session.store, self._folder, self._backup_path(), reason="manual")
        self._record("backup")
        return describe_backup(info)

    def backups(self) -> list[BackupChoice]:
        from desktop.backups import describe_backup

        return [
            BackupChoice(label=describe_backup(info), path=str(info.path))
            for info in restorable_backups(self._settings, self._folder, self.vault_id)
        ]

    def request_restore(self, choice: BackupChoice) -> None:
        self._on_restore(Path(choice.path))
