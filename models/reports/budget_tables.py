"""The budget statement's smaller tables: the allocations in force and paid spend by category.

Every amount is integer pence written with ``format_pence``. An overspent allocation is marked
in red *and* in words: a statement printed in black and white, or read by someone who cannot
tell red, still says so. The purchase lines are ``budget_lines``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Table

from models.dto import AllocationBalanceDTO, PurchaseRow
from models.enums import PurchaseCategory
from models.reports.budget_labels import CATEGORY_LABELS, PROGRAMME
from models.reports.budget_pages import FLAG_PANEL, RULE_MEDIUM, RULE_THIN, WIDTH, B
from models.reports.summary_blocks import cell, table
from models.reports.summary_style import PANEL, RULE, S
from models.rules.budget_balance import SPENT
from models.rules.date_text import format_date
from models.rules.money import format_pence

__all__ = ["OVERSPENT", "allocations_table", "categories_table", "head_cells", "widths"]

OVERSPENT: Final = "Overspent"

# Column widths in points; the None column takes what the others leave of the page's width.
_ALLOCATION_WIDTHS: Final = (150, 140, 75, 70, 80, 65, 70, None)
_CATEGORY_WIDTHS: Final = (100, 90)  # count and amount; the label takes the rest
_RIGHT_ALIGNED_HEADINGS: Final = frozenset(
    {"Amount", "Receipts", "Allocated", "Spent", "Committed", "Remaining", "Paid"}
)


def widths(fixed: Sequence[int | None]) -> list[int]:
    """Column widths in whole points, the ``None`` one stretched to fill the page's width."""
    known = sum(width for width in fixed if width is not None)
    return [int(WIDTH) - known if width is None else width for width in fixed]


def head_cells(titles: Sequence[str]) -> list[Flowable]:
    """A table's heading row; amounts' headings sit right, over the amounts."""
    return [
        cell(title, B.head_right if title.split()[0] in _RIGHT_ALIGNED_HEADINGS else S.head)
        for title in titles
    ]


def _head_rules(rows: int) -> list[tuple[Any, ...]]:
    """A panel behind the header, a rule under it and between the rows."""
    return [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(PANEL)),
        ("LINEBELOW", (0, 0), (-1, 0), RULE_MEDIUM, HexColor(RULE)),
        ("LINEBELOW", (0, 1), (-1, max(rows - 2, 1)), RULE_THIN, HexColor(RULE)),
    ]


# -- allocations ------------------------------------------------------------------------------


def _period(start: date, end: date) -> str:
    return f"{format_date(start)} to {format_date(end)}"


def _allocation_row(balance: AllocationBalanceDTO) -> list[Flowable]:
    allocation = balance.allocation
    overspent = balance.overspent
    return [
        cell(allocation.name, S.cell),
        cell(_period(allocation.period_start, allocation.period_end), S.cell),
        cell(allocation.holder.strip() or PROGRAMME, S.cell),
        cell(format_pence(allocation.amount_pence), B.amount),
        cell(format_pence(balance.spent_pence), B.amount),
        cell(format_pence(balance.committed_pence), B.amount),
        cell(format_pence(balance.remaining_pence), B.amount_flag if overspent else B.amount_bold),
        cell(
            f"{OVERSPENT} by {format_pence(-balance.remaining_pence)}" if overspent else "",
            B.flag,
        ),
    ]


def allocations_table(balances: Sequence[AllocationBalanceDTO], month_end: date) -> Table:
    """Each allocation in force in the month: allocated, spent and committed up to the month's
    end, what remains, and a note when it is overspent."""
    titles = (
        "Allocation",
        "Period",
        "Held by",
        "Allocated",
        f"Spent to {format_date(month_end)}",
        "Committed",
        "Remaining",
        "Note",
    )
    rows: list[list[Any]] = [head_cells(titles), *(_allocation_row(b) for b in balances)]
    flagged = [
        ("BACKGROUND", (0, i), (-1, i), HexColor(FLAG_PANEL))
        for i, balance in enumerate(balances, start=1)
        if balance.overspent
    ]
    return table(rows, widths(_ALLOCATION_WIDTHS), [*_head_rules(len(rows)), *flagged], repeat=1)


# -- spend by category ------------------------------------------------------------------------


def categories_table(
    by_category: Sequence[tuple[PurchaseCategory, int]],
    lines: Sequence[PurchaseRow],
    width: int,
) -> Table:
    """Paid spend in each category, with how many paid purchases made it, and the total."""
    counts = {category: 0 for category, _ in by_category}
    for line in lines:
        if line.status in SPENT and line.category in counts:
            counts[line.category] += 1
    rows: list[list[Any]] = [head_cells(("Category", "Paid purchases", "Paid"))]
    for category, pence in by_category:
        rows.append(
            [
                cell(CATEGORY_LABELS[category], S.cell),
                cell(str(counts[category]), B.amount),
                cell(format_pence(pence), B.amount),
            ]
        )
    rows.append(
        [
            cell("Total paid", S.cell_bold),
            cell(str(sum(counts.values())), B.amount_bold),
            cell(format_pence(sum(pence for _, pence in by_category)), B.amount_bold),
        ]
    )
    return table(
        rows,
        [width - sum(_CATEGORY_WIDTHS), *_CATEGORY_WIDTHS],
        [
            *_head_rules(len(rows)),
            ("LINEABOVE", (0, -1), (-1, -1), RULE_MEDIUM, HexColor(RULE)),
        ],
        repeat=1,
    )
