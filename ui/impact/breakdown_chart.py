"""A breakdown of one impact figure as horizontal bars: one per category, each with its count.

Counts are whole numbers all the way to the screen: bar lengths are whole pixels worked out with
integer arithmetic (``room * count // largest``). The figures are given as text too: the
accessible description and tooltip list them, and ``points()`` returns them for tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["NOTHING_TEXT", "BreakdownChart"]

BAR_COLOUR = QColor("#1F5FA8")
TEXT_COLOUR = QColor("#3D4450")
NOTHING_TEXT = "Nothing recorded in this period"


class BreakdownChart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._points: list[tuple[str, int]] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._update_text()

    def title(self) -> str:
        return self._title

    def set_points(self, points: Sequence[tuple[str, int]]) -> None:
        self._points = [(name, int(count)) for name, count in points]
        self._update_text()
        self.updateGeometry()

    def points(self) -> list[tuple[str, int]]:
        return list(self._points)

    def describe(self) -> str:
        if not any(count for _n, count in self._points):
            return f"{self._title}: nothing recorded."
        figures = "; ".join(f"{name} {count:,}" for name, count in self._points)
        return f"{self._title}: {figures}."

    def _update_text(self) -> None:
        text = self.describe()
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(320, max(2, len(self._points)) * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, max(2, len(self._points)) * self._row_height() + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        metrics = self.fontMetrics()
        largest = max((count for _n, count in self._points), default=0)
        painter.setPen(TEXT_COLOUR)
        if largest <= 0:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, NOTHING_TEXT)
            painter.end()
            return
        gap = 8
        names = [name for name, _c in self._points]
        counts = [f"{count:,}" for _n, count in self._points]
        name_width = min(
            max(metrics.horizontalAdvance(name) for name in names), self.width() * 2 // 5
        )
        count_width = max(metrics.horizontalAdvance(text) for text in counts)
        bar_left = 4 + name_width + gap
        room = max(1, self.width() - bar_left - gap - count_width - 6)
        row_height = self._row_height()
        bar_height = max(4, row_height - 8)
        for index, ((_name, count), name, text) in enumerate(
            zip(self._points, names, counts, strict=True)
        ):
            top = 4 + index * row_height
            if top + row_height > self.height() + 2:
                break  # the tooltip and description still list every category
            baseline = top + (row_height + metrics.ascent() - metrics.descent()) // 2
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width)
            painter.drawText(QPoint(4, baseline), shown)
            length = room * count // largest
            if count and length < 1:
                length = 1
            bar_top = top + (row_height - bar_height) // 2
            if length:
                painter.fillRect(QRect(bar_left, bar_top, length, bar_height), BAR_COLOUR)
            painter.drawText(QPoint(bar_left + length + gap, baseline), text)
        painter.end()
