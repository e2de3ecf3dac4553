"""The hash-chained audit log: append, verify, and read a case's history.

Each entry's hash covers its own fields and the previous entry's hash, so editing, inserting or
deleting a row in the middle breaks the chain. A head row (AuditHead), updated with every
append, records where the chain ends, so removing the newest rows is detected too. Rows hold no
personal data by construction: the only free-text field is the acting user's login name.

What this cannot detect: someone holding the database key who rewrites the whole chain from
some row onwards and the head to match. Nothing inside the database can tell that apart from
the real history; only a copy kept elsewhere (a backup) can.
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
from models.entities.audit import AuditHead
from models.enums import AuditAction
from models.services.context import ServiceContext

GENESIS_HASH = "0" * 64
HEAD_ROW_ID = 1


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
    """Append one entry and move the head, inside the caller's transaction (so both commit
    with the change, or neither does)."""
    head = session.get(AuditHead, HEAD_ROW_ID, populate_existing=True)
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    # Link to the head, not to whatever row is newest now: if the newest rows were removed,
    # linking to what is left would hide the gap for good. Without a head (its loss is itself
    # reported by verify_chain) the newest row is all there is; the head is not recreated,
    # for the same reason.
    newest_hash = last.hash if last else GENESIS_HASH
    previous_hash = head.last_hash if head is not None else newest_hash
    # Above every ID in use, so a forged row can never block the next real write.
    entry_id = max(head.last_id if head else 0, last.id if last else 0) + 1
    # Microseconds are the stored precision, so hash exactly what will be read back.
    when = (at or datetime.now(UTC)).astimezone(UTC)
    new_hash = entry_hash(previous_hash, entry_id, when, action, entity_type, entity_id, user)
    session.add(
        AuditEntry(
            id=entry_id,
            at=when,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            user=user,
            previous_hash=previous_hash,
            hash=new_hash,
        )
    )
    if head is not None:
        head.entries += 1
        head.last_id = entry_id
        head.last_hash = new_hash
    session.flush()


def verify_chain(session: Session) -> AuditChainReport:
    """Walk the chain from the first entry, then compare where it ends with the head."""
    previous_hash = GENESIS_HASH
    count = 0
    newest: AuditEntry | None = None
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
        newest = entry
    return _compare_with_head(session.get(AuditHead, HEAD_ROW_ID), count, newest)


def _compare_with_head(
    head: AuditHead | None, count: int, newest: AuditEntry | None
) -> AuditChainReport:
    if head is None:
        return AuditChainReport(
            entries=count, ok=False, problem="the audit log's head is missing (it was deleted)"
        )
    newest_id = newest.id if newest else 0
    newest_hash = newest.hash if newest else GENESIS_HASH
    if (head.entries, head.last_id, head.last_hash) == (count, newest_id, newest_hash):
        return AuditChainReport(entries=count, ok=True)
    if head.last_id > newest_id and head.entries > count:
        removed = head.entries - count
        if count == 0:
            problem = f"all {removed} audit entries were removed"
        elif removed == 1:
            problem = "the newest audit entry was removed"
        else:
            problem = f"the newest {removed} audit entries were removed"
        return AuditChainReport(
            entries=count, ok=False, first_bad_entry=newest_id + 1, problem=problem
        )
    return AuditChainReport(
        entries=count,
        ok=False,
        # Entries past the head's were not written by Waypost; otherwise no one row is to blame.
        first_bad_entry=head.last_id + 1 if newest_id > head.last_id else None,
        problem="the audit log's head does not match its newest entry "
        "(entries were added or changed at the end)",
    )


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
