"""Record or change a survivor's NRM referral: a form over NrmDraft. A refused save says why and
keeps everything typed; an edit made elsewhere first is refused, never overwritten."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from models.dto import NrmDraft, NrmDTO
from models.enums import NrmDecision
from ui.court.form_dialog import FormDialog, OptionalChoice
from ui.operations import Worker
from ui.widgets.date_edit import OptionalDateEdit

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["REFERRED_ON_NEEDED", "NrmDialog"]

REFERRED_ON_NEEDED = "Enter the date of the referral."


class NrmDialog(FormDialog):
    def __init__(
        self,
        case_id: int,
        current: NrmDTO | None,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        title = "Record the NRM referral" if current is None else "Edit the NRM record"
        super().__init__(title, worker, parent, settings=settings)
        self._case_id = case_id
        self._services = services
        self._version = current.version if current is not None else None

        def date_field(name: str) -> OptionalDateEdit:
            field = OptionalDateEdit(self, default=today)
            field.set_accessible_name(name)
            return field

        self.referred_on = date_field("Referred on")
        self.first_responder = QLineEdit(self)
        self.first_responder.setAccessibleName("First responder organisation")
        self.is_child = QCheckBox("A child when referred", self)
        self.consent_given = QCheckBox("Consent given (adults)", self)
        self.consent_on = date_field("Consent given on")
        self.rg_decided_on = date_field("Reasonable Grounds decided on")
        self.rg_decision = OptionalChoice(list(NrmDecision), "Not decided yet", self)
        self.rg_decision.setAccessibleName("Reasonable Grounds decision")
        self.cg_decided_on = date_field("Conclusive Grounds decided on")
        self.cg_decision = OptionalChoice(list(NrmDecision), "Not decided yet", self)
        self.cg_decision.setAccessibleName("Conclusive Grounds decision")
        self.vcc_start = date_field("Victim care contract support from")
        self.vcc_end = date_field("Victim care contract support until")
        self.vcc_provider = QLineEdit(self)
        self.vcc_provider.setAccessibleName("Victim care contract provider")
        for text, widget in (
            ("&Referred on", self.referred_on),
            ("&First responder", self.first_responder),
            ("", self.is_child),
            ("", self.consent_given),
            ("Consent &on", self.consent_on),
            ("Reasonable Grounds &date", self.rg_decided_on),
            ("Reasonable &Grounds decision", self.rg_decision),
            ("Conclusive Grounds d&ate", self.cg_decided_on),
            ("&Conclusive Grounds decision", self.cg_decision),
            ("Support (VCC) &from", self.vcc_start),
            ("Support (VCC) &until", self.vcc_end),
            ("Support &provider", self.vcc_provider),
        ):
            self.form.addRow(text, widget)
        if current is not None:
            self.set_draft(current.draft)

    def set_draft(self, draft: NrmDraft) -> None:
        self.referred_on.setDate(draft.referred_on)
        self.first_responder.setText(draft.first_responder)
        self.is_child.setChecked(draft.is_child_at_referral)
        self.consent_given.setChecked(draft.consent_given)
        self.consent_on.setDate(draft.consent_on)
        self.rg_decided_on.setDate(draft.rg_decided_on)
        self.rg_decision.set_value(draft.rg_decision)
        self.cg_decided_on.setDate(draft.cg_decided_on)
        self.cg_decision.set_value(draft.cg_decision)
        self.vcc_start.setDate(draft.vcc_start)
        self.vcc_end.setDate(draft.vcc_end)
        self.vcc_provider.setText(draft.vcc_provider)

    def build(self) -> Callable[[], NrmDTO] | str:
        referred_on = self.referred_on.date()
        if referred_on is None:
            return REFERRED_ON_NEEDED
        rg, cg = self.rg_decision.value(), self.cg_decision.value()
        draft = NrmDraft(
            referred_on=referred_on,
            first_responder=self.first_responder.text().strip(),
            is_child_at_referral=self.is_child.isChecked(),
            consent_given=self.consent_given.isChecked(),
            consent_on=self.consent_on.date(),
            rg_decided_on=self.rg_decided_on.date(),
            rg_decision=NrmDecision(rg) if rg is not None else None,
            cg_decided_on=self.cg_decided_on.date(),
            cg_decision=NrmDecision(cg) if cg is not None else None,
            vcc_start=self.vcc_start.date(),
            vcc_end=self.vcc_end.date(),
            vcc_provider=self.vcc_provider.text().strip(),
        )
        services, case_id, version = self._services, self._case_id, self._version
        return lambda: services.save_nrm(case_id, draft, version)
