"""What changed since the agreed plan: one plain sentence per change, in the plan's order.

The sentences quote the plan, so they are shown and never logged. Enter (or a double-click) on a
change about a goal takes the cursor to that goal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import ChangeDTO

__all__ = ["ChangesPanel"]

_GOAL_ROLE = Qt.ItemDataRole.UserRole

_STYLE = """
QLabel#changesTitle { font-weight: 600; font-size: 14px; }
QLabel#changesNote { color: #5A6270; }
QListWidget#changesList { border: 1px solid #D5DCE6; border-radius: 4px; }
QListWidget#changesList::item { padding: 5px 4px; border-bottom: 1px solid #EEF1F5; }
QListWidget#changesList::item:selected:!active { background: #DCE6F3; color: #1F2A36; }
"""


class ChangesPanel(QWidget):
    """``goal_requested`` carries the key of the goal a chosen change is about."""

    goal_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self.title = QLabel("What c&hanged since the agreed plan", self)
        self.title.setObjectName("changesTitle")
        self.note = QLabel(self)
        self.note.setObjectName("changesNote")
        self.note.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("changesList")
        self.list.setAccessibleName("What changed since the agreed plan")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.itemActivated.connect(self._on_activated)
        self.title.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)  # keeps the note at the top while there is no list
        self.show_nothing_to_compare("")

    # -- public API ---------------------------------------------------------------------------

    def set_changes(self, changes: list[ChangeDTO], base: str) -> None:
        """Show ``changes`` against ``base`` ("version 1, agreed on 3 Mar 2026")."""
        self.list.clear()
        for change in changes:
            item = QListWidgetItem(change.text)
            item.setData(_GOAL_ROLE, change.goal_key)
            detail = [f"Before: {change.before}" if change.before else ""]
            detail.append(f"Now: {change.after}" if change.after else "")
            tip = "\n".join(line for line in detail if line)
            if tip:
                item.setToolTip(tip)
            self.list.addItem(item)
        count = len(changes)
        if count:
            noun = "change" if count == 1 else "changes"
            self.note.setText(f"{count} {noun} compared with {base}.")
        else:
            self.note.setText(f"No changes yet compared with {base}.")
        self.list.setVisible(bool(changes))

    def show_nothing_to_compare(self, text: str) -> None:
        """For a first plan (nothing agreed before it), or while loading."""
        self.list.clear()
        self.list.hide()
        self.note.setText(text)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    # -- internals ----------------------------------------------------------------------------

    def _on_activated(self, item: QListWidgetItem) -> None:
        key = item.data(_GOAL_ROLE)
        if key:
            self.goal_requested.emit(str(key))
