"""The content of one plan version as a form: language, interpreter, the survivor's priorities,
the safety plan, and the goals under the six recovery domains in domain order."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.dto import PlanDraftDTO
from models.enums import RecoveryDomain
from models.errors import FieldProblem
from ui.plan.domain_section import DomainSection
from ui.plan.goal_editor import GoalEditor
from ui.plan.language_combo import LanguageCombo
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.labelled_rows import add_labelled_row

__all__ = ["PlanEditor"]

_STYLE = (
    INVALID_STYLE
    + """
QLabel#goalsHeading { font-size: 16px; font-weight: 600; padding-top: 10px; }
QLabel#domainHeading {
    font-size: 15px; font-weight: 600; color: #1F3A5F;
    border-bottom: 1px solid #C9D3E0; padding: 4px 0 3px 0;
}
QFrame#goalEditor { border: 1px solid #D5DCE6; border-radius: 6px; background: #FAFBFD; }
QLabel#goalTitle { font-weight: 600; color: #2F4A6D; }
QLabel#domainEmpty, QLabel#actionsEmpty, QLabel#fieldCaption, QLabel#fieldHint {
    color: #5A6270;
}
QPlainTextEdit:disabled, QLineEdit:disabled { color: #1F2A36; background: #F3F5F8; }
QComboBox:disabled, QDateEdit:disabled { color: #1F2A36; }
QTableWidget#actionTable::item:selected:!active { background: #DCE6F3; color: #1F2A36; }
"""
)


def _text_box(parent: QWidget, lines: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class PlanEditor(QWidget):
    """``changed`` fires on every edit the navigator makes (not when content is loaded)."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self.setStyleSheet(_STYLE)
        self._filling = False
        self._read_only = False

        self.language = LanguageCombo(self)
        self.interpreter_language = LanguageCombo(self, none_text="No interpreter")
        self.interpreter_name = QLineEdit(self)
        self.interpreter_name.setPlaceholderText("The interpreter's name, or their agency")
        self.priorities = _text_box(
            self, 4, "What matters most to the survivor now, in their own words"
        )
        self.safety_plan = _text_box(
            self, 5, "Who to call and where to go if they feel unsafe; what to do in an emergency"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 12, 12)
        layout.setSpacing(8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)
        layout.addLayout(form)  # first, so the captions below are created as children
        self.labels: dict[str, QLabel] = {}
        for name, text, widget in (
            ("language", "Plan &language", self.language),
            ("interpreter_language", "&Interpreter's language", self.interpreter_language),
            ("interpreter_name_or_agency", "Interpreter's name or a&gency", self.interpreter_name),
            ("survivor_priorities", "Survivor's &priorities", self.priorities),
            ("safety_plan", "&Safety plan", self.safety_plan),
        ):
            add_labelled_row(form, self.labels, name, text, widget)
        self.language.setToolTip("The language the plan is printed in for the survivor")

        self.goals_heading = QLabel("Goals, by recovery area", self)
        self.goals_heading.setObjectName("goalsHeading")
        hint = QLabel(
            "Write each goal in the survivor's own words. Ctrl+Enter adds an action to the goal "
            "you are in; Del removes the selected action.",
            self,
        )
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        layout.addWidget(self.goals_heading)
        layout.addWidget(hint)
        self.sections: dict[RecoveryDomain, DomainSection] = {}
        for domain in RecoveryDomain:
            section = DomainSection(domain, today, self)
            section.changed.connect(self._on_edited)
            section.goals_changed.connect(self._order_tabs)
            self.sections[domain] = section
            layout.addWidget(section)
        layout.addStretch(1)

        self.language.currentIndexChanged.connect(self._on_edited)
        self.interpreter_language.currentIndexChanged.connect(self._on_edited)
        self.interpreter_name.textChanged.connect(self._on_edited)
        self.priorities.textChanged.connect(self._on_edited)
        self.safety_plan.textChanged.connect(self._on_edited)

    # -- public API ---------------------------------------------------------------------------

    def content(self) -> PlanDraftDTO:
        """What the form holds, as typed (the services trim it); goals in domain order."""
        return PlanDraftDTO(
            language=self.language.tag(),
            interpreter_language=self.interpreter_language.tag(),
            interpreter_name_or_agency=self.interpreter_name.text(),
            survivor_priorities=self.priorities.toPlainText(),
            safety_plan=self.safety_plan.toPlainText(),
            goals=tuple(goal for s in self.sections.values() for goal in s.goals()),
        )

    def set_content(self, content: PlanDraftDTO) -> None:
        """Show ``content``, replacing everything in the form (emits no ``changed``)."""
        self._filling = True
        try:
            self.language.set_tag(content.language)
            self.interpreter_language.set_tag(content.interpreter_language)
            self.interpreter_name.setText(content.interpreter_name_or_agency)
            self.priorities.setPlainText(content.survivor_priorities)
            self.safety_plan.setPlainText(content.safety_plan)
            for domain, section in self.sections.items():
                section.set_goals([g for g in content.goals if g.domain == domain])
        finally:
            self._filling = False
        self._order_tabs()
        self.clear_marks()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in self._inputs():
            widget.setEnabled(not read_only)
        for section in self.sections.values():
            section.set_read_only(read_only)

    def editors(self) -> list[GoalEditor]:
        """Every goal's editor, in the order of ``content().goals``."""
        return [editor for section in self.sections.values() for editor in section.editors()]

    def goal_editor(self, key: str) -> GoalEditor | None:
        return next((editor for editor in self.editors() if editor.key == key), None)

    def mark_problems(self, problems: Sequence[FieldProblem]) -> QWidget | None:
        """Mark the fields the problems are about; returns the first one to focus."""
        editors = self.editors()
        first: QWidget | None = None
        for problem in problems:
            target: QWidget | None = None
            parts = problem.field.split(".", 2)
            if parts[0] == "goals" and len(parts) == 3 and parts[1].isdigit():
                index = int(parts[1])
                if index < len(editors):
                    target = editors[index].mark(parts[2])
            elif problem.field == "goals":
                set_invalid(self.goals_heading)
                target = self.sections[RecoveryDomain.MENTAL_HEALTH].add_button
            elif problem.field in self.labels:
                set_invalid(self.labels[problem.field])
                target = getattr(self, _WIDGETS[problem.field])
                set_invalid(target)
            first = first or target
        return first

    def clear_marks(self) -> None:
        clear_invalid([*self.labels.values(), *self._inputs(), self.goals_heading])
        for editor in self.editors():
            editor.clear_marks()

    # -- internals ----------------------------------------------------------------------------

    def _inputs(self) -> list[QWidget]:
        return [getattr(self, name) for name in _WIDGETS.values()]

    def _order_tabs(self) -> None:
        """Goals are created after the rest of the form, so Qt would put them last in the Tab
        order: put each goal before its domain's "Add goal" button, in domain order."""
        chain: list[QWidget] = [self.safety_plan]
        for section in self.sections.values():
            for editor in section.editors():
                chain += editor.tab_chain()
            chain.append(section.add_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_edited(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit()


_WIDGETS = {
    "language": "language",
    "interpreter_language": "interpreter_language",
    "interpreter_name_or_agency": "interpreter_name",
    "survivor_priorities": "priorities",
    "safety_plan": "safety_plan",
}
