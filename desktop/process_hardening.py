"""Process hardening at start-up: no core dumps, no debugger attach (as KeePassXC does).

A core dump is a copy of the process's memory written to disk: the database key, the decrypted
rows on screen, the passphrase while it was typed. On a laptop that is stolen or shared it would
be the one place the vault's contents sit unencrypted. So, before Qt or the vault is loaded:

- the core file size limit is set to zero (soft and hard, so no child can raise it again);
- on Linux, ``prctl(PR_SET_DUMPABLE, 0)`` as well. It stops core dumps even where the kernel
  pipes them to a helper (systemd-coredump, apport) that ignores the size limit, stops other
  processes of the same user from attaching a debugger (ptrace), and makes ``/proc/<pid>/mem``,
  ``environ`` and ``maps`` readable by root only.

macOS: ``ptrace(PT_DENY_ATTACH)`` would block debuggers, but it also makes crash reports useless
and is easily bypassed by root; the zero core limit is the part that keeps data off the disk.
Windows: there is no core limit to set. Crash dumps (Windows Error Reporting) are configured per
machine by the administrator, and denying debug access needs a process DACL, which a
same-user attacker can change back; so nothing is done there.

Nothing here may stop Waypost from starting: each step that fails is recorded by its name only.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# <linux/prctl.h>
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


@dataclass(frozen=True)
class HardeningReport:
    """What start-up hardening achieved, by step name."""

    core_dumps_disabled: bool = False
    not_dumpable: bool = False
    """Linux only: PR_SET_DUMPABLE is 0 (no core, no same-user ptrace, root-only /proc files)."""
    failed: tuple[str, ...] = field(default_factory=tuple)
    """Names of the steps that could not be done (never any detail: it is logged as is)."""


LAST_REPORT: HardeningReport | None = None
"""The report of the last ``harden_process`` call, so tests can prove the entry point made it."""


def _disable_core_dumps() -> bool:
    try:
        import resource
    except ImportError:  # Windows has no resource module and no core limit
        return False
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _libc() -> ctypes.CDLL:
    # The process's own symbols include the C library's; finding libc by name would import
    # ctypes.util and subprocess (14 ms of start-up, before the unlock window is painted).
    return ctypes.CDLL(None, use_errno=True)


def _set_not_dumpable() -> bool:
    libc = _libc()
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)


def is_dumpable() -> bool | None:
    """Linux: whether the kernel would dump this process (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    return bool(_libc().prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _attempt(step: Callable[[], bool]) -> bool:
    # Any failure (a missing libc, a sandbox refusing the call) must not stop start-up.
    try:
        return step()
    except Exception:
        return False


def harden_process() -> HardeningReport:
    """Disable core dumps (and on Linux, ptrace attach). Never raises."""
    global LAST_REPORT
    failed: list[str] = []
    core_off = sys.platform != "win32" and _attempt(_disable_core_dumps)
    if sys.platform != "win32" and not core_off:
        failed.append("core_limit")
    not_dumpable = sys.platform.startswith("linux") and _attempt(_set_not_dumpable)
    if sys.platform.startswith("linux") and not not_dumpable:
        failed.append("dumpable")
    for step in failed:
        log.warning("Process hardening step %s could not be done", step)
    LAST_REPORT = HardeningReport(
        core_dumps_disabled=core_off, not_dumpable=not_dumpable, failed=tuple(failed)
    )
    return LAST_REPORT
