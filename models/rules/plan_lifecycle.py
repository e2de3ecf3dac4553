"""Support plan lifecycle: only drafts are edited; agreeing supersedes the plan in force."""

from __future__ import annotations

from collections.abc import Mapping

from models.enums import PlanStatus
from models.errors import WaypostError
from models.rules.plan_terms import IN_FORCE


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
