"""The small pieces every section of a summary is built from: headed sections, table cells,
tables and label-and-value panels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table, TableStyle

from models.reports.summary_style import PANEL, RULE, WIDTH, S
from models.reports.summary_text import para
from models.reports.text import TextStyle

__all__ = ["LABEL_WIDTH", "cell", "label_table", "section", "table"]

LABEL_WIDTH = 140.0


def section(title: str, body: Sequence[Flowable], *, together: bool = True) -> list[Flowable]:
    """A section heading and its body: kept on one page (``together``), or for a body that may
    run over pages, at least with the start of it. Never a heading alone at a page's foot."""
    heading = para(title, S.section)
    if together:
        # platypus's keepWithNext cannot hold a heading to a KeepTogether, so wrap both.
        return [CondPageBreak(90), KeepTogether([heading, *body])]
    heading.keepWithNext = True
    return [CondPageBreak(90), heading, *body]


@lru_cache(maxsize=64)
def _tight(style: TextStyle) -> TextStyle:
    return replace(style, space_before=0, space_after=0)


def cell(text: str, style: TextStyle = S.cell) -> Flowable:
    """A table cell's text: the style without space around it (the padding is the table's)."""
    return para(text, _tight(style))


def table(
    rows: list[list[Any]],
    widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]] = (),
    *,
    repeat: int = 0,
) -> Table:
    made = Table(rows, colWidths=list(widths), repeatRows=repeat, hAlign="LEFT")
    base: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    made.setStyle(TableStyle([*base, *commands]))
    return made


def label_table(
    rows: Sequence[tuple[str, str]],
    *,
    value_styles: Sequence[TextStyle] = (),
    commands: Sequence[tuple[Any, ...]] = (),
    ruled: bool = True,
) -> Table:
    """Label and value pairs on a light panel; ``value_styles`` styles the values row by row
    (the plain value style for the rest)."""
    styles = [*value_styles, *[S.value] * (len(rows) - len(value_styles))]
    lines = [("LINEBELOW", (0, 0), (-1, -2), 0.4, HexColor(RULE))] if ruled else []
    cells = [
        [cell(label, S.label), cell(value, style)]
        for (label, value), style in zip(rows, styles, strict=True)
    ]
    return table(
        cells,
        [LABEL_WIDTH, WIDTH - LABEL_WIDTH],
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(PANEL)),
            # The labels are a point smaller than the values: a point lower, their baselines meet.
            ("TOPPADDING", (0, 0), (0, -1), 4),
            *lines,
            *commands,
        ],
    )
