"""The criminal cases this survivor is part of: a list, and for the one selected its timeline,
its events (with how often each was moved), its defendants, and the survivor's own role and
special measures in it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import CourtCaseDTO, CourtEventDTO, DefendantDTO
from models.rules.date_text import format_date
from ui.court.court_case_dialog import CourtCaseDialog
from ui.court.defendant_dialogs import DefendantDialog, DefendantOutcomeDialog
from ui.court.event_dialogs import AddEventDialog, RecordEventDialog, RescheduleDialog
from ui.court.form_dialog import FormDialog
from ui.court.role_dialogs import SpecialMeasureDialog, SurvivorRoleDialog
from ui.court.timeline_view import TimelineView
from ui.labels import label
from ui.operations import Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = [
    "DEFENDANT_COLUMNS",
    "EVENT_COLUMNS",
    "NO_COURT_CASES_TEXT",
    "CourtPanel",
    "rescheduled_text",
]

D = TypeVar("D", bound=FormDialog)

NO_COURT_CASES_TEXT = (
    "This survivor is not part of a court case yet. When someone is charged, choose "
    '"New court case…" to follow the hearings, the trial and the outcome.'
)
EVENT_COLUMNS = ("Event", "Scheduled for", "Happened", "Moved", "Reason")
DEFENDANT_COLUMNS = ("Defendant", "Charges", "Outcome", "Sentence (months)")


def rescheduled_text(count: int) -> str:
    if count == 0:
        return "—"
    return "rescheduled once" if count == 1 else f"rescheduled {count} times"


def _case_line(case: CourtCaseDTO) -> str:
    d = case.draft
    name = d.court_name or d.operation or d.cps_reference or f"Court case {case.id}"
    parts = [name]
    if d.cps_reference and name != d.cps_reference:
        parts.append(f"CPS {d.cps_reference}")
    nxt = case.next_hearing
    parts.append(
        f"next: {label(nxt.kind)} {format_date(nxt.scheduled_for)}" if nxt else "no hearing listed"
    )
    if case.sentence_total_months:
        parts.append(f"sentences {case.sentence_total_months} months in all")
    return " · ".join(parts)


def _table(columns: Sequence[str], parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], ids: Sequence[int]) -> None:
    table.setRowCount(len(rows))
    for r, (row, row_id) in enumerate(zip(rows, ids, strict=True)):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            table.setItem(r, c, item)
    if rows:
        table.selectRow(0)


class CourtPanel(QWidget):
    """``saved(court_case_id)`` is emitted after anything here was stored."""

    saved = Signal(int)

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._case_id, self._services, self._worker = case_id, services, worker
        self._today, self._settings = today, settings
        self._cases: list[CourtCaseDTO] = []
        self.dialog: FormDialog | None = None

        self.new_button = QPushButton("&New court case…", self)
        self.new_button.clicked.connect(self.new_court_case)
        self.empty_label = QLabel(NO_COURT_CASES_TEXT, self)
        self.empty_label.setWordWrap(True)
        self.case_list = QListWidget(self)
        self.case_list.setAccessibleName("Court cases")
        self.case_list.setMaximumHeight(56)
        self.case_list.currentRowChanged.connect(self._show_selected)

        self.detail = QWidget(self)
        self.timeline = TimelineView(today, self.detail)
        self.attempts_label = QLabel(self.detail)
        self.attempts_label.setWordWrap(True)
        self.events = _table(EVENT_COLUMNS, self.detail, "Court events")
        self.add_event_button = QPushButton("&Add event…", self.detail)
        self.add_event_button.clicked.connect(self.add_event)
        self.reschedule_button = QPushButton("Re&schedule…", self.detail)
        self.reschedule_button.clicked.connect(self.reschedule)
        self.record_button = QPushButton("Record &what happened…", self.detail)
        self.record_button.clicked.connect(self.record_what_happened)
        self.defendants = _table(DEFENDANT_COLUMNS, self.detail, "Defendants")
        self.add_defendant_button = QPushButton("Add &defendant…", self.detail)
        self.add_defendant_button.clicked.connect(self.add_defendant)
        self.outcome_button = QPushButton("Set &outcome…", self.detail)
        self.outcome_button.clicked.connect(self.set_outcome)
        self.role_label = QLabel(self.detail)
        self.role_label.setWordWrap(True)
        self.role_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.role_button = QPushButton("Survivor's &role…", self.detail)
        self.role_button.clicked.connect(self.edit_role)
        self.measure_button = QPushButton("Special &measure…", self.detail)
        self.measure_button.clicked.connect(self.add_special_measure)

        events_box = QGroupBox("Events", self.detail)
        events_layout = QVBoxLayout(events_box)
        events_layout.addWidget(self.events)
        row = QHBoxLayout()
        for button in (self.add_event_button, self.reschedule_button, self.record_button):
            row.addWidget(button)
        row.addStretch(1)
        events_layout.addLayout(row)
        defendants_box = QGroupBox("Defendants", self.detail)
        defendants_layout = QVBoxLayout(defendants_box)
        defendants_layout.addWidget(self.defendants)
        row = QHBoxLayout()
        row.addWidget(self.add_defendant_button)
        row.addWidget(self.outcome_button)
        row.addStretch(1)
        defendants_layout.addLayout(row)
        role_box = QGroupBox("This survivor in the case", self.detail)
        role_layout = QVBoxLayout(role_box)
        role_layout.addWidget(self.role_label)
        row = QHBoxLayout()
        row.addWidget(self.role_button)
        row.addWidget(self.measure_button)
        row.addStretch(1)
        role_layout.addLayout(row)
        lower = QHBoxLayout()
        lower.addWidget(defendants_box, 3)
        lower.addWidget(role_box, 2)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.timeline)
        detail_layout.addWidget(self.attempts_label)
        detail_layout.addWidget(events_box, 2)
        detail_layout.addLayout(lower, 1)

        top = QHBoxLayout()
        title = QLabel("<b>Court cases</b>", self)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.case_list)
        layout.addWidget(self.detail, 1)
        self.set_court_cases([])

    # -- showing ------------------------------------------------------------------------------

    def court_cases(self) -> list[CourtCaseDTO]:
        return list(self._cases)

    def current(self) -> CourtCaseDTO | None:
        row = self.case_list.currentRow()
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def set_court_cases(self, cases: Sequence[CourtCaseDTO], select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else getattr(self.current(), "id", None)
        self._cases = list(cases)
        self.empty_label.setVisible(not self._cases)
        self.case_list.setVisible(bool(self._cases))
        self.detail.setVisible(bool(self._cases))
        self.case_list.blockSignals(True)
        self.case_list.clear()
        for case in self._cases:
            QListWidgetItem(_case_line(case), self.case_list)
        ids = [c.id for c in self._cases]
        self.case_list.setCurrentRow(ids.index(keep) if keep in ids else 0 if ids else -1)
        self.case_list.blockSignals(False)
        self._show_selected()

    def _show_selected(self, _row: int = -1) -> None:
        case = self.current()
        if case is None:
            self.timeline.set_entries(())
            return
        self.timeline.set_entries(case.timeline)
        attempts = [
            f"Trial attempt {a.number}: "
            + (f"from {format_date(a.started_on)}" if a.started_on else "date not set")
            + (", ended in a mistrial" if a.ended_in_mistrial else "")
            for a in case.trial_attempts
        ]
        self.attempts_label.setText(" · ".join(attempts))
        self.attempts_label.setVisible(len(attempts) > 1)
        _fill(
            self.events,
            [
                (
                    label(e.kind) + (f" (attempt {e.attempt})" if e.attempt > 1 else ""),
                    format_date(e.scheduled_for),
                    format_date(e.actual_on) if e.actual_on else "Not yet",
                    rescheduled_text(e.rescheduled),
                    e.schedules[-1].reason if e.schedules else "",
                )
                for e in case.events
            ],
            [e.id for e in case.events],
        )
        _fill(
            self.defendants,
            [
                (
                    d.label,
                    "; ".join(d.charges),
                    label(d.outcome),
                    str(d.sentence_months) if d.sentence_months is not None else "—",
                )
                for d in case.defendants
            ],
            [d.id for d in case.defendants],
        )
        link = case.link(self._case_id)
        if link is None:
            self.role_label.setText("")
            return
        role = link.role
        parts = ["A witness" if role.witness else "Not a witness"]
        if role.victim_personal_statement:
            on = f" on {format_date(role.vps_on)}" if role.vps_on else ""
            parts.append(f"victim personal statement made{on}")
        else:
            parts.append("no victim personal statement yet")
        measures = [
            f"{label(m.measure)}: requested {format_date(m.requested_on)}, "
            + ("not decided yet" if m.granted is None else "granted" if m.granted else "refused")
            for m in link.special_measures
        ]
        text = "; ".join(parts) + "."
        text += "\nSpecial measures: " + ("\n".join(measures) if measures else "none asked for")
        self.role_label.setText(text)

    def selected_event(self) -> CourtEventDTO | None:
        case = self.current()
        row = self.events.currentRow()
        if case is None or row < 0:
            return None
        return case.event(self.events.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def selected_defendant(self) -> DefendantDTO | None:
        case = self.current()
        row = self.defendants.currentRow()
        if case is None or row < 0:
            return None
        wanted = self.defendants.item(row, 0).data(Qt.ItemDataRole.UserRole)
        return next((d for d in case.defendants if d.id == wanted), None)

    # -- actions ------------------------------------------------------------------------------

    def new_court_case(self) -> CourtCaseDialog:
        dialog = CourtCaseDialog(
            self._case_id, self._services, self._worker, self, settings=self._settings
        )
        return self._open(dialog, None)

    def add_event(self) -> AddEventDialog | None:
        case = self.current()
        if case is None:
            return None
        dialog = AddEventDialog(
            case.id, self._services, self._worker, self._today, self, settings=self._settings
        )
        return self._open(dialog, case.id)

    def reschedule(self) -> RescheduleDialog | None:
        case, event = self.current(), self.selected_event()
        if case is None or event is None:
            return None
        dialog = RescheduleDialog(
            event, self._services, self._worker, self, settings=self._settings
        )
        return self._open(dialog, case.id)

    def record_what_happened(self) -> RecordEventDialog | None:
        case, event = self.current(), self.selected_event()
        if case is None or event is None:
            return None
        dialog = RecordEventDialog(
            event, self._services, self._worker, self._today, self, settings=self._settings
        )
        return self._open(dialog, case.id)

    def add_defendant(self) -> DefendantDialog | None:
        case = self.current()
        if case is None:
            return None
        dialog = DefendantDialog(
            case.id, self._services, self._worker, self, settings=self._settings
        )
        return self._open(dialog, case.id)

    def set_outcome(self) -> DefendantOutcomeDialog | None:
        case, defendant = self.current(), self.selected_defendant()
        if case is None or defendant is None:
            return None
        dialog = DefendantOutcomeDialog(
            defendant, self._services, self._worker, self, settings=self._settings
        )
        return self._open(dialog, case.id)

    def edit_role(self) -> SurvivorRoleDialog | None:
        case = self.current()
        link = case.link(self._case_id) if case is not None else None
        if case is None or link is None:
            return None
        dialog = SurvivorRoleDialog(
            case.id, link, self._services, self._worker, self._today, self,
            settings=self._settings,
        )  # fmt: skip
        return self._open(dialog, case.id)

    def add_special_measure(self) -> SpecialMeasureDialog | None:
        case = self.current()
        link = case.link(self._case_id) if case is not None else None
        if case is None or link is None:
            return None
        dialog = SpecialMeasureDialog(
            case.id, link, self._services, self._worker, self._today, self,
            settings=self._settings,
        )  # fmt: skip
        return self._open(dialog, case.id)

    def _open(self, dialog: D, court_case_id: int | None) -> D:
        self.dialog = dialog

        def accepted() -> None:
            value = dialog.result_value
            target = court_case_id
            if isinstance(value, CourtCaseDTO):
                target = value.id
            self.saved.emit(target if target is not None else -1)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog
