"""Whatever Waypost puts on the clipboard is marked sensitive and cleared 30 seconds later.

A navigator copies a survivor's phone number into a text message, or a case reference into an
e-mail. Clipboard managers (Klipper, GNOME extensions, Windows' Win+V history and cloud
clipboard, macOS clipboard apps) would keep that copy for weeks, outside the vault. So while a
vault is unlocked, each copy made in Waypost (Ctrl+C in any line edit, text box or table) is put
back on the clipboard with the hints password managers use (as KeePassXC does), and cleared after
``CLEAR_AFTER_MS`` if the clipboard still holds it. Something the navigator copied from another
application in the meantime is never wiped. Locking and quitting clear it at once.

Qt widgets copy through ``QClipboard.setText`` themselves, so the guard cannot mark the data
before it is set: it watches ``dataChanged`` and re-sets the same data with the hints straight
away, in the same call, before a clipboard manager has had the event loop to read it.

Limitation: macOS clipboard apps look for the "org.nspasteboard.ConcealedType" pasteboard type.
Qt publishes an unknown MIME type under its own "com.trolltech.anymime." name unless a
QUtiMimeConverter maps it, so on macOS only the timed clear is certain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QMimeData, QObject, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS: Final = 30_000

_DWORD_ZERO: Final = b"\x00\x00\x00\x00"

SENSITIVE_HINTS: Final[dict[str, bytes]] = {
    # KDE Klipper, GNOME clipboard extensions, CopyQ, wl-clip-persist skip this.
    "x-kde-passwordManagerHint": b"secret",
    # Windows: Qt registers these names as clipboard formats. Clipboard history (Win+V), the
    # cloud clipboard and clipboard monitors leave the data alone.
    "ExcludeClipboardContentFromMonitorProcessing": b"1",
    "CanIncludeInClipboardHistory": _DWORD_ZERO,
    "CanUploadToCloudClipboard": _DWORD_ZERO,
    # macOS: KeePassXC's name for org.nspasteboard.ConcealedType (see the limitation above).
    "application/x-nspasteboard-concealed-type": b"secret",
}
MARK_FORMAT: Final = "x-kde-passwordManagerHint"
"""The hint whose presence says the clipboard holds data the guard has already marked."""

# These platforms have no other applications: the clipboard is this process's alone, and their
# QClipboard.ownsClipboard() answers False for everything.
_PROCESS_LOCAL_PLATFORMS: Final = frozenset({"offscreen", "minimal"})


def _default_owner_check(clipboard: QClipboard) -> Callable[[], bool]:
    if QGuiApplication.platformName() in _PROCESS_LOCAL_PLATFORMS:
        return lambda: True
    return clipboard.ownsClipboard


def sensitive_copy(source: QMimeData) -> QMimeData:
    """A copy of ``source`` with every format it has, plus the sensitive hints."""
    marked = QMimeData()
    for name in source.formats():
        marked.setData(name, source.data(name))
    for name, value in SENSITIVE_HINTS.items():
        marked.setData(name, value)
    return marked


class ClipboardGuard(QObject):
    """Marks Waypost's copies sensitive and clears them later; ``stop()`` clears and detaches.

    ``owns_clipboard`` answers whether the current clipboard data was set by this process
    (``QClipboard.ownsClipboard`` by default); tests pass their own to play another application.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clear_after_ms: int = CLEAR_AFTER_MS,
        clipboard: QClipboard | None = None,
        owns_clipboard: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        if clear_after_ms < 1:
            raise ValueError("clear_after_ms must be positive")
        board = clipboard if clipboard is not None else QGuiApplication.clipboard()
        self._clipboard = board
        self._owns = owns_clipboard if owns_clipboard is not None else _default_owner_check(board)
        self._marking = False
        self._marked_text: str | None = None
        self._active = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_if_ours)
        board.dataChanged.connect(self._on_changed)

    @property
    def clear_after_ms(self) -> int:
        return self._timer.interval()

    def set_clear_after_ms(self, ms: int) -> None:
        """Change the delay (tests use a short one); a running countdown restarts with it."""
        if ms < 1:
            raise ValueError("clear_after_ms must be positive")
        self._timer.setInterval(ms)

    @property
    def holds_copy(self) -> bool:
        """True while something Waypost copied waits to be cleared."""
        return self._marked_text is not None

    @Slot()
    def _on_changed(self) -> None:
        if self._marking or not self._active:
            return  # our own re-set, or the vault is locked
        data = self._clipboard.mimeData()
        if data is None or not data.formats():
            return  # cleared (by us or anyone): nothing to guard
        if not self._owns():
            return  # another application's copy: not ours to mark or to clear
        if data.hasFormat(MARK_FORMAT):
            # Already marked (a platform telling us twice about our own re-set): keep timing.
            self._marked_text = data.text()
            self._timer.start()
            return
        marked = sensitive_copy(data)
        text = marked.text()
        self._marking = True
        try:
            self._clipboard.setMimeData(marked)
        finally:
            self._marking = False
        self._marked_text = text
        self._timer.start()

    def _still_ours(self) -> bool:
        data = self._clipboard.mimeData()
        return (
            self._marked_text is not None
            and data is not None
            and data.hasFormat(MARK_FORMAT)
            and data.text() == self._marked_text
            and self._owns()
        )

    @Slot()
    def clear_if_ours(self) -> None:
        """Clear the clipboard if it still holds what Waypost put there; otherwise leave it."""
        self._timer.stop()
        if self._still_ours():
            self._marking = True
            try:
                self._clipboard.clear(QClipboard.Mode.Clipboard)
            finally:
                self._marking = False
        self._marked_text = None

    def stop(self) -> None:
        """At lock and quit: clear what is still ours, and stop watching."""
        if not self._active:
            return
        self.clear_if_ours()
        # X11's selection (middle-click paste) holds whatever text was last selected in a
        # Waypost field; it must not outlive the unlocked session either.
        if self._clipboard.supportsSelection() and self._clipboard.ownsSelection():
            self._clipboard.clear(QClipboard.Mode.Selection)
        self._active = False
        self._clipboard.dataChanged.disconnect(self._on_changed)
