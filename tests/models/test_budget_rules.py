"""The flexible budget's pure rules (issue 5): money typed as text, balances, the overspend
warning, spend by category/case/month, the financial year, approval above the threshold, the
status transitions, validation, which allocation a purchase draws from, and receipt files."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta

import pytest

from models.dto import AllocationDraft, AllocationDTO, PurchaseDraft
from models.entities.budget import RECEIPT_LIMIT_BYTES
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus, ReceiptType
from models.rules.budget_balance import (
    Balance,
    PurchaseAmount,
    balance,
    counts_against_budget,
    financial_year,
    month_key,
    overspend_warning,
    spend_by_case,
    spend_by_category,
    spend_by_month,
)
from models.rules.money import MAX_PENCE, MoneyFormatError, format_pence, parse_pounds, pounds_text
from models.rules.purchase_rules import allocation_for as choose_allocation
from models.rules.purchase_rules import (
    default_status,
    needs_approval,
    receipt_problem,
    receipt_type,
    status_problems,
    validate_allocation,
    validate_purchase,
)

from .conftest import TODAY

REQUESTED, APPROVED, PAID = PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED, PurchaseStatus.PAID
REFUNDED, CANCELLED = PurchaseStatus.REFUNDED, PurchaseStatus.CANCELLED
THRESHOLD = 100_00

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"
PDF = b"%PDF-1.7\n"


# -- Money as text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("12.05", 1205),
        ("£12.30", 1230),
        ("£1,234.56", 123456),
        ("  £ 1 234.56 ", 123456),
        ("1,234", 123400),
        ("1,234,567.89", 123456789),
        ("0.01", 1),
        ("0.1", 10),
        ("10000000", MAX_PENCE),
    ],
)
def test_parse_pounds_reads_pounds_and_pence_exactly(typed: str, pence: int) -> None:
    parsed = parse_pounds(typed)
    assert parsed == pence
    assert type(parsed) is int


@pytest.mark.parametrize(
    "typed",
    ["12.345", "-5", "-0.01", "abc", "", "   ", "£", "1e3", "12.", ".5", "12.5.0", "0x10", "12p"],
)
def test_parse_pounds_refuses_what_is_not_an_amount(typed: str) -> None:
    with pytest.raises(MoneyFormatError, match=r"such as 12\.50"):
        parse_pounds(typed)


@pytest.mark.parametrize("typed", ["12,50", "1,2,3", "12,3456", ",500", "1234,567", "1,234,56"])
def test_a_comma_must_separate_thousands(typed: str) -> None:
    """A decimal comma ("12,50") must be refused, never read as £1,250.00."""
    with pytest.raises(MoneyFormatError):
        parse_pounds(typed)


def test_parse_pounds_refuses_more_than_the_maximum() -> None:
    with pytest.raises(MoneyFormatError, match="too large"):
        parse_pounds("10000000.01")


@pytest.mark.parametrize(
    ("pence", "plain", "shown"),
    [
        (0, "0.00", "£0.00"),
        (1, "0.01", "£0.01"),
        (5, "0.05", "£0.05"),
        (1250, "12.50", "£12.50"),
        (1234550, "12345.50", "£12,345.50"),
        (123456789, "1234567.89", "£1,234,567.89"),
        (-1, "-0.01", "-£0.01"),
        (-250, "-2.50", "-£2.50"),
        (-123456, "-1234.56", "-£1,234.56"),
    ],
)
def test_pounds_text_and_format_pence(pence: int, plain: str, shown: str) -> None:
    assert pounds_text(pence) == plain
    assert format_pence(pence) == shown


@pytest.mark.parametrize("pence", [0, 1, 9, 10, 99, 100, 101, 1250, 123456, MAX_PENCE])
def test_parse_pounds_reads_back_what_pounds_text_writes(pence: int) -> None:
    assert parse_pounds(pounds_text(pence)) == pence
    assert parse_pounds(format_pence(pence)) == pence


# -- Balances ----------------------------------------------------------------------------------


def amount(
    pence: int,
    status: PurchaseStatus = PAID,
    category: PurchaseCategory = PurchaseCategory.OTHER,
    on: date = date(2026, 6, 1),
    case_id: int | None = None,
) -> PurchaseAmount:
    return PurchaseAmount(pence, status, category, on, case_id)


def test_balance_counts_paid_as_spent_and_requested_or_approved_as_committed() -> None:
    figures = balance(
        500_00,
        [
            amount(10_00, PAID),
            amount(2_50, PAID),
            amount(30_00, REQUESTED),
            amount(4_00, APPROVED),
            amount(70_00, REFUNDED),
            amount(80_00, CANCELLED),
        ],
    )
    assert figures == Balance(allocated_pence=500_00, spent_pence=12_50, committed_pence=34_00)
    assert figures.remaining_pence == 500_00 - 12_50 - 34_00


def test_refunded_and_cancelled_purchases_count_for_nothing() -> None:
    figures = balance(100_00, [amount(60_00, REFUNDED), amount(90_00, CANCELLED)])
    assert (figures.spent_pence, figures.committed_pence, figures.remaining_pence) == (
        0,
        0,
        100_00,
    )
    assert not counts_against_budget(REFUNDED)
    assert not counts_against_budget(CANCELLED)
    assert all(counts_against_budget(s) for s in (REQUESTED, APPROVED, PAID))


def test_remaining_goes_negative_when_overspent() -> None:
    figures = balance(50_00, [amount(40_00, PAID), amount(20_00, APPROVED)])
    assert figures.remaining_pence == -10_00


def test_balance_of_nothing_is_the_allocation() -> None:
    assert balance(75_00, []).remaining_pence == 75_00


# -- The overspend warning -----------------------------------------------------------------------

# £100 allocated, £30 paid, £20 promised: £50 remains.
CURRENT = Balance(allocated_pence=100_00, spent_pence=30_00, committed_pence=20_00)


def test_spending_exactly_what_remains_is_not_overspending() -> None:
    assert CURRENT.remaining_pence == 50_00
    assert overspend_warning(CURRENT, 50_00, "Programme 2026/27") == ""
    assert overspend_warning(CURRENT, 1, "Programme 2026/27") == ""


def test_one_penny_more_than_remains_warns_with_the_amounts() -> None:
    warning = overspend_warning(CURRENT, 50_01, "Programme 2026/27")
    assert warning
    assert "£50.01" in warning  # the purchase
    assert "Programme 2026/27" in warning
    assert "£50.00 remains" in warning
    assert "£100.00" in warning  # the allocation
    assert "£0.01 over" in warning


def test_warning_when_the_allocation_is_already_overspent() -> None:
    spent = Balance(allocated_pence=10_00, spent_pence=15_00, committed_pence=0)
    warning = overspend_warning(spent, 2_00)
    assert "the allocation" in warning
    assert "£7.00 over" in warning


# -- Spend by category, case and month -----------------------------------------------------------


def test_spend_by_category_is_paid_only_in_category_order_without_empty_ones() -> None:
    totals = spend_by_category(
        [
            amount(5_00, PAID, PurchaseCategory.TRAVEL),
            amount(7_00, PAID, PurchaseCategory.CLOTHING),
            amount(3_00, PAID, PurchaseCategory.TRAVEL),
            amount(99_00, REQUESTED, PurchaseCategory.FOOD),
            amount(99_00, REFUNDED, PurchaseCategory.THERAPY),
            amount(99_00, CANCELLED, PurchaseCategory.TRAVEL),
        ]
    )
    assert list(totals.items()) == [
        (PurchaseCategory.CLOTHING, 7_00),
        (PurchaseCategory.TRAVEL, 8_00),
    ]


def test_spend_by_case_keeps_programme_costs_apart() -> None:
    totals = spend_by_case(
        [
            amount(5_00, case_id=1),
            amount(6_00, case_id=2),
            amount(4_00, case_id=1),
            amount(9_00, case_id=None),
            amount(50_00, APPROVED, case_id=2),
        ]
    )
    assert totals == {1: 9_00, 2: 6_00, None: 9_00}


def test_month_key() -> None:
    assert month_key(date(2026, 4, 30)) == "2026-04"
    assert month_key(date(2026, 12, 1)) == "2026-12"


def test_spend_by_month_fills_the_gaps_between_start_and_end_in_order() -> None:
    purchases = [
        amount(3_00, on=date(2026, 12, 31)),
        amount(1_00, on=date(2026, 11, 1)),
        amount(2_00, on=date(2026, 11, 30)),
        amount(4_00, on=date(2027, 2, 1)),
        amount(50_00, REQUESTED, on=date(2027, 1, 10)),
        amount(60_00, on=date(2027, 4, 1)),  # after the end
    ]
    by_month = spend_by_month(purchases, date(2026, 10, 15), date(2027, 3, 2))
    assert list(by_month.items()) == [
        ("2026-10", 0),
        ("2026-11", 3_00),
        ("2026-12", 3_00),
        ("2027-01", 0),
        ("2027-02", 4_00),
        ("2027-03", 0),
    ]


def test_spend_by_month_without_a_range_lists_only_months_with_spend_in_order() -> None:
    purchases = [
        amount(4_00, on=date(2027, 2, 1)),
        amount(1_00, on=date(2026, 9, 1)),
        amount(50_00, CANCELLED, on=date(2026, 10, 1)),
    ]
    assert list(spend_by_month(purchases).items()) == [("2026-09", 1_00), ("2027-02", 4_00)]


def test_spend_by_month_of_a_single_month() -> None:
    assert spend_by_month([], date(2026, 11, 1), date(2026, 11, 30)) == {"2026-11": 0}


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), (date(2026, 4, 1), date(2027, 3, 31))),
        (date(2026, 1, 1), (date(2025, 4, 1), date(2026, 3, 31))),
        (date(2026, 12, 31), (date(2026, 4, 1), date(2027, 3, 31))),
        (TODAY, (date(2026, 4, 1), date(2027, 3, 31))),
    ],
)
def test_financial_year_runs_april_to_march(day: date, year: tuple[date, date]) -> None:
    assert financial_year(day) == year


# -- Approval and status -----------------------------------------------------------------------


def test_approval_is_needed_only_strictly_above_the_threshold() -> None:
    assert not needs_approval(THRESHOLD, THRESHOLD)
    assert needs_approval(THRESHOLD + 1, THRESHOLD)
    assert not needs_approval(1, THRESHOLD)
    assert needs_approval(1, 0)


def test_default_status_is_paid_up_to_the_threshold_and_requested_above() -> None:
    assert default_status(THRESHOLD, THRESHOLD) is PAID
    assert default_status(THRESHOLD + 1, THRESHOLD) is REQUESTED
    assert default_status(1, THRESHOLD) is PAID


def draft(
    status: PurchaseStatus = PAID,
    pence: int = 25_00,
    *,
    approved_by: str = "",
    approved_on: date | None = None,
    purchased_on: date = date(2026, 11, 20),
    purpose: str = "Winter coat",
    supplier: str = "Corner shop",
) -> PurchaseDraft:
    return PurchaseDraft(
        purchased_on=purchased_on,
        category=PurchaseCategory.CLOTHING,
        amount_pence=pence,
        payment_method=PaymentMethod.CARD,
        status=status,
        supplier=supplier,
        purpose=purpose,
        approved_by=approved_by,
        approved_on=approved_on,
    )


def approved(status: PurchaseStatus, pence: int = 25_00) -> PurchaseDraft:
    return draft(status, pence, approved_by="M. Okafor", approved_on=date(2026, 11, 21))


# Written out by hand (not read from TRANSITIONS) so that a wrong table fails here.
ALLOWED_MOVES = {
    (REQUESTED, APPROVED),
    (REQUESTED, PAID),
    (REQUESTED, CANCELLED),
    (APPROVED, PAID),
    (APPROVED, CANCELLED),
    (PAID, REFUNDED),
}


@pytest.mark.parametrize(
    ("previous", "wanted"), list(itertools.product(PurchaseStatus, PurchaseStatus))
)
def test_status_transitions(previous: PurchaseStatus, wanted: PurchaseStatus) -> None:
    problems = status_problems(previous, approved(wanted), THRESHOLD)
    allowed = previous is wanted or (previous, wanted) in ALLOWED_MOVES
    assert [p.field for p in problems if p.field == "status"] == ([] if allowed else ["status"])
    if not allowed:
        (problem,) = problems
        assert previous.value in problem.message
        assert wanted.value in problem.message


def test_paid_cannot_go_back_to_requested_but_can_be_refunded() -> None:
    assert [p.field for p in status_problems(PAID, approved(REQUESTED), THRESHOLD)] == ["status"]
    assert status_problems(PAID, approved(REFUNDED), THRESHOLD) == []


@pytest.mark.parametrize("wanted", [REQUESTED, APPROVED, PAID, REFUNDED])
def test_cancelled_is_final(wanted: PurchaseStatus) -> None:
    problems = status_problems(CANCELLED, approved(wanted), THRESHOLD)
    assert "cannot become" in problems[0].message


def test_a_new_purchase_cannot_start_refunded() -> None:
    problems = status_problems(None, approved(REFUNDED), THRESHOLD)
    assert [p.field for p in problems] == ["status"]
    for status in (REQUESTED, APPROVED, PAID, CANCELLED):
        assert status_problems(None, approved(status), THRESHOLD) == []


def test_paying_over_the_threshold_needs_an_approver() -> None:
    problems = status_problems(REQUESTED, draft(PAID, THRESHOLD + 1), THRESHOLD)
    assert [p.field for p in problems] == ["approved_by"]
    assert "£100.00" in problems[0].message
    # Who, but not when, is not an approval either.
    half = draft(PAID, THRESHOLD + 1, approved_by="M. Okafor")
    assert [p.field for p in status_problems(REQUESTED, half, THRESHOLD)] == ["approved_by"]
    assert status_problems(REQUESTED, approved(PAID, THRESHOLD + 1), THRESHOLD) == []
    assert status_problems(None, approved(PAID, THRESHOLD + 1), THRESHOLD) == []
    assert [p.field for p in status_problems(None, draft(PAID, THRESHOLD + 1), THRESHOLD)] == [
        "approved_by"
    ]


def test_paying_at_the_threshold_needs_no_approver() -> None:
    assert status_problems(None, draft(PAID, THRESHOLD), THRESHOLD) == []
    assert status_problems(REQUESTED, draft(PAID, THRESHOLD), THRESHOLD) == []


def test_requesting_over_the_threshold_needs_no_approver_yet() -> None:
    assert status_problems(None, draft(REQUESTED, THRESHOLD * 5), THRESHOLD) == []


def test_approving_needs_who_and_when_whatever_the_amount() -> None:
    problems = status_problems(REQUESTED, draft(APPROVED, 1), THRESHOLD)
    assert [p.field for p in problems] == ["approved_by"]
    assert "who approved" in problems[0].message


def test_a_valid_purchase_has_no_problems() -> None:
    assert validate_purchase(draft(), TODAY) == []
    assert validate_purchase(draft(purchased_on=TODAY), TODAY) == []
    assert validate_purchase(approved(PAID), TODAY) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount_pence": 0}, "amount_pence"),
        ({"amount_pence": -100}, "amount_pence"),
        ({"amount_pence": MAX_PENCE + 1}, "amount_pence"),
        ({"purchased_on": TODAY + timedelta(days=1)}, "purchased_on"),
        ({"approved_by": "M. Okafor", "approved_on": TODAY + timedelta(days=1)}, "approved_on"),
        ({"approved_on": date(2026, 11, 21)}, "approved_by"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": "x" * 1001}, "purpose"),
        ({"supplier": "x" * 201}, "supplier"),
        ({"approved_by": "x" * 201, "approved_on": date(2026, 11, 21)}, "approved_by"),
    ],
)
def test_validate_purchase_names_the_field(change: dict[str, object], field: str) -> None:
    problems = validate_purchase(dataclasses.replace(draft(), **change), TODAY)
    assert [p.field for p in problems] == [field]
    assert problems[0].message


def test_validate_purchase_accepts_the_largest_amount_and_longest_texts() -> None:
    longest = dataclasses.replace(
        draft(), amount_pence=MAX_PENCE, purpose="x" * 1000, supplier="y" * 200
    )
    assert validate_purchase(longest, TODAY) == []


def test_validate_allocation() -> None:
    good = AllocationDraft("Programme 2026/27", date(2026, 4, 1), date(2027, 3, 31), 5000_00)
    assert validate_allocation(good) == []
    assert validate_allocation(dataclasses.replace(good, period_end=good.period_start)) == []
    assert validate_allocation(dataclasses.replace(good, amount_pence=0)) == []
    bad = [
        (dataclasses.replace(good, name="  "), "name"),
        (dataclasses.replace(good, amount_pence=-1), "amount_pence"),
        (dataclasses.replace(good, amount_pence=MAX_PENCE + 1), "amount_pence"),
        (dataclasses.replace(good, period_end=date(2026, 3, 31)), "period_end"),
    ]
    for allocation, field in bad:
        assert [p.field for p in validate_allocation(allocation)] == [field]


# -- Which allocation a purchase draws from -----------------------------------------------------


def allocation(
    allocation_id: int, holder: str, start: date, end: date, name: str = ""
) -> AllocationDTO:
    return AllocationDTO(
        id=allocation_id,
        version=1,
        name=name or f"allocation {allocation_id}",
        period_start=start,
        period_end=end,
        amount_pence=1000_00,
        holder=holder,
        notes="",
    )


YEAR_START, YEAR_END = date(2026, 4, 1), date(2027, 3, 31)
PROGRAMME = allocation(1, "", YEAR_START, YEAR_END)
MINE = allocation(2, "navigator.one", date(2026, 10, 1), date(2026, 12, 31))
THEIRS = allocation(3, "navigator.two", YEAR_START, YEAR_END)
ALLOCATIONS = [PROGRAMME, THEIRS, MINE]


def test_the_navigators_own_allocation_beats_the_programme() -> None:
    assert choose_allocation(date(2026, 11, 20), "navigator.one", ALLOCATIONS) == MINE


def test_outside_their_own_period_the_programme_is_used() -> None:
    assert choose_allocation(date(2026, 9, 30), "navigator.one", ALLOCATIONS) == PROGRAMME
    assert choose_allocation(date(2027, 1, 1), "navigator.one", ALLOCATIONS) == PROGRAMME


def test_another_navigators_allocation_is_never_chosen() -> None:
    assert choose_allocation(date(2026, 11, 20), "navigator.three", ALLOCATIONS) == PROGRAMME
    assert choose_allocation(date(2026, 11, 20), "navigator.one", [THEIRS]) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 1), MINE),  # first day of the period
        (date(2026, 12, 31), MINE),  # last day
        (YEAR_START, PROGRAMME),
        (YEAR_END, PROGRAMME),
        (date(2026, 3, 31), None),
        (date(2027, 4, 1), None),
    ],
)
def test_period_boundaries_are_inclusive(day: date, expected: AllocationDTO | None) -> None:
    assert choose_allocation(day, "navigator.one", ALLOCATIONS) == expected


def test_no_allocations_means_none() -> None:
    assert choose_allocation(TODAY, "navigator.one", []) is None


# -- Receipts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PNG + b"\x00" * 32, ReceiptType.PNG),
        (JPEG + b"JFIF", ReceiptType.JPEG),
        (PDF + b"1 0 obj", ReceiptType.PDF),
        (b"GIF89a" + b"\x00" * 32, None),
        (b"PK\x03\x04 a zip or docx", None),
        (b"just some text, named receipt.png", None),
        (b"\x89PNG", None),  # cut short: not the whole signature
        (b" %PDF-1.7", None),  # the signature must come first
    ],
)
def test_receipt_type_comes_from_the_first_bytes(content: bytes, kind: ReceiptType | None) -> None:
    assert receipt_type(content) == kind
    assert (receipt_problem(content, RECEIPT_LIMIT_BYTES) == "") is (kind is not None)


def test_a_receipt_of_another_type_is_refused_with_the_types_allowed() -> None:
    problem = receipt_problem(b"GIF89a....", RECEIPT_LIMIT_BYTES)
    assert "PDF, a JPEG or a PNG" in problem


def test_an_empty_file_is_refused() -> None:
    assert receipt_problem(b"", RECEIPT_LIMIT_BYTES) == "That file is empty."


def test_a_receipt_exactly_at_the_limit_is_accepted() -> None:
    assert RECEIPT_LIMIT_BYTES == 10 * 1024 * 1024
    content = PNG + bytes(RECEIPT_LIMIT_BYTES - len(PNG))
    assert len(content) == RECEIPT_LIMIT_BYTES
    assert receipt_problem(content, RECEIPT_LIMIT_BYTES) == ""


def test_one_byte_over_the_limit_is_refused_with_the_sizes_in_mb() -> None:
    content = PNG + bytes(RECEIPT_LIMIT_BYTES + 1 - len(PNG))
    problem = receipt_problem(content, RECEIPT_LIMIT_BYTES)
    # Just over the limit must not read as the limit itself ("10.0 MB; at most 10 MB").
    assert "That file is 10.1 MB" in problem
    assert "at most 10 MB" in problem


def test_sizes_are_given_in_mb_to_one_decimal_place() -> None:
    megabyte = 1024 * 1024
    problem = receipt_problem(PNG + bytes(12 * megabyte + megabyte // 4), 10 * megabyte)
    assert "That file is 12.3 MB" in problem
    problem = receipt_problem(PNG + bytes(2 * megabyte), megabyte + megabyte // 2)
    assert "That file is 2.1 MB; receipts can be at most 1.5 MB" in problem


def test_raising_an_approved_amount_needs_the_approval_again() -> None:
    from models.rules.purchase_rules import approval_outdated

    approved = PurchaseDraft(
        purchased_on=date(2026, 11, 2),
        category=PurchaseCategory.THERAPY,
        amount_pence=20_000,
        payment_method=PaymentMethod.INVOICE,
        status=PurchaseStatus.APPROVED,
        purpose="Therapy",
        approved_by="Programme manager",
        approved_on=date(2026, 11, 2),
    )
    raised = dataclasses.replace(approved, amount_pence=20_001)
    assert approval_outdated(20_000, "Programme manager", date(2026, 11, 2), raised, 10_000)
    # The same amount, a lower one, or a fresh approval is fine.
    assert not approval_outdated(20_000, "Programme manager", date(2026, 11, 2), approved, 10_000)
    lowered = dataclasses.replace(approved, amount_pence=15_000)
    assert not approval_outdated(20_000, "Programme manager", date(2026, 11, 2), lowered, 10_000)
    again = dataclasses.replace(raised, approved_on=date(2026, 11, 3))
    assert not approval_outdated(20_000, "Programme manager", date(2026, 11, 2), again, 10_000)


def test_the_warning_for_an_allocation_already_overspent_says_so() -> None:
    from models.rules.budget_balance import Balance, overspend_warning

    text = overspend_warning(Balance(1000, 1500, 0), 200, "“Float”")
    assert "already £5.00 over" in text and "-£" not in text
