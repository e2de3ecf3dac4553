"""Edit a case and its survivor. Save is refused, never silently applied, if the case moved on.

On a stale edit everything the navigator typed stays in the form; the banner offers to reload
(discarding it, after asking) or to copy a plain-text list of the edits to the clipboard first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.dto import CaseDetail, CaseEdit
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.validation import validate_case
from ui.case import discard_prompt
from ui.case.case_facts_form import CaseFactsForm
from ui.case.edit_summary import FormState, describe_edits
from ui.case.survivor_form import SurvivorForm
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["DetailsTab"]


class DetailsTab(QWidget):
    """``saved`` carries the new CaseDetail; ``stale_refused`` says a save was refused because
    the case moved on; ``reload_requested`` asks the workspace to reload; ``dirty_changed`` says
    whether there are unsaved edits."""

    saved = Signal(object)
    stale_refused = Signal()
    reload_requested = Signal()
    dirty_changed = Signal(bool)

    def __init__(
        self,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self._services = services
        self._worker = worker
        self._today = today
        self._detail: CaseDetail | None = None
        self._baseline: FormState | None = None
        self._dirty = False
        self._saving = False
        self._marked: list[QWidget] = []
        self._submitted: FormState | None = None

        self.stale_banner = MessageBar(self, name="Edit not saved")
        self.messages = MessageBar(self, name="Messages")
        self.case_form = CaseFactsForm(today, self)
        self.survivor_form = SurvivorForm(today, self)
        self.case_form.changed.connect(self._on_edited)
        self.survivor_form.changed.connect(self._on_edited)

        columns = QWidget(self)
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.case_form, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.survivor_form, 1, Qt.AlignmentFlag.AlignTop)
        # Keeps the case form at half width when there is no survivor form beside it.
        self._no_survivor_space = QWidget(columns)
        row.addWidget(self._no_survivor_space, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(columns)

        self.unsaved_label = QLabel("", self)
        self.unsaved_label.setObjectName("unsavedLabel")
        self.revert_button = QPushButton("Revert", self)
        self.revert_button.setToolTip("Put back the saved details, discarding your edits")
        self.revert_button.clicked.connect(lambda: self.revert())
        self.save_button = QPushButton("Sa&ve", self)
        self.save_button.setToolTip("Save these details (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unsaved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.messages)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- public API ---------------------------------------------------------------------------

    def set_case(self, detail: CaseDetail) -> None:
        """Show ``detail``, discarding any edits (the caller has asked first)."""
        self._detail = detail
        self.case_form.set_fields(detail.fields)
        self.survivor_form.setVisible(detail.person is not None)
        self._no_survivor_space.setVisible(detail.person is None)
        if detail.person is not None:
            self.survivor_form.set_fields(detail.person.fields)
        self._baseline = self._form_state()
        self._clear_marks()
        self.stale_banner.clear()
        self.messages.clear()
        self._set_dirty(False)

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def save(self) -> None:
        """Validate, then save on the worker. Nothing is sent if a check fails."""
        if self._detail is None or self._saving or not self._dirty:
            return
        self._clear_marks()
        self.messages.clear()
        fields, person = self._form_state()
        problems = validate_case(fields, person, self._today())
        if problems:
            self._show_problems(problems)
            return
        detail = self._detail
        edit = CaseEdit(
            case_id=detail.id,
            case_version=detail.version,
            fields=fields,
            person_version=detail.person.version if detail.person is not None else None,
            person=person,
        )
        self._saving = True
        self._submitted = (fields, person)
        self._update_buttons()
        self.messages.show_message(MessageKind.INFO, "Saving…")
        self._worker.submit(
            lambda: self._services.update_case(edit),
            self._on_saved,
            self._on_save_failed,
        )

    def revert(self, ask: Callable[[QWidget, str], bool] | None = None) -> bool:
        """Put back what was loaded, after asking; returns whether the edits were discarded."""
        if self._detail is None or not self._dirty:
            return True
        ask = ask or discard_prompt.ask_discard
        if not ask(self, "Put back the saved details? Your edits on this tab will be lost."):
            return False
        self.set_case(self._detail)
        return True

    def edits_summary(self) -> str:
        """A plain-text list of what differs from the loaded case, for the clipboard."""
        if self._detail is None or self._baseline is None:
            return ""
        return describe_edits(
            self._detail.reference, self._baseline, self._form_state(), self._today()
        )

    def copy_edits(self) -> None:
        QGuiApplication.clipboard().setText(self.edits_summary())
        self.messages.show_message(
            MessageKind.INFO,
            "Your edits are on the clipboard. Paste them somewhere safe before you reload, "
            "and clear the clipboard afterwards.",
        )

    # -- internals ----------------------------------------------------------------------------

    def _form_state(self) -> FormState:
        person = self.survivor_form.fields() if self._has_person() else None
        return self.case_form.fields(), person

    def _has_person(self) -> bool:
        return self._detail is not None and self._detail.person is not None

    def _on_edited(self) -> None:
        if self.messages.kind() is MessageKind.SUCCESS:
            self.messages.clear()
        self._set_dirty(self._form_state() != self._baseline)

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self._update_buttons()
        if changed:
            self.dirty_changed.emit(dirty)

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self._dirty and not self._saving)
        self.revert_button.setEnabled(self._dirty and not self._saving)
        self.unsaved_label.setText("You have unsaved edits." if self._dirty else "")

    def _on_saved(self, detail: CaseDetail) -> None:
        self._saving = False
        if self._form_state() == self._submitted:
            self.set_case(detail)
            self.messages.show_message(MessageKind.SUCCESS, "Saved.")
        else:
            # The navigator kept typing while the save ran: keep that, against the new version.
            self._detail = detail
            self._baseline = self._submitted
            self._clear_marks()
            self._set_dirty(self._form_state() != self._baseline)
            self.messages.show_message(
                MessageKind.SUCCESS, "Saved. What you typed since is not saved yet."
            )
        self.saved.emit(detail)

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.messages.clear()
        self._update_buttons()
        if isinstance(error, StaleEditError):
            self.stale_banner.show_message(
                MessageKind.ERROR,
                error.user_message + "\n\nWhat you typed is still in the form below.",
                actions=[
                    ("&Copy my edits", self.copy_edits),
                    ("&Reload (discards your edits)", self._reload_after_stale),
                ],
            )
            self.stale_refused.emit()
        elif isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _reload_after_stale(self) -> None:
        if discard_prompt.ask_discard(
            self, "Reload the case? What you typed on this tab will be lost."
        ):
            self.reload_requested.emit()

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        widgets = {**self.case_form.field_widgets()}
        if self._has_person():
            widgets.update(self.survivor_form.field_widgets())
        first: QWidget | None = None
        for problem in problems:
            for widget in widgets.get(problem.field, []):
                set_invalid(widget)
                self._marked.append(widget)
                if first is None and not isinstance(widget, QLabel):
                    first = widget
        messages = list(dict.fromkeys(p.message for p in problems))
        self.messages.show_message(
            MessageKind.ERROR, "Not saved yet. Please correct the following:", messages
        )
        if first is not None:
            first.setFocus()

    def _clear_marks(self) -> None:
        clear_invalid(self._marked)
        self._marked.clear()
