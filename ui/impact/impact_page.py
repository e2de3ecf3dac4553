"""The Impact page: the programme's figures for a period, how each was counted, and the records
behind each one.

- A period (a financial year, April to March, or custom dates), optionally narrowed to one
  navigator and to one police force.
- A card per figure: its label, its value, "n of d" under a share, and the counting rule as the
  tooltip. Choosing a card (click, Enter or Space) lists the records behind it below; Enter or
  a double-click on a record of a case asks the window to open that case.
- A bar chart per breakdown.
- **Record operation… / training… / repatriation…** add programme activity.
- **Save report as PDF… / Save figures as JSON…** build the file on the worker, save it
  readable by the owner only, then record the export (removing the file again if that fails).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import ImpactFigureDTO, ImpactRecordDTO, ImpactReportDTO
from models.errors import WaypostError
from models.rules.budget_balance import financial_year
from models.rules.date_text import format_date, months_text
from ui.budget.allocation_dialog import year_label
from ui.impact.breakdown_chart import BreakdownChart
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.printing.pdf_output import write_private_file
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["FigureCard", "ImpactPage", "figure_value_text", "share_text"]

log = logging.getLogger(__name__)

Period = tuple[date, date]
ALL_NAVIGATORS = "All navigators"
ALL_FORCES = "All forces"
CUSTOM_TEXT = "Custom dates…"
YEARS_OFFERED = 5
CARD_COLUMNS = 6
COL_DATE, COL_KIND, COL_REFERENCE, COL_DETAIL = range(4)
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ONE_DAY = timedelta(days=1)


def figure_value_text(figure: ImpactFigureDTO) -> str:
    if figure.value is None:
        return "—"
    if figure.key == "sentence_months":
        return months_text(figure.value)
    return f"{figure.value}%" if figure.is_share else f"{figure.value:,}"


def share_text(figure: ImpactFigureDTO) -> str:
    """ "50 of 58" under a share; empty for a count."""
    if not figure.is_share:
        return ""
    if not figure.denominator:
        return "none to count yet"
    return f"{figure.numerator or 0:,} of {figure.denominator:,}"


def _services_today(services: object) -> Callable[[], date]:
    today = getattr(getattr(services, "ctx", None), "today", None)
    return today if callable(today) else date.today


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home())


def _error_text(error: BaseException) -> str:
    return error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE


class FigureCard(QFrame):
    """One figure: label, big value, "n of d" under a share; the rule is the tooltip."""

    chosen = Signal(str)

    def __init__(self, figure: ImpactFigureDTO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = figure.key
        self.setObjectName("impactCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setObjectName("impactCardTitle")
        self.value_label = QLabel(self)
        self.value_label.setObjectName("impactCardValue")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value_label.setFont(font)
        self.share_label = QLabel(self)
        self.share_label.setObjectName("impactCardShare")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.share_label)
        self.set_selected(False)
        self.set_figure(figure)

    def set_figure(self, figure: ImpactFigureDTO) -> None:
        self.figure = figure
        self.title_label.setText(figure.label)
        self.value_label.setText(figure_value_text(figure))
        self.share_label.setText(share_text(figure))
        self.setToolTip(figure.rule)
        self.setAccessibleName(figure.label)
        under = f" ({share_text(figure)})" if figure.is_share else ""
        self.setAccessibleDescription(
            f"{figure.label}: {figure_value_text(figure)}{under}. {figure.rule}"
        )

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        border = "#1F5FA8" if selected else "#C9D1DC"
        width = 2 if selected else 1
        self.setStyleSheet(
            f"QFrame#impactCard {{ background: #FFFFFF; border: {width}px solid {border};"
            " border-radius: 4px; }"
            " QFrame#impactCard:focus { border: 2px solid #1F5FA8; }"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.chosen.emit(self.key)
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.chosen.emit(self.key)
            return
        super().keyPressEvent(event)


class RecordTable(QTableWidget):
    """The records behind one figure; Enter or a double-click on a case's record opens it."""

    open_case_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setAccessibleName("Records behind the figure")
        self.setHorizontalHeaderLabels(["Date", "Kind", "Reference", "Detail"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column in (COL_DATE, COL_KIND, COL_REFERENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.itemDoubleClicked.connect(lambda item: self.open_row(item.row()))

    def set_records(self, records: list[ImpactRecordDTO]) -> None:
        self.setRowCount(0)
        self.setRowCount(len(records))
        for row, record in enumerate(records):
            texts = (
                format_date(record.on) if record.on else "",
                record.kind,
                record.reference,
                record.detail,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(CASE_ID_ROLE, record.case_id)
                if record.case_id is not None:
                    item.setToolTip("Enter or double-click to open the case")
                self.setItem(row, column, item)

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def case_id(self, row: int) -> int | None:
        item = self.item(row, 0)
        return item.data(CASE_ID_ROLE) if item is not None else None

    def open_row(self, row: int) -> None:
        case_id = self.case_id(row)
        if case_id is not None:
            self.open_case_requested.emit(int(case_id))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.open_row(self.currentRow())
            return
        super().keyPressEvent(event)


class ImpactPage(QWidget):
    open_case_requested = Signal(int)

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
        self._report: ImpactReportDTO | None = None
        self._cards: dict[str, FigureCard] = {}
        self._charts: dict[str, BreakdownChart] = {}
        self._drilled: str | None = None
        self._out_of_date = True
        self._busy = False
        self.last_dialog: QDialog | None = None
        this_year = financial_year(self._today())
        self._years: list[Period] = [this_year]
        for _ in range(YEARS_OFFERED - 1):
            self._years.append(financial_year(self._years[-1][0].replace(day=1) - _ONE_DAY))
        self._period: Period = this_year

        title = QLabel("Impact", self)
        title.setObjectName("pageTitle")
        self.period_combo = QComboBox(self)
        self.period_combo.setAccessibleName("Period")
        for start, end in self._years:
            self.period_combo.addItem(f"{year_label(start)} (Apr {start.year} to Mar {end.year})")
        self.period_combo.addItem(CUSTOM_TEXT)
        period_caption = QLabel("&Period", self)
        period_caption.setBuddy(self.period_combo)
        self.from_edit = self._date_edit("From", this_year[0])
        self.to_edit = self._date_edit("To", this_year[1])
        self.dates_label = QLabel("to", self)
        self.navigator_combo = QComboBox(self)
        self.navigator_combo.setAccessibleName("Navigator")
        self.navigator_combo.addItems([ALL_NAVIGATORS, services.user])
        navigator_caption = QLabel("Na&vigator", self)
        navigator_caption.setBuddy(self.navigator_combo)
        self.force_combo = QComboBox(self)
        self.force_combo.setAccessibleName("Police force")
        self.force_combo.addItem(ALL_FORCES)
        self.force_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.force_combo.setMinimumContentsLength(16)
        force_caption = QLabel("&Force", self)
        force_caption.setBuddy(self.force_combo)

        filters = QHBoxLayout()
        filters.addWidget(title)
        filters.addSpacing(16)
        filters.addWidget(period_caption)
        filters.addWidget(self.period_combo)
        filters.addWidget(self.from_edit)
        filters.addWidget(self.dates_label)
        filters.addWidget(self.to_edit)
        filters.addSpacing(12)
        filters.addWidget(navigator_caption)
        filters.addWidget(self.navigator_combo)
        filters.addSpacing(12)
        filters.addWidget(force_caption)
        filters.addWidget(self.force_combo)
        filters.addStretch(1)

        self.operation_button = self._button("Record &operation…", self.record_operation)
        self.training_button = self._button("Record &training…", self.record_training)
        self.repatriation_button = self._button("Record &repatriation…", self.record_repatriation)
        self.advice_button = self._button("Record strategic &advice…", self.record_strategic_advice)
        self.family_button = self._button("Record &family support…", self.record_family_support)
        self.pdf_button = self._button("Save report as &PDF…", lambda: self.save_report("pdf"))
        self.json_button = self._button("Save figures as &JSON…", lambda: self.save_report("json"))
        buttons = QHBoxLayout()
        for button in (
            self.operation_button,
            self.training_button,
            self.repatriation_button,
            self.advice_button,
            self.family_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.json_button)

        self.messages = MessageBar(self, name="Impact messages")
        self.summary = QLabel(self)
        self.summary.setObjectName("impactSummary")

        self.cards_grid = QGridLayout()
        self.cards_grid.setSpacing(8)
        self.charts_grid = QGridLayout()
        self.charts_grid.setHorizontalSpacing(16)
        self.charts_grid.setVerticalSpacing(4)
        figures = QWidget(self)
        figures_layout = QVBoxLayout(figures)
        figures_layout.setContentsMargins(0, 0, 8, 0)
        figures_layout.addLayout(self.cards_grid)
        figures_layout.addSpacing(8)
        figures_layout.addLayout(self.charts_grid)
        figures_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(figures)

        self.drill_label = QLabel("Choose a figure to see the records behind it.", self)
        self.drill_label.setObjectName("chartHeading")
        self.records = RecordTable(self)
        self.records.open_case_requested.connect(self.open_case_requested)
        drill = QWidget(self)
        drill_layout = QVBoxLayout(drill)
        drill_layout.setContentsMargins(0, 4, 0, 0)
        drill_layout.addWidget(self.drill_label)
        drill_layout.addWidget(self.records, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(drill)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([460, 160])  # the figures first; the records below
        drill.setMinimumHeight(110)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.messages)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)

        self._show_custom(False)
        self.period_combo.currentIndexChanged.connect(self._on_period_chosen)
        self.from_edit.dateChanged.connect(self._on_dates_changed)
        self.to_edit.dateChanged.connect(self._on_dates_changed)
        self.navigator_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.force_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        change_bus.changed.connect(self._on_changes)

    def _date_edit(self, name: str, value: date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setDate(QDate(value.year, value.month, value.day))
        return edit

    def _button(self, text: str, handler: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: handler())
        return button

    # -- public API ---------------------------------------------------------------------------

    def period(self) -> Period:
        return self._period

    def set_period(self, start: date, end: date) -> None:
        if (start, end) in self._years:
            self.period_combo.setCurrentIndex(self._years.index((start, end)))
            return
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(len(self._years))
        self.period_combo.blockSignals(False)
        self._show_custom(True)
        for edit, value in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(value.year, value.month, value.day))
            edit.blockSignals(False)
        self._period = (start, end)
        self.refresh()

    def navigator(self) -> str | None:
        text = self.navigator_combo.currentText()
        return None if self.navigator_combo.currentIndex() <= 0 else text

    def police_force(self) -> str | None:
        text = self.force_combo.currentText()
        return None if self.force_combo.currentIndex() <= 0 else text

    def report(self) -> ImpactReportDTO | None:
        return self._report

    def cards(self) -> dict[str, FigureCard]:
        return dict(self._cards)

    def charts(self) -> dict[str, BreakdownChart]:
        return dict(self._charts)

    def drilled_key(self) -> str | None:
        return self._drilled

    def refresh(self) -> None:
        self._out_of_date = False
        services, (start, end) = self._services, self._period
        navigator, force = self.navigator(), self.police_force()
        self._worker.submit(
            lambda: services.impact_report(start, end, navigator=navigator, police_force=force),
            lambda report: self._show_report(report, navigator, force),
            lambda error: self.messages.show_message(
                MessageKind.ERROR, f"The figures could not be read. {_error_text(error)}"
            ),
        )
        if not self._forces_read:
            self._read_forces()

    _forces_read = False

    def _read_forces(self) -> None:
        self._forces_read = True
        services = self._services
        self._worker.submit(services.police_forces, self._fill_forces, lambda _error: None)

    def _fill_forces(self, forces: list[str]) -> None:
        chosen = self.force_combo.currentText()
        self.force_combo.blockSignals(True)
        self.force_combo.clear()
        self.force_combo.addItem(ALL_FORCES)
        self.force_combo.addItems(sorted(set(forces)))
        index = self.force_combo.findText(chosen)
        self.force_combo.setCurrentIndex(max(index, 0))
        self.force_combo.blockSignals(False)

    def drill_down(self, key: str) -> None:
        """List the records behind figure ``key`` below the cards."""
        self._drilled = key
        for card_key, card in self._cards.items():
            card.set_selected(card_key == key)
        card = self._cards.get(key)
        services, (start, end) = self._services, self._period
        navigator, force = self.navigator(), self.police_force()
        name = card.figure.label if card is not None else key
        # At organisation scale the records take seconds: never show the last figure's records
        # under this one's heading meanwhile.
        self.records.set_records([])
        self.drill_label.setText(f"Records behind “{name}”: reading…")
        self._worker.submit(
            lambda: services.impact_records(
                key, start, end, navigator=navigator, police_force=force
            ),
            lambda records: self._show_records(key, records),
            lambda error: self.messages.show_message(
                MessageKind.ERROR, f"The records could not be read. {_error_text(error)}"
            ),
        )

    # -- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.empty:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._out_of_date = True

    def _on_period_chosen(self, index: int) -> None:
        custom = index >= len(self._years)
        self._show_custom(custom)
        if custom:
            self._on_dates_changed()
            return
        self._period = self._years[index]
        self.refresh()

    def _show_custom(self, shown: bool) -> None:
        for widget in (self.from_edit, self.dates_label, self.to_edit):
            widget.setVisible(shown)

    def _on_dates_changed(self, _value: object = None) -> None:
        if self.period_combo.currentIndex() < len(self._years):
            return
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        if end < start:
            self.messages.show_message(MessageKind.WARNING, "The period ends before it starts.")
            return
        self.messages.clear()
        self._period = (start, end)
        self.refresh()

    def _show_report(
        self, report: ImpactReportDTO, navigator: str | None, force: str | None
    ) -> None:
        if (report.period_start, report.period_end) != self._period or (
            navigator,
            force,
        ) != (self.navigator(), self.police_force()):
            return  # another choice was made meanwhile; its answer follows
        self._report = report
        keys = [figure.key for figure in report.figures]
        if keys != list(self._cards):
            self._rebuild_cards(report)
        else:
            for figure in report.figures:
                self._cards[figure.key].set_figure(figure)
        breakdown_keys = [breakdown.key for breakdown in report.breakdowns]
        if breakdown_keys != list(self._charts):
            self._rebuild_charts(report)
        for breakdown in report.breakdowns:
            self._charts[breakdown.key].set_points(breakdown.parts)
        narrowed = [text for text in (navigator, force) if text]
        self.summary.setText(
            f"{format_date(report.period_start)} to {format_date(report.period_end)}"
            + (f" · {' · '.join(narrowed)}" if narrowed else "")
            + " · choose a figure to see the records behind it"
        )
        if self._drilled is not None and self._drilled in self._cards:
            self.drill_down(self._drilled)

    def _rebuild_cards(self, report: ImpactReportDTO) -> None:
        for card in self._cards.values():
            self.cards_grid.removeWidget(card)
            card.deleteLater()
        self._cards = {}
        for index, figure in enumerate(report.figures):
            card = FigureCard(figure)
            card.chosen.connect(self.drill_down)
            card.set_selected(figure.key == self._drilled)
            self.cards_grid.addWidget(card, index // CARD_COLUMNS, index % CARD_COLUMNS)
            self._cards[figure.key] = card
        for column in range(CARD_COLUMNS):
            self.cards_grid.setColumnStretch(column, 1)

    def _rebuild_charts(self, report: ImpactReportDTO) -> None:
        while self.charts_grid.count():
            item = self.charts_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._charts = {}
        columns = 2
        for index, breakdown in enumerate(report.breakdowns):
            heading = QLabel(breakdown.label)
            heading.setObjectName("chartHeading")
            chart = BreakdownChart(breakdown.label)
            chart.setObjectName(breakdown.key)
            row, column = 2 * (index // columns), index % columns
            self.charts_grid.addWidget(heading, row, column)
            self.charts_grid.addWidget(chart, row + 1, column)
            self._charts[breakdown.key] = chart
        for column in range(columns):
            self.charts_grid.setColumnStretch(column, 1)

    def _show_records(self, key: str, records: list[ImpactRecordDTO]) -> None:
        if key != self._drilled:
            return
        self.records.set_records(records)
        card = self._cards.get(key)
        name = card.figure.label if card is not None else key
        count = len(records)
        self.drill_label.setText(
            f"Records behind “{name}”: {count:,} record{'s' if count != 1 else ''}"
        )

    # -- recording activity -------------------------------------------------------------------

    def record_operation(self) -> None:
        from ui.impact.activity_dialogs import OperationDialog

        self._run_dialog(OperationDialog(self._services, self._worker, self._today(), self))

    def record_training(self) -> None:
        from ui.impact.activity_dialogs import TrainingDialog

        self._run_dialog(TrainingDialog(self._services, self._worker, self._today(), self))

    def record_repatriation(self) -> None:
        from ui.impact.activity_dialogs import RepatriationDialog

        self._run_dialog(RepatriationDialog(self._services, self._worker, self._today(), self))

    def record_strategic_advice(self) -> None:
        from ui.impact.activity_dialogs import StrategicAdviceDialog

        self._run_dialog(StrategicAdviceDialog(self._services, self._worker, self._today(), self))

    def record_family_support(self) -> None:
        from ui.impact.activity_dialogs import FamilySupportDialog

        self._run_dialog(FamilySupportDialog(self._services, self._worker, self._today(), self))

    def _run_dialog(self, dialog: QDialog) -> None:
        """Open ``dialog`` (window-modal); after a save, publish the change and refresh."""
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._activity_saved(dialog.done_text))
        dialog.destroyed.connect(lambda _o=None: setattr(self, "last_dialog", None))
        dialog.open()

    def _activity_saved(self, text: str) -> None:
        self.messages.show_message(MessageKind.SUCCESS, text)
        self._bus.publish(Changes(audit=True))
        if not self.isVisible():
            self.refresh()

    # -- saving the report --------------------------------------------------------------------

    def save_report(self, kind: str) -> None:
        """Build the PDF report or the JSON figures on the worker, then ask where to save."""
        services, (start, end) = self._services, self._period
        navigator, force = self.navigator(), self.police_force()

        def build() -> tuple[bytes, str]:
            from models.reports.impact_report import build_impact_report, impact_report_file_name

            report = services.impact_report(start, end, navigator=navigator, police_force=force)
            if kind == "pdf":
                data = build_impact_report(report)
            else:
                from models.reports.impact_json import impact_json

                data = impact_json(report)
            return data, impact_report_file_name(start, end, kind)

        self.messages.clear()
        self._set_busy(True)
        self._worker.submit(
            build,
            lambda built: self._report_ready(kind, *built),
            lambda error: self._report_failed(error),
        )

    def _report_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        log.error("Building the impact report failed with %s", type(error).__name__)
        self.messages.show_message(
            MessageKind.ERROR, f"The report could not be prepared. {_error_text(error)}"
        )

    def _report_ready(self, kind: str, data: bytes, file_name: str) -> None:
        self._set_busy(False)
        caption = "Save report as PDF" if kind == "pdf" else "Save figures as JSON"
        filters = "PDF files (*.pdf)" if kind == "pdf" else "JSON files (*.json)"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, caption, str(_documents_folder() / file_name), filters
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        try:
            write_private_file(path, data)
        except OSError as error:
            self.messages.show_message(
                MessageKind.ERROR,
                f"The file could not be saved to {path}. {error.strerror or error}",
            )
            return
        self._record_export(path)

    def _record_export(self, path: Path) -> None:
        services, bus = self._services, self._bus
        done = f"Saved to {path}."
        if importlib.util.find_spec("models.services.impact_export") is None:
            self.messages.show_message(MessageKind.SUCCESS, done)
            return

        def record() -> None:
            module = importlib.import_module("models.services.impact_export")
            module.record_impact_export(services.ctx)

        def recorded(_result: object) -> None:
            self.messages.show_message(MessageKind.SUCCESS, done)
            bus.publish(Changes(audit=True))

        def failed(error: BaseException) -> None:
            log.error("Recording an impact export failed with %s", type(error).__name__)
            with contextlib.suppress(OSError):
                path.unlink()
            self.messages.show_message(
                MessageKind.ERROR,
                "The export could not be recorded in the audit log. The file was removed "
                "again, so nothing left the vault unrecorded. Please try again.",
            )

        self._worker.submit(record, recorded, failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.pdf_button.setEnabled(not busy)
        self.json_button.setEnabled(not busy)

    def is_busy(self) -> bool:
        return self._busy
