"""Guard against reference-count bugs in PySide6 6.12.0 on Python 3.11.

PySide6 6.12.0 drops references to Python's singletons:
- every call of a C++ method returning void (setText, show, processEvents, ...) drops one
  reference to ``None``;
- every Python-side ``Signal.emit`` or ``disconnect`` drops one reference to ``True``.

After a few hundred to a few thousand such calls the singleton is deallocated and the
interpreter aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"), taking a navigator's
unsaved work with it. PySide6 6.11.3 does not do this, but QtPdf is only published as a small
separate wheel (PySide6-Pdf) for 6.12.0; the alternative is the 160 MB Addons wheel. From Python
3.12 these singletons are immortal and the bugs are harmless.

The guard gives ``None``, ``True`` and ``False`` reference counts that cannot run out in any
realistic session. It costs nothing at run time (no wrapper around emit), is applied once on
import of the ``ui`` package before any widget exists, and only on an affected runtime.
"""

from __future__ import annotations

import ctypes
import sys

_AFFECTED_VERSIONS = ("6.12.0",)
_HEADROOM = 1 << 40

_applied = False


def needs_guard() -> bool:
    if sys.version_info >= (3, 12):
        return False
    # PySide6.__version__ rather than importlib.metadata: scanning installed distributions
    # costs ~40 ms at start-up.
    import PySide6

    return PySide6.__version__ in _AFFECTED_VERSIONS


def apply() -> bool:
    """Apply the guard if this runtime needs it; returns whether it is in place."""
    global _applied
    if not _applied and needs_guard():
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
        _applied = True
    return _applied
