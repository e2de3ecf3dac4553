"""Reading backups: list them, load one strictly, copy its database with a hash check, verify.

Nothing here writes to a backup: a backup's database is only ever opened read-only and
immutable (models.store.check_database_file), so checking a backup on a USB drive leaves it
byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from desktop.backup_errors import (
    BackupDamaged,
    BackupKeyDiffers,
    BackupNotFound,
)
from desktop.backup_manifest import (
    DATABASE_NAME,
    KEYS_NAME,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    SET_PREFIX,
    STAMP_FORMAT,
    Manifest,
    database_key_check,
    parse_manifest,
)
from desktop.envelope import Envelope, parse_envelope
from desktop.vault_errors import EnvelopeDamaged

__all__ = [
    "LEGACY_PREFIX",
    "LEGACY_REASON",
    "BackupInfo",
    "LoadedBackup",
    "check_database_copy",
    "copy_backup_database",
    "list_backups",
    "load_backup",
    "verify_backup",
]

LEGACY_PREFIX: Final = "waypost-"  # waypost-<stamp>.db: single-file backups of earlier versions
LEGACY_REASON: Final = "legacy"
_MAX_KEYS_BYTES: Final = 64 * 1024
_CHUNK: Final = 1 << 20

_UNREADABLE = (
    "This backup could not be read (the drive may have been removed, or the disk reported an "
    "error). Nothing was changed. Check the drive and try again, or choose another backup."
)
_KEYS_DAMAGED = (
    "This backup's key file (keys.json) is missing or damaged, so the backup cannot be "
    "restored. Nothing was changed. Choose another backup."
)
_DATABASE_CHANGED = (
    "This backup is damaged: its database is incomplete or has changed since the backup was "
    "taken, so it was not restored. Nothing was changed. Choose another backup."
)
_DATABASE_DAMAGED = (
    "This backup is damaged: its database failed its integrity check, so it was not "
    "restored. Nothing was changed. Choose another backup."
)
_LEGACY_DAMAGED = (
    "This older backup does not open with the vault's key: it is damaged, or it was taken "
    "before the vault's key was changed. Nothing was changed. Choose another backup."
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    vault_id: str | None  # None for a legacy single-file backup
    taken_at: datetime  # aware, UTC
    reason: str  # a manifest reason, or "legacy"
    database_bytes: int
    legacy: bool
    # The full manifest of a backup set (None for a legacy file).
    manifest: Manifest | None = None


@dataclass(frozen=True)
class LoadedBackup:
    """A backup whose manifest and key file were read and checked (not yet its database)."""

    info: BackupInfo
    database: Path
    keys_bytes: bytes | None  # None for a legacy file
    envelope: Envelope | None

    @property
    def manifest(self) -> Manifest | None:
        return self.info.manifest


def _read_limited(path: Path, limit: int) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BackupDamaged()
    return data


def _legacy_info(path: Path) -> BackupInfo:
    stat = path.stat()
    stamp = path.name.removeprefix(LEGACY_PREFIX).removesuffix(".db")
    try:
        taken_at = datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        taken_at = datetime.fromtimestamp(stat.st_mtime, UTC)
    return BackupInfo(path, None, taken_at, LEGACY_REASON, stat.st_size, legacy=True)


def _set_info(path: Path, manifest: Manifest) -> BackupInfo:
    return BackupInfo(
        path=path,
        vault_id=manifest.vault_id,
        taken_at=manifest.taken_at,
        reason=manifest.reason,
        database_bytes=manifest.database_bytes,
        legacy=False,
        manifest=manifest,
    )


def _is_legacy_name(name: str) -> bool:
    return name.startswith(LEGACY_PREFIX) and name.endswith(".db")


def list_backups(backup_folder: Path, vault_id: str | None = None) -> list[BackupInfo]:
    """Backups in a folder, newest first.

    With ``vault_id``, only that vault's backup sets (and any legacy single-file backups,
    which name no vault). A set whose manifest cannot be read is left out of the list but
    never removed: it may still be worth rescuing by hand.
    """
    try:
        entries = list(os.scandir(backup_folder))
    except OSError:
        return []
    found: list[BackupInfo] = []
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.name.startswith(SET_PREFIX) and entry.is_dir(follow_symlinks=False):
                manifest = parse_manifest(_read_limited(path / MANIFEST_NAME, MAX_MANIFEST_BYTES))
                if vault_id is None or manifest.vault_id == vault_id:
                    found.append(_set_info(path, manifest))
            elif _is_legacy_name(entry.name) and entry.is_file(follow_symlinks=False):
                found.append(_legacy_info(path))
        except (OSError, BackupDamaged):
            continue
    found.sort(key=lambda info: (info.taken_at, info.path.name), reverse=True)
    return found


def load_backup(backup: Path) -> LoadedBackup:
    """Read a backup's manifest and key file strictly; its database is only located."""
    try:
        if backup.is_dir():
            manifest_path = backup / MANIFEST_NAME
            if not manifest_path.exists() and not (backup / DATABASE_NAME).exists():
                raise BackupNotFound()
            manifest = parse_manifest(_read_limited(manifest_path, MAX_MANIFEST_BYTES))
            try:
                keys_bytes = _read_limited(backup / KEYS_NAME, _MAX_KEYS_BYTES)
                envelope = parse_envelope(keys_bytes)
            except (FileNotFoundError, BackupDamaged, EnvelopeDamaged):
                raise BackupDamaged(_KEYS_DAMAGED) from None
            if (
                envelope.vault_id != manifest.vault_id
                or hashlib.sha256(keys_bytes).hexdigest() != manifest.keys_sha256
            ):
                raise BackupDamaged(_KEYS_DAMAGED)
            database = backup / DATABASE_NAME
            if not database.is_file():
                raise BackupDamaged(_DATABASE_CHANGED)
            return LoadedBackup(_set_info(backup, manifest), database, keys_bytes, envelope)
        if backup.is_file() and _is_legacy_name(backup.name):
            return LoadedBackup(_legacy_info(backup), backup, None, None)
    except FileNotFoundError:
        raise BackupDamaged() from None
    except PermissionError:
        raise BackupDamaged(_UNREADABLE) from None
    except OSError:
        raise BackupDamaged(_UNREADABLE) from None
    raise BackupNotFound()


def _hash_database(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _check_key(loaded: LoadedBackup, database_key: bytes) -> None:
    manifest = loaded.manifest
    if manifest is not None and database_key_check(database_key, manifest.vault_id) != (
        manifest.key_check
    ):
        raise BackupKeyDiffers()


def check_database_copy(loaded: LoadedBackup, path: Path, database_key: bytes) -> None:
    """Both integrity checks on a database (the backup's, or a copy of it), read-only."""
    from models.errors import DatabaseDamaged
    from models.store import check_database_file

    _check_key(loaded, database_key)
    try:
        report = check_database_file(path, database_key)
    except DatabaseDamaged:
        report = None
    if report is None or not report.ok:
        raise BackupDamaged(_LEGACY_DAMAGED if loaded.info.legacy else _DATABASE_DAMAGED)


def verify_backup(backup: Path, database_key: bytes) -> None:
    """Check a backup without changing it: manifest, key file, size, SHA-256, both integrity
    checks. Raises ``BackupDamaged`` (or ``BackupKeyDiffers``/``BackupNotFound``)."""
    loaded = load_backup(backup)
    _check_key(loaded, database_key)
    manifest = loaded.manifest
    if manifest is not None:
        try:
            size, sha256 = _hash_database(loaded.database)
        except OSError:
            raise BackupDamaged(_UNREADABLE) from None
        if (size, sha256) != (manifest.database_bytes, manifest.database_sha256):
            raise BackupDamaged(_DATABASE_CHANGED)
    check_database_copy(loaded, loaded.database, database_key)


def copy_backup_database(loaded: LoadedBackup, target: Path) -> None:
    """Copy the backup's database to the new private file ``target``, fsynced, and check that
    the copy has the manifest's size and SHA-256. On any failure ``target`` is removed."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                source = open(loaded.database, "rb")  # noqa: SIM115 - read errors told apart
            except OSError:
                raise BackupDamaged(_UNREADABLE) from None
            with source:
                while True:
                    try:
                        chunk = source.read(_CHUNK)
                    except OSError:
                        raise BackupDamaged(_UNREADABLE) from None
                    if not chunk:
                        break
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        manifest = loaded.manifest
        if manifest is not None and (size, digest.hexdigest()) != (
            manifest.database_bytes,
            manifest.database_sha256,
        ):
            raise BackupDamaged(_DATABASE_CHANGED)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
