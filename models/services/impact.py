"""The impact report and the programme activity records behind it.

The report reads what it needs with a handful of set-based queries into plain facts (no
per-case query: engagement history and assessments are loaded in bulk), then hands them to the
pure rules in ``models.rules.impact_metrics``. Each public function is one unit of work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select
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
    Assessment,
    Case,
    CourtCaseLink,
    CourtDefendant,
    CourtEvent,
    EngagementChange,
    FamilyMemberSupport,
    Operation,
    Repatriation,
    StrategicAdvice,
    TrainingSession,
)
from models.enums import (
    AssessmentKind,
    AuditAction,
    CaseKind,
    CourtEventKind,
    DefendantOutcome,
    OperationLocation,
    PoliceEngagement,
    TrainingAudience,
)
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules import activity_validation as rules
from models.rules import impact_metrics as metrics
from models.rules.countries import country_code
from models.rules.recovery_change import AssessmentTotals
from models.services import audit
from models.services.context import ServiceContext
from models.services.impact_tallies import case_tallies

STALE_MESSAGE = (
    "This record was changed after you opened it. Your change was not saved; reload it to see "
    "the current details, then make your change again."
)
GONE_MESSAGE = "That record no longer exists in this vault."
CASE_GONE_MESSAGE = "That case no longer exists in this vault."

Row = TypeVar("Row", bound=Base)


# --- The report ----------------------------------------------------------------------------------


FactT = TypeVar("FactT")


def _facts(
    session: Session,
    fact: type[FactT],
    entity: type[Base],
    *conditions: ColumnElement[bool],
    enums: dict[str, Callable[[Any], Any]] | None = None,
) -> tuple[FactT, ...]:
    """One fact per matching row: the entity's columns named like the fact's fields (a fact
    dataclass mirrors the columns the metrics need); ``enums`` turns stored text back into
    its StrEnum."""
    names = [field.name for field in fields(fact)]  # type: ignore[arg-type]
    converters = [(enums or {}).get(name) for name in names]
    statement = select(*(getattr(entity, name) for name in names)).where(*conditions)
    # Core, not ORM, execution, and positional construction (the columns are selected in the
    # fact's field order): tens of thousands of rows at organisation scale.
    rows = session.connection().execute(statement)
    if not any(converters):
        return tuple(fact(*row) for row in rows)
    return tuple(
        fact(
            *[
                value if convert is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            ]
        )
        for row in rows
    )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError([FieldProblem("period_end", "The period must end after it starts.")])


def _case_filter(period: metrics.Period) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Case.opened_on <= period.end,
        or_(Case.closed_on.is_(None), Case.closed_on >= period.start),
    ]
    if period.navigator is not None:
        where.append(Case.owner == period.navigator)
    if period.police_force is not None:
        where.append(Case.police_force == period.police_force)
    return where


def _activity_filter(
    navigator_col: Any, force_col: Any, period: metrics.Period
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if period.navigator is not None:
        where.append(navigator_col == period.navigator)
    if period.police_force is not None and force_col is not None:
        where.append(force_col == period.police_force)
    return where


_IDS_PER_QUERY = 500

_CASE_COLUMNS = (
    Case.id,
    Case.reference,
    Case.kind,
    Case.owner,
    Case.police_force,
    Case.opened_on,
    Case.closed_on,
)


def _case_fact(
    row: Any,
    history: tuple[tuple[date, PoliceEngagement], ...] = (),
    assessments: tuple[AssessmentTotals, ...] = (),
) -> metrics.CaseFact:
    """A case fact from a row of ``_CASE_COLUMNS``."""
    return metrics.CaseFact(
        id=row.id,
        reference=row.reference,
        kind=CaseKind(row.kind),
        owner=row.owner,
        police_force=row.police_force,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        engagement_history=history,
        assessments=assessments,
    )


def _load_assessments(
    session: Session, period: metrics.Period
) -> dict[int, tuple[AssessmentTotals, ...]]:
    """Every assessment dated up to the period's end of the support plan cases in the period,
    as its overall scores (kept by the database: migration 0009), in one query."""
    by_case: dict[int, list[AssessmentTotals]] = defaultdict(list)
    kinds = {kind.value: kind for kind in AssessmentKind}
    for (
        assessment_id,
        case_id,
        kind,
        assessed_on,
        survivor,
        navigator,
    ) in session.connection().execute(
        select(
            Assessment.id,
            Assessment.case_id,
            Assessment.kind,
            Assessment.assessed_on,
            Assessment.survivor_overall,
            Assessment.navigator_overall,
        )
        .join(Case, Case.id == Assessment.case_id)
        .where(
            Assessment.assessed_on <= period.end,
            *_case_filter(period),
            Case.kind == CaseKind.SUPPORT_PLAN,
        )
    ):
        by_case[case_id].append(
            AssessmentTotals(assessment_id, kinds[kind], assessed_on, survivor, navigator)
        )
    return {case_id: tuple(rows) for case_id, rows in by_case.items()}


def _load_facts(session: Session, period: metrics.Period) -> metrics.ImpactFacts:
    """Every fact the rules read, each counted case with its history: for the records
    behind a figure (the report itself counts cases in SQL: ``impact_tallies``)."""
    end = period.end
    case_rows = (
        session.connection().execute(select(*_CASE_COLUMNS).where(*_case_filter(period))).all()
    )
    history: dict[int, list[tuple[date, PoliceEngagement]]] = defaultdict(list)
    for case_id, on, engagement in session.connection().execute(
        select(EngagementChange.case_id, EngagementChange.effective_on, EngagementChange.engagement)
        .join(Case, Case.id == EngagementChange.case_id)
        .where(
            *_case_filter(period),
            Case.kind == CaseKind.SUPPORT_PLAN,
            EngagementChange.effective_on <= end,
        )
        .order_by(EngagementChange.id)
    ):
        history[case_id].append((on, PoliceEngagement(engagement)))
    assessments = _load_assessments(session, period)
    cases = {
        row.id: _case_fact(row, tuple(history.get(row.id, ())), assessments.get(row.id, ()))
        for row in case_rows
    }
    return _with_activity(session, period, cases)


def _with_activity(
    session: Session,
    period: metrics.Period,
    cases: dict[int, metrics.CaseFact],
    *,
    every_case_named: bool = True,
) -> metrics.ImpactFacts:
    """The programme activity in the period, joined to ``cases`` and to the cases its advice
    and repatriations belong to, loaded if missing. The figures need those only to filter on
    a police force (their records need them for references): ``every_case_named=False``
    skips them when no force is filtered on (22,000 cases at organisation scale)."""
    start, end = period.start, period.end

    operations = _facts(
        session,
        metrics.OperationFact,
        Operation,
        Operation.held_on.between(start, end),
        *_activity_filter(Operation.navigator, Operation.police_force, period),
        enums={"location_kind": OperationLocation},
    )
    training = _facts(
        session,
        metrics.TrainingFact,
        TrainingSession,
        TrainingSession.held_on.between(start, end),
        *_activity_filter(TrainingSession.navigator, TrainingSession.police_force, period),
        enums={"audience": TrainingAudience},
    )
    advice = _facts(
        session,
        metrics.AdviceFact,
        StrategicAdvice,
        StrategicAdvice.given_on.between(start, end),
        *_activity_filter(StrategicAdvice.navigator, None, period),
    )
    repatriations = _facts(
        session,
        metrics.RepatriationFact,
        Repatriation,
        Repatriation.repatriated_on.between(start, end),
        *_activity_filter(Repatriation.navigator, None, period),
    )
    family = tuple(
        # Positional: a Row's ``count`` is tuple.count, not the column.
        metrics.FamilyFact(id=r[0], case_id=r[1], supported_from=r[2], count=r[3])
        for r in session.connection().execute(
            select(
                FamilyMemberSupport.id,
                FamilyMemberSupport.case_id,
                FamilyMemberSupport.supported_from,
                FamilyMemberSupport.count,
            )
            .join(Case, Case.id == FamilyMemberSupport.case_id)
            .where(FamilyMemberSupport.supported_from <= end, *_case_filter(period))
        )
    )
    defendants = _load_convictions(session, period)

    # Advice and repatriations in the period may be on cases no longer open in it: their
    # reference and force are still needed (they are not counted as cases, being closed).
    missing = {a.case_id for a in advice} | {r.case_id for r in repatriations}
    missing -= set(cases)
    if not every_case_named and period.police_force is None:
        missing = set()
    ordered = sorted(missing)
    # In slices: SQLite limits the number of bound values in one statement.
    for first in range(0, len(ordered), _IDS_PER_QUERY):
        chunk = ordered[first : first + _IDS_PER_QUERY]
        for row in session.connection().execute(select(*_CASE_COLUMNS).where(Case.id.in_(chunk))):
            cases[row.id] = _case_fact(row)
    return metrics.ImpactFacts(
        cases=tuple(cases.values()),
        operations=operations,
        training=training,
        advice=advice,
        repatriations=repatriations,
        family=family,
        defendants=defendants,
        case_by_id=dict(cases),
    )


def _load_convictions(
    session: Session, period: metrics.Period
) -> tuple[metrics.ConvictionFact, ...]:
    convicted = (
        session.connection()
        .execute(
            select(
                CourtDefendant.id,
                CourtDefendant.court_case_id,
                CourtDefendant.label,
                CourtDefendant.sentence_months,
            ).where(CourtDefendant.outcome == DefendantOutcome.CONVICTED)
        )
        .all()
    )
    if not convicted:
        return ()
    court_ids = {row.court_case_id for row in convicted}
    events: dict[int, list[tuple[CourtEventKind, date | None]]] = defaultdict(list)
    for court_id, kind, actual_on in session.connection().execute(
        select(CourtEvent.court_case_id, CourtEvent.kind, CourtEvent.actual_on).where(
            CourtEvent.court_case_id.in_(court_ids),
            CourtEvent.kind.in_([CourtEventKind.VERDICT, CourtEventKind.SENTENCING]),
        )
    ):
        events[court_id].append((CourtEventKind(kind), actual_on))
    links: dict[int, list[int]] = defaultdict(list)
    for court_id, case_id in session.connection().execute(
        select(CourtCaseLink.court_case_id, CourtCaseLink.case_id)
        .join(Case, Case.id == CourtCaseLink.case_id)
        .where(CourtCaseLink.court_case_id.in_(court_ids), *_case_filter(period))
        .order_by(CourtCaseLink.id)
    ):
        links[court_id].append(case_id)
    return tuple(
        metrics.ConvictionFact(
            defendant_id=row.id,
            defendant_label=row.label,
            outcome=DefendantOutcome.CONVICTED,
            sentence_months=row.sentence_months,
            events=tuple(events.get(row.court_case_id, ())),
            case_ids=tuple(links.get(row.court_case_id, ())),
        )
        for row in convicted
    )


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
        facts = _with_activity(session, period, {}, every_case_named=False)
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
        facts = _load_facts(session, period)
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
