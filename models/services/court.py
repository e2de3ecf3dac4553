"""Court cases: reading a case's court cases, creating and changing one, the cases linked to it,
each survivor's role and special measures, and the hearings the Agenda shows.

Audit entries name the court case's ID only (entity type ``court_case``): never a defendant's
label, a charge or a reason. Defendants are in ``court_defendants``, events in ``court_events``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import (
    AgendaItemDTO,
    CourtCaseDraft,
    CourtCaseDTO,
    SpecialMeasureDTO,
    SurvivorRoleDTO,
)
from models.entities import (
    Case,
    CourtCase,
    CourtCaseLink,
    CourtEvent,
    CourtSpecialMeasure,
    EventSchedule,
)
from models.enums import AgendaKind, AuditAction, CaseStatus, CourtEventKind
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules import court_timeline as timeline
from models.rules.court_validation import (
    validate_court_case,
    validate_role,
    validate_special_measure,
)
from models.services import audit
from models.services import court_mapping as mapping
from models.services.context import ServiceContext

AUDIT_ENTITY = "court_case"

STALE_COURT_MESSAGE = (
    "This court case was changed after you opened it. Your change was not saved; reload it to "
    "see the current details, then make your change again."
)
_CASE_GONE = "That case no longer exists in this vault."
_NOT_LINKED = "That case is not linked to this court case."
HEARING_WORDS = {
    CourtEventKind.FIRST_APPEARANCE: "First appearance",
    CourtEventKind.PTPH: "Plea and trial preparation hearing",
    CourtEventKind.TRIAL_START: "Trial starts",
    CourtEventKind.RETRIAL_LISTED: "Retrial starts",
    CourtEventKind.VERDICT: "Verdict",
    CourtEventKind.SENTENCING: "Sentencing",
}


def court_cases(ctx: ServiceContext, case_id: int) -> list[CourtCaseDTO]:
    """The court cases a case is linked to, oldest first."""
    with ctx.store.read_session() as session:
        if session.get(Case, case_id) is None:
            raise NotFoundError(_CASE_GONE)
        ids = session.scalars(
            select(CourtCaseLink.court_case_id).where(CourtCaseLink.case_id == case_id)
        ).all()
        rows = mapping.load_many(session, ids)
        refs = mapping.references(session, rows)
        return [mapping.court_case_dto(row, refs, ctx.today()) for row in rows]


def get_court_case(ctx: ServiceContext, court_case_id: int) -> CourtCaseDTO:
    with ctx.store.read_session() as session:
        return mapping.dto_of(session, mapping.load(session, court_case_id), ctx.today())


def _clean(draft: CourtCaseDraft) -> CourtCaseDraft:
    problems = validate_court_case(draft)
    if problems:
        raise ValidationError(problems)
    return CourtCaseDraft(*(" ".join(value.split()) for value in _values(draft)))


def _values(draft: CourtCaseDraft) -> tuple[str, str, str, str]:
    return (draft.court_name, draft.police_force, draft.operation, draft.cps_reference)


def _write(row: CourtCase, draft: CourtCaseDraft) -> None:
    row.court_name, row.police_force, row.operation, row.cps_reference = _values(draft)


def _check_cases(session: Session, case_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(case_ids))
    if not wanted:
        raise ValidationError(
            [FieldProblem("case_ids", "Link the court case to at least one case.")]
        )
    found = set(session.scalars(select(Case.id).where(Case.id.in_(wanted))))
    if len(found) != len(wanted):
        raise NotFoundError(_CASE_GONE)
    return wanted


def create_court_case(
    ctx: ServiceContext, draft: CourtCaseDraft, case_ids: Sequence[int]
) -> CourtCaseDTO:
    clean = _clean(draft)
    with ctx.store.session() as session:
        row = CourtCase(recorded_by=ctx.user)
        _write(row, clean)
        row.links = [CourtCaseLink(case_id=i) for i in _check_cases(session, case_ids)]
        session.add(row)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, AUDIT_ENTITY, row.id)
        return mapping.dto_of(session, row, ctx.today())


def update_court_case(
    ctx: ServiceContext,
    court_case_id: int,
    expected_version: int,
    draft: CourtCaseDraft,
    case_ids: Sequence[int] | None = None,
) -> CourtCaseDTO:
    """Change the details and, when ``case_ids`` is given, the cases linked (a case unlinked
    loses its role and special measures in this court case)."""
    clean = _clean(draft)
    try:
        with ctx.store.session() as session:
            row = mapping.load(session, court_case_id)
            if row.version != expected_version:
                raise StaleEditError(STALE_COURT_MESSAGE)
            _write(row, clean)
            if case_ids is not None:
                wanted = _check_cases(session, case_ids)
                row.links = [link for link in row.links if link.case_id in wanted]
                linked = {link.case_id for link in row.links}
                row.links += [CourtCaseLink(case_id=i) for i in wanted if i not in linked]
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return mapping.dto_of(session, row, ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_COURT_MESSAGE) from exc


def _link(row: CourtCase, case_id: int, expected_version: int) -> CourtCaseLink:
    for link in row.links:
        if link.case_id == case_id:
            if link.version != expected_version:
                raise StaleEditError(STALE_COURT_MESSAGE)
            return link
    raise NotFoundError(_NOT_LINKED)


def set_survivor_role(
    ctx: ServiceContext,
    court_case_id: int,
    case_id: int,
    expected_version: int,
    role: SurvivorRoleDTO,
) -> CourtCaseDTO:
    """The survivor's part: witness or not, and their victim personal statement.
    ``expected_version`` is the link's (CourtCaseLinkDTO.version)."""
    problems = validate_role(role, ctx.today())
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            row = mapping.load(session, court_case_id)
            link = _link(row, case_id, expected_version)
            link.witness = role.witness
            link.victim_personal_statement = role.victim_personal_statement
            link.vps_on = role.vps_on
            link.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return mapping.dto_of(session, row, ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_COURT_MESSAGE) from exc


def set_special_measure(
    ctx: ServiceContext,
    court_case_id: int,
    case_id: int,
    expected_version: int,
    measure: SpecialMeasureDTO,
) -> CourtCaseDTO:
    """Record a special measure asked for on the survivor's behalf, or the court's decision on
    it (one row per measure, replaced). ``expected_version`` is the link's."""
    problems = validate_special_measure(measure, ctx.today())
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            row = mapping.load(session, court_case_id)
            link = _link(row, case_id, expected_version)
            target = next((m for m in link.special_measures if m.measure == measure.measure), None)
            if target is None:
                target = CourtSpecialMeasure(measure=measure.measure)
                link.special_measures.append(target)
            target.requested_on = measure.requested_on
            target.granted = measure.granted
            target.decided_on = measure.decided_on
            # The link's version guards its measures too.
            link.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return mapping.dto_of(session, row, ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_COURT_MESSAGE) from exc


def hearing_label(kind: CourtEventKind, court_name: str) -> str:
    """What the Agenda says: the hearing and the court. Never a defendant's label."""
    words = HEARING_WORDS[kind]
    return f"{words}: {court_name}" if court_name else words


def agenda_items(ctx: ServiceContext, horizon: date) -> list[AgendaItemDTO]:
    """Hearings on or before ``horizon`` that have not been recorded as happened, one item per
    linked case that is not closed; past ones stay until what happened is recorded."""
    latest = (
        select(EventSchedule.event_id, func.max(EventSchedule.id).label("schedule_id"))
        .group_by(EventSchedule.event_id)
        .subquery()
    )
    candidates = (
        select(CourtEvent.court_case_id)
        .join(latest, latest.c.event_id == CourtEvent.id)
        .join(EventSchedule, EventSchedule.id == latest.c.schedule_id)
        .where(
            CourtEvent.actual_on.is_(None),
            CourtEvent.kind.in_(tuple(timeline.HEARING_KINDS)),
            EventSchedule.scheduled_for <= horizon,
        )
    )
    with ctx.store.read_session() as session:
        links = session.execute(
            select(CourtCaseLink.court_case_id, Case.id, Case.reference)
            .join(Case, Case.id == CourtCaseLink.case_id)
            .where(Case.status != CaseStatus.CLOSED, CourtCaseLink.court_case_id.in_(candidates))
            .order_by(CourtCaseLink.court_case_id, Case.id)
        ).all()
        rows = mapping.load_many(session, sorted({link[0] for link in links}))
        due = {
            row.id: (row.court_name, timeline.hearings_due(mapping.events(row), horizon))
            for row in rows
        }
    items = []
    for court_case_id, case_id, reference in links:
        court_name, hearings = due[court_case_id]
        items += [
            AgendaItemDTO(
                case_id=case_id,
                case_reference=reference,
                kind=AgendaKind.HEARING,
                due_on=event.scheduled_for,
                label=hearing_label(event.kind, court_name),
                court_case_id=court_case_id,
                court_event_id=event.id,
                event_kind=event.kind,
            )
            for event in hearings
        ]
    return items
