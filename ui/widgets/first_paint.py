"""Run something once a widget has first been painted.

Why: work started "as soon as the event loop runs" (a zero-delay timer) can start before the
first paint. The warm-up imports after start-up keep the interpreter busy for about a second
on the worker thread; begun before the unlock window's first paint, they hold the GUI thread up
for the interpreter lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            then()
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, on the GUI thread, after ``widget``'s first paint event."""
    _FirstPaint(widget, then)
