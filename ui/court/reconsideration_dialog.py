"""Add a request to reconsider a negative NRM decision, with its outcome if already known."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from models.dto import NrmDTO, ReconsiderationDraft
from models.enums import NrmDecisionKind, ReconsiderationOutcome
from ui.court.form_dialog import FormDialog
from ui.operations import Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["ReconsiderationDialog"]


class ReconsiderationDialog(FormDialog):
    def __init__(
        self,
        nrm_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__("Add a reconsideration request", worker, parent, settings=settings)
        self._nrm_id = nrm_id
        self._services = services
        self.decision = EnumCombo(list(NrmDecisionKind), self)
        self.requested_on = OptionalDateEdit(self, allow_empty=False, default=today)
        self.outcome = EnumCombo(list(ReconsiderationOutcome), self)
        self.outcome_on = OptionalDateEdit(self, default=today)
        self.form.addRow("&Decision to reconsider", self.decision)
        self.form.addRow("&Requested on", self.requested_on)
        self.form.addRow("&Outcome", self.outcome)
        self.form.addRow("Outcome &on", self.outcome_on)

    def build(self) -> Callable[[], NrmDTO] | str:
        requested_on = self.requested_on.date()
        assert requested_on is not None
        draft = ReconsiderationDraft(
            decision=NrmDecisionKind(self.decision.value()),
            requested_on=requested_on,
            outcome=ReconsiderationOutcome(self.outcome.value()),
            outcome_on=self.outcome_on.date(),
        )
        services, nrm_id = self._services, self._nrm_id
        return lambda: services.add_reconsideration(nrm_id, draft)
