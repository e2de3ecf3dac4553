"""Rotating the database key K with PRAGMA rekey, without ever risking a lock-out.

The order is what makes it safe at every instant (DESIGN.md section 3):

1. an encrypted backup is taken under the current K;
2. keys.json is rewritten to hold K *and* the new key K' (a pending rotation);
3. the database is re-encrypted under K' (one SQLite transaction);
4. keys.json is rewritten to hold K' only.

A crash after 2 leaves both keys in keys.json, and the next unlock opens the database with
whichever key it is under and settles keys.json (``open_settling_rotation``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop import key_management, vault

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from desktop.backups import BackupInfo
    from desktop.session import VaultSession

__all__ = ["RotationResult", "open_settling_rotation", "rotate_database_key"]

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RotationResult:
    backup: BackupInfo
    # A new recovery key when the vault had no stored copy of the old one: print a new sheet.
    new_recovery_key: str = field(default="", repr=False)


def rotate_database_key(
    session: VaultSession,
    passphrase: str,
    *,
    backup_folder: Path,
    keyring_backend: KeyringBackend | None = None,
) -> RotationResult:
    """Re-encrypt the open vault under a new random key; audited as KEY_ROTATED."""
    from desktop.backups import take_backup
    from models.enums import AuditAction
    from models.store import key_opens

    folder = session.folder
    # Prove the passphrase (once: Argon2 is slow) before the backup, so a typo fails at once.
    opened = vault.open_envelope(folder, passphrase, keyring_backend=keyring_backend)
    key_management.check_rotation_key(opened, session.unlocked.database_key)
    backup = take_backup(session.store, folder, backup_folder, reason="key_rotation")
    start = key_management.begin_rotation(opened, session.unlocked.database_key)
    try:
        session.store.rekey(start.new_key)
    except BaseException:
        database = vault.vault_paths(folder).database
        if key_opens(database, start.current_key):
            key_management.cancel_rotation(folder)
        elif key_opens(database, start.new_key):
            key_management.settle_rotation(
                folder, pending_key=start.new_key, working_key=start.new_key
            )
            session.unlocked = replace(session.unlocked, database_key=start.new_key)
        # Neither: keys.json keeps both keys, so whatever the file is under stays reachable.
        raise
    session.unlocked = replace(session.unlocked, database_key=start.new_key, pending_key=None)
    # If this write fails, keys.json still holds both keys and the next unlock settles it.
    key_management.settle_rotation(folder, pending_key=start.new_key, working_key=start.new_key)
    session.services.record(AuditAction.KEY_ROTATED, "vault")
    log.info("database key rotated")
    return RotationResult(backup=backup, new_recovery_key=start.new_recovery_key)


def open_settling_rotation(
    unlocked: vault.UnlockedVault,
    open_with: Callable[[bytes], T],
    is_undecryptable: Callable[[BaseException], bool],
) -> tuple[T, vault.UnlockedVault]:
    """Open the database with K, or with K' if a rotation was interrupted; settle keys.json.

    ``open_with(key)`` opens the database; ``is_undecryptable(error)`` says whether its error
    means "not under this key" (so K' is worth trying). Returns what ``open_with`` returned
    and the unlocked vault with the key that worked.
    """
    pending = unlocked.pending_key
    try:
        opened = open_with(unlocked.database_key)
        working = unlocked.database_key
    except BaseException as error:
        if pending is None or not is_undecryptable(error):
            raise
        opened = open_with(pending)
        working = pending
    if pending is not None:
        key_management.settle_rotation(unlocked.folder, pending_key=pending, working_key=working)
        log.info("an interrupted key rotation was settled")
    return opened, replace(unlocked, database_key=working, pending_key=None)
