"""Support plan content: defaults, goal order, and the stored (normalised) form of a draft."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from models.dto import LanguageDTO, PlanActionDTO, PlanDraftDTO, PlanGoalDTO, new_plan_key
from models.enums import ActionStatus, RecoveryDomain
from models.rules.plan_terms import _LANGUAGE_TAG, DOMAIN_ORDER, MAX_LANGUAGE_TAG


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
