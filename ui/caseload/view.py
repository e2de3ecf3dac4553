"""The caseload page: search as you type, filters, and the table of cases.

The view builds a ``CaseloadQuery`` from its controls and hands it to the model, which runs it
in SQL on the database worker. Typing is debounced, so a burst of keystrokes runs one query. The
selection follows the case, not the row: after a refresh or a new sort the same case stays
selected wherever it has moved to.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
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

from models.dto import CaseloadQuery
from models.enums import CaseKind, CaseStatus
from models.rules.search_terms import NOTES_FROM_LETTERS, search_tokens
from ui.caseload.model import CaseloadModel, Column, is_filtered
from ui.labels import label
from ui.operations import ChangeBus, Changes, Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["CaseloadView"]

SEARCH_PLACEHOLDER = "Search reference, name or notes — Ctrl+F"
NO_CASES_TEXT = "No cases yet. Press Ctrl+N to open a new case."
NO_MATCH_TEXT = "No cases match your search."
NAMES_ONLY_TIP = (
    "A two-letter word is looked for in names and references only. Type a third letter to "
    "search contact notes too."
)
CLEAR_ALL_TEXT = "Clear search and filters"

SEARCH_DELAY_MS = 150
"""Typing pauses shorter than this run one query, for the last text."""
LOADING_DELAY_MS = 200
"""Queries quicker than this never show the loading bar, so typing does not make it flicker."""

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _Scroll(Enum):
    """Where the table scrolls when a result arrives."""

    KEEP = "keep"  # a refresh: stay where the navigator was
    SELECTION = "selection"  # a new sort: follow the selected case
    TOP = "top"  # a new search or filter: show the best matches


def _scroll_after(before: CaseloadQuery, after: CaseloadQuery) -> _Scroll:
    if before == after:
        return _Scroll.KEEP
    if replace(before, sort=after.sort, descending=after.descending) == after:
        return _Scroll.SELECTION
    return _Scroll.TOP


def _count_text(shown: int, total: int | None, filtered: bool) -> str:
    if total is None:
        return ""
    if filtered:
        return f"{shown:,} of {total:,} {'case' if total == 1 else 'cases'}"
    return f"{shown:,} {'case' if shown == 1 else 'cases'}"


class _CaseTable(QTableView):
    """The table, sending typed letters to the search field instead of searching row by row.

    ``QAbstractItemView.keyboardSearch`` reads every row's text, which would page in the whole
    caseload.
    """

    typed = Signal(str)

    def keyboardSearch(self, search: str) -> None:
        if search.strip():
            self.typed.emit(search)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        # A table moves Home/End along the row; in a list of cases they mean first/last case.
        if cursorAction in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            target = super().moveCursor(cursorAction, Qt.KeyboardModifier.ControlModifier)
            column = max(self.currentIndex().column(), 0)
            return target.siblingAtColumn(column) if target.isValid() else target
        return super().moveCursor(cursorAction, modifiers)

    def refresh_geometry(self) -> None:
        """Lay out rows now, so scroll positions set right after a reset are not clamped."""
        self.updateGeometries()


class _EmptyState(QWidget):
    """A centred message drawn over the table when it has no rows."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(False)
        self.message = QLabel(self)
        self.message.setObjectName("emptyState")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.action = QPushButton(self)
        self.action.setAutoDefault(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.action)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(2)
        self.hide()

    def show_message(self, message: str, action: str) -> None:
        self.message.setText(message)
        self.action.setText(action)
        self.setAccessibleName(message)
        self.show()
        self.raise_()


class CaseloadView(QWidget):
    """Search, filter and browse every case; Enter or double-click opens one."""

    open_case_requested = Signal(int)
    new_case_requested = Signal()

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus | None = None,
        parent: QWidget | None = None,
        *,
        model: CaseloadModel | None = None,
        load: bool = True,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._model = model or CaseloadModel(services, worker, change_bus, self)
        self._restore_id: int | None = None
        self._follow_restored = False  # select_case() asked for a case not listed yet
        self._previous_query = self._model.shown_query()
        self._saved_scroll = 0
        self._updating_filters = False

        self._build()
        self._connect(change_bus)
        if load:
            self.refresh()

    # --- Public API -------------------------------------------------------------------------

    @property
    def caseload_model(self) -> CaseloadModel:
        return self._model

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        """Run the query again, keeping the selected case and the scroll position."""
        self._model.refresh()
        self._load_forces()

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._model.case_id_at(rows[0].row())

    def select_case(self, case_id: int) -> bool:
        """Select the case; if it is not listed yet (a new case), select it once it is."""
        row = self._model.row_of(case_id)
        if row < 0:
            self._restore_id = case_id
            self._follow_restored = True
            return False
        self._select_row(row)
        self.table.scrollTo(self._model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def clear_search_and_filters(self) -> None:
        self._search_timer.stop()
        self._updating_filters = True
        try:
            self.search.clear()
            for combo in (self.kind_filter, self.status_filter, self.force_filter):
                combo.setCurrentIndex(0)
        finally:
            self._updating_filters = False
        self._apply_query()

    # --- Building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setMinimumWidth(260)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.kind_filter = self._combo("Filter by kind", "All kinds", list(CaseKind))
        self.status_filter = self._combo("Filter by status", "All statuses", list(CaseStatus))
        self.force_filter = self._combo("Filter by police force", "All forces", [])
        self.force_filter.setMinimumContentsLength(16)
        self.force_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.clear_filters_button = QPushButton("Clear filters", self)
        self.clear_filters_button.setAutoDefault(False)
        self.clear_filters_button.setEnabled(False)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("caseCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("000,000 of 000,000 cases")
        )

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.force_filter)
        bar.addWidget(self.clear_filters_button)
        bar.addWidget(self.count_label, 1)

        self.loading_bar = QProgressBar(self)
        self.loading_bar.setRange(0, 0)  # busy, no percentage
        self.loading_bar.setTextVisible(False)
        self.loading_bar.setFixedHeight(3)
        self.loading_bar.setAccessibleName("Searching")
        policy = self.loading_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the table must not jump when it shows
        self.loading_bar.setSizePolicy(policy)
        self.loading_bar.hide()

        self.table = _CaseTable(self)
        self._setup_table()
        self.empty_state = _EmptyState(self.table.viewport())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addSpacing(2)
        layout.addWidget(self.loading_bar)
        layout.addWidget(self.table, 1)

        self.setTabOrder(self.search, self.kind_filter)
        self.setTabOrder(self.kind_filter, self.status_filter)
        self.setTabOrder(self.status_filter, self.force_filter)
        self.setTabOrder(self.force_filter, self.clear_filters_button)
        self.setTabOrder(self.clear_filters_button, self.table)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(LOADING_DELAY_MS)

    def _combo(
        self, accessible: str, everything: str, values: list[CaseKind] | list[CaseStatus]
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.addItem(everything, None)
        for value in values:
            combo.addItem(label(value), value)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self._model)
        table.setAccessibleName("Cases")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.setCornerButtonEnabled(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)

        metrics = table.fontMetrics()
        rows = table.verticalHeader()
        rows.hide()
        # Fixed, equal row heights: the view never measures rows, whatever their number.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(metrics.height() + 10)

        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsMovable(False)
        header.setMinimumSectionSize(60)
        pad = 28  # cell margins plus room for the sort arrow

        def width(*samples: str) -> int:
            return max(metrics.horizontalAdvance(s) for s in samples) + pad

        widths = {
            Column.REFERENCE: width("WP-0000-00000", "Reference"),
            Column.KIND: width(*(label(k) for k in CaseKind)),
            Column.STATUS: width(*(label(s) for s in CaseStatus)),
            Column.FORCE: width("Metropolitan Police Service"),
            Column.OPENED: width("00 Mmm 0000", "Opened"),
        }
        for column, px in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, px)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)

        # The indicator first: enabling sorting sorts by it at once, and it must be a no-op.
        header.setSortIndicator(self._model.sort_column(), self._model.sort_order())
        table.setSortingEnabled(True)

    def _connect(self, change_bus: ChangeBus | None) -> None:
        self.search.textChanged.connect(self._on_search_edited)
        self._search_timer.timeout.connect(self._apply_query)
        for combo in (self.kind_filter, self.status_filter, self.force_filter):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.clear_filters_button.clicked.connect(self.clear_search_and_filters)
        self.empty_state.action.clicked.connect(self._on_empty_action)

        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.doubleClicked.connect(self._open_index)
        self.table.typed.connect(self._type_into_search)

        model = self._model
        model.modelAboutToBeReset.connect(self._before_reset)
        model.modelReset.connect(self._after_reset)
        model.count_changed.connect(self._update_status)
        model.total_changed.connect(self._update_status)
        model.loading_changed.connect(self._on_loading_changed)
        self._loading_timer.timeout.connect(self.loading_bar.show)
        if change_bus is not None:
            change_bus.changed.connect(self._on_changes)

    # --- Queries ----------------------------------------------------------------------------

    def _query_from_controls(self) -> CaseloadQuery:
        current = self._model.query()
        return CaseloadQuery(
            search=self.search.text().strip(),
            kind=self.kind_filter.currentData(),
            status=self.status_filter.currentData(),
            police_force=self.force_filter.currentData(),
            sort=current.sort,
            descending=current.descending,
        )

    def _apply_query(self) -> None:
        self._search_timer.stop()
        self._update_clear_button()
        query = self._query_from_controls()
        if query != self._model.query():
            self._model.set_query(query)

    def _on_search_edited(self, _text: str) -> None:
        if not self._updating_filters:
            self._update_clear_button()
            self._search_timer.start()

    def _on_filter_changed(self, _index: int) -> None:
        if not self._updating_filters:
            self._apply_query()

    def _update_clear_button(self) -> None:
        active = bool(self.search.text().strip()) or any(
            combo.currentIndex() > 0
            for combo in (self.kind_filter, self.status_filter, self.force_filter)
        )
        self.clear_filters_button.setEnabled(active)

    def _load_forces(self) -> None:
        if getattr(self._worker, "running", True):
            self._worker.submit(self._services.police_forces, self._set_forces)

    def _set_forces(self, forces: list[str]) -> None:
        combo = self.force_filter
        chosen = combo.currentData()
        self._updating_filters = True
        try:
            combo.clear()
            combo.addItem("All forces", None)
            for force in forces:
                combo.addItem(force, force)
            if chosen and chosen not in forces:
                combo.addItem(chosen, chosen)  # keep the filter the navigator chose
            index = combo.findData(chosen) if chosen else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            self._updating_filters = False
        longest = max((combo.fontMetrics().horizontalAdvance(f) for f in forces), default=0)
        combo.view().setMinimumWidth(longest + 40)

    def _on_changes(self, changes: Changes) -> None:
        if changes.caseload:
            # The model runs the query again itself; a new case may bring a new force.
            self._load_forces()

    # --- Results ----------------------------------------------------------------------------

    def _before_reset(self) -> None:
        if self._restore_id is None:
            self._restore_id = self.selected_case_id()
        self._saved_scroll = self.table.verticalScrollBar().value()
        self._previous_query = self._model.shown_query()

    def _after_reset(self) -> None:
        case_id, self._restore_id = self._restore_id, None
        follow, self._follow_restored = self._follow_restored, False
        scroll = _scroll_after(self._previous_query, self._model.shown_query())
        if follow:
            scroll = _Scroll.SELECTION
        row = self._model.row_of(case_id) if case_id is not None else -1
        self.table.refresh_geometry()
        if row >= 0:
            self._select_row(row)
        elif self.table.hasFocus() and self._model.rowCount() > 0:
            self._select_row(0)
        if scroll is _Scroll.KEEP:
            self.table.verticalScrollBar().setValue(self._saved_scroll)
        elif scroll is _Scroll.SELECTION and row >= 0:
            self.table.scrollTo(
                self._model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )
        else:
            self.table.scrollToTop()

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self._model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _on_loading_changed(self, loading: bool) -> None:
        if loading:
            if not self.loading_bar.isVisibleTo(self):
                self._loading_timer.start()
        else:
            self._loading_timer.stop()
            self.loading_bar.hide()
        self._update_status()

    def _update_status(self, *_args: object) -> None:
        model = self._model
        shown = model.rowCount()
        total = model.total_count()
        filtered = is_filtered(model.shown_query())
        text = _count_text(shown, total, filtered)
        typed = self.search.text()
        tokens = search_tokens(typed)
        reference = typed.strip().upper().startswith("WP-")
        if typed.strip() and not tokens and not reference:
            # One letter is not searched yet (it would match nearly every case): say so.
            text = f"Type two letters to search · {text}"
        names_only = not reference and any(len(t) < NOTES_FROM_LETTERS for t in tokens)
        if names_only:
            # Short, for the space beside the filters; the tooltip says why.
            text = f"Names only · {text}"
        self.count_label.setText(text)
        self.count_label.setToolTip(NAMES_ONLY_TIP if names_only else "")
        if shown > 0 or total is None:
            self.empty_state.hide()
        elif total == 0:
            self.empty_state.show_message(NO_CASES_TEXT, "New case")
        else:
            self.empty_state.show_message(NO_MATCH_TEXT, CLEAR_ALL_TEXT)
        self._place_empty_state()

    def _place_empty_state(self) -> None:
        self.empty_state.setGeometry(self.table.viewport().rect())

    def _on_empty_action(self) -> None:
        if self._model.total_count() == 0:
            self.new_case_requested.emit()
        else:
            self.clear_search_and_filters()
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- Keyboard ---------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        case_id = self._model.case_id_at(index.row()) if index.isValid() else None
        if case_id is not None:
            self.open_case_requested.emit(case_id)

    def _type_into_search(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.end(False)
        self.search.insert(text)

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().hasSelection() and self._model.rowCount() > 0:
            self._select_row(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search:
                return self._search_key(event)
            if watched is self.table:
                return self._table_key(event)
        elif event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._place_empty_state()
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down and not event.modifiers():
            self._apply_query()  # do not wait for the debounce
            self._focus_table()
            return True
        if key in _ENTER_KEYS:
            self._apply_query()
            self._focus_table()
            return True
        if key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self._apply_query()
            return True
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        if (
            event.key() in _ENTER_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._open_index(self.table.currentIndex())
            return True
        return False
