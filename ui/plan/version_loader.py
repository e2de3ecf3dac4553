"""Read any version of a plan in full, to show an older one read-only.

``Services.support_plan`` returns only the current version in full. Until the services offer a
``plan_version(version_id)``, an older version is read through ``plan_for_print`` (which is not
audited and carries every word the plan shows), and shown read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.dto import (
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PlanVersionDTO,
    PlanVersionSummary,
)

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["load_version"]


def load_version(services: Services, case_id: int, summary: PlanVersionSummary) -> PlanVersionDTO:
    """Runs on the database worker."""
    direct = getattr(services, "plan_version", None)
    if callable(direct):
        result = direct(summary.id)
        if isinstance(result, PlanVersionDTO):
            return result
    printable = services.plan_for_print(summary.id)
    content = PlanDraftDTO(
        language=printable.language,
        interpreter_language=printable.interpreter_language,
        interpreter_name_or_agency=printable.interpreter_name_or_agency,
        survivor_priorities=printable.survivor_priorities,
        safety_plan=printable.safety_plan,
        goals=tuple(
            PlanGoalDTO(
                domain=domain.domain,
                survivor_words=goal.survivor_words,
                review_date=goal.review_date,
                actions=tuple(
                    PlanActionDTO(what=a.what, who=a.who, by_when=a.by_when, status=a.status)
                    for a in goal.actions
                ),
            )
            for domain in printable.domains
            for goal in domain.goals
        ),
    )
    return PlanVersionDTO(
        id=summary.id,
        case_id=case_id,
        number=summary.number,
        status=summary.status,
        version=summary.version,
        content=content,
        agreed_on=summary.agreed_on,
        agreed_by_survivor=summary.agreed_on is not None,
        agreed_by_navigator=printable.agreed_by_navigator,
        reviewed_on=summary.reviewed_on,
        based_on_id=None,  # not known here; the changes panel asks the services by ID anyway
        created_by="",
        created_at=summary.updated_at,
        updated_at=summary.updated_at,
    )
