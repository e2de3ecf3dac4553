"""The purchase list as a table model: the ordered IDs of one query, their rows paged in on demand.

It stays fast with 50,000 purchases the way the caseload does with 100,000 cases: one
``purchase_ids`` call, filtered and sorted in SQL, gives the order; the rows the view paints are
fetched a page at a time on the database worker into a bounded cache (``RowPages``). The count
and the paid total of the footer come from ``purchase_total`` with the same query.

``data()`` never blocks: a row whose page is not cached shows a quiet placeholder and asks for
its page once. Queries are versioned, so an answer that arrives after a newer query was asked
for (a navigator typing fast) is thrown away, and only one ID query runs at a time.
"""

from __future__ import annotations

import logging
from array import array
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from shiboken6 import isValid

from models.dto import PurchaseQuery, PurchaseRow, PurchaseSort
from models.enums import PurchaseStatus
from models.rules.date_text import format_date
from models.rules.money import format_pence
from ui.budget.row_pages import Line, RowPages, can_submit
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = [
    "HEADERS",
    "PLACEHOLDER",
    "PURCHASE_ROW_ROLE",
    "Column",
    "PurchaseListModel",
    "Totals",
    "footer_text",
    "is_filtered",
]

log = logging.getLogger(__name__)

PLACEHOLDER = "…"
PURCHASE_ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's ``PurchaseRow`` (None while not cached); ``Qt.UserRole`` gives the purchase ID."""


class Column(IntEnum):
    DATE = 0
    CASE = 1
    CATEGORY = 2
    SUPPLIER = 3
    PURPOSE = 4
    AMOUNT = 5
    STATUS = 6
    RECEIPT = 7


HEADERS: dict[Column, str] = {
    Column.DATE: "Date",
    Column.CASE: "Case",
    Column.CATEGORY: "Category",
    Column.SUPPLIER: "Supplier",
    Column.PURPOSE: "Purpose",
    Column.AMOUNT: "Amount",
    Column.STATUS: "Status",
    Column.RECEIPT: "Receipt",
}
SORTS: dict[Column, PurchaseSort] = {
    Column.DATE: PurchaseSort.DATE,
    Column.CASE: PurchaseSort.CASE,
    Column.CATEGORY: PurchaseSort.CATEGORY,
    Column.SUPPLIER: PurchaseSort.SUPPLIER,
    Column.AMOUNT: PurchaseSort.AMOUNT,
    Column.STATUS: PurchaseSort.STATUS,
}
"""The columns the list can sort by (in SQL); Purpose and Receipt cannot."""
COLUMN_OF_SORT = {sort: column for column, sort in SORTS.items()}
COLUMN_COUNT = len(Column)
PROGRAMME_COST = "Programme"
"""The Case cell of a purchase with no case (a programme cost)."""
MISSING_RECEIPT = "Missing"

_GONE_LINE = Line(None, ("—",) * COLUMN_COUNT)  # deleted between the ID query and the page
_FADED = frozenset({PurchaseStatus.CANCELLED, PurchaseStatus.REFUNDED})
_MISSING_COLOUR = QColor("#9A3412")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
        PURCHASE_ROW_ROLE,
    }
)
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _receipt_text(row: PurchaseRow) -> str:
    if row.receipt_count:
        return "Yes" if row.receipt_count == 1 else f"{row.receipt_count}"
    return MISSING_RECEIPT if row.status is PurchaseStatus.PAID else ""


def line_of(row: PurchaseRow) -> Line:
    return Line(
        row,
        (
            format_date(row.purchased_on),
            row.case_reference or PROGRAMME_COST,
            label(row.category),
            row.supplier,
            " ".join(row.purpose.split()),
            format_pence(row.amount_pence),
            label(row.status),
            _receipt_text(row),
        ),
    )


@dataclass(frozen=True)
class Totals:
    count: int
    paid_pence: int


def footer_text(totals: Totals) -> str:
    """ "1,234 purchases · £12,345.67 paid"."""
    noun = "purchase" if totals.count == 1 else "purchases"
    return f"{totals.count:,} {noun} · {format_pence(totals.paid_pence)} paid"


def is_filtered(query: PurchaseQuery, default: PurchaseQuery | None = None) -> bool:
    """Whether the query leaves out purchases beyond the default date range."""
    base = default or PurchaseQuery()
    return bool(
        query.search.strip()
        or query.category is not None
        or query.status is not None
        or query.case_id is not None
        or query.allocation_id is not None
        or (query.date_from, query.date_to) != (base.date_from, base.date_to)
    )


_QueryResult = tuple[list[int], Totals, dict[int, list[PurchaseRow]]]


class PurchaseListModel(QAbstractTableModel):
    """Purchases as a table. Create, query and read it on the GUI thread only."""

    loading_changed = Signal(bool)
    """True while an ID query runs (not while a page of rows is fetched)."""
    count_changed = Signal(int)
    """The number of purchases the current query found (emitted after each query)."""
    totals_changed = Signal(object)
    """The ``Totals`` of the shown query: count and paid spend."""

    def __init__(
        self,
        services: Services,
        worker: Worker,
        parent: QObject | None = None,
        *,
        page_size: int = 100,
        max_pages: int = 20,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._query = PurchaseQuery()
        self._shown_query: PurchaseQuery | None = None
        self._totals = Totals(0, 0)
        self._version = 0
        self._running = False
        self._queued: bool | None = None  # a query asked for while one ran (refresh or not)
        self._loading = False
        self._rows = RowPages(
            worker,
            services.purchase_rows,
            line_of,
            _GONE_LINE,
            page_size=page_size,
            max_pages=max_pages,
            parent=self,
        )
        self._rows.rows_changed.connect(self._on_rows_changed)
        self._placeholder_brush: QBrush | None = None

    # --- Public API -------------------------------------------------------------------------

    @property
    def page_size(self) -> int:
        return self._rows.page_size

    def query(self) -> PurchaseQuery:
        """The query last asked for (its answer may still be on its way)."""
        return self._query

    def shown_query(self) -> PurchaseQuery | None:
        """The query whose answer is shown; None before the first one arrived."""
        return self._shown_query

    def totals(self) -> Totals:
        return self._totals

    def is_loading(self) -> bool:
        return self._loading

    def cached_page_count(self) -> int:
        return self._rows.page_count()

    def cached_row_count(self) -> int:
        """How many rows are held now: never more than page_size times max_pages."""
        return self._rows.cached_row_count()

    def rows_fetched(self) -> int:
        """How many rows were fetched page by page (not counting those that came with a query)."""
        return self._rows.rows_fetched

    def set_query(self, query: PurchaseQuery) -> None:
        self._query = query
        self._requery(refresh=False)

    def refresh(self) -> None:
        """Run the current query again (after a change), keeping the pages last looked at."""
        self._requery(refresh=True)

    def purchase_id_at(self, row: int) -> int | None:
        ids = self._rows.ids
        return ids[row] if 0 <= row < len(ids) else None

    def row_of(self, purchase_id: int) -> int:
        try:
            return self._rows.ids.index(purchase_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> PurchaseRow | None:
        """The cached row, fetching nothing."""
        line = self._rows.peek(row)
        return None if line is None else line.row

    def sort_column(self) -> int:
        return int(COLUMN_OF_SORT[self._query.sort])

    def sort_order(self) -> Qt.SortOrder:
        if self._query.descending:
            return Qt.SortOrder.DescendingOrder
        return Qt.SortOrder.AscendingOrder

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
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {HEADERS[column].lower()}" if column in SORTS else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column is Column.AMOUNT else _LEFT
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        ids = self._rows.ids
        if not (0 <= row < len(ids) and 0 <= column < COLUMN_COUNT):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == Column.AMOUNT else _LEFT
        line = self._rows.line(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if line is None:
                return PLACEHOLDER if column == Column.SUPPLIER else ""
            return line.cells[column]
        if role == PURCHASE_ROW_ROLE:
            return None if line is None else line.row
        if line is None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._placeholder()
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "Loading"
            return None
        purchase: PurchaseRow | None = line.row
        if role == Qt.ItemDataRole.ForegroundRole:
            if purchase is None:
                return None
            if column == Column.RECEIPT and line.cells[column] == MISSING_RECEIPT:
                return QBrush(_MISSING_COLOUR)
            if purchase.status in _FADED:
                return self._placeholder()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.SUPPLIER, Column.PURPOSE) and purchase is not None:
                return line.cells[column] or None
            if column == Column.RECEIPT and line.cells[column] == MISSING_RECEIPT:
                return "Paid, but no receipt is attached"
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == Column.RECEIPT and purchase is not None and not line.cells[column]:
                return "No receipt needed yet"
            return line.cells[column]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by running the query again; columns with no SQL order are ignored."""
        if not 0 <= column < COLUMN_COUNT or Column(column) not in SORTS:
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
        if self._running:
            # One ID query at a time: when it returns only the newest asked for runs.
            self._queued = bool(self._queued) or refresh
            return
        self._submit(refresh)

    def _submit(self, refresh: bool) -> None:
        if not can_submit(self._worker):
            self._set_loading(False)
            return
        version, query, services = self._version, self._query, self._services
        # The first rows come back with the IDs, so a new answer never flashes placeholders;
        # a refresh brings back the pages last looked at.
        first_pages = (self._rows.recent_pages(2) if refresh else []) or [0]
        size = self._rows.page_size

        def work() -> _QueryResult:
            ids = services.purchase_ids(query)
            count, paid = services.purchase_total(query)
            pages = {
                page: services.purchase_rows(ids[page * size : (page + 1) * size])
                for page in first_pages
                if page * size < len(ids)
            }
            return ids, Totals(count, paid), pages

        self._running = True
        self._worker.submit(
            work,
            lambda result: self._arrived(version, query, result),
            lambda error: self._failed(version, error),
        )

    def _finished(self) -> bool:
        """Start the query asked for meanwhile, if any; False if the model is gone."""
        if not isValid(self):
            return False
        self._running = False
        if self._queued is not None:
            refresh, self._queued = self._queued, None
            self._submit(refresh)
        return True

    def _arrived(self, version: int, query: PurchaseQuery, result: _QueryResult) -> None:
        if not self._finished() or version != self._version:
            return
        ids, totals, pages = result
        self.beginResetModel()
        self._rows.reset(array("q", ids), pages)
        self._shown_query = query
        self.endResetModel()
        self._totals = totals
        self._set_loading(False)
        self.totals_changed.emit(totals)
        self.count_changed.emit(len(ids))

    def _failed(self, version: int, error: BaseException) -> None:
        if not self._finished() or version != self._version:
            return
        log.error("The purchase query failed with %s", type(error).__name__)
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
