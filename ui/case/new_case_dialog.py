"""Open a new case: a support plan for a survivor, or strategic advice to an investigation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.dto import CaseDetail, CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource
from models.errors import FieldProblem, ValidationError, WaypostError
from models.rules.validation import validate_case
from ui.dialogs.base_dialog import BaseDialog
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.message_bar import MessageBar, MessageKind
from ui.widgets.police_force_combo import PoliceForceCombo

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["NewCaseDialog"]


class NewCaseDialog(BaseDialog):
    """After ``exec()`` returns Accepted, ``created_case_id`` is the new case's ID."""

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setWindowTitle("New case")
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(520)
        self._services = services
        self._worker = worker
        self._bus = change_bus
        ctx_today = getattr(getattr(services, "ctx", None), "today", None)
        self._today: Callable[[], date] = today or (
            ctx_today if callable(ctx_today) else date.today
        )
        self._busy = False
        self.created_case_id: int | None = None
        self.created: CaseDetail | None = None

        self.messages = MessageBar(self, name="Messages")
        self.support_choice = QRadioButton("&Support plan: a survivor we support", self)
        self.advice_choice = QRadioButton("Strategic &advice: advice to an investigation", self)
        self.support_choice.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.support_choice)
        kinds.addButton(self.advice_choice)
        kind_box = QGroupBox("Kind of case", self)
        kind_layout = QVBoxLayout(kind_box)
        kind_layout.addWidget(self.support_choice)
        kind_layout.addWidget(self.advice_choice)

        self.opened_on = OptionalDateEdit(self, allow_empty=False, default=self._today)
        self.opened_on.set_accessible_name("Opened on")
        self.referral_source = EnumCombo(ReferralSource, self)
        self.police_force = PoliceForceCombo(self)
        self.given_names = QLineEdit(self)
        self.family_name = QLineEdit(self)
        self.known_as = QLineEdit(self)
        self.known_as.setPlaceholderText("The name they use")
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("What the advice is about")
        self.operation = QLineEdit(self)

        self.labels: dict[str, QLabel] = {}
        case_form = QFormLayout()
        self._add_row(case_form, "opened_on", "&Opened on", self.opened_on)
        self._add_row(case_form, "referral_source", "&Referral source", self.referral_source)
        self._add_row(case_form, "police_force", "Police &force", self.police_force)

        self.survivor_box = QGroupBox("Survivor", self)
        survivor_form = QFormLayout(self.survivor_box)
        hint = QLabel("At least one name is needed; “known as” is enough.", self.survivor_box)
        hint.setWordWrap(True)
        survivor_form.addRow(hint)
        self._add_row(survivor_form, "given_names", "&Given names", self.given_names)
        self._add_row(survivor_form, "family_name", "Famil&y name", self.family_name)
        self._add_row(survivor_form, "known_as", "&Known as", self.known_as)

        self.advice_box = QGroupBox("Strategic advice", self)
        advice_form = QFormLayout(self.advice_box)
        advice_hint = QLabel("Give a title, an operation name, or both.", self.advice_box)
        advice_form.addRow(advice_hint)
        self._add_row(advice_form, "title", "&Title", self.title_edit)
        self._add_row(advice_form, "operation_name", "O&peration", self.operation)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Create case")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.messages)
        layout.addWidget(kind_box)
        layout.addLayout(case_form)
        layout.addWidget(self.survivor_box)
        layout.addWidget(self.advice_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.support_choice.toggled.connect(self._update_kind)
        self._update_kind()
        self.given_names.setFocus()

    # -- public API ---------------------------------------------------------------------------

    def kind(self) -> CaseKind:
        return (
            CaseKind.SUPPORT_PLAN if self.support_choice.isChecked() else CaseKind.STRATEGIC_ADVICE
        )

    def new_case(self) -> NewCase:
        kind = self.kind()
        opened = self.opened_on.date() or self._today()
        advice = kind is CaseKind.STRATEGIC_ADVICE
        fields = CaseFields(
            kind=kind,
            opened_on=opened,
            referral_source=ReferralSource(self.referral_source.value()),
            police_force=self.police_force.force(),
            title=self.title_edit.text().strip() if advice else "",
            operation_name=self.operation.text().strip() if advice else "",
        )
        person = None
        if not advice:
            person = PersonFields(
                given_names=self.given_names.text().strip(),
                family_name=self.family_name.text().strip(),
                known_as=self.known_as.text().strip(),
            )
        return NewCase(fields=fields, person=person)

    def accept(self) -> None:
        """Validate, create on the worker, and close only once the case exists."""
        if self._busy:
            return
        self._clear_marks()
        self.messages.clear()
        new = self.new_case()
        problems = validate_case(new.fields, new.person, self._today())
        if problems:
            self._show_problems(problems)
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self._worker.submit(
            lambda: self._services.create_case(new),
            self._on_created,
            self._on_failed,
        )

    # -- internals ----------------------------------------------------------------------------

    def _add_row(self, form: QFormLayout, name: str, text: str, field: QWidget) -> None:
        caption = QLabel(text, self)
        caption.setBuddy(field)
        field.setAccessibleName(text.replace("&", ""))
        self.labels[name] = caption
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(caption, field)

    def _update_kind(self) -> None:
        support = self.support_choice.isChecked()
        self.survivor_box.setVisible(support)
        self.advice_box.setVisible(not support)
        self._clear_marks()
        self.messages.clear()
        self.adjustSize()

    def _on_created(self, detail: CaseDetail) -> None:
        self._busy = False
        self.created = detail
        self.created_case_id = detail.id
        self._bus.publish(Changes(cases=frozenset({detail.id}), caseload=True, audit=True))
        super().accept()

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _fields_for(self, name: str) -> list[QWidget]:
        widgets: dict[str, list[QWidget]] = {
            "opened_on": [self.opened_on.date_edit()],
            "known_as": [self.given_names, self.family_name, self.known_as],
            "given_names": [self.given_names],
            "family_name": [self.family_name],
            "title": [self.title_edit, self.operation],
            "operation_name": [self.operation],
        }
        found = widgets.get(name, [])
        captions = {"known_as": ["given_names", "family_name", "known_as"]}.get(
            name, ["title", "operation_name"] if name == "title" else [name]
        )
        return found + [self.labels[c] for c in captions if c in self.labels]

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        first: QWidget | None = None
        for problem in problems:
            for widget in self._fields_for(problem.field):
                set_invalid(widget)
                if first is None and not isinstance(widget, QLabel):
                    first = widget
        self.messages.show_message(
            MessageKind.ERROR,
            "The case was not created yet. Please correct the following:",
            list(dict.fromkeys(p.message for p in problems)),
        )
        if first is not None:
            first.setFocus()

    def _clear_marks(self) -> None:
        clear_invalid(
            [
                *self.labels.values(),
                self.opened_on.date_edit(),
                self.given_names,
                self.family_name,
                self.known_as,
                self.title_edit,
                self.operation,
            ]
        )
