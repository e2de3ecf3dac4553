"""Record a spot purchase from the flexible budget, or change one, in a few keystrokes.

Focus starts in Amount: "45", Tab, "c" (Clothing), Tab, the supplier (completed from the ones
used lately), Tab, what it was for, Enter. The method defaults to Card, the date to today, the
allocation to the one the rules choose (the navigator's own covering the date, else the
programme's), and the status to Paid, or Requested when the amount needs approval: the status
follows the amount until the navigator picks one. Money stays integer pence throughout.

A purchase that would overspend its allocation asks first. A refused save keeps everything
typed and says why. Once the purchase is stored (when editing, or right after the first save,
when the dialog stays open for it) its receipts can be attached and viewed: PDF, JPEG or PNG,
kept inside the encrypted vault.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models.dto import AllocationDTO, PurchaseDraft, PurchaseDTO, PurchaseQuery, ReceiptInfoDTO
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.date_text import format_date
from models.rules.money import MoneyFormatError, format_pence, parse_pounds, pounds_text
from models.rules.purchase_rules import (
    DEFAULT_APPROVAL_THRESHOLD_PENCE,
    TRANSITIONS,
    allocation_for,
    default_status,
    needs_approval,
    validate_purchase,
)
from ui.case import discard_prompt
from ui.dialogs.base_dialog import BaseDialog
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.purchases.receipt_text import receipt_text
from ui.purchases.receipt_viewer import ReceiptViewer
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.labelled_rows import add_labelled_row
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = [
    "DISCARD_QUESTION",
    "NOT_SAVED_TITLE",
    "OVERSPEND_NOT_SAVED",
    "OVERSPEND_TITLE",
    "RECEIPT_FILTER",
    "RECENT_PURCHASES",
    "PurchaseDialog",
    "approval_hint",
]

NOT_SAVED_TITLE = "Not saved yet. Please correct:"
DISCARD_QUESTION = "Close without saving? The purchase details you entered will be lost."
OVERSPEND_TITLE = "Over the allocation"
OVERSPEND_NOT_SAVED = (
    "Not saved: nothing was recorded. Change the amount or the allocation, or save again to "
    "record it over the allocation."
)
KEYS_HELP = "Enter saves · Esc closes · in Category, type the first letter to jump to it"
RECEIPT_FILTER = "Receipts (*.pdf *.jpg *.jpeg *.png);;All files (*)"
RECENT_PURCHASES = 200  # the suppliers offered are those of the latest purchases
NEW_STATUSES = (PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED, PurchaseStatus.PAID)
UNREADABLE_FILE = (
    "That file could not be read. Check that it is still there and that you may open it, "
    "then attach it again."
)
_STYLE = """
QLabel#approvalHint { color: #8A5300; font-weight: 600; }
QLabel#keysHelp, QLabel#receiptsHint { color: #5A6270; }
QLineEdit#amount { font-size: 15px; }
"""


def approval_hint(threshold_pence: int) -> str:
    return f"Over {format_pence(threshold_pence)}: needs approval before it is paid"


def _services_today(services: object) -> Callable[[], date]:
    """The vault's notion of today (fixed in tests), or the computer's date."""
    ctx = getattr(services, "ctx", None)
    today = getattr(ctx, "today", None)
    return today if callable(today) else date.today


def _distinct(values: Iterable[str]) -> list[str]:
    """Non-empty values, first spelling kept, without repeats that differ only in case."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        key = value.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(value.strip())
    return kept


class _UnreadableFile(WaypostError):
    """The chosen receipt file could not be read (the message never quotes its path)."""


@dataclass(frozen=True)
class _Loaded:
    threshold_pence: int
    allocations: tuple[AllocationDTO, ...]
    user: str
    suppliers: tuple[str, ...]
    approvers: tuple[str, ...]
    case_reference: str
    purchase: PurchaseDTO | None


class PurchaseDialog(BaseDialog):
    """``saved`` carries the PurchaseDTO after each save; ``receipt_added`` the
    ReceiptInfoDTO of each receipt attached. Both have already been published on the change
    bus as ``Changes(cases={case_id} or none, audit=True, budget=True)``.

    A new purchase for a case when ``case_id`` is given, a programme cost when it is None, or
    the purchase ``purchase_id`` to change. After a new purchase is first saved the dialog stays
    open, now editing it, so its receipt can be attached; saving changes closes it.
    """

    saved = Signal(object)
    receipt_added = Signal(object)

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus | None,
        parent: QWidget | None = None,
        *,
        case_id: int | None = None,
        purchase_id: int | None = None,
        today: Callable[[], date] | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setObjectName("purchaseDialog")
        self.setStyleSheet(INVALID_STYLE + _STYLE)
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._settings = settings
        self._case_id = case_id
        self._purchase_id = purchase_id
        self._today = today or _services_today(services)
        self._purchase: PurchaseDTO | None = None
        self._threshold = DEFAULT_APPROVAL_THRESHOLD_PENCE
        self._allocations: tuple[AllocationDTO, ...] = ()
        self._user = ""
        self._case_reference = ""
        self._loaded = False
        self._load_failed = False
        self._save_when_loaded = False
        self._saving = False
        self._attaching = False
        self._closing_anyway = False
        self._finished = False  # closed: answers still coming from the worker are dropped
        # Editing: the status and the allocation are the purchase's own, never re-defaulted.
        self._status_chosen = purchase_id is not None
        self._allocation_chosen = purchase_id is not None
        self.viewer: ReceiptViewer | None = None

        self.setWindowTitle("New purchase" if purchase_id is None else "Purchase")
        self.intro = QLabel(self)
        self.intro.setObjectName("purchaseIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.messages = MessageBar(self, name="Purchase messages")

        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText("0.00")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setMaxLength(20)
        self.amount.setFixedWidth(140)
        self.amount.setToolTip("In pounds and pence, such as 12.50")
        self.approval_hint = QLabel(self)
        self.approval_hint.setObjectName("approvalHint")
        self.approval_hint.hide()
        pound = QLabel("£", self)
        amount_row = QWidget(self)
        amount_layout = QHBoxLayout(amount_row)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        amount_layout.addWidget(pound)
        amount_layout.addWidget(self.amount)
        amount_layout.addSpacing(8)
        amount_layout.addWidget(self.approval_hint)
        amount_layout.addStretch(1)

        self.category = EnumCombo(PurchaseCategory, self)
        self.supplier = QLineEdit(self)
        self.supplier.setPlaceholderText("The shop, service or person paid")
        self.supplier.setMaxLength(200)
        self._supplier_model = QStringListModel(self)
        self.supplier.setCompleter(self._completer(self._supplier_model))
        self.purpose = QLineEdit(self)
        self.purpose.setPlaceholderText("What it was for, e.g. winter coat for court")
        self.purpose.setMaxLength(1000)
        self.method = EnumCombo(PaymentMethod, self)
        self.method.set_value(PaymentMethod.CARD)
        self.date = OptionalDateEdit(self, allow_empty=False, default=self._today)
        self.date.set_accessible_name("Date of purchase")
        self.date.setDate(self._today())
        self.allocation = QComboBox(self)
        self.allocation.setAccessibleName("Allocation")
        self.allocation.addItem("No allocation", None)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        self.approved_by = QLineEdit(self)
        self.approved_by.setPlaceholderText("Who approved it")
        self.approved_by.setMaxLength(200)
        self._approver_model = QStringListModel(self)
        self.approved_by.setCompleter(self._completer(self._approver_model))
        self.approved_on = OptionalDateEdit(self, default=self._today)
        self.approved_on.set_accessible_name("Date approved")

        self.labels: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, text, widget, buddy in (
            ("amount_pence", "&Amount", amount_row, self.amount),
            ("category", "&Category", self.category, None),
            ("supplier", "Su&pplier", self.supplier, None),
            ("purpose", "P&urpose", self.purpose, None),
            ("payment_method", "&Method", self.method, None),
            ("purchased_on", "&Date", self.date, self.date.date_edit()),
            ("allocation_id", "A&llocation", self.allocation, None),
            ("status", "S&tatus", self.status, None),
            ("approved_by", "Approved &by", self.approved_by, None),
            ("approved_on", "Approved &on", self.approved_on, self.approved_on.date_edit()),
        ):
            add_labelled_row(
                self.form, self.labels, name, text, widget, buddy=buddy, accessible=buddy is None
            )
        self.amount.setAccessibleName("Amount in pounds")

        self.receipts_box = QGroupBox("Receipts", self)
        self.receipts_hint = QLabel(self.receipts_box)
        self.receipts_hint.setObjectName("receiptsHint")
        self.receipts_hint.setWordWrap(True)
        self.receipt_list = QListWidget(self.receipts_box)
        self.receipt_list.setObjectName("receiptList")
        self.receipt_list.setAccessibleName("Receipts attached")
        self.receipt_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.receipt_list.setMaximumHeight(84)
        self.receipt_list.itemActivated.connect(lambda _item: self.view_receipt())
        self.receipt_list.currentItemChanged.connect(lambda *_a: self._update_receipt_buttons())
        # Enter on a receipt views it: it must not also reach the dialog and save.
        self.receipt_list.installEventFilter(self)
        self.attach_button = QPushButton("Attach &receipt…", self.receipts_box)
        self.attach_button.setToolTip("A photo or scan of the receipt: PDF, JPEG or PNG")
        self.attach_button.clicked.connect(self.attach_receipt)
        self.view_button = QPushButton("&View", self.receipts_box)
        self.view_button.setToolTip("Look at the selected receipt (Enter in the list)")
        self.view_button.clicked.connect(self.view_receipt)
        receipt_buttons = QHBoxLayout()
        receipt_buttons.addWidget(self.attach_button)
        receipt_buttons.addWidget(self.view_button)
        receipt_buttons.addStretch(1)
        receipts_layout = QVBoxLayout(self.receipts_box)
        receipts_layout.addWidget(self.receipts_hint)
        receipts_layout.addWidget(self.receipt_list)
        receipts_layout.addLayout(receipt_buttons)

        self.keys_help = QLabel(KEYS_HELP, self)
        self.keys_help.setObjectName("keysHelp")
        self.save_button = QPushButton("&Save", self)
        self.save_button.setToolTip("Save the purchase (Enter or Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.messages)
        layout.addLayout(self.form)
        layout.addWidget(self.receipts_box)
        layout.addStretch(1)
        layout.addWidget(self.keys_help)
        layout.addWidget(buttons)
        self.resize(600, 600)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        chain = [
            self.amount,
            self.category,
            self.supplier,
            self.purpose,
            self.method,
            self.date.date_edit(),
            self.allocation,
            self.status,
            self.approved_by,
            self.approved_on.date_edit(),
            self.receipt_list,
            self.attach_button,
            self.view_button,
            self.save_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

        self.amount.textEdited.connect(self._on_amount_edited)
        self.status.activated.connect(self._on_status_picked)
        self.status.currentIndexChanged.connect(lambda _i: self._on_status_changed())
        self.allocation.activated.connect(self._on_allocation_picked)
        self.date.dateChanged.connect(lambda _d: self._on_date_changed())
        self.approved_by.textEdited.connect(lambda _t: self._on_approval_edited(self.approved_by))
        self.approved_on.dateChanged.connect(
            lambda _d: self._on_approval_edited(self.approved_on.date_edit())
        )
        self.purpose.textEdited.connect(lambda _t: self._on_field_edited(self.purpose))
        self.supplier.textEdited.connect(lambda _t: self._on_field_edited(self.supplier))
        self.category.currentIndexChanged.connect(lambda _i: self._on_field_edited(self.category))

        if purchase_id is None:
            self._set_status_options(NEW_STATUSES, PurchaseStatus.PAID)
            self.intro.setText(self._intro_text())
        else:
            self.intro.setText("Opening the purchase…")
            self._set_form_enabled(False)
        self._update_approval()
        self._update_receipts()
        self._baseline = self._state()
        self.amount.setFocus()
        self._load()

    # -- public API ---------------------------------------------------------------------------

    def purchase(self) -> PurchaseDTO | None:
        """The purchase as last saved or opened (None while a new one is not yet saved)."""
        return self._purchase

    def threshold_pence(self) -> int:
        return self._threshold

    def is_saving(self) -> bool:
        return self._saving

    def status_value(self) -> PurchaseStatus:
        data = self.status.currentData()
        return PurchaseStatus(data) if data else PurchaseStatus.PAID

    def status_options(self) -> list[PurchaseStatus]:
        return [PurchaseStatus(self.status.itemData(i)) for i in range(self.status.count())]

    def allocation_id(self) -> int | None:
        data = self.allocation.currentData()
        return int(data) if data is not None else None

    def approval_shown(self) -> bool:
        return self.form.isRowVisible(self.approved_by)

    def has_unsaved_changes(self) -> bool:
        return self._state() != self._baseline

    def draft(self, amount_pence: int) -> PurchaseDraft:
        """What the form holds, with the amount already parsed."""
        return PurchaseDraft(
            purchased_on=self.date.date() or self._today(),
            category=PurchaseCategory(self.category.value()),
            amount_pence=amount_pence,
            payment_method=PaymentMethod(self.method.value()),
            status=self.status_value(),
            supplier=self.supplier.text().strip(),
            purpose=self.purpose.text().strip(),
            case_id=self._purchase.draft.case_id if self._purchase is not None else self._case_id,
            allocation_id=self.allocation_id(),
            approved_by=self.approved_by.text().strip(),
            approved_on=self.approved_on.date(),
        )

    def save(self) -> None:
        """Check the amount, then record or change the purchase on the worker."""
        if self._saving or self._load_failed or not self.save_button.isEnabled():
            return
        if not self._loaded:
            self._save_when_loaded = True  # the defaults arrive first; then it saves
            return
        self._clear_marks()
        try:
            amount = parse_pounds(self.amount.text())
        except MoneyFormatError as error:
            # Say everything else that is missing too, so one correction round is enough.
            others = validate_purchase(self.draft(1), self._today())
            self._show_problems([FieldProblem("amount_pence", str(error)), *others])
            return
        self._submit(self.draft(amount), confirm_overspend=False)

    def attach_receipt(self) -> None:
        """Ask for a file and attach it to the stored purchase."""
        if self._purchase is None or self._attaching:
            return
        chosen, _filter = QFileDialog.getOpenFileName(self, "Attach receipt", "", RECEIPT_FILTER)
        if chosen:
            self.attach_file(Path(chosen))

    def attach_file(self, path: Path) -> None:
        """Read ``path`` and attach it, both on the worker (the service refuses a file that is
        too large, empty, or not a PDF, JPEG or PNG)."""
        purchase = self._purchase
        if purchase is None or self._attaching:
            return
        self._attaching = True
        self._update_receipt_buttons()
        self.messages.show_message(MessageKind.INFO, "Attaching the receipt…")
        services, purchase_id = self._services, purchase.id

        def work() -> ReceiptInfoDTO:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise _UnreadableFile(UNREADABLE_FILE) from error
            return services.add_receipt(purchase_id, content)

        self._worker.submit(work, self._on_receipt_added, self._on_receipt_failed)

    def receipts(self) -> list[ReceiptInfoDTO]:
        return [
            self.receipt_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.receipt_list.count())
        ]

    def view_receipt(self) -> None:
        item = self.receipt_list.currentItem()
        if item is None:
            return
        receipt: ReceiptInfoDTO = item.data(Qt.ItemDataRole.UserRole)
        if self.viewer is not None:
            self.viewer.close()
        number = self.receipt_list.row(item) + 1
        viewer = ReceiptViewer(
            self._services,
            self._worker,
            receipt.id,
            self,
            title=f"Receipt {number} — {self.windowTitle()}",
            settings=self._settings,
        )
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.destroyed.connect(lambda _o=None, v=viewer: self._forget_viewer(v))
        self.viewer = viewer
        viewer.show()

    def reject(self) -> None:
        if self._saving or self._attaching:
            return  # the save or the receipt decides; the dialog stays until it is back
        if (
            not self._closing_anyway
            and self.has_unsaved_changes()
            and not discard_prompt.ask_discard(self, DISCARD_QUESTION)
        ):
            return
        super().reject()

    def done(self, result: int) -> None:
        self._finished = True
        super().done(result)

    # -- loading ------------------------------------------------------------------------------

    @staticmethod
    def _completer(model: QStringListModel) -> QCompleter:
        completer = QCompleter(model)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return completer

    def _load(self) -> None:
        services, purchase_id, case_id = self._services, self._purchase_id, self._case_id

        def work() -> _Loaded:
            purchase = services.purchase(purchase_id) if purchase_id is not None else None
            reference = purchase.case_reference if purchase is not None else ""
            if purchase is None and case_id is not None:
                rows = services.caseload_rows([case_id])
                reference = rows[0].reference if rows else ""
            recent = services.purchase_rows(
                services.purchase_ids(PurchaseQuery())[:RECENT_PURCHASES]
            )
            return _Loaded(
                threshold_pence=services.approval_threshold(),
                allocations=tuple(services.allocations()),
                user=services.user,
                suppliers=tuple(_distinct(row.supplier for row in recent)),
                approvers=tuple(_distinct(row.approved_by for row in recent)),
                case_reference=reference,
                purchase=purchase,
            )

        self._worker.submit(work, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, loaded: _Loaded) -> None:
        if self._gone():
            return
        self._loaded = True
        self._threshold = loaded.threshold_pence
        self._allocations = loaded.allocations
        self._user = loaded.user
        self._case_reference = loaded.case_reference
        self._supplier_model.setStringList(list(loaded.suppliers))
        self._approver_model.setStringList(list(loaded.approvers))
        self._fill_allocations()
        if loaded.purchase is not None:
            self._set_form_enabled(True)
            self._show_purchase(loaded.purchase)
            self.amount.setFocus()
            self.amount.selectAll()
        else:
            self.intro.setText(self._intro_text())
            self._apply_default_allocation()
            self._apply_default_status()
            self._update_approval()
            # The baseline stays: the status and allocation defaults are not edits, and
            # anything typed while they were read still counts as unsaved.
        if self._save_when_loaded:
            self._save_when_loaded = False
            self.save()

    def _on_load_failed(self, error: BaseException) -> None:
        if self._gone():
            return
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        if self._purchase_id is not None:
            self._load_failed = True
            self._closing_anyway = True  # there is nothing to lose
            self._set_form_enabled(False)
            self.intro.setText("This purchase could not be opened.")
        self.messages.show_message(MessageKind.ERROR, f"The budget could not be read. {message}")

    def _intro_text(self) -> str:
        if self._purchase is not None:
            what = f"{format_pence(self._purchase.draft.amount_pence)} · "
            what += label(self._purchase.draft.category)
            if self._purchase.draft.supplier:
                what += f" from {self._purchase.draft.supplier}"
            owner = (
                f"for case {self._purchase.case_reference}"
                if self._purchase.case_reference
                else "a programme cost"
            )
            return f"{what}, {owner}. Recorded by {self._purchase.recorded_by}."
        if self._case_id is None:
            return "A programme cost, not bought for one survivor."
        reference = f" {self._case_reference}" if self._case_reference else ""
        return f"Bought for the survivor of case{reference}, from the flexible budget."

    def _show_purchase(self, purchase: PurchaseDTO) -> None:
        """Fill the form from ``purchase`` (opened, or just saved) and make it the baseline."""
        self._purchase = purchase
        draft = purchase.draft
        self.amount.setText(pounds_text(draft.amount_pence))
        self.category.set_value(draft.category)
        self.supplier.setText(draft.supplier)
        self.purpose.setText(draft.purpose)
        self.method.set_value(draft.payment_method)
        self.date.setDate(draft.purchased_on)
        self._fill_allocations(keep=draft.allocation_id)
        self._select_allocation(draft.allocation_id)
        current = draft.status
        options = [s for s in PurchaseStatus if s is current or s in TRANSITIONS[current]]
        self._set_status_options(options, current)
        self.approved_by.setText(draft.approved_by)
        self.approved_on.setDate(draft.approved_on)
        self._status_chosen = True
        self._allocation_chosen = True
        self.save_button.setText("&Save changes")
        self.setWindowTitle(
            f"Purchase — {purchase.case_reference}" if purchase.case_reference else "Purchase"
        )
        self.intro.setText(self._intro_text())
        self._clear_marks()
        self._update_approval()
        self._update_receipts()
        self._baseline = self._state()

    # -- defaults -----------------------------------------------------------------------------

    def _amount_or_none(self) -> int | None:
        try:
            return parse_pounds(self.amount.text())
        except MoneyFormatError:
            return None

    def _set_status_options(
        self, options: Sequence[PurchaseStatus], current: PurchaseStatus
    ) -> None:
        self.status.blockSignals(True)
        self.status.clear()
        for status in options:
            self.status.addItem(label(status), status.value)
        self.status.setCurrentIndex(max(self.status.findData(current.value), 0))
        self.status.blockSignals(False)

    def _apply_default_status(self) -> None:
        amount = self._amount_or_none()
        if self._status_chosen or self._purchase is not None or amount is None:
            return
        wanted = default_status(amount, self._threshold)
        index = self.status.findData(wanted.value)
        if index >= 0 and index != self.status.currentIndex():
            self.status.setCurrentIndex(index)

    def _allocation_text(self, allocation: AllocationDTO) -> str:
        period = f"{format_date(allocation.period_start)} to {format_date(allocation.period_end)}"
        whose = "yours" if allocation.holder and allocation.holder == self._user else ""
        if allocation.holder and not whose:
            whose = allocation.holder
        return f"{allocation.name} ({period}{', ' + whose if whose else ''})"

    def _fill_allocations(self, keep: int | None = None) -> None:
        chosen = keep if keep is not None else self.allocation_id()
        self.allocation.blockSignals(True)
        self.allocation.clear()
        self.allocation.addItem("No allocation", None)
        for allocation in self._allocations:
            self.allocation.addItem(self._allocation_text(allocation), allocation.id)
        self.allocation.blockSignals(False)
        self._select_allocation(chosen)

    def _select_allocation(self, allocation_id: int | None) -> None:
        index = self.allocation.findData(allocation_id) if allocation_id is not None else 0
        self.allocation.setCurrentIndex(max(index, 0))

    def _apply_default_allocation(self) -> None:
        if self._allocation_chosen:
            return
        on = self.date.date() or self._today()
        chosen = allocation_for(on, self._user, self._allocations)
        self._select_allocation(chosen.id if chosen is not None else None)

    def _update_approval(self) -> None:
        """Show who approved it and when wherever approval matters, with the threshold hint."""
        amount = self._amount_or_none()
        needs = amount is not None and needs_approval(amount, self._threshold)
        show = (
            needs
            or self.status_value() is PurchaseStatus.APPROVED
            or bool(self.approved_by.text().strip())
            or self.approved_on.date() is not None
        )
        self.form.setRowVisible(self.approved_by, show)
        self.form.setRowVisible(self.approved_on, show)
        approved = bool(self.approved_by.text().strip()) and self.approved_on.date() is not None
        self.approval_hint.setText(
            f"Over {format_pence(self._threshold)}: approval recorded"
            if approved
            else approval_hint(self._threshold)
        )
        self.approval_hint.setVisible(needs)

    # -- reacting to edits ----------------------------------------------------------------------

    def _on_amount_edited(self, _text: str) -> None:
        self._on_field_edited(self.amount)
        self._apply_default_status()
        self._update_approval()

    def _on_approval_edited(self, widget: QWidget) -> None:
        self._on_field_edited(widget)
        self._update_approval()

    def _on_status_picked(self, _index: int) -> None:
        self._status_chosen = True
        self._on_field_edited(self.status)

    def _on_status_changed(self) -> None:
        self._update_approval()

    def _on_allocation_picked(self, _index: int) -> None:
        self._allocation_chosen = True

    def _on_date_changed(self) -> None:
        self._on_field_edited(self.date.date_edit())
        self._apply_default_allocation()

    def _on_field_edited(self, widget: QWidget) -> None:
        clear_invalid([widget])
        if self.messages.kind() in (MessageKind.SUCCESS, MessageKind.INFO):
            self.messages.clear()

    def _state(self) -> tuple[object, ...]:
        """What the navigator may have changed. The status and the allocation count only once
        picked by hand (or when editing): until then they are defaults."""
        status = self.status_value() if self._status_chosen else None
        allocation = self.allocation_id() if self._allocation_chosen else None
        return (
            self.amount.text().strip(),
            self.category.value(),
            self.supplier.text().strip(),
            self.purpose.text().strip(),
            self.method.value(),
            self.date.date(),
            allocation,
            status,
            self.approved_by.text().strip(),
            self.approved_on.date(),
        )

    # -- saving -------------------------------------------------------------------------------

    def _submit(self, draft: PurchaseDraft, *, confirm_overspend: bool) -> None:
        self._set_saving(True)
        services, editing = self._services, self._purchase

        def work() -> PurchaseDTO:
            if editing is None:
                return services.record_purchase(draft, confirm_overspend=confirm_overspend)
            # The version the navigator opened: a change made meanwhile is refused.
            return services.update_purchase(
                editing.id, editing.version, draft, confirm_overspend=confirm_overspend
            )

        self._worker.submit(work, self._on_saved, lambda error: self._on_save_failed(error, draft))

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self._set_form_enabled(not saving)

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in (
            self.amount,
            self.category,
            self.supplier,
            self.purpose,
            self.method,
            self.date,
            self.allocation,
            self.status,
            self.approved_by,
            self.approved_on,
            self.save_button,
        ):
            widget.setEnabled(enabled)
        self._update_receipt_buttons()

    def _gone(self) -> bool:
        """Closed, or deleted with its parent, before the worker answered."""
        return self._finished or not isValid(self)

    def _on_saved(self, purchase: PurchaseDTO) -> None:
        if not isValid(self):
            return
        was_new = self._purchase is None
        self._set_saving(False)
        self._show_purchase(purchase)
        self.saved.emit(purchase)
        self._publish()
        if not was_new:
            self.accept()
            return
        self.close_button.setText("Close")
        self.messages.show_message(
            MessageKind.SUCCESS,
            f"Saved: {self._summary(purchase)}. Attach its receipt now (Enter), or close (Esc).",
        )
        self.attach_button.setFocus()

    @staticmethod
    def _summary(purchase: PurchaseDTO) -> str:
        draft = purchase.draft
        text = f"{format_pence(draft.amount_pence)} {label(draft.category).lower()}"
        if draft.supplier:
            text += f" from {draft.supplier}"
        return f"{text}, {label(draft.status).lower()}"

    def _on_save_failed(self, error: BaseException, draft: PurchaseDraft) -> None:
        from models.services.purchases import OverspendWarning  # SQLAlchemy: on first use

        if not isValid(self):
            return

        self._set_saving(False)
        if isinstance(error, OverspendWarning):
            answer = QMessageBox.question(
                self,
                OVERSPEND_TITLE,
                error.user_message,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._submit(draft, confirm_overspend=True)
            else:
                self.messages.show_message(MessageKind.WARNING, OVERSPEND_NOT_SAVED)
                self.amount.setFocus()
        elif isinstance(error, StaleEditError):
            self.messages.show_message(
                MessageKind.ERROR,
                error.user_message + " What you entered is still here.",
                actions=[("&Reload the purchase (discards your changes)", self._reload)],
            )
        elif isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _reload(self) -> None:
        purchase = self._purchase
        if purchase is None:
            return
        self.messages.clear()
        self._worker.submit(
            lambda: self._services.purchase(purchase.id),
            lambda fresh: None if self._gone() else self._show_purchase(fresh),
            self._on_load_failed,
        )

    def _publish(self) -> None:
        if self._bus is None:
            return
        case_id = self._purchase.draft.case_id if self._purchase is not None else self._case_id
        self._bus.publish(
            Changes(
                cases=frozenset({case_id}) if case_id is not None else frozenset(),
                audit=True,
                budget=True,
            )
        )

    def _fields(self) -> dict[str, QWidget]:
        return {
            "amount_pence": self.amount,
            "category": self.category,
            "supplier": self.supplier,
            "purpose": self.purpose,
            "payment_method": self.method,
            "purchased_on": self.date.date_edit(),
            "allocation_id": self.allocation,
            "status": self.status,
            "approved_by": self.approved_by,
            "approved_on": self.approved_on.date_edit(),
        }

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        fields = self._fields()
        if any(p.field in ("approved_by", "approved_on") for p in problems):
            self.form.setRowVisible(self.approved_by, True)
            self.form.setRowVisible(self.approved_on, True)
        if any(p.field == "approved_by" for p in problems) and self.approved_on.date() is None:
            # Approval needs both who and when: the empty date is part of the problem too.
            problems = [*problems, FieldProblem("approved_on", "")]
        first: QWidget | None = None
        for problem in problems:
            widget = fields.get(problem.field)
            for marked in (widget, self.labels.get(problem.field)):
                if marked is not None:
                    set_invalid(marked)
            if first is None and widget is not None:
                first = widget
        messages = list(dict.fromkeys(p.message for p in problems if p.message))
        self.messages.show_message(MessageKind.ERROR, NOT_SAVED_TITLE, messages)
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    def _clear_marks(self) -> None:
        clear_invalid([*self._fields().values(), *self.labels.values()])

    # -- receipts -----------------------------------------------------------------------------

    def _update_receipts(self) -> None:
        self.receipt_list.clear()
        purchase = self._purchase
        receipts = purchase.receipts if purchase is not None else ()
        for number, receipt in enumerate(receipts, 1):
            self._add_receipt_item(number, receipt)
        self._update_receipt_hint()
        self._update_receipt_buttons()

    def _add_receipt_item(self, number: int, receipt: ReceiptInfoDTO) -> None:
        item = QListWidgetItem(receipt_text(number, receipt))
        item.setData(Qt.ItemDataRole.UserRole, receipt)
        self.receipt_list.addItem(item)
        self.receipt_list.setCurrentItem(item)

    def _update_receipt_hint(self) -> None:
        if self._purchase is None:
            text = "Save the purchase first (Enter); then attach its receipt here."
        elif self.receipt_list.count() == 0:
            text = "No receipt yet. Attach a photo or scan of it: PDF, JPEG or PNG, up to 10 MB."
        else:
            text = "Kept inside the encrypted vault. Enter on a receipt shows it."
        self.receipts_hint.setText(text)
        self.receipt_list.setVisible(self.receipt_list.count() > 0)

    def _update_receipt_buttons(self) -> None:
        stored = self._purchase is not None and not self._saving
        self.attach_button.setEnabled(stored and not self._attaching)
        self.view_button.setEnabled(stored and self.receipt_list.currentItem() is not None)
        self.view_button.setVisible(self.receipt_list.count() > 0)

    def _on_receipt_added(self, receipt: ReceiptInfoDTO) -> None:
        if not isValid(self):
            return
        self._attaching = False
        self._add_receipt_item(self.receipt_list.count() + 1, receipt)
        self._update_receipt_hint()
        self._update_receipt_buttons()
        self.messages.show_message(MessageKind.SUCCESS, "Receipt attached.")
        self.receipt_added.emit(receipt)
        self._publish()

    def _on_receipt_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._attaching = False
        self._update_receipt_buttons()
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.messages.show_message(MessageKind.ERROR, f"The receipt was not attached. {message}")

    def _forget_viewer(self, viewer: ReceiptViewer) -> None:
        if self.viewer is viewer:
            self.viewer = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.receipt_list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
        ):
            self.view_receipt()
            return True
        return super().eventFilter(watched, event)
