"""Support plan rules, as pure functions over the plan DTOs.

- Only a drafted version is edited; an agreed, reviewed or superseded one never changes in place.
- Agreeing needs goals in the survivor's own words, each with an action, the survivor's
  agreement, and a date that is not in the future.
- A new draft is a copy of the plan in force; agreeing it supersedes that plan.
- "Reviewed" confirms the plan in force, unchanged, on a review date.
- ``diff_versions`` says, in plain words, what changed since the last agreed version.
- ``overdue_actions`` and ``plan_reviews_due`` feed the Agenda.

Problem messages name fields and positions, never what was typed: they may end up in a log.
Change texts do quote the plan (the navigator reads them on screen): never log them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from models.dto import (
    ChangeDTO,
    LanguageDTO,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PlanVersionDTO,
    new_plan_key,
)
from models.enums import ActionStatus, PlanChangeKind, PlanStatus, RecoveryDomain
from models.errors import FieldProblem, WaypostError

Change = ChangeDTO

DOMAIN_ORDER: tuple[RecoveryDomain, ...] = tuple(RecoveryDomain)
# The plan in force: the one the survivor agreed most recently.
IN_FORCE = frozenset({PlanStatus.AGREED, PlanStatus.REVIEWED})
# Actions that can no longer be overdue.
FINISHED_ACTIONS = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 20_000
MAX_LANGUAGE_TAG = 35
# BCP 47 in outline: a 2-8 letter language subtag, then subtags of 1-8 letters or digits.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")

# Plain English for change texts and Agenda labels. Display labels for the UI are in
# ui/labels.py; printed headings come from the translation catalogs.
DOMAIN_WORDS: Mapping[RecoveryDomain, str] = {
    RecoveryDomain.MENTAL_HEALTH: "Mental health",
    RecoveryDomain.PHYSICAL_HEALTH: "Physical health",
    RecoveryDomain.FINANCIAL_STABILITY: "Financial stability",
    RecoveryDomain.SOCIAL_CONNECTION: "Social connection",
    RecoveryDomain.SAFETY: "Safety",
    RecoveryDomain.LEGAL_STATUS: "Legal status",
}
ACTION_STATUS_WORDS: Mapping[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: "not started",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.DONE: "done",
    ActionStatus.DROPPED: "dropped",
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
QUOTE_LIMIT = 80


class PlanNotEditableError(WaypostError):
    """An attempt to change a plan version that is no longer a draft."""


def not_editable_message(status: PlanStatus) -> str:
    if status is PlanStatus.SUPERSEDED:
        why = "This is an earlier version of the plan, replaced by a newer one, so it"
    elif status is PlanStatus.REVIEWED:
        why = "This version of the plan was agreed with the survivor and reviewed, so it"
    else:
        why = "This version of the plan was agreed with the survivor, so it"
    return (
        f"{why} cannot be changed. Your change was not saved. To change the plan, start a new "
        "draft: it begins as a copy of the agreed plan."
    )


def ensure_editable(status: PlanStatus) -> None:
    """Raise PlanNotEditableError unless the version is a draft."""
    if status is not PlanStatus.DRAFTED:
        raise PlanNotEditableError(not_editable_message(status))


# Content ---------------------------------------------------------------------------------------


def default_plan_language(languages: Sequence[LanguageDTO]) -> str:
    """The survivor's preferred language for documents, else their first language, else "en"."""
    for language in languages:
        if language.preferred_for_documents:
            return language.language
    return languages[0].language if languages else "en"


def preferred_name(known_as: str, given_names: str, family_name: str) -> str:
    """The name printed for the survivor: what they are known as, else their given names."""
    for name in (known_as, given_names, family_name):
        if name.strip():
            return name.strip()
    return ""


def sort_goals(goals: Iterable[PlanGoalDTO]) -> tuple[PlanGoalDTO, ...]:
    """Group goals by domain in domain order, keeping their order within each domain."""
    return tuple(sorted(goals, key=lambda goal: DOMAIN_ORDER.index(goal.domain)))


def normalise_draft(draft: PlanDraftDTO) -> PlanDraftDTO:
    """The content as it is stored: trimmed, goals grouped by domain, every key present and
    unique. Saving a draft equal to the stored content after this is a no-op."""
    seen: set[str] = set()

    def fresh(key: str) -> str:
        key = key.strip()
        if not key or key in seen:
            key = new_plan_key()
        seen.add(key)
        return key

    goals = [
        PlanGoalDTO(
            domain=RecoveryDomain(goal.domain),
            survivor_words=goal.survivor_words.strip(),
            review_date=goal.review_date,
            actions=tuple(
                PlanActionDTO(
                    what=action.what.strip(),
                    who=action.who.strip(),
                    by_when=action.by_when,
                    status=ActionStatus(action.status),
                    key=fresh(action.key),
                )
                for action in goal.actions
            ),
            key=fresh(goal.key),
        )
        for goal in draft.goals
    ]
    return PlanDraftDTO(
        language=draft.language.strip(),
        interpreter_language=draft.interpreter_language.strip(),
        interpreter_name_or_agency=draft.interpreter_name_or_agency.strip(),
        survivor_priorities=draft.survivor_priorities.strip(),
        safety_plan=draft.safety_plan.strip(),
        goals=sort_goals(goals),
    )


def is_language_tag(tag: str) -> bool:
    return len(tag) <= MAX_LANGUAGE_TAG and bool(_LANGUAGE_TAG.match(tag))


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


def statuses_after_agreement(
    statuses: Mapping[int, PlanStatus], agreed_id: int
) -> dict[int, PlanStatus]:
    """The versions whose status changes when ``agreed_id`` is agreed: it becomes agreed, and
    the plan it replaces (any version in force) becomes superseded."""
    changed = {
        version_id: PlanStatus.SUPERSEDED
        for version_id, status in statuses.items()
        if version_id != agreed_id and status in IN_FORCE
    }
    changed[agreed_id] = PlanStatus.AGREED
    return changed


# The Agenda ------------------------------------------------------------------------------------


def overdue_actions(plan: PlanVersionDTO, today: date) -> list[tuple[PlanGoalDTO, PlanActionDTO]]:
    """Actions of the plan in force that were due before today and are neither done nor
    dropped. An action due today is not yet overdue. Drafts and old versions have none."""
    if plan.status not in IN_FORCE:
        return []
    return [
        (goal, action)
        for goal in plan.content.goals
        for action in goal.actions
        if action.by_when is not None
        and action.by_when < today
        and action.status not in FINISHED_ACTIONS
    ]


def plan_reviews_due(plan: PlanVersionDTO, today: date) -> list[PlanGoalDTO]:
    """Goals of the plan in force whose review date has come (today counts), unless the plan
    was agreed or reviewed on or after that date."""
    if plan.status not in IN_FORCE:
        return []
    confirmed = max((d for d in (plan.agreed_on, plan.reviewed_on) if d is not None), default=None)
    return [
        goal
        for goal in plan.content.goals
        if goal.review_date is not None
        and goal.review_date <= today
        and (confirmed is None or confirmed < goal.review_date)
    ]


# What changed ----------------------------------------------------------------------------------


def format_date(value: date | None) -> str:
    """ "3 December 2026", independent of the process locale."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line, at most ``limit`` characters, ending in an ellipsis when cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    """End with one full stop, not a second one after a quote that already ends a sentence."""
    if text.rstrip().endswith((".", "!", "?", ".”", "!”", "?”")):
        return text
    return f"{text}."


def _q(text: str) -> str:
    return f"“{shorten(text)}”" if text.strip() else "(no words yet)"


def _interpreter(draft: PlanDraftDTO) -> str:
    return ", ".join(
        part for part in (draft.interpreter_language, draft.interpreter_name_or_agency) if part
    )


def _text_change(kind: PlanChangeKind, what: str, before: str, after: str) -> ChangeDTO:
    if not before:
        text = f"{what} added."
    elif not after:
        text = f"{what} removed."
    else:
        text = f"{what} changed."
    return ChangeDTO(kind=kind, text=text, before=before, after=after)


def _action_summary(action: PlanActionDTO) -> str:
    parts = [_q(action.what)]
    if action.who:
        parts.append(f"({action.who})")
    if action.by_when is not None:
        parts.append(f"by {format_date(action.by_when)}")
    return " ".join(parts)


def _compare_action(
    domain: RecoveryDomain, goal_key: str, before: PlanActionDTO, after: PlanActionDTO
) -> list[ChangeDTO]:
    words = DOMAIN_WORDS[domain]
    what = _q(after.what)

    def change(kind: PlanChangeKind, text: str, old: str, new: str) -> ChangeDTO:
        return ChangeDTO(kind, _sentence(f"{words}: {text}"), domain, goal_key, after.key, old, new)

    changes: list[ChangeDTO] = []
    if before.what != after.what:
        changes.append(
            change(
                PlanChangeKind.ACTION_CHANGED,
                f"action {_q(before.what)} now reads {what}",
                before.what,
                after.what,
            )
        )
    if before.who != after.who:
        if not after.who:
            text = f"action {what} no longer says who does it"
        elif not before.who:
            text = f"action {what} is now for {after.who}"
        else:
            text = f"action {what} is now for {after.who} (was {before.who})"
        changes.append(change(PlanChangeKind.ACTION_CHANGED, text, before.who, after.who))
    if before.status != after.status:
        old_status = ACTION_STATUS_WORDS[ActionStatus(before.status)]
        new_status = ACTION_STATUS_WORDS[ActionStatus(after.status)]
        changes.append(
            change(
                PlanChangeKind.ACTION_STATUS_CHANGED,
                f"action {what} is now {new_status} (was {old_status})",
                old_status,
                new_status,
            )
        )
    if before.by_when != after.by_when:
        old_date, new_date = format_date(before.by_when), format_date(after.by_when)
        if not new_date:
            text = f"action {what} no longer has a date"
        elif not old_date:
            text = f"action {what} is now due by {new_date}"
        else:
            text = f"action {what} is now due by {new_date} (was {old_date})"
        changes.append(change(PlanChangeKind.ACTION_DATE_CHANGED, text, old_date, new_date))
    return changes


def _action_changes(
    domain: RecoveryDomain, goal_key: str, old: PlanGoalDTO | None, new: PlanGoalDTO
) -> list[ChangeDTO]:
    words = DOMAIN_WORDS[domain]
    changes: list[ChangeDTO] = []
    old_actions = {a.key: a for a in old.actions} if old is not None else {}
    new_keys = {a.key for a in new.actions}
    for action in old_actions.values():
        if action.key not in new_keys:
            changes.append(
                ChangeDTO(
                    kind=PlanChangeKind.ACTION_REMOVED,
                    text=f"{words}: action removed: {_q(action.what)}.",
                    domain=domain,
                    goal_key=goal_key,
                    action_key=action.key,
                    before=action.what,
                )
            )
    for action in new.actions:
        before = old_actions.get(action.key)
        if before is None:
            changes.append(
                ChangeDTO(
                    kind=PlanChangeKind.ACTION_ADDED,
                    text=f"{words}: new action {_action_summary(action)}.",
                    domain=domain,
                    goal_key=goal_key,
                    action_key=action.key,
                    after=action.what,
                )
            )
            continue

        changes.extend(_compare_action(domain, goal_key, before, action))
    return changes


def diff_versions(old: PlanDraftDTO, new: PlanDraftDTO) -> list[ChangeDTO]:
    """What changed from ``old`` (the last agreed version) to ``new``, in plain words.

    Goals and actions are matched by key, so rewording is a change, not a removal and an
    addition. The order is fixed: the plan's language and interpreter, the survivor's
    priorities, the safety plan, then each domain in domain order (removed goals first, then
    the goals in their new order, each followed by its actions' changes). Reordering alone is
    not reported. Actions of a new goal are listed as added; those of a removed goal are not
    listed separately.
    """
    changes: list[ChangeDTO] = []
    if old.language != new.language:
        changes.append(
            ChangeDTO(
                kind=PlanChangeKind.LANGUAGE_CHANGED,
                text=f"The plan's language changed from {old.language} to {new.language}.",
                before=old.language,
                after=new.language,
            )
        )
    before, after = _interpreter(old), _interpreter(new)
    if before != after:
        changes.append(
            _text_change(PlanChangeKind.INTERPRETER_CHANGED, "The interpreter", before, after)
        )
    if old.survivor_priorities != new.survivor_priorities:
        changes.append(
            _text_change(
                PlanChangeKind.PRIORITIES_CHANGED,
                "The survivor's priorities",
                old.survivor_priorities,
                new.survivor_priorities,
            )
        )
    if old.safety_plan != new.safety_plan:
        changes.append(
            _text_change(
                PlanChangeKind.SAFETY_PLAN_CHANGED,
                "The safety plan",
                old.safety_plan,
                new.safety_plan,
            )
        )

    old_goals = {goal.key: goal for goal in old.goals}
    new_goals = {goal.key: goal for goal in new.goals}
    for domain in DOMAIN_ORDER:
        words = DOMAIN_WORDS[domain]
        for goal in old.goals:
            if goal.domain == domain and goal.key not in new_goals:
                changes.append(
                    ChangeDTO(
                        kind=PlanChangeKind.GOAL_REMOVED,
                        text=f"{words}: goal removed: {_q(goal.survivor_words)}.",
                        domain=domain,
                        goal_key=goal.key,
                        before=goal.survivor_words,
                    )
                )
        for goal in new.goals:
            if goal.domain != domain:
                continue
            previous = old_goals.get(goal.key)
            if previous is None:
                changes.append(
                    ChangeDTO(
                        kind=PlanChangeKind.GOAL_ADDED,
                        text=f"{words}: new goal {_q(goal.survivor_words)}.",
                        domain=domain,
                        goal_key=goal.key,
                        after=goal.survivor_words,
                    )
                )
                changes.extend(_action_changes(domain, goal.key, None, goal))
                continue
            if previous.domain != goal.domain:
                was = DOMAIN_WORDS[RecoveryDomain(previous.domain)]
                changes.append(
                    ChangeDTO(
                        kind=PlanChangeKind.GOAL_MOVED,
                        text=f"Goal {_q(goal.survivor_words)} moved from {was} to {words}.",
                        domain=domain,
                        goal_key=goal.key,
                        before=was,
                        after=words,
                    )
                )
            if previous.survivor_words != goal.survivor_words:
                changes.append(
                    ChangeDTO(
                        kind=PlanChangeKind.GOAL_CHANGED,
                        text=_sentence(
                            f"{words}: goal {_q(previous.survivor_words)} now reads "
                            f"{_q(goal.survivor_words)}"
                        ),
                        domain=domain,
                        goal_key=goal.key,
                        before=previous.survivor_words,
                        after=goal.survivor_words,
                    )
                )
            if previous.review_date != goal.review_date:
                if goal.review_date is None:
                    detail = "no longer has a review date"
                elif previous.review_date is None:
                    detail = f"is now reviewed on {format_date(goal.review_date)}"
                else:
                    detail = (
                        f"is now reviewed on {format_date(goal.review_date)} "
                        f"(was {format_date(previous.review_date)})"
                    )
                changes.append(
                    ChangeDTO(
                        kind=PlanChangeKind.GOAL_REVIEW_DATE_CHANGED,
                        text=f"{words}: goal {_q(goal.survivor_words)} {detail}.",
                        domain=domain,
                        goal_key=goal.key,
                        before=format_date(previous.review_date),
                        after=format_date(goal.review_date),
                    )
                )
            changes.extend(_action_changes(domain, goal.key, previous, goal))
    return changes
