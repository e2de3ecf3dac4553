"""The budget statement's purchase list: every line of the month with totals at the end.

The totals are summed from the lines the list prints, so a reader adding up the amount column
gets the figure in the total row. A paid purchase with no receipt says "Missing" in red, in
words as well as colour. The list can run to hundreds of lines: it is a ``budget_list.RowList``
of cells wrapped once (``budget_cells``), its heading repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.platypus import Table

from models.dto import PurchaseRow
from models.enums import PurchaseStatus
from models.reports.budget_cells import text_cell, text_commands
from models.reports.budget_labels import CATEGORY_LABELS, METHOD_LABELS, STATUS_LABELS, case_label
from models.reports.budget_list import Cell, ListLook, RowList
from models.reports.budget_pages import RULE_MEDIUM, RULE_THIN
from models.reports.budget_tables import head_cells, widths
from models.reports.summary_blocks import table
from models.reports.summary_style import DRAFT, NOT_KNOWN, PANEL, RULE, S
from models.rules.budget_balance import COMMITTED, SPENT
from models.rules.date_text import format_date
from models.rules.money import format_pence

__all__ = ["LINE_HEADINGS", "MISSING", "lines_table", "total_rows", "totals_table"]

MISSING: Final = "Missing"
LINE_HEADINGS: Final = (
    "Date",
    "Case",
    "Category",
    "Supplier",
    "Method",
    "Purpose",
    "Status",
    "Approved",
    "Receipts",
    "Amount",
)
_WIDTHS: Final = widths((56, 70, 82, 86, 44, None, 52, 70, 44, 64))
_RECEIPTS, _AMOUNT = 8, 9
_PAD_X: Final = 4

# The purchase list is the longest table by far: a point smaller and tighter than the others
# keeps a busy month to fewer pages.
_LINE: Final = replace(S.cell, size=8, leading=11)
_LINE_BOLD: Final = replace(_LINE, bold=True)
_LINE_AMOUNT: Final = replace(_LINE, align="right")
_STYLES: Final = (*[_LINE] * _RECEIPTS, _LINE_AMOUNT, _LINE_AMOUNT)
_LOOK: Final = ListLook(
    pad_x=_PAD_X,
    pad_top=2,
    pad_bottom=3,
    rule=HexColor(RULE),
    thin=RULE_THIN,
    medium=RULE_MEDIUM,
    panel=HexColor(PANEL),
)
_PADDING: Final[tuple[tuple[Any, ...], ...]] = (
    ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X),
    ("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
)
_FLAG: Final = replace(_LINE, bold=True, color=DRAFT, align="right")


def _approved(line: PurchaseRow) -> str:
    who = line.approved_by.strip()
    if not who and line.approved_on is None:
        return NOT_KNOWN
    when = format_date(line.approved_on) if line.approved_on is not None else ""
    return "\n".join(part for part in (who, when) if part)


def _receipts(line: PurchaseRow) -> str:
    """The receipt count; a paid purchase without one says so (the finance team will ask)."""
    if line.receipt_count == 0 and line.status in SPENT:
        return MISSING
    return str(line.receipt_count)


def _line_row(line: PurchaseRow) -> list[Cell]:
    texts = (
        format_date(line.purchased_on),
        case_label(line.case_reference),
        CATEGORY_LABELS[line.category],
        line.supplier,
        METHOD_LABELS[line.payment_method],
        line.purpose,
        STATUS_LABELS[line.status],
        _approved(line),
        _receipts(line),
        format_pence(line.amount_pence),
    )
    styles = list(_STYLES)
    if texts[_RECEIPTS] == MISSING:
        styles[_RECEIPTS] = _FLAG
    return [
        text_cell(text, width - 2 * _PAD_X, style)
        for text, width, style in zip(texts, _WIDTHS, styles, strict=True)
    ]


def _count(number: int) -> str:
    return f"{number} purchase" if number == 1 else f"{number} purchases"


def total_rows(lines: Sequence[PurchaseRow]) -> list[tuple[str, int, int]]:
    """(label, number of lines, pence) for each total the statement prints, summed from the
    lines themselves."""
    kinds: tuple[tuple[str, frozenset[PurchaseStatus]], ...] = (
        ("Total paid", SPENT),
        ("Total committed, requested or approved but not yet paid", COMMITTED),
        ("Total refunded", frozenset({PurchaseStatus.REFUNDED})),
    )
    totals = []
    for label, statuses in kinds:
        chosen = [line.amount_pence for line in lines if line.status in statuses]
        totals.append((label, len(chosen), sum(chosen)))
    return totals


def lines_table(lines: Sequence[PurchaseRow]) -> RowList:
    """Every purchase line in the order given (date order), the heading repeated on each
    page."""
    return RowList(head_cells(LINE_HEADINGS), [_line_row(line) for line in lines], _WIDTHS, _LOOK)


def totals_table(lines: Sequence[PurchaseRow]) -> Table:
    """The totals under the purchase list, their amounts in line with its amount column (the
    list itself has no rows that span columns)."""
    rows = [
        [f"{label} ({_count(number)})", format_pence(pence)]
        for label, number, pence in total_rows(lines)
    ]
    amount_width = _WIDTHS[_AMOUNT]
    commands: list[tuple[Any, ...]] = [
        *_PADDING,
        *text_commands(_LINE_BOLD, ((0, 0), (-1, -1))),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, 0), (-1, 0), RULE_MEDIUM, HexColor(RULE)),
        ("LINEBELOW", (0, 0), (-1, -2), RULE_THIN, HexColor(RULE)),
    ]
    return table(rows, [sum(_WIDTHS) - amount_width, amount_width], commands)
