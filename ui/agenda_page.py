"""The Agenda: what needs the navigator, soonest first: the actions of agreed support plans that
are overdue or coming due, plan reviews that are due, and recovery assessments that are due.

The list is read on the database worker when the page is shown and after each change published
on the ChangeBus (while hidden, it only notes that it is out of date). Enter or a double-click on
a row opens its case, at the tab the row is about (the support plan, or recovery).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import AgendaItemDTO
from models.enums import AgendaKind
from models.errors import WaypostError
from ui.case.formatting import format_date
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["COLUMNS", "EMPTY_TEXT", "FILTERS", "TAB_FOR_KIND", "AgendaPage"]

EMPTY_TEXT = "Nothing is due."
COLUMNS = ("Due", "When", "Case", "What", "Area", "Details", "Who")
# Each filter: its label, and how many days ahead it looks (None: everything with a date).
# "Overdue" keeps what is due now: overdue actions, and reviews due today or before.
FILTERS: tuple[tuple[str, int | None], ...] = (
    ("Overdue", 0),
    ("Due this week", 7),
    ("All", None),
)
_EMPTY_DETAIL = {
    0: "No action is overdue, and no plan review or recovery assessment is due.",
    1: "Nothing is overdue or due in the next seven days.",
    2: (
        "No agreed support plan has an open action with a date or a review date, and no "
        "recovery assessment is due."
    ),
}
# The case workspace tab each kind of row opens at (CaseWorkspace.show_tab).
TAB_FOR_KIND = {
    AgendaKind.OVERDUE_ACTION: "plan",
    AgendaKind.PLAN_REVIEW_DUE: "plan",
    AgendaKind.ASSESSMENT_DUE: "recovery",
    AgendaKind.NRM_DEADLINE: "overview",
    AgendaKind.HEARING: "overview",
}
_CASE_ROLE = Qt.ItemDataRole.UserRole
_OVERDUE_BACKGROUND = QColor("#FDECEA")
_OVERDUE_TEXT = QColor("#7A1F17")
_TODAY_BACKGROUND = QColor("#FFF6DD")


def _services_today(services: object) -> Callable[[], date]:
    """The vault's notion of today (fixed in tests), or the computer's date."""
    today = getattr(getattr(services, "ctx", None), "today", None)
    return today if callable(today) else date.today


def _when(due_on: date, today: date) -> str:
    days = (due_on - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return "Due tomorrow" if days == 1 else f"Due in {days} days"


class AgendaPage(QWidget):
    """``open_case_requested`` carries the ID of the case of the row the navigator opened;
    ``open_case_tab_requested`` carries it with the workspace tab the row is about ("plan" or
    "recovery")."""

    open_case_requested = Signal(int)
    open_case_tab_requested = Signal(int, str)

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._today = today or _services_today(services)
        self._items: list[AgendaItemDTO] = []
        self._out_of_date = True

        title = QLabel("Agenda", self)
        title.setObjectName("pageTitle")
        self.filter = QComboBox(self)
        for text, _days in FILTERS:
            self.filter.addItem(text)
        self.filter.setCurrentIndex(1)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        filter_caption = QLabel("&Show", self)
        filter_caption.setBuddy(self.filter)
        self.summary = QLabel(self)
        self.summary.setObjectName("agendaSummary")
        self.open_button = QPushButton("&Open case", self)
        self.open_button.setToolTip("Open the case of the selected row (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(filter_caption)
        top.addWidget(self.filter)
        top.addSpacing(12)
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.open_button)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("agendaTable")
        self.table.setAccessibleName("Agenda, overdue first")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # Enter, or a double-click (Qt sends both as "activated").
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.itemSelectionChanged.connect(self._update_button)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        change_bus.changed.connect(self._on_changes)
        self._show_items([])

    # -- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._out_of_date = False
        _text, days = FILTERS[max(self.filter.currentIndex(), 0)]
        horizon = date.max if days is None else self._today() + timedelta(days=days)
        services = self._services

        def work() -> list[AgendaItemDTO]:
            # The services list what is due by ``horizon``: overdue on that day.
            items = services.agenda_items(horizon)
            return [i for i in items if not days or i.due_on < horizon]

        self._worker.submit(work, self._show_items, self._on_failed)

    def items(self) -> list[AgendaItemDTO]:
        return list(self._items)

    def open_selected(self) -> None:
        self._open_row(self.table.currentRow())

    # -- internals ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if not (changes.audit or changes.cases):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._out_of_date = True  # read again when shown

    def _show_items(self, items: list[AgendaItemDTO]) -> None:
        today = self._today()
        # Overdue first (soonest first within), then what is coming.
        self._items = sorted(items, key=lambda i: (i.due_on >= today, i.due_on))
        selected = self.table.currentRow()
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            self._fill_row(row, item, today)
        if self._items:
            self.table.setCurrentCell(min(max(selected, 0), len(self._items) - 1), 0)
        overdue = sum(1 for i in self._items if i.due_on < today)
        count = len(self._items)
        summary = f"{count} item{'s' if count != 1 else ''}" if count else ""
        self.summary.setText(summary + (f", {overdue} overdue" if overdue else ""))
        self.empty_label.setText(
            f"{EMPTY_TEXT}\n\n{_EMPTY_DETAIL[max(self.filter.currentIndex(), 0)]}"
        )
        self._stack.setCurrentWidget(self.table if self._items else self.empty_label)
        self._update_button()

    def _fill_row(self, row: int, item: AgendaItemDTO, today: date) -> None:
        overdue = item.due_on < today
        if item.kind is AgendaKind.OVERDUE_ACTION:
            what = "Action overdue" if overdue else "Action due"
            details = item.label
        elif item.kind is AgendaKind.ASSESSMENT_DUE:
            what = "Assessment overdue" if overdue else "Assessment due"
            details = item.label
        elif item.kind is AgendaKind.NRM_DEADLINE:
            what = "NRM date passed" if overdue else "NRM date"
            details = item.label
        elif item.kind is AgendaKind.HEARING:
            what = "Hearing: record what happened" if overdue else "Hearing"
            details = item.label
        else:
            what = "Plan review due"
            details = "Review these goals with the survivor"
        texts = (
            format_date(item.due_on),
            _when(item.due_on, today),
            item.case_reference,
            what,
            ", ".join(label(domain) for domain in item.domains),
            details,
            item.who,
        )
        for column, text in enumerate(texts):
            cell = QTableWidgetItem(text)
            cell.setData(_CASE_ROLE, item.case_id)
            if column == 5:
                cell.setToolTip(text)
            if overdue:
                cell.setBackground(QBrush(_OVERDUE_BACKGROUND))
                cell.setForeground(QBrush(_OVERDUE_TEXT))
            elif item.due_on == today:
                cell.setBackground(QBrush(_TODAY_BACKGROUND))
            self.table.setItem(row, column, cell)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self._items):
            item = self._items[row]
            self.open_case_requested.emit(item.case_id)
            self.open_case_tab_requested.emit(item.case_id, TAB_FOR_KIND.get(item.kind, "plan"))

    def _update_button(self) -> None:
        self.open_button.setEnabled(0 <= self.table.currentRow() < len(self._items))

    def _on_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self._items = []
        self.table.setRowCount(0)
        self.empty_label.setText(f"The agenda could not be read. {message}")
        self._stack.setCurrentWidget(self.empty_label)
        self._update_button()
