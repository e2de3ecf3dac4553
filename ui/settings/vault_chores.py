"""What the Settings page may ask of the open vault, as plain Python types.

The UI must not import desktop/ (the composition root), so the controller hands the page an
object with these methods. Every method except the backup folder's getter and setter and
``request_restore`` blocks (Argon2, a backup, a rekey) and is run on the database worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["BackupChoice", "RotationOutcome", "VaultChores"]


@dataclass(frozen=True)
class BackupChoice:
    label: str  # "26 Nov 2026 07:12 · at unlock · 12.3 MB": no personal data, no path
    path: str


@dataclass(frozen=True)
class RotationOutcome:
    backup_label: str
    # A new recovery key when the vault had no stored copy of the old one; else "".
    new_recovery_key: str
    vault_id: str


class VaultChores(Protocol):
    @property
    def demo(self) -> bool: ...

    @property
    def vault_id(self) -> str: ...

    def change_passphrase(self, current: str, new: str) -> None: ...

    def show_recovery_key(self, passphrase: str) -> str: ...

    def replace_recovery_key(self, passphrase: str) -> str: ...

    def rotate_database_key(self, passphrase: str) -> RotationOutcome: ...

    def backup_folder(self) -> str: ...

    def set_backup_folder(self, folder: str) -> None: ...

    def backup_now(self) -> str: ...

    def backups(self) -> list[BackupChoice]: ...

    def request_restore(self, choice: BackupChoice) -> None: ...
