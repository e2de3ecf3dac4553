"""The purchase list: filter by date, category, status and words, sort by any column header, and
open a purchase to change it.

The view builds a ``PurchaseQuery`` from its controls and hands it to the model, which runs it
in SQL on the database worker; typing in the search field is debounced, so a burst of
keystrokes runs one query. The footer gives the count and the paid total of the whole query,
not just of the rows on screen. Enter or a double-click opens the purchase in the purchase
dialog; "New programme cost…" records a purchase with no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.dto import PurchaseQuery
from models.enums import PurchaseCategory, PurchaseStatus
from models.rules.budget_balance import financial_year
from models.rules.date_text import format_date
from ui.budget.purchase_list_model import (
    SORTS,
    Column,
    PurchaseListModel,
    Totals,
    footer_text,
)
from ui.labels import label
from ui.operations import ChangeBus, Worker
from ui.widgets.date_edit import OptionalDateEdit

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = [
    "NO_MATCH_TEXT",
    "SEARCH_DELAY_MS",
    "PurchaseList",
]

SEARCH_DELAY_MS = 250
"""Typing pauses shorter than this run one query, for the last text."""
LOADING_DELAY_MS = 200
"""Queries quicker than this never show the loading bar."""
SEARCH_PLACEHOLDER = "Search supplier, purpose, case"
NO_MATCH_TEXT = "No purchases match these filters."
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
E = TypeVar("E", bound=StrEnum)


def _member(enum: type[E], value: object) -> E | None:
    return None if value is None else enum(value)


def _no_purchases_text(start: date | None, end: date | None) -> str:
    if start is not None and end is not None:
        return f"No purchases from {format_date(start)} to {format_date(end)}."
    return "No purchases yet."


class PurchaseList(QWidget):
    """Filters, the table of purchases and its footer. ``dialog`` is the purchase dialog last
    opened from here (None once it is closed)."""

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        model: PurchaseListModel | None = None,
        load: bool = True,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._today = today
        self.model = model or PurchaseListModel(services, worker, self)
        self.dialog: QWidget | None = None
        self._updating = False
        self._restore: tuple[int | None, int] | None = None  # (purchase ID, scroll) on refresh
        self._build()
        self._connect()
        if load:
            self._apply_query()

    # --- Public API -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again (after a change), keeping the selected purchase and the scroll."""
        self._restore = (self.selected_purchase_id(), self.table.verticalScrollBar().value())
        self.model.refresh()

    def set_period(self, start: date, end: date) -> None:
        """Show the purchases dated ``start``..``end`` (the page's chosen period)."""
        self._updating = True
        try:
            self.date_from.setDate(start)
            self.date_to.setDate(end)
        finally:
            self._updating = False
        self._apply_query()

    def query_from_controls(self) -> PurchaseQuery:
        current = self.model.query()
        return PurchaseQuery(
            date_from=self.date_from.date(),
            date_to=self.date_to.date(),
            # Qt hands StrEnum item data back as plain str.
            category=_member(PurchaseCategory, self.category_filter.currentData()),
            status=_member(PurchaseStatus, self.status_filter.currentData()),
            search=self.search.text().strip(),
            sort=current.sort,
            descending=current.descending,
        )

    def footer(self) -> str:
        return self.footer_label.text()

    def selected_purchase_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.purchase_id_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def clear_filters(self) -> None:
        self._search_timer.stop()
        self._updating = True
        try:
            self.search.clear()
            self.category_filter.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(0)
        finally:
            self._updating = False
        self._apply_query()

    def open_selected(self) -> QWidget | None:
        purchase_id = self.selected_purchase_id()
        return None if purchase_id is None else self.open_purchase(purchase_id)

    def open_purchase(self, purchase_id: int) -> QWidget | None:
        """Open the purchase for changing, in the purchase dialog."""
        return self._open_dialog(purchase_id=purchase_id)

    def new_programme_cost(self) -> QWidget | None:
        """Record a purchase with no case (training materials, a group interpreter…)."""
        return self._open_dialog(case_id=None)

    # --- Building ---------------------------------------------------------------------------

    def _build(self) -> None:
        start, end = financial_year(self._today())
        self.date_from = OptionalDateEdit(self, empty_text="Any date", default=lambda: start)
        self.date_to = OptionalDateEdit(self, empty_text="Any date", default=lambda: end)
        self.date_from.set_accessible_name("Purchases from")
        self.date_to.set_accessible_name("Purchases to")
        self.date_from.setDate(start)
        self.date_to.setDate(end)
        from_caption = QLabel("&From", self)
        from_caption.setBuddy(self.date_from)
        to_caption = QLabel("&to", self)
        to_caption.setBuddy(self.date_to)

        self.category_filter = self._combo(
            "Filter by category", "All categories", list(PurchaseCategory)
        )
        self.status_filter = self._combo("Filter by status", "All statuses", list(PurchaseStatus))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search purchases")
        self.search.setToolTip("Words in the supplier or the purpose, or a case reference")
        self.search.setMinimumWidth(200)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.new_button = QPushButton("New &programme cost…", self)
        self.new_button.setAutoDefault(False)
        self.new_button.setToolTip("Record a purchase that is not for one case")
        self.open_button = QPushButton("&Open…", self)
        self.open_button.setAutoDefault(False)
        self.open_button.setToolTip("Open the selected purchase (Enter)")
        self.open_button.setEnabled(False)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(from_caption)
        filters.addWidget(self.date_from)
        filters.addWidget(to_caption)
        filters.addWidget(self.date_to)
        filters.addSpacing(6)
        filters.addWidget(self.category_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search, 1)
        filters.addSpacing(6)
        filters.addWidget(self.open_button)
        filters.addWidget(self.new_button)

        self.loading_bar = QProgressBar(self)
        self.loading_bar.setRange(0, 0)
        self.loading_bar.setTextVisible(False)
        self.loading_bar.setFixedHeight(3)
        self.loading_bar.setAccessibleName("Loading purchases")
        policy = self.loading_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.loading_bar.setSizePolicy(policy)
        self.loading_bar.hide()

        self.table = QTableView(self)
        self._setup_table()
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.footer_label = QLabel(self)
        self.footer_label.setObjectName("purchaseTotals")
        self.footer_label.setAccessibleName("Purchase totals")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.loading_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(LOADING_DELAY_MS)

    def _combo(self, accessible: str, everything: str, values: list[Any]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.addItem(everything, None)
        for value in values:
            combo.addItem(label(value), value)
        # Room for most labels; the longest ("Legal and identity documents") is cut short
        # in the closed box only, so the search field keeps its width at 1366 pixels.
        combo.setMinimumContentsLength(14)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setObjectName("purchaseTable")
        table.setAccessibleName("Purchases")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.setCornerButtonEnabled(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        metrics = table.fontMetrics()
        rows = table.verticalHeader()
        rows.hide()
        # Fixed, equal row heights: the view never measures rows, however many there are.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(metrics.height() + 10)

        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setMinimumSectionSize(50)
        pad = 28  # cell margins and the sort arrow

        def width(*samples: str) -> int:
            return max(metrics.horizontalAdvance(s) for s in samples) + pad

        widths = {
            Column.DATE: width("30 Sep 2026", "Date"),
            Column.CASE: width("WP-2026-00000", "Programme"),
            Column.CATEGORY: width(*(label(c) for c in PurchaseCategory)),
            Column.SUPPLIER: width("A supplier's name here"),
            Column.AMOUNT: width("£10,000.00", "Amount"),
            Column.STATUS: width(*(label(s) for s in PurchaseStatus), "Status"),
            Column.RECEIPT: width("Missing", "Receipt"),
        }
        for column, px in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, px)
        header.setSectionResizeMode(Column.PURPOSE, QHeaderView.ResizeMode.Stretch)
        # The indicator first: enabling sorting sorts by it at once, and that must be a no-op.
        header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
        table.setSortingEnabled(True)

    def _connect(self) -> None:
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._on_filter_changed)
        for combo in (self.category_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._on_search_edited)
        self._search_timer.timeout.connect(self._apply_query)
        self.new_button.clicked.connect(self.new_programme_cost)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        model = self.model
        model.modelReset.connect(self._after_reset)
        model.totals_changed.connect(self._show_totals)
        model.loading_changed.connect(self._on_loading_changed)
        self._loading_timer.timeout.connect(self.loading_bar.show)

    # --- Queries ----------------------------------------------------------------------------

    def _apply_query(self) -> None:
        self._search_timer.stop()
        query = self.query_from_controls()
        if query != self.model.query() or self.model.shown_query() is None:
            self._restore = None
            self.model.set_query(query)

    def _on_filter_changed(self, *_args: object) -> None:
        if not self._updating:
            self._apply_query()

    def _on_search_edited(self, _text: str) -> None:
        if not self._updating:
            self._search_timer.start()

    def _on_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        if 0 <= column < len(Column) and Column(column) in SORTS:
            return
        # Purpose and Receipt have no SQL order: put the indicator back where the sort is.
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
        header.blockSignals(False)

    def _on_loading_changed(self, loading: bool) -> None:
        if loading:
            self._loading_timer.start()
        else:
            self._loading_timer.stop()
            self.loading_bar.hide()

    def _after_reset(self) -> None:
        restore, self._restore = self._restore, None
        if restore is not None:
            purchase_id, scroll = restore
            self.table.updateGeometries()
            self.table.verticalScrollBar().setValue(scroll)
            row = self.model.row_of(purchase_id) if purchase_id is not None else -1
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    self.table.selectionModel().SelectionFlag.ClearAndSelect
                    | self.table.selectionModel().SelectionFlag.Rows,
                )
        else:
            self.table.scrollToTop()
        self._update_buttons()

    def _show_totals(self, totals: Totals) -> None:
        self.footer_label.setText(footer_text(totals))
        self._update_empty(totals)

    def _update_empty(self, totals: Totals) -> None:
        if totals.count:
            self.empty_label.hide()
            return
        query = self.model.shown_query() or PurchaseQuery()
        narrowed = replace(query, date_from=None, date_to=None, sort=PurchaseQuery().sort)
        if narrowed.search or narrowed.category is not None or narrowed.status is not None:
            text = NO_MATCH_TEXT
        else:
            text = _no_purchases_text(query.date_from, query.date_to) + (
                "\nRecord a purchase from a case's Purchases tab, or add a programme cost."
            )
        self.empty_label.setText(text)
        self.empty_label.setAccessibleName(text)
        self.empty_label.resize(self.table.viewport().size())
        self.empty_label.show()

    def _update_buttons(self, *_args: object) -> None:
        self.open_button.setEnabled(self.selected_purchase_id() is not None)

    # --- Opening ----------------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        purchase_id = self.model.purchase_id_at(row)
        if purchase_id is not None:
            self.open_purchase(purchase_id)

    def _open_dialog(self, **which: int | None) -> QWidget | None:
        # Imported here: the purchase dialog belongs to ui/purchases and is only needed now.
        from ui.purchases.purchase_dialog import PurchaseDialog

        dialog = PurchaseDialog(self._services, self._worker, self._bus, self.window(), **which)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda _o=None: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.resize(self.table.viewport().size())
        elif (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)
