"""The impact report and the programme activity records behind it.

The report reads its facts in bulk (``impact_facts``) and counts cases in SQL
(``impact_tallies``), then hands them to the pure rules in ``models.rules.impact_metrics``.
Each public function is one unit of work.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.base import Base, utc_now
from models.dto import (
    FamilySupportDraft,
    FamilySupportDTO,
    ImpactRecordDTO,
    ImpactReportDTO,
    OperationDraft,
    OperationDTO,
    RepatriationDraft,
    RepatriationDTO,
    StrategicAdviceDraft,
    StrategicAdviceDTO,
    TrainingDraft,
    TrainingDTO,
)
from models.entities import (
    Case,
    FamilyMemberSupport,
    Operation,
    Repatriation,
    StrategicAdvice,
    TrainingSession,
)
from models.enums import (
    AuditAction,
    CaseKind,
    OperationLocation,
    TrainingAudience,
)
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules import activity_validation as rules
from models.rules import impact_metrics as metrics
from models.rules.countries import country_code
from models.services import audit
from models.services.context import ServiceContext
from models.services.impact_facts import activity_facts, load_facts
from models.services.impact_tallies import case_tallies

STALE_MESSAGE = (
    "This record was changed after you opened it. Your change was not saved; reload it to see "
    "the current details, then make your change again."
)
GONE_MESSAGE = "That record no longer exists in this vault."
CASE_GONE_MESSAGE = "That case no longer exists in this vault."

Row = TypeVar("Row", bound=Base)


# --- The report ----------------------------------------------------------------------------------


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError([FieldProblem("period_end", "The period must end after it starts.")])


def _period(
    start: date, end: date, navigator: str | None, police_force: str | None
) -> metrics.Period:
    _check_period(start, end)
    return metrics.Period(
        start=start,
        end=end,
        navigator=navigator or None,
        police_force=police_force or None,
    )


def impact_report(
    ctx: ServiceContext,
    start: date,
    end: date,
    navigator: str | None = None,
    police_force: str | None = None,
) -> ImpactReportDTO:
    """Every impact figure and breakdown for the period [start, end], both days included."""
    period = _period(start, end, navigator, police_force)
    with ctx.store.read_session() as session:
        facts = activity_facts(session, period, {}, every_case_named=False)
        # Family support and court cases are loaded for counted cases only (their queries
        # filter on the case), so the cases they name are the counted ones that matter.
        named = {f.case_id for f in facts.family} | {
            case_id for d in facts.defendants for case_id in d.case_ids
        }
        tallies = case_tallies(session, period, frozenset(named))
    return ImpactReportDTO(
        period_start=start,
        period_end=end,
        navigator=period.navigator,
        police_force=period.police_force,
        generated_on=ctx.today(),
        figures=metrics.figures(facts, period, tallies),
        breakdowns=metrics.breakdowns(facts, period, tallies),
    )


def impact_records(
    ctx: ServiceContext,
    key: str,
    start: date,
    end: date,
    navigator: str | None = None,
    police_force: str | None = None,
) -> list[ImpactRecordDTO]:
    """The records behind one figure (case references and short descriptions, no names)."""
    if key not in metrics.LABELS:
        raise NotFoundError("There is no such figure in the impact report.")
    period = _period(start, end, navigator, police_force)
    with ctx.store.read_session() as session:
        facts = load_facts(session, period)
    return metrics.records(facts, period, key)


# --- Activity records ----------------------------------------------------------------------------


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(problems)


def _row(
    session: Session,
    entity: type[Row],
    record_id: int | None,
    expected_version: int | None,
) -> tuple[Row, AuditAction]:
    if record_id is None:
        row = entity()
        session.add(row)
        return row, AuditAction.CREATE
    found = session.get(entity, record_id)
    if found is None:
        raise NotFoundError(GONE_MESSAGE)
    if getattr(found, "version", None) != expected_version:
        raise StaleEditError(STALE_MESSAGE)
    found.updated_at = utc_now()  # type: ignore[attr-defined]
    return found, AuditAction.EDIT


def _case_of_kind(session: Session, case_id: int, kind: CaseKind, field: str, message: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(CASE_GONE_MESSAGE)
    if case.kind != kind:
        raise ValidationError([FieldProblem(field, message)])
    return case


def operation_dto(row: Operation) -> OperationDTO:
    return OperationDTO(
        id=row.id,
        version=row.version,
        held_on=row.held_on,
        location_kind=OperationLocation(row.location_kind),
        lead_agency=row.lead_agency,
        potential_victims_identified=row.potential_victims_identified,
        arrests=row.arrests,
        police_force=row.police_force,
        navigator=row.navigator,
        notes=row.notes,
    )


def record_operation(
    ctx: ServiceContext,
    draft: OperationDraft,
    operation_id: int | None = None,
    expected_version: int | None = None,
) -> OperationDTO:
    """Record an operation the navigator supported (or change one opened at
    ``expected_version``)."""
    _raise(rules.validate_operation(draft, ctx.today()))
    try:
        with ctx.store.session() as session:
            row, action = _row(session, Operation, operation_id, expected_version)
            row.held_on = draft.held_on
            row.location_kind = draft.location_kind
            row.lead_agency = draft.lead_agency.strip()
            row.potential_victims_identified = draft.potential_victims_identified
            row.arrests = draft.arrests
            row.police_force = draft.police_force.strip()
            row.notes = draft.notes.strip()
            if action is AuditAction.CREATE:
                row.navigator = ctx.user
            session.flush()
            audit.append(session, action, ctx.user, "operation", row.id)
            return operation_dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_MESSAGE) from exc


def operations(ctx: ServiceContext, start: date, end: date) -> list[OperationDTO]:
    """Operations held from ``start`` to ``end`` inclusive, oldest first."""
    with ctx.store.read_session() as session:
        rows = session.scalars(
            select(Operation)
            .where(Operation.held_on.between(start, end))
            .order_by(Operation.held_on, Operation.id)
        )
        return [operation_dto(row) for row in rows]


def training_dto(row: TrainingSession) -> TrainingDTO:
    return TrainingDTO(
        id=row.id,
        version=row.version,
        held_on=row.held_on,
        audience=TrainingAudience(row.audience),
        number_trained=row.number_trained,
        number_reporting_improved_knowledge=row.number_reporting_improved_knowledge,
        organisation=row.organisation,
        police_force=row.police_force,
        navigator=row.navigator,
    )


def record_training(
    ctx: ServiceContext,
    draft: TrainingDraft,
    session_id: int | None = None,
    expected_version: int | None = None,
) -> TrainingDTO:
    _raise(rules.validate_training(draft, ctx.today()))
    try:
        with ctx.store.session() as session:
            row, action = _row(session, TrainingSession, session_id, expected_version)
            row.held_on = draft.held_on
            row.audience = draft.audience
            row.number_trained = draft.number_trained
            row.number_reporting_improved_knowledge = draft.number_reporting_improved_knowledge
            row.organisation = draft.organisation.strip()
            row.police_force = draft.police_force.strip()
            if action is AuditAction.CREATE:
                row.navigator = ctx.user
            session.flush()
            audit.append(session, action, ctx.user, "training_session", row.id)
            return training_dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_MESSAGE) from exc


def training_sessions(ctx: ServiceContext, start: date, end: date) -> list[TrainingDTO]:
    with ctx.store.read_session() as session:
        rows = session.scalars(
            select(TrainingSession)
            .where(TrainingSession.held_on.between(start, end))
            .order_by(TrainingSession.held_on, TrainingSession.id)
        )
        return [training_dto(row) for row in rows]


def advice_dto(row: StrategicAdvice) -> StrategicAdviceDTO:
    return StrategicAdviceDTO(
        id=row.id,
        version=row.version,
        case_id=row.case_id,
        given_on=row.given_on,
        summary=row.summary,
        arrests=row.arrests,
        navigator=row.navigator,
    )


def record_strategic_advice(
    ctx: ServiceContext,
    case_id: int,
    draft: StrategicAdviceDraft,
    advice_id: int | None = None,
    expected_version: int | None = None,
) -> StrategicAdviceDTO:
    """Record advice given on a strategic advice case (refused on a support plan case)."""
    _raise(rules.validate_strategic_advice(draft, ctx.today()))
    try:
        with ctx.store.session() as session:
            _case_of_kind(
                session,
                case_id,
                CaseKind.STRATEGIC_ADVICE,
                "case_id",
                "Strategic advice can only be recorded on a strategic advice case.",
            )
            row, action = _row(session, StrategicAdvice, advice_id, expected_version)
            if action is AuditAction.EDIT and row.case_id != case_id:
                raise NotFoundError(GONE_MESSAGE)
            row.case_id = case_id
            row.given_on = draft.given_on
            row.summary = draft.summary.strip()
            row.arrests = draft.arrests
            if action is AuditAction.CREATE:
                row.navigator = ctx.user
            session.flush()
            audit.append(session, action, ctx.user, "strategic_advice", row.id)
            return advice_dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_MESSAGE) from exc


def strategic_advice(ctx: ServiceContext, case_id: int) -> list[StrategicAdviceDTO]:
    with ctx.store.read_session() as session:
        rows = session.scalars(
            select(StrategicAdvice)
            .where(StrategicAdvice.case_id == case_id)
            .order_by(StrategicAdvice.given_on, StrategicAdvice.id)
        )
        return [advice_dto(row) for row in rows]


def repatriation_dto(row: Repatriation, reference: str) -> RepatriationDTO:
    return RepatriationDTO(
        id=row.id,
        version=row.version,
        case_id=row.case_id,
        case_reference=reference,
        repatriated_on=row.repatriated_on,
        country=row.country,
        partner_organisation=row.partner_organisation,
        navigator=row.navigator,
    )


def record_repatriation(
    ctx: ServiceContext,
    case_id: int,
    draft: RepatriationDraft,
    repatriation_id: int | None = None,
    expected_version: int | None = None,
) -> RepatriationDTO:
    """Record a survivor's repatriation (only on a support plan case)."""
    _raise(rules.validate_repatriation(draft, ctx.today()))
    code = country_code(draft.country) or ""
    try:
        with ctx.store.session() as session:
            case = _case_of_kind(
                session,
                case_id,
                CaseKind.SUPPORT_PLAN,
                "case_id",
                "A repatriation can only be recorded on a support plan case.",
            )
            row, action = _row(session, Repatriation, repatriation_id, expected_version)
            if action is AuditAction.EDIT and row.case_id != case_id:
                raise NotFoundError(GONE_MESSAGE)
            row.case_id = case_id
            row.repatriated_on = draft.repatriated_on
            row.country = code
            row.partner_organisation = draft.partner_organisation.strip()
            if action is AuditAction.CREATE:
                row.navigator = ctx.user
            session.flush()
            audit.append(session, action, ctx.user, "repatriation", row.id)
            return repatriation_dto(row, case.reference)
    except StaleDataError as exc:
        raise StaleEditError(STALE_MESSAGE) from exc


def repatriations(ctx: ServiceContext, start: date, end: date) -> list[RepatriationDTO]:
    with ctx.store.read_session() as session:
        rows = session.execute(
            select(Repatriation, Case.reference)
            .join(Case, Case.id == Repatriation.case_id)
            .where(Repatriation.repatriated_on.between(start, end))
            .order_by(Repatriation.repatriated_on, Repatriation.id)
        ).all()
        return [repatriation_dto(row, reference) for row, reference in rows]


def family_dto(row: FamilyMemberSupport) -> FamilySupportDTO:
    return FamilySupportDTO(
        id=row.id,
        version=row.version,
        case_id=row.case_id,
        supported_from=row.supported_from,
        count=row.count,
        relationship=row.relationship,
    )


def record_family_support(
    ctx: ServiceContext,
    case_id: int,
    draft: FamilySupportDraft,
    record_id: int | None = None,
    expected_version: int | None = None,
) -> FamilySupportDTO:
    """Record family members supported alongside a survivor (a count; only on a support
    plan case)."""
    _raise(rules.validate_family_support(draft, ctx.today()))
    try:
        with ctx.store.session() as session:
            _case_of_kind(
                session,
                case_id,
                CaseKind.SUPPORT_PLAN,
                "case_id",
                "Family support can only be recorded on a support plan case.",
            )
            row, action = _row(session, FamilyMemberSupport, record_id, expected_version)
            if action is AuditAction.EDIT and row.case_id != case_id:
                raise NotFoundError(GONE_MESSAGE)
            row.case_id = case_id
            row.supported_from = draft.supported_from
            row.count = draft.count
            row.relationship = draft.relationship.strip()
            session.flush()
            audit.append(session, action, ctx.user, "family_member_support", row.id)
            return family_dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_MESSAGE) from exc


def family_support(ctx: ServiceContext, case_id: int) -> list[FamilySupportDTO]:
    with ctx.store.read_session() as session:
        rows = session.scalars(
            select(FamilyMemberSupport)
            .where(FamilyMemberSupport.case_id == case_id)
            .order_by(FamilyMemberSupport.supported_from, FamilyMemberSupport.id)
        )
        return [family_dto(row) for row in rows]
