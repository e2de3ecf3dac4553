"""Create, open and edit cases. Each public function is one unit of work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from models import search_index
from models.base import utc_now
from models.dto import CaseDetail, CaseEdit, NewCase
from models.entities import (
    Case,
    CaseStatusChange,
    ContactLogEntry,
    EngagementChange,
    Person,
    ReferenceCounter,
)
from models.enums import AuditAction
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.rules.case_reference import format_reference
from models.rules.validation import validate_case
from models.services import audit
from models.services.context import ServiceContext
from models.services.mapping import (
    apply_case_fields,
    apply_person_fields,
    case_detail,
    case_fields,
    person_fields,
)

STALE_MESSAGE = (
    "This case was changed after you opened it (in another window, or by an action that "
    "finished meanwhile). Your edit was not saved, so nothing was overwritten. Reload the case "
    "to see the latest version, then make your change again."
)


def allocate_reference(session: Session, year: int) -> str:
    counter = session.get(ReferenceCounter, year)
    if counter is None:
        counter = ReferenceCounter(year=year, last_number=0)
        session.add(counter)
    counter.last_number += 1
    return format_reference(year, counter.last_number)


def create_case(ctx: ServiceContext, new: NewCase) -> CaseDetail:
    today = ctx.today()
    problems = validate_case(new.fields, new.person, today)
    if problems:
        raise ValidationError(problems)
    with ctx.store.session() as session:
        reference = allocate_reference(session, new.fields.opened_on.year)
        person: Person | None = None
        if new.person is not None:
            person = Person(reference=reference)
            apply_person_fields(person, new.person)
            session.add(person)
        case = Case(reference=reference, owner=ctx.user, person=person)
        apply_case_fields(case, new.fields)
        case.status = new.fields.status
        case.police_engagement = new.fields.police_engagement
        case.status_history = [
            CaseStatusChange(
                status=new.fields.status, effective_on=new.fields.opened_on, recorded_by=ctx.user
            )
        ]
        case.engagement_history = [
            EngagementChange(
                engagement=new.fields.police_engagement,
                effective_on=new.fields.opened_on,
                recorded_by=ctx.user,
            )
        ]
        session.add(case)
        session.flush()
        if person is not None:
            audit.append(session, AuditAction.CREATE, ctx.user, "person", person.id)
        audit.append(session, AuditAction.CREATE, ctx.user, "case", case.id)
        reindex_case(session, case)
        return case_detail(case)


def open_case(ctx: ServiceContext, case_id: int) -> CaseDetail:
    """Load a case for its workspace, recording the view in the audit log."""
    with ctx.store.session() as session:
        case = _load(session, case_id)
        audit.append(session, AuditAction.VIEW, ctx.user, "case", case.id)
        return case_detail(case)


def get_case(ctx: ServiceContext, case_id: int) -> CaseDetail:
    """Read a case that is already open (to refresh it), without recording another view."""
    with ctx.store.read_session() as session:
        return case_detail(_load(session, case_id))


def update_case(ctx: ServiceContext, edit: CaseEdit) -> CaseDetail:
    """Apply an edit made against the versions the user saw; refuse it if either moved on."""
    today = ctx.today()
    problems = validate_case(edit.fields, edit.person, today)
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            case = _load(session, edit.case_id)
            if case.version != edit.case_version:
                raise StaleEditError(STALE_MESSAGE)
            person = case.person
            if person is not None:
                if edit.person is None or edit.person_version != person.version:
                    raise StaleEditError(STALE_MESSAGE)
            elif edit.person is not None:
                raise StaleEditError(STALE_MESSAGE)

            before_case = case_fields(case)
            before_person = person_fields(person) if person is not None else None
            if edit.fields == before_case and edit.person == before_person:
                return case_detail(case)

            change_date = edit.change_date or today
            if case.status != edit.fields.status:
                case.status = edit.fields.status
                case.status_history.append(
                    CaseStatusChange(
                        status=edit.fields.status, effective_on=change_date, recorded_by=ctx.user
                    )
                )
            if case.police_engagement != edit.fields.police_engagement:
                case.police_engagement = edit.fields.police_engagement
                case.engagement_history.append(
                    EngagementChange(
                        engagement=edit.fields.police_engagement,
                        effective_on=change_date,
                        recorded_by=ctx.user,
                    )
                )
            apply_case_fields(case, edit.fields)
            if person is not None and edit.person is not None and edit.person != before_person:
                apply_person_fields(person, edit.person)
                # Set explicitly so the version moves even when only child rows changed.
                person.updated_at = utc_now()
                session.flush()
                audit.append(session, AuditAction.EDIT, ctx.user, "person", person.id)
            # The case's version moves on any edit of the case or its survivor, so that another
            # window still holding the old version is refused.
            case.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, "case", case.id)
            reindex_case(session, case)
            return case_detail(case)
    except StaleDataError as exc:
        raise StaleEditError(STALE_MESSAGE) from exc


def _load(session: Session, case_id: int) -> Case:
    case = session.execute(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.person).selectinload(Person.languages),
            selectinload(Case.person).selectinload(Person.dependants),
            selectinload(Case.exploitation),
            selectinload(Case.status_history),
            selectinload(Case.engagement_history),
        )
    ).scalar_one_or_none()
    if case is None:
        raise NotFoundError("That case no longer exists in this vault.")
    return case


def reindex_case(session: Session, case: Case) -> None:
    """Refresh the search row for a case: references, names and contact notes."""
    notes = session.scalars(
        select(ContactLogEntry.note).where(ContactLogEntry.case_id == case.id)
    ).all()
    references = [case.reference, case.operation_name, case.crime_reference]
    names = [case.title]
    if case.person is not None:
        p = case.person
        references.append(p.reference)
        names.extend([p.given_names, p.family_name, p.known_as])
    search_index.index_case(
        session, case.id, *search_index.case_search_text(references, names, notes)
    )
