"""A key that means something else inside one widget than in the rest of the window.

Ctrl+N is "New case" in the main window, but inside a case's Recovery or Purchases tab it
means a new assessment or purchase. Accepting the ShortcutOverride turns the key into an
ordinary key press for that widget (it arrives there from the focused child, as key events
propagate to parents), and the press runs the widget's own action.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

__all__ = ["LocalShortcut"]


class LocalShortcut(QObject):
    def __init__(self, widget: QWidget, keys: QKeyCombination, action: Callable[[], None]) -> None:
        super().__init__(widget)
        self._keys = keys
        self._action = action
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.keyCombination() != self._keys:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress:
            event.accept()
            self._action()
            return True
        return False
