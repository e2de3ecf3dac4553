"""Enter a recovery assessment, or correct one, from the keyboard.

The survivor's view and the navigator's sit side by side in the score grid, with what was
scored last time beside each row and a marker wherever the two views differ. The kind defaults
to the assessment that is due, the date to today. Ctrl+S saves on the database worker; a refused
save leaves everything typed in place and says why. Esc with unsaved entries asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.dto import AssessmentDraft, AssessmentDTO, RecoveryDTO
from models.enums import AssessmentKind, Perspective, RecoveryDomain
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.assessment_schedule import suggested_kind
from models.rules.recovery_change import DOMAINS, intake_of
from ui.assessment.scale_guide import ScaleGuide
from ui.assessment.score_grid import ScoreGrid
from ui.assessment.texts import describe_assessment, score_text
from ui.case import discard_prompt
from ui.case.formatting import format_date
from ui.dialogs.base_dialog import BaseDialog
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = [
    "COPIED_TEXT",
    "DISCARD_QUESTION",
    "KEYS_HELP",
    "NOT_SAVED_TITLE",
    "AssessmentDialog",
]

NOT_SAVED_TITLE = "Not saved yet. Please correct:"
COPIED_TEXT = "Your entries are on the clipboard: paste them somewhere safe before you reload."
DISCARD_QUESTION = "Close without saving? The scores and notes you entered will be lost."
KEYS_HELP = (
    "Type 1 to 5 in a score: the cursor moves on to the next score. Delete clears a score. "
    "Tab moves through scores, notes and goal; type in a note or goal to write it. "
    "Ctrl+S saves."
)
_DOMAIN_FIELDS = {domain.value: domain for domain in DOMAINS}


def _previous(recovery: RecoveryDTO, editing: AssessmentDTO | None) -> AssessmentDTO | None:
    """The assessment to show beside the rows: the latest, or the one before the corrected."""
    ordered = sorted(recovery.assessments, key=lambda a: (a.assessed_on, a.id))
    if editing is not None:
        ordered = [a for a in ordered if (a.assessed_on, a.id) < (editing.assessed_on, editing.id)]
    return ordered[-1] if ordered else None


class AssessmentDialog(BaseDialog):
    """``saved`` carries the AssessmentDTO once stored; ``reload_requested`` asks the tab to
    read the case's assessments again (after a refused, stale correction)."""

    saved = Signal(object)
    reload_requested = Signal()

    def __init__(
        self,
        recovery: RecoveryDTO,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        *,
        editing: AssessmentDTO | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setObjectName("assessmentDialog")
        self.setStyleSheet(INVALID_STYLE)
        self._recovery = recovery
        self._services = services
        self._worker = worker
        self._today = today
        self._editing = editing
        self._saving = False
        self._closing_anyway = False
        self._stale_text = ""
        self.previous = _previous(recovery, editing)
        reference = recovery.case_reference
        if editing is None:
            self.setWindowTitle(f"New recovery assessment — {reference}")
            intro_text = (
                "Score each domain with the survivor: their own view and yours, side by side. "
                "Where you see it differently, record both."
            )
        else:
            self.setWindowTitle(f"Correct an assessment — {reference}")
            intro_text = (
                f"Correcting the {describe_assessment(editing)}, recorded by {editing.recorded_by}."
            )
        self.intro = QLabel(intro_text, self)
        self.intro.setWordWrap(True)
        self.messages = MessageBar(self, name="Assessment messages")

        self.kind = EnumCombo(AssessmentKind, self)
        self.kind.setAccessibleName("Kind of assessment")
        has_intake = intake_of(recovery.assessments) is not None
        self.kind.set_value(
            editing.kind if editing is not None else suggested_kind(recovery.next_due, has_intake)
        )
        self.date = OptionalDateEdit(self, allow_empty=False, default=today)
        self.date.set_accessible_name("Date of the assessment")
        self.date.setDate(editing.assessed_on if editing is not None else today())
        kind_label = QLabel("&Kind", self)
        kind_label.setBuddy(self.kind)
        date_label = QLabel("&Date", self)
        date_label.setBuddy(self.date.date_edit())
        self.compared_label = QLabel(self)
        self.compared_label.setObjectName("comparedWith")
        self.compared_label.setStyleSheet("color: #5A6270;")
        if self.previous is not None:
            self.compared_label.setText(
                f"Last time: {describe_assessment(self.previous)} (greyed in each row as "
                "survivor / navigator)"
            )
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        top.addSpacing(16)
        top.addWidget(date_label)
        top.addWidget(self.date)
        top.addSpacing(16)
        top.addWidget(self.compared_label, 1)

        self.grid = ScoreGrid(self)
        grid_label = QLabel("&Scores, notes and goals", self)
        grid_label.setBuddy(self.grid)
        grid_label.setStyleSheet("font-weight: 600;")
        if editing is not None:
            self.grid.set_entries(editing.scores)
        self.grid.set_previous(self.previous)
        self.keys_help = QLabel(KEYS_HELP, self)
        self.keys_help.setWordWrap(True)
        self.keys_help.setStyleSheet("color: #5A6270;")
        self.guide = ScaleGuide(self)

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("&Save assessment", self)
        self.save_button.setToolTip("Save the assessment (Ctrl+S)")
        self.save_button.setDefault(False)  # Enter in the grid moves on; it never saves
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.messages)
        layout.addLayout(top)
        layout.addWidget(grid_label)
        layout.addWidget(self.grid)
        layout.addWidget(self.keys_help)
        layout.addWidget(self.guide)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(1040, 600)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return")):
            QShortcut(keys, self, self.save)

        self.setTabOrder(self.kind, self.date.date_edit())
        self.setTabOrder(self.date.date_edit(), self.grid)
        self.setTabOrder(self.grid, self.save_button)
        self.grid.currentCellChanged.connect(lambda *_a: self._update_guide())
        self.grid.changed.connect(self._on_edited)
        self.grid.hint.connect(lambda text: self.messages.show_message(MessageKind.INFO, text))
        self.kind.currentIndexChanged.connect(lambda _i: self._on_field_edited(self.kind))
        self.date.dateChanged.connect(lambda _d: self._on_field_edited(self.date.date_edit()))
        self._baseline = self.draft()
        self._update_guide()
        self.grid.setFocus()

    # -- public API ---------------------------------------------------------------------------

    def draft(self) -> AssessmentDraft:
        return AssessmentDraft(
            kind=AssessmentKind(self.kind.value()),
            assessed_on=self.date.date() or self._today(),
            scores=self.grid.entries(),
        )

    def editing(self) -> AssessmentDTO | None:
        return self._editing

    def has_unsaved_changes(self) -> bool:
        return self.draft() != self._baseline

    def is_saving(self) -> bool:
        return self._saving

    def save(self) -> None:
        if self._saving:
            return
        self._commit_open_editor()
        draft = self.draft()
        self._clear_marks()
        self._set_saving(True)
        services, editing, case_id = self._services, self._editing, self._recovery.case_id

        def work() -> AssessmentDTO:
            if editing is None:
                return services.record_assessment(case_id, draft)
            # The version the navigator opened: a change made meanwhile is refused.
            return services.update_assessment(editing.id, editing.version, draft)

        self._worker.submit(work, self._on_saved, self._on_failed)

    def reject(self) -> None:
        if self._saving:
            return  # the save decides; the dialog closes when it is stored
        self._commit_open_editor()
        if (
            not self._closing_anyway
            and self.has_unsaved_changes()
            and not discard_prompt.ask_discard(self, DISCARD_QUESTION)
        ):
            return
        super().reject()

    # -- internals ----------------------------------------------------------------------------

    def _commit_open_editor(self) -> None:
        if self.grid.state() == QAbstractItemView.State.EditingState:
            editor = self.grid.indexWidget(self.grid.currentIndex())
            if editor is not None:
                self.grid.commitData(editor)
                self.grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.kind.setEnabled(not saving)
        self.date.setEnabled(not saving)
        self.grid.set_locked(saving)

    def _update_guide(self) -> None:
        domain = self.grid.current_domain()
        self.guide.show_domain(
            domain,
            self.grid.score(domain, Perspective.SURVIVOR),
            self.grid.score(domain, Perspective.NAVIGATOR),
            self.grid.current_perspective(),
        )

    def _on_edited(self) -> None:
        self._update_guide()
        if self.messages.kind() is MessageKind.INFO:
            self.messages.clear()

    def _on_field_edited(self, widget: QWidget) -> None:
        clear_invalid([widget])

    def _on_saved(self, result: AssessmentDTO) -> None:
        self._set_saving(False)
        self._baseline = self.draft()
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_saving(False)
        if isinstance(error, StaleEditError):
            self._stale_text = error.user_message + " What you entered is still here."
            self._show_stale()
        elif isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        domains: list[RecoveryDomain] = []
        first: QWidget | None = None
        for problem in problems:
            if problem.field == "kind":
                set_invalid(self.kind)
                first = first or self.kind
            elif problem.field == "assessed_on":
                set_invalid(self.date.date_edit())
                first = first or self.date.date_edit()
            elif problem.field in _DOMAIN_FIELDS:
                domains.append(_DOMAIN_FIELDS[problem.field])
                first = first or self.grid
            else:
                first = first or self.grid
        self.grid.mark_problems(domains)
        messages = list(dict.fromkeys(p.message for p in problems))
        self.messages.show_message(MessageKind.ERROR, NOT_SAVED_TITLE, messages)
        if domains:
            self.grid.go_to(domains[0], self.grid.currentColumn())
        if first is not None:
            first.setFocus()

    def _clear_marks(self) -> None:
        clear_invalid([self.kind, self.date.date_edit()])
        self.grid.mark_problems(())

    def _show_stale(self, note: str = "") -> None:
        self.messages.show_message(
            MessageKind.ERROR,
            self._stale_text + (f"\n{note}" if note else ""),
            actions=[
                ("&Copy my entries", self._copy_entries),
                ("Close and &reload (discards your entries)", self._close_and_reload),
            ],
        )

    def _copy_entries(self) -> None:
        draft = self.draft()
        lines = [f"{label(draft.kind)} assessment, {format_date(draft.assessed_on)}"]
        for entry in draft.scores:
            lines.append(
                f"{label(entry.domain)}: survivor {score_text(entry.survivor_score)}, "
                f"navigator {score_text(entry.navigator_score)}"
            )
            for caption, text in (
                ("Survivor's note", entry.survivor_note),
                ("Navigator's note", entry.navigator_note),
                ("Goal", entry.goal),
            ):
                if text.strip():
                    lines.append(f"  {caption}: {text.strip()}")
        QGuiApplication.clipboard().setText("\n".join(lines))
        self._show_stale(COPIED_TEXT)

    def _close_and_reload(self) -> None:
        self._closing_anyway = True
        self.reload_requested.emit()
        self.reject()
