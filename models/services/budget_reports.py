"""Budget figures: allocation balances, spend by category and month, the monthly statement
for the finance team, and purchase exports (CSV or XLSX).

Building a statement or an export writes nothing; whoever hands the file to a person records
it with :func:`record_budget_export` (``AuditAction.EXPORT``, entity ``budget_statement`` or
``purchase_export``, no ID: the audit holds no amounts and no dates chosen).
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.dto import (
    AllocationBalanceDTO,
    BudgetOverviewDTO,
    PurchaseQuery,
    RenderedFileDTO,
    SpendDTO,
    StatementDTO,
)
from models.entities import BudgetAllocation, Purchase
from models.enums import AuditAction, PurchaseCategory, PurchaseStatus
from models.errors import FieldProblem, ValidationError
from models.rules import budget_balance as money_rules
from models.services import audit, navigator_profile
from models.services.budget_policy import allocation_dto, threshold
from models.services.context import ServiceContext
from models.services.purchases import query_rows

EXPORT_FORMATS = ("csv", "xlsx")
STATEMENT_ENTITY = "budget_statement"
EXPORT_ENTITY = "purchase_export"


def _balances(session: Session, as_of: date | None = None) -> tuple[AllocationBalanceDTO, ...]:
    """Every allocation's balance, counting purchases dated up to ``as_of`` (all if None)."""
    statement = select(Purchase.allocation_id, Purchase.amount_pence, Purchase.status).where(
        Purchase.allocation_id.is_not(None)
    )
    if as_of is not None:
        statement = statement.where(Purchase.purchased_on <= as_of)
    by_allocation: dict[int, list[money_rules.PurchaseAmount]] = {}
    for allocation_id, amount, status in session.execute(statement):
        if allocation_id is None:
            continue
        by_allocation.setdefault(allocation_id, []).append(
            money_rules.PurchaseAmount(amount, PurchaseStatus(status))
        )
    balances = []
    for row in session.scalars(
        select(BudgetAllocation).order_by(BudgetAllocation.period_start.desc(), BudgetAllocation.id)
    ):
        figures = money_rules.balance(row.amount_pence, by_allocation.get(row.id, []))
        balances.append(
            AllocationBalanceDTO(
                allocation=allocation_dto(row),
                spent_pence=figures.spent_pence,
                committed_pence=figures.committed_pence,
                remaining_pence=figures.remaining_pence,
            )
        )
    return tuple(balances)


def _amounts(session: Session, start: date, end: date) -> list[money_rules.PurchaseAmount]:
    rows = session.execute(
        select(
            Purchase.amount_pence,
            Purchase.status,
            Purchase.category,
            Purchase.purchased_on,
            Purchase.case_id,
        ).where(Purchase.purchased_on >= start, Purchase.purchased_on <= end)
    )
    return [
        money_rules.PurchaseAmount(
            amount, PurchaseStatus(status), PurchaseCategory(category), on, case_id
        )
        for amount, status, category, on, case_id in rows
    ]


def spend(ctx: ServiceContext, start: date, end: date) -> SpendDTO:
    with ctx.store.read_session() as session:
        amounts = _amounts(session, start, end)
    by_category = money_rules.spend_by_category(amounts)
    by_month = money_rules.spend_by_month(amounts, start, end)
    return SpendDTO(
        by_category=tuple(by_category.items()),
        by_month=tuple(by_month.items()),
        total_pence=sum(by_category.values()),
    )


def overview(
    ctx: ServiceContext, start: date | None = None, end: date | None = None
) -> BudgetOverviewDTO:
    """Balances of every allocation, and spend over ``start``..``end`` (default: this
    financial year, April to March)."""
    if start is None or end is None:
        start, end = money_rules.financial_year(ctx.today())
    with ctx.store.read_session() as session:
        balances = _balances(session)
        approval = threshold(session)
    return BudgetOverviewDTO(
        balances=balances,
        spend=spend(ctx, start, end),
        period_start=start,
        period_end=end,
        approval_threshold_pence=approval,
    )


def parse_month(text: str) -> tuple[date, date]:
    """ "2026-11" → (1 Nov 2026, 30 Nov 2026); ValidationError otherwise."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
        start = date(year, month, 1)
    except ValueError:
        raise ValidationError(
            [FieldProblem("month", "Give the month as YYYY-MM, for example 2026-11.")]
        ) from None
    return start, date(year, month, calendar.monthrange(year, month)[1])


def statement(ctx: ServiceContext, month_start: date) -> StatementDTO:
    """The statement for the month that ``month_start`` begins."""
    start = month_start.replace(day=1)
    end = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    profile = navigator_profile.get_profile(ctx)
    with ctx.store.read_session() as session:
        rows = [
            row
            for row in query_rows(session, PurchaseQuery(date_from=start, date_to=end))
            if row.status is not PurchaseStatus.CANCELLED
        ]
        balances = _balances(session, as_of=end)
    amounts = [
        money_rules.PurchaseAmount(r.amount_pence, r.status, r.category, r.purchased_on)
        for r in rows
    ]
    figures = money_rules.balance(0, amounts)
    return StatementDTO(
        month_start=start,
        month_end=end,
        organisation=profile.organisation,
        prepared_by=profile.display_name or ctx.user,
        prepared_on=ctx.today(),
        lines=tuple(rows),
        paid_pence=figures.spent_pence,
        committed_pence=figures.committed_pence,
        refunded_pence=sum(r.amount_pence for r in rows if r.status is PurchaseStatus.REFUNDED),
        by_category=tuple(money_rules.spend_by_category(amounts).items()),
        balances=tuple(
            b
            for b in balances
            if b.allocation.period_start <= end and b.allocation.period_end >= start
        ),
        missing_receipts=sum(
            1 for r in rows if r.status is PurchaseStatus.PAID and r.receipt_count == 0
        ),
    )


def prepare_statement(ctx: ServiceContext, month_start: date) -> RenderedFileDTO:
    from models.reports.budget_statement import build_budget_statement, statement_file_name

    content = statement(ctx, month_start)
    return RenderedFileDTO(
        statement_file_name(content.month_start), build_budget_statement(content)
    )


def prepare_export(
    ctx: ServiceContext, date_from: date, date_to: date, file_format: str
) -> RenderedFileDTO:
    """Every purchase dated ``date_from``..``date_to`` as CSV or XLSX (cells that a
    spreadsheet would run as a formula are neutralised)."""
    from models.reports.purchase_export import export_file_name, purchases_csv, purchases_xlsx

    if file_format not in EXPORT_FORMATS:
        raise ValidationError([FieldProblem("format", "Export as .csv or .xlsx.")])
    if date_to < date_from:
        raise ValidationError([FieldProblem("date_to", "The end date is before the start.")])
    with ctx.store.read_session() as session:
        rows = query_rows(session, PurchaseQuery(date_from=date_from, date_to=date_to))
    data = purchases_csv(rows) if file_format == "csv" else purchases_xlsx(rows)
    return RenderedFileDTO(export_file_name(date_from, date_to, file_format), data)


def record_budget_export(ctx: ServiceContext, entity: str) -> None:
    """Record that a statement or a purchase export left the vault (``AuditAction.EXPORT``)."""
    if entity not in (STATEMENT_ENTITY, EXPORT_ENTITY):
        raise ValueError(f"unknown budget export {entity!r}")
    with ctx.store.session() as session:
        audit.append(session, AuditAction.EXPORT, ctx.user, entity, None)
