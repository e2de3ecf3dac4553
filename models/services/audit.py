"""The hash-chained audit log: append, verify, and read a case's history.

Each entry's hash covers its own fields and the previous entry's hash, so editing, inserting or
deleting a row in the middle breaks the chain. Rows hold no personal data by construction: the
only free-text field is the acting user's login name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.dto import AuditChainReport, AuditRow
from models.entities import (
    Assessment,
    AuditEntry,
    Case,
    Consent,
    ContactLogEntry,
    CourtCaseLink,
    CourtEvent,
    ExportRecord,
    NrmReferral,
    PlanVersion,
)
from models.enums import AuditAction
from models.services.context import ServiceContext

GENESIS_HASH = "0" * 64


def entry_hash(
    previous_hash: str,
    entry_id: int,
    at: datetime,
    action: str,
    entity_type: str,
    entity_id: int | None,
    user: str,
) -> str:
    canonical = "\x1f".join(
        [
            previous_hash,
            str(entry_id),
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            action,
            entity_type,
            "" if entity_id is None else str(entity_id),
            user,
        ]
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(
    session: Session,
    action: AuditAction,
    user: str,
    entity_type: str = "",
    entity_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Append one entry inside the caller's transaction (so it commits with the change)."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    previous_hash = last.hash if last else GENESIS_HASH
    entry_id = (last.id + 1) if last else 1
    # Microseconds are the stored precision, so hash exactly what will be read back.
    when = (at or datetime.now(UTC)).astimezone(UTC)
    session.add(
        AuditEntry(
            id=entry_id,
            at=when,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            user=user,
            previous_hash=previous_hash,
            hash=entry_hash(previous_hash, entry_id, when, action, entity_type, entity_id, user),
        )
    )
    session.flush()


def verify_chain(session: Session) -> AuditChainReport:
    previous_hash = GENESIS_HASH
    count = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for entry in rows:
        count += 1
        if entry.previous_hash != previous_hash:
            return AuditChainReport(
                entries=count,
                ok=False,
                first_bad_entry=entry.id,
                problem=f"audit entry {entry.id} does not follow the entry before it "
                "(an entry was deleted or inserted)",
            )
        expected = entry_hash(
            entry.previous_hash,
            entry.id,
            entry.at,
            entry.action,
            entry.entity_type,
            entry.entity_id,
            entry.user,
        )
        if entry.hash != expected:
            return AuditChainReport(
                entries=count,
                ok=False,
                first_bad_entry=entry.id,
                problem=f"audit entry {entry.id} was altered after it was written",
            )
        previous_hash = entry.hash
    return AuditChainReport(entries=count, ok=True)


def record(
    ctx: ServiceContext,
    action: AuditAction,
    entity_type: str = "",
    entity_id: int | None = None,
) -> None:
    """Record an event that changes nothing else (unlock, lock, print, export, backup)."""
    with ctx.store.session() as session:
        append(session, action, ctx.user, entity_type, entity_id)


def record_failed_unlocks(ctx: ServiceContext, attempts: Iterable[datetime]) -> int:
    """Write failed unlock attempts, noted outside the vault while it was locked."""
    count = 0
    with ctx.store.session() as session:
        for at in sorted(attempts):
            append(session, AuditAction.FAILED_UNLOCK, ctx.user, "vault", None, at=at)
            count += 1
    return count


def case_history(ctx: ServiceContext, case_id: int) -> list[AuditRow]:
    """Audit entries about a case, its survivor, contact log, consent, support plan,
    assessments, printed summaries and exports, NRM record, and the court cases it is linked to
    (with their events)."""
    with ctx.store.read_session() as session:
        person_id = session.scalar(select(Case.person_id).where(Case.id == case_id))
        contact_ids = select(ContactLogEntry.id).where(ContactLogEntry.case_id == case_id)
        plan_ids = select(PlanVersion.id).where(PlanVersion.case_id == case_id)
        assessment_ids = select(Assessment.id).where(Assessment.case_id == case_id)
        export_ids = select(ExportRecord.id).where(ExportRecord.case_id == case_id)
        nrm_ids = select(NrmReferral.id).where(NrmReferral.case_id == case_id)
        court_ids = select(CourtCaseLink.court_case_id).where(CourtCaseLink.case_id == case_id)
        event_ids = select(CourtEvent.id).where(CourtEvent.court_case_id.in_(court_ids))
        clauses = [
            (AuditEntry.entity_type == "case") & (AuditEntry.entity_id == case_id),
            (AuditEntry.entity_type == "contact") & AuditEntry.entity_id.in_(contact_ids),
            (AuditEntry.entity_type == "support_plan") & AuditEntry.entity_id.in_(plan_ids),
            (AuditEntry.entity_type == "assessment") & AuditEntry.entity_id.in_(assessment_ids),
            (AuditEntry.entity_type == "export") & AuditEntry.entity_id.in_(export_ids),
            (AuditEntry.entity_type == "recovery_summary") & (AuditEntry.entity_id == case_id),
            (AuditEntry.entity_type == "nrm") & AuditEntry.entity_id.in_(nrm_ids),
            (AuditEntry.entity_type == "court_case") & AuditEntry.entity_id.in_(court_ids),
            (AuditEntry.entity_type == "court_event") & AuditEntry.entity_id.in_(event_ids),
        ]
        if person_id is not None:
            consent_ids = select(Consent.id).where(Consent.person_id == person_id)
            clauses.append(
                (AuditEntry.entity_type == "person") & (AuditEntry.entity_id == person_id)
            )
            clauses.append(
                (AuditEntry.entity_type == "consent") & AuditEntry.entity_id.in_(consent_ids)
            )
        entries = session.execute(
            select(AuditEntry).where(or_(*clauses)).order_by(AuditEntry.id.desc())
        ).scalars()
        return [
            AuditRow(
                id=e.id,
                at=e.at,
                action=AuditAction(e.action),
                entity_type=e.entity_type,
                entity_id=e.entity_id,
                user=e.user,
            )
            for e in entries
        ]


def verify(ctx: ServiceContext) -> AuditChainReport:
    with ctx.store.read_session() as session:
        return verify_chain(session)
