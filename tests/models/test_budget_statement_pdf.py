# ruff: noqa: RUF001 - an em dash and Arabic script in expected text, on purpose
"""The monthly budget statement PDF as the finance team reads it, read back with pypdf and
rendered with pdftoppm.

Statements are built from hand-made DTOs (``budget_samples``, no vault). Every figure a test
looks for is summed here from the lines, not taken from the statement, so a total that drifts
from its lines is caught.
"""

from __future__ import annotations

import io
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PageObject, PdfReader

from models.dto import PurchaseRow, StatementDTO
from models.enums import PurchaseCategory, PurchaseStatus
from models.reports.budget_cells import MAX_LINES
from models.reports.budget_statement import build_budget_statement, statement_file_name
from models.rules.money import format_pence
from tests.models.budget_samples import (
    ARABIC_PURPOSE,
    BALANCES,
    OVERSPENT_NAME,
    realistic,
    row,
    rows,
    statement,
)
from tests.models.summary_samples import all_text, dark_share, pages_text, render, squash

PAID, REFUNDED = PurchaseStatus.PAID, PurchaseStatus.REFUNDED
COMMITTED = (PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED)
LIST_HEADING = "Date Case Category Supplier Method Purpose Status Approved Receipts Amount"
TITLE = "Budget statement — November 2026"


def pence_of(lines: Sequence[PurchaseRow], *statuses: PurchaseStatus) -> int:
    return sum(line.amount_pence for line in lines if line.status in statuses)


def count_of(lines: Sequence[PurchaseRow], *statuses: PurchaseStatus) -> int:
    return sum(1 for line in lines if line.status in statuses)


def purchases(number: int) -> str:
    return f"{number} purchase" if number == 1 else f"{number} purchases"


@pytest.fixture(scope="module")
def month() -> StatementDTO:
    return realistic()


@pytest.fixture(scope="module")
def month_pdf(month: StatementDTO) -> bytes:
    return build_budget_statement(month)


@pytest.fixture(scope="module")
def month_text(month_pdf: bytes) -> str:
    return all_text(month_pdf)


@pytest.fixture(scope="module")
def busy() -> StatementDTO:
    """Three hundred lines, each with a supplier of its own."""
    return statement([replace(line, supplier=f"Supplier {line.id:03d}") for line in rows(300)])


@pytest.fixture(scope="module")
def busy_pages(busy: StatementDTO) -> list[str]:
    return pages_text(build_budget_statement(busy))


# -- file name and metadata ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month_start", "expected"),
    [
        (date(2026, 11, 1), "budget-statement-2026-11.pdf"),
        (date(2027, 1, 1), "budget-statement-2027-01.pdf"),
    ],
)
def test_file_name_is_the_month_only(month_start: date, expected: str) -> None:
    assert statement_file_name(month_start) == expected


def test_metadata_names_the_document_and_nobody(month_pdf: bytes, month: StatementDTO) -> None:
    reader = PdfReader(io.BytesIO(month_pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == TITLE
    assert info.author == "Waypost"
    values = " ".join(str(value) for value in info.values())
    for line in month.lines:
        assert line.supplier not in values
        assert not line.case_reference or line.case_reference not in values


def test_pages_are_a4_landscape(month_pdf: bytes) -> None:
    for page in PdfReader(io.BytesIO(month_pdf)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)


# -- the opening and the summary ------------------------------------------------------------------


def test_opening_says_what_whose_and_who_prepared_it(month_text: str) -> None:
    assert month_text.startswith(TITLE)
    for expected in (
        "Every purchase dated 1 Nov 2026 to 30 Nov 2026 except cancelled ones",
        "Organisation Hope Navigators (Kent)",
        "Month 1 Nov 2026 to 30 Nov 2026",
        "Prepared by Jane Smith",
        "Prepared on 2 Dec 2026",
    ):
        assert expected in month_text


def test_summary_figures_are_the_sums_of_the_lines(month: StatementDTO, month_text: str) -> None:
    lines = month.lines
    missing = sum(1 for line in lines if line.status is PAID and line.receipt_count == 0)
    assert missing >= 2
    assert f"Paid this month {format_pence(pence_of(lines, PAID))}" in month_text
    assert f"Committed, not yet paid {format_pence(pence_of(lines, *COMMITTED))}" in month_text
    assert f"Refunded {format_pence(pence_of(lines, REFUNDED))}" in month_text
    assert f"Purchases {len(lines)}" in month_text
    assert f"Paid without a receipt {missing} paid purchases have no receipt" in month_text


def test_spend_by_category_adds_up_to_the_paid_total(month: StatementDTO, month_text: str) -> None:
    lines = month.lines
    therapy = [line for line in lines if line.category is PurchaseCategory.THERAPY]
    paid_therapy = [line for line in therapy if line.status is PAID]
    assert paid_therapy
    assert (
        f"Therapy and counselling {len(paid_therapy)} "
        f"{format_pence(sum(line.amount_pence for line in paid_therapy))}" in month_text
    )
    paid = pence_of(lines, PAID)
    assert f"Total paid {count_of(lines, PAID)} {format_pence(paid)}" in month_text


# -- allocations -----------------------------------------------------------------------------------


def test_each_allocation_shows_its_figures(month_text: str) -> None:
    assert "Allocations in force" in month_text
    assert (
        "Survivor support 2026-27 1 Apr 2026 to 31 Mar 2027 Programme £12,000.00 £8,450.50 "
        "£320.00 £3,229.50" in month_text
    )
    assert "Spent to 30 Nov 2026" in month_text


def test_an_overspent_allocation_says_so_in_words(month_text: str) -> None:
    assert (
        f"{OVERSPENT_NAME} 1 Apr 2026 to 31 Mar 2027 j.smith £1,500.00 £1,612.75 £45.00 "
        "-£157.75 Overspent by £157.75" in month_text
    )
    assert month_text.count("Overspent") == 1  # the other two are within budget


RED = (0.608, 0.173, 0.173)  # summary_style.DRAFT, #9B2C2C


def _page_colours(page: PageObject) -> list[tuple[str, tuple[float, ...]]]:
    found: list[tuple[str, tuple[float, ...]]] = []
    stack: list[tuple[float, ...]] = [(0, 0, 0)]  # the fill colour, saved and restored

    def operand(operator: bytes, args: list[object], *_rest: object) -> None:
        if operator == b"q":
            stack.append(stack[-1])
        elif operator == b"Q":
            stack.pop()
        elif operator == b"rg":
            stack[-1] = tuple(round(float(str(a)), 3) for a in args)

    def text(value: str, *_rest: object) -> None:
        if value.strip():
            found.append((value.strip(), stack[-1]))

    page.extract_text(visitor_operand_before=operand, visitor_text=text)
    return found


def coloured_text(pdf: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Each piece of text in the PDF with the fill colour it is drawn in (RGB, rounded)."""
    return [piece for page in PdfReader(io.BytesIO(pdf)).pages for piece in _page_colours(page)]


def test_overspent_and_missing_are_drawn_in_red(month: StatementDTO, month_pdf: bytes) -> None:
    pieces = coloured_text(month_pdf)
    red = [piece for piece, colour in pieces if colour == RED]
    missing = sum(1 for line in month.lines if line.status is PAID and line.receipt_count == 0)
    assert red.count("Missing") == missing
    assert [piece for piece, _ in pieces].count("Missing") == missing
    assert "-£157.75" in red and "Overspent by" in red
    assert "2 paid purchases have no receipt" in red
    # Nothing else is red: not the within-budget allocations, not ordinary amounts.
    assert set(red) == {
        "2 paid purchases have no receipt",
        "-£157.75",
        "Overspent by",
        "£157.75",
        "Missing",
    }
    assert "£3,229.50" not in red


def red_share(image: Image.Image) -> float:
    """The share of pixels in the statement's warning red (a strong red, not the pale panel)."""
    data = image.convert("RGB").tobytes()
    triples = zip(data[0::3], data[1::3], data[2::3], strict=True)
    red = sum(1 for r, g, b in triples if r > 120 and max(g, b) < 90)
    return red / (image.size[0] * image.size[1])


@pytest.mark.parametrize(
    ("overspent", "missing", "red"),
    [(True, False, True), (False, True, True), (False, False, False)],
    ids=["overspent", "missing-receipts", "neither"],
)
def test_overspent_and_missing_receipts_are_red_too(
    overspent: bool, missing: bool, red: bool, tmp_path: Path
) -> None:
    balances = BALANCES if overspent else tuple(b for b in BALANCES if not b.overspent)
    lines = realistic().lines[:8]  # one page: the list's own "Missing" marks are on page 1
    if not missing:
        lines = tuple(replace(line, receipt_count=1) for line in lines)
    content = statement(lines, balances=balances)
    assert (content.missing_receipts > 0) is missing
    pages = render(build_budget_statement(content), tmp_path)
    assert len(pages) == 1
    assert (red_share(pages[0]) > 0.0002) is red


def test_no_allocation_in_force_is_said(month: StatementDTO) -> None:
    text = all_text(build_budget_statement(replace(month, balances=())))
    assert "No allocation was in force this month." in text
    assert "Overspent" not in text


# -- the purchase list ----------------------------------------------------------------------------


def test_every_line_is_listed_with_its_details(busy: StatementDTO, busy_pages: list[str]) -> None:
    text = " ".join(busy_pages)
    for line in busy.lines:
        assert line.supplier in text
    first = busy.lines[0]
    assert (
        "1 Nov 2026 WP-2026-0031 Repatriation Supplier 030 Voucher Winter coat and boots Paid "
        "r.okafor 3 Nov 2026 1 £127.07" in text
    )
    assert first.id == 30


def test_totals_equal_the_sum_of_the_lines_over_many_pages(
    busy: StatementDTO, busy_pages: list[str]
) -> None:
    assert len(busy_pages) >= 8
    lines = busy.lines
    paid = pence_of(lines, PAID)
    assert paid == busy.paid_pence  # the sample's own figure agrees
    last = busy_pages[-1]
    assert f"Total paid ({purchases(count_of(lines, PAID))}) {format_pence(paid)}" in last
    assert (
        "Total committed, requested or approved but not yet paid "
        f"({purchases(count_of(lines, *COMMITTED))}) "
        f"{format_pence(pence_of(lines, *COMMITTED))}" in last
    )
    assert (
        f"Total refunded ({purchases(count_of(lines, REFUNDED))}) "
        f"{format_pence(pence_of(lines, REFUNDED))}" in last
    )
    assert f"Paid this month {format_pence(paid)}" in busy_pages[0]


def test_the_list_heading_repeats_on_every_page_it_runs_onto(busy_pages: list[str]) -> None:
    on = [number for number, text in enumerate(busy_pages, 1) if LIST_HEADING in text]
    first = on[0]
    assert first <= 2
    assert on == list(range(first, len(busy_pages) + 1))
    assert busy_pages[1].index(LIST_HEADING) < busy_pages[1].index("Supplier 0")


def test_every_page_is_numbered_with_the_month(busy_pages: list[str]) -> None:
    for number, text in enumerate(busy_pages, start=1):
        assert f"Page {number} of {len(busy_pages)}" in text
        assert "Budget statement, November 2026" in text


def test_programme_costs_and_labels(month: StatementDTO) -> None:
    line = row(
        4,
        case_reference="",
        category=PurchaseCategory.SAFETY_EQUIPMENT,
        supplier="Argos",
        status=PAID,
        receipt_count=0,
        approved_by="",
        approved_on=None,
    )
    text = all_text(build_budget_statement(statement([line])))
    assert "Programme Safety equipment Argos" in text
    assert "Paid – Missing" in text  # not approved (en dash); paid with no receipt


def test_missing_receipts_are_marked_on_paid_lines_only(
    busy: StatementDTO, busy_pages: list[str]
) -> None:
    text = " ".join(busy_pages)
    missing = [line for line in busy.lines if line.status is PAID and line.receipt_count == 0]
    assert missing
    assert text.count("Missing") == len(missing)


def test_a_purpose_in_arabic_prints_and_extracts(month_text: str) -> None:
    squashed = unicodedata.normalize("NFKC", month_text).replace(" ", "")
    assert ARABIC_PURPOSE.replace(" ", "") in squashed


def test_an_overlong_supplier_is_cut_to_fit_a_page() -> None:
    endless = "X" * 5000  # one word, far taller than a page once wrapped in its column
    pdf = build_budget_statement(statement([row(1, supplier=endless)]))
    text = squash(all_text(pdf))
    assert "…" in text
    kept = text.replace(" ", "").count("X")
    assert 0 < kept < len(endless)
    assert MAX_LINES >= 10


def test_an_empty_month_says_so() -> None:
    text = all_text(build_budget_statement(statement([], balances=())))
    assert "No purchases were recorded in November 2026." in text
    assert "Nothing was paid this month." in text
    assert "Paid this month £0.00" in text
    assert "Paid without a receipt None" in text
    assert "Total paid" not in text


# -- pages and speed ------------------------------------------------------------------------------


def test_the_first_page_renders_with_ink(month_pdf: bytes, tmp_path: Path) -> None:
    [page] = render(month_pdf, tmp_path)
    width, height = page.size
    assert width > height  # landscape
    assert dark_share(page) > 0.01  # a blank page has none
    assert dark_share(page, (0, 0, width, height // 8)) > 0.01  # the title at the top


def test_three_hundred_lines_build_quickly(busy: StatementDTO) -> None:
    build_budget_statement(busy)  # fonts registered, caches warm
    started = time.perf_counter()
    build_budget_statement(busy)
    elapsed = time.perf_counter() - started
    # About 0.25 s on a developer's machine; a Paragraph per cell took 1.5 s.
    assert elapsed < 1.2, f"{elapsed:.2f} s"
