"""The "Recovery" tab of a support plan case: when the next assessment is due, the assessments
so far, the latest against the intake (radar), each domain over time (trends), and how each
domain changed for the survivor and for the navigator, with their disagreements shown.

New assessments and corrections open the assessment dialog (Ctrl+N, or Enter on a row). The
recovery summary is built on the worker and previewed before it is printed or saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import AssessmentDTO, RecoveryDTO
from models.enums import Perspective
from models.errors import WaypostError
from models.rules.recovery_change import DOMAINS, intake_of, latest_after_intake
from ui.assessment.assessment_dialog import AssessmentDialog
from ui.assessment.change_table import ChangeTable
from ui.assessment.radar_chart import RadarChart, RadarSeries
from ui.assessment.texts import (
    DUE_NAMES,
    describe_assessment,
    disagreement_text,
    due_text,
    overall_text,
)
from ui.assessment.trend_chart import TrendCharts
from ui.case.formatting import format_date
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Worker
from ui.widgets.local_shortcut import LocalShortcut
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services
    from ui.assessment.summary_preview import RecoverySummaryPreview

__all__ = ["LIST_COLUMNS", "PRINT_UNAVAILABLE", "RecoveryTab"]

PRINT_UNAVAILABLE = "Printing recovery summaries is not available yet."
LIST_COLUMNS = ("Date", "Kind", "Survivor", "Navigator", "Views", "Recorded by")
NEW_ASSESSMENT_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_N)
_ASSESSMENT_ROLE = Qt.ItemDataRole.UserRole
_WHO = {Perspective.SURVIVOR: "Survivor", Perspective.NAVIGATOR: "Navigator"}
_STYLE = """
QLabel#recoveryDue { font-size: 14px; font-weight: 600; color: #1F2A36; }
QLabel#recoveryDue[overdue="true"] { color: #B71C1C; }
QLabel.sectionTitle { font-weight: 600; font-size: 13px; color: #1F2A36; }
QLabel#radarCaption, QLabel#changeNote { color: #5A6270; }
"""


def _section(text: str, parent: QWidget, buddy: QWidget | None = None) -> QLabel:
    caption = QLabel(text, parent)
    caption.setProperty("class", "sectionTitle")
    if buddy is not None:
        caption.setBuddy(buddy)
    return caption


class RecoveryTab(QWidget):
    """``assessments_changed`` fires after an assessment was recorded or corrected (the
    workspace publishes it)."""

    assessments_changed = Signal()
    police_export_requested = Signal()

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
        # Ctrl+N here is a new assessment, not the window's "New case".
        LocalShortcut(self, NEW_ASSESSMENT_KEYS, self.new_assessment)
        self.setObjectName("recoveryTab")
        self.setStyleSheet(_STYLE)
        self._case_id = case_id
        self._services = services
        self._worker = worker
        self._today = today
        self._bus = change_bus  # handed to the print preview, which records each print
        self._settings = settings
        self._recovery: RecoveryDTO | None = None
        self._announce = ""
        self._select_id: int | None = None
        self.dialog: AssessmentDialog | None = None
        self.preview: RecoverySummaryPreview | None = None

        self.messages = MessageBar(self, name="Recovery messages")
        self.due_label = QLabel(self)
        self.due_label.setObjectName("recoveryDue")
        self.due_label.setAccessibleName("Next assessment")
        self.new_button = QPushButton("&New assessment…", self)
        self.new_button.setToolTip("Score the six domains with the survivor (Ctrl+N)")
        self.new_button.clicked.connect(self.new_assessment)
        self.print_button = QPushButton("&Print recovery summary…", self)
        self.print_button.setToolTip("Preview the recovery summary, then print or save it")
        self.print_button.clicked.connect(self.print_summary)
        self.export_button = QPushButton("E&xport for police…", self)
        self.export_button.setToolTip(
            "Send a recovery summary to a police partner, limited to what the survivor agreed "
            "to share with them (Ctrl+Shift+E)"
        )
        self.export_button.clicked.connect(self.police_export_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.due_label, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)

        self.loading_label = QLabel("Reading the assessments…", self)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page = QWidget(self)
        self.empty_label = QLabel(self.empty_page)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #3D4450; font-size: 15px; padding: 8px;")
        self.empty_new_button = QPushButton("&New assessment…", self.empty_page)
        self.empty_new_button.clicked.connect(self.new_assessment)
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.content = self._build_content()
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.content)
        self.stack = QStackedWidget(self)
        for page in (self.loading_label, self.empty_page, self.scroll):
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.messages)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def _build_content(self) -> QWidget:
        content = QWidget(self)
        self.list = QTreeWidget(content)
        self.list.setObjectName("assessmentList")
        self.list.setAccessibleName("Assessments, newest first")
        self.list.setHeaderLabels(LIST_COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        for column in range(len(LIST_COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.list.setMinimumHeight(96)
        # Enter, or a double-click (Qt sends both as "activated").
        self.list.itemActivated.connect(lambda _item, _column: self.correct_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.correct_button = QPushButton("&Correct selected…", content)
        self.correct_button.setToolTip("Open the selected assessment to correct it (Enter)")
        self.correct_button.clicked.connect(self.correct_selected)

        self.radar = RadarChart(content)
        self.radar_caption = QLabel(content)
        self.radar_caption.setObjectName("radarCaption")
        self.view_group = QButtonGroup(content)
        self.view_buttons: dict[str, QRadioButton] = {}
        views = QHBoxLayout()
        views.addWidget(QLabel("Show:", content))
        choices = (("both", "&Both views"), ("survivor", "S&urvivor"), ("navigator", "Na&vigator"))
        for key, text in choices:
            button = QRadioButton(text, content)
            button.setAccessibleName(f"Radar chart: {text.replace('&', '').lower()}")
            self.view_group.addButton(button)
            self.view_buttons[key] = button
            views.addWidget(button)
        views.addStretch(1)
        self.view_buttons["both"].setChecked(True)
        self.view_group.buttonToggled.connect(lambda _b, on: on and self._show_radar())

        self.changes = ChangeTable(content)
        self.change_note = QLabel(content)
        self.change_note.setObjectName("changeNote")
        self.trends = TrendCharts(content, columns=6)

        list_row = QHBoxLayout()
        list_row.addWidget(_section("&Assessments (newest first)", content, self.list), 1)
        list_row.addWidget(self.correct_button)
        left = QVBoxLayout()
        left.addLayout(list_row)
        left.addWidget(self.list, 1)
        left.addSpacing(8)
        left.addWidget(_section("Change since the intake", content))
        left.addWidget(self.changes)
        left.addWidget(self.change_note)
        right = QVBoxLayout()
        right.addWidget(_section("Latest against the intake", content))
        right.addWidget(self.radar_caption)
        right.addLayout(views)
        right.addWidget(self.radar, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(_section("Each domain over time", content))
        bottom.addWidget(self.trends, 1)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addLayout(bottom, 1, 0, 1, 2)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 4)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 1)
        return content

    # -- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the case's assessments again."""
        case_id, services = self._case_id, self._services
        self._worker.submit(lambda: services.recovery(case_id), self._show, self._on_load_failed)

    def recovery(self) -> RecoveryDTO | None:
        return self._recovery

    def has_unsaved_changes(self) -> bool:
        return self.dialog is not None and self.dialog.has_unsaved_changes()

    def new_assessment(self) -> None:
        """Open the dialog for a new assessment (Ctrl+N)."""
        self._open_dialog(None)

    def correct_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._open_dialog(item.data(0, _ASSESSMENT_ROLE))

    def print_summary(self) -> None:
        try:
            from ui.assessment.summary_preview import open_recovery_preview
        except ImportError:
            self.messages.show_message(MessageKind.INFO, PRINT_UNAVAILABLE)
            return
        self.messages.clear()
        open_recovery_preview(
            self,
            self._services,
            self._worker,
            self._case_id,
            on_failed=self._on_print_failed,
            settings=self._settings,
            change_bus=self._bus,
            on_shown=self._on_preview_shown,
        )

    def assessments(self) -> list[AssessmentDTO]:
        """As listed, newest first."""
        return [
            self.list.topLevelItem(i).data(0, _ASSESSMENT_ROLE)
            for i in range(self.list.topLevelItemCount())
        ]

    # -- showing ------------------------------------------------------------------------------

    def _show(self, recovery: RecoveryDTO) -> None:
        self._recovery = recovery
        today = self._today()
        text, overdue = due_text(recovery.next_due, today)
        self.due_label.setText(text)
        self.due_label.setProperty("overdue", overdue)
        self.due_label.style().unpolish(self.due_label)
        self.due_label.style().polish(self.due_label)
        if self._announce:
            self.messages.show_message(MessageKind.SUCCESS, self._announce)
            self._announce = ""
        if not recovery.assessments:
            self.empty_label.setText(self._empty_text(recovery, today))
            self.stack.setCurrentWidget(self.empty_page)
            self.list.clear()
        else:
            self._fill_list(recovery)
            self._show_radar()
            self.changes.set_assessments(recovery.assessments)
            latest = latest_after_intake(recovery.assessments)
            self.change_note.setText(
                ""
                if latest is not None
                else "Only the intake so far: changes show after the next assessment."
            )
            self.trends.set_assessments(recovery.assessments)
            self.stack.setCurrentWidget(self.scroll)
        self._update_buttons()

    @staticmethod
    def _empty_text(recovery: RecoveryDTO, today: date) -> str:
        lines = ["No assessment yet."]
        due = recovery.next_due
        if due is not None:
            when = format_date(due.due_on)
            days = (due.due_on - today).days
            late = f" (overdue by {-days} day{'s' if days != -1 else ''})" if days < 0 else ""
            lines[0] += f" The {DUE_NAMES[due.kind].lower()} is due on {when}{late}."
        lines.append(
            "Score the six recovery domains with the survivor, their own view and yours side "
            "by side.\nPress Ctrl+N or New assessment… to start."
        )
        return "\n".join(lines)

    def _fill_list(self, recovery: RecoveryDTO) -> None:
        current = self.list.currentItem()
        keep = self._select_id
        if keep is None and current is not None:
            keep = current.data(0, _ASSESSMENT_ROLE).id
        self._select_id = None
        self.list.clear()
        newest_first = sorted(recovery.assessments, key=lambda a: (a.assessed_on, a.id))[::-1]
        for assessment in newest_first:
            views = disagreement_text(assessment)
            item = QTreeWidgetItem(
                [
                    format_date(assessment.assessed_on),
                    label(assessment.kind),
                    overall_text(assessment, Perspective.SURVIVOR),
                    overall_text(assessment, Perspective.NAVIGATOR),
                    views or "Agree",
                    assessment.recorded_by,
                ]
            )
            item.setData(0, _ASSESSMENT_ROLE, assessment)
            item.setToolTip(0, f"The {describe_assessment(assessment)}. Enter to correct it.")
            self.list.addTopLevelItem(item)
            if assessment.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def _chosen_views(self) -> tuple[Perspective, ...]:
        if self.view_buttons["survivor"].isChecked():
            return (Perspective.SURVIVOR,)
        if self.view_buttons["navigator"].isChecked():
            return (Perspective.NAVIGATOR,)
        return (Perspective.SURVIVOR, Perspective.NAVIGATOR)

    def _show_radar(self) -> None:
        recovery = self._recovery
        if recovery is None or not recovery.assessments:
            self.radar.set_series([])
            return
        intake = intake_of(recovery.assessments)
        latest = latest_after_intake(recovery.assessments)
        if intake is None:  # not possible through the services; drawn as the first one
            intake = min(recovery.assessments, key=lambda a: (a.assessed_on, a.id))
        views = self._chosen_views()
        series = []
        if latest is not None:
            for perspective in views:
                series.append(_series(intake, perspective, "intake", faint=True))
            for perspective in views:
                series.append(_series(latest, perspective, "latest", faint=False))
            self.radar_caption.setText(
                f"The {describe_assessment(latest)} over the intake (pale). Further out is better."
            )
        else:
            for perspective in views:
                series.append(_series(intake, perspective, "intake", faint=False))
            self.radar_caption.setText(
                "Only the intake so far; the next one is drawn over it. Further out is better."
            )
        self.radar.set_series(series)

    def _update_buttons(self) -> None:
        has_any = bool(self._recovery and self._recovery.assessments)
        self.new_button.setVisible(has_any)
        self.correct_button.setEnabled(self.list.currentItem() is not None)

    # -- the dialog ---------------------------------------------------------------------------

    def _open_dialog(self, editing: AssessmentDTO | None) -> None:
        if self._recovery is None:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        dialog = AssessmentDialog(
            self._recovery,
            self._services,
            self._worker,
            self._today,
            editing=editing,
            parent=self,
            settings=self._settings,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        dialog.reload_requested.connect(self.refresh)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
        if self.stack.currentWidget() is self.scroll:
            self.list.setFocus()

    def _on_saved(self, saved: AssessmentDTO) -> None:
        editing = self.dialog.editing() if self.dialog is not None else None
        what = f"{label(saved.kind)} assessment of {format_date(saved.assessed_on)}"
        self._announce = f"{what} corrected." if editing is not None else f"{what} saved."
        self._select_id = saved.id
        self.assessments_changed.emit()
        self.refresh()

    # -- outcomes -----------------------------------------------------------------------------

    def _on_load_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.messages.show_message(
            MessageKind.ERROR, f"The assessments could not be read. {message}"
        )

    def _on_print_failed(self, error: BaseException) -> None:
        from models.services.recovery_summary import NoRecoveryToSummarise

        if isinstance(error, NoRecoveryToSummarise):
            self.messages.show_message(MessageKind.INFO, error.user_message)
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(
                MessageKind.ERROR,
                f"The recovery summary could not be prepared. {GENERIC_FAILURE_MESSAGE}",
            )

    def _on_preview_shown(self, preview: RecoverySummaryPreview) -> None:
        self.preview = preview
        preview.destroyed.connect(lambda _o=None: setattr(self, "preview", None))


def _series(
    assessment: AssessmentDTO, perspective: Perspective, which: str, *, faint: bool
) -> RadarSeries:
    return RadarSeries(
        text=f"{_WHO[perspective]}, {which} ({format_date(assessment.assessed_on)})",
        perspective=perspective,
        scores=tuple(assessment.score(domain, perspective) for domain in DOMAINS),
        faint=faint,
    )
