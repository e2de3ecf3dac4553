"""What changed between support plan versions, in plain words. Change texts quote the plan
(the navigator reads them on screen): never log them."""

from __future__ import annotations

from models.dto import ChangeDTO, PlanActionDTO, PlanDraftDTO, PlanGoalDTO
from models.enums import ActionStatus, PlanChangeKind, RecoveryDomain
from models.rules.plan_terms import ACTION_STATUS_WORDS, DOMAIN_ORDER, DOMAIN_WORDS
from models.rules.plan_text import _q, _sentence, format_date


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
                    text=_sentence(f"{words}: action removed: {_q(action.what)}"),
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
                    text=_sentence(f"{words}: new action {_action_summary(action)}"),
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
                        text=_sentence(f"{words}: goal removed: {_q(goal.survivor_words)}"),
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
                        text=_sentence(f"{words}: new goal {_q(goal.survivor_words)}"),
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
