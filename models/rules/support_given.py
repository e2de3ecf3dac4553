"""Counting the support given to a survivor, for recovery summaries.

- **contacts**: contact log entries other than referrals;
- **referrals**: contact log entries of kind "referral";
- **goals in the plan**: distinct goals (by key) in any agreed version of the support plan;
- **goals met**: of those, goals whose latest agreed version had at least one action and every
  action finished, at least one of them done (a goal whose actions were all dropped was not
  met). A goal met and then left out of the next version still counts as met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.enums import ActionStatus, ContactKind
from models.rules.plan_terms import FINISHED_ACTIONS


@dataclass(frozen=True)
class GoalState:
    """One goal as one agreed plan version had it."""

    key: str
    version_number: int
    action_statuses: tuple[ActionStatus, ...]


def is_goal_met(action_statuses: Iterable[ActionStatus]) -> bool:
    statuses = tuple(action_statuses)
    return (
        bool(statuses)
        and all(status in FINISHED_ACTIONS for status in statuses)
        and ActionStatus.DONE in statuses
    )


def count_goals(states: Iterable[GoalState]) -> tuple[int, int]:
    """(goals met, goals in the plan), judging each goal by its latest agreed version."""
    latest: dict[str, GoalState] = {}
    for state in states:
        known = latest.get(state.key)
        if known is None or state.version_number > known.version_number:
            latest[state.key] = state
    met = sum(1 for state in latest.values() if is_goal_met(state.action_statuses))
    return met, len(latest)


def count_contacts(kinds: Iterable[ContactKind]) -> tuple[int, int]:
    """(contacts, referrals) from the kinds of a case's contact log entries."""
    contacts = referrals = 0
    for kind in kinds:
        if kind is ContactKind.REFERRAL:
            referrals += 1
        else:
            contacts += 1
    return contacts, referrals
