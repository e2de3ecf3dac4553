"""One goal of the plan: the survivor's own words, a review date, and its actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.dto import PlanGoalDTO
from ui.plan.action_table import ActionTable
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.invalid_marks import clear_invalid, set_invalid
from ui.widgets.labelled_rows import add_labelled_row

__all__ = ["GoalEditor"]


class GoalEditor(QFrame):
    """``changed`` fires on every edit; ``remove_requested`` when the navigator asks to remove
    the goal (the domain section asks and removes it)."""

    changed = Signal()
    remove_requested = Signal()

    def __init__(
        self, goal: PlanGoalDTO, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("goalEditor")
        self._goal = goal  # keeps the goal's key and domain across edits
        self._filling = False

        self.title = QLabel(self)
        self.title.setObjectName("goalTitle")
        self.words = QPlainTextEdit(self)
        self.words.setTabChangesFocus(True)
        self.words.setPlaceholderText("What the survivor wants, as they said it")
        self.words.setFixedHeight(self.words.fontMetrics().lineSpacing() * 3 + 14)
        self.review_date = OptionalDateEdit(self, empty_text="Not set", default=today)
        self.actions = ActionTable(today, self)
        # Created last, so Tab reaches it after the goal's fields.
        self.remove_button = QPushButton("Remove goal…", self)
        self.remove_button.setToolTip("Remove this goal and its actions")
        self.remove_button.clicked.connect(self.remove_requested.emit)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.remove_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(form)  # first, so the captions below are created as children
        self.labels: dict[str, QLabel] = {}
        add_labelled_row(form, self.labels, "survivor_words", "Survivor's own &words", self.words)
        add_labelled_row(
            form, self.labels, "review_date", "Re&view date", self.review_date,
            buddy=self.review_date.date_edit(), accessible=False,
        )  # fmt: skip
        self.review_date.set_accessible_name("Review date")
        add_labelled_row(
            form, self.labels, "actions", "A&ctions", self.actions,
            buddy=self.actions.table, accessible=False,
        )  # fmt: skip

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.actions.add_action)

        self.words.textChanged.connect(self._on_edited)
        self.review_date.dateChanged.connect(self._on_edited)
        self.actions.changed.connect(self._on_edited)
        self._fill(goal)
        # Read while the goal's widgets still follow it in the focus chain, as created.
        self._tab_chain: list[QWidget] = []
        widget = self.nextInFocusChain()
        while self.isAncestorOf(widget):
            parent = widget.parentWidget()
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(
                parent, QAbstractSpinBox | QComboBox
            ):
                self._tab_chain.append(widget)
            widget = widget.nextInFocusChain()

    # -- public API ---------------------------------------------------------------------------

    @property
    def key(self) -> str:
        return self._goal.key

    def goal(self) -> PlanGoalDTO:
        return replace(
            self._goal,
            survivor_words=self.words.toPlainText(),
            review_date=self.review_date.date(),
            actions=self.actions.actions(),
        )

    def is_empty(self) -> bool:
        goal = self.goal()
        return not goal.survivor_words.strip() and goal.review_date is None and not goal.actions

    def set_number(self, number: int) -> None:
        self.title.setText(f"Goal {number}")
        self.setAccessibleName(f"Goal {number}")

    def tab_chain(self) -> list[QWidget]:
        """The widgets Tab visits in this goal, in order (their own parts left out)."""
        return list(self._tab_chain)

    def set_read_only(self, read_only: bool) -> None:
        self.words.setEnabled(not read_only)
        self.review_date.setEnabled(not read_only)
        self.remove_button.setVisible(not read_only)
        self.actions.set_read_only(read_only)

    def mark(self, field: str) -> QWidget | None:
        """Mark ``field`` of this goal ("survivor_words", "review_date", "actions",
        "actions.2.what"); returns the widget to focus."""
        if field.startswith("actions."):
            _, row, name = field.split(".", 2)
            self.actions.mark(int(row), name)
            self.actions.select(int(row))
            set_invalid(self.labels["actions"])
            return self.actions.field_widget(name)
        caption = self.labels.get(field)
        if caption is not None:
            set_invalid(caption)
        if field == "survivor_words":
            set_invalid(self.words)
            return self.words
        if field == "review_date":
            set_invalid(self.review_date.date_edit())
            return self.review_date.date_edit()
        if field == "actions":
            self.actions.mark_missing()
            return self.actions.add_button
        return None

    def clear_marks(self) -> None:
        clear_invalid([*self.labels.values(), self.words, self.review_date.date_edit()])
        self.actions.clear_marks()

    # -- internals ----------------------------------------------------------------------------

    def _fill(self, goal: PlanGoalDTO) -> None:
        self._filling = True
        try:
            self.words.setPlainText(goal.survivor_words)
            self.review_date.setDate(goal.review_date)
            self.actions.set_actions(goal.actions)
        finally:
            self._filling = False

    def _on_edited(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit()
