"""The "Purchases" tab of a support plan case: what the flexible budget bought for this
survivor, newest first, and what has been paid for them in all.

New purchase… (Alt+N, or Ctrl+N while the tab has the focus) opens the purchase dialog; Enter
or a double-click on a row opens that purchase to change it or attach its receipt. The list
reads itself again whenever the ChangeBus says this case or the budget changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from shiboken6 import isValid

from models.dto import PurchaseDTO, PurchaseQuery, PurchaseRow
from models.enums import PurchaseStatus
from models.errors import WaypostError
from models.rules.date_text import format_date
from models.rules.money import format_pence
from ui.case.formatting import excerpt
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.purchases.purchase_dialog import PurchaseDialog
from ui.widgets.local_shortcut import LocalShortcut
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["EMPTY_TEXT", "LIST_COLUMNS", "PurchasesTab", "total_text"]

LIST_COLUMNS = ("Date", "Category", "Supplier", "Purpose", "Status", "Amount", "Receipts")
AMOUNT_COLUMN = LIST_COLUMNS.index("Amount")
RECEIPTS_COLUMN = LIST_COLUMNS.index("Receipts")
PURPOSE_COLUMN = LIST_COLUMNS.index("Purpose")
NEW_PURCHASE_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_N)
EMPTY_TEXT = (
    "No purchases for this case yet.\n"
    "When you buy something for the survivor (clothes, a phone, a panic alarm, fares to "
    "court), record it here: press Ctrl+N or New purchase…, type the amount, pick the "
    "category, say what it was for and press Enter. Then attach the receipt."
)
_ROW_ROLE = Qt.ItemDataRole.UserRole
_PROMISED = (PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED)
_STYLE = """
QLabel#purchasesTotal { font-size: 14px; font-weight: 600; color: #1F2A36; }
QLabel#purchasesEmpty { color: #3D4450; font-size: 15px; padding: 8px; }
"""


@dataclass(frozen=True)
class _Listing:
    rows: tuple[PurchaseRow, ...]
    count: int
    paid_pence: int


def total_text(count: int, paid_pence: int, promised_pence: int) -> str:
    """ "Paid for this case: £45.00 · £150.00 requested or approved · 2 purchases"."""
    parts = [f"Paid for this case: {format_pence(paid_pence)}"]
    if promised_pence:
        parts.append(f"{format_pence(promised_pence)} requested or approved, not yet paid")
    parts.append(f"{count} purchase{'s' if count != 1 else ''}")
    return " · ".join(parts)


class PurchasesTab(QWidget):
    """``purchases_loaded`` carries the case's PurchaseRows, newest first, each time they are
    read."""

    purchases_loaded = Signal(object)

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        change_bus: ChangeBus | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        # Ctrl+N here is a new purchase, not the window's "New case".
        LocalShortcut(self, NEW_PURCHASE_KEYS, self.new_purchase)
        self.setObjectName("purchasesTab")
        self.setStyleSheet(_STYLE)
        self._case_id = case_id
        self._services = services
        self._worker = worker
        self._today = today
        self._bus = change_bus
        self._settings = settings
        self._rows: tuple[PurchaseRow, ...] = ()
        self._select_id: int | None = None
        self.dialog: PurchaseDialog | None = None

        self.messages = MessageBar(self, name="Purchase messages")
        self.total_label = QLabel(self)
        self.total_label.setObjectName("purchasesTotal")
        self.total_label.setAccessibleName("Total for this case")
        self.new_button = QPushButton("&New purchase…", self)
        self.new_button.setToolTip("Record something bought for the survivor (Ctrl+N)")
        self.new_button.clicked.connect(self.new_purchase)
        self.open_button = QPushButton("&Open selected…", self)
        self.open_button.setToolTip("Change the selected purchase or attach its receipt (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        top = QHBoxLayout()
        top.addWidget(self.total_label, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)

        self.list = QTreeWidget(self)
        self.list.setObjectName("purchaseList")
        self.list.setAccessibleName("Purchases for this case, newest first")
        self.list.setHeaderLabels(LIST_COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in range(len(LIST_COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == PURPOSE_COLUMN
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        header_item = self.list.headerItem()
        for column in (AMOUNT_COLUMN, RECEIPTS_COLUMN):
            header_item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        # Enter, or a double-click (Qt sends both as "activated").
        self.list.itemActivated.connect(lambda _item, _column: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)

        self.loading_label = QLabel("Reading the purchases…", self)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label = QLabel(EMPTY_TEXT, self)
        self.empty_label.setObjectName("purchasesEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for page in (self.loading_label, self.empty_label, self.list):
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.messages)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        if change_bus is not None:
            change_bus.changed.connect(self._on_changes)
        self._update_buttons()

    # -- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the case's purchases and its total again."""
        services, query = self._services, PurchaseQuery(case_id=self._case_id)

        def work() -> _Listing:
            rows = services.purchase_rows(services.purchase_ids(query))
            count, paid = services.purchase_total(query)
            return _Listing(tuple(rows), count, paid)

        self._worker.submit(work, self._show, self._on_load_failed)

    def rows(self) -> list[PurchaseRow]:
        """As listed, newest first."""
        return list(self._rows)

    def row_texts(self, row: int) -> list[str]:
        item = self.list.topLevelItem(row)
        return [item.text(column) for column in range(self.list.columnCount())]

    def has_unsaved_changes(self) -> bool:
        return self.dialog is not None and self.dialog.has_unsaved_changes()

    def new_purchase(self) -> None:
        """Open the dialog for a new purchase for this case (Ctrl+N)."""
        self._open_dialog(None)

    def open_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._open_dialog(item.data(0, _ROW_ROLE).id)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, listing: _Listing) -> None:
        if not isValid(self):
            return  # the case closed before the worker answered
        current = self.list.currentItem()
        keep = self._select_id
        if keep is None and current is not None:
            keep = current.data(0, _ROW_ROLE).id
        self._select_id = None
        self._rows = listing.rows
        promised = sum(row.amount_pence for row in listing.rows if row.status in _PROMISED)
        self.total_label.setText(total_text(listing.count, listing.paid_pence, promised))
        self.list.clear()
        for row in listing.rows:
            item = QTreeWidgetItem(
                [
                    format_date(row.purchased_on),
                    label(row.category),
                    row.supplier,
                    excerpt(row.purpose, 80),
                    label(row.status),
                    format_pence(row.amount_pence),
                    str(row.receipt_count) if row.receipt_count else "None",
                ]
            )
            item.setData(0, _ROW_ROLE, row)
            item.setToolTip(PURPOSE_COLUMN, row.purpose)
            for column in (AMOUNT_COLUMN, RECEIPTS_COLUMN):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            if row.status is PurchaseStatus.PAID and not row.receipt_count:
                item.setToolTip(RECEIPTS_COLUMN, "Paid, with no receipt attached yet")
            self.list.addTopLevelItem(item)
            if row.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.stack.setCurrentWidget(self.list if listing.rows else self.empty_label)
        self._update_buttons()
        self.purchases_loaded.emit(list(listing.rows))

    def _on_load_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.messages.show_message(MessageKind.ERROR, f"The purchases could not be read. {message}")
        if not self._rows:
            self.stack.setCurrentWidget(self.empty_label)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.list.currentItem() is not None)
        self.open_button.setVisible(bool(self._rows))

    def _on_changes(self, changes: Changes) -> None:
        if self._case_id in changes.cases or changes.budget:
            self.refresh()

    # -- the dialog ---------------------------------------------------------------------------

    def _open_dialog(self, purchase_id: int | None) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.messages.clear()
        dialog = PurchaseDialog(
            self._services,
            self._worker,
            self._bus,
            self,
            case_id=self._case_id,
            purchase_id=purchase_id,
            today=self._today,
            settings=self._settings,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(self._on_dialog_finished)
        if self._bus is None:  # otherwise the dialog's published change refreshes the list
            dialog.receipt_added.connect(lambda _receipt: self.refresh())
        self.dialog = dialog
        dialog.open()

    def _on_saved(self, purchase: PurchaseDTO) -> None:
        self._select_id = purchase.id
        if self._bus is None:
            self.refresh()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
        if self.stack.currentWidget() is self.list:
            self.list.setFocus()
