"""The Agenda: every dated item that needs the navigator, grouped "Overdue", "This week" (the
seven days from today) and "Later": actions of agreed support plans, plan reviews, recovery
assessments, NRM dates and court hearings.

The list is read on the database worker when the page is shown and after each change published
on the ChangeBus (while hidden, it only notes that it is out of date). It can be narrowed to one
case. Enter or a double-click on a row opens its case at the tab the row is about (the support
plan, recovery, or court). After unlock the page says what changed since the last session: the
items that became overdue, and those that came into this week, by their due dates (the date of
the last session is all that is kept, in the settings; no case data).
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
    QTreeWidget,
    QTreeWidgetItem,
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

__all__ = [
    "ALL_CASES",
    "COLUMNS",
    "EMPTY_TEXT",
    "FILTERS",
    "GROUPS",
    "TAB_FOR_KIND",
    "AgendaPage",
    "group_of",
    "since_last_session",
]

EMPTY_TEXT = "Nothing is due."
ALL_CASES = "All cases"
COLUMNS = ("Due", "When", "Case", "What", "Area", "Details", "Who")
GROUPS = ("Overdue", "This week", "Later")
WEEK_DAYS = 7
# Each filter: its label, and how many days ahead it looks (None: everything with a date).
# "Overdue" keeps what is due now: overdue actions, and reviews due today or before.
FILTERS: tuple[tuple[str, int | None], ...] = (
    ("Overdue", 0),
    ("Due this week", WEEK_DAYS),
    ("All", None),
)
FILTER_ALL = 2
_EMPTY_DETAIL = {
    0: "No action is overdue, and no plan review or recovery assessment is due.",
    1: "Nothing is overdue or due in the next seven days.",
    2: (
        "No agreed support plan has an open action with a date or a review date, no "
        "recovery assessment is due, and no NRM date or hearing is coming."
    ),
}
# The case workspace tab each kind of row opens at (CaseWorkspace.show_tab).
TAB_FOR_KIND = {
    AgendaKind.OVERDUE_ACTION: "plan",
    AgendaKind.PLAN_REVIEW_DUE: "plan",
    AgendaKind.ASSESSMENT_DUE: "recovery",
    AgendaKind.NRM_DEADLINE: "court",
    AgendaKind.HEARING: "court",
}
_CASE_ROLE = Qt.ItemDataRole.UserRole
_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's place in items(); absent on headers
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


def group_of(due_on: date, today: date) -> str:
    """ "Overdue" before today, "This week" for the seven days from today, else "Later"."""
    if due_on < today:
        return GROUPS[0]
    return GROUPS[1] if due_on < today + timedelta(days=WEEK_DAYS) else GROUPS[2]


def since_last_session(items: list[AgendaItemDTO], last: date | None, today: date) -> str:
    """What changed since the last session, by due dates alone: items that became overdue
    (due from the last session's day to yesterday) and items that came into this week. Empty
    on the first session, or when the last one was today."""
    if last is None or last >= today:
        return ""
    overdue = sum(1 for i in items if last <= i.due_on < today)
    week_end = today + timedelta(days=WEEK_DAYS)
    came_in = sum(
        1
        for i in items
        if today <= i.due_on < week_end and i.due_on >= last + timedelta(days=WEEK_DAYS)
    )
    head = f"Since your last session on {format_date(last)}: "
    if not overdue and not came_in:
        return head + "nothing new became overdue or due this week."
    parts = []
    if overdue:
        parts.append(f"{overdue} item{'s' if overdue != 1 else ''} now overdue")
    if came_in:
        parts.append(f"{came_in} new item{'s' if came_in != 1 else ''} due this week")
    return head + ", ".join(parts) + "."


class AgendaPage(QWidget):
    """``open_case_requested`` carries the ID of the case of the row the navigator opened;
    ``open_case_tab_requested`` carries it with the workspace tab the row is about ("plan",
    "recovery" or "court")."""

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
        self._fetched: list[AgendaItemDTO] = []  # as read, before the filters
        self._items: list[AgendaItemDTO] = []  # as shown, in order
        self._last_session: date | None = None
        self._out_of_date = True

        title = QLabel("Agenda", self)
        title.setObjectName("pageTitle")
        self.filter = QComboBox(self)
        for text, _days in FILTERS:
            self.filter.addItem(text)
        self.filter.setCurrentIndex(FILTER_ALL)
        self.filter.currentIndexChanged.connect(lambda _i: self._show_fetched())
        filter_caption = QLabel("&Show", self)
        filter_caption.setBuddy(self.filter)
        self.case_filter = QComboBox(self)
        self.case_filter.setObjectName("agendaCaseFilter")
        self.case_filter.setAccessibleName("Case")
        self.case_filter.setMinimumContentsLength(14)
        self.case_filter.addItem(ALL_CASES, None)
        self.case_filter.currentIndexChanged.connect(lambda _i: self._show_fetched())
        case_caption = QLabel("C&ase", self)
        case_caption.setBuddy(self.case_filter)
        self.summary = QLabel(self)
        self.summary.setObjectName("agendaSummary")
        self.calendar_button = QPushButton("Export to ca&lendar…", self)
        self.calendar_button.setToolTip(
            "Save the next dates as an .ics file for Outlook or another calendar: case "
            "references and kinds of date only, never names"
        )
        self.calendar_button.clicked.connect(self.export_calendar)
        self.open_button = QPushButton("&Open case", self)
        self.open_button.setToolTip("Open the case of the selected row (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(filter_caption)
        top.addWidget(self.filter)
        top.addSpacing(12)
        top.addWidget(case_caption)
        top.addWidget(self.case_filter)
        top.addSpacing(12)
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.calendar_button)
        top.addWidget(self.open_button)

        self.since_label = QLabel(self)
        self.since_label.setObjectName("agendaSinceLastSession")
        self.since_label.setWordWrap(True)
        self.since_label.hide()

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("agendaTree")
        self.tree.setAccessibleName("Agenda: overdue, this week, later")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)  # the groups stay open: one list, in three parts
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # A plan review can name all six domains: the Area column keeps a sensible width (the
        # full text is in the tooltip) so the Details column gets the room.
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 190)
        # Enter, or a double-click (Qt sends both as "activated").
        self.tree.itemActivated.connect(lambda item, _column: self._open_item(item))
        self.tree.currentItemChanged.connect(lambda _now, _before: self._update_button())
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.tree)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.since_label)
        layout.addWidget(self._stack, 1)
        self._bus = change_bus
        self.export_result = ""  # what the last calendar export said
        change_bus.changed.connect(self._on_changes)
        self._show_items([])

    # -- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._out_of_date = False
        services = self._services

        def work() -> list[AgendaItemDTO]:
            return services.agenda_items(date.max)

        self._worker.submit(work, self._show_items, self._on_failed)

    def set_last_session(self, last: date | None) -> None:
        """The day of the navigator's previous session (None: this is the first)."""
        self._last_session = last
        self._update_since()

    def items(self) -> list[AgendaItemDTO]:
        """The rows shown, in order: overdue, this week, later."""
        return list(self._items)

    def selected_item(self) -> AgendaItemDTO | None:
        return self._item_for(self.tree.currentItem())

    def export_calendar(self) -> None:
        from ui.calendar_export import export_calendar

        def report(ok: bool, text: str) -> None:
            self.export_result = text
            self.since_label.setText(text)
            self.since_label.setVisible(True)

        export_calendar(self, self._services, self._worker, self._bus, report)

    def open_selected(self) -> None:
        self._open_item(self.tree.currentItem())

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
        self._fetched = list(items)
        self._fill_case_filter()
        self._update_since()
        self._show_fetched()

    def _fill_case_filter(self) -> None:
        chosen = self.case_filter.currentData()
        references = sorted({i.case_reference for i in self._fetched})
        if chosen is not None and chosen not in references:
            references = sorted([*references, chosen])  # keep the choice: "nothing due"
        self.case_filter.blockSignals(True)
        self.case_filter.clear()
        self.case_filter.addItem(ALL_CASES, None)
        for reference in references:
            self.case_filter.addItem(reference, reference)
        index = self.case_filter.findData(chosen) if chosen is not None else 0
        self.case_filter.setCurrentIndex(max(index, 0))
        self.case_filter.blockSignals(False)

    def _update_since(self) -> None:
        text = since_last_session(self._fetched, self._last_session, self._today())
        self.since_label.setText(text)
        self.since_label.setVisible(bool(text))

    def _shown(self, item: AgendaItemDTO, today: date) -> bool:
        _text, days = FILTERS[max(self.filter.currentIndex(), 0)]
        reference = self.case_filter.currentData()
        if reference is not None and item.case_reference != reference:
            return False
        if days is None:
            return True
        return item.due_on <= today if days == 0 else item.due_on < today + timedelta(days=days)

    def _show_fetched(self) -> None:
        today = self._today()
        before = self.selected_item()
        shown = [i for i in self._fetched if self._shown(i, today)]
        # Overdue first (soonest first within), then what is coming.
        self._items = sorted(shown, key=lambda i: i.due_on)
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        index = 0
        for group in GROUPS:
            members = [i for i in self._items if group_of(i.due_on, today) == group]
            if not members:
                continue
            heading = QTreeWidgetItem([f"{group} ({len(members)})"])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            self.tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            heading.setExpanded(True)
            for item in members:
                row = self._row(item, today, index)
                heading.addChild(row)
                first = first or row
                if item == before:
                    current = row
                index += 1
        self.tree.expandAll()
        if current or first:
            self.tree.setCurrentItem(current or first)
        overdue = sum(1 for i in self._items if i.due_on < today)
        count = len(self._items)
        summary = f"{count} item{'s' if count != 1 else ''}" if count else ""
        self.summary.setText(summary + (f", {overdue} overdue" if overdue else ""))
        detail = _EMPTY_DETAIL[max(self.filter.currentIndex(), 0)]
        if self.case_filter.currentData() is not None:
            detail = f"Nothing is due for {self.case_filter.currentText()}."
        self.empty_label.setText(f"{EMPTY_TEXT}\n\n{detail}")
        self._stack.setCurrentWidget(self.tree if self._items else self.empty_label)
        self._update_button()

    def _row(self, item: AgendaItemDTO, today: date, index: int) -> QTreeWidgetItem:
        overdue = item.due_on < today
        details = item.label
        if item.kind is AgendaKind.OVERDUE_ACTION:
            what = "Action overdue" if overdue else "Action due"
        elif item.kind is AgendaKind.ASSESSMENT_DUE:
            what = "Assessment overdue" if overdue else "Assessment due"
        elif item.kind is AgendaKind.NRM_DEADLINE:
            what = "NRM date passed" if overdue else "NRM date"
        elif item.kind is AgendaKind.HEARING:
            what = "Hearing: record what happened" if overdue else "Hearing"
        else:
            what = "Plan review due"
            details = "Review these goals with the survivor"
        texts = [
            format_date(item.due_on),
            _when(item.due_on, today),
            item.case_reference,
            what,
            ", ".join(label(domain) for domain in item.domains),
            details,
            item.who,
        ]
        row = QTreeWidgetItem(texts)
        row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        row.setData(0, _CASE_ROLE, item.case_id)
        row.setData(0, _INDEX_ROLE, index)
        row.setToolTip(4, texts[4])
        row.setToolTip(5, details)
        for column in range(len(COLUMNS)):
            if overdue:
                row.setBackground(column, QBrush(_OVERDUE_BACKGROUND))
                row.setForeground(column, QBrush(_OVERDUE_TEXT))
            elif item.due_on == today:
                row.setBackground(column, QBrush(_TODAY_BACKGROUND))
        return row

    def _item_for(self, row: QTreeWidgetItem | None) -> AgendaItemDTO | None:
        if row is None:
            return None
        index = row.data(0, _INDEX_ROLE)
        if isinstance(index, int) and 0 <= index < len(self._items):
            return self._items[index]
        return None  # a group heading

    def _open_item(self, row: QTreeWidgetItem | None) -> None:
        item = self._item_for(row)
        if item is not None:
            self.open_case_requested.emit(item.case_id)
            self.open_case_tab_requested.emit(item.case_id, TAB_FOR_KIND.get(item.kind, "plan"))

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected_item() is not None)

    def _on_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self._fetched = []
        self._items = []
        self.tree.clear()
        self.empty_label.setText(f"The agenda could not be read. {message}")
        self._stack.setCurrentWidget(self.empty_label)
        self._update_button()
