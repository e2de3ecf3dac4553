"""The actions under one goal: a table (what, who, by when, status) and, under it, the fields of
the selected action, edited in place.

The table only displays and selects, so the usual keys keep their meaning: arrows move between
actions, Tab moves on to the selected action's fields, and Del on the table removes the selected
action (after asking, when it holds anything). The goal adds an action with Ctrl+Enter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import PlanActionDTO
from models.enums import ActionStatus
from ui.case.formatting import format_date
from ui.labels import label
from ui.plan import confirm
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.invalid_marks import set_invalid

__all__ = ["EMPTY_HINT", "ActionTable"]

EMPTY_HINT = "No actions yet. Press Ctrl+Enter to add one."
COLUMNS = ("What", "Who", "By when", "Status")
FIELDS = ("what", "who", "by_when", "status")
WHO_SUGGESTIONS = ("Survivor", "Navigator", "Survivor and navigator")
_FINISHED = (ActionStatus.DONE, ActionStatus.DROPPED)
_OVERDUE = QColor("#A3261B")
_PROBLEM = QColor("#FDECEA")


class ActionTable(QWidget):
    """``changed`` fires on every edit, addition and removal."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._actions: list[PlanActionDTO] = []
        self._marks: set[tuple[int, str]] = set()
        self._read_only = False
        self._filling = False

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("actionTable")
        self.table.setAccessibleName("Actions")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 170), (2, 150), (3, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        # Long actions wrap: their rows grow or shrink with the columns, once the header has
        # finished laying them out.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_: self._refit.start())
        self.table.currentCellChanged.connect(lambda row, *_: self._show_selected(row))
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self.remove_selected())
        self.empty_hint = QLabel(EMPTY_HINT, self)
        self.empty_hint.setObjectName("actionsEmpty")

        # The selected action's fields.
        self._fields = QWidget(self)
        self.what = QLineEdit(self._fields)
        self.what.setPlaceholderText("What is to be done")
        self.what.setAccessibleName("What is to be done")
        self.who = QLineEdit(self._fields)
        self.who.setPlaceholderText("Who does it")
        self.who.setAccessibleName("Who does it")
        completer = QCompleter(list(WHO_SUGGESTIONS), self.who)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.who.setCompleter(completer)
        self.by_when = OptionalDateEdit(self._fields, empty_text="No date", default=today)
        self.by_when.set_accessible_name("By when")
        self.status = EnumCombo(ActionStatus, self._fields)
        self.status.setAccessibleName("Status")
        grid = QGridLayout(self._fields)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for column, (caption, widget) in enumerate(
            zip(("Selected action: what", "Who", "By when", "Status"),
                (self.what, self.who, self.by_when, self.status), strict=True)
        ):  # fmt: skip
            text = QLabel(caption, self._fields)
            text.setObjectName("fieldCaption")
            grid.addWidget(text, 0, column)
            grid.addWidget(widget, 1, column)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.what.textEdited.connect(lambda text: self._edit_selected(what=text))
        self.who.textEdited.connect(lambda text: self._edit_selected(who=text))
        self.by_when.dateChanged.connect(lambda value: self._edit_selected(by_when=value))
        self.status.currentIndexChanged.connect(
            lambda _i: self._edit_selected(status=ActionStatus(self.status.value()))
        )

        self.add_button = QPushButton("Add action", self)
        self.add_button.setToolTip("Add an action to this goal (Ctrl+Enter)")
        self.add_button.clicked.connect(self.add_action)
        self.remove_button = QPushButton("Remove action…", self)
        self.remove_button.setToolTip("Remove the selected action (Del on the table)")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_hint)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.table)
        layout.addWidget(self._fields)
        layout.addLayout(buttons)
        self._refresh_visibility()

    # -- public API ---------------------------------------------------------------------------

    def actions(self) -> tuple[PlanActionDTO, ...]:
        return tuple(self._actions)

    def set_actions(self, actions: tuple[PlanActionDTO, ...]) -> None:
        self._filling = True
        try:
            self._actions = list(actions)
            self._marks.clear()
            self.table.setRowCount(0)
            for row in range(len(self._actions)):
                self.table.insertRow(row)
                self._show_row(row)
            self.table.setCurrentCell(0 if self._actions else -1, 0)
            self._show_selected(self.table.currentRow())
        finally:
            self._filling = False
        self._refresh_visibility()

    def add_action(self) -> None:
        """Add an empty action at the end, select it and put the cursor in its "what"."""
        if self._read_only:
            return
        self._actions.append(PlanActionDTO())
        row = len(self._actions) - 1
        self.table.insertRow(row)
        self._show_row(row)
        self.table.setCurrentCell(row, 0)
        self._refresh_visibility()
        self.what.setFocus()
        self.changed.emit()

    def remove_selected(self, ask: Callable[[QWidget, str], bool] | None = None) -> bool:
        """Remove the selected action; an action with anything in it only after asking."""
        row = self.table.currentRow()
        if self._read_only or not 0 <= row < len(self._actions):
            return False
        action = self._actions[row]
        if action.what.strip() or action.who.strip() or action.by_when is not None:
            named = f"“{action.what.strip()}”" if action.what.strip() else "this action"
            if not (ask or confirm.ask_remove)(self, f"Remove {named} from the goal?"):
                return False
        del self._actions[row]
        self._marks.clear()
        self.table.removeRow(row)
        for other in range(row, len(self._actions)):
            self._show_row(other)
        self._show_selected(self.table.currentRow())
        self._refresh_visibility()
        self.table.setFocus()
        self.changed.emit()
        return True

    def select(self, row: int) -> None:
        if 0 <= row < len(self._actions):
            self.table.setCurrentCell(row, 0)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.what, self.who, self.by_when, self.status):
            widget.setEnabled(not read_only)
        self._refresh_visibility()

    def mark(self, row: int, field: str) -> None:
        """Mark a validation problem with action ``row``'s ``field`` ("what", "who", ...)."""
        if 0 <= row < len(self._actions) and field in FIELDS:
            self._marks.add((row, field))
            self._show_row(row)
            self._show_marks()

    def mark_missing(self) -> None:
        """Mark that the goal needs an action."""
        set_invalid(self.empty_hint)

    def clear_marks(self) -> None:
        rows = {row for row, _field in self._marks}
        self._marks.clear()
        for row in rows:
            if row < len(self._actions):
                self._show_row(row)
        self._show_marks()
        set_invalid(self.empty_hint, False)

    def field_widget(self, field: str) -> QWidget:
        return {"what": self.what, "who": self.who, "by_when": self.by_when}.get(field, self.status)

    # -- internals ----------------------------------------------------------------------------

    def _show_row(self, row: int) -> None:
        action = self._actions[row]
        overdue = (
            action.by_when is not None
            and action.by_when < self._today()
            and action.status not in _FINISHED
        )
        when = format_date(action.by_when) if action.by_when is not None else "No date"
        texts = (action.what, action.who, f"{when} (overdue)" if overdue else when)
        for column, text in enumerate((*texts, label(action.status))):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column == 2 and overdue:
                item.setForeground(QBrush(_OVERDUE))
            if (row, FIELDS[column]) in self._marks:
                item.setBackground(QBrush(_PROBLEM))
            self.table.setItem(row, column, item)
        self.table.resizeRowToContents(row)
        self._fit_height()

    def _fit_rows(self) -> None:
        self.table.resizeRowsToContents()
        self._fit_height()

    def _fit_height(self) -> None:
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        frame = self.table.frameWidth() * 2
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + frame)

    def _show_selected(self, row: int) -> None:
        action = self._actions[row] if 0 <= row < len(self._actions) else None
        filling, self._filling = self._filling, True
        try:
            self.what.setText(action.what if action else "")
            self.who.setText(action.who if action else "")
            self.by_when.setDate(action.by_when if action else None)
            self.status.set_value(action.status if action else ActionStatus.NOT_STARTED)
        finally:
            self._filling = filling
        self._show_marks()
        self.remove_button.setEnabled(action is not None)

    def _show_marks(self) -> None:
        row = self.table.currentRow()
        for field in FIELDS:
            widget = self.field_widget(field)
            target = widget.date_edit() if isinstance(widget, OptionalDateEdit) else widget
            set_invalid(target, (row, field) in self._marks)
        set_invalid(self.table, bool(self._marks))

    def _edit_selected(self, **changes: object) -> None:
        row = self.table.currentRow()
        if self._filling or self._read_only or not 0 <= row < len(self._actions):
            return
        updated = replace(self._actions[row], **changes)  # keeps the action's key
        if updated == self._actions[row]:
            return
        self._actions[row] = updated
        self._show_row(row)
        self.changed.emit()

    def _refresh_visibility(self) -> None:
        has_actions = bool(self._actions)
        self.table.setVisible(has_actions)
        self._fields.setVisible(has_actions and not self._read_only)
        self.empty_hint.setVisible(not has_actions)
        self.empty_hint.setText(EMPTY_HINT if not self._read_only else "No actions.")
        self.add_button.setVisible(not self._read_only)
        self.remove_button.setVisible(not self._read_only)
        self.remove_button.setEnabled(0 <= self.table.currentRow() < len(self._actions))
