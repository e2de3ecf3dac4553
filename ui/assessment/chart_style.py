"""What the recovery charts share: how each perspective is drawn, and the legend.

The survivor's and the navigator's scores must be told apart without colour (printed in grey,
or by someone who does not see the colours apart), so each perspective has its own line pattern
and marker shape as well as its own colour:

- survivor: solid line, filled circles, blue;
- navigator: dashed line, hollow squares, orange-brown (a square drawn round a circle at the
  same point leaves both visible).

An earlier assessment drawn for comparison (the intake) is thinner and paler than the latest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.enums import Perspective

__all__ = [
    "AXIS_COLOUR",
    "GRID_COLOUR",
    "TEXT_COLOUR",
    "LegendEntry",
    "LegendWidget",
    "draw_legend_entry",
    "draw_marker",
    "perspective_pen",
]

COLOURS = {Perspective.SURVIVOR: QColor("#1F5FA8"), Perspective.NAVIGATOR: QColor("#A8501A")}
GRID_COLOUR = QColor("#D5DCE6")
AXIS_COLOUR = QColor("#9AA5B4")
TEXT_COLOUR = QColor("#3D4450")


def _colour(perspective: Perspective, faint: bool) -> QColor:
    colour = QColor(COLOURS[perspective])
    if faint:
        colour = colour.lighter(165)
    return colour


def perspective_pen(perspective: Perspective, *, faint: bool = False, width: float = 2.0) -> QPen:
    pen = QPen(_colour(perspective, faint), width * (0.6 if faint else 1.0))
    pen.setStyle(
        Qt.PenStyle.SolidLine if perspective is Perspective.SURVIVOR else Qt.PenStyle.DashLine
    )
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def draw_marker(
    painter: QPainter,
    at: QPointF,
    perspective: Perspective,
    *,
    faint: bool = False,
    size: float = 4.0,
) -> None:
    """A filled circle (survivor) or a hollow square (navigator) centred on ``at``."""
    colour = _colour(perspective, faint)
    painter.save()
    if perspective is Perspective.SURVIVOR:
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(QBrush(colour) if not faint else QBrush(Qt.GlobalColor.white))
        painter.drawEllipse(at, size * 0.85, size * 0.85)
    else:
        painter.setPen(QPen(colour, 1.6 if not faint else 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = size * 1.15
        painter.drawRect(QRectF(at.x() - half, at.y() - half, 2 * half, 2 * half))
    painter.restore()


@dataclass(frozen=True)
class LegendEntry:
    text: str
    perspective: Perspective
    faint: bool = False


def draw_legend_entry(painter: QPainter, left: float, middle: float, entry: LegendEntry) -> float:
    """Draw a short line sample with its marker, then the text; return the width used."""
    painter.save()
    painter.setPen(perspective_pen(entry.perspective, faint=entry.faint))
    painter.drawLine(QPointF(left, middle), QPointF(left + 28, middle))
    draw_marker(painter, QPointF(left + 14, middle), entry.perspective, faint=entry.faint)
    painter.setPen(TEXT_COLOUR)
    metrics = QFontMetrics(painter.font())
    text_left = left + 34
    painter.drawText(QPointF(text_left, middle + metrics.ascent() / 2 - 1), entry.text)
    painter.restore()
    return 34 + metrics.horizontalAdvance(entry.text) + 18


class LegendWidget(QWidget):
    """One row of legend entries (it wraps onto more rows when narrow).

    Its height does not follow its width (no heightForWidth): inside a scroll area that would
    make the whole page ask for its preferred height instead of its minimum."""

    def __init__(self, entries: Sequence[LegendEntry] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._update_text()

    def set_entries(self, entries: Sequence[LegendEntry]) -> None:
        self._entries = list(entries)
        self._update_text()
        self.updateGeometry()
        self.update()

    def entries(self) -> list[LegendEntry]:
        return list(self._entries)

    def _update_text(self) -> None:
        text = "Legend: " + "; ".join(f"{e.text}: {_pattern(e.perspective)}" for e in self._entries)
        self.setAccessibleName("Chart legend")
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def _rows(self, width: int) -> list[list[tuple[LegendEntry, float]]]:
        metrics = self.fontMetrics()
        rows: list[list[tuple[LegendEntry, float]]] = [[]]
        used = 0.0
        for entry in self._entries:
            needed = 34 + metrics.horizontalAdvance(entry.text) + 18
            if rows[-1] and used + needed > width:
                rows.append([])
                used = 0.0
            rows[-1].append((entry, needed))
            used += needed
        return rows

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        width = sum(needed for row in self._rows(10_000) for _entry, needed in row)
        return QSize(int(width), self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self._row_height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
        super().resizeEvent(event)
        self.setMinimumHeight(self._row_height() * len(self._rows(self.width())))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = self._row_height()
        for index, row in enumerate(self._rows(self.width())):
            left = 2.0
            for entry, _needed in row:
                left += draw_legend_entry(painter, left, index * height + height / 2, entry)
        painter.end()


def _pattern(perspective: Perspective) -> str:
    if perspective is Perspective.SURVIVOR:
        return "solid line, round markers"
    return "dashed line, square markers"
