"""Spot purchases: recording and changing them (with the overspend warning and the approval
rule), listing them fast at 50,000, and their receipts.

Audit entries name the purchase or receipt by ID only (entity types ``purchase`` and
``receipt``), never an amount, a supplier or a purpose.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import (
    PurchaseDraft,
    PurchaseDTO,
    PurchaseQuery,
    PurchaseRow,
    PurchaseSort,
    ReceiptInfoDTO,
)
from models.entities import BudgetAllocation, Case, Purchase, Receipt
from models.entities.budget import RECEIPT_LIMIT_BYTES
from models.enums import (
    AuditAction,
    PaymentMethod,
    PurchaseCategory,
    PurchaseStatus,
    ReceiptType,
)
from models.errors import NotFoundError, StaleEditError, ValidationError, WaypostError
from models.rules import budget_balance as money_rules
from models.rules import purchase_rules as rules
from models.services import audit
from models.services.budget_policy import threshold
from models.services.context import ServiceContext

STALE_PURCHASE_MESSAGE = (
    "This purchase was changed after you opened it. Your change was not saved; reload to see "
    "the current details, then make your change again."
)
_GONE = "That purchase no longer exists in this vault."


class OverspendWarning(WaypostError):
    """The purchase would overspend its allocation: the message asks whether to go ahead.
    Saving again with ``confirm_overspend=True`` records it."""


class ReceiptRefused(WaypostError):
    """The file cannot be a receipt (too large, empty, or not a PDF, JPEG or PNG)."""


# Any select statement: the filters apply to an ID query and to a row query alike.
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")

# -- Reading -------------------------------------------------------------------------------------


def _row_columns() -> Select[*tuple[Any, ...]]:
    receipts = (
        select(func.count(Receipt.id)).where(Receipt.purchase_id == Purchase.id).scalar_subquery()
    )
    return (
        select(
            Purchase.id,
            Purchase.purchased_on,
            func.coalesce(Case.reference, ""),
            Purchase.category,
            Purchase.amount_pence,
            Purchase.supplier,
            Purchase.payment_method,
            Purchase.purpose,
            Purchase.status,
            Purchase.approved_by,
            Purchase.approved_on,
            func.coalesce(BudgetAllocation.name, ""),
            receipts,
        )
        .outerjoin(Case, Case.id == Purchase.case_id)
        .outerjoin(BudgetAllocation, BudgetAllocation.id == Purchase.allocation_id)
    )


def _to_row(values: Sequence[Any]) -> PurchaseRow:
    (pid, on, reference, category, amount, supplier, method, purpose, status, by, by_on,
     allocation, receipts) = values  # fmt: skip
    return PurchaseRow(
        id=int(pid),
        purchased_on=on,
        case_reference=str(reference),
        category=PurchaseCategory(category),
        amount_pence=int(amount),
        supplier=str(supplier),
        payment_method=PaymentMethod(method),
        purpose=str(purpose),
        status=PurchaseStatus(status),
        approved_by=str(by),
        approved_on=by_on,
        allocation_name=str(allocation),
        receipt_count=int(receipts),
    )


_SORT_COLUMNS = {
    PurchaseSort.DATE: Purchase.purchased_on,
    PurchaseSort.AMOUNT: Purchase.amount_pence,
    PurchaseSort.CATEGORY: Purchase.category,
    PurchaseSort.STATUS: Purchase.status,
    PurchaseSort.SUPPLIER: func.lower(Purchase.supplier),
    PurchaseSort.CASE: Case.reference,
}


def _filtered(statement: SelectT, query: PurchaseQuery) -> SelectT:
    if query.date_from is not None:
        statement = statement.where(Purchase.purchased_on >= query.date_from)
    if query.date_to is not None:
        statement = statement.where(Purchase.purchased_on <= query.date_to)
    if query.category is not None:
        statement = statement.where(Purchase.category == query.category)
    if query.status is not None:
        statement = statement.where(Purchase.status == query.status)
    if query.case_id is not None:
        statement = statement.where(Purchase.case_id == query.case_id)
    if query.allocation_id is not None:
        statement = statement.where(Purchase.allocation_id == query.allocation_id)
    for word in query.search.split():
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        statement = statement.where(
            or_(
                Purchase.supplier.ilike(pattern),
                Purchase.purpose.ilike(pattern),
                Case.reference.ilike(pattern),
            )
        )
    return statement


def purchase_ids(ctx: ServiceContext, query: PurchaseQuery) -> list[int]:
    """The IDs of the purchases matching ``query``, in its order (the list fetches rows for
    the IDs it shows, a page at a time)."""
    column = _SORT_COLUMNS[query.sort]
    order = [column.desc() if query.descending else column.asc()]
    order.append(Purchase.id.desc() if query.descending else Purchase.id.asc())
    statement = _filtered(
        select(Purchase.id).outerjoin(Case, Case.id == Purchase.case_id), query
    ).order_by(*order)
    with ctx.store.read_session() as session:
        return [int(pid) for pid in session.scalars(statement)]


def purchase_rows(ctx: ServiceContext, ids: Sequence[int]) -> list[PurchaseRow]:
    """Rows for ``ids``, in the same order (missing ones left out)."""
    if not ids:
        return []
    with ctx.store.read_session() as session:
        found = {
            row.id: row
            for row in (
                _to_row(values)
                for values in session.execute(_row_columns().where(Purchase.id.in_(list(ids))))
            )
        }
    return [found[pid] for pid in ids if pid in found]


def query_rows(session: Session, query: PurchaseQuery) -> list[PurchaseRow]:
    """Every matching row at once, date order (statements and exports)."""
    statement = _filtered(_row_columns(), query).order_by(Purchase.purchased_on, Purchase.id)
    return [_to_row(values) for values in session.execute(statement)]


def purchase_total(ctx: ServiceContext, query: PurchaseQuery) -> tuple[int, int]:
    """(number of purchases, paid spend in pence) for ``query``."""
    paid = func.coalesce(
        func.sum(func.iif(Purchase.status == PurchaseStatus.PAID, Purchase.amount_pence, 0)),
        0,
    )
    statement = _filtered(
        select(func.count(Purchase.id), paid).outerjoin(Case, Case.id == Purchase.case_id),
        query,
    )
    with ctx.store.read_session() as session:
        count, total = session.execute(statement).one()
    return int(count), int(total)


def _receipts(session: Session, purchase_id: int) -> tuple[ReceiptInfoDTO, ...]:
    rows = session.execute(
        select(Receipt.id, Receipt.media_type, Receipt.size_bytes, Receipt.added_at)
        .where(Receipt.purchase_id == purchase_id)
        .order_by(Receipt.id)
    )
    return tuple(
        ReceiptInfoDTO(rid, purchase_id, ReceiptType(kind), size, added)
        for rid, kind, size, added in rows
    )


def _dto(session: Session, row: Purchase) -> PurchaseDTO:
    reference = (
        session.scalar(select(Case.reference).where(Case.id == row.case_id))
        if row.case_id is not None
        else None
    )
    allocation = (
        session.scalar(
            select(BudgetAllocation.name).where(BudgetAllocation.id == row.allocation_id)
        )
        if row.allocation_id is not None
        else None
    )
    return PurchaseDTO(
        id=row.id,
        version=row.version,
        draft=PurchaseDraft(
            purchased_on=row.purchased_on,
            category=PurchaseCategory(row.category),
            amount_pence=row.amount_pence,
            payment_method=PaymentMethod(row.payment_method),
            status=PurchaseStatus(row.status),
            supplier=row.supplier,
            purpose=row.purpose,
            case_id=row.case_id,
            allocation_id=row.allocation_id,
            approved_by=row.approved_by,
            approved_on=row.approved_on,
        ),
        case_reference=reference or "",
        allocation_name=allocation or "",
        recorded_by=row.recorded_by,
        receipts=_receipts(session, row.id),
    )


def get_purchase(ctx: ServiceContext, purchase_id: int) -> PurchaseDTO:
    with ctx.store.read_session() as session:
        row = session.get(Purchase, purchase_id)
        if row is None:
            raise NotFoundError(_GONE)
        return _dto(session, row)


# -- Writing -------------------------------------------------------------------------------------


def _check_overspend(
    session: Session, draft: PurchaseDraft, excluding: int | None, previous: Purchase | None
) -> str:
    """The overspend warning for saving ``draft``, or "" when it fits (or does not count)."""
    if draft.allocation_id is None or not money_rules.counts_against_budget(draft.status):
        return ""
    already = 0
    if (
        previous is not None
        and previous.allocation_id == draft.allocation_id
        and money_rules.counts_against_budget(PurchaseStatus(previous.status))
    ):
        already = previous.amount_pence
    if already >= draft.amount_pence:
        return ""  # not spending more than before
    allocation = session.get(BudgetAllocation, draft.allocation_id)
    if allocation is None:
        return ""
    amounts = session.execute(
        select(Purchase.amount_pence, Purchase.status).where(
            Purchase.allocation_id == draft.allocation_id, Purchase.id != (excluding or -1)
        )
    )
    current = money_rules.balance(
        allocation.amount_pence,
        (money_rules.PurchaseAmount(amount, PurchaseStatus(status)) for amount, status in amounts),
    )
    return money_rules.overspend_warning(current, draft.amount_pence, f"“{allocation.name}”")


def _validate(
    ctx: ServiceContext, session: Session, draft: PurchaseDraft, previous: PurchaseStatus | None
) -> None:
    problems = rules.validate_purchase(draft, ctx.today())
    problems += rules.status_problems(previous, draft, threshold(session))
    if draft.case_id is not None and session.get(Case, draft.case_id) is None:
        raise NotFoundError("That case no longer exists in this vault.")
    if (
        draft.allocation_id is not None
        and session.get(BudgetAllocation, draft.allocation_id) is None
    ):
        raise NotFoundError("That allocation no longer exists in this vault.")
    if problems:
        raise ValidationError(problems)


def _write(row: Purchase, draft: PurchaseDraft) -> None:
    row.purchased_on = draft.purchased_on
    row.category = draft.category
    row.amount_pence = draft.amount_pence
    row.supplier = " ".join(draft.supplier.split())
    row.payment_method = draft.payment_method
    row.purpose = draft.purpose.strip()
    row.status = draft.status
    row.case_id = draft.case_id
    row.allocation_id = draft.allocation_id
    row.approved_by = " ".join(draft.approved_by.split())
    row.approved_on = draft.approved_on


def record_purchase(
    ctx: ServiceContext, draft: PurchaseDraft, *, confirm_overspend: bool = False
) -> PurchaseDTO:
    """Record a new purchase. Raises OverspendWarning (nothing saved) when it would overspend
    its allocation and ``confirm_overspend`` is False."""
    with ctx.store.session() as session:
        _validate(ctx, session, draft, None)
        warning = _check_overspend(session, draft, None, None)
        if warning and not confirm_overspend:
            raise OverspendWarning(warning)
        row = Purchase(recorded_by=ctx.user)
        _write(row, draft)
        session.add(row)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, "purchase", row.id)
        return _dto(session, row)


def update_purchase(
    ctx: ServiceContext,
    purchase_id: int,
    expected_version: int,
    draft: PurchaseDraft,
    *,
    confirm_overspend: bool = False,
) -> PurchaseDTO:
    """Change a purchase (its details or its status). Stale changes are refused; a status may
    only move forward (see rules.purchase_rules.TRANSITIONS)."""
    try:
        with ctx.store.session() as session:
            row = session.get(Purchase, purchase_id)
            if row is None:
                raise NotFoundError(_GONE)
            if row.version != expected_version:
                raise StaleEditError(STALE_PURCHASE_MESSAGE)
            _validate(ctx, session, draft, PurchaseStatus(row.status))
            outdated = rules.approval_outdated(
                row.amount_pence, row.approved_by, row.approved_on, draft, threshold(session)
            )
            if outdated:
                raise ValidationError(outdated)
            warning = _check_overspend(session, draft, row.id, row)
            if warning and not confirm_overspend:
                raise OverspendWarning(warning)
            _write(row, draft)
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, "purchase", row.id)
            return _dto(session, row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_PURCHASE_MESSAGE) from exc


# -- Receipts ------------------------------------------------------------------------------------


def add_receipt(ctx: ServiceContext, purchase_id: int, content: bytes) -> ReceiptInfoDTO:
    """Attach a receipt (the bytes are stored inside the encrypted vault)."""
    problem = rules.receipt_problem(content, RECEIPT_LIMIT_BYTES)
    if problem:
        raise ReceiptRefused(problem)
    kind = rules.receipt_type(content)
    assert kind is not None
    with ctx.store.session() as session:
        if session.get(Purchase, purchase_id) is None:
            raise NotFoundError(_GONE)
        row = Receipt(
            purchase_id=purchase_id,
            media_type=kind,
            size_bytes=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            added_by=ctx.user,
            content=content,
        )
        session.add(row)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, "receipt", row.id)
        return ReceiptInfoDTO(row.id, purchase_id, kind, row.size_bytes, row.added_at)


def receipt_content(ctx: ServiceContext, receipt_id: int) -> tuple[ReceiptType, bytes]:
    """The receipt's type and bytes, checked against the hash taken when it was attached."""
    with ctx.store.read_session() as session:
        row = session.execute(
            select(Receipt.media_type, Receipt.content, Receipt.sha256).where(
                Receipt.id == receipt_id
            )
        ).one_or_none()
    if row is None:
        raise NotFoundError("That receipt no longer exists in this vault.")
    kind, content, digest = row
    if hashlib.sha256(content).hexdigest() != digest:
        raise WaypostError(
            "This receipt's stored bytes do not match the ones attached. Run a vault check."
        )
    return ReceiptType(kind), bytes(content)
