"""Small, careful file helpers for vault files.

Everything here exists so that a crash, a full disk or a power cut never leaves a half-written
key envelope or log behind, and so that vault files are private to the user from the moment
they exist (never briefly world-readable).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

__all__ = ["atomic_write_bytes", "ensure_private_dir", "fsync_dir"]

# On Windows, os.open defaults to text mode, which would rewrite newline bytes.
_O_BINARY: int = getattr(os, "O_BINARY", 0)
# Refuse to follow a symlink planted at the temporary name (the name is random, and O_EXCL
# already refuses existing names; this is belt and braces where the platform supports it).
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Flush a directory entry to disk, so a rename inside it survives a power cut.

    Windows cannot open a directory for fsync; NTFS journals the rename itself, so this is a
    no-op there.
    """
    if os.name == "nt":
        return
    fd = os.open(os.fspath(path), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that readers see either the old or the new file, whole.

    The data go to a temporary file in the same directory (so the rename cannot cross file
    systems), created with ``mode`` from the start, flushed with fsync, renamed over the target
    with ``os.replace`` and then the directory itself is fsynced. If anything fails, the target
    is untouched and the temporary file is removed.
    """
    target = Path(path)
    directory = target.parent
    # A dot-prefixed random name: never collides with a real vault file, and a leftover from a
    # crash is recognisable (and ignored by everything that reads the vault).
    tmp = directory / f".{target.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOFOLLOW
    fd = os.open(tmp, flags, mode)
    try:
        try:
            # The umask may have removed bits from ``mode``; set it exactly.
            if os.name != "nt":
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(directory)


def ensure_private_dir(path: str | os.PathLike[str]) -> Path:
    """Make sure ``path`` is a directory only its owner can enter (mode 0700), and return it.

    Missing parents are created with the default mode (they are ordinary folders such as the
    platform's data folder); the directory itself is created with 0700, and an existing one is
    tightened to 0700 because it holds a vault. Raises ``NotADirectoryError`` if ``path`` exists
    and is not a directory, and ``OSError`` as usual otherwise.
    """
    directory = Path(path)
    if directory.is_symlink():
        # A symlinked vault folder could point anywhere, including a shared location.
        raise NotADirectoryError(f"refusing to use a symbolic link as a private folder: {path}")
    directory.parent.mkdir(parents=True, exist_ok=True)
    try:
        directory.mkdir(mode=0o700)
        created = True
    except FileExistsError:
        created = False
    if not directory.is_dir():
        raise NotADirectoryError(f"not a folder: {path}")
    if os.name != "nt":
        # mkdir's mode is filtered by the umask, and an existing folder may be too open.
        os.chmod(directory, 0o700)
    if created:
        fsync_dir(directory.parent)
    return directory
