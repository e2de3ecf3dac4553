"""A strip at the top of a form that says what happened: an error list, "Saved", a warning.

It can carry buttons ("Reload", "Copy my edits") so the way out of a problem sits next to the
problem. Text is always plain: messages may quote nothing the navigator typed, but names in a
title must never be read as markup either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

__all__ = ["MessageBar", "MessageKind"]


class MessageKind(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


_STYLE = """
QFrame#messageBar { border-radius: 6px; border: 1px solid #B8C7D9; background: #EEF3F9; }
QFrame#messageBar[kind="success"] { border-color: #A9D2B0; background: #EAF6EC; }
QFrame#messageBar[kind="warning"] { border-color: #E6C26E; background: #FFF6DD; }
QFrame#messageBar[kind="error"] { border-color: #E8B4AF; background: #FDECEA; }
QFrame#messageBar QLabel { background: transparent; border: none; color: #1F2A36; }
QFrame#messageBar[kind="error"] QLabel { color: #7A1F17; }
QFrame#messageBar[kind="warning"] QLabel { color: #5C4300; }
QFrame#messageBar[kind="success"] QLabel { color: #1E5128; }
"""


class MessageBar(QFrame):
    """Hidden until ``show_message``; ``clear`` hides it again."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "Message") -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName(name)
        self._text = QLabel(self)
        self._text.setObjectName("messageText")
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(6)
        self._buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(self._text)
        layout.addLayout(self._buttons)
        self._kind = MessageKind.INFO
        self.hide()

    def show_message(
        self,
        kind: MessageKind,
        text: str,
        items: Sequence[str] = (),
        actions: Sequence[tuple[str, Callable[[], object]]] = (),
    ) -> None:
        """Show ``text``, then ``items`` as a bulleted list, with one button per action."""
        lines = [text, *(f"• {item}" for item in items)]
        self._text.setText("\n".join(lines))
        self._kind = kind
        self.setProperty("kind", kind.value)
        self.style().unpolish(self)
        self.style().polish(self)
        self._set_actions(actions)
        self.show()

    def clear(self) -> None:
        self._text.clear()
        self._set_actions(())
        self.hide()

    def text(self) -> str:
        """What is shown, or "" when hidden."""
        return self._text.text() if not self.isHidden() else ""

    def kind(self) -> MessageKind | None:
        return self._kind if not self.isHidden() else None

    def action_buttons(self) -> list[QPushButton]:
        return [
            item.widget()
            for i in range(self._buttons.count())
            if isinstance((item := self._buttons.itemAt(i)).widget(), QPushButton)
        ]

    def _set_actions(self, actions: Sequence[tuple[str, Callable[[], object]]]) -> None:
        for button in self.action_buttons():
            self._buttons.removeWidget(button)
            button.deleteLater()
        for text, handler in actions:
            button = QPushButton(text, self)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(lambda _checked=False, h=handler: h())
            self._buttons.addWidget(button)
