"""The survivor's part in one court case: witness and victim personal statement, and the
special measures asked for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from models.dto import CourtCaseDTO, CourtCaseLinkDTO, SpecialMeasureDTO, SurvivorRoleDTO
from models.enums import SpecialMeasure
from ui.court.form_dialog import FormDialog
from ui.operations import Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["SpecialMeasureDialog", "SurvivorRoleDialog"]

GRANTED_CHOICES = (("Not decided yet", None), ("Granted", True), ("Refused", False))


class SurvivorRoleDialog(FormDialog):
    def __init__(
        self,
        court_case_id: int,
        link: CourtCaseLinkDTO,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__("The survivor's role", worker, parent, settings=settings)
        self._court_case_id, self._link, self._services = court_case_id, link, services
        self.witness = QCheckBox("A &witness", self)
        self.witness.setChecked(link.role.witness)
        self.vps = QCheckBox("Made a &victim personal statement", self)
        self.vps.setChecked(link.role.victim_personal_statement)
        self.vps_on = OptionalDateEdit(self, default=today)
        self.vps_on.setDate(link.role.vps_on)
        self.form.addRow("", self.witness)
        self.form.addRow("", self.vps)
        self.form.addRow("Statement &made on", self.vps_on)

    def build(self) -> Callable[[], CourtCaseDTO] | str:
        role = SurvivorRoleDTO(self.witness.isChecked(), self.vps.isChecked(), self.vps_on.date())
        services, cc, link = self._services, self._court_case_id, self._link
        return lambda: services.set_survivor_role(cc, link.case_id, link.version, role)


class SpecialMeasureDialog(FormDialog):
    def __init__(
        self,
        court_case_id: int,
        link: CourtCaseLinkDTO,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__("Special measure", worker, parent, settings=settings)
        self._court_case_id, self._link, self._services = court_case_id, link, services
        self.measure = EnumCombo(list(SpecialMeasure), self)
        self.requested_on = OptionalDateEdit(self, allow_empty=False, default=today)
        self.granted = QComboBox(self)
        for text, value in GRANTED_CHOICES:
            self.granted.addItem(text, value)
        self.decided_on = OptionalDateEdit(self, default=today)
        self.form.addRow("&Measure", self.measure)
        self.form.addRow("&Requested on", self.requested_on)
        self.form.addRow("&Court's decision", self.granted)
        self.form.addRow("&Decided on", self.decided_on)

    def build(self) -> Callable[[], CourtCaseDTO] | str:
        requested = self.requested_on.date()
        assert requested is not None
        granted = GRANTED_CHOICES[max(self.granted.currentIndex(), 0)][1]
        measure = SpecialMeasureDTO(
            SpecialMeasure(self.measure.value()), requested, granted, self.decided_on.date()
        )
        services, cc, link = self._services, self._court_case_id, self._link
        return lambda: services.set_special_measure(cc, link.case_id, link.version, measure)
