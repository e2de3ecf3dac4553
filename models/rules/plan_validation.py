"""Support plan validation: drafts, agreement and review. Problem messages name fields and
positions, never what was typed: they may end up in a log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models.dto import PlanDraftDTO, PlanGoalDTO
from models.enums import PlanStatus, RecoveryDomain
from models.errors import FieldProblem
from models.rules.plan_content import is_language_tag
from models.rules.plan_terms import DOMAIN_WORDS, MAX_LONG_TEXT, MAX_SHORT_TEXT


def _where(goals: Sequence[PlanGoalDTO], index: int) -> str:
    """ "Safety, goal 2": the goal's domain and its place within that domain."""
    goal = goals[index]
    ordinal = sum(1 for other in goals[: index + 1] if other.domain == goal.domain)
    return f"{DOMAIN_WORDS[RecoveryDomain(goal.domain)]}, goal {ordinal}"


def validate_draft(draft: PlanDraftDTO) -> list[FieldProblem]:
    """What even an autosaved draft must satisfy: well-formed languages, sane lengths.

    Field names use the goals' and actions' positions in ``draft`` ("goals.0.actions.1.who").
    """
    problems: list[FieldProblem] = []
    if not is_language_tag(draft.language.strip()):
        problems.append(FieldProblem("language", "Choose the language the plan is written in."))
    interpreter = draft.interpreter_language.strip()
    if interpreter and not is_language_tag(interpreter):
        problems.append(
            FieldProblem(
                "interpreter_language",
                "The interpreter's language is not a language code Waypost recognises.",
            )
        )
    if len(draft.interpreter_name_or_agency.strip()) > MAX_SHORT_TEXT:
        problems.append(
            FieldProblem(
                "interpreter_name_or_agency",
                f"The interpreter's name or agency is too long ({MAX_SHORT_TEXT} max).",
            )
        )
    for name, value, label in (
        ("survivor_priorities", draft.survivor_priorities, "The survivor's priorities"),
        ("safety_plan", draft.safety_plan, "The safety plan"),
    ):
        if len(value.strip()) > MAX_LONG_TEXT:
            problems.append(FieldProblem(name, f"{label} is too long ({MAX_LONG_TEXT} max)."))
    for i, goal in enumerate(draft.goals):
        where = _where(draft.goals, i)
        if len(goal.survivor_words.strip()) > MAX_LONG_TEXT:
            problems.append(
                FieldProblem(
                    f"goals.{i}.survivor_words",
                    f"{where}: the survivor's words are too long ({MAX_LONG_TEXT} max).",
                )
            )
        for j, action in enumerate(goal.actions):
            if len(action.what.strip()) > MAX_LONG_TEXT:
                problems.append(
                    FieldProblem(
                        f"goals.{i}.actions.{j}.what",
                        f"{where}, action {j + 1}: what is to be done is too long "
                        f"({MAX_LONG_TEXT} max).",
                    )
                )
            if len(action.who.strip()) > MAX_SHORT_TEXT:
                problems.append(
                    FieldProblem(
                        f"goals.{i}.actions.{j}.who",
                        f"{where}, action {j + 1}: who does it is too long ({MAX_SHORT_TEXT} max).",
                    )
                )
    return problems


def validate_agreement(
    content: PlanDraftDTO,
    agreed_on: date,
    by_survivor: bool,
    today: date,
    previous_agreed_on: date | None = None,
) -> list[FieldProblem]:
    """Whether a draft may be agreed on ``agreed_on``. ``previous_agreed_on`` is when the plan
    it replaces was agreed."""
    problems = validate_draft(content)
    if not content.goals:
        problems.append(FieldProblem("goals", "Add at least one goal before agreeing the plan."))
    for i, goal in enumerate(content.goals):
        where = _where(content.goals, i)
        if not goal.survivor_words.strip():
            problems.append(
                FieldProblem(
                    f"goals.{i}.survivor_words",
                    f"{where}: write the goal in the survivor's own words.",
                )
            )
        if not goal.actions:
            problems.append(
                FieldProblem(f"goals.{i}.actions", f"{where}: add at least one action.")
            )
        for j, action in enumerate(goal.actions):
            if not action.what.strip():
                problems.append(
                    FieldProblem(
                        f"goals.{i}.actions.{j}.what",
                        f"{where}, action {j + 1}: say what is to be done.",
                    )
                )
        if goal.review_date is not None and goal.review_date <= agreed_on:
            problems.append(
                FieldProblem(
                    f"goals.{i}.review_date",
                    f"{where}: the review date must be after the date the plan is agreed.",
                )
            )
    if content.interpreter_name_or_agency.strip() and not content.interpreter_language.strip():
        problems.append(
            FieldProblem("interpreter_language", "Say which language the interpreter used.")
        )
    if agreed_on > today:
        problems.append(
            FieldProblem("agreed_on", "The date the plan was agreed cannot be in the future.")
        )
    if previous_agreed_on is not None and agreed_on < previous_agreed_on:
        problems.append(
            FieldProblem(
                "agreed_on",
                "The plan cannot be agreed before the date the previous version was agreed.",
            )
        )
    if not by_survivor:
        problems.append(
            FieldProblem(
                "agreed_by_survivor",
                "Confirm that the survivor agreed the plan (tick the box).",
            )
        )
    return problems


def validate_review(
    status: PlanStatus,
    agreed_on: date | None,
    last_reviewed_on: date | None,
    reviewed_on: date,
    today: date,
) -> list[FieldProblem]:
    """Whether the plan may be marked as reviewed, unchanged, on ``reviewed_on``."""
    problems: list[FieldProblem] = []
    if status is PlanStatus.DRAFTED:
        problems.append(
            FieldProblem("status", "A draft cannot be marked as reviewed: agree it first.")
        )
    elif status is PlanStatus.SUPERSEDED:
        problems.append(
            FieldProblem(
                "status",
                "This is an earlier version of the plan; only the plan in force can be reviewed.",
            )
        )
    if reviewed_on > today:
        problems.append(FieldProblem("reviewed_on", "The review date cannot be in the future."))
    if agreed_on is not None and reviewed_on < agreed_on:
        problems.append(
            FieldProblem("reviewed_on", "The review date is before the plan was agreed.")
        )
    if last_reviewed_on is not None and reviewed_on < last_reviewed_on:
        problems.append(
            FieldProblem("reviewed_on", "The review date is before the plan's last review.")
        )
    return problems
