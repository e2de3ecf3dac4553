"""A long list of table rows under a heading row that repeats on every page it runs onto.

The purchase list of a busy month is hundreds of rows. reportlab's ``Table`` draws each line of
each cell as a text object of its own and, at every page break, builds a new table of the rows
left and styles and measures them all again: a 300-line statement spent most of its second on
that. This flowable measures each row once, splits by slicing, and draws a page's text in one
text object. Cells are either :class:`TextCell` (plain text already wrapped to its column) or
any flowable (the multi-script paragraphs for Arabic, Tigrinya and the like).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

__all__ = ["Cell", "ListLook", "RowList", "TextCell"]


@dataclass(frozen=True)
class TextCell:
    """Plain text in one font, already broken into the lines that fit its column."""

    lines: tuple[str, ...]
    widths: tuple[float, ...]  # each line's width, for aligning right
    font: str
    size: float
    leading: float
    color: Color
    right: bool = False


Cell: TypeAlias = TextCell | Flowable  # reportlab's Flowable is Any to mypy
_UNLIMITED = 1 << 20  # points: a cell is as tall as its text needs


@dataclass(frozen=True)
class ListLook:
    """Measures in points and colours: padding inside a cell, the rules and the heading's
    panel."""

    pad_x: float
    pad_top: float
    pad_bottom: float
    rule: Color
    thin: float
    medium: float
    panel: Color


class RowList(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """``rows`` under ``head``, in columns ``widths`` points wide. A row is never split; each
    page the list runs onto starts with the heading again."""

    def __init__(
        self,
        head: Sequence[Cell],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        look: ListLook,
        heights: tuple[float, Sequence[float]] | None = None,
    ) -> None:
        super().__init__()
        self.head = list(head)
        self.rows = [list(row) for row in rows]
        self.widths = list(widths)
        self.look = look
        # The heading's and each row's height, once known: the pieces a split makes keep them.
        self._head_height: float | None = heights[0] if heights is not None else None
        self._heights = list(heights[1]) if heights is not None else None

    # -- measuring ---------------------------------------------------------------------------

    def _row_height(self, row: Sequence[Cell]) -> float:
        inner = 0.0
        for cell, width in zip(row, self.widths, strict=True):
            if isinstance(cell, TextCell):
                tall = len(cell.lines) * cell.leading  # as reportlab's Table sizes a string
            else:
                tall = cell.wrap(width - 2 * self.look.pad_x, _UNLIMITED)[1]
            inner = max(inner, tall)
        return inner + self.look.pad_top + self.look.pad_bottom

    def _measure(self) -> tuple[float, list[float]]:
        if self._head_height is None:
            self._head_height = self._row_height(self.head)
        if self._heights is None:
            self._heights = [self._row_height(row) for row in self.rows]
        return self._head_height, self._heights

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        head, heights = self._measure()
        self.width = sum(self.widths)
        self.height = head + sum(heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        head, heights = self._measure()
        room = availHeight - head
        fitting = 0
        for height in heights:
            if height > room:
                break
            room -= height
            fitting += 1
        if fitting == 0:
            return []  # not even one row under the heading: start on the next page
        if fitting == len(self.rows):
            return [self]
        before, after = (head, heights[:fitting]), (head, heights[fitting:])
        return [
            RowList(self.head, self.rows[:fitting], self.widths, self.look, before),
            RowList(self.head, self.rows[fitting:], self.widths, self.look, after),
        ]

    # -- drawing ------------------------------------------------------------------------------

    def draw(self) -> None:
        head_height, heights = self._measure()
        canvas: Any = self.canv
        width = sum(self.widths)
        top = head_height + sum(heights)
        canvas.saveState()
        canvas.setFillColor(self.look.panel)
        canvas.rect(0, top - head_height, width, head_height, stroke=0, fill=1)
        text = _Text(canvas)
        y = top
        rules: list[tuple[float, float, float, float]] = []
        for row, height in ((self.head, head_height), *zip(self.rows, heights, strict=True)):
            self._draw_row(text, row, y)
            y -= height
            rules.append((0, y, width, y))
        text.flush()
        canvas.setStrokeColor(self.look.rule)
        canvas.setLineWidth(self.look.medium)
        canvas.lines(rules[:1])
        canvas.setLineWidth(self.look.thin)
        canvas.lines(rules[1:-1])
        canvas.restoreState()

    def _draw_row(self, text: _Text, row: Sequence[Cell], top: float) -> None:
        look = self.look
        left = 0.0
        for cell, width in zip(row, self.widths, strict=True):
            if isinstance(cell, TextCell):
                text.show(cell, left + look.pad_x, left + width - look.pad_x, top - look.pad_top)
            else:
                # Drawn in its place in reading order, so the text copies and extracts row by
                # row (a heading or an Arabic purpose is not left to the end of the page).
                text.flush()
                height = cell.wrap(width - 2 * look.pad_x, _UNLIMITED)[1]
                cell.drawOn(self.canv, left + look.pad_x, top - look.pad_top - height)
            left += width


class _Text:
    """One text object for the plain cells of a page, until a flowable cell comes between,
    changing font and colour only when a cell needs another (each change is a PDF operator,
    and most cells share one look)."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.text: Any = None
        self._font: tuple[str, float, float] | None = None
        self._color: Color | None = None

    def flush(self) -> None:
        """Draw what is written so far; the next cell starts a new text object."""
        if self.text is not None:
            self.canvas.drawText(self.text)
            self.text = None

    def show(self, cell: TextCell, left: float, right: float, top: float) -> None:
        if self.text is not None and cell.color != self._color:
            # A text object per colour: tools that read the text back (pypdf) tell a piece's
            # colour by its text object, and a "Missing" must read as red, not its neighbours.
            self.flush()
        if self.text is None:
            self.text = self.canvas.beginText()
            self._font = self._color = None
        font = (cell.font, cell.size, cell.leading)
        if font != self._font:
            self.text.setFont(*font)
            self._font = font
        if cell.color != self._color:
            self.text.setFillColor(cell.color)
            self._color = cell.color
        baseline = top - cell.size  # the first baseline one font size down, as in a Table
        for line, width in zip(cell.lines, cell.widths, strict=True):
            self.text.setTextOrigin(right - width if cell.right else left, baseline)
            self.text.textOut(line)
            baseline -= cell.leading
