"""The caseload table model: the ordered case IDs of one query, and their rows paged in on demand.

Big tables hold IDs, not rows (Anki's browser). One ``caseload_ids`` call, filtered, searched and
sorted in SQL, gives the order; the rows the view actually paints are fetched a page at a time on
the database worker into a small LRU cache (``PageCache``). Memory stays flat however large the
vault is: 100,000 IDs are an 800 KB array, and at most ``max_pages`` pages of rows are held.

``data()`` never blocks. A row whose page is not cached shows a light placeholder and asks for its
page once; when the page arrives the model emits ``dataChanged`` for it. Every query is versioned,
so the result of an older query (a navigator typing fast) is thrown away when it arrives late.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QGuiApplication, QPalette
from shiboken6 import isValid

from models.dto import CaseloadQuery, CaseRow
from ui.caseload.columns import (
    COLUMN_COUNT,
    COLUMN_OF_SORT,
    HEADERS,
    SORTS,
    Column,
    format_opened,
    spoken_date,
)
from ui.caseload.page_cache import PageCache, can_submit
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


def is_filtered(query: CaseloadQuery) -> bool:
    """Whether the query can leave cases out (so the count reads "3 of 1,234 cases")."""
    return bool(
        query.search.strip()
        or query.kind is not None
        or query.status is not None
        or query.police_force
    )


_QueryResult = tuple[list[int], int | None, dict[int, list[CaseRow]]]
"""IDs in order, the vault's total (None if not counted), and the first pages of rows."""


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
        self._version = 0
        self._query_running = False
        self._queued_refresh: bool | None = None  # a query asked for while one was running
        self._loading = False
        self._total: int | None = None
        self._total_dirty = True

        self._rows = PageCache(
            services, worker, page_size=page_size, max_pages=max_pages, parent=self
        )
        self._rows.rows_changed.connect(self._on_rows_changed)

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
        return self._rows.page_count()

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
        self._rows.reset(array("q"))
        self.endResetModel()
        self._total = None
        self._total_dirty = True
        self._set_loading(False)
        self.count_changed.emit(0)

    def case_id_at(self, row: int) -> int | None:
        ids = self._rows.ids
        if 0 <= row < len(ids):
            return ids[row]
        return None

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id``, or -1."""
        try:
            return self._rows.ids.index(case_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> CaseRow | None:
        """The cached row, without fetching anything; None if it is not cached."""
        line = self._rows.peek(row)
        return line.row if line is not None else None

    def sort_column(self) -> int:
        return int(COLUMN_OF_SORT[self._query.sort])

    def sort_order(self) -> Qt.SortOrder:
        if self._query.descending:
            return Qt.SortOrder.DescendingOrder
        return Qt.SortOrder.AscendingOrder

    def invalidate_cases(self, case_ids: Iterable[int]) -> None:
        """Fetch again the pages showing these cases; the rows keep showing until then."""
        self._rows.invalidate(case_ids)

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

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
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {HEADERS[Column(section)].lower()}"
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
        ids = self._rows.ids
        if not (0 <= row < len(ids) and 0 <= column < COLUMN_COUNT):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT

        line = self._rows.line(row)
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
                return spoken_date(line.row.opened_on)
            return line.cells[column]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL, by running the query again in the new order."""
        if not 0 <= column < COLUMN_COUNT:
            return
        query = replace(
            self._query,
            sort=SORTS[Column(column)],
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
        if not can_submit(self._worker):
            self._set_loading(False)
            return
        version = self._version
        query = self._query
        services = self._services
        need_total = self._total is None or self._total_dirty
        filtered = is_filtered(query)
        # The first rows come back with the IDs, so a new result never flashes placeholders.
        # A refresh brings back the pages last looked at (the view keeps its scroll position).
        first_pages = (self._rows.recent_pages(2) if refresh else []) or [0]
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
        self._rows.reset(array("q", ids), pages)
        self._shown_query = query
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

    # --- Rows -------------------------------------------------------------------------------

    def _on_rows_changed(self, first: int, count: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(first + count - 1, COLUMN_COUNT - 1))

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
