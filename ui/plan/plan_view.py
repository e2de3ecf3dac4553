"""What the plan tab shows of one version: which version it is, the plan as a form (editable for
a draft, read-only otherwise, with a note saying why), and what changed since the agreed plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.dto import ChangeDTO, PlanVersionDTO, SupportPlanDTO
from models.enums import PlanStatus
from ui.plan.changes_panel import ChangesPanel
from ui.plan.plan_editor import PlanEditor
from ui.plan.version_bar import VersionBar, describe_version
from ui.widgets.message_bar import MessageBar, MessageKind

__all__ = ["FIRST_PLAN_TEXT", "NO_PLAN_TEXT", "READ_ONLY_TEXT", "SUPERSEDED_TEXT", "PlanView"]

NO_PLAN_TEXT = "No plan yet. Start one with the survivor."
READ_ONLY_TEXT = "Agreed versions cannot be changed. Start a new draft to make changes."
SUPERSEDED_TEXT = (
    "This is an earlier version of the plan, replaced by a later one. It cannot be changed."
)
FIRST_PLAN_TEXT = "This is the survivor's first plan: there is no agreed plan to compare it with."


class PlanView(QWidget):
    """``start_requested`` asks for a new draft (the first plan, or a copy of the plan in
    force); ``version_requested`` carries the ID of a version to show."""

    start_requested = Signal()
    version_requested = Signal(int)

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version_bar = VersionBar(self)
        self.version_bar.version_chosen.connect(self.version_requested.emit)
        self.read_only_note = MessageBar(self, name="This version cannot be changed")

        self.loading_label = QLabel("Loading the plan…", self)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page = QWidget(self)
        self.empty_label = QLabel(NO_PLAN_TEXT, self.empty_page)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setStyleSheet("color: #3D4450; font-size: 15px; padding: 8px;")
        self.start_button = QPushButton("&Start a plan", self.empty_page)
        self.start_button.clicked.connect(self.start_requested.emit)
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.editor = PlanEditor(today, self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.editor)
        self.changes = ChangesPanel(self)
        self.changes.goal_requested.connect(self.focus_goal)
        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.addWidget(self.scroll)
        self.body.addWidget(self.changes)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 1)
        self.body.setChildrenCollapsible(False)
        self.stack = QStackedWidget(self)
        for page in (self.loading_label, self.empty_page, self.body):
            self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.version_bar)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.stack, 1)
        self.stack.setCurrentWidget(self.loading_label)

    # -- public API ---------------------------------------------------------------------------

    def show_empty(self) -> None:
        self.version_bar.set_plan(None, None)
        self.read_only_note.clear()
        self.stack.setCurrentWidget(self.empty_page)

    def show_version(self, plan: SupportPlanDTO, version: PlanVersionDTO) -> None:
        """Show ``version`` of ``plan``: editable if it is the draft, read-only otherwise."""
        self.editor.set_content(version.content)
        self.editor.set_read_only(not version.editable)
        base = self.base_text(plan, version)
        detail = "the plan in force" if version.id == plan.in_force_id else ""
        if version.editable:
            detail = f"started from {base}" if base else "the survivor's first plan"
        self.version_bar.set_plan(plan, version.id, detail)
        self._show_read_only_note(plan, version)
        if version.number == 1:
            self.changes.show_nothing_to_compare(FIRST_PLAN_TEXT)
        else:
            self.changes.show_nothing_to_compare("Reading what changed…")
        self.stack.setCurrentWidget(self.body)

    def show_changes(
        self, plan: SupportPlanDTO, version: PlanVersionDTO, changes: list[ChangeDTO]
    ) -> None:
        base = self.base_text(plan, version) or "the agreed plan it was copied from"
        self.changes.set_changes(changes, base)

    def focus_goal(self, key: str) -> None:
        editor = self.editor.goal_editor(key)
        if editor is not None:
            self.scroll.ensureWidgetVisible(editor)
            editor.words.setFocus()

    @staticmethod
    def base_text(plan: SupportPlanDTO, version: PlanVersionDTO) -> str:
        """ "version 1 (agreed on 3 Mar 2026)": the version a draft was copied from."""
        if version.based_on_id is None:
            return ""
        base = next((s for s in plan.versions if s.id == version.based_on_id), None)
        if base is None:
            return ""
        status = describe_version(base)
        return f"version {base.number} ({status[:1].lower()}{status[1:]})"

    # -- internals ----------------------------------------------------------------------------

    def _show_read_only_note(self, plan: SupportPlanDTO, version: PlanVersionDTO) -> None:
        if version.editable:
            self.read_only_note.clear()
            return
        actions: list[tuple[str, Callable[[], object]]] = []
        if version.status is PlanStatus.SUPERSEDED:
            text = SUPERSEDED_TEXT
            newest = plan.versions[-1].id if plan.versions else None
            if newest is not None and newest != plan.draft_id:
                actions.append(
                    ("Show the &newest version", lambda: self.version_requested.emit(newest))
                )
        else:
            text = READ_ONLY_TEXT
        draft_id = plan.draft_id
        if draft_id is not None:
            actions.append(("Show the &draft", lambda: self.version_requested.emit(draft_id)))
        elif plan.in_force_id is not None:
            actions.append(("Start a new &draft from the agreed plan", self.start_requested.emit))
        self.read_only_note.show_message(MessageKind.INFO, text, actions=actions)
