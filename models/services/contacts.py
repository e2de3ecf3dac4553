"""The contact log of a case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import ContactDraft, ContactEntryDTO
from models.entities import Case, ContactLogEntry
from models.enums import AuditAction, ContactKind
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.rules.validation import validate_contact
from models.services import audit
from models.services.cases import reindex_case
from models.services.context import ServiceContext

STALE_CONTACT_MESSAGE = (
    "This contact note was changed after you opened it. Your edit was not saved; reload the "
    "contact log and make your change again."
)


def _dto(entry: ContactLogEntry) -> ContactEntryDTO:
    return ContactEntryDTO(
        id=entry.id,
        case_id=entry.case_id,
        occurred_on=entry.occurred_on,
        kind=ContactKind(entry.kind),
        note=entry.note,
        author=entry.author,
        version=entry.version,
    )


def list_contacts(ctx: ServiceContext, case_id: int) -> list[ContactEntryDTO]:
    """Newest first, as a navigator reads a log."""
    with ctx.store.read_session() as session:
        entries = session.scalars(
            select(ContactLogEntry)
            .where(ContactLogEntry.case_id == case_id)
            .order_by(ContactLogEntry.occurred_on.desc(), ContactLogEntry.id.desc())
        )
        return [_dto(e) for e in entries]


def add_contact(ctx: ServiceContext, case_id: int, draft: ContactDraft) -> ContactEntryDTO:
    problems = validate_contact(draft, ctx.today())
    if problems:
        raise ValidationError(problems)
    with ctx.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("That case no longer exists in this vault.")
        entry = ContactLogEntry(
            case_id=case_id,
            occurred_on=draft.occurred_on,
            kind=draft.kind,
            note=draft.note.strip(),
            author=ctx.user,
        )
        session.add(entry)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, "contact", entry.id)
        reindex_case(session, case)
        return _dto(entry)


def update_contact(
    ctx: ServiceContext, entry_id: int, expected_version: int, draft: ContactDraft
) -> ContactEntryDTO:
    problems = validate_contact(draft, ctx.today())
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            entry = session.get(ContactLogEntry, entry_id)
            if entry is None:
                raise NotFoundError("That contact note no longer exists.")
            if entry.version != expected_version:
                raise StaleEditError(STALE_CONTACT_MESSAGE)
            entry.occurred_on = draft.occurred_on
            entry.kind = draft.kind
            entry.note = draft.note.strip()
            entry.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, "contact", entry.id)
            case = session.get(Case, entry.case_id)
            if case is not None:
                reindex_case(session, case)
            return _dto(entry)
    except StaleDataError as exc:
        raise StaleEditError(STALE_CONTACT_MESSAGE) from exc
