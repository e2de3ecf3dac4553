"""The radar chart: six axes, one per recovery domain, scored 1 (centre side) to 5 (outer ring).

It draws the series it is given, typically the latest assessment against the intake, for the
survivor, the navigator, or both. Each series is told apart without colour (chart_style), and a
legend under the chart names them. The numbers are also given as text: the accessible
description and the tooltip read every plotted score, and ``points()`` returns them.

A domain that was not scored leaves a gap: the outline is not drawn through it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.enums import Perspective, RecoveryDomain
from models.rules.assessment_scale import HIGHEST_SCORE, LOWEST_SCORE
from models.rules.recovery_change import DOMAINS
from ui.assessment.chart_style import (
    AXIS_COLOUR,
    GRID_COLOUR,
    TEXT_COLOUR,
    LegendEntry,
    draw_legend_entry,
    draw_marker,
    perspective_pen,
)
from ui.labels import label

__all__ = ["RadarChart", "RadarSeries"]


@dataclass(frozen=True)
class RadarSeries:
    """One outline: whose view, which assessment (``text`` names both), six scores in
    RecoveryDomain order. ``faint`` draws it as the earlier one compared against."""

    text: str
    perspective: Perspective
    scores: tuple[int | None, ...]
    faint: bool = False


class RadarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: list[RadarSeries] = []
        self._empty_text = "No assessment to chart yet."
        self.setObjectName("radarChart")
        self.setAccessibleName("Recovery radar chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 230)
        self._update_text()

    # -- public API ---------------------------------------------------------------------------

    def set_series(self, series: Sequence[RadarSeries], empty_text: str = "") -> None:
        self._series = list(series)
        if empty_text:
            self._empty_text = empty_text
        self._update_text()
        self.update()

    def series(self) -> list[RadarSeries]:
        return list(self._series)

    def points(self) -> dict[str, dict[RecoveryDomain, int | None]]:
        """The plotted scores by series text, then domain."""
        return {s.text: dict(zip(DOMAINS, s.scores, strict=True)) for s in self._series}

    def describe(self) -> str:
        if not self._series:
            return self._empty_text
        parts = []
        for s in self._series:
            scores = ", ".join(
                f"{label(d)} {'not scored' if v is None else v}"
                for d, v in zip(DOMAINS, s.scores, strict=True)
            )
            parts.append(f"{s.text}: {scores}.")
        return " ".join(parts)

    def sizeHint(self) -> QSize:
        return QSize(420, 360)

    # -- painting -----------------------------------------------------------------------------

    def _update_text(self) -> None:
        text = self.describe()
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def _legend_rows(self, width: float) -> list[list[LegendEntry]]:
        metrics = self.fontMetrics()
        rows: list[list[LegendEntry]] = [[]]
        used = 0.0
        for s in self._series:
            entry = LegendEntry(s.text, s.perspective, s.faint)
            needed = 34 + metrics.horizontalAdvance(s.text) + 18
            if rows[-1] and used + needed > width:
                rows.append([])
                used = 0.0
            rows[-1].append(entry)
            used += needed
        return rows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        metrics = self.fontMetrics()
        row_height = metrics.height() + 6
        legend = self._legend_rows(self.width() - 8) if self._series else []
        legend_height = row_height * len(legend)
        area = QRectF(0, 0, self.width(), self.height() - legend_height - 4)
        label_width = max(metrics.horizontalAdvance(label(d)) for d in DOMAINS)
        radius = min(area.width() / 2 - label_width - 10, area.height() / 2 - 2 * row_height)
        radius = max(radius, 30.0)
        centre = area.center()

        self._draw_grid(painter, centre, radius)
        if not self._series:
            painter.setPen(TEXT_COLOUR)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._empty_text)
        for s in sorted(self._series, key=lambda s: not s.faint):  # the latest on top
            self._draw_series(painter, centre, radius, s)
        for index, row in enumerate(legend):
            left = 4.0
            top = area.bottom() + 4 + index * row_height
            width = sum(34 + metrics.horizontalAdvance(e.text) + 18 for e in row)
            left = max(4.0, (self.width() - width) / 2)
            for entry in row:
                left += draw_legend_entry(painter, left, top + row_height / 2, entry)
        painter.end()

    @staticmethod
    def _point(centre: QPointF, radius: float, axis: float, score: float) -> QPointF:
        angle = -math.pi / 2 + axis * 2 * math.pi / len(DOMAINS)
        r = radius * score / HIGHEST_SCORE
        return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

    def _draw_grid(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        painter.save()
        painter.setPen(QPen(GRID_COLOUR, 1))
        for level in range(LOWEST_SCORE, HIGHEST_SCORE + 1):
            ring = QPolygonF([self._point(centre, radius, a, level) for a in range(len(DOMAINS))])
            painter.drawPolygon(ring)
        painter.setPen(QPen(AXIS_COLOUR, 1))
        metrics = self.fontMetrics()
        for axis, domain in enumerate(DOMAINS):
            outer = self._point(centre, radius, axis, HIGHEST_SCORE)
            painter.drawLine(centre, outer)
            text = label(domain)
            at = self._point(centre, radius + 8, axis, HIGHEST_SCORE)
            width = metrics.horizontalAdvance(text)
            x = at.x() - width / 2
            if at.x() > centre.x() + 2:
                x = at.x()
            elif at.x() < centre.x() - 2:
                x = at.x() - width
            y = at.y() + metrics.ascent() / 2
            if at.y() < centre.y() - radius * 0.9:
                y = at.y() - 2
            elif at.y() > centre.y() + radius * 0.9:
                y = at.y() + metrics.ascent()
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QPointF(x, y), text)
            painter.setPen(QPen(AXIS_COLOUR, 1))
        # The level numbers, between the first two axes where no outline point can hide them.
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.0))
        painter.setFont(small)
        painter.setPen(AXIS_COLOUR)
        for level in range(LOWEST_SCORE, HIGHEST_SCORE + 1):
            at = self._point(centre, radius, 0.5, level)
            painter.drawText(QPointF(at.x() - 3, at.y() + 4), str(level))
        painter.restore()

    def _draw_series(
        self, painter: QPainter, centre: QPointF, radius: float, series: RadarSeries
    ) -> None:
        points = [
            None if score is None else self._point(centre, radius, axis, score)
            for axis, score in enumerate(series.scores)
        ]
        painter.save()
        if all(p is not None for p in points) and not series.faint:
            fill = QColor(perspective_pen(series.perspective).color())
            fill.setAlpha(28)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(fill))
            painter.drawPolygon(QPolygonF([p for p in points if p is not None]))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(perspective_pen(series.perspective, faint=series.faint, width=2.2))
        count = len(points)
        for index in range(count):
            here, there = points[index], points[(index + 1) % count]
            if here is not None and there is not None:
                painter.drawLine(here, there)
        for point in points:
            if point is not None:
                draw_marker(painter, point, series.perspective, faint=series.faint)
        painter.restore()
