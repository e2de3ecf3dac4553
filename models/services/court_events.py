"""A court case's events: adding one, moving it (a new schedule row, never an overwrite), and
recording the day it happened.

Audit entries name the event's ID only (entity type ``court_event``), never a reason.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import CourtEventDTO
from models.entities import CourtEvent, EventSchedule
from models.enums import AuditAction, CourtEventKind
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.rules.court_validation import validate_actual, validate_event, validate_reschedule
from models.services import audit
from models.services import court_mapping as mapping
from models.services.context import ServiceContext

AUDIT_ENTITY = "court_event"

STALE_EVENT_MESSAGE = (
    "This court date was changed after you opened it. Your change was not saved; reload the "
    "court case to see the current dates, then make your change again."
)


def _numbered(session: Session, row: CourtEvent) -> CourtEventDTO:
    """The event as its court case numbers it (trial attempts count across the case)."""
    court_case = mapping.load(session, row.court_case_id)
    return next(e for e in mapping.events(court_case) if e.id == row.id)


def add_court_event(
    ctx: ServiceContext,
    court_case_id: int,
    kind: CourtEventKind,
    scheduled_for: date,
    reason: str = "",
    actual_on: date | None = None,
) -> CourtEventDTO:
    """Add an event listed for ``scheduled_for`` (``reason``: why it was listed; an
    adjournment needs one). ``actual_on`` records at once an event that already happened."""
    problems = validate_event(kind, reason, actual_on, ctx.today())
    if problems:
        raise ValidationError(problems)
    with ctx.store.session() as session:
        court_case = mapping.load(session, court_case_id)
        row = CourtEvent(kind=kind, actual_on=actual_on)
        row.schedules = [
            EventSchedule(scheduled_for=scheduled_for, reason=reason.strip(), recorded_by=ctx.user)
        ]
        court_case.events.append(row)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, AUDIT_ENTITY, row.id)
        return _numbered(session, row)


def _event(session: Session, event_id: int, expected_version: int) -> CourtEvent:
    row = session.get(CourtEvent, event_id, options=[selectinload(CourtEvent.schedules)])
    if row is None:
        raise NotFoundError("That court date no longer exists in this vault.")
    if row.version != expected_version:
        raise StaleEditError(STALE_EVENT_MESSAGE)
    return row


def reschedule_event(
    ctx: ServiceContext, event_id: int, expected_version: int, new_date: date, reason: str
) -> CourtEventDTO:
    """Move an event that has not happened to ``new_date``, keeping every earlier date."""
    try:
        with ctx.store.session() as session:
            row = _event(session, event_id, expected_version)
            current = mapping.event_dto(row).scheduled_for
            problems = validate_reschedule(current, new_date, reason, row.actual_on is not None)
            if problems:
                raise ValidationError(problems)
            row.schedules.append(
                EventSchedule(scheduled_for=new_date, reason=reason.strip(), recorded_by=ctx.user)
            )
            # The event's version guards its schedule: a second reschedule from the same copy
            # is refused.
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return _numbered(session, row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_EVENT_MESSAGE) from exc


def record_event_outcome(
    ctx: ServiceContext, event_id: int, expected_version: int, actual_on: date | None
) -> CourtEventDTO:
    """Record the day the event happened (None: it has not, after all)."""
    problems = validate_actual(actual_on, ctx.today())
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            row = _event(session, event_id, expected_version)
            row.actual_on = actual_on
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return _numbered(session, row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_EVENT_MESSAGE) from exc
