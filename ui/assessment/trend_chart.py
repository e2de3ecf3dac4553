"""Trends: one small chart per recovery domain, scores 1 to 5 over time, with one line for the
survivor's view and one for the navigator's (told apart without colour, see chart_style).

Assessments sit along the time axis by their dates. An unscored domain breaks the line rather
than joining across the gap. Each chart gives its numbers as text too: its accessible
description and tooltip read them, and ``points()`` returns them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from models.dto import AssessmentDTO
from models.enums import Perspective, RecoveryDomain
from models.rules.assessment_scale import HIGHEST_SCORE, LOWEST_SCORE
from models.rules.recovery_change import DOMAINS
from ui.assessment.chart_style import (
    AXIS_COLOUR,
    GRID_COLOUR,
    TEXT_COLOUR,
    LegendEntry,
    LegendWidget,
    draw_marker,
    perspective_pen,
)
from ui.case.formatting import format_date
from ui.labels import label

__all__ = ["TrendChart", "TrendCharts"]

Point = tuple[date, int | None]
_PERSPECTIVES = (Perspective.SURVIVOR, Perspective.NAVIGATOR)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year % 100:02d}"


class TrendChart(QWidget):
    """One domain's scores over time."""

    def __init__(self, domain: RecoveryDomain, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.domain = domain
        self._points: dict[Perspective, list[Point]] = {p: [] for p in _PERSPECTIVES}
        self.setObjectName(f"trend_{domain.value}")
        self.setAccessibleName(f"{label(domain)} over time")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 96)
        self._update_text()

    def set_points(self, points: dict[Perspective, list[Point]]) -> None:
        self._points = {p: list(points.get(p, [])) for p in _PERSPECTIVES}
        self._update_text()
        self.update()

    def points(self) -> dict[Perspective, list[Point]]:
        return {p: list(v) for p, v in self._points.items()}

    def describe(self) -> str:
        parts = []
        for perspective in _PERSPECTIVES:
            values = [
                f"{'not scored' if score is None else score} on {format_date(day)}"
                for day, score in self._points[perspective]
            ]
            if values:
                parts.append(f"{label(perspective)}: {', '.join(values)}")
        if not parts:
            return f"{label(self.domain)}: no scores yet."
        return f"{label(self.domain)}. " + ". ".join(parts) + "."

    def sizeHint(self) -> QSize:
        return QSize(200, 130)

    def _update_text(self) -> None:
        text = self.describe()
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        metrics = self.fontMetrics()
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(TEXT_COLOUR)
        painter.drawText(QPointF(4, metrics.ascent() + 2), label(self.domain))
        painter.setFont(self.font())

        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.0))
        painter.setFont(small)
        small_metrics = painter.fontMetrics()
        left = small_metrics.horizontalAdvance("5") + 8
        top = metrics.height() + 8
        plot = QRectF(left, top, self.width() - left - 10, self.height() - top - 20)

        def y_of(score: float) -> float:
            share = (score - LOWEST_SCORE) / (HIGHEST_SCORE - LOWEST_SCORE)
            return plot.bottom() - share * plot.height()

        for level in range(LOWEST_SCORE, HIGHEST_SCORE + 1):
            y = y_of(level)
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QPointF(2, y + small_metrics.ascent() / 2 - 1), str(level))

        days = sorted({day for values in self._points.values() for day, _s in values})
        if not days:
            painter.setPen(TEXT_COLOUR)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No scores yet")
            painter.end()
            return
        first, last = days[0], days[-1]
        span = (last - first).days

        def x_of(day: date) -> float:
            if span == 0:
                return plot.center().x()
            return plot.left() + 6 + (day - first).days / span * (plot.width() - 12)

        painter.setPen(AXIS_COLOUR)
        baseline = plot.bottom() + small_metrics.ascent() + 4
        painter.drawText(QPointF(x_of(first) - 6, baseline), _short(first))
        if span:
            text = _short(last)
            painter.drawText(
                QPointF(x_of(last) - small_metrics.horizontalAdvance(text) + 6, baseline), text
            )
        for perspective in _PERSPECTIVES:
            values = self._points[perspective]
            painter.setPen(perspective_pen(perspective, width=1.8))
            for (day_a, a), (day_b, b) in pairwise(values):
                if a is not None and b is not None:
                    painter.drawLine(QPointF(x_of(day_a), y_of(a)), QPointF(x_of(day_b), y_of(b)))
            for day, score in values:
                if score is not None:
                    draw_marker(painter, QPointF(x_of(day), y_of(score)), perspective, size=3.4)
        painter.end()


class TrendCharts(QWidget):
    """The six domains' trends in a grid of small multiples, with one legend above them."""

    def __init__(self, parent: QWidget | None = None, *, columns: int = 3) -> None:
        super().__init__(parent)
        self.setObjectName("trendCharts")
        self.legend = LegendWidget(
            [
                LegendEntry("Survivor's view", Perspective.SURVIVOR),
                LegendEntry("Navigator's view", Perspective.NAVIGATOR),
            ],
            self,
        )
        self.charts = {domain: TrendChart(domain, self) for domain in DOMAINS}
        grid = QGridLayout()
        grid.setSpacing(6)
        for index, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, index // columns, index % columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.legend)
        layout.addLayout(grid, 1)

    def set_assessments(self, assessments: Sequence[AssessmentDTO]) -> None:
        """Plot every assessment, oldest first."""
        ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
        for domain, chart in self.charts.items():
            chart.set_points(
                {p: [(a.assessed_on, a.score(domain, p)) for a in ordered] for p in _PERSPECTIVES}
            )

    def chart(self, domain: RecoveryDomain) -> TrendChart:
        return self.charts[domain]
