"""The programme impact report: a period's figures for funders and police leaders.

Built from an :class:`~models.dto.ImpactReportDTO` with reportlab, no Qt and no ``Session``, on
A4 portrait. Its first table follows the programme evaluation's table row for row (support plan
cases, strategic advice cases, people trained, repatriations, operations attended), then the
other counts; shares follow in a table of their own, each printed with what it is a share of
("86% (50 of 58)"), so a percentage never stands without its base. A footnote gives the period
and, numbered, the rule each figure was counted by.

The report holds programme figures only: no survivor's name, no case reference. Its file name
and PDF metadata name the period, never the navigator or force it may be narrowed to. Figures
arrive as integers and are printed as integers: no float touches a figure on its way to the page.
Figures the report does not know yet are printed by their own label, so adding a figure to the
service never breaks the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from models.dto import ImpactBreakdownDTO, ImpactFigureDTO, ImpactReportDTO
from models.reports.impact_charts import breakdown_chart
from models.reports.plan_pdf.pages import PageDecorator
from models.reports.summary_blocks import cell, label_table, section, table
from models.reports.summary_pages import build_pdf, rule
from models.reports.summary_style import MARGIN_X, PAGE_WIDTH, PANEL, RULE, WIDTH, S
from models.reports.summary_text import para
from models.reports.text import TextStyle, draw_line
from models.rules.date_text import months_text

__all__ = [
    "COUNT_ORDER",
    "NO_RECORDS",
    "SHARE_ORDER",
    "TITLE",
    "build_impact_report",
    "figure_text",
    "impact_report_file_name",
    "months_text",
    "ordered_figures",
    "period_words",
]

TITLE: Final = "Programme impact"
NO_RECORDS: Final = "\u2013 (no records)"  # en dash, as an escape so the source stays ASCII

# The evaluation's table first, in its order; then the other counts.
COUNT_ORDER: Final = (
    "support_plan_cases",
    "strategic_advice_cases",
    "trained_police",
    "trained_other",
    "repatriations",
    "operations",
    "potential_victims_identified",
    "strategic_advice_given",
    "family_members_supported",
    "training_sessions",
    "suspects_arrested",
    "convictions",
    "sentence_months",
)
SHARE_ORDER: Final = (
    "police_engagement_share",
    "recovery_improved_survivor_share",
    "recovery_improved_navigator_share",
    "improved_knowledge_share",
)
_CHART_ORDER: Final = ("operations_by_location", "training_by_audience", "cases_by_kind")
_MONTH_FIGURES: Final = frozenset({"sentence_months"})
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_VALUE_WIDTH: Final = 150  # points for the value column
_NOTE_WIDTH: Final = 34  # points for the footnote number
_RULE_NUMBER: Final = 28  # points for a note's number, "17." on one line
_FOOTER_Y: Final = 31  # points above the page's foot (11 mm)


def impact_report_file_name(start: date, end: date, suffix: str = "pdf") -> str:
    """``impact-report-2026-04-01-to-2027-03-31.pdf``: the period only, nothing about anyone."""
    ending = suffix.lstrip(".").lower() or "pdf"
    return f"impact-report-{start.isoformat()}-to-{end.isoformat()}.{ending}"


def _day_words(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def period_words(start: date, end: date) -> str:
    """ "1 April 2026 to 31 March 2027"."""
    return f"{_day_words(start)} to {_day_words(end)}"


def figure_text(figure: ImpactFigureDTO) -> str:
    """A figure as printed: "62", "86% (50 of 58)", "27 years 6 months", or ``NO_RECORDS``."""
    if figure.value is None:
        return NO_RECORDS
    if figure.is_share:
        if figure.numerator is None or figure.denominator is None:
            return f"{figure.value}%"
        return f"{figure.value}% ({figure.numerator} of {figure.denominator})"
    if figure.key in _MONTH_FIGURES:
        return months_text(figure.value)
    return str(figure.value)


def _in_order(known: Sequence[str], figures: Sequence[ImpactFigureDTO]) -> list[ImpactFigureDTO]:
    by_key = {figure.key: figure for figure in figures}
    first = [by_key[key] for key in known if key in by_key]
    return [*first, *(figure for figure in figures if figure.key not in known)]


def ordered_figures(
    report: ImpactReportDTO,
) -> tuple[list[ImpactFigureDTO], list[ImpactFigureDTO]]:
    """(counts, shares) in the order the report prints them; unknown figures after the known
    ones, in the order the report carries them."""
    counts = [figure for figure in report.figures if not figure.is_share]
    shares = [figure for figure in report.figures if figure.is_share]
    return _in_order(COUNT_ORDER, counts), _in_order(SHARE_ORDER, shares)


def _ordered_breakdowns(report: ImpactReportDTO) -> list[ImpactBreakdownDTO]:
    by_key = {breakdown.key: breakdown for breakdown in report.breakdowns}
    first = [by_key[key] for key in _CHART_ORDER if key in by_key]
    rest = [b for b in report.breakdowns if b.key not in _CHART_ORDER]
    return [*first, *rest]


def _narrowed_to(report: ImpactReportDTO) -> str:
    parts = []
    if report.navigator:
        parts.append(f"navigator {report.navigator}")
    if report.police_force:
        parts.append(f"police force {report.police_force}")
    return " and ".join(parts)


class _I:
    """Styles the summaries have no use for."""

    number = replace(S.cell, align="right")
    number_bold = replace(number, bold=True)
    head_right = replace(S.head, align="right")
    note_number = replace(S.cell, color=S.note.color, align="right")
    rule_number = replace(S.note, space_before=0, align="right")
    rule_text = replace(S.note, space_before=0)


def _figures_table(figures: Sequence[ImpactFigureDTO], numbers: dict[str, int], head: str) -> Table:
    label_width = int(WIDTH) - _VALUE_WIDTH - _NOTE_WIDTH
    rows: list[list[Any]] = [
        [cell(head, S.head), cell("Figure", _I.head_right), cell("Note", _I.head_right)]
    ]
    for figure in figures:
        rows.append(
            [
                cell(figure.label, S.cell),
                cell(figure_text(figure), _I.number_bold),
                cell(str(numbers[figure.key]), _I.note_number),
            ]
        )
    return table(
        rows,
        [label_width, _VALUE_WIDTH, _NOTE_WIDTH],
        [
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(PANEL)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(RULE)),
            ("LINEBELOW", (0, 1), (-1, -2), 0.4, HexColor(RULE)),
        ],
        repeat=1,
    )


def _opening(report: ImpactReportDTO, organisation: str) -> list[Flowable]:
    period = period_words(report.period_start, report.period_end)
    details = []
    if organisation.strip():
        details.append(("Organisation", organisation.strip()))
    details.append(("Period", period))
    narrowed = _narrowed_to(report)
    if not narrowed:
        details.append(("Covers", "All navigators and police forces"))
    details.append(("Generated on", _day_words(report.generated_on)))
    lead = (
        f"What the programme did from {period}: survivors supported, advice given to "
        "police, people trained and operations attended. Every figure is counted from the "
        "vault's records by the rule in the notes at the end; no survivor is named."
    )
    story: list[Flowable] = [para(TITLE, S.title), para(lead, S.lead)]
    if narrowed:
        story.append(para(f"Narrowed to {narrowed}.", S.marking))
        story.append(Spacer(0, 6))
    story.append(label_table(details))
    return story


def _charts(report: ImpactReportDTO) -> list[Flowable]:
    breakdowns = _ordered_breakdowns(report)
    if not breakdowns:
        return []
    # The heading travels with the first chart: platypus's keepWithNext cannot hold a heading
    # to a KeepTogether, so a chart too tall for the page's foot would leave it there alone.
    story: list[Flowable] = [CondPageBreak(90)]
    for index, breakdown in enumerate(breakdowns):
        block: list[Flowable] = [breakdown_chart(breakdown, WIDTH)]
        if index == 0:
            block.insert(0, para("Charts", S.section))
        if index < len(breakdowns) - 1:
            block.append(Spacer(0, 10))
        story.append(KeepTogether(block))
    return story


def _notes(
    report: ImpactReportDTO, figures: Sequence[ImpactFigureDTO], numbers: dict[str, int]
) -> list[Flowable]:
    period = period_words(report.period_start, report.period_end)
    narrowed = _narrowed_to(report)
    scope = f" Narrowed to {narrowed}." if narrowed else ""
    intro = para(
        f"Period: {period}, both days included. Each figure counts the records dated in the "
        f"period.{scope} A share is printed with what it is a share of; \u201c{NO_RECORDS}\u201d "
        "means there was nothing to count.",
        replace(S.note, space_before=0, space_after=4),
    )
    rows = [
        [
            cell(f"{numbers[figure.key]}.", _I.rule_number),
            cell(f"{figure.label}: {figure.rule.strip() or 'No rule recorded.'}", _I.rule_text),
        ]
        for figure in figures
    ]
    body: list[Flowable] = [intro]
    if rows:
        body.append(
            table(
                rows,
                [_RULE_NUMBER, WIDTH - _RULE_NUMBER],
                [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
            )
        )
    return section("Notes", body, together=False)


def _footer(period: str) -> PageDecorator:
    """ "Page X of Y" on the left and the report's period on the right of every page."""

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        rule(canvas, _FOOTER_Y + S.footer.size * 1.6)
        draw_line(canvas, MARGIN_X, _FOOTER_Y, f"Page {page} of {pages}", S.footer, "left", "ltr")
        right = PAGE_WIDTH - MARGIN_X
        draw_line(canvas, right, _FOOTER_Y, f"{TITLE}, {period}", S.footer, "right", "ltr")

    return decorate


def _figure_section(
    title: str,
    figures: Sequence[ImpactFigureDTO],
    numbers: dict[str, int],
    head: str,
    empty: str,
    style: TextStyle = S.body,
) -> list[Flowable]:
    body: Flowable = _figures_table(figures, numbers, head) if figures else para(empty, style)
    return section(title, [body])


def build_impact_report(report: ImpactReportDTO, *, organisation: str = "") -> bytes:
    """Build the period's impact report (A4 portrait) and return the PDF bytes."""
    counts, shares = ordered_figures(report)
    numbers = {figure.key: index for index, figure in enumerate([*counts, *shares], start=1)}
    period = period_words(report.period_start, report.period_end)
    story = [
        *_opening(report, organisation),
        *_figure_section(
            "Programme figures", counts, numbers, "Activity", "No figures were counted."
        ),
        *_figure_section(
            "Engagement and outcomes", shares, numbers, "Share", "No shares were counted."
        ),
        *_charts(report),
        *_notes(report, [*counts, *shares], numbers),
    ]
    return build_pdf(
        story,
        title=TITLE,
        subject="Waypost programme impact report",
        decorate=_footer(period),
    )
