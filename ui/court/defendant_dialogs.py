"""Add a defendant (initials or a pseudonym only, never a name) and record their outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from models.dto import CourtCaseDTO, DefendantDraft, DefendantDTO
from models.enums import DefendantOutcome
from ui.court.form_dialog import FormDialog
from ui.operations import Worker
from ui.widgets.enum_combo import EnumCombo

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["DefendantDialog", "DefendantOutcomeDialog"]


class DefendantDialog(FormDialog):
    def __init__(
        self,
        court_case_id: int,
        services: Services,
        worker: Worker,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(
            "Add a defendant",
            worker,
            parent,
            settings=settings,
            intro='Initials or a pseudonym only ("AB", "Defendant 2"), never a full name.',
        )
        self._court_case_id = court_case_id
        self._services = services
        self.label_edit = QLineEdit(self)
        self.label_edit.setAccessibleName("Defendant label")
        self.charges = QLineEdit(self)
        self.charges.setPlaceholderText("Separate charges with ;")
        self.form.addRow("&Label", self.label_edit)
        self.form.addRow("&Charges", self.charges)

    def build(self) -> Callable[[], CourtCaseDTO] | str:
        charges = tuple(c.strip() for c in self.charges.text().split(";") if c.strip())
        draft = DefendantDraft(self.label_edit.text().strip(), charges)
        services, court_case_id = self._services, self._court_case_id
        return lambda: services.add_defendant(court_case_id, draft)


class DefendantOutcomeDialog(FormDialog):
    def __init__(
        self,
        defendant: DefendantDTO,
        services: Services,
        worker: Worker,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(f"Outcome for {defendant.label}", worker, parent, settings=settings)
        self._defendant = defendant
        self._services = services
        self.outcome = EnumCombo(list(DefendantOutcome), self)
        self.outcome.set_value(defendant.outcome)
        self.sentence = QSpinBox(self)
        self.sentence.setRange(0, 1200)
        self.sentence.setSpecialValueText("Not known")
        self.sentence.setSuffix(" months")
        self.sentence.setValue(defendant.sentence_months or 0)
        self.form.addRow("&Outcome", self.outcome)
        self.form.addRow("&Sentence", self.sentence)

    def build(self) -> Callable[[], CourtCaseDTO] | str:
        outcome = DefendantOutcome(self.outcome.value())
        months = self.sentence.value() or None
        if outcome is not DefendantOutcome.CONVICTED:
            months = None
        services, d = self._services, self._defendant
        return lambda: services.set_defendant_outcome(d.id, d.version, outcome, months)
