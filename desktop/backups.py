"""Backups of a vault: self-contained, encrypted backup sets, kept under a retention scheme.

A backup set is a folder ``waypost-backup-<UTC stamp>`` inside the backup folder (by default
``<vault>/backups``; it may be on an encrypted USB drive) holding:

- ``waypost.db``: an encrypted copy of the database (``sqlcipher_export``, same key K);
- ``keys.json``: the vault's key envelope as it was, so the set restores on a new computer
  with the recovery key, and a set taken before a key rotation still opens;
- ``manifest.json``: what the set is (desktop/backup_manifest.py); no personal data, no paths.

A set is written as a dot-prefixed partial folder (0700, files 0600, each fsynced), renamed
into place, and the backup folder fsynced: a crash leaves either no set or a whole one. A
failure removes the partial folder and raises ``BackupFailed``; the vault is never touched.
After each backup the retention scheme (models/rules/backup_retention.py) prunes this vault's
older sets in that folder, and nothing else.

This module is the public face: reading (desktop/backup_sets.py) and restoring
(desktop/backup_restore.py) are re-exported from here.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

from desktop.backup_errors import BackupFailed, BackupFolderUnavailable
from desktop.backup_manifest import (
    DATABASE_NAME,
    KEYS_NAME,
    MANIFEST_NAME,
    REASONS,
    Manifest,
    database_key_check,
    manifest_json,
    set_name,
)
from desktop.backup_restore import restore_backup, restore_to_new_computer
from desktop.backup_sets import LEGACY_REASON, BackupInfo, list_backups, verify_backup
from desktop.envelope import read_envelope
from desktop.files import fsync_dir
from desktop.vault_layout import vault_paths
from models.rules.backup_retention import DAILY, MONTHLY, WEEKLY, backups_to_keep

if TYPE_CHECKING:
    from models.store import Store

__all__ = [
    "BackupInfo",
    "apply_retention",
    "backup_if_changed",
    "default_backup_folder",
    "describe_backup",
    "format_size",
    "list_backups",
    "restore_backup",
    "restore_to_new_computer",
    "take_backup",
    "verify_backup",
]

log = logging.getLogger(__name__)

_O_BINARY: Final = getattr(os, "O_BINARY", 0)

_DISK_FULL = (
    "The backup folder's disk is full. Nothing was backed up; your vault is unchanged. Free "
    "some space or choose another backup folder, then try again."
)
_FOLDER_GONE = (
    "The backup folder disappeared while the backup was being written (was the USB drive "
    "removed?). Nothing was backed up; your vault is unchanged. Plug the drive in again and "
    "try again."
)
_NOT_WRITABLE = (
    "Waypost may not write to the backup folder (it is read-only, or belongs to another "
    "user). Nothing was backed up; your vault is unchanged. Choose another backup folder."
)
_NOT_A_FOLDER = (
    "The backup folder is a file, not a folder. Nothing was backed up; your vault is "
    "unchanged. Choose another backup folder."
)
_COPY_FAILED_CHECK = (
    "The new backup failed its own check, so it was not kept (the backup drive may be "
    "faulty). Nothing was backed up; your vault is unchanged. Try again or use another drive."
)


def default_backup_folder(vault_folder: Path) -> Path:
    """``<vault>/backups``."""
    return vault_paths(vault_folder).backups


# Writing ----------------------------------------------------------------------------------


def _message_for(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _DISK_FULL
    if error.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return _FOLDER_GONE
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _NOT_WRITABLE
    return BackupFailed.default_message


def _write_private_file(path: Path, data: bytes) -> None:
    """Write a new file with mode 0600 and fsync it. (Tests make this fail: a full disk.)"""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _prepare_folder(backup_folder: Path) -> Path:
    """The backup folder, created (0700) if missing; its parent must exist (a USB drive)."""
    if backup_folder.is_dir():
        return backup_folder
    if backup_folder.exists():
        raise BackupFailed(_NOT_A_FOLDER)
    if not backup_folder.parent.is_dir():
        raise BackupFolderUnavailable()
    try:
        backup_folder.mkdir(mode=0o700)
        if os.name != "nt":
            os.chmod(backup_folder, 0o700)  # mkdir's mode is filtered by the umask
        fsync_dir(backup_folder.parent)
    except FileExistsError:
        pass  # made meanwhile (a `waypost backup` run at the same moment): just as good
    except OSError as error:
        raise BackupFailed(_message_for(error)) from None
    return backup_folder


def _free_name(folder: Path, taken_at: datetime) -> tuple[str, datetime]:
    # Two backups in one microsecond (a test, or a clock that stepped back): the next one.
    while any(
        (folder / name).exists() for name in (set_name(taken_at), f".{set_name(taken_at)}.partial")
    ):
        taken_at += timedelta(microseconds=1)
    return set_name(taken_at), taken_at


def _read_keys(vault_folder: Path) -> tuple[bytes, str]:
    """keys.json's bytes and the vault's ID, read once so the copy and the ID agree."""
    from desktop.envelope import parse_envelope

    paths = vault_paths(vault_folder)
    read_envelope(paths)  # the envelope's own, precise errors (missing, unreadable, damaged)
    try:
        data = paths.keys.read_bytes()
    except OSError:
        raise BackupFailed(
            "Waypost could not read the vault's key file to back it up. Nothing was backed "
            "up; your vault is unchanged."
        ) from None
    return data, parse_envelope(data).vault_id


def _write_set(store: Store, partial: Path, keys: bytes, manifest: Manifest) -> Manifest:
    """Fill the partial folder; return the manifest completed with the database's hash."""
    partial.mkdir(mode=0o700)
    if os.name != "nt":
        os.chmod(partial, 0o700)
    database = partial / DATABASE_NAME
    store.export_copy(database)
    digest = hashlib.sha256()
    with open(database, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    manifest = replace(
        manifest,
        database_bytes=database.stat().st_size,
        database_sha256=digest.hexdigest(),
        keys_sha256=hashlib.sha256(keys).hexdigest(),
    )
    _write_private_file(partial / KEYS_NAME, keys)
    _write_private_file(partial / MANIFEST_NAME, manifest_json(manifest))
    fsync_dir(partial)
    return manifest


def _check_new_copy(database: Path, key: bytes) -> None:
    """A backup that fails its own check is worth nothing: check it before keeping it."""
    from models.errors import DatabaseDamaged
    from models.store import check_database_file

    try:
        ok = check_database_file(database, key).ok
    except DatabaseDamaged:
        ok = False
    if not ok:
        raise BackupFailed(_COPY_FAILED_CHECK)


def take_backup(
    store: Store,
    vault_folder: Path,
    backup_folder: Path,
    *,
    reason: str,
    now: datetime | None = None,
) -> BackupInfo:
    """Write a backup set of the open vault into ``backup_folder``, then apply retention.

    Raises ``BackupFolderUnavailable`` when the folder's parent is missing (an unplugged USB
    drive), ``BackupFailed`` when writing fails (the partial set is removed), and the vault's
    own errors when keys.json cannot be read. Never writes to the vault folder's files.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    from models.migrations import runner
    from models.services.backup_marker import last_change

    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    keys, vault_id = _read_keys(vault_folder)
    folder = _prepare_folder(backup_folder)
    # Read before the copy is made: a change made during the copy then shows as a change.
    marker = last_change(store)
    name, taken_at = _free_name(folder, (now or datetime.now(UTC)).astimezone(UTC))
    partial, final = folder / f".{name}.partial", folder / name
    manifest = Manifest(
        vault_id=vault_id,
        taken_at=taken_at,
        reason=reason,
        database_bytes=0,
        database_sha256="",
        keys_sha256="",
        last_change_id=marker.entry_id,
        last_change_hash=marker.entry_hash,
        schema_revision=runner.current_revision(store.engine),
        key_check=database_key_check(store.database_key, vault_id),
    )
    try:
        manifest = _write_set(store, partial, keys, manifest)
        _check_new_copy(partial / DATABASE_NAME, store.database_key)
        os.rename(partial, final)
        fsync_dir(folder)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError):
            raise BackupFailed(_message_for(error)) from None
        if isinstance(error, sqlcipher.Error):
            # SQLite says "database or disk is full"; its other messages may name the path.
            full = "full" in str(error).lower()
            raise BackupFailed(_DISK_FULL if full else BackupFailed.default_message) from None
        raise
    log.info("backup set written (%s)", reason)
    try:
        apply_retention(folder, vault_id, protect=final)
    except Exception as error:  # retention is housekeeping: it must not fail the backup
        log.warning("backup retention failed: %s", type(error).__name__)
    return BackupInfo(final, vault_id, taken_at, reason, manifest.database_bytes, False, manifest)


def backup_if_changed(
    store: Store, vault_folder: Path, backup_folder: Path, *, now: datetime | None = None
) -> BackupInfo | None:
    """Take an "unlock" backup unless this vault's newest set in the folder is up to date.

    Up to date = its manifest names the same last change (audit row id and chain hash) as the
    vault has now. Raises like ``take_backup`` (say, the USB drive is not plugged in).
    """
    from models.services.backup_marker import last_change

    _keys, vault_id = _read_keys(vault_folder)
    marker = last_change(store)
    newest = next((b for b in list_backups(backup_folder, vault_id) if not b.legacy), None)
    if newest is not None and newest.manifest is not None:
        seen = (newest.manifest.last_change_id, newest.manifest.last_change_hash)
        if seen == (marker.entry_id, marker.entry_hash):
            return None
    return take_backup(store, vault_folder, backup_folder, reason="unlock", now=now)


# Retention --------------------------------------------------------------------------------


def _remove_set(path: Path) -> None:
    # Renamed first, so a crash half-way through leaves a dot-folder that listings ignore,
    # never a backup that looks whole but is not.
    doomed = path.with_name(f".{path.name}.deleting")
    os.rename(path, doomed)
    shutil.rmtree(doomed)


def apply_retention(
    backup_folder: Path,
    vault_id: str,
    *,
    protect: Path | None = None,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> list[Path]:
    """Remove this vault's backup sets that the retention scheme does not keep.

    Only sets whose manifest names ``vault_id`` are considered: legacy single-file backups,
    damaged sets, other vaults' sets and anything else in the folder are never touched, nor
    is ``protect`` (the set just taken). Returns the removed sets' paths.
    """
    sets = [b for b in list_backups(backup_folder, vault_id) if not b.legacy]
    keep = backups_to_keep([b.taken_at for b in sets], daily=daily, weekly=weekly, monthly=monthly)
    removed: list[Path] = []
    for backup in sets:
        if backup.taken_at in keep or backup.path == protect:
            continue
        try:
            _remove_set(backup.path)
        except OSError as error:
            log.warning("could not remove an old backup set: %s", type(error).__name__)
            continue
        removed.append(backup.path)
    if removed:
        with contextlib.suppress(OSError):
            fsync_dir(backup_folder)
    return removed


# Showing ----------------------------------------------------------------------------------

_REASON_LABELS: Final = {
    "unlock": "automatic",
    "manual": "manual",
    "migration": "before migration",
    "key_rotation": "before key change",
    "before_restore": "before restore",
    LEGACY_REASON: "older backup",
}


def format_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def describe_backup(info: BackupInfo) -> str:
    """ "26 Nov 2026 07:12 \u2014 before migration, 12.3 MB", in this computer's local time."""
    local = info.taken_at.astimezone()
    when = f"{local.day} {local:%b %Y %H:%M}"
    reason = _REASON_LABELS.get(info.reason, info.reason)
    return f"{when} \u2014 {reason}, {format_size(info.database_bytes)}"
