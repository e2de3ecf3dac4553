"""Where the money stands: remaining budget, spend by category, case and month, and the
warning before an allocation is overspent. Pure functions over integer pence.

- **spent**: purchases marked paid;
- **committed**: purchases requested or approved, not yet paid (money already promised);
- **refunded** and **cancelled** purchases count for nothing;
- **remaining** = allocated minus spent minus committed (negative when overspent).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.enums import PurchaseCategory, PurchaseStatus
from models.rules.money import format_pence

SPENT = frozenset({PurchaseStatus.PAID})
COMMITTED = frozenset({PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED})


@dataclass(frozen=True)
class PurchaseAmount:
    """What the rules need to know about one purchase."""

    amount_pence: int
    status: PurchaseStatus
    category: PurchaseCategory = PurchaseCategory.OTHER
    purchased_on: date = date(2000, 1, 1)
    case_id: int | None = None


@dataclass(frozen=True)
class Balance:
    allocated_pence: int
    spent_pence: int
    committed_pence: int

    @property
    def remaining_pence(self) -> int:
        return self.allocated_pence - self.spent_pence - self.committed_pence


def balance(allocated_pence: int, purchases: Iterable[PurchaseAmount]) -> Balance:
    spent = committed = 0
    for purchase in purchases:
        if purchase.status in SPENT:
            spent += purchase.amount_pence
        elif purchase.status in COMMITTED:
            committed += purchase.amount_pence
    return Balance(allocated_pence, spent, committed)


def counts_against_budget(status: PurchaseStatus) -> bool:
    return status in SPENT or status in COMMITTED


def overspend_warning(
    current: Balance, amount_pence: int, allocation_name: str = "the allocation"
) -> str:
    """The warning to show before a purchase of ``amount_pence`` (not yet counted in
    ``current``) would take the allocation below zero; "" when it fits. Spending exactly what
    remains is not overspending."""
    after = current.remaining_pence - amount_pence
    if after >= 0:
        return ""
    if current.remaining_pence < 0:
        where = f"it is already {format_pence(-current.remaining_pence)} over"
    else:
        where = f"{format_pence(current.remaining_pence)} remains"
    return (
        f"This purchase of {format_pence(amount_pence)} would overspend {allocation_name}: "
        f"{where} of {format_pence(current.allocated_pence)}, so it would be "
        f"{format_pence(-after)} over. Record it anyway?"
    )


def spend_by_category(purchases: Iterable[PurchaseAmount]) -> dict[PurchaseCategory, int]:
    """Paid spend per category, in the categories' order, leaving out those with none."""
    totals: dict[PurchaseCategory, int] = defaultdict(int)
    for purchase in purchases:
        if purchase.status in SPENT:
            totals[purchase.category] += purchase.amount_pence
    return {category: totals[category] for category in PurchaseCategory if totals[category]}


def spend_by_case(purchases: Iterable[PurchaseAmount]) -> dict[int | None, int]:
    """Paid spend per case (None: programme costs with no case)."""
    totals: dict[int | None, int] = defaultdict(int)
    for purchase in purchases:
        if purchase.status in SPENT:
            totals[purchase.case_id] += purchase.amount_pence
    return dict(totals)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def spend_by_month(
    purchases: Iterable[PurchaseAmount], start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Paid spend per month ("2026-04"), in order; with ``start`` and ``end`` every month
    between them is present, with 0 where nothing was spent (a chart needs the gaps)."""
    totals: dict[str, int] = defaultdict(int)
    for purchase in purchases:
        if purchase.status in SPENT:
            totals[month_key(purchase.purchased_on)] += purchase.amount_pence
    if start is not None and end is not None:
        months = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return {key: totals.get(key, 0) for key in months}
    return {key: totals[key] for key in sorted(totals)}


def financial_year(day: date) -> tuple[date, date]:
    """The UK financial year (1 April to 31 March) that ``day`` falls in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)
