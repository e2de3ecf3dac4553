"""A court case's defendants: labels (initials or a pseudonym), short charges, outcomes.

Audited as edits of the court case (entity type ``court_case``, its ID): a label or a charge
never reaches the audit log.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import CourtCaseDTO, DefendantDraft
from models.entities import CourtCase, CourtCharge, CourtDefendant
from models.enums import AuditAction, DefendantOutcome
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.rules.court_validation import clean_charges, validate_defendant, validate_outcome
from models.services import audit
from models.services import court_mapping as mapping
from models.services.context import ServiceContext
from models.services.court import AUDIT_ENTITY

STALE_DEFENDANT_MESSAGE = (
    "This defendant was changed after you opened the court case. Your change was not saved; "
    "reload it to see the current details, then make your change again."
)


def _check(
    session: Session, court_case_id: int, draft: DefendantDraft, editing: int | None
) -> CourtCase:
    row = mapping.load(session, court_case_id)
    others = [d.label for d in row.defendants if d.id != editing]
    problems = validate_defendant(draft, others)
    if problems:
        raise ValidationError(problems)
    return row


def _write(row: CourtDefendant, draft: DefendantDraft) -> None:
    row.label = " ".join(draft.label.split())
    charges = clean_charges(draft.charges)
    if [charge.text for charge in row.charges] != list(charges):
        row.charges = [CourtCharge(text=text) for text in charges]


def add_defendant(ctx: ServiceContext, court_case_id: int, draft: DefendantDraft) -> CourtCaseDTO:
    with ctx.store.session() as session:
        court_case = _check(session, court_case_id, draft, editing=None)
        defendant = CourtDefendant(charges=[])
        _write(defendant, draft)
        court_case.defendants.append(defendant)
        session.flush()
        audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, court_case_id)
        return mapping.dto_of(session, court_case, ctx.today())


def _defendant(session: Session, defendant_id: int, expected_version: int) -> CourtDefendant:
    row = session.get(CourtDefendant, defendant_id)
    if row is None:
        raise NotFoundError("That defendant is no longer in this court case.")
    if row.version != expected_version:
        raise StaleEditError(STALE_DEFENDANT_MESSAGE)
    return row


def update_defendant(
    ctx: ServiceContext, defendant_id: int, expected_version: int, draft: DefendantDraft
) -> CourtCaseDTO:
    """Correct a defendant's label or charges."""
    try:
        with ctx.store.session() as session:
            row = _defendant(session, defendant_id, expected_version)
            court_case = _check(session, row.court_case_id, draft, editing=row.id)
            _write(row, draft)
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, court_case.id)
            return mapping.dto_of(session, court_case, ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_DEFENDANT_MESSAGE) from exc


def set_defendant_outcome(
    ctx: ServiceContext,
    defendant_id: int,
    expected_version: int,
    outcome: DefendantOutcome,
    sentence_months: int | None = None,
) -> CourtCaseDTO:
    """Convicted (with the sentence in months, once known), acquitted, charge dropped, or
    pending again."""
    problems = validate_outcome(outcome, sentence_months)
    if problems:
        raise ValidationError(problems)
    try:
        with ctx.store.session() as session:
            row = _defendant(session, defendant_id, expected_version)
            row.outcome = outcome
            row.sentence_months = sentence_months
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.court_case_id)
            return mapping.dto_of(session, mapping.load(session, row.court_case_id), ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_DEFENDANT_MESSAGE) from exc
