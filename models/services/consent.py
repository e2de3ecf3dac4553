"""A survivor's consent to share, one record per recipient kind."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import ConsentDTO
from models.entities import Consent, Person
from models.enums import AuditAction, ConsentRecipient, ConsentScope, ConsentState
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.rules.validation import validate_consent
from models.services import audit
from models.services.context import ServiceContext

STALE_CONSENT_MESSAGE = (
    "This consent record was changed after you opened it. Your change was not saved; reload "
    "the case to see the current consent, then record the change again."
)


def _dto(row: Consent) -> ConsentDTO:
    return ConsentDTO(
        recipient=ConsentRecipient(row.recipient),
        state=ConsentState(row.state),
        given_on=row.given_on,
        withdrawn_on=row.withdrawn_on,
        scope=frozenset(ConsentScope(s) for s in row.scope),
        version=row.version,
    )


def list_consents(ctx: ServiceContext, person_id: int) -> list[ConsentDTO]:
    """One entry per recipient kind, including those never asked (version None)."""
    with ctx.store.read_session() as session:
        rows = {
            ConsentRecipient(r.recipient): r
            for r in session.scalars(select(Consent).where(Consent.person_id == person_id))
        }
        return [
            _dto(rows[recipient])
            if recipient in rows
            else ConsentDTO(recipient=recipient, state=ConsentState.NOT_ASKED)
            for recipient in ConsentRecipient
        ]


def record_consent(ctx: ServiceContext, person_id: int, consent: ConsentDTO) -> ConsentDTO:
    """Create or update the record for ``consent.recipient``; ``consent.version`` is the
    version the user saw (None if there was no record), so a stale change is refused."""
    problems = validate_consent(consent, ctx.today())
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            if session.get(Person, person_id) is None:
                raise NotFoundError("That survivor no longer exists in this vault.")
            row = session.scalar(
                select(Consent).where(
                    Consent.person_id == person_id, Consent.recipient == consent.recipient
                )
            )
            seen_version = row.version if row is not None else None
            if seen_version != consent.version:
                raise StaleEditError(STALE_CONSENT_MESSAGE)
            action = AuditAction.EDIT
            if row is None:
                row = Consent(
                    person_id=person_id, recipient=consent.recipient, recorded_by=ctx.user
                )
                session.add(row)
                action = AuditAction.CREATE
            row.state = consent.state
            row.given_on = consent.given_on
            row.withdrawn_on = consent.withdrawn_on
            row.scope = sorted(consent.scope)
            row.recorded_by = ctx.user
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, action, ctx.user, "consent", row.id)
            return _dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_CONSENT_MESSAGE) from exc
