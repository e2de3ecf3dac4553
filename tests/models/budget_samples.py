"""Hand-built budget statements and purchase rows (no vault) for the statement and export tests.

The statement's figures are worked out here from its lines the way the service does
(``models.services.budget_reports.statement``), so a test can compare what the PDF prints with
sums it did not get from the builder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from models.dto import AllocationBalanceDTO, AllocationDTO, PurchaseRow, StatementDTO
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus
from models.rules import budget_balance as money_rules

MONTH_START = date(2026, 11, 1)
MONTH_END = date(2026, 11, 30)
ARABIC_PURPOSE = "ملابس شتوية للناجية"  # "winter clothes for the survivor"
SUPPLIERS = ("Tesco Extra", "National Express", "Boots", "Primark", "Vodafone", "EE")
PURPOSES = (
    "Winter coat and boots",
    "Coach to the Home Office appointment in Croydon, return, with a railcard for the navigator",
    "Prescription charges",
    "Pay-as-you-go phone and top-up so the survivor can reach the navigator",
    "Weekly food shop while the asylum support claim is decided",
)
CATEGORIES = tuple(PurchaseCategory)
METHODS = tuple(PaymentMethod)
# Mostly paid, as a real month is; never cancelled (the statement leaves those out).
STATUSES = (
    PurchaseStatus.PAID,
    PurchaseStatus.PAID,
    PurchaseStatus.PAID,
    PurchaseStatus.APPROVED,
    PurchaseStatus.PAID,
    PurchaseStatus.REQUESTED,
    PurchaseStatus.PAID,
    PurchaseStatus.REFUNDED,
)


def row(number: int, **changes: object) -> PurchaseRow:
    """Purchase ``number`` of a month, varied by its number; ``changes`` override fields."""
    status = STATUSES[number % len(STATUSES)]
    approved = status is not PurchaseStatus.REQUESTED and number % 3 == 0
    base = PurchaseRow(
        id=number,
        purchased_on=date(2026, 11, 1 + number % 30),
        case_reference="" if number % 7 == 0 else f"WP-2026-{number % 40 + 1:04d}",
        category=CATEGORIES[number % len(CATEGORIES)],
        amount_pence=137 + (number * 7919) % 25_000,  # 137p to about £251, odd pence
        supplier=SUPPLIERS[number % len(SUPPLIERS)],
        payment_method=METHODS[number % len(METHODS)],
        purpose=PURPOSES[number % len(PURPOSES)],
        status=status,
        approved_by="r.okafor" if approved else "",
        approved_on=date(2026, 11, 1 + number % 28) if approved else None,
        allocation_name="Survivor support 2026-27",
        receipt_count=0 if number % 11 == 0 else 1 + number % 2,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def rows(count: int) -> tuple[PurchaseRow, ...]:
    made = [row(number) for number in range(1, count + 1)]
    return tuple(sorted(made, key=lambda r: (r.purchased_on, r.id)))


def allocation(
    number: int, name: str, amount: int, spent: int, committed: int, holder: str = ""
) -> AllocationBalanceDTO:
    return AllocationBalanceDTO(
        allocation=AllocationDTO(
            id=number,
            version=1,
            name=name,
            period_start=date(2026, 4, 1),
            period_end=date(2027, 3, 31),
            amount_pence=amount,
            holder=holder,
            notes="",
        ),
        spent_pence=spent,
        committed_pence=committed,
        remaining_pence=amount - spent - committed,
    )


BALANCES = (
    allocation(1, "Survivor support 2026-27", 1_200_000, 845_050, 32_000),
    allocation(2, "Emergency travel", 150_000, 161_275, 4_500, holder="j.smith"),  # overspent
    allocation(3, "Therapy fund (Lottery grant)", 600_000, 210_000, 0),
)
OVERSPENT_NAME = "Emergency travel"


def statement(lines: Sequence[PurchaseRow], **changes: object) -> StatementDTO:
    """A November 2026 statement over ``lines``, its figures summed from them."""
    amounts = [
        money_rules.PurchaseAmount(r.amount_pence, r.status, r.category, r.purchased_on)
        for r in lines
    ]
    figures = money_rules.balance(0, amounts)
    base = StatementDTO(
        month_start=MONTH_START,
        month_end=MONTH_END,
        organisation="Hope Navigators (Kent)",
        prepared_by="Jane Smith",
        prepared_on=date(2026, 12, 2),
        lines=tuple(lines),
        paid_pence=figures.spent_pence,
        committed_pence=figures.committed_pence,
        refunded_pence=sum(r.amount_pence for r in lines if r.status is PurchaseStatus.REFUNDED),
        by_category=tuple(money_rules.spend_by_category(amounts).items()),
        balances=BALANCES,
        missing_receipts=sum(
            1 for r in lines if r.status is PurchaseStatus.PAID and r.receipt_count == 0
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def realistic() -> StatementDTO:
    """About forty lines, one purpose in Arabic, three allocations of which one is overspent."""
    lines = list(rows(40))
    lines[5] = replace(lines[5], purpose=ARABIC_PURPOSE)
    return statement(lines)
