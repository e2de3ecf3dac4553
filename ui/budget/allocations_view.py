"""The allocations of the chosen period and where each stands, and the approval threshold.

Each row shows what was allocated, what was paid (spent), what is promised but not yet paid
(committed) and what remains: allocated minus spent minus committed. An overspent allocation
is shown in red and says "Overspent" in words too, so colour is never the only sign. A bar
shows the share used; its lengths are whole pixels from integer pence
(``width * pence // total``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import AllocationBalanceDTO, AllocationDTO
from models.errors import WaypostError
from models.rules.date_text import format_date
from models.rules.money import MoneyFormatError, format_pence, parse_pounds, pounds_text
from ui.budget.allocation_dialog import AllocationDialog, year_label
from ui.budget.changes import budget_changes
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = [
    "COLUMNS",
    "OVERSPENT",
    "PROGRAMME",
    "AllocationsView",
    "empty_text",
    "used_text",
]

COLUMNS = (
    "Allocation",
    "Held by",
    "Period",
    "Allocated",
    "Spent",
    "Committed",
    "Remaining",
    "Used",
)
(COL_NAME, COL_HOLDER, COL_PERIOD, COL_ALLOCATED, COL_SPENT, COL_COMMITTED, COL_REMAINING,
 COL_USED) = range(len(COLUMNS))  # fmt: skip
PROGRAMME = "Programme"
OVERSPENT = "Overspent"
FIGURES_ROLE = Qt.ItemDataRole.UserRole + 1
"""On the Used cell: (allocated, spent, committed) pence, for the bar."""
_ID_ROLE = Qt.ItemDataRole.UserRole

OVERSPENT_TEXT = QColor("#B3261E")
OVERSPENT_BACKGROUND = QColor("#FDECEA")
SPENT_COLOUR = QColor("#1F5FA8")
COMMITTED_COLOUR = QColor("#8FB3DE")
FREE_COLOUR = QColor("#E3E8EF")
_BAR_WIDTH = 120


def empty_text(period_start: date) -> str:
    return f"Add the programme's allocation for {year_label(period_start)} to see what remains"


def used_text(balance: AllocationBalanceDTO) -> str:
    """ "Overspent by £50.00", or the share used: "78% used" (whole percent, rounded down)."""
    if balance.overspent:
        return f"{OVERSPENT} by {format_pence(-balance.remaining_pence)}"
    allocated = balance.allocation.amount_pence
    used = balance.spent_pence + balance.committed_pence
    if allocated <= 0:
        return "Nothing allocated" if not used else f"{format_pence(used)} used"
    percent = 100 * used // allocated
    if used and not percent:
        return "Under 1% used"
    return f"{percent}% used"


def _period_text(allocation: AllocationDTO) -> str:
    return f"{format_date(allocation.period_start)} to {format_date(allocation.period_end)}"


class _UsedBarDelegate(QStyledItemDelegate):
    """A bar (paid, promised, free) then the cell's text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        figures = index.data(FIGURES_ROLE)
        if not figures:
            super().paint(painter, option, index)
            return
        allocated, spent, committed = figures
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            # The selection and focus background, without the text.
            background = QStyleOptionViewItem(option)
            self.initStyleOption(background, index)
            background.text = ""
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget
            )
        rect: QRect = option.rect
        bar_height = max(6, rect.height() // 3)
        bar = QRect(
            rect.left() + 6, rect.top() + (rect.height() - bar_height) // 2, _BAR_WIDTH, bar_height
        )
        whole = max(allocated, spent + committed, 1)
        spent_width = bar.width() * spent // whole
        committed_width = bar.width() * (spent + committed) // whole - spent_width
        painter.save()
        painter.fillRect(bar, FREE_COLOUR)
        overspent = spent + committed > allocated
        painter.fillRect(
            QRect(bar.left(), bar.top(), spent_width, bar.height()),
            OVERSPENT_TEXT if overspent else SPENT_COLOUR,
        )
        painter.fillRect(
            QRect(bar.left() + spent_width, bar.top(), committed_width, bar.height()),
            OVERSPENT_TEXT.lighter(150) if overspent else COMMITTED_COLOUR,
        )
        text_rect = QRect(
            bar.right() + 8, rect.top(), rect.right() - bar.right() - 8, rect.height()
        )
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush):
            painter.setPen(foreground.color())
        else:
            painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        font = index.data(Qt.ItemDataRole.FontRole)
        if isinstance(font, QFont):
            painter.setFont(font)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + _BAR_WIDTH + 14, hint.height())


class AllocationsView(QWidget):
    """The table of allocations, the buttons to add or change one, and the approval threshold.

    It reads nothing by itself: the page hands it the balances and the threshold it read.
    ``threshold_saved`` carries the new threshold in pence.
    """

    threshold_saved = Signal(int)

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._today = today
        self._balances: list[AllocationBalanceDTO] = []
        self._threshold: int | None = None
        self._period_start = date(today().year, 4, 1)
        self.dialog: AllocationDialog | None = None

        self.new_button = QPushButton("&New allocation…", self)
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_allocation)
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setAutoDefault(False)
        self.edit_button.setToolTip("Change the selected allocation (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("allocationsTable")
        self.table.setAccessibleName("Allocations")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(COL_USED, _UsedBarDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (COL_ALLOCATED, COL_SPENT, COL_COMMITTED, COL_REMAINING):
            item = QTableWidgetItem(COLUMNS[column])
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setHorizontalHeaderItem(column, item)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_button = QPushButton("New allocation…", self)
        self.empty_button.setAutoDefault(False)
        self.empty_button.clicked.connect(self.new_allocation)
        empty = QWidget(self)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_row = QHBoxLayout()
        empty_row.addStretch(1)
        empty_row.addWidget(self.empty_button)
        empty_row.addStretch(1)
        empty_layout.addLayout(empty_row)
        empty_layout.addStretch(1)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(empty)
        self._stack.addWidget(self.table)

        # "Purchases over £[100.00] need approval before they are paid"  [Save]
        self.threshold_edit = QLineEdit(self)
        self.threshold_edit.setAccessibleName("Approval threshold in pounds")
        self.threshold_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("000,000.00") + 16)
        self.threshold_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.threshold_edit.textEdited.connect(self._on_threshold_edited)
        self.threshold_edit.returnPressed.connect(self.save_threshold)
        before = QLabel("Purchases over &£", self)
        before.setBuddy(self.threshold_edit)
        after = QLabel("need approval before they are paid.", self)
        self.threshold_button = QPushButton("Save &threshold", self)
        self.threshold_button.setAutoDefault(False)
        self.threshold_button.setEnabled(False)
        self.threshold_button.clicked.connect(self.save_threshold)
        self.threshold_status = QLabel(self)
        self.threshold_status.setObjectName("thresholdStatus")
        threshold_row = QHBoxLayout()
        threshold_row.setSpacing(6)
        threshold_row.addWidget(before)
        threshold_row.addWidget(self.threshold_edit)
        threshold_row.addWidget(after)
        threshold_row.addWidget(self.threshold_button)
        threshold_row.addWidget(self.threshold_status, 1)

        heading = QLabel("Allocations", self)
        heading.setObjectName("sectionHeading")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addLayout(threshold_row)
        self._show_empty()

    # -- public API ---------------------------------------------------------------------------

    def set_balances(self, balances: Sequence[AllocationBalanceDTO], period_start: date) -> None:
        """Show these allocations (those of the chosen period), newest first."""
        selected = self.selected_allocation()
        self._balances = list(balances)
        self._period_start = period_start
        self.table.setRowCount(len(self._balances))
        for row, balance in enumerate(self._balances):
            self._fill_row(row, balance)
        if not self._balances:
            self._show_empty()
        else:
            self._stack.setCurrentWidget(self.table)
            ids = [b.allocation.id for b in self._balances]
            keep = ids.index(selected.id) if selected is not None and selected.id in ids else 0
            self.table.setCurrentCell(keep, 0)
        self._update_buttons()

    def balances(self) -> list[AllocationBalanceDTO]:
        return list(self._balances)

    def set_threshold(self, pence: int) -> None:
        """Show the stored threshold, unless the navigator is part-way through changing it."""
        editing = self.threshold_button.isEnabled()
        self._threshold = pence
        if not editing:
            self.threshold_edit.setText(pounds_text(pence))

    def threshold(self) -> int | None:
        return self._threshold

    def is_empty(self) -> bool:
        return self._stack.currentIndex() == 0

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def selected_allocation(self) -> AllocationDTO | None:
        row = self.table.currentRow()
        if 0 <= row < len(self._balances):
            return self._balances[row].allocation
        return None

    def new_allocation(self) -> AllocationDialog:
        return self._open_dialog(None)

    def edit_selected(self) -> AllocationDialog | None:
        allocation = self.selected_allocation()
        return None if allocation is None else self._open_dialog(allocation)

    def save_threshold(self) -> None:
        try:
            pence = parse_pounds(self.threshold_edit.text())
        except MoneyFormatError as error:
            self._threshold_message(str(error), error=True)
            return
        self.threshold_button.setEnabled(False)
        services = self._services

        def saved(value: int) -> None:
            self._threshold = value
            self.threshold_edit.setText(pounds_text(value))
            self._threshold_message(f"Saved: purchases over {format_pence(value)} need approval.")
            self.threshold_saved.emit(value)
            self._bus.publish(budget_changes())

        def failed(error: BaseException) -> None:
            self.threshold_button.setEnabled(True)
            message = error.user_message if isinstance(error, WaypostError) else None
            self._threshold_message(message or GENERIC_FAILURE_MESSAGE, error=True)

        self._worker.submit(lambda: services.set_approval_threshold(pence), saved, failed)

    # -- internals ----------------------------------------------------------------------------

    def _open_dialog(self, allocation: AllocationDTO | None) -> AllocationDialog:
        dialog = AllocationDialog(
            self._services,
            self._worker,
            self._bus,
            self.window(),
            allocation=allocation,
            today=self._today,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda _o=None: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def _fill_row(self, row: int, balance: AllocationBalanceDTO) -> None:
        allocation = balance.allocation
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        texts = (
            allocation.name,
            allocation.holder or PROGRAMME,
            _period_text(allocation),
            format_pence(allocation.amount_pence),
            format_pence(balance.spent_pence),
            format_pence(balance.committed_pence),
            format_pence(balance.remaining_pence),
            used_text(balance),
        )
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(_ID_ROLE, allocation.id)
            if COL_ALLOCATED <= column <= COL_REMAINING:
                item.setTextAlignment(right)
            if balance.overspent and column in (COL_REMAINING, COL_USED):
                item.setForeground(QBrush(OVERSPENT_TEXT))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if balance.overspent:
                item.setBackground(QBrush(OVERSPENT_BACKGROUND))
            self.table.setItem(row, column, item)
        used = self.table.item(row, COL_USED)
        used.setData(
            FIGURES_ROLE,
            (allocation.amount_pence, balance.spent_pence, balance.committed_pence),
        )
        used.setData(Qt.ItemDataRole.AccessibleTextRole, used_text(balance))
        if allocation.notes:
            self.table.item(row, COL_NAME).setToolTip(allocation.notes)

    def _show_empty(self) -> None:
        self.empty_label.setText(empty_text(self._period_start))
        self._stack.setCurrentIndex(0)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_allocation() is not None)

    def _on_threshold_edited(self, text: str) -> None:
        self.threshold_status.clear()
        try:
            changed = parse_pounds(text) != self._threshold
        except MoneyFormatError:
            changed = True  # let Save say what is wrong
        self.threshold_button.setEnabled(changed)

    def _threshold_message(self, text: str, *, error: bool = False) -> None:
        self.threshold_status.setText(text)
        self.threshold_status.setStyleSheet(f"color: {'#B3261E' if error else '#1E5128'};")
