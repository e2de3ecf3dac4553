"""One process at a time per vault: an operating-system lock on ``<vault>/.waypost.lock``.

The lock is an advisory lock that the operating system drops when the file is closed or the
process ends in any way, a crash or SIGKILL included, so it can never go stale. (A lock file
whose mere existence means "in use" would need a person to delete it after a crash.)

- POSIX: ``flock(LOCK_EX | LOCK_NB)``. flock locks belong to the open file description, so a
  second ``VaultLock`` in the *same* process conflicts too, exactly as another process would.
- Windows: ``msvcrt.locking`` on byte 0, non-blocking.

The lock file holds nothing (no process ID, no user name): it exists only to be locked, and it
is never deleted, because deleting it would let a later process lock a fresh file while an
earlier one still holds the old one.

Who takes it: the GUI, for as long as it uses a vault, and commands that replace or rewrite
the vault (restore, key rotation). Ordinary command-line reads and writes do not: SQLite already
serialises writers (``BEGIN IMMEDIATE``).

    with VaultLock.acquire(folder):   # raises VaultInUse if the GUI has the vault open
        ...replace the database...
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from types import TracebackType

from desktop.vault_errors import VaultError, VaultNotFound

__all__ = ["LOCK_FILE_NAME", "VaultInUse", "VaultLock", "VaultLockFailed"]

LOCK_FILE_NAME = ".waypost.lock"

# O_NOFOLLOW: a symlink planted at the lock file's name must not make Waypost create or lock a
# file somewhere else. O_BINARY: Windows would otherwise open in text mode.
_OPEN_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_BUSY_ERRNOS = frozenset({errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK})


class VaultInUse(VaultError):
    code = "vault_in_use"
    default_message = (
        "This vault is already open in another Waypost window. Switch to that window; if you "
        "cannot find it, or a `waypost` command is working on the vault (a restore, for "
        "example), wait for it to finish and try again. Nothing was changed."
    )


class VaultLockFailed(VaultError):
    code = "vault_lock_failed"
    default_message = (
        "Waypost could not create its lock file in the vault folder, so it cannot make sure no "
        "other Waypost is using the vault. Check that the folder is available, writable and "
        "yours. Nothing was changed."
    )


class VaultLock:
    """An exclusive lock on one vault folder, held until ``release`` or the process ends."""

    def __init__(self, folder: Path, fd: int) -> None:
        self.folder = folder
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: str | os.PathLike[str]) -> VaultLock:
        """Lock the vault in ``folder`` without waiting.

        Raises ``VaultInUse`` if another ``VaultLock`` (in this or another process) holds it,
        ``VaultNotFound`` if the folder does not exist, and ``VaultLockFailed`` if the lock file
        cannot be created (a read-only disk, a symlink at its name).
        """
        root = Path(folder)
        if not root.is_dir():
            raise VaultNotFound()
        try:
            fd = os.open(root / LOCK_FILE_NAME, _OPEN_FLAGS, 0o600)
        except OSError:
            raise VaultLockFailed() from None
        try:
            _lock(fd)
        except BlockingIOError:
            os.close(fd)
            raise VaultInUse() from None
        except OSError as error:
            os.close(fd)
            if error.errno in _BUSY_ERRNOS:
                raise VaultInUse() from None
            raise VaultLockFailed() from None
        return cls(root, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up. Safe to call more than once."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Closing the file drops the lock on every platform; unlocking first is for Windows,
        # which documents that a lock left at close is released "eventually".
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> VaultLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        # A lock whose owner was forgotten must not keep the vault shut until the process ends.
        with contextlib.suppress(Exception):
            self.release()

    def __repr__(self) -> str:  # no path: it can contain the user's name
        return f"<VaultLock held={self.held}>"


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        # Locking past the end of a file is allowed, so the empty lock file needs no content.
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
