"""The Budget page: what each allocation has left, where the money went, every purchase, and the
documents for the finance team.

- **Overview**: the allocations of the chosen period (a financial year, April to March) with
  what is spent, committed and remaining, the approval threshold, and spend by category and by
  month.
- **Purchases**: the filterable list of every purchase (fast at 50,000).
- **Monthly statement…** builds the month's PDF on the worker, then previews or saves it;
  **Export purchases…** builds a CSV or Excel file and saves it readable by the owner only.
  Either is recorded in the audit log only once the file has been saved or printed; if the
  export cannot be recorded, the file is removed again, so the log lists every file that left.

The figures are read when the page is shown and after each budget change published on the
ChangeBus (while hidden, the page only notes that it is out of date).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.dto import AllocationBalanceDTO, BudgetOverviewDTO, RenderedFileDTO
from models.errors import WaypostError
from models.rules.budget_balance import financial_year
from models.rules.date_text import format_date
from models.rules.money import format_pence
from models.services.budget_reports import EXPORT_ENTITY, STATEMENT_ENTITY
from ui.budget.allocation_dialog import year_label
from ui.budget.allocations_view import AllocationsView
from ui.budget.changes import touches_budget
from ui.budget.export_dialogs import PurchaseExportDialog, StatementDialog
from ui.budget.purchase_list import PurchaseList
from ui.budget.spend_chart import SpendChart
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.printing.pdf_output import save_pdf, write_private_file
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["BudgetPage"]

log = logging.getLogger(__name__)

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_FILE_FILTERS = {"csv": "CSV files (*.csv)", "xlsx": "Excel workbooks (*.xlsx)"}

Period = tuple[date, date]


def _services_today(services: object) -> Callable[[], date]:
    """The vault's notion of today (fixed in tests), or the computer's date."""
    today = getattr(getattr(services, "ctx", None), "today", None)
    return today if callable(today) else date.today


def period_text(period: Period) -> str:
    start, end = period
    if financial_year(start) == period:
        return f"{year_label(start)} (April {start.year} to March {end.year})"
    return f"{format_date(start)} to {format_date(end)}"


def _overlaps(balance: AllocationBalanceDTO, period: Period) -> bool:
    allocation = balance.allocation
    return allocation.period_start <= period[1] and allocation.period_end >= period[0]


def _month_text(month_start: date) -> str:
    return f"{_MONTH_NAMES[month_start.month - 1]} {month_start.year}"


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home())


class BudgetPage(QWidget):
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
        self._bus = change_bus
        self._today = today or _services_today(services)
        self._period: Period = financial_year(self._today())
        self._periods: list[Period] = []  # what the period combo offers, in its order
        self._overview: BudgetOverviewDTO | None = None
        self._out_of_date = True
        self._busy_count = 0
        self.preview = None  # the statement preview while it is open

        title = QLabel("Budget", self)
        title.setObjectName("pageTitle")
        self.period_combo = QComboBox(self)
        self.period_combo.setAccessibleName("Period")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_periods([])
        self.period_combo.currentIndexChanged.connect(self._on_period_chosen)
        period_caption = QLabel("&Period", self)
        period_caption.setBuddy(self.period_combo)

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedSize(90, 6)
        self.busy_bar.setAccessibleName("Working")
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("budgetBusy")
        for widget in (self.busy_bar, self.busy_label):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
            widget.hide()

        self.statement_button = QPushButton("Monthly &statement…", self)
        self.statement_button.setAutoDefault(False)
        self.statement_button.setToolTip("A PDF of one month's purchases for the finance team")
        self.statement_button.clicked.connect(lambda: self.monthly_statement())
        self.export_button = QPushButton("E&xport purchases…", self)
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip("The purchases of a date range as CSV or Excel")
        self.export_button.clicked.connect(lambda: self.export_purchases())

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(period_caption)
        top.addWidget(self.period_combo)
        top.addSpacing(12)
        top.addWidget(self.busy_bar)
        top.addWidget(self.busy_label)
        top.addStretch(1)
        top.addWidget(self.statement_button)
        top.addWidget(self.export_button)

        self.messages = MessageBar(self, name="Budget messages")

        self.summary = QLabel(self)
        self.summary.setObjectName("budgetSummary")
        self.summary.setWordWrap(True)
        self.allocations = AllocationsView(services, worker, change_bus, self, today=self._today)
        self.spend_chart = SpendChart(self)
        overview = QWidget(self)
        overview_layout = QVBoxLayout(overview)
        overview_layout.setContentsMargins(8, 8, 8, 8)
        overview_layout.setSpacing(8)
        overview_layout.addWidget(self.summary)
        overview_layout.addWidget(self.allocations, 3)
        overview_layout.addWidget(self.spend_chart, 4)

        self.purchases = PurchaseList(
            services, worker, change_bus, self, today=self._today, load=False
        )
        purchases_tab = QWidget(self)
        purchases_layout = QVBoxLayout(purchases_tab)
        purchases_layout.setContentsMargins(8, 8, 8, 8)
        purchases_layout.addWidget(self.purchases)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(overview, "&Overview")
        self.tabs.addTab(purchases_tab, "P&urchases")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.messages)
        layout.addWidget(self.tabs, 1)

        self.purchases.model.totals_changed.connect(self._on_purchase_totals)
        change_bus.changed.connect(self._on_changes)

    # -- public API ---------------------------------------------------------------------------

    def period(self) -> Period:
        return self._period

    def set_period(self, start: date, end: date) -> None:
        """Show the figures of ``start``..``end`` (usually a financial year)."""
        if (start, end) not in self._periods:
            self._fill_periods([], also=(start, end))
        self.period_combo.setCurrentIndex(self._periods.index((start, end)))

    def overview(self) -> BudgetOverviewDTO | None:
        return self._overview

    def refresh(self) -> None:
        """Read the figures and the purchase list again."""
        self._out_of_date = False
        self._read_overview()
        if self.purchases.model.shown_query() is None:
            self.purchases.set_period(*self._period)
        else:
            self.purchases.refresh()

    def is_busy(self) -> bool:
        return self._busy_count > 0

    def monthly_statement(self, month_start: date | None = None, *, preview: bool = True) -> None:
        """Build a month's statement on the worker, then preview it (print or save from there)
        or save it at once. It is recorded in the audit log only once saved or printed."""
        if month_start is None:
            dialog = StatementDialog(self._today(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            month_start, preview = dialog.month_start(), dialog.preview()
        chosen = month_start.replace(day=1)
        services = self._services
        self.messages.clear()
        self._start_busy(f"Preparing the statement for {_month_text(chosen)}…")
        self._worker.submit(
            lambda: services.prepare_budget_statement(chosen),
            lambda rendered: self._statement_ready(rendered, chosen, preview),
            lambda error: self._document_failed(error, "The statement could not be prepared."),
        )

    def export_purchases(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        file_format: str | None = None,
    ) -> None:
        """Build the export on the worker, ask where to save it, write it owner-only, then
        record it (removing the file again if it cannot be recorded)."""
        if date_from is None or date_to is None or file_format is None:
            dialog = PurchaseExportDialog(self._today(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            date_from, date_to = dialog.date_range()
            file_format = dialog.file_format()
        services = self._services
        start, end, kind = date_from, date_to, file_format
        self.messages.clear()
        self._start_busy("Preparing the export…")
        self._worker.submit(
            lambda: services.prepare_purchase_export(start, end, kind),
            lambda rendered: self._export_ready(rendered, kind),
            lambda error: self._document_failed(error, "The export could not be prepared."),
        )

    # -- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if not touches_budget(changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._out_of_date = True

    def _read_overview(self) -> None:
        services, (start, end) = self._services, self._period
        self._worker.submit(
            lambda: services.budget_overview(start, end),
            self._show_overview,
            self._overview_failed,
        )

    def _show_overview(self, overview: BudgetOverviewDTO) -> None:
        if (overview.period_start, overview.period_end) != self._period:
            return  # another period was chosen meanwhile; its answer follows
        self._overview = overview
        self._fill_periods(overview.balances)
        shown = [b for b in overview.balances if _overlaps(b, self._period)]
        self.allocations.set_balances(shown, self._period[0])
        self.allocations.set_threshold(overview.approval_threshold_pence)
        self.spend_chart.set_spend(overview.spend, *self._period)
        self.summary.setText(self._summary_text(shown))

    @staticmethod
    def _summary_text(shown: list[AllocationBalanceDTO]) -> str:
        if not shown:
            return ""
        allocated = sum(b.allocation.amount_pence for b in shown)
        remaining = sum(b.remaining_pence for b in shown)
        spent = sum(b.spent_pence for b in shown)
        committed = sum(b.committed_pence for b in shown)
        over = sum(1 for b in shown if b.overspent)
        text = (
            f"{format_pence(remaining)} remains of {format_pence(allocated)} allocated · "
            f"{format_pence(spent)} paid · {format_pence(committed)} committed"
        )
        if over:
            text += f" · {over} allocation{'s' if over != 1 else ''} overspent"
        return text

    def _overview_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else None
        self.messages.show_message(
            MessageKind.ERROR, f"The budget could not be read. {message or GENERIC_FAILURE_MESSAGE}"
        )

    def _fill_periods(
        self, balances: Sequence[AllocationBalanceDTO], *, also: Period | None = None
    ) -> None:
        """Offer this financial year, the chosen period, and every year with an allocation."""
        periods = {financial_year(self._today()), self._period, *self._periods}
        periods.update(financial_year(b.allocation.period_start) for b in balances)
        if also is not None:
            periods.add(also)
        wanted = sorted(periods, reverse=True)
        if wanted == self._periods:
            return
        # The periods live here, not as item data: Qt cannot find Python tuples by value.
        self._periods = wanted
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in wanted:
            self.period_combo.addItem(period_text(period))
        self.period_combo.setCurrentIndex(wanted.index(self._period))
        self.period_combo.blockSignals(False)

    def _on_period_chosen(self, index: int) -> None:
        if not 0 <= index < len(self._periods):
            return
        period = self._periods[index]
        if period == self._period:
            return
        self._period = period
        self._read_overview()
        self.purchases.set_period(*period)

    def _on_purchase_totals(self, totals: object) -> None:
        count = getattr(totals, "count", 0)
        self.tabs.setTabText(1, f"P&urchases ({count:,})")

    # -- the statement ------------------------------------------------------------------------

    def _statement_ready(self, rendered: RenderedFileDTO, month_start: date, preview: bool) -> None:
        self._end_busy()
        if not preview:
            path = save_pdf(self, rendered.data, str(_documents_folder() / rendered.file_name))
            if path is not None:
                self._record(STATEMENT_ENTITY, f"The statement was saved to {path}.", None)
            return
        from ui.printing import PdfPreviewDialog

        dialog = PdfPreviewDialog(
            rendered.data,
            title=f"Budget statement, {_month_text(month_start)}",
            suggested_name=rendered.file_name,
            parent=self.window(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.printed.connect(
            lambda: self._record(STATEMENT_ENTITY, "The statement was sent to the printer.", None)
        )
        dialog.saved.connect(
            lambda path: self._record(STATEMENT_ENTITY, f"The statement was saved to {path}.", None)
        )
        self.preview = dialog
        dialog.destroyed.connect(lambda _o=None: setattr(self, "preview", None))
        dialog.open()

    # -- the export ---------------------------------------------------------------------------

    def _export_ready(self, rendered: RenderedFileDTO, file_format: str) -> None:
        self._end_busy()
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "Export purchases",
            str(_documents_folder() / rendered.file_name),
            _FILE_FILTERS.get(file_format, ""),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{file_format}":
            path = path.with_name(f"{path.name}.{file_format}")
        try:
            write_private_file(path, rendered.data)
        except OSError as error:
            QMessageBox.warning(
                self,
                "Could not export",
                f"The purchases could not be saved to {path}.\n\n{error.strerror or error}",
            )
            return
        self._record(EXPORT_ENTITY, f"The purchases were exported to {path}.", path)

    # -- recording ----------------------------------------------------------------------------

    def _record(self, entity: str, done_text: str, written: Path | None) -> None:
        """Add the EXPORT audit entry; if that fails, remove the file just written."""
        services, bus = self._services, self._bus

        def recorded(_result: None) -> None:
            self.messages.show_message(MessageKind.SUCCESS, done_text)
            bus.publish(Changes(audit=True))

        def failed(error: BaseException) -> None:
            log.error("Recording a budget export failed with %s", type(error).__name__)
            removed = ""
            if written is not None:
                with contextlib.suppress(OSError):
                    written.unlink()
                removed = " The file was removed again, so nothing left the vault unrecorded."
            self.messages.show_message(
                MessageKind.ERROR,
                "The export could not be recorded in the audit log."
                + removed
                + " Please try again.",
            )

        self._worker.submit(lambda: services.record_budget_export(entity), recorded, failed)

    def _document_failed(self, error: BaseException, text: str) -> None:
        self._end_busy()
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.messages.show_message(MessageKind.ERROR, f"{text} {message}")

    # -- busy ---------------------------------------------------------------------------------

    def _start_busy(self, text: str) -> None:
        self._busy_count += 1
        self.busy_label.setText(text)
        self.busy_bar.show()
        self.busy_label.show()
        self.statement_button.setEnabled(False)
        self.export_button.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def _end_busy(self) -> None:
        if self._busy_count == 0:
            return
        self._busy_count -= 1
        QApplication.restoreOverrideCursor()
        if self._busy_count == 0:
            self.busy_bar.hide()
            self.busy_label.hide()
            self.busy_label.clear()
            self.statement_button.setEnabled(True)
            self.export_button.setEnabled(True)
