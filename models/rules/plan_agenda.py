"""Support plan items for the Agenda: overdue actions and reviews due."""

from __future__ import annotations

from datetime import date

from models.dto import PlanActionDTO, PlanGoalDTO, PlanVersionDTO
from models.rules.plan_terms import FINISHED_ACTIONS, IN_FORCE


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
