"""The facts the impact rules read, loaded with a handful of set-based queries.

No per-case query: engagement history and assessments are loaded in bulk, and the rows become
the plain fact dataclasses of ``models.rules.impact_metrics``. The report itself counts cases
in SQL (``impact_tallies``) and takes only the activity facts from here; the records behind a
figure take every fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from models.base import Base
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
    CaseKind,
    CourtEventKind,
    DefendantOutcome,
    OperationLocation,
    PoliceEngagement,
    TrainingAudience,
)
from models.rules import impact_metrics as metrics
from models.rules.recovery_change import AssessmentTotals

__all__ = ["activity_facts", "load_facts"]

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


def load_facts(session: Session, period: metrics.Period) -> metrics.ImpactFacts:
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
    return activity_facts(session, period, cases)


def activity_facts(
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
