"""The impact report's charts (reportlab graphics, no Qt): one horizontal bar chart per
breakdown, such as operations by location or people trained by audience.

Bars run across the page so a long category label ("Heathrow Airport, Border Force") reads on
one line at the left. Each bar carries its count in digits at its end: the chart never asks the
reader to measure a bar, and a black-and-white printout says the same as the screen. Only the
bars' lengths are computed in points (layout); the counts are printed as the integers they are.
"""

from __future__ import annotations

from typing import Final

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.dto import ImpactBreakdownDTO
from models.reports.fonts import font_name

__all__ = ["NO_RECORDS", "breakdown_chart"]

NO_RECORDS: Final = "No records in this period."

_INK = HexColor("#1F2933")
_MUTED = HexColor("#52606D")
_BAR = HexColor("#2C5F7C")
_AXIS = HexColor("#9AA5B1")

_ROW: Final = 17  # points per bar
_BAR_HEIGHT: Final = 11
_TITLE: Final = 18  # points for the chart's title above the bars
_LABEL_SIZE: Final = 8
_VALUE_ROOM: Final = 36  # points kept right of the longest bar for its count
_MAX_LABEL: Final = 190  # points at most for the category labels
_ELLIPSIS: Final = "\u2026"


def _fit(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut to ``room`` points, with an ellipsis when it had to be cut."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + _ELLIPSIS, font, size) > room:
        text = text[:-1]
    return text.rstrip() + _ELLIPSIS


def breakdown_chart(breakdown: ImpactBreakdownDTO, width: float) -> Drawing:
    """A titled bar chart of ``breakdown``'s parts in their given order, ``width`` points wide.

    A breakdown with no parts, or only zeros, says so in words instead of drawing empty axes.
    """
    font = font_name()
    bold = font_name(bold=True)
    parts = breakdown.parts
    largest = max((count for _, count in parts), default=0)
    rows = len(parts) if largest > 0 else 1
    height = _TITLE + rows * _ROW + 4
    drawing = Drawing(width, height)
    drawing.add(
        String(0, height - 11, breakdown.label, fontName=bold, fontSize=9.5, fillColor=_INK)
    )
    if largest <= 0:
        drawing.add(
            String(
                0, height - _TITLE - 12, NO_RECORDS, fontName=font, fontSize=8.5, fillColor=_MUTED
            )
        )
        return drawing

    widest = max(stringWidth(label, font, _LABEL_SIZE) for label, _ in parts)
    label_room = min(widest, _MAX_LABEL)
    left = label_room + 8
    span = width - left - _VALUE_ROOM
    top = height - _TITLE
    drawing.add(Line(left, top + 2, left, 2, strokeColor=_AXIS, strokeWidth=0.6))
    for index, (label, count) in enumerate(parts):
        y = top - (index + 1) * _ROW + (_ROW - _BAR_HEIGHT) / 2
        text = _fit(label, font, _LABEL_SIZE, label_room)
        name = String(left - 5, y + 3, text, fontName=font, fontSize=_LABEL_SIZE, fillColor=_INK)
        name.textAnchor = "end"
        drawing.add(name)
        length = span * count / largest if count > 0 else 0
        if length > 0:
            drawing.add(
                Rect(left, y, length, _BAR_HEIGHT, fillColor=_BAR, strokeColor=None, strokeWidth=0)
            )
        drawing.add(
            String(
                left + length + 4,
                y + 3,
                str(count),
                fontName=bold,
                fontSize=_LABEL_SIZE,
                fillColor=_INK,
            )
        )
    return drawing
