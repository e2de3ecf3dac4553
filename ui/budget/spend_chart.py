"""Where the money went: paid spend by category (horizontal bars, each with its amount) and by
month over the chosen period (vertical bars, every month present, empty ones too).

Money is integer pence all the way to the screen: bar lengths are whole pixels worked out with
integer arithmetic (``length * pence // largest``), never through a float. Each chart gives its
figures as text too: its accessible description and tooltip list them, and ``points()``
returns them for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from models.dto import SpendDTO
from models.enums import PurchaseCategory
from models.rules.date_text import format_date
from models.rules.money import format_pence
from ui.labels import label

__all__ = [
    "CategorySpendChart",
    "MonthlySpendChart",
    "SpendChart",
    "month_label",
    "nice_ceiling",
    "short_pounds",
]

BAR_COLOUR = QColor("#1F5FA8")
EMPTY_BAR_COLOUR = QColor("#E3E8EF")
GRID_COLOUR = QColor("#D5DCE6")
AXIS_COLOUR = QColor("#6B7685")
TEXT_COLOUR = QColor("#3D4450")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NO_SPEND_TEXT = "Nothing paid in this period yet"
MIN_AXIS_PENCE = 10_00


def short_pounds(pence: int) -> str:
    """A compact amount for an axis or a small bar: £950, £1.2k, £3.4m (cut, not rounded)."""
    sign = "-" if pence < 0 else ""
    pounds = abs(pence) // 100
    if pounds >= 1_000_000:
        whole, tenth = pounds // 1_000_000, pounds % 1_000_000 // 100_000
        suffix = "m"
    elif pounds >= 1_000:
        whole, tenth = pounds // 1_000, pounds % 1_000 // 100
        suffix = "k"
    else:
        return f"{sign}£{pounds}"
    if tenth and whole < 100:
        return f"{sign}£{whole}.{tenth}{suffix}"
    return f"{sign}£{whole}{suffix}"


def nice_ceiling(pence: int) -> int:
    """The smallest of £1, £2, £5, £10, £20, £50, … at or above ``pence`` (the axis top)."""
    step = 100
    while True:
        for multiple in (1, 2, 5):
            if step * multiple >= pence:
                return step * multiple
        step *= 10


def _parse_month(key: str) -> tuple[int, int]:
    year, month = key.split("-")
    return int(year), int(month)


def month_label(key: str) -> str:
    """ "2026-04" → "April 2026"."""
    year, month = _parse_month(key)
    return f"{_MONTH_NAMES[month - 1]} {year}"


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._period = ""
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_period(self, start: date | None, end: date | None) -> None:
        if start is not None and end is not None:
            self._period = f"{format_date(start)} to {format_date(end)}"
        else:
            self._period = ""

    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _update_text(self) -> None:
        text = self.describe()
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def _begin(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        return painter

    def _small_font(self, painter: QPainter) -> None:
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() - 1.0, 7.0))
        painter.setFont(small)


class CategorySpendChart(_Chart):
    """Paid spend per category: one horizontal bar each, largest first, with its amount."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Paid spend by category", parent)
        self.setObjectName("spendByCategory")
        self._points: list[tuple[PurchaseCategory, int]] = []
        self._update_text()

    def set_points(self, points: Sequence[tuple[PurchaseCategory, int]]) -> None:
        # Largest first; categories with nothing paid are left out.
        kept = [(category, pence) for category, pence in points if pence]
        self._points = sorted(kept, key=lambda point: -point[1])
        self._update_text()
        self.updateGeometry()

    def points(self) -> list[tuple[PurchaseCategory, int]]:
        return list(self._points)

    def describe(self) -> str:
        period = f", {self._period}" if self._period else ""
        if not self._points:
            return f"{self._title}{period}: nothing paid."
        figures = "; ".join(f"{label(c)} {format_pence(p)}" for c, p in self._points)
        total = sum(p for _c, p in self._points)
        return f"{self._title}{period}: {figures}. Total {format_pence(total)}."

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(360, max(3, len(self._points)) * self._row_height() + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 3 * self._row_height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = self._begin()
        metrics = self.fontMetrics()
        if not self._points:
            painter.setPen(TEXT_COLOUR)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, NO_SPEND_TEXT)
            painter.end()
            return
        gap = 8
        names = [label(category) for category, _p in self._points]
        amounts = [format_pence(pence) for _c, pence in self._points]
        name_width = max(metrics.horizontalAdvance(name) for name in names)
        amount_width = max(metrics.horizontalAdvance(text) for text in amounts)
        bar_left = 4 + name_width + gap
        room = max(1, self.width() - bar_left - gap - amount_width - 6)
        largest = max(pence for _c, pence in self._points)
        row_height = max(
            metrics.height() + 2, min(self._row_height(), self.height() // len(self._points))
        )
        bar_height = max(4, row_height - 8)
        for index, ((_category, pence), name, amount) in enumerate(
            zip(self._points, names, amounts, strict=True)
        ):
            top = 4 + index * row_height
            if top + row_height > self.height() + 2:
                break  # the tooltip and description still list every category
            baseline = top + (row_height + metrics.ascent() - metrics.descent()) // 2
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QPoint(4, baseline), name)
            length = max(1, room * pence // largest)
            bar_top = top + (row_height - bar_height) // 2
            painter.fillRect(QRect(bar_left, bar_top, length, bar_height), BAR_COLOUR)
            painter.drawText(QPoint(bar_left + length + gap, baseline), amount)
        painter.end()


class MonthlySpendChart(_Chart):
    """Paid spend per month: one vertical bar each, in month order, gaps included."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Paid spend by month", parent)
        self.setObjectName("spendByMonth")
        self._points: list[tuple[str, int]] = []
        self._update_text()

    def set_points(self, points: Sequence[tuple[str, int]]) -> None:
        self._points = list(points)
        self._update_text()

    def points(self) -> list[tuple[str, int]]:
        return list(self._points)

    def describe(self) -> str:
        period = f", {self._period}" if self._period else ""
        if not self._points:
            return f"{self._title}{period}: no months."
        figures = "; ".join(f"{month_label(key)} {format_pence(p)}" for key, p in self._points)
        return f"{self._title}{period}: {figures}."

    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 140)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = self._begin()
        self._small_font(painter)
        metrics = painter.fontMetrics()
        largest = max((pence for _k, pence in self._points), default=0)
        if largest <= 0:
            painter.setPen(TEXT_COLOUR)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, NO_SPEND_TEXT)
            painter.end()
            return
        # At least £10, so the half-way line reads £5 rather than a rounded-down "£0".
        top_value = nice_ceiling(max(largest, MIN_AXIS_PENCE))
        axis_width = metrics.horizontalAdvance(short_pounds(top_value)) + 8
        left, top = axis_width, metrics.height() + 4
        bottom = self.height() - metrics.height() - 6
        plot_height = max(1, bottom - top)
        plot_width = max(1, self.width() - left - 6)

        # Grid lines at nothing, half and the top, labelled.
        for share in (0, 1, 2):
            value = top_value * share // 2
            y = bottom - plot_height * share // 2
            painter.setPen(QPen(AXIS_COLOUR if share == 0 else GRID_COLOUR, 1))
            painter.drawLine(left, y, left + plot_width, y)
            painter.setPen(AXIS_COLOUR)
            text = short_pounds(value)
            painter.drawText(
                QPoint(axis_width - 6 - metrics.horizontalAdvance(text), y + metrics.ascent() // 2),
                text,
            )

        count = len(self._points)
        slot = max(1, plot_width // count)
        bar_width = max(2, slot * 2 // 3)
        label_every = 1
        while label_every < count and metrics.horizontalAdvance("May 26") + 4 > slot * label_every:
            label_every += 1
        for index, (key, pence) in enumerate(self._points):
            x = left + index * slot + (slot - bar_width) // 2
            height = plot_height * pence // top_value
            if pence and height < 1:
                height = 1
            if height:
                painter.fillRect(QRect(x, bottom - height, bar_width, height), BAR_COLOUR)
            centre = left + index * slot + slot // 2
            if pence and metrics.horizontalAdvance(short_pounds(pence)) <= slot:
                text = short_pounds(pence)
                painter.setPen(TEXT_COLOUR)
                painter.drawText(
                    QPoint(centre - metrics.horizontalAdvance(text) // 2, bottom - height - 3),
                    text,
                )
            if index % label_every == 0:
                year, month = _parse_month(key)
                text = _MONTHS[month - 1]
                if month == 1 or index == 0:
                    text = f"{text} {year % 100:02d}"
                painter.setPen(AXIS_COLOUR)
                painter.drawText(
                    QPoint(
                        centre - metrics.horizontalAdvance(text) // 2, bottom + metrics.ascent() + 3
                    ),
                    text,
                )
        painter.end()


class SpendChart(QWidget):
    """The two spend charts side by side, each under its heading, for one period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendChart")
        self.by_category = CategorySpendChart(self)
        self.by_month = MonthlySpendChart(self)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("spendTotal")
        row = QHBoxLayout()
        row.setSpacing(16)
        for chart, heading in (
            (self.by_category, "Spend by category"),
            (self.by_month, "Spend by month"),
        ):
            column = QVBoxLayout()
            column.setSpacing(2)
            caption = QLabel(heading, self)
            caption.setObjectName("chartHeading")
            column.addWidget(caption)
            column.addWidget(chart, 1)
            row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row, 1)
        layout.addWidget(self.total_label)

    def set_spend(
        self, spend: SpendDTO, start: date | None = None, end: date | None = None
    ) -> None:
        for chart in (self.by_category, self.by_month):
            chart.set_period(start, end)
        self.by_category.set_points(spend.by_category)
        self.by_month.set_points(spend.by_month)
        self.total_label.setText(f"Paid in this period: {format_pence(spend.total_pence)}")

    def points(self) -> tuple[list[tuple[PurchaseCategory, int]], list[tuple[str, int]]]:
        """(spend by category, largest first; spend by month, in order)."""
        return self.by_category.points(), self.by_month.points()
