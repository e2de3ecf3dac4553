"""The goals of one recovery domain, under its heading, with "Add goal"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.dto import PlanGoalDTO
from models.enums import RecoveryDomain
from ui.labels import label
from ui.plan import confirm
from ui.plan.goal_editor import GoalEditor

__all__ = ["DomainSection"]


class DomainSection(QWidget):
    """``changed`` fires on every edit, and when a goal is added or removed;
    ``goals_changed`` only when a goal is added or removed (or all are replaced)."""

    changed = Signal()
    goals_changed = Signal()

    def __init__(
        self, domain: RecoveryDomain, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("domainSection")
        self.domain = domain
        self._today = today
        self._read_only = False
        self._editors: list[GoalEditor] = []

        self.heading = QLabel(label(domain), self)
        self.heading.setObjectName("domainHeading")
        self.empty_label = QLabel("No goals in this area yet.", self)
        self.empty_label.setObjectName("domainEmpty")
        self.add_button = QPushButton(f"Add goal: {label(domain)}", self)
        self.add_button.setToolTip(f"Add a goal under {label(domain)}")
        self.add_button.clicked.connect(lambda: self.add_goal())
        self._goals = QVBoxLayout()
        self._goals.setContentsMargins(0, 0, 0, 0)
        self._goals.setSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.empty_label)
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(self._goals)
        layout.addLayout(row)
        self._refresh()

    # -- public API ---------------------------------------------------------------------------

    def editors(self) -> list[GoalEditor]:
        return list(self._editors)

    def goals(self) -> list[PlanGoalDTO]:
        return [editor.goal() for editor in self._editors]

    def set_goals(self, goals: list[PlanGoalDTO]) -> None:
        for editor in self._editors:
            self._goals.removeWidget(editor)
            editor.hide()  # at once: it is deleted only when control returns to the event loop
            editor.deleteLater()
        self._editors = []
        for goal in goals:
            self._append(goal)
        self._refresh()
        self.goals_changed.emit()

    def add_goal(self) -> GoalEditor | None:
        """Add an empty goal and put the cursor in its words."""
        if self._read_only:
            return None
        editor = self._append(PlanGoalDTO(domain=self.domain))
        self._refresh()
        self.goals_changed.emit()
        editor.words.setFocus()
        self.changed.emit()
        return editor

    def remove_goal(
        self, editor: GoalEditor, ask: Callable[[QWidget, str], bool] | None = None
    ) -> bool:
        """Remove a goal; one with anything in it only after asking."""
        if self._read_only or editor not in self._editors:
            return False
        if not editor.is_empty():
            ask = ask or (lambda parent, text: confirm.ask_remove(parent, text, "goal"))
            if not ask(self, f"Remove this goal under {label(self.domain)}, and its actions?"):
                return False
        index = self._editors.index(editor)
        self._editors.remove(editor)
        self._goals.removeWidget(editor)
        editor.hide()
        editor.deleteLater()
        self._refresh()
        self.goals_changed.emit()
        following = self._editors[index] if index < len(self._editors) else None
        (following.words if following else self.add_button).setFocus()
        self.changed.emit()
        return True

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self._editors:
            editor.set_read_only(read_only)
        self._refresh()

    # -- internals ----------------------------------------------------------------------------

    def _append(self, goal: PlanGoalDTO) -> GoalEditor:
        editor = GoalEditor(goal, self._today, self)
        editor.set_read_only(self._read_only)
        editor.changed.connect(self.changed.emit)
        editor.remove_requested.connect(lambda e=editor: self.remove_goal(e))
        self._editors.append(editor)
        self._goals.addWidget(editor)
        editor.show()  # at once, not on the next event loop turn: it takes the focus next
        return editor

    def _refresh(self) -> None:
        for number, editor in enumerate(self._editors, start=1):
            editor.set_number(number)
        self.empty_label.setVisible(not self._editors)
        self.empty_label.setText(
            "No goals in this area." if self._read_only else "No goals in this area yet."
        )
        self.add_button.setVisible(not self._read_only)
