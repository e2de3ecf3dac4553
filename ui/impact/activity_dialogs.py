"""Small dialogs to record programme activity: an operation, a training session, a repatriation.

Each saves on the worker through the services; what the services find wrong is shown in the
dialog, which stays open with everything typed, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.dto import (
    CaseloadQuery,
    FamilySupportDraft,
    OperationDraft,
    RepatriationDraft,
    StrategicAdviceDraft,
    TrainingDraft,
)
from models.enums import OperationLocation, TrainingAudience
from models.errors import ValidationError, WaypostError
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.message_bar import MessageBar, MessageKind
from ui.widgets.police_force_combo import PoliceForceCombo

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["OperationDialog", "RepatriationDialog", "TrainingDialog"]

MAX_COUNT = 100_000


class _ActivityDialog(QDialog):
    title = ""
    done_text = ""

    def __init__(
        self, services: Services, worker: Worker, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._today = today
        self.saved: object | None = None
        self.setWindowTitle(self.title)
        self.messages = MessageBar(self, name=f"{self.title} messages")
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setDate(QDate(self._today.year, self._today.month, self._today.day))
        self.form.addRow(f"{name}:", edit)
        return edit

    def _count(self, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, MAX_COUNT)
        spin.setAccessibleName(name)
        self.form.addRow(f"{name}:", spin)
        return spin

    def _text(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        self.form.addRow(f"{name}:", edit)
        return edit

    def _force(self, name: str = "Police force") -> PoliceForceCombo:
        combo = PoliceForceCombo(self)
        combo.setAccessibleName(name)
        self.form.addRow(f"{name}:", combo)
        return combo

    def work(self) -> Callable[[], object]:  # pragma: no cover - overridden
        raise NotImplementedError

    def save(self) -> None:
        """Save on the worker; close on success, or show what is wrong and keep the fields."""
        work = self.work()
        self.messages.clear()
        self.save_button.setEnabled(False)
        self._worker.submit(work, self._saved, self._failed)

    def _saved(self, result: object) -> None:
        self.save_button.setEnabled(True)
        self.saved = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, WaypostError):
            text = error.user_message
        else:
            text = f"It could not be saved. {GENERIC_FAILURE_MESSAGE}"
        self.messages.show_message(MessageKind.ERROR, text)


class OperationDialog(_ActivityDialog):
    title = "Record operation"
    done_text = "The operation was recorded."

    def __init__(
        self, services: Services, worker: Worker, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, worker, today, parent)
        self.date_edit = self._date("Date")
        self.agency_edit = self._text("Lead agency", "e.g. Border Force, NCA")
        self.location_combo = EnumCombo(list(OperationLocation), self)
        self.location_combo.setAccessibleName("Location")
        self.form.addRow("Location:", self.location_combo)
        self.victims_spin = self._count("Potential victims identified")
        self.arrests_spin = self._count("Arrests")
        self.force_combo = self._force()

    def draft(self) -> OperationDraft:
        return OperationDraft(
            held_on=self.date_edit.date().toPython(),
            location_kind=OperationLocation(self.location_combo.value()),
            lead_agency=self.agency_edit.text().strip(),
            potential_victims_identified=self.victims_spin.value(),
            arrests=self.arrests_spin.value(),
            police_force=self.force_combo.force(),
        )

    def work(self) -> Callable[[], object]:
        services, draft = self._services, self.draft()
        return lambda: services.record_operation(draft)


class TrainingDialog(_ActivityDialog):
    title = "Record training"
    done_text = "The training session was recorded."

    def __init__(
        self, services: Services, worker: Worker, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, worker, today, parent)
        self.date_edit = self._date("Date")
        self.organisation_edit = self._text("Organisation", "who was trained")
        self.audience_combo = EnumCombo(list(TrainingAudience), self)
        self.audience_combo.setAccessibleName("Audience")
        self.form.addRow("Audience:", self.audience_combo)
        self.trained_spin = self._count("Number trained")
        self.improved_spin = self._count("Number reporting improved knowledge")
        self.force_combo = self._force()

    def draft(self) -> TrainingDraft:
        return TrainingDraft(
            held_on=self.date_edit.date().toPython(),
            audience=TrainingAudience(self.audience_combo.value()),
            number_trained=self.trained_spin.value(),
            number_reporting_improved_knowledge=self.improved_spin.value(),
            organisation=self.organisation_edit.text().strip(),
            police_force=self.force_combo.force(),
        )

    def work(self) -> Callable[[], object]:
        services, draft = self._services, self.draft()
        return lambda: services.record_training(draft)


class RepatriationDialog(_ActivityDialog):
    title = "Record repatriation"
    done_text = "The repatriation was recorded."

    def __init__(
        self, services: Services, worker: Worker, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, worker, today, parent)
        self.date_edit = self._date("Date")
        self.country_edit = self._text("Country", "e.g. Albania or AL")
        self.partner_edit = self._text("Partner organisation")
        self.case_edit = self._text("Case reference", "e.g. WP-2026-0012")

    def draft(self) -> RepatriationDraft:
        return RepatriationDraft(
            repatriated_on=self.date_edit.date().toPython(),
            country=self.country_edit.text().strip(),
            partner_organisation=self.partner_edit.text().strip(),
        )

    def work(self) -> Callable[[], object]:
        services, draft = self._services, self.draft()
        reference = self.case_edit.text().strip()

        def record() -> object:
            case_id = find_case(services, reference)
            return services.record_repatriation(case_id, draft)

        return record


class StrategicAdviceDialog(_ActivityDialog):
    title = "Record strategic advice"
    done_text = "The strategic advice was recorded."

    def __init__(
        self, services: Services, worker: Worker, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, worker, today, parent)
        self.date_edit = self._date("Date")
        self.case_edit = self._text("Strategic advice case", "e.g. WP-2026-0031")
        self.summary_edit = self._text("Advice given", "e.g. NRM referral route for 4 victims")
        self.arrests_spin = self._count("Suspects arrested")

    def draft(self) -> StrategicAdviceDraft:
        return StrategicAdviceDraft(
            given_on=self.date_edit.date().toPython(),
            summary=self.summary_edit.text().strip(),
            arrests=self.arrests_spin.value(),
        )

    def work(self) -> Callable[[], object]:
        services, draft = self._services, self.draft()
        reference = self.case_edit.text().strip()

        def record() -> object:
            return services.record_strategic_advice(find_case(services, reference), draft)

        return record


class FamilySupportDialog(_ActivityDialog):
    title = "Record family members supported"
    done_text = "The family members supported were recorded."

    def __init__(
        self, services: Services, worker: Worker, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, worker, today, parent)
        self.date_edit = self._date("Supported from")
        self.case_edit = self._text("Survivor's case", "e.g. WP-2026-0012")
        self.count_spin = self._count("How many people")
        self.count_spin.setMinimum(1)
        self.relationship_edit = self._text("Relationship", "e.g. two children")

    def draft(self) -> FamilySupportDraft:
        return FamilySupportDraft(
            supported_from=self.date_edit.date().toPython(),
            count=self.count_spin.value(),
            relationship=self.relationship_edit.text().strip(),
        )

    def work(self) -> Callable[[], object]:
        services, draft = self._services, self.draft()
        reference = self.case_edit.text().strip()

        def record() -> object:
            return services.record_family_support(find_case(services, reference), draft)

        return record


def find_case(services: Services, reference: str) -> int:
    """The ID of the case with exactly this reference (case-insensitive)."""
    from models.errors import FieldProblem

    if not reference:
        raise ValidationError([FieldProblem("case", "Enter the case reference.")])
    ids = services.caseload_ids(CaseloadQuery(search=reference))
    for row in services.caseload_rows(ids[:50]) if ids else []:
        if row.reference.casefold() == reference.casefold():
            return row.id
    raise ValidationError([FieldProblem("case", "No case has that reference.")])
