"""Record that the survivor agreed the draft: the date, and their agreement (required)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.dto import PlanDraftDTO, SupportPlanDTO
from models.errors import FieldProblem
from models.rules.support_plan import validate_agreement
from ui.case.formatting import format_date
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.message_bar import MessageBar, MessageKind

__all__ = ["NOT_TICKED", "AgreeDialog", "agreement_problems", "ask_agreement", "replaced_text"]

NOT_TICKED = "Tick the box to confirm that the survivor agreed this plan."
_STYLE = INVALID_STYLE + 'QCheckBox[invalid="true"] { color: #B71C1C; font-weight: bold; }'


class AgreeDialog(QDialog):
    """Accepted only with the survivor's agreement ticked and a date that is not in the future.
    Read ``agreed_on()`` afterwards; the caller records the agreement."""

    def __init__(
        self, today: date, version_number: int, replaces: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agree this plan")
        self.setStyleSheet(_STYLE)
        self._today = today
        text = (
            f"Record that the survivor agreed version {version_number} of their plan with you. "
            "An agreed plan cannot be changed: later changes go into a new draft."
        )
        if replaces:
            text += f"\n\nIt replaces {replaces}, which will be kept as an earlier version."
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        self.messages = MessageBar(self, name="Agreement messages")
        self.date = OptionalDateEdit(self, allow_empty=False, default=lambda: today)
        self.date.set_accessible_name("Date agreed")
        self.by_survivor = QCheckBox("The &survivor agreed this plan", self)
        self.by_survivor.toggled.connect(lambda _on: clear_invalid([self.by_survivor]))
        form = QFormLayout()
        caption = QLabel("&Date agreed", self)
        caption.setBuddy(self.date.date_edit())
        form.addRow(caption, self.date)
        form.addRow("", self.by_survivor)
        buttons = QDialogButtonBox(self)
        self.agree_button = buttons.addButton("&Agree plan", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.by_survivor.setFocus()

    def agreed_on(self) -> date:
        return self.date.date() or self._today

    def accept(self) -> None:
        clear_invalid([self.by_survivor, self.date.date_edit()])
        problems = []
        if not self.by_survivor.isChecked():
            problems.append(NOT_TICKED)
            set_invalid(self.by_survivor)
        if self.agreed_on() > self._today:
            problems.append("The date the plan was agreed cannot be in the future.")
            set_invalid(self.date.date_edit())
        if problems:
            self.messages.show_message(MessageKind.ERROR, "Not agreed yet:", problems)
            self.adjustSize()  # room for the message, the text above it unclipped
            (self.by_survivor if not self.by_survivor.isChecked() else self.date).setFocus()
            return
        super().accept()


def agreement_problems(content: PlanDraftDTO, today: date) -> list[FieldProblem]:
    """What stops the draft being agreed, before the dialog asks for the date."""
    problems = validate_agreement(content, today, True, today)
    return [p for p in problems if p.field not in ("agreed_on", "agreed_by_survivor")]


def replaced_text(plan: SupportPlanDTO) -> str:
    """ "version 1, agreed on 3 Mar 2026": the plan in force that agreeing supersedes."""
    in_force = next((s for s in plan.versions if s.id == plan.in_force_id), None)
    if in_force is None:
        return ""
    agreed = f", agreed on {format_date(in_force.agreed_on)}" if in_force.agreed_on else ""
    return f"version {in_force.number}{agreed}"


def ask_agreement(parent: QWidget, today: date, version_number: int, replaces: str) -> date | None:
    """The date the survivor agreed the plan, or None if the navigator cancelled."""
    dialog = AgreeDialog(today, version_number, replaces, parent)
    return dialog.agreed_on() if dialog.exec() == QDialog.DialogCode.Accepted else None
