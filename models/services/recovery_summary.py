"""The recovery summary: what a case's assessments and support add up to, for a reader outside
the charity, and its PDF.

The summary never carries a note or a goal from an assessment (those are the survivor's words to
their navigator), nor any contact detail or the safe address. Police summaries
(models.services.police_export) narrow it further by the survivor's consent.

Building the PDF writes nothing; whoever hands it to a person records it with
:func:`record_printed` (``AuditAction.PRINT``, ``recovery_summary``, the case's ID).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.dto import (
    AssessmentDTO,
    DomainScoreDTO,
    IdentityDTO,
    RecoverySummaryDTO,
    RenderedDocumentDTO,
    SupportGivenDTO,
)
from models.entities import Case, ContactLogEntry, PlanAction, PlanGoal, PlanVersion
from models.enums import ActionStatus, AuditAction, CaseKind, ContactKind, PlanStatus
from models.errors import NotFoundError, WaypostError
from models.rules.case_reference import format_reference, parse_reference
from models.rules.plan_content import preferred_name
from models.rules.support_given import GoalState, count_contacts, count_goals
from models.services import audit, navigator_profile
from models.services.assessments import load_assessments
from models.services.context import ServiceContext

AUDIT_ENTITY = "recovery_summary"

# Agreed versions only: a draft's goals were never agreed with the survivor.
_AGREED = (PlanStatus.AGREED, PlanStatus.REVIEWED, PlanStatus.SUPERSEDED)


class NoRecoveryToSummarise(WaypostError):
    """No such case, a strategic advice case, or no assessment yet (the message says which)."""


def case_id_for(ctx: ServiceContext, case_reference: str) -> int:
    """The ID of the support plan case with this reference (for the command line)."""
    parsed = parse_reference(case_reference)
    if parsed is None:
        raise NoRecoveryToSummarise(
            "That is not a case reference. References look like WP-2026-0042 "
            "(see them with: waypost cases)."
        )
    reference = format_reference(*parsed)
    with ctx.store.read_session() as session:
        row = session.execute(
            select(Case.id, Case.kind).where(Case.reference == reference)
        ).one_or_none()
    if row is None:
        raise NoRecoveryToSummarise(f"There is no case {reference} in this vault.")
    if CaseKind(row.kind) is not CaseKind.SUPPORT_PLAN:
        raise NoRecoveryToSummarise(
            f"{reference} is a strategic advice case: it has no survivor and no recovery "
            "assessments."
        )
    return int(row.id)


def support_given(session: Session, case_id: int) -> SupportGivenDTO:
    kinds = session.scalars(select(ContactLogEntry.kind).where(ContactLogEntry.case_id == case_id))
    contacts, referrals = count_contacts(ContactKind(kind) for kind in kinds)
    rows = session.execute(
        select(PlanGoal.id, PlanGoal.key, PlanVersion.number, PlanAction.status)
        .join(PlanVersion, PlanVersion.id == PlanGoal.plan_version_id)
        .outerjoin(PlanAction, PlanAction.goal_id == PlanGoal.id)
        .where(PlanVersion.case_id == case_id, PlanVersion.status.in_(_AGREED))
    ).all()
    goals: dict[int, tuple[str, int, list[ActionStatus]]] = {}
    for goal_id, key, number, status in rows:
        entry = goals.setdefault(goal_id, (key, number, []))
        if status is not None:
            entry[2].append(ActionStatus(status))
    met, total = count_goals(
        GoalState(key, number, tuple(statuses)) for key, number, statuses in goals.values()
    )
    return SupportGivenDTO(
        contacts=contacts, referrals=referrals, goals_met=met, goals_in_plan=total
    )


def without_private_words(assessment: AssessmentDTO) -> AssessmentDTO:
    """The assessment with its notes and goals removed: summaries show scores only."""
    return replace(
        assessment,
        scores=tuple(
            DomainScoreDTO(
                domain=entry.domain,
                survivor_score=entry.survivor_score,
                navigator_score=entry.navigator_score,
            )
            for entry in assessment.scores
        ),
    )


def full_summary(ctx: ServiceContext, session: Session, case: Case) -> RecoverySummaryDTO:
    """Everything a summary could show, before any narrowing (identity included)."""
    if case.kind != CaseKind.SUPPORT_PLAN or case.person is None:
        raise NoRecoveryToSummarise(
            f"{case.reference} is a strategic advice case: it has no survivor and no recovery "
            "assessments."
        )
    person = case.person
    profile = navigator_profile.get_profile(ctx)
    assessments = tuple(without_private_words(a) for a in load_assessments(session, case.id))
    return RecoverySummaryDTO(
        case_reference=case.reference,
        prepared_on=ctx.today(),
        prepared_by=profile.display_name or ctx.user,
        organisation=profile.organisation,
        opened_on=case.opened_on,
        identity=IdentityDTO(
            name=" ".join(p for p in (person.given_names, person.family_name) if p).strip()
            or preferred_name(person.known_as, person.given_names, person.family_name),
            known_as=person.known_as,
        ),
        assessments=assessments,
        show_trends=True,
        support=support_given(session, case.id),
    )


def recovery_summary(ctx: ServiceContext, case_id: int) -> RecoverySummaryDTO:
    """The printed recovery summary: the survivor's name, scores, trends and support given.

    Raises NoRecoveryToSummarise when there is nothing to summarise yet.
    """
    with ctx.store.read_session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("That case no longer exists in this vault.")
        summary = full_summary(ctx, session, case)
    if not summary.assessments:
        raise NoRecoveryToSummarise(
            f"{summary.case_reference} has no recovery assessment yet. Record the intake "
            "assessment in the case's Recovery tab first."
        )
    return summary


def prepare_recovery_summary(ctx: ServiceContext, case_id: int) -> RenderedDocumentDTO:
    from models.reports.recovery_summary import (  # reportlab: imported on first use
        build_recovery_summary,
        recovery_summary_file_name,
    )

    summary = recovery_summary(ctx, case_id)
    return RenderedDocumentDTO(
        case_id=case_id,
        case_reference=summary.case_reference,
        file_name=recovery_summary_file_name(summary.case_reference),
        pdf=build_recovery_summary(summary),
    )


def record_printed(ctx: ServiceContext, case_id: int) -> None:
    """Record that a case's recovery summary was printed or saved (``AuditAction.PRINT``)."""
    with ctx.store.session() as session:
        if session.get(Case, case_id) is None:
            raise NotFoundError("That case no longer exists in this vault.")
        audit.append(session, AuditAction.PRINT, ctx.user, AUDIT_ENTITY, case_id)
