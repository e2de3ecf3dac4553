"""The look of recovery summaries and police summaries: page measures, colours, text styles,
and the short texts for scores and changes.

The colours and margins are the printed support plan's (``models.reports.plan_pdf.layout``), so
every Waypost document looks like one family.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from models.reports.plan_pdf.layout import (
    ACCENT,
    DRAFT,
    INK,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PANEL,
    RULE,
    WIDTH,
)
from models.reports.text import TextStyle

__all__ = [
    "ACCENT",
    "DRAFT",
    "INK",
    "MARGIN_X",
    "MUTED",
    "NOT_KNOWN",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PANEL",
    "RULE",
    "WIDTH",
    "S",
    "change_text",
    "score_text",
]

# Typographic dashes, spelled as escapes so that the source stays plain ASCII.
NOT_KNOWN: Final = "\u2013"  # en dash: no score, or nothing to compare with
# A plain hyphen-minus for falls: the bundled Noto Sans has no U+2212, and a hyphen copies into
# a police system as the number it is.
MINUS: Final = "-"


class S:
    """The text styles (one set: these documents have no large-type or right-to-left form).

    Everything aligns left, even a name in Arabic script: the page itself reads left to right.
    """

    title = TextStyle(align="left", size=20, bold=True, color=ACCENT, leading=27, space_after=2)
    lead = TextStyle(align="left", size=10.5, color=INK, leading=15, space_after=6)
    section = TextStyle(
        align="left", size=13, bold=True, color=ACCENT, leading=18, space_before=14, space_after=4
    )
    body = TextStyle(align="left", size=10, leading=14.5)
    note = TextStyle(align="left", size=8.5, color=MUTED, leading=12, space_before=3)
    label = TextStyle(align="left", size=9, bold=True, color=MUTED, leading=13)
    value = TextStyle(align="left", size=10, leading=14)
    cell = TextStyle(align="left", size=9, leading=12.5)
    cell_bold = replace(cell, bold=True)
    number = replace(cell, align="center")
    number_bold = replace(number, bold=True)
    head = TextStyle(align="left", size=8.5, bold=True, color=MUTED, leading=11.5)
    head_center = replace(head, align="center")
    flag = TextStyle(align="left", size=8.5, bold=True, color=DRAFT, leading=12.5)
    footer = TextStyle(align="left", size=8, color=MUTED)
    footer_bold = TextStyle(align="left", size=8, bold=True, color=INK)
    marking = TextStyle(align="left", size=10.5, bold=True, color=INK)
    preview_banner = TextStyle(align="left", size=9, bold=True, color=DRAFT)


def score_text(score: int | None) -> str:
    """A score as printed: its digit, or an en dash when it was not given."""
    return NOT_KNOWN if score is None else str(score)


def change_text(change: int | None) -> str:
    """ "+2", "0", "-1", or an en dash when either score is missing."""
    if change is None:
        return NOT_KNOWN
    if change > 0:
        return f"+{change}"
    if change < 0:
        return f"{MINUS}{-change}"
    return "0"
