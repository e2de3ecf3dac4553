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

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from models.services.facade import Services
    from models.store import Store

log = logging.getLogger(__name__)

DEMO_PASSPHRASE = "waypost-demo"
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
        """Lock: audit it, then close the database. The key goes with this object."""
        from models.enums import AuditAction

        try:
            self.services.record(AuditAction.LOCK, "vault")
        finally:
            self.store.close()


def _open_database(
    unlocked: vault.UnlockedVault,
    *,
    create: bool,
    user: str,
    today: Callable[[], date],
) -> VaultSession:
    from models.enums import AuditAction
    from models.errors import DatabaseDamaged
    from models.services.context import ServiceContext
    from models.services.facade import Services
    from models.store import open_store

    paths = vault.vault_paths(unlocked.folder)
    try:
        store = open_store(
            paths.database, unlocked.database_key, create=create, backup_dir=paths.backups
        )
    except DatabaseDamaged as error:
        raise VaultDatabaseDamaged(unlocked, error.user_message) from error
    try:
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
) -> VaultSession:
    """Unlock an existing vault. Raises a VaultError or a models WaypostError with a message."""
    try:
        unlocked = vault.unlock(folder, passphrase, keyring_backend=keyring_backend)
    except _ATTEMPT_FAILURES as error:
        vault.record_failed_unlock(folder, error.code)
        raise
    return _open_database(unlocked, create=False, user=user or current_user(), today=today)


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


def restore_and_open(
    unlocked: vault.UnlockedVault,
    backup: Path,
    *,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> VaultSession:
    """Replace a damaged database with a verified backup, then open it."""
    from models.store import restore_backup

    paths = vault.vault_paths(unlocked.folder)
    restore_backup(backup, paths.database, unlocked.database_key)
    return _open_database(unlocked, create=False, user=user or current_user(), today=today)


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
