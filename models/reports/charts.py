"""Small recovery charts (reportlab graphics, no Qt): one trend per domain, and their legend.

Each trend chart plots one domain's scores (1 to 5, 5 = doing well) over time, with the
survivor's own scores and the navigator's as two separate lines: the views are never averaged.
The two lines differ in more than colour, so a black-and-white printout or a reader who does not
tell the colours apart still knows which is which: the survivor's line is solid with round
markers, the navigator's is dashed with square ones, and :func:`trend_legend` says so.

Dates sit on the x axis in proportion to the time between them, so a long gap looks long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.dto import AssessmentDTO
from models.enums import Perspective, RecoveryDomain
from models.reports.fonts import font_name
from models.rules.assessment_scale import HIGHEST_SCORE, LOWEST_SCORE, SCORES
from models.rules.plan_terms import DOMAIN_WORDS

__all__ = [
    "PERSPECTIVE_LABELS",
    "SeriesLook",
    "series_points",
    "trend_chart",
    "trend_legend",
]

PERSPECTIVE_LABELS: dict[Perspective, str] = {
    Perspective.SURVIVOR: "Survivor's own score",
    Perspective.NAVIGATOR: "Navigator's score",
}

_INK = HexColor("#1F2933")
_MUTED = HexColor("#52606D")
_GRID = HexColor("#D9E2EC")
_AXIS = HexColor("#9AA5B1")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class SeriesLook:
    """How one perspective's line is drawn."""

    color: Color
    dash: tuple[float, ...] | None
    line_width: float
    marker: str  # "circle" or "square"


LOOKS: dict[Perspective, SeriesLook] = {
    Perspective.SURVIVOR: SeriesLook(HexColor("#2C5F7C"), None, 1.7, "circle"),
    Perspective.NAVIGATOR: SeriesLook(HexColor("#B7472A"), (3.5, 2.0), 1.3, "square"),
}

# The navigator is drawn first and its hollow square is larger than the survivor's dot, so when
# both gave the same score the dot shows inside the square instead of hiding it.
_DRAW_ORDER = (Perspective.NAVIGATOR, Perspective.SURVIVOR)
_CIRCLE_RADIUS = 2.6
_SQUARE_SIDE = 7.4
_ROOMY = 12  # up to this many assessments, markers are full size


def _short_date(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def series_points(
    assessments: Sequence[AssessmentDTO], domain: RecoveryDomain, perspective: Perspective
) -> list[tuple[date, int]]:
    """(date, score) for each assessment that scored ``domain`` from ``perspective``, oldest
    first; unscored assessments are skipped, so the line joins the scores either side."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
    points = []
    for assessment in ordered:
        score = assessment.score(domain, perspective)
        if score is not None:
            points.append((assessment.assessed_on, score))
    return points


def _marker(look: SeriesLook, x: float, y: float, scale: float = 1.0) -> Circle | Rect:
    if look.marker == "circle":
        radius = _CIRCLE_RADIUS * scale
        return Circle(x, y, radius, fillColor=look.color, strokeColor=white, strokeWidth=0.6)
    side = _SQUARE_SIDE * scale
    return Rect(
        x - side / 2,
        y - side / 2,
        side,
        side,
        fillColor=white,
        strokeColor=look.color,
        strokeWidth=1.2,
    )


def _x_labels(
    dates: Sequence[date], x_of: dict[date, float], font: str, size: float
) -> list[tuple[float, str]]:
    """Labels for as many dates as fit without touching, always the first and the last."""
    chosen: list[tuple[float, str, float]] = []  # (x, text, half width)
    gap = 4.0
    for index, day in enumerate(dates):
        text = _short_date(day)
        half = stringWidth(text, font, size) / 2
        x = x_of[day]
        fits = not chosen or x - half >= chosen[-1][0] + chosen[-1][2] + gap
        if index == len(dates) - 1 and not fits and len(chosen) > 1:
            chosen.pop()  # make room for the latest date: the reader wants "where it is now"
            fits = x - half >= chosen[-1][0] + chosen[-1][2] + gap
        if fits:
            chosen.append((x, text, half))
    return [(x, text) for x, text, _half in chosen]


def trend_chart(
    assessments: Sequence[AssessmentDTO],
    domain: RecoveryDomain,
    *,
    width: float = 160.0,
    height: float = 128.0,
) -> Drawing:
    """A small line chart of one domain over time: x = assessment dates, y = score 1 to 5.

    Two lines, the survivor's and the navigator's; an unscored point is skipped, and a single
    assessment still shows its points. A domain nobody scored says "Not scored yet".
    """
    font = font_name()
    bold = font_name(bold=True)
    drawing = Drawing(width, height)
    left, right = 16.0, width - 6.0
    bottom, top = 20.0, height - 20.0

    drawing.add(String(0, height - 10.0, DOMAIN_WORDS[domain], fontName=bold, fontSize=9.0))

    def y_of(score: float) -> float:
        return bottom + (score - LOWEST_SCORE) / (HIGHEST_SCORE - LOWEST_SCORE) * (top - bottom)

    for score in SCORES:
        y = y_of(score)
        drawing.add(Line(left, y, right, y, strokeColor=_GRID, strokeWidth=0.5))
        tick = String(left - 4.0, y - 2.6, str(score), fontName=font, fontSize=7.5)
        tick.fillColor, tick.textAnchor = _MUTED, "end"
        drawing.add(tick)
    drawing.add(Line(left, bottom, left, top, strokeColor=_AXIS, strokeWidth=0.6))
    drawing.add(Line(left, bottom, right, bottom, strokeColor=_AXIS, strokeWidth=0.6))

    dates = sorted({a.assessed_on for a in assessments})
    inner_left, inner_right = left + 9.0, right - 9.0
    if len(dates) <= 1:
        x_of = {day: (inner_left + inner_right) / 2 for day in dates}
    else:
        first, span = dates[0].toordinal(), dates[-1].toordinal() - dates[0].toordinal()
        x_of = {
            day: inner_left + (day.toordinal() - first) / span * (inner_right - inner_left)
            for day in dates
        }
    for x, text in _x_labels(dates, x_of, font, 7.0):
        drawing.add(Line(x, bottom, x, bottom - 2.5, strokeColor=_AXIS, strokeWidth=0.6))
        label = String(x, bottom - 10.5, text, fontName=font, fontSize=7.0, fillColor=_MUTED)
        label.textAnchor = "middle"
        drawing.add(label)

    series = {p: series_points(assessments, domain, p) for p in _DRAW_ORDER}
    if not any(series.values()):
        note = String(
            (left + right) / 2,
            (bottom + top) / 2 - 3.0,
            "Not scored yet",
            fontName=font,
            fontSize=8.0,
            fillColor=_MUTED,
        )
        note.textAnchor = "middle"
        drawing.add(note)
    for perspective in _DRAW_ORDER:
        look = LOOKS[perspective]
        points = [(x_of[day], y_of(score)) for day, score in series[perspective]]
        if len(points) > 1:
            drawing.add(
                PolyLine(
                    [coordinate for point in points for coordinate in point],
                    strokeColor=look.color,
                    strokeWidth=look.line_width,
                    strokeDashArray=list(look.dash) if look.dash else None,
                    strokeLineJoin=1,
                )
            )
    # Many assessments close together: smaller markers, so the line between them still shows.
    scale = 1.0 if len(dates) <= _ROOMY else 0.6
    for perspective in _DRAW_ORDER:
        look = LOOKS[perspective]
        for day, score in series[perspective]:
            drawing.add(_marker(look, x_of[day], y_of(score), scale))
    return drawing


def trend_legend(width: float) -> Drawing:
    """One line that says which line is whose: a sample of each line and marker, labelled."""
    font = font_name()
    drawing = Drawing(width, 14.0)
    x = 0.0
    for perspective in (Perspective.SURVIVOR, Perspective.NAVIGATOR):
        look = LOOKS[perspective]
        drawing.add(
            Line(
                x,
                5.0,
                x + 26.0,
                5.0,
                strokeColor=look.color,
                strokeWidth=look.line_width,
                strokeDashArray=list(look.dash) if look.dash else None,
            )
        )
        drawing.add(_marker(look, x + 13.0, 5.0))
        label = PERSPECTIVE_LABELS[perspective]
        drawing.add(String(x + 32.0, 2.0, label, fontName=font, fontSize=8.5, fillColor=_INK))
        x += 32.0 + stringWidth(label, font, 8.5) + 22.0
    return drawing
