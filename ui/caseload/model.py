"""The caseload table model: the ordered case IDs of one query, and their rows paged in on demand.

Big tables hold IDs, not rows (Anki's browser). One ``caseload_ids`` call, filtered, searched and
sorted in SQL, gives the order; the rows the view actually paints are fetched a page at a time on
the database worker into a small LRU cache. Memory stays flat however large the vault is: 100,000
IDs are an 800 KB array, and at most ``max_pages`` pages of rows are held.

``data()`` never blocks. A row whose page is not cached shows a light placeholder and asks for its
page once; when the page arrives the model emits ``dataChanged`` for it. Every query is versioned,
so the result of an older query (a navigator typing fast) is thrown away when it arrives late.
"""

from __future__ import annotations

import itertools
import logging
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QGuiApplication, QPalette
from shiboken6 import isValid

from models.dto import CaseloadQuery, CaseloadSort, CaseRow
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = [
    "CASE_ROW_ROLE",
    "PLACEHOLDER",
    "CaseloadModel",
    "Column",
    "format_opened",
    "is_filtered",
]

log = logging.getLogger(__name__)

PLACEHOLDER = "…"
"""What the Name cell shows while the row's page is on its way (the other cells are blank)."""

CASE_ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's ``CaseRow``, or None while it is not cached. ``Qt.UserRole`` gives the case ID."""

_GONE = "—"  # a case deleted between the ID query and the page fetch; a refresh follows


class Column(IntEnum):
    REFERENCE = 0
    NAME = 1
    KIND = 2
    STATUS = 3
    FORCE = 4
    OPENED = 5


_HEADERS: dict[Column, str] = {
    Column.REFERENCE: "Reference",
    Column.NAME: "Name",
    Column.KIND: "Kind",
    Column.STATUS: "Status",
    Column.FORCE: "Police force",
    Column.OPENED: "Opened",
}

_SORTS: dict[Column, CaseloadSort] = {
    Column.REFERENCE: CaseloadSort.REFERENCE,
    Column.NAME: CaseloadSort.NAME,
    Column.KIND: CaseloadSort.KIND,
    Column.STATUS: CaseloadSort.STATUS,
    Column.FORCE: CaseloadSort.FORCE,
    Column.OPENED: CaseloadSort.OPENED,
}
_COLUMN_OF_SORT = {sort: column for column, sort in _SORTS.items()}
_COLUMNS = len(Column)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Page requests: at most this many on the worker at once, and at most this many waiting. When a
# navigator drags the scroll bar from top to bottom, the pages flown past are dropped unfetched.
_MAX_IN_FLIGHT = 2
_MAX_WANTED = 8

_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
        CASE_ROW_ROLE,
    }
)
_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def format_opened(day: date) -> str:
    """dd MMM yyyy in English whatever the system locale: "02 Mar 2026"."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def _spoken_date(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def is_filtered(query: CaseloadQuery) -> bool:
    """Whether the query can leave cases out (so the count reads "3 of 1,234 cases")."""
    return bool(
        query.search.strip()
        or query.kind is not None
        or query.status is not None
        or query.police_force
    )


@dataclass(frozen=True, slots=True)
class _Line:
    """One cached row: the DTO and its cell texts, formatted once when the page arrives."""

    row: CaseRow | None
    cells: tuple[str, ...]


_GONE_LINE = _Line(None, (_GONE,) * _COLUMNS)


def _line(row: CaseRow) -> _Line:
    return _Line(
        row,
        (
            row.reference,
            row.display_name,
            label(row.kind),
            label(row.status),
            row.police_force,
            format_opened(row.opened_on),
        ),
    )


_QueryResult = tuple[list[int], int | None, dict[int, list[CaseRow]]]
"""IDs in order, the vault's total (None if not counted), and the first pages of rows."""


class _Page:
    __slots__ = ("failed", "lines", "stale")

    def __init__(self, lines: list[_Line | None], *, failed: bool = False) -> None:
        self.lines = lines
        self.stale = False  # shown as it is, but fetched again when next painted
        self.failed = failed  # the fetch failed: show placeholders, do not retry until a requery


class CaseloadModel(QAbstractTableModel):
    """The caseload as a table. Create, query and read it on the GUI thread only."""

    loading_changed = Signal(bool)
    """True while an ID query is running (not while a page of rows is fetched)."""
    count_changed = Signal(int)
    """The number of rows the current query found."""
    total_changed = Signal(int)
    """The number of cases in the vault, whatever the filters."""

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        max_pages: int = 50,
    ) -> None:
        super().__init__(parent)
        if page_size < 1 or max_pages < 1:
            raise ValueError("page_size and max_pages must be at least 1")
        self._services = services
        self._worker = worker
        self._page_size = page_size
        self._max_pages = max_pages

        self._query = CaseloadQuery()  # the latest asked for
        self._shown_query = CaseloadQuery()  # the one whose IDs are shown
        self._ids: array[int] = array("q")
        self._version = 0
        self._query_running = False
        self._queued_refresh: bool | None = None  # a query asked for while one was running
        self._loading = False
        self._total: int | None = None
        self._total_dirty = True

        self._pages: OrderedDict[int, _Page] = OrderedDict()  # least recently used first
        self._pending: dict[int, int] = {}  # page -> token of the fetch in flight
        self._wanted: OrderedDict[int, None] = OrderedDict()  # most urgent last
        self._in_flight = 0
        self._tokens = itertools.count(1)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

        self._placeholder_brush: QBrush | None = None
        if change_bus is not None:
            change_bus.changed.connect(self._on_changes)

    # --- Public API -------------------------------------------------------------------------

    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def max_pages(self) -> int:
        return self._max_pages

    def query(self) -> CaseloadQuery:
        """The query last asked for (its results may still be on their way)."""
        return self._query

    def shown_query(self) -> CaseloadQuery:
        """The query whose results the model holds now."""
        return self._shown_query

    def is_loading(self) -> bool:
        return self._loading

    def total_count(self) -> int | None:
        """Cases in the vault, whatever the filters; None before the first query returns."""
        return self._total

    def cached_page_count(self) -> int:
        return len(self._pages)

    def set_query(self, query: CaseloadQuery) -> None:
        """Run ``query`` and show its results when they arrive (unless a newer one overtakes)."""
        self._query = query
        self._requery(refresh=False)

    def refresh(self) -> None:
        """Run the current query again, and count the vault again."""
        self._total_dirty = True
        self._requery(refresh=True)

    def clear(self) -> None:
        """Forget every ID and row (the vault locks); answers still on their way are dropped."""
        self._version += 1
        self._queued_refresh = None
        self.beginResetModel()
        self._ids = array("q")
        self._pages.clear()
        self._pending.clear()
        self._wanted.clear()
        self.endResetModel()
        self._total = None
        self._total_dirty = True
        self._set_loading(False)
        self.count_changed.emit(0)

    def case_id_at(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return None

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id``, or -1."""
        try:
            return self._ids.index(case_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> CaseRow | None:
        """The cached row, without fetching anything; None if it is not cached."""
        page = self._pages.get(row // self._page_size) if 0 <= row < len(self._ids) else None
        if page is None:
            return None
        line = page.lines[row % self._page_size]
        return line.row if line is not None else None

    def sort_column(self) -> int:
        return int(_COLUMN_OF_SORT[self._query.sort])

    def sort_order(self) -> Qt.SortOrder:
        if self._query.descending:
            return Qt.SortOrder.DescendingOrder
        return Qt.SortOrder.AscendingOrder

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < _COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {_HEADERS[Column(section)].lower()}"
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        column = index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < _COLUMNS):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT

        line = self._cached_line(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if line is None:  # one quiet mark per row, not a column of dots in every cell
                return PLACEHOLDER if column == Column.NAME else ""
            return line.cells[column]
        if role == CASE_ROW_ROLE:
            return None if line is None else line.row
        if line is None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._placeholder()
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "Loading"
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            # Only the columns long enough to be cut short by the view.
            if column in (Column.NAME, Column.FORCE) and line.row is not None:
                return line.cells[column] or None
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == Column.OPENED and line.row is not None:
                return _spoken_date(line.row.opened_on)
            return line.cells[column]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL, by running the query again in the new order."""
        if not 0 <= column < _COLUMNS:
            return
        query = replace(
            self._query,
            sort=_SORTS[Column(column)],
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        if query != self._query:
            self.set_query(query)

    # --- Queries ----------------------------------------------------------------------------

    def _requery(self, *, refresh: bool) -> None:
        self._version += 1
        self._set_loading(True)
        if self._query_running:
            # One ID query at a time: when it returns, only the newest query asked for since
            # runs, and the ones typed in between never reach the database.
            self._queued_refresh = bool(self._queued_refresh) or refresh
            return
        self._submit_query(refresh)

    def _submit_query(self, refresh: bool) -> None:
        if not self._can_submit():
            self._set_loading(False)
            return
        version = self._version
        query = self._query
        services = self._services
        need_total = self._total is None or self._total_dirty
        filtered = is_filtered(query)
        # The first rows come back with the IDs, so a new result never flashes placeholders.
        # A refresh brings back the pages last looked at (the view keeps its scroll position).
        first_pages = list(self._pages)[-2:] if refresh and self._pages else [0]
        size = self._page_size

        def work() -> _QueryResult:
            ids = services.caseload_ids(query)
            if not filtered:
                total: int | None = len(ids)
            else:
                total = services.count_cases() if need_total else None
            pages = {
                page: services.caseload_rows(ids[page * size : (page + 1) * size])
                for page in first_pages
                if page * size < len(ids)
            }
            return ids, total, pages

        self._query_running = True
        self._worker.submit(
            work,
            lambda result: self._ids_arrived(version, query, result),
            lambda error: self._query_failed(version, error),
        )

    def _query_finished(self) -> bool:
        """Start the query asked for meanwhile, if any; False if the model is gone."""
        if not isValid(self):
            return False
        self._query_running = False
        if self._queued_refresh is not None:
            refresh, self._queued_refresh = self._queued_refresh, None
            self._submit_query(refresh)
        return True

    def _ids_arrived(self, version: int, query: CaseloadQuery, result: _QueryResult) -> None:
        if not self._query_finished() or version != self._version:
            return  # the model is gone, or a newer query is on its way
        ids, total, pages = result
        self.beginResetModel()
        self._ids = array("q", ids)
        self._shown_query = query
        self._pages.clear()
        self._pending.clear()
        self._wanted.clear()
        for page, rows in pages.items():
            self._store_page(page, rows)
        self.endResetModel()
        if total is not None:
            changed = total != self._total
            self._total = total
            self._total_dirty = False
            if changed:
                self.total_changed.emit(total)
        self._set_loading(False)
        self.count_changed.emit(len(ids))

    def _query_failed(self, version: int, error: BaseException) -> None:
        if not self._query_finished() or version != self._version:
            return
        log.error("The caseload query failed with %s", type(error).__name__)
        self._set_loading(False)
        self._worker.failed.emit(GENERIC_FAILURE_MESSAGE)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # --- Pages ------------------------------------------------------------------------------

    def _cached_line(self, row: int) -> _Line | None:
        """The row if its page is cached (asking for the page otherwise)."""
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        if page.stale:
            self._want(number)
        # Near the edge of a page, fetch the next one before it is needed.
        edge = max(1, self._page_size // 8)
        if offset >= self._page_size - edge:
            if number + 1 not in self._pages and (number + 1) * self._page_size < len(self._ids):
                self._want(number + 1, urgent=False)
        elif offset < edge and number > 0 and number - 1 not in self._pages:
            self._want(number - 1, urgent=False)
        return page.lines[offset]

    def _want(self, number: int, *, urgent: bool = True) -> None:
        if number in self._pending:
            return
        if number in self._wanted:
            if urgent:
                self._wanted.move_to_end(number)
            return
        self._wanted[number] = None
        if not urgent:
            self._wanted.move_to_end(number, last=False)
        while len(self._wanted) > _MAX_WANTED:
            self._wanted.popitem(last=False)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        while self._wanted and self._in_flight < _MAX_IN_FLIGHT:
            number, _ = self._wanted.popitem(last=True)
            cached = self._pages.get(number)
            if cached is not None and (cached.failed or not cached.stale):
                continue
            start = number * self._page_size
            if start >= len(self._ids):
                continue
            self._fetch(number, self._ids[start : start + self._page_size].tolist())

    def _can_submit(self) -> bool:
        # After the vault locks the worker is gone, but the table may still be painted once.
        return bool(getattr(self._worker, "running", True))

    def _fetch(self, number: int, ids: list[int]) -> None:
        if not self._can_submit():
            return
        token = next(self._tokens)
        self._pending[number] = token
        self._in_flight += 1
        services = self._services
        self._worker.submit(
            lambda: services.caseload_rows(ids),
            lambda rows: self._page_arrived(number, token, rows),
            lambda error: self._page_failed(number, token, error),
        )

    def _page_arrived(self, number: int, token: int, rows: list[CaseRow]) -> None:
        if not isValid(self):
            return
        self._in_flight -= 1
        if self._pending.get(number) == token:
            del self._pending[number]
            self._store_page(number, rows)
            self._emit_page_changed(number)
        if self._wanted and not self._flush_timer.isActive():
            self._flush_timer.start()

    def _page_failed(self, number: int, token: int, error: BaseException) -> None:
        if not isValid(self):
            return
        self._in_flight -= 1
        if self._pending.get(number) != token:
            return
        del self._pending[number]
        log.error("Fetching caseload rows failed with %s", type(error).__name__)
        cached = self._pages.get(number)
        if cached is not None:
            cached.stale = False  # keep showing what was there
        else:
            self._pages[number] = _Page([None] * self._page_len(number), failed=True)
            self._evict()
        self._worker.failed.emit(GENERIC_FAILURE_MESSAGE)

    def _page_len(self, number: int) -> int:
        start = number * self._page_size
        return max(0, min(self._page_size, len(self._ids) - start))

    def _store_page(self, number: int, rows: Sequence[CaseRow]) -> None:
        start = number * self._page_size
        by_id = {row.id: row for row in rows}
        lines: list[_Line | None] = []
        for case_id in self._ids[start : start + self._page_size]:
            row = by_id.get(case_id)
            lines.append(_line(row) if row is not None else _GONE_LINE)
        self._pages[number] = _Page(lines)
        self._pages.move_to_end(number)
        self._evict()

    def _evict(self) -> None:
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)

    def _emit_page_changed(self, number: int) -> None:
        length = self._page_len(number)
        if length:
            start = number * self._page_size
            self.dataChanged.emit(
                self.index(start, 0), self.index(start + length - 1, _COLUMNS - 1)
            )

    def _placeholder(self) -> QBrush:
        if self._placeholder_brush is None:
            palette = QGuiApplication.palette()
            self._placeholder_brush = QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        return self._placeholder_brush

    # --- Changes ----------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if changes.caseload:
            self.refresh()
        elif changes.cases:
            self.invalidate_cases(changes.cases)

    def invalidate_cases(self, case_ids: Iterable[int]) -> None:
        """Fetch again the pages showing these cases; the rows keep showing until then."""
        changed = frozenset(case_ids)
        if not changed or not self._ids:
            return
        touched: list[int] = []
        for number, page in self._pages.items():
            start = number * self._page_size
            if any(i in changed for i in self._ids[start : start + len(page.lines)]):
                page.stale = True
                page.failed = False
                touched.append(number)
        for number in list(self._pending):
            start = number * self._page_size
            if any(i in changed for i in self._ids[start : start + self._page_size]):
                # Its answer may predate the change: drop it when it comes.
                del self._pending[number]
                touched.append(number)
        # Repainting makes the view ask for the visible ones again; the others wait until seen.
        for number in touched:
            self._emit_page_changed(number)
