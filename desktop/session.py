"""An unlocked vault: the key envelope opened, the database opened and migrated, services bound.

This is the one place that joins desktop/vault.py (keys) and models/store.py (database), so the
command line and the GUI unlock in exactly the same way.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import vault
from desktop.paths import DEMO_PASSPHRASE as DEMO_PASSPHRASE

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from desktop.database_seal import DigestInAdvance
    from models.services.facade import Services
    from models.store import Store

log = logging.getLogger(__name__)

DEMO_CASES = 250
DEMO_SEED = 2026


class VaultDatabaseDamaged(Exception):
    """The key was right but the database failed to open or failed its integrity check.

    Carries the unlocked envelope so a backup can be verified and restored without asking for
    the passphrase again; the key is never shown in its text.
    """

    def __init__(self, unlocked: vault.UnlockedVault, user_message: str) -> None:
        super().__init__(user_message)
        self.unlocked = unlocked
        self.user_message = user_message


# Failures that are an unlock attempt by someone at the keyboard (audited after the next unlock).
_ATTEMPT_FAILURES = (vault.WrongPassphrase, vault.WrongRecoveryKey)


def current_user() -> str:
    """The navigator's login name, recorded as the acting user in the audit log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers): still audit something
        return "navigator"


@dataclass
class VaultSession:
    unlocked: vault.UnlockedVault
    store: Store
    services: Services
    folder: Path = field(init=False)

    def __post_init__(self) -> None:
        self.folder = self.unlocked.folder

    @property
    def demo(self) -> bool:
        return self.unlocked.demo

    def close(self) -> None:
        """Lock: audit it, close the database, and seal the file as left (so the next unlock
        can skip the full check if not one byte changes meanwhile). The key goes with this
        object."""
        from desktop.database_seal import write_seal
        from models.enums import AuditAction

        sealable = False
        try:
            self.services.record(AuditAction.LOCK, "vault")
            sealable = self.store.fold_write_ahead_log()
        finally:
            self.store.close()
        if sealable:
            write_seal(self.store.path, self.store.database_key)


def _open_database(
    unlocked: vault.UnlockedVault,
    *,
    create: bool,
    user: str,
    today: Callable[[], date],
    advance: DigestInAdvance | None = None,
) -> VaultSession:
    from desktop.database_seal import remove_seal, seal_matches
    from desktop.key_rotation import open_settling_rotation
    from models.enums import AuditAction
    from models.errors import DatabaseDamaged
    from models.services.context import ServiceContext
    from models.services.facade import Services
    from models.store import open_store

    paths = vault.vault_paths(unlocked.folder)

    def back_up_before_migration(store: Store) -> object:
        # A full backup set (database and keys.json) in the vault's own backups folder.
        from desktop.backups import default_backup_folder, take_backup

        folder = default_backup_folder(unlocked.folder)
        return take_backup(store, unlocked.folder, folder, reason="migration")

    def open_with(key: bytes) -> Store:
        # The full check is skipped only for the very file sealed at the last clean lock.
        unchanged = not create and seal_matches(paths.database, key, advance)
        return open_store(
            paths.database,
            key,
            create=create,
            before_migration=back_up_before_migration,
            verify=not unchanged,
        )

    try:
        # K, or K' if a key rotation was interrupted (keys.json then holds both).
        store, unlocked = open_settling_rotation(
            unlocked, open_with, lambda error: isinstance(error, DatabaseDamaged)
        )
    except DatabaseDamaged as error:
        raise VaultDatabaseDamaged(unlocked, error.user_message) from error
    finally:
        if advance is not None:
            advance.cancel()  # unused when there was no seal: stop reading the file
    try:
        # From here the file changes; only a clean lock seals it again, so after a crash the
        # next unlock runs the full check.
        remove_seal(paths.database)
        services = Services(ServiceContext(store=store, user=user, today=today))
        if create:
            services.record(AuditAction.VAULT_CREATED, "vault")
        else:
            if store.pre_migration_backup is not None:
                services.record(AuditAction.BACKUP, "vault")
            if store.applied_migrations:
                services.record(AuditAction.MIGRATE, "vault")
        attempts = vault.take_failed_unlocks(unlocked.folder)
        if attempts:
            services.record_failed_unlocks(at for at, _reason in attempts)
        services.record(AuditAction.UNLOCK, "vault")
    except BaseException:
        store.close()
        raise
    return VaultSession(unlocked, store, services)


def unlock_session(
    folder: Path,
    passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    user: str | None = None,
    today: Callable[[], date] = date.today,
    on_key_derived: Callable[[], object] | None = None,
) -> VaultSession:
    """Unlock an existing vault. Raises a VaultError or a models WaypostError with a message.

    ``on_key_derived`` is called once the passphrase has been stretched, before the database
    is opened (`waypost bench` times the two parts of one unlock with it)."""
    from desktop.database_seal import DigestInAdvance, seal_path

    # Only worth reading ahead when a seal may spare the full check (without one, the check
    # reads the whole file straight after, and two readers would compete for the disk).
    database = vault.vault_paths(folder).database
    advance = DigestInAdvance(database) if seal_path(database).is_file() else None
    try:
        unlocked = vault.unlock(folder, passphrase, keyring_backend=keyring_backend)
    except BaseException as error:
        if advance is not None:
            advance.cancel()
        if isinstance(error, _ATTEMPT_FAILURES):
            vault.record_failed_unlock(folder, error.code)
        raise
    if on_key_derived is not None:
        on_key_derived()
    return _open_database(
        unlocked, create=False, user=user or current_user(), today=today, advance=advance
    )


def recover_session(
    folder: Path,
    recovery_key: str,
    new_passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> VaultSession:
    """Open with the recovery key on a new computer (or after the keyring was lost)."""
    try:
        unlocked = vault.unlock_with_recovery_key(
            folder, recovery_key, new_passphrase, keyring_backend=keyring_backend
        )
    except _ATTEMPT_FAILURES as error:
        vault.record_failed_unlock(folder, error.code)
        raise
    return _open_database(unlocked, create=False, user=user or current_user(), today=today)


def create_session(
    folder: Path,
    passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    demo: bool = False,
    kdf: vault.KdfParams | None = None,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> tuple[VaultSession, str]:
    """Create a new vault (envelope and database); returns the session and the recovery key."""
    unlocked, recovery_key = vault.create_vault(
        folder,
        passphrase,
        keyring_backend=keyring_backend,
        demo=demo,
        kdf=kdf or vault.KdfParams(),
    )
    session = _open_database(unlocked, create=True, user=user or current_user(), today=today)
    return session, recovery_key


def _audit_restore(session: VaultSession) -> VaultSession:
    from models.enums import AuditAction

    try:
        session.services.record(AuditAction.RESTORE, "vault")
    except BaseException:
        session.store.close()
        raise
    return session


def restore_backup_and_open(
    unlocked: vault.UnlockedVault,
    backup: Path,
    *,
    backup_key: bytes | None = None,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> tuple[VaultSession, Path]:
    """Replace the database with a verified backup, open it and audit the restore.

    Returns the session and the folder holding the replaced files. ``backup_key``: the key of
    a backup taken before a key rotation (see desktop.backups.restore_backup).
    """
    from dataclasses import replace

    from desktop.backups import restore_backup

    aside = restore_backup(
        unlocked.folder, backup, database_key=unlocked.database_key, backup_key=backup_key
    )
    if backup_key is not None and backup_key != unlocked.database_key:
        unlocked = replace(unlocked, database_key=backup_key)
    session = _open_database(unlocked, create=False, user=user or current_user(), today=today)
    return _audit_restore(session), aside


def restore_and_open(
    unlocked: vault.UnlockedVault,
    backup: Path,
    *,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> VaultSession:
    """Replace a damaged database with a verified backup, then open it (the GUI's path)."""
    session, _aside = restore_backup_and_open(unlocked, backup, user=user, today=today)
    return session


def restore_on_new_computer(
    folder: Path,
    backup: Path,
    recovery_key: str,
    new_passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> VaultSession:
    """Make a vault in an empty folder from a backup set with the recovery key, and open it."""
    from desktop.backups import restore_to_new_computer

    unlocked = restore_to_new_computer(
        folder, backup, recovery_key, new_passphrase, keyring_backend=keyring_backend
    )
    session = _open_database(unlocked, create=False, user=user or current_user(), today=today)
    return _audit_restore(session)


def open_demo_session(
    folder: Path,
    passphrase: str = DEMO_PASSPHRASE,
    *,
    cases: int = DEMO_CASES,
    today: Callable[[], date] = date.today,
) -> VaultSession:
    """The demo vault: created and filled with synthetic cases on first use, then reused.

    It holds synthetic data only, so its envelope uses the passphrase alone and works where no
    keyring exists. A real vault never does.
    """
    if vault.vault_exists(folder):
        session = unlock_session(folder, passphrase, today=today)
    elif passphrase != DEMO_PASSPHRASE:
        raise vault.WrongPassphrase()
    else:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        session, _ = create_session(folder, DEMO_PASSPHRASE, demo=True, today=today)
    # Also covers a first run that was interrupted before the cases were written.
    if session.demo and session.services.count_cases() == 0:
        from models.services.demo import populate_demo

        populate_demo(session.services.ctx, cases=cases, seed=DEMO_SEED)
    return session
