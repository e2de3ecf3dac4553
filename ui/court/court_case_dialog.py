"""Start a court case for this survivor: the court, the police force, the operation and the CPS
reference. Nothing here names a person."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QWidget

from models.dto import CourtCaseDraft, CourtCaseDTO
from ui.court.form_dialog import FormDialog
from ui.operations import Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["CourtCaseDialog"]


class CourtCaseDialog(FormDialog):
    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(
            "New court case",
            worker,
            parent,
            settings=settings,
            intro="Enter what identifies the criminal case. Do not enter anyone's name.",
        )
        self._case_id = case_id
        self._services = services
        self.court_name = QLineEdit(self)
        self.police_force = QLineEdit(self)
        self.operation = QLineEdit(self)
        self.cps_reference = QLineEdit(self)
        self.form.addRow("&Court", self.court_name)
        self.form.addRow("Police &force", self.police_force)
        self.form.addRow("&Operation", self.operation)
        self.form.addRow("CPS &reference", self.cps_reference)

    def build(self) -> Callable[[], CourtCaseDTO] | str:
        draft = CourtCaseDraft(
            court_name=self.court_name.text().strip(),
            police_force=self.police_force.text().strip(),
            operation=self.operation.text().strip(),
            cps_reference=self.cps_reference.text().strip(),
        )
        services, case_id = self._services, self._case_id
        return lambda: services.create_court_case(draft, [case_id])
