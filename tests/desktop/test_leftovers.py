"""What a crash leaves behind (temporary files, partial backup sets) is tidied once it is old,
and nothing else is ever touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

from desktop.leftovers import MIN_AGE_SECONDS, remove_crash_leftovers


def _make(path: Path, *, folder: bool = False, age: float) -> Path:
    if folder:
        path.mkdir()
        (path / "waypost.db").write_bytes(b"partial")
    else:
        path.write_bytes(b"x")
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def test_old_leftovers_go_and_everything_else_stays(tmp_path: Path) -> None:
    vault, backups = tmp_path / "vault", tmp_path / "usb"
    vault.mkdir()
    backups.mkdir()
    old = MIN_AGE_SECONDS + 60
    doomed = [
        _make(vault / ".keys.json.0123456789abcdef.tmp", age=old),
        _make(vault / ".restore-20261126T081500Z-1a2b.db", age=old),
        _make(vault / ".restore-20261126T081500Z-1a2b.keys.json", age=old),
        _make(backups / ".waypost-backup-20261126T081500123456Z.partial", folder=True, age=old),
        _make(backups / ".waypost-backup-20261001T081500123456Z.deleting", folder=True, age=old),
    ]
    kept = [
        # A writer may still own a recent one.
        _make(vault / ".keys.json.fedcba9876543210.tmp", age=5),
        _make(backups / ".waypost-backup-20261126T091500123456Z.partial", folder=True, age=5),
        # Real files, and names that only look alike, are never touched however old.
        _make(vault / "keys.json", age=old),
        _make(vault / "waypost.db", age=old),
        _make(vault / ".keys.json.tmp", age=old),
        _make(vault / "notes.0123456789abcdef.tmp", age=old),
        _make(backups / "waypost-backup-20261126T081500123456Z", folder=True, age=old),
        _make(backups / ".waypost-backup-20261126T081500123456Z.partial.keep", age=old),
    ]
    # Partial sets belong in the backup folder only: the same name in the vault folder stays.
    kept.append(
        _make(vault / ".waypost-backup-20261126T081500123456Z.partial", folder=True, age=old)
    )

    assert remove_crash_leftovers(vault, backups) == len(doomed)
    assert [p for p in doomed if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert remove_crash_leftovers(vault, backups) == 0


def test_missing_folders_are_fine(tmp_path: Path) -> None:
    assert remove_crash_leftovers(tmp_path / "gone", tmp_path / "usb-not-plugged-in") == 0
