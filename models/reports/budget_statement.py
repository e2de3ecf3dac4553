"""The monthly budget statement: what the programme spent, promised and got back in a month,
for the charity's finance team.

Built from a :class:`~models.dto.StatementDTO` with reportlab, no Qt and no ``Session``, on A4
landscape (``budget_pages``). It lists case references, never a survivor's name, and its file
name and PDF metadata hold only the month. Money is integer pence throughout, written with
``models.rules.money.format_pence``: no amount is ever a float, not even on its way to the page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Final

from reportlab.lib.colors import HexColor
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from models.dto import StatementDTO
from models.reports.budget_labels import month_title
from models.reports.budget_lines import lines_table, totals_table
from models.reports.budget_pages import (
    RULE_THIN,
    WIDTH,
    B,
    build_landscape_pdf,
    statement_footer,
)
from models.reports.budget_tables import allocations_table, categories_table
from models.reports.summary_blocks import cell, section, table
from models.reports.summary_style import PANEL, RULE, S
from models.reports.summary_text import para
from models.reports.text import TextStyle
from models.rules.date_text import format_date
from models.rules.money import format_pence

__all__ = ["TITLE", "build_budget_statement", "statement_file_name"]

TITLE: Final = "Budget statement"
_DASH: Final = "\u2014"  # em dash, as an escape so the source stays plain ASCII
_GAP: Final = 16  # points between the two columns at the top
_HALF: Final = 340  # points: the left column, details and figures
_RIGHT_WIDTH: Final = int(WIDTH) - _HALF - _GAP
_LABEL: Final = 150  # points for a panel's labels
_LINES_START: Final = 110  # points: the purchase list's heading and its first few lines


def statement_file_name(month_start: date) -> str:
    """``budget-statement-2026-11.pdf``: the month only, nothing about anyone."""
    return f"budget-statement-{month_start.year:04d}-{month_start.month:02d}.pdf"


def _panel(rows: list[tuple[str, str, TextStyle]], width: int) -> Table:
    """Label and value pairs on a light panel, ``width`` points wide; each row brings the
    value's style."""
    cells = [[cell(label, S.label), cell(value, style)] for label, value, style in rows]
    return table(
        cells,
        [_LABEL, width - _LABEL],
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(PANEL)),
            ("TOPPADDING", (0, 0), (0, -1), 4),  # labels are a point smaller: align baselines
            ("LINEBELOW", (0, 0), (-1, -2), RULE_THIN, HexColor(RULE)),
        ],
    )


def _missing_text(missing: int) -> str:
    if missing == 0:
        return "None"
    noun = "purchase has" if missing == 1 else "purchases have"
    return f"{missing} paid {noun} no receipt"


def _figures(statement: StatementDTO) -> list[tuple[str, str, TextStyle]]:
    missing = statement.missing_receipts
    return [
        ("Paid this month", format_pence(statement.paid_pence), S.cell_bold),
        (
            "Committed, not yet paid",
            f"{format_pence(statement.committed_pence)} (requested or approved)",
            S.value,
        ),
        ("Refunded", format_pence(statement.refunded_pence), S.value),
        ("Purchases", str(len(statement.lines)), S.value),
        ("Paid without a receipt", _missing_text(missing), B.flag if missing else S.value),
    ]


def _side_by_side(left: list[Flowable], right: list[Flowable]) -> Table:
    """Two columns of flowables, top-aligned, with a gap between them."""
    zero = [(side, (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    return Table(
        [[left, "", right]],
        colWidths=[_HALF, _GAP, _RIGHT_WIDTH],
        hAlign="LEFT",
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *[(f"{side}PADDING", start, stop, value) for side, start, stop, value in zero],
        ],
    )


def _categories(statement: StatementDTO) -> list[Flowable]:
    heading = replace(S.section, space_before=0)
    if not statement.by_category:
        body: Flowable = para("Nothing was paid this month.", S.body)
    else:
        body = categories_table(statement.by_category, statement.lines, _RIGHT_WIDTH)
    return [para("Paid spend by category", heading), body]


def opening(statement: StatementDTO) -> list[Flowable]:
    """The title and what the statement covers; then, side by side, the month's figures over
    who prepared it, and paid spend by category. Side by side, a landscape page holds all of
    it and the allocations too, instead of leaving half a page empty under each."""
    month = month_title(statement.month_start)
    span = f"{format_date(statement.month_start)} to {format_date(statement.month_end)}"
    details = [
        ("Organisation", statement.organisation.strip() or "Not recorded", S.value),
        ("Month", span, S.value),
        ("Prepared by", statement.prepared_by.strip() or "Not recorded", S.value),
        ("Prepared on", format_date(statement.prepared_on), S.value),
    ]
    lead = (
        f"Every purchase dated {span} except cancelled ones, and the allocations in force that "
        "month. Amounts are in pounds sterling."
    )
    left: list[Flowable] = [
        para("Summary", replace(S.section, space_before=0)),
        _panel(_figures(statement), _HALF),
        Spacer(0, _GAP),
        _panel(details, _HALF),
    ]
    return [
        para(f"{TITLE} {_DASH} {month}", S.title),
        para(lead, S.lead),
        _side_by_side(left, _categories(statement)),
    ]


def allocations_block(statement: StatementDTO) -> list[Flowable]:
    if not statement.balances:
        body: Flowable = para("No allocation was in force this month.", S.body)
    else:
        body = allocations_table(statement.balances, statement.month_end)
    note = para(
        "Spent and committed count every purchase from the allocation dated up to the end of "
        "the month, not only this month's.",
        S.note,
    )
    return section("Allocations in force", [body, note])


def lines_block(statement: StatementDTO) -> list[Flowable]:
    """The purchase list under its heading. Not ``summary_blocks.section``: its heading keeps
    with the whole table, and a table longer than the page is then moved whole to the next
    page, leaving the rest of this one empty. Room for the heading and a few lines will do."""
    month = month_title(statement.month_start)
    if not statement.lines:
        body: list[Flowable] = [para(f"No purchases were recorded in {month}.", S.body)]
    else:
        # The three totals stay together: a "Total refunded" alone atop a page reads as lost.
        body = [lines_table(statement.lines), KeepTogether([totals_table(statement.lines)])]
    return [CondPageBreak(_LINES_START), para(f"Purchases in {month}", S.section), *body]


def build_budget_statement(statement: StatementDTO) -> bytes:
    """Build the month's budget statement (A4 landscape) and return the PDF bytes."""
    month = month_title(statement.month_start)
    story = [
        *opening(statement),
        *allocations_block(statement),
        *lines_block(statement),
    ]
    return build_landscape_pdf(
        story,
        title=f"{TITLE} {_DASH} {month}",
        subject="Waypost budget statement",
        decorate=statement_footer(month),
    )
