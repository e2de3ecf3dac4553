"""Vault files are the owner's alone: find the ones other users could read, and fix them.

Everything in the vault folder (the database and its -wal/-shm files, keys.json, the failed
unlock log, backups, replaced copies kept after a restore) should be a folder with mode 0700
or a file with mode 0600, owned by the user running Waypost. The database is encrypted, but a
readable copy lets anyone with an account on the computer attack the passphrase offline, and
tells them that the vault exists.

Safety rules for the walk and the fix:

- Symbolic links inside the vault folder are reported and never followed or changed: a link
  could point anywhere, and "fixing" its target would change a file outside the vault. (The
  vault folder itself is taken as the user named it, link or not.)
- Every file is reached through its parent folder's open descriptor and opened with
  O_NOFOLLOW, and its identity is compared with what the walk saw, so swapping a file for a
  link between the check and the fix cannot redirect the chmod.
- Files that belong to another user are reported, not changed.
- Messages name paths relative to the vault folder only (an absolute path can contain the
  user's name).

On Windows, POSIX modes mean nothing: access is governed by ACLs, and the user's profile
folder, where the vault lives by default, is private to the user already. Both functions are
no-ops there (an empty list, zero fixed).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "PermissionProblem",
    "ProblemKind",
    "fix_and_record",
    "fix_permissions",
    "permission_problems",
]

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Any permission for the group or for others is too much.
_SHARED_BITS = 0o077

_DIR_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
# O_NONBLOCK: opening a FIFO someone left in the folder must not hang the unlock.
_FILE_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


class ProblemKind(StrEnum):
    TOO_OPEN = "too_open"
    SYMLINK = "symlink"
    OTHER_OWNER = "other_owner"
    NOT_A_FILE = "not_a_file"


@dataclass(frozen=True, slots=True)
class PermissionProblem:
    """One thing in the vault folder that is not private to the user."""

    path: str
    """Relative to the vault folder, with "/" separators; "." is the folder itself."""
    mode: int
    """The permission bits it has now."""
    wanted: int | None
    """The permission bits it should have; None if Waypost will not change it."""
    kind: ProblemKind

    @property
    def fixable(self) -> bool:
        return self.wanted is not None

    def describe(self) -> str:
        name = "the vault folder" if self.path == "." else self.path
        if self.kind is ProblemKind.SYMLINK:
            return (
                f"{name} is a symbolic link: Waypost does not follow or change it. Move the "
                "real file into the vault folder, or remove the link."
            )
        if self.kind is ProblemKind.OTHER_OWNER:
            return f"{name} belongs to another user account: only its owner can change it."
        if self.kind is ProblemKind.NOT_A_FILE:
            return f"{name} is not a file or a folder: Waypost leaves it alone."
        return f"{name}: permissions {self.mode:04o}, should be {self.wanted or 0:04o}"


def permission_problems(folder: str | os.PathLike[str]) -> list[PermissionProblem]:
    """Everything in the vault folder that another user could read or that is not a plain,
    owned file or folder. Empty when all is private (or on Windows, or with no folder)."""
    if os.name == "nt":
        return []
    return [problem for problem, _entry in _audit(Path(folder))]


def fix_permissions(folder: str | os.PathLike[str]) -> int:
    """Make every fixable problem private (folders 0700, files 0600); return how many changed.

    Symbolic links, other users' files and special files are skipped (they stay in
    ``permission_problems``). Nothing outside the vault folder is ever changed.
    """
    if os.name == "nt":
        return 0
    fixed = 0
    for problem, entry in _audit(Path(folder)):
        if problem.wanted is not None and _chmod_in_place(entry, problem.wanted):
            fixed += 1
    return fixed


def fix_and_record(folder: Path, services: Services) -> list[PermissionProblem]:
    """Fix what can be fixed, write it to the audit log, and return what is left (run this on
    the database worker: it writes an audit row)."""
    from models.enums import AuditAction

    if fix_permissions(folder):
        services.record(AuditAction.PERMISSIONS_FIXED, "vault")
    return permission_problems(folder)


# ---------------------------------------------------------------------------------------------
# The walk


@dataclass(frozen=True, slots=True)
class _Entry:
    """Something found in the walk, and how to reach it again without following links."""

    parent_fd: int
    name: str
    """The name inside the parent folder; "." for the vault folder itself."""
    info: os.stat_result


def _audit(root: Path) -> Iterator[tuple[PermissionProblem, _Entry]]:
    """Yield each problem with the entry it is about. The entry's ``parent_fd`` is open only
    until the generator moves on, so use it before asking for the next one."""
    try:
        # The vault folder itself may be a link the user made on purpose: follow that one.
        root_fd = os.open(root, _DIR_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return  # no folder (yet), or not one we can open: there is nothing to check
    try:
        root_info = os.fstat(root_fd)
        problem = _problem_with(".", root_info)
        if problem is not None:
            yield problem, _Entry(root_fd, ".", root_info)
        yield from _audit_folder(root_fd, "")
    finally:
        os.close(root_fd)


def _audit_folder(dir_fd: int, prefix: str) -> Iterator[tuple[PermissionProblem, _Entry]]:
    try:
        with os.scandir(dir_fd) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError:
        return  # an unreadable folder: it was reported (or is private) at its own level
    for name in names:
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            continue  # removed since the listing
        relative = prefix + name
        problem = _problem_with(relative, info)
        if problem is not None:
            yield problem, _Entry(dir_fd, name, info)
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
            try:
                child_fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
            except OSError:
                continue
            try:
                if _same_file(os.fstat(child_fd), info):
                    yield from _audit_folder(child_fd, relative + "/")
            finally:
                os.close(child_fd)


def _problem_with(relative: str, info: os.stat_result) -> PermissionProblem | None:
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode):
        return PermissionProblem(relative, mode, None, ProblemKind.SYMLINK)
    if info.st_uid != os.getuid():
        return PermissionProblem(relative, mode, None, ProblemKind.OTHER_OWNER)
    if stat.S_ISDIR(info.st_mode):
        wanted = FOLDER_MODE
    elif stat.S_ISREG(info.st_mode):
        wanted = FILE_MODE
    else:
        return PermissionProblem(relative, mode, None, ProblemKind.NOT_A_FILE)
    if mode & _SHARED_BITS:
        return PermissionProblem(relative, mode, wanted, ProblemKind.TOO_OPEN)
    return None


def _chmod_in_place(entry: _Entry, mode: int) -> bool:
    """chmod the very file the walk saw, through a descriptor opened without following links."""
    if entry.name == ".":
        os.fchmod(entry.parent_fd, mode)
        return True
    flags = _DIR_FLAGS if stat.S_ISDIR(entry.info.st_mode) else _FILE_FLAGS
    try:
        fd = os.open(entry.name, flags, dir_fd=entry.parent_fd)
    except OSError:
        return False  # replaced by a link, removed, or unreadable: leave it reported
    try:
        current = os.fstat(fd)
        if not _same_file(current, entry.info) or current.st_uid != os.getuid():
            return False
        with contextlib.suppress(OSError):
            os.fchmod(fd, mode)
            return True
        return False
    finally:
        os.close(fd)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino) and stat.S_IFMT(a.st_mode) == stat.S_IFMT(
        b.st_mode
    )
