"""Loading a court case and turning it into its DTO, with what the timeline rules make of it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.dto import (
    CourtCaseDraft,
    CourtCaseDTO,
    CourtCaseLinkDTO,
    CourtEventDTO,
    DefendantDTO,
    EventScheduleDTO,
    SpecialMeasureDTO,
    SurvivorRoleDTO,
)
from models.entities import (
    Case,
    CourtCase,
    CourtCaseLink,
    CourtDefendant,
    CourtEvent,
    CourtSpecialMeasure,
)
from models.enums import CourtEventKind, DefendantOutcome, SpecialMeasure
from models.errors import NotFoundError
from models.rules import court_timeline as timeline

GONE_MESSAGE = "That court case no longer exists in this vault."
_MEASURE_ORDER = tuple(SpecialMeasure)

_LOAD = (
    selectinload(CourtCase.links).selectinload(CourtCaseLink.special_measures),
    selectinload(CourtCase.defendants).selectinload(CourtDefendant.charges),
    selectinload(CourtCase.events).selectinload(CourtEvent.schedules),
)


def load(session: Session, court_case_id: int) -> CourtCase:
    row = session.get(CourtCase, court_case_id, options=list(_LOAD))
    if row is None:
        raise NotFoundError(GONE_MESSAGE)
    return row


def load_many(session: Session, court_case_ids: Sequence[int]) -> list[CourtCase]:
    if not court_case_ids:
        return []
    return list(
        session.scalars(
            select(CourtCase)
            .where(CourtCase.id.in_(court_case_ids))
            .order_by(CourtCase.id)
            .options(*_LOAD)
        )
    )


def draft_of(row: CourtCase) -> CourtCaseDraft:
    return CourtCaseDraft(
        court_name=row.court_name,
        police_force=row.police_force,
        operation=row.operation,
        cps_reference=row.cps_reference,
    )


def _measure(row: CourtSpecialMeasure) -> SpecialMeasureDTO:
    return SpecialMeasureDTO(
        measure=SpecialMeasure(row.measure),
        requested_on=row.requested_on,
        granted=row.granted,
        decided_on=row.decided_on,
    )


def _link(row: CourtCaseLink, reference: str) -> CourtCaseLinkDTO:
    return CourtCaseLinkDTO(
        case_id=row.case_id,
        case_reference=reference,
        version=row.version,
        role=SurvivorRoleDTO(
            witness=row.witness,
            victim_personal_statement=row.victim_personal_statement,
            vps_on=row.vps_on,
        ),
        special_measures=tuple(
            sorted(
                (_measure(m) for m in row.special_measures),
                key=lambda m: _MEASURE_ORDER.index(m.measure),
            )
        ),
    )


def _defendant(row: CourtDefendant) -> DefendantDTO:
    return DefendantDTO(
        id=row.id,
        version=row.version,
        label=row.label,
        charges=tuple(charge.text for charge in row.charges),
        outcome=DefendantOutcome(row.outcome),
        sentence_months=row.sentence_months,
    )


def event_dto(row: CourtEvent) -> CourtEventDTO:
    """The event on its own (attempt 1); ``events`` numbers the attempts of a whole case."""
    schedules = tuple(
        EventScheduleDTO(
            id=s.id,
            scheduled_for=s.scheduled_for,
            recorded_at=s.recorded_at,
            recorded_by=s.recorded_by,
            reason=s.reason,
        )
        for s in sorted(row.schedules, key=lambda s: s.id)
    )
    return CourtEventDTO(
        id=row.id,
        court_case_id=row.court_case_id,
        version=row.version,
        kind=CourtEventKind(row.kind),
        scheduled_for=timeline.latest_schedule(schedules).scheduled_for,
        actual_on=row.actual_on,
        schedules=schedules,
    )


def events(row: CourtCase) -> list[CourtEventDTO]:
    """The case's events in timeline order, with their trial attempts."""
    return timeline.with_attempts(event_dto(e) for e in row.events)


def references(session: Session, rows: Sequence[CourtCase]) -> dict[int, str]:
    case_ids = {link.case_id for row in rows for link in row.links}
    if not case_ids:
        return {}
    rows_found = session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids)))
    return {case_id: reference for case_id, reference in rows_found}


def court_case_dto(row: CourtCase, refs: dict[int, str], today: date) -> CourtCaseDTO:
    numbered = events(row)
    defendants = tuple(_defendant(d) for d in row.defendants)
    return CourtCaseDTO(
        id=row.id,
        version=row.version,
        draft=draft_of(row),
        links=tuple(_link(link, refs.get(link.case_id, "")) for link in row.links),
        defendants=defendants,
        events=tuple(numbered),
        next_hearing=timeline.next_hearing(numbered, today),
        sentence_total_months=timeline.sentence_total_months(defendants),
        trial_attempts=tuple(timeline.trial_attempts(numbered)),
        timeline=tuple(timeline.timeline_entries(numbered)),
        recorded_by=row.recorded_by,
    )


def dto_of(session: Session, row: CourtCase, today: date) -> CourtCaseDTO:
    return court_case_dto(row, references(session, [row]), today)
