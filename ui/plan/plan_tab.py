"""The "Support plan" tab of a case: the draft editor that saves itself, and the way to start,
agree, review and print the plan.

Only a draft is edited. Agreed, reviewed and superseded versions are shown read-only; changing
the plan means starting a new draft, which begins as a copy of the plan in force. A refused save
leaves everything typed in the form and says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from models.dto import PlanVersionDTO, SupportPlanDTO
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.support_plan import PlanNotEditableError
from ui.case import discard_prompt
from ui.case.formatting import format_date
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Worker
from ui.plan import agree_dialog, review_dialog
from ui.plan.button_bar import ButtonBar
from ui.plan.draft_autosaver import DraftAutosaver
from ui.plan.plan_text import COPIED_TEXT, plan_as_text
from ui.plan.plan_view import PlanView
from ui.plan.version_loader import load_version
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["PRINT_UNAVAILABLE", "PlanTab"]

PRINT_UNAVAILABLE = "Printing is not available yet."


class PlanTab(QWidget):
    """``plan_changed`` fires after every write that changed the plan (the workspace
    publishes it)."""

    plan_changed = Signal()

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        change_bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = change_bus  # only handed to the print preview, which records each print
        self._case_id = case_id
        self._services = services
        self._worker = worker
        self._today = today
        self._plan: SupportPlanDTO | None = None
        self._shown: PlanVersionDTO | None = None
        self._focus_problems = False
        self._focus_draft: int | None = None  # a draft just started: the cursor goes there
        self._announce = ""

        self.stale_banner = MessageBar(self, name="Plan not saved")
        self.messages = MessageBar(self, name="Plan messages")
        self.view = PlanView(today, self)
        self.view.start_requested.connect(self.start_draft)
        self.view.version_requested.connect(self.show_version)
        self.editor = self.view.editor
        self.editor.changed.connect(self._on_edited)

        self.buttons = ButtonBar(self)
        self.save_status = self.buttons.save_status
        self.agree_button = self.buttons.agree
        self.agree_button.clicked.connect(self.agree)
        self.review_button = self.buttons.review
        self.review_button.clicked.connect(self.mark_reviewed)
        self.print_button = self.buttons.print
        self.print_button.clicked.connect(lambda: self.print_plan())
        self.print_large_button = self.buttons.print_large
        self.print_large_button.clicked.connect(lambda: self.print_plan(large_type=True))

        self.autosaver = DraftAutosaver(services, worker, self.editor.content, self)
        self.autosaver.saved.connect(self._on_autosaved)
        self.autosaver.failed.connect(self._on_write_failed)
        self.autosaver.status_changed.connect(self.save_status.setText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.messages)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.buttons.update_for(self._plan, self._shown)

    # -- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the plan again and show its current version (the draft, if there is one)."""
        case_id, services = self._case_id, self._services
        self._worker.submit(
            lambda: services.support_plan(case_id), self._show_plan, self._on_load_failed
        )

    def refresh_if_idle(self) -> None:
        """After a change elsewhere: reload, unless that would touch unsaved edits (their save
        is then refused as stale, and says so)."""
        if not self.has_unsaved_changes():
            self.refresh()

    def has_unsaved_changes(self) -> bool:
        return self.autosaver.has_unsaved_changes()

    def shown_version(self) -> PlanVersionDTO | None:
        return self._shown

    def save_now(self) -> None:
        """Ctrl+S: save the draft at once, rather than two seconds after typing stops."""
        if self._editable_and_fresh():
            self._focus_problems = True
            self.autosaver.resume()  # an invalid draft is tried again
            self.autosaver.flush(lambda: setattr(self, "_focus_problems", False))

    def start_draft(self) -> None:
        """Start the first plan, or a new draft copied from the plan in force."""
        case_id, services = self._case_id, self._services
        self._worker.submit(
            lambda: services.start_plan_draft(case_id), self._on_started, self._on_write_failed
        )

    def show_version(self, version_id: int) -> None:
        """Show another version: read-only, or the draft, editable."""
        plan = self._plan
        if plan is None or (self._shown is not None and self._shown.id == version_id):
            return
        self.autosaver.flush()  # leaving the draft: keep what was typed
        if plan.current is not None and plan.current.id == version_id:
            self.refresh()  # the draft as stored now, with its current edit counter
            return
        summary = next((s for s in plan.versions if s.id == version_id), None)
        if summary is None:
            return
        case_id, services = self._case_id, self._services
        self._worker.submit(
            lambda: load_version(services, case_id, summary), self._display, self._on_load_failed
        )

    def agree(self) -> None:
        """Save what is typed, check it can be agreed, then ask for the date and agreement."""
        if self._editable_and_fresh():
            self._focus_problems = True
            self.autosaver.resume()
            self.autosaver.flush(self._agree_saved)

    def mark_reviewed(self) -> None:
        shown, plan = self._shown, self._plan
        if shown is None or plan is None or shown.id != plan.in_force_id:
            return
        reviewed_on = review_dialog.ask_review(self, self._today(), shown.number)
        if reviewed_on is None:
            return
        services = self._services
        self._worker.submit(
            lambda: services.mark_plan_reviewed(shown.id, shown.version, reviewed_on),
            lambda result: self._after_write(
                f"Version {result.number} marked as reviewed on {format_date(reviewed_on)}."
            ),
            self._on_write_failed,
        )

    def print_plan(self, large_type: bool = False) -> None:
        """Preview the version on screen for printing (a draft is saved first)."""
        shown = self._shown
        if shown is None:
            return
        if shown.editable:
            self.autosaver.flush(lambda: self._open_preview(shown.id, large_type))
        else:
            self._open_preview(shown.id, large_type)

    # -- printing -----------------------------------------------------------------------------

    def _open_preview(self, version_id: int, large_type: bool) -> None:
        try:
            from ui.plan.print_preview import open_plan_preview
        except ImportError:
            self.messages.show_message(MessageKind.INFO, PRINT_UNAVAILABLE)
            return
        open_plan_preview(
            self,
            self._services,
            self._worker,
            version_id,
            large_type=large_type,
            change_bus=self._bus,
        )

    # -- showing ------------------------------------------------------------------------------

    def _show_plan(self, plan: SupportPlanDTO) -> None:
        self._plan = plan
        if plan.current is None:
            self._shown = None
            self.autosaver.stop()
            self.stale_banner.clear()
            self.view.show_empty()
            self.buttons.update_for(self._plan, self._shown)
            return
        self._display(plan.current)

    def _display(self, version: PlanVersionDTO) -> None:
        plan = self._plan
        assert plan is not None
        self._shown = version
        self.messages.clear()
        if self._announce:
            self.messages.show_message(MessageKind.SUCCESS, self._announce)
            self._announce = ""
        self.stale_banner.clear()
        self.view.show_version(plan, version)  # fills the form; emits no "changed"
        if version.editable:
            self.autosaver.start(version)
        else:
            self.autosaver.stop()
        self.buttons.update_for(self._plan, self._shown)
        self._load_changes()
        if version.id == self._focus_draft:
            self._focus_draft = None
            self.editor.priorities.setFocus()

    def _load_changes(self) -> None:
        plan, shown = self._plan, self._shown
        if plan is None or shown is None or shown.number == 1:
            return
        services = self._services

        def show(changes: list) -> None:
            if self._shown is not None and self._shown.id == shown.id:
                self.view.show_changes(plan, shown, changes)

        self._worker.submit(lambda: services.plan_changes(shown.id), show, lambda _e: None)

    # -- outcomes -----------------------------------------------------------------------------

    def _editable_and_fresh(self) -> bool:
        if self._shown is None or not self._shown.editable:
            return False
        if self.stale_banner.text():
            self.stale_banner.setFocus()  # the way out is in the banner
            return False
        return True

    def _on_edited(self) -> None:
        if self.messages.kind() is MessageKind.SUCCESS:
            self.messages.clear()
        self.autosaver.edited()

    def _on_autosaved(self, result: PlanVersionDTO, changed: bool) -> None:
        self._shown = result
        if self.messages.kind() is MessageKind.ERROR:
            self.messages.clear()
        self.editor.clear_marks()
        if changed:
            self.plan_changed.emit()
            self._load_changes()

    def _on_started(self, version: PlanVersionDTO) -> None:
        self._focus_draft = version.id
        self.plan_changed.emit()
        self.refresh()

    def _agree_saved(self) -> None:
        plan, version = self._plan, self.autosaver.version
        self._focus_problems = False
        if plan is None or version is None:
            return
        problems = agree_dialog.agreement_problems(self.editor.content(), self._today())
        if problems:
            self._show_problems(problems, "The plan cannot be agreed yet:", focus=True)
            return
        replaces = agree_dialog.replaced_text(plan)
        agreed_on = agree_dialog.ask_agreement(self, self._today(), version.number, replaces)
        if agreed_on is None:
            return
        services = self._services
        self._worker.submit(
            lambda: services.agree_plan(version.id, version.version, agreed_on, True),
            lambda result: self._after_write(
                f"Version {result.number} agreed on {format_date(agreed_on)}. It can no longer "
                "be changed. Print it for the survivor to keep."
            ),
            self._on_write_failed,
        )

    def _after_write(self, message: str) -> None:
        self._announce = message  # shown once the plan is read again
        self.plan_changed.emit()
        self.refresh()

    def _on_load_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.messages.show_message(MessageKind.ERROR, f"The plan could not be read. {message}")

    def _on_write_failed(self, error: BaseException) -> None:
        focus, self._focus_problems = self._focus_problems, False
        if isinstance(error, StaleEditError | PlanNotEditableError):
            self.messages.clear()
            self.stale_banner.show_message(
                MessageKind.ERROR,
                error.user_message + "\n\nWhat you typed is still in the form below.",
                actions=[
                    ("&Copy my edits", self.copy_edits),
                    ("&Reload the plan (discards your edits)", self._reload_after_stale),
                ],
            )
        elif isinstance(error, ValidationError):
            self._show_problems(list(error.problems), "Not saved yet. Please correct:", focus)
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _show_problems(self, problems: Sequence[FieldProblem], title: str, focus: bool) -> None:
        self.editor.clear_marks()
        first = self.editor.mark_problems(problems)
        messages = list(dict.fromkeys(p.message for p in problems))
        self.messages.show_message(MessageKind.ERROR, title, messages)
        if focus and first is not None:
            self.view.scroll.ensureWidgetVisible(first)
            first.setFocus()

    def copy_edits(self) -> None:
        reference = self._plan.case_reference if self._plan is not None else ""
        QGuiApplication.clipboard().setText(plan_as_text(reference, self.editor.content()))
        self.messages.show_message(MessageKind.INFO, COPIED_TEXT)

    def _reload_after_stale(self) -> None:
        if discard_prompt.ask_discard(
            self, "Reload the plan? What you typed since it was last saved will be lost."
        ):
            self.autosaver.stop()
            self.refresh()
