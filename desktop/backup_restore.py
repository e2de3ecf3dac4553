"""Restoring a backup: into this vault (keeping the replaced files aside), or on a new computer.

The order is what makes a restore safe: check the backup's manifest and key file, copy its
database next to the vault's (checking size and SHA-256 on the way), run both integrity checks
on the copy, and only then move the current files aside into ``replaced-<stamp>/`` and put the
copy in place. Any failure before that move leaves the vault byte-for-byte as it was and no
stray file behind. Replaced files are never deleted: only the navigator decides that.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from desktop.backup_errors import (
    BackupDamaged,
    BackupError,
    BackupKeyDiffers,
    BackupOfAnotherVault,
    RestoreFailed,
)
from desktop.backup_manifest import database_key_check
from desktop.backup_sets import (
    LoadedBackup,
    check_database_copy,
    copy_backup_database,
    load_backup,
    verify_backup,
)
from desktop.envelope import read_envelope
from desktop.files import atomic_write_bytes, ensure_private_dir, fsync_dir
from desktop.vault_errors import NoRecoveryKey, VaultAlreadyExists, VaultWriteFailed
from desktop.vault_layout import VaultPaths, vault_paths

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from desktop.vault import UnlockedVault

__all__ = ["restore_backup", "restore_to_new_computer"]

_FOLDER_HOLDS_A_VAULT: Final = (
    "This folder already holds a vault, so the backup was not restored into it. Nothing was "
    "changed. To restore over that vault, run waypost restore without a recovery key and give "
    "its passphrase; to restore on a new computer, choose an empty folder."
)
_LEGACY_NEEDS_KEYS: Final = (
    "This older backup has no key file, so it cannot be restored with the recovery key. "
    "Nothing was changed. Choose a newer backup (a waypost-backup-\u2026 folder)."
)
_KEYS_DO_NOT_FIT: Final = (
    "This backup's key file does not belong to its database, so the backup cannot be "
    "restored. Nothing was changed. Choose another backup."
)


def _stamp() -> str:
    # The random tail keeps two restores in the same second apart.
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


def _remove_quietly(*paths: Path) -> None:
    for path in paths:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()


def _database_files(paths: VaultPaths) -> list[Path]:
    return [p for p in (paths.database, paths.wal, paths.shm) if p.exists() or p.is_symlink()]


def _swap_in(
    paths: VaultPaths,
    candidate: Path,
    stamp: str,
    *,
    new_keys: bytes | None,
) -> Path:
    """Move the current database files (and keys.json) aside, put the candidate in place.

    With ``new_keys`` keys.json is replaced too (moved aside); without, it stays and a copy
    goes into the aside folder, so that folder is a whole vault that opens on its own.
    """
    aside = paths.folder / f"replaced-{stamp}"
    keys_candidate = paths.folder / f".restore-{stamp}.keys.json"
    moved: list[tuple[Path, Path]] = []
    try:
        aside.mkdir(mode=0o700)
        if os.name != "nt":
            os.chmod(aside, 0o700)
        if new_keys is not None:
            atomic_write_bytes(keys_candidate, new_keys, 0o600)
        if paths.keys.exists():
            if new_keys is None:
                atomic_write_bytes(aside / paths.keys.name, paths.keys.read_bytes(), 0o600)
            else:
                os.replace(paths.keys, aside / paths.keys.name)
                moved.append((paths.keys, aside / paths.keys.name))
        for current in _database_files(paths):
            os.replace(current, aside / current.name)
            moved.append((current, aside / current.name))
        os.replace(candidate, paths.database)
        if new_keys is not None:
            os.replace(keys_candidate, paths.keys)
        fsync_dir(aside)
        fsync_dir(paths.folder)
    except BaseException as error:
        # Put back whatever was moved, newest move first, and clear away what was added.
        if paths.database.exists() and not any(o == paths.database for o, _ in moved):
            with contextlib.suppress(OSError):
                os.replace(paths.database, candidate)
        for original, kept in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(kept, original)
        _remove_quietly(candidate, keys_candidate)
        with contextlib.suppress(OSError):
            (aside / paths.keys.name).unlink(missing_ok=True)
            aside.rmdir()
        if isinstance(error, OSError):
            raise RestoreFailed() from None
        raise
    return aside


def restore_backup(
    vault_folder: Path,
    backup: Path,
    *,
    database_key: bytes,
    backup_key: bytes | None = None,
) -> Path:
    """Replace the vault's database with a verified backup; return the aside folder.

    ``database_key`` is the vault's key as unlocked now. A backup taken before a key rotation
    is under an older key: pass that as ``backup_key`` (desktop/backups.py's callers get it
    from the backup's own keys.json), and the backup's keys.json is restored with it, since
    only that envelope wraps the older key. Otherwise the current keys.json stays, so the
    current passphrase and recovery sheet keep working.

    Refuses (``BackupOfAnotherVault``, ``BackupKeyDiffers``, ``BackupDamaged``) before
    anything is changed.
    """
    paths = vault_paths(vault_folder)
    current = read_envelope(paths)
    loaded = load_backup(backup)
    if loaded.envelope is not None and loaded.envelope.vault_id != current.vault_id:
        raise BackupOfAnotherVault()
    key = backup_key or database_key
    new_keys = loaded.keys_bytes if key != database_key else None
    if loaded.manifest is not None and database_key_check(key, current.vault_id) != (
        loaded.manifest.key_check
    ):
        raise BackupKeyDiffers()

    stamp = _stamp()
    candidate = paths.folder / f".restore-{stamp}.db"
    try:
        copy_backup_database(loaded, candidate)
        check_database_copy(loaded, candidate, key)
    except BaseException as error:
        _remove_quietly(candidate)
        if isinstance(error, OSError):
            raise RestoreFailed() from None
        raise
    return _swap_in(paths, candidate, stamp, new_keys=new_keys)


def _key_from_recovery(loaded: LoadedBackup, recovery_key: str) -> bytes:
    """K of the backup, unwrapped from its own keys.json with the recovery key."""
    from desktop.key_wrapping import PURPOSE_RECOVERY, hkdf, unwrap
    from desktop.recovery_key import parse_recovery_key
    from desktop.vault_errors import WrongRecoveryKey

    env, manifest = loaded.envelope, loaded.manifest
    assert env is not None and manifest is not None
    if env.demo or env.recovery is None:
        raise NoRecoveryKey()
    wrapping = hkdf(parse_recovery_key(recovery_key), env.vault_id, PURPOSE_RECOVERY)
    wrapped = [env.recovery]
    if env.pending is not None and env.pending.recovery is not None:
        wrapped.append(env.pending.recovery)  # a rotation was under way when it was taken
    keys = [k for w in wrapped if (k := unwrap(wrapping, w, env.vault_id, PURPOSE_RECOVERY))]
    if not keys:
        raise WrongRecoveryKey()
    for key in keys:
        if database_key_check(key, env.vault_id) == manifest.key_check:
            return key
    raise BackupDamaged(_KEYS_DO_NOT_FIT)


def restore_to_new_computer(
    vault_folder: Path,
    backup: Path,
    recovery_key: str,
    new_passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
) -> UnlockedVault:
    """Make a vault in an empty (or missing) folder from a backup set, with the recovery key.

    K is unwrapped from the backup's keys.json with the recovery key and the whole backup is
    verified before anything is written (a wrong recovery key raises ``WrongRecoveryKey``
    and writes nothing). Then the database and keys.json are copied in (0700/0600) and
    ``vault.unlock_with_recovery_key`` gives this computer a new device secret and the new
    passphrase. A database file left in the folder without a keys.json is moved aside first.
    """
    from desktop import vault
    from desktop.key_wrapping import check_new_passphrase

    paths = vault_paths(vault_folder)
    if paths.keys.exists() or paths.keys.is_symlink():
        raise VaultAlreadyExists(_FOLDER_HOLDS_A_VAULT)
    loaded = load_backup(backup)
    if loaded.info.legacy:
        raise BackupError(_LEGACY_NEEDS_KEYS)
    check_new_passphrase(new_passphrase)
    key = _key_from_recovery(loaded, recovery_key)
    verify_backup(backup, key)
    assert loaded.keys_bytes is not None

    created = not paths.folder.exists()
    try:
        ensure_private_dir(paths.folder)
    except OSError:
        raise VaultWriteFailed(
            "Waypost could not create the vault folder, or make it private to you. Nothing "
            "was restored. Choose another folder and try again."
        ) from None
    stamp = _stamp()
    candidate = paths.folder / f".restore-{stamp}.db"
    placed = False
    try:
        copy_backup_database(loaded, candidate)
        if _database_files(paths):
            _swap_in(paths, candidate, stamp, new_keys=None)
        else:
            os.replace(candidate, paths.database)
        placed = True
        # keys.json last: until it is in place the folder is not a vault, and a second try
        # starts over cleanly.
        atomic_write_bytes(paths.keys, loaded.keys_bytes, 0o600)
    except BaseException as error:
        _remove_quietly(candidate)
        if placed and not paths.keys.exists():
            _remove_quietly(paths.database)  # our copy; anything that was there is aside
        if created:
            with contextlib.suppress(OSError):
                paths.folder.rmdir()  # only if empty
        if isinstance(error, OSError):
            raise RestoreFailed(
                "Waypost could not write the restored vault (the disk may be full or "
                "read-only). Nothing was restored. Free some space or choose another folder."
            ) from None
        raise
    return vault.unlock_with_recovery_key(
        paths.folder, recovery_key, new_passphrase, keyring_backend=keyring_backend
    )
