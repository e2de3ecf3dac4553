"""Tidy what a crash or power cut can leave behind: half-written temporary files.

Every writer in Waypost writes to a dot-prefixed temporary name first and renames it into
place, so a kill can leave such a file, never a half-written real one. They hold nothing that
is not elsewhere (an encrypted partial copy, an unfinished key file), are never read, and are
removed here once they are old enough that no running writer can still own them. Only names
of exactly those shapes are touched; nothing else in either folder ever is.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from pathlib import Path
from typing import Final

__all__ = ["remove_crash_leftovers"]

log = logging.getLogger(__name__)

# Older than this, no writer still owns it: the slowest write (a backup of a large vault)
# takes seconds to minutes.
MIN_AGE_SECONDS: Final = 3600

# desktop/files.py atomic writes: .keys.json.<16 hex>.tmp, .settings.json.<16 hex>.tmp, ...
_TEMP_FILE: Final = re.compile(r"^\.[A-Za-z0-9_.-]+\.[0-9a-f]{16}\.tmp$")
# desktop/backup_restore.py: the verified copy and key file waiting to be moved into place.
_RESTORE_CANDIDATE: Final = re.compile(
    r"^\.restore-\d{8}T\d{6}Z-[0-9a-f]{4}\.(db|db-wal|db-shm|db-journal|keys\.json)$"
)
# desktop/backups.py: a set still being written, or one being pruned.
_BACKUP_PARTIAL: Final = re.compile(r"^\.waypost-backup-[0-9TZ]+\.(partial|deleting)$")


def _old(path: Path, now: float) -> bool:
    try:
        return now - path.lstat().st_mtime >= MIN_AGE_SECONDS
    except OSError:
        return False


def remove_crash_leftovers(
    vault_folder: Path, backup_folder: Path | None = None, *, now: float | None = None
) -> int:
    """Remove old temporary leftovers from the vault folder and the backup folder; return how
    many. Failures are logged by kind only and never raised: tidying must not stop an unlock."""
    moment = time.time() if now is None else now
    removed = 0
    for folder, patterns in (
        (vault_folder, (_TEMP_FILE, _RESTORE_CANDIDATE)),
        (backup_folder, (_BACKUP_PARTIAL,)),
    ):
        if folder is None or not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not any(p.match(path.name) for p in patterns) or not _old(path, moment):
                continue
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed += 1
            except OSError as error:
                log.warning("could not remove a leftover temporary file (%s)", type(error).__name__)
    return removed
