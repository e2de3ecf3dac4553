"""The survivor's NRM record in words: the stage, the referral, the decisions, the recovery
period ("30 days, ends 12 Jan 2023"), reconsiderations and victim care contract support."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from models.dto import NrmDTO
from models.rules.date_text import format_date
from ui.court.form_dialog import FormDialog
from ui.court.nrm_dialog import NrmDialog
from ui.court.reconsideration_dialog import ReconsiderationDialog
from ui.labels import label
from ui.operations import Worker

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["NO_NRM_TEXT", "NrmPanel", "recovery_text"]

NO_NRM_TEXT = (
    "No NRM referral recorded. When a First Responder refers the survivor to the National "
    'Referral Mechanism, choose "Record NRM referral…" to track the decisions and the '
    "recovery period."
)


def recovery_text(nrm: NrmDTO) -> str:
    if nrm.recovery_period_days is None or nrm.recovery_period_end is None:
        return "Starts with a positive Reasonable Grounds decision"
    return f"{nrm.recovery_period_days} days, ends {format_date(nrm.recovery_period_end)}"


def _decision(on: date | None, decision: object) -> str:
    if decision is None:
        return "Not decided yet"
    return f"{label(decision)} on {format_date(on)}"  # type: ignore[arg-type]


class NrmPanel(QGroupBox):
    """``saved`` is emitted once the NRM record or a reconsideration was stored."""

    saved = Signal()

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
        super().__init__("National Referral Mechanism", parent)
        self._case_id, self._services, self._worker = case_id, services, worker
        self._today, self._settings = today, settings
        self._nrm: NrmDTO | None = None
        self.dialog: FormDialog | None = None
        self.empty_label = QLabel(NO_NRM_TEXT, self)
        self.empty_label.setWordWrap(True)
        self.fields: dict[str, QLabel] = {}
        self._form_host = QWidget(self)
        form = QFormLayout(self._form_host)
        form.setContentsMargins(0, 0, 0, 0)
        for key, text in (
            ("stage", "Stage"),
            ("referral", "Referred"),
            ("consent", "Consent"),
            ("rg", "Reasonable Grounds"),
            ("recovery", "Recovery period"),
            ("cg_expected", "Conclusive Grounds expected from"),
            ("cg", "Conclusive Grounds"),
            ("reconsiderations", "Reconsiderations"),
            ("vcc", "Victim care contract support"),
        ):
            value = QLabel(self._form_host)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(text)
            form.addRow(f"{text}:", value)
            self.fields[key] = value
        self.fields["stage"].setStyleSheet("font-weight: bold;")
        self.edit_button = QPushButton("Record NRM &referral…", self)
        self.edit_button.clicked.connect(self.edit)
        self.reconsider_button = QPushButton("Add re&consideration…", self)
        self.reconsider_button.clicked.connect(self.add_reconsideration)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.reconsider_button)
        buttons.addStretch(1)
        layout = QFormLayout(self)
        layout.addRow(self.empty_label)
        layout.addRow(self._form_host)
        layout.addRow(buttons)
        self.set_nrm(None)

    def nrm(self) -> NrmDTO | None:
        return self._nrm

    def set_nrm(self, nrm: NrmDTO | None) -> None:
        self._nrm = nrm
        self.empty_label.setVisible(nrm is None)
        self._form_host.setVisible(nrm is not None)
        self.reconsider_button.setEnabled(nrm is not None)
        self.edit_button.setText("Record NRM &referral…" if nrm is None else "&Edit NRM…")
        if nrm is None:
            return
        d = nrm.draft
        referral = format_date(d.referred_on)
        if d.first_responder:
            referral += f" by {d.first_responder}"
        if d.is_child_at_referral:
            referral += " (a child at referral)"
        if d.is_child_at_referral:
            consent = "Not needed for a child"
        elif d.consent_given:
            consent = "Given" + (f" on {format_date(d.consent_on)}" if d.consent_on else "")
        else:
            consent = "Not recorded"
        reconsiderations = [
            f"{label(r.draft.decision)} requested {format_date(r.draft.requested_on)}: "
            f"{label(r.draft.outcome)}"
            + (f" {format_date(r.draft.outcome_on)}" if r.draft.outcome_on else "")
            for r in nrm.reconsiderations
        ]
        if d.vcc_start is None:
            vcc = "Not recorded"
        else:
            until = f" to {format_date(d.vcc_end)}" if d.vcc_end else ", ongoing"
            vcc = f"From {format_date(d.vcc_start)}{until}"
            if d.vcc_provider:
                vcc += f" ({d.vcc_provider})"
        values = {
            "stage": label(nrm.stage),
            "referral": referral,
            "consent": consent,
            "rg": _decision(d.rg_decided_on, d.rg_decision),
            "recovery": recovery_text(nrm),
            "cg_expected": format_date(nrm.cg_expected_from) if nrm.cg_expected_from else "—",
            "cg": _decision(d.cg_decided_on, d.cg_decision),
            "reconsiderations": "\n".join(reconsiderations) or "None",
            "vcc": vcc,
        }
        for key, text in values.items():
            self.fields[key].setText(text)

    def edit(self) -> NrmDialog:
        dialog = NrmDialog(
            self._case_id, self._nrm, self._services, self._worker, self._today, self,
            settings=self._settings,
        )  # fmt: skip
        self._open(dialog)
        return dialog

    def add_reconsideration(self) -> ReconsiderationDialog | None:
        if self._nrm is None:
            return None
        dialog = ReconsiderationDialog(
            self._nrm.id, self._services, self._worker, self._today, self,
            settings=self._settings,
        )  # fmt: skip
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._on_accepted)
        dialog.open()

    def _on_accepted(self) -> None:
        dialog = self.dialog
        if dialog is not None and isinstance(dialog.result_value, NrmDTO):
            self.set_nrm(dialog.result_value)
        self.saved.emit()
