"""The vault's budget policy (the approval threshold) and its allocations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import AllocationDraft, AllocationDTO
from models.entities import BudgetAllocation, BudgetPolicy
from models.enums import AuditAction
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules.money import MAX_PENCE
from models.rules.purchase_rules import DEFAULT_APPROVAL_THRESHOLD_PENCE, validate_allocation
from models.services import audit
from models.services.context import ServiceContext

STALE_ALLOCATION_MESSAGE = (
    "This allocation was changed after you opened it. Your change was not saved; reload the "
    "budget to see the current figures, then make your change again."
)


def threshold(session: Session) -> int:
    row = session.get(BudgetPolicy, 1)
    return DEFAULT_APPROVAL_THRESHOLD_PENCE if row is None else row.approval_threshold_pence


def approval_threshold(ctx: ServiceContext) -> int:
    with ctx.store.read_session() as session:
        return threshold(session)


def set_approval_threshold(ctx: ServiceContext, pence: int) -> int:
    if pence < 0 or pence > MAX_PENCE:
        raise ValidationError(
            [FieldProblem("approval_threshold_pence", "The threshold must be £0 or more.")]
        )
    with ctx.store.session() as session:
        row = session.get(BudgetPolicy, 1)
        if row is None:
            row = BudgetPolicy(id=1, approval_threshold_pence=pence)
            session.add(row)
        row.approval_threshold_pence = pence
        row.updated_at = utc_now()
        session.flush()
        audit.append(session, AuditAction.EDIT, ctx.user, "budget_policy", 1)
        return pence


def allocation_dto(row: BudgetAllocation) -> AllocationDTO:
    return AllocationDTO(
        id=row.id,
        version=row.version,
        name=row.name,
        period_start=row.period_start,
        period_end=row.period_end,
        amount_pence=row.amount_pence,
        holder=row.holder,
        notes=row.notes,
    )


def list_allocations(ctx: ServiceContext) -> list[AllocationDTO]:
    """Newest period first."""
    with ctx.store.read_session() as session:
        rows = session.scalars(
            select(BudgetAllocation).order_by(
                BudgetAllocation.period_start.desc(), BudgetAllocation.id
            )
        )
        return [allocation_dto(row) for row in rows]


def _clean(draft: AllocationDraft) -> AllocationDraft:
    problems = validate_allocation(draft)
    if problems:
        raise ValidationError(problems)
    return AllocationDraft(
        name=" ".join(draft.name.split()),
        period_start=draft.period_start,
        period_end=draft.period_end,
        amount_pence=draft.amount_pence,
        holder=draft.holder.strip(),
        notes=draft.notes.strip(),
    )


def save_allocation(
    ctx: ServiceContext,
    draft: AllocationDraft,
    allocation_id: int | None = None,
    expected_version: int | None = None,
) -> AllocationDTO:
    """Create an allocation (``allocation_id`` None) or change one the navigator opened at
    ``expected_version`` (a stale change is refused)."""
    clean = _clean(draft)
    try:
        with ctx.store.session() as session:
            if allocation_id is None:
                row = BudgetAllocation()
                session.add(row)
                action = AuditAction.CREATE
            else:
                found = session.get(BudgetAllocation, allocation_id)
                if found is None:
                    raise NotFoundError("That allocation no longer exists in this vault.")
                if found.version != expected_version:
                    raise StaleEditError(STALE_ALLOCATION_MESSAGE)
                row = found
                action = AuditAction.EDIT
                row.updated_at = utc_now()
            row.name = clean.name
            row.period_start = clean.period_start
            row.period_end = clean.period_end
            row.amount_pence = clean.amount_pence
            row.holder = clean.holder
            row.notes = clean.notes
            session.flush()
            audit.append(session, action, ctx.user, "budget_allocation", row.id)
            return allocation_dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_ALLOCATION_MESSAGE) from exc
