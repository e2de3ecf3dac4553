"""Properties of the budget rules (models/rules/budget_balance.py, purchase_rules.py): where the
money stands always adds up, overspending is warned of exactly when it happens, approval is
asked for exactly above the threshold, a purchase's status only moves forward, and any draft,
allocation list or receipt file is judged with a message rather than a crash."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from models.dto import AllocationDraft, AllocationDTO, PurchaseDraft
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus, ReceiptType
from models.rules import budget_balance as rules
from models.rules.budget_balance import PurchaseAmount
from models.rules.money import MAX_PENCE, format_pence
from models.rules.purchase_rules import (
    TRANSITIONS,
    allocation_for,
    default_status,
    needs_approval,
    receipt_problem,
    receipt_type,
    status_problems,
    validate_allocation,
    validate_purchase,
)

TODAY = date(2026, 11, 25)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
amounts = st.integers(min_value=1, max_value=MAX_PENCE)
purchases = st.lists(
    st.builds(
        PurchaseAmount,
        amount_pence=amounts,
        status=st.sampled_from(PurchaseStatus),
        category=st.sampled_from(PurchaseCategory),
        purchased_on=days,
        case_id=st.none() | st.integers(min_value=1, max_value=5),
    ),
    max_size=30,
)
allocated = st.integers(min_value=0, max_value=MAX_PENCE)


def paid(items: list[PurchaseAmount]) -> int:
    return sum(p.amount_pence for p in items if p.status is PurchaseStatus.PAID)


# -- Balances ---------------------------------------------------------------------------------


@given(allocated, purchases)
def test_remaining_is_allocated_less_paid_less_committed(
    allocation: int, items: list[PurchaseAmount]
) -> None:
    balance = rules.balance(allocation, items)
    promised = sum(
        p.amount_pence
        for p in items
        if p.status in (PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED)
    )
    assert balance.spent_pence == paid(items)
    assert balance.committed_pence == promised
    assert balance.remaining_pence == allocation - paid(items) - promised
    assert all(type(v) is int for v in (balance.spent_pence, balance.remaining_pence))
    # Order does not matter, and refunded or cancelled purchases count for nothing.
    assert rules.balance(allocation, list(reversed(items))) == balance
    counted = [p for p in items if rules.counts_against_budget(p.status)]
    assert rules.balance(allocation, counted) == balance


@given(allocated, purchases, amounts)
def test_overspend_is_warned_of_exactly_when_remaining_would_go_below_zero(
    allocation: int, items: list[PurchaseAmount], amount: int
) -> None:
    current = rules.balance(allocation, items)
    warning = rules.overspend_warning(current, amount, "Programme 2026/27")
    after = current.remaining_pence - amount
    assert (warning != "") == (after < 0)
    if warning:
        assert format_pence(amount) in warning
        assert f"{format_pence(-after)} over" in warning
        assert "Programme 2026/27" in warning


@given(purchases)
def test_spend_by_category_and_by_case_add_up_to_what_was_paid(items: list[PurchaseAmount]) -> None:
    by_category = rules.spend_by_category(items)
    assert sum(by_category.values()) == paid(items)
    assert all(v > 0 for v in by_category.values())
    order = list(PurchaseCategory)
    assert [order.index(c) for c in by_category] == sorted(order.index(c) for c in by_category)
    assert sum(rules.spend_by_case(items).values()) == paid(items)


@given(purchases, days, days)
def test_month_buckets_cover_the_period_without_gaps(
    items: list[PurchaseAmount], first: date, second: date
) -> None:
    start, end = min(first, second), max(first, second)
    buckets = rules.spend_by_month(items, start, end)
    months = [(int(key[:4]), int(key[5:])) for key in buckets]
    assert months[0] == (start.year, start.month)
    assert months[-1] == (end.year, end.month)
    for (year, month), following in pairwise(months):
        assert following == ((year + 1, 1) if month == 12 else (year, month + 1))
    inside = [
        p for p in items if months[0] <= (p.purchased_on.year, p.purchased_on.month) <= months[-1]
    ]
    assert sum(buckets.values()) == paid(inside)


@given(purchases)
def test_months_with_spend_are_in_order_and_add_up(items: list[PurchaseAmount]) -> None:
    buckets = rules.spend_by_month(items)
    assert list(buckets) == sorted(buckets)
    assert all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", key) for key in buckets)
    assert sum(buckets.values()) == paid(items)


@given(days)
def test_the_financial_year_runs_1_april_to_31_march_around_the_day(day: date) -> None:
    start, end = rules.financial_year(day)
    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (4, 1, 3, 31)
    assert end.year == start.year + 1


# -- Approval and status ------------------------------------------------------------------------


def draft(**changes: object) -> PurchaseDraft:
    values: dict[str, object] = {
        "purchased_on": TODAY,
        "category": PurchaseCategory.FOOD,
        "amount_pence": 2500,
        "payment_method": PaymentMethod.CARD,
        "status": PurchaseStatus.PAID,
        "purpose": "Weekly food shop",
    }
    values.update(changes)
    return PurchaseDraft(**values)  # type: ignore[arg-type]


@given(amounts, st.integers(min_value=0, max_value=MAX_PENCE))
def test_approval_is_needed_exactly_above_the_threshold(amount: int, threshold: int) -> None:
    assert needs_approval(amount, threshold) == (amount > threshold)
    expected = PurchaseStatus.REQUESTED if amount > threshold else PurchaseStatus.PAID
    assert default_status(amount, threshold) is expected
    paying = draft(amount_pence=amount, status=PurchaseStatus.PAID)
    asks = status_problems(PurchaseStatus.REQUESTED, paying, threshold)
    assert any(p.field == "approved_by" for p in asks) == (amount > threshold)
    approved = draft(
        amount_pence=amount, status=PurchaseStatus.PAID, approved_by="r.okafor", approved_on=TODAY
    )
    assert status_problems(PurchaseStatus.APPROVED, approved, threshold) == []


# Forward order of the statuses; cancelled and refunded are ends.
RANK = {
    PurchaseStatus.REQUESTED: 0,
    PurchaseStatus.APPROVED: 1,
    PurchaseStatus.PAID: 2,
    PurchaseStatus.REFUNDED: 3,
    PurchaseStatus.CANCELLED: 3,
}


@given(st.lists(st.sampled_from(PurchaseStatus), min_size=1, max_size=12))
def test_a_purchase_status_only_ever_moves_forward(wanted: list[PurchaseStatus]) -> None:
    """Whatever sequence of changes is tried, those the rules accept only move forward, and
    every refused one says so on the status field."""
    current: PurchaseStatus | None = None
    for status in wanted:
        attempt = draft(status=status, approved_by="r.okafor", approved_on=TODAY)
        refused = [p for p in status_problems(current, attempt, 100_00) if p.field == "status"]
        allowed = (
            status is not PurchaseStatus.REFUNDED
            if current is None
            else status is current or status in TRANSITIONS[current]
        )
        assert (not refused) == allowed
        assert all(p.message for p in refused)
        if allowed:
            assert current is None or RANK[status] >= RANK[current]
            current = status


# -- Validation of what is typed ----------------------------------------------------------------

text = st.text(max_size=1200)


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    days,
    st.none() | days,
    text,
    text,
    text,
)
def test_any_purchase_draft_is_judged_field_by_field(
    amount: int,
    purchased_on: date,
    approved_on: date | None,
    purpose: str,
    supplier: str,
    approved_by: str,
) -> None:
    problems = validate_purchase(
        draft(
            amount_pence=amount,
            purchased_on=purchased_on,
            approved_on=approved_on,
            purpose=purpose,
            supplier=supplier,
            approved_by=approved_by,
        ),
        TODAY,
    )
    named = {p.field for p in problems}
    assert named <= set(PurchaseDraft.__dataclass_fields__)
    assert all(p.message.strip() for p in problems)
    assert ("amount_pence" in named) == (not 0 < amount <= MAX_PENCE)
    assert ("purchased_on" in named) == (purchased_on > TODAY)
    assert ("purpose" in named) == (not purpose.strip() or len(purpose) > 1000)


@given(st.text(max_size=50), days, days, st.integers(min_value=-(10**12), max_value=10**12))
def test_any_allocation_draft_is_judged_field_by_field(
    name: str, start: date, end: date, amount: int
) -> None:
    problems = validate_allocation(AllocationDraft(name, start, end, amount))
    named = {p.field for p in problems}
    assert ("name" in named) == (not name.strip())
    assert ("amount_pence" in named) == (not 0 <= amount <= MAX_PENCE)
    assert ("period_end" in named) == (end < start)


allocations = st.lists(
    st.builds(
        AllocationDTO,
        id=st.integers(min_value=1, max_value=1000),
        version=st.just(1),
        name=st.just("Allocation"),
        period_start=days,
        period_end=days,
        amount_pence=allocated,
        holder=st.sampled_from(["", "nav.a", "nav.b"]),
        notes=st.just(""),
    ),
    max_size=8,
)


@given(days, st.sampled_from(["nav.a", "nav.b", "nav.c"]), allocations)
def test_a_purchase_draws_from_a_covering_allocation_of_its_own_navigator_first(
    day: date, user: str, found: list[AllocationDTO]
) -> None:
    chosen = allocation_for(day, user, found)
    covering = [a for a in found if a.period_start <= day <= a.period_end]
    own = [a for a in covering if a.holder == user]
    programme = [a for a in covering if not a.holder]
    if chosen is None:
        assert not own and not programme
    else:
        assert chosen.period_start <= day <= chosen.period_end
        assert chosen.holder == (user if own else "")


@given(st.binary(max_size=64), st.integers(min_value=1, max_value=48))
def test_any_file_is_a_receipt_only_when_small_enough_and_of_a_known_type(
    content: bytes, limit: int
) -> None:
    problem = receipt_problem(content, limit)
    fine = bool(content) and len(content) <= limit and receipt_type(content) is not None
    assert (problem == "") == fine
    if receipt_type(content) is not None:
        assert receipt_type(content) in set(ReceiptType)


MEGABYTE = 1024 * 1024


@given(
    st.integers(min_value=1, max_value=12 * MEGABYTE),
    st.integers(min_value=1, max_value=MEGABYTE),
    st.sampled_from([b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"]),
)
def test_a_file_over_the_limit_never_reads_as_within_it(
    limit: int, over_by: int, signature: bytes
) -> None:
    size = limit + over_by
    message = receipt_problem(signature.ljust(size, b"\0"), limit)
    shown, allowed = re.fullmatch(
        r"That file is (\d+\.\d) MB; receipts can be at most (\d+(?:\.\d)?) MB\..*", message
    ).groups()  # type: ignore[union-attr]
    tenths = lambda text: int(text.replace(".", "")) * (1 if "." in text else 10)  # noqa: E731
    assert tenths(shown) > tenths(allowed)
