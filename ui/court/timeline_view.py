"""A court case drawn along a time axis with QPainter.

Each event sits at its current date (filled: scheduled; filled and ringed: it happened). Every
date an event was moved away from stays on the line as a hollow, struck-through marker, joined to
the next date by a dashed arrow, so the reschedules are plain to see. A later trial attempt
(after a mistrial) is shaded and labelled, and a line marks today. The accessible description
lists the same entries in words, and ``points()`` returns them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.dto import TimelineEntryDTO
from models.enums import CourtEventKind, TimelineMark
from models.rules.date_text import format_date
from ui.labels import label

__all__ = ["EMPTY_TIMELINE_TEXT", "TimelinePoint", "TimelineView"]

EMPTY_TIMELINE_TEXT = "No court events yet. Add the charge, hearings and trial dates below."
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_CURRENT = QColor("#2F4A6D")
_HAPPENED = QColor("#2E7D32")
_MOVED = QColor("#8A5300")
_MISTRIAL = QColor("#B3261E")
_TODAY = QColor("#C25E00")
_AXIS = QColor("#5A6270")
_ATTEMPT_FILL = QColor(179, 38, 30, 22)


@dataclass(frozen=True)
class TimelinePoint:
    on: date
    kind: CourtEventKind
    mark: TimelineMark
    attempt: int
    event_id: int
    moved_to: date | None = None
    reason: str = ""


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


class TimelineView(QWidget):
    def __init__(
        self, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._points: list[TimelinePoint] = []
        self.setAccessibleName("Court timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(190)
        self._update_text()

    # -- data ---------------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[TimelineEntryDTO]) -> None:
        self._points = [
            TimelinePoint(e.on, e.kind, e.mark, e.attempt, e.event_id, e.moved_to, e.reason)
            for e in entries
        ]
        self._update_text()
        self.update()

    def points(self) -> list[TimelinePoint]:
        return list(self._points)

    def describe(self) -> str:
        if not self._points:
            return EMPTY_TIMELINE_TEXT
        lines = []
        for p in self._points:
            what = label(p.kind)
            if p.attempt > 1:
                what += f" (trial attempt {p.attempt})"
            if p.mark is TimelineMark.RESCHEDULED:
                moved = f", moved to {format_date(p.moved_to)}" if p.moved_to else ""
                why = f" ({p.reason})" if p.reason else ""
                lines.append(f"{what}: was {format_date(p.on)}{moved}{why}")
            elif p.mark is TimelineMark.HAPPENED:
                lines.append(f"{what}: happened {format_date(p.on)}")
            else:
                lines.append(f"{what}: scheduled {format_date(p.on)}")
        return "; ".join(lines) + "."

    def sizeHint(self) -> QSize:
        return QSize(760, 200)

    def _update_text(self) -> None:
        text = self.describe()
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- drawing ------------------------------------------------------------------------------

    def _span(self) -> tuple[date, date]:
        days = [p.on for p in self._points] + [self._today()]
        first, last = min(days), max(days)
        first = _month_start(first - timedelta(days=10))
        last = _next_month(last + timedelta(days=10))
        return first, last

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        if not self._points:
            painter.setPen(_AXIS)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY_TIMELINE_TEXT)
            return
        first, last = self._span()
        left, right = 24.0, float(self.width() - 24)
        axis_y = self.height() * 0.55
        total = max((last - first).days, 1)

        def x_of(day: date) -> float:
            return left + (right - left) * (day - first).days / total

        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 7.0))
        painter.setFont(small)
        metrics = painter.fontMetrics()

        self._draw_attempts(painter, x_of, axis_y)
        self._draw_axis(painter, x_of, first, last, left, right, axis_y, total)

        # Today.
        tx = x_of(self._today())
        painter.setPen(QPen(_TODAY, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(tx, 18), QPointF(tx, self.height() - 22.0))
        painter.drawText(QPointF(tx + 3, 14), "Today")

        # Dashed arrows from each date an event moved away from to its next date.
        for p in self._points:
            if p.mark is TimelineMark.RESCHEDULED and p.moved_to is not None:
                self._draw_move(painter, x_of(p.on), x_of(p.moved_to), axis_y)

        # Markers, then labels staggered above and below the line.
        placed: list[tuple[float, float, float]] = []  # right edge per row
        for p in self._points:
            x = x_of(p.on)
            self._draw_marker(painter, p, x, axis_y)
        rows = [axis_y - 62, axis_y + 34, axis_y - 80, axis_y + 52]
        for p in self._points:
            if p.mark is TimelineMark.RESCHEDULED:
                continue
            x = x_of(p.on)
            text = label(p.kind)
            width = metrics.horizontalAdvance(text)
            tx0 = min(max(x - width / 2, 2.0), self.width() - width - 2.0)
            row = next(
                (
                    r
                    for r in rows
                    if all(not (y == r and tx0 < end + 6 and tx0 + width > start - 6)
                           for start, end, y in placed)
                ),
                rows[-1],
            )  # fmt: skip
            placed.append((tx0, tx0 + width, row))
            painter.setPen(QPen(_AXIS, 0.8, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, axis_y), QPointF(x, row + (4 if row < axis_y else -12)))
            painter.setPen(_MISTRIAL if p.kind is CourtEventKind.MISTRIAL else QColor("#1F2328"))
            painter.drawText(QPointF(tx0, row), text)
        painter.end()

    def _draw_axis(self, painter, x_of, first, last, left, right, axis_y, total) -> None:  # noqa: ANN001
        painter.setPen(QPen(_AXIS, 1.5))
        painter.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
        months = max(total // 30, 1)
        step = 1 if months <= 14 else 3 if months <= 40 else 12
        day = first
        index = 0
        while day <= last:
            x = x_of(day)
            major = day.month == 1
            painter.setPen(QPen(_AXIS, 1.2 if major else 0.8))
            painter.drawLine(QPointF(x, axis_y - (6 if major else 3)), QPointF(x, axis_y + 3))
            if index % step == 0 or major:
                text = str(day.year) if major else _MONTHS[day.month - 1]
                if step == 12 and not major:
                    text = ""
                painter.drawText(QPointF(x + 2, self.height() - 6.0), text)
            day = _next_month(day)
            index += 1

    def _draw_attempts(self, painter: QPainter, x_of, axis_y: float) -> None:  # noqa: ANN001
        attempts = sorted({p.attempt for p in self._points if p.attempt > 1})
        for number in attempts:
            days = [p.on for p in self._points if p.attempt == number]
            x0, x1 = x_of(min(days)) - 14, x_of(max(days)) + 14
            painter.fillRect(QRectF(x0, 20, x1 - x0, self.height() - 44.0), _ATTEMPT_FILL)
            painter.setPen(_MISTRIAL)
            text = "Retrial" if number == 2 else f"Trial attempt {number}"
            painter.drawText(QPointF(x0 + 3, 32), text)
        for p in self._points:
            if p.kind is CourtEventKind.MISTRIAL:
                x = x_of(p.on)
                painter.setPen(QPen(_MISTRIAL, 2, Qt.PenStyle.SolidLine))
                painter.drawLine(QPointF(x, 20), QPointF(x, axis_y + 20))

    def _draw_move(self, painter: QPainter, x0: float, x1: float, axis_y: float) -> None:
        painter.setPen(QPen(_MOVED, 1.3, Qt.PenStyle.DashLine))
        lift = min(34.0, 10 + abs(x1 - x0) / 6)
        path = QPainterPath(QPointF(x0, axis_y - 7))
        path.cubicTo(
            QPointF(x0, axis_y - lift), QPointF(x1, axis_y - lift), QPointF(x1, axis_y - 8)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(_MOVED, 1.3))
        painter.setBrush(_MOVED)
        tip = QPointF(x1, axis_y - 7)
        painter.drawPolygon(
            QPolygonF([tip, QPointF(x1 - 4, axis_y - 14), QPointF(x1 + 4, axis_y - 14)])
        )

    def _draw_marker(self, painter: QPainter, p: TimelinePoint, x: float, axis_y: float) -> None:
        centre = QPointF(x, axis_y)
        if p.mark is TimelineMark.RESCHEDULED:
            painter.setPen(QPen(_MOVED, 1.5))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawEllipse(centre, 5, 5)
            painter.drawLine(QPointF(x - 6, axis_y + 6), QPointF(x + 6, axis_y - 6))
            return
        colour = _MISTRIAL if p.kind is CourtEventKind.MISTRIAL else _CURRENT
        if p.mark is TimelineMark.HAPPENED:
            colour = _MISTRIAL if p.kind is CourtEventKind.MISTRIAL else _HAPPENED
        painter.setPen(QPen(colour.darker(130), 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(centre, 6, 6)
