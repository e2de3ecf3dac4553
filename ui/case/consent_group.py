"""One recipient's consent: not asked, given (when, to share what) or withdrawn (when)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.dto import ConsentDTO
from models.enums import ConsentRecipient, ConsentScope, ConsentState
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.validation import validate_consent
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.labelled_rows import add_labelled_row
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["ConsentGroup"]


class ConsentGroup(QGroupBox):
    """``saved`` carries the stored ConsentDTO; ``reload_requested`` follows a stale refusal."""

    saved = Signal(object)
    reload_requested = Signal()

    def __init__(
        self,
        recipient: ConsentRecipient,
        person_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(label(recipient), parent)
        self.setStyleSheet(INVALID_STYLE)
        self.recipient = recipient
        self._person_id = person_id
        self._services = services
        self._worker = worker
        self._today = today
        self._record = ConsentDTO(recipient=recipient, state=ConsentState.NOT_ASKED)
        self._loading = False
        self._saving = False
        self._submitted: ConsentDTO | None = None
        name = label(recipient)

        self.state = EnumCombo(ConsentState, self)
        self.given_on = OptionalDateEdit(self, default=today)
        self.withdrawn_on = OptionalDateEdit(self, default=today)
        self.given_on.set_accessible_name(f"{name}: consent given on")
        self.withdrawn_on.set_accessible_name(f"{name}: consent withdrawn on")
        self.scope = {s: QCheckBox(label(s), self) for s in ConsentScope}
        scope_box = QWidget(self)
        grid = QGridLayout(scope_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for i, box in enumerate(self.scope.values()):
            box.setAccessibleName(f"{name}: may share {box.text().lower()}")
            grid.addWidget(box, i // 2, i % 2)
        self.messages = MessageBar(self, name=f"{name} consent messages")
        self.save_button = QPushButton("Save", self)
        self.save_button.setAccessibleName(f"Save consent for {name}")
        self.save_button.clicked.connect(self.save)

        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, text, widget in (
            ("state", "&Consent", self.state),
            ("given_on", "&Given on", self.given_on),
            ("withdrawn_on", "&Withdrawn on", self.withdrawn_on),
            ("scope", "May s&hare", scope_box),
        ):
            # The scope row's mnemonic focuses its first checkbox.
            first_scope = next(iter(self.scope.values()))
            add_labelled_row(
                form,
                self.labels,
                key,
                text,
                widget,
                buddy=first_scope if key == "scope" else None,
                accessible=False,
            )
        self.state.setAccessibleName(f"{name}: consent")
        self.recorded_label = QLabel(self)
        self.recorded_label.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.recorded_label)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addLayout(buttons)

        self.state.currentIndexChanged.connect(self._on_state_changed)
        self.given_on.dateChanged.connect(self._on_edited)
        self.withdrawn_on.dateChanged.connect(self._on_edited)
        for box in self.scope.values():
            box.toggled.connect(self._on_edited)
        self.set_record(self._record)

    # -- public API ---------------------------------------------------------------------------

    def set_record(self, record: ConsentDTO) -> None:
        self._loading = True
        try:
            self._record = record
            self.state.set_value(record.state)
            self.given_on.setDate(record.given_on)
            self.withdrawn_on.setDate(record.withdrawn_on)
            for scope, box in self.scope.items():
                box.setChecked(scope in record.scope)
            self.recorded_label.setText("Never recorded." if record.version is None else "")
        finally:
            self._loading = False
        self._clear_marks()
        self._update_enabled()

    def record(self) -> ConsentDTO:
        """What the form says, against the version last loaded."""
        state = ConsentState(self.state.value())
        if state is ConsentState.NOT_ASKED:
            return ConsentDTO(self.recipient, state, version=self._record.version)
        scope = frozenset(s for s, box in self.scope.items() if box.isChecked())
        return ConsentDTO(
            recipient=self.recipient,
            state=state,
            given_on=self.given_on.date(),
            withdrawn_on=self.withdrawn_on.date() if state is ConsentState.WITHDRAWN else None,
            scope=scope,
            version=self._record.version,
        )

    def has_unsaved_changes(self) -> bool:
        return self.record() != self._normalised(self._record)

    def save(self) -> None:
        if self._saving or not self.has_unsaved_changes():
            return
        self._clear_marks()
        self.messages.clear()
        record = self.record()
        problems = validate_consent(record, self._today())
        if problems:
            self._show_problems(problems)
            return
        self._saving = True
        self._submitted = record
        self._update_enabled()
        services, person_id = self._services, self._person_id
        self._worker.submit(
            lambda: services.record_consent(person_id, record),
            self._on_saved,
            self._on_failed,
        )

    # -- internals ----------------------------------------------------------------------------

    def _normalised(self, record: ConsentDTO) -> ConsentDTO:
        """The stored record as ``record()`` would read it back from the form."""
        if record.state is ConsentState.NOT_ASKED:
            return ConsentDTO(self.recipient, record.state, version=record.version)
        if record.state is ConsentState.GIVEN:
            return ConsentDTO(
                self.recipient, record.state, record.given_on, None, record.scope, record.version
            )
        return record

    def _on_state_changed(self) -> None:
        if not self._loading:
            # Offer today for the date the new state needs; the navigator can change it.
            state = self.state.value()
            if state is ConsentState.GIVEN:
                self.given_on.fill_default()
            elif state is ConsentState.WITHDRAWN:
                self.withdrawn_on.fill_default()
        self._on_edited()

    def _on_edited(self) -> None:
        if self._loading:
            return
        if self.messages.kind() is MessageKind.SUCCESS:
            self.messages.clear()
        self._update_enabled()

    def _update_enabled(self) -> None:
        state = self.state.value()
        self.given_on.setEnabled(state is not ConsentState.NOT_ASKED)
        self.withdrawn_on.setEnabled(state is ConsentState.WITHDRAWN)
        for box in self.scope.values():
            box.setEnabled(state is ConsentState.GIVEN)
        self.save_button.setEnabled(not self._saving and self.has_unsaved_changes())

    def _on_saved(self, record: ConsentDTO) -> None:
        self._saving = False
        if self.record() != self._submitted:
            # Changed again while saving: keep the new choices, against the new version.
            self._record = record
            self._update_enabled()
            self.saved.emit(record)
            return
        self.set_record(record)
        self.messages.show_message(MessageKind.SUCCESS, "Saved.")
        self.saved.emit(record)

    def _on_failed(self, error: BaseException) -> None:
        self._saving = False
        self._update_enabled()
        if isinstance(error, StaleEditError):
            self.messages.show_message(
                MessageKind.ERROR,
                error.user_message + " Your choices are still shown below.",
                actions=[("Reload consent (discards this change)", self.reload_requested.emit)],
            )
        elif isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        widgets = {
            "given_on": self.given_on.date_edit(),
            "withdrawn_on": self.withdrawn_on.date_edit(),
        }
        for problem in problems:
            for widget in (widgets.get(problem.field), self.labels.get(problem.field)):
                if widget is not None:
                    set_invalid(widget)
        self.messages.show_message(
            MessageKind.ERROR, "Not saved yet:", [p.message for p in problems]
        )

    def _clear_marks(self) -> None:
        clear_invalid(
            [*self.labels.values(), self.given_on.date_edit(), self.withdrawn_on.date_edit()]
        )
