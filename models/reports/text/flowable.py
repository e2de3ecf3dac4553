"""Drawing laid-out text: a platypus flowable for paragraphs and a helper for single lines."""

from __future__ import annotations

from typing import Any, Literal

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from models.reports.text.layout import Layout, Line, layout_text
from models.reports.text.ordering import Direction
from models.reports.text.style import Align, TextStyle

__all__ = ["MultiScriptParagraph", "draw_line", "text_width"]

# Where the baseline sits below the top of a line box, as a share of the font size, after half of
# the extra leading: room for Latin capitals and Arabic marks above, Naskh descenders below.
_ASCENT = 0.88


def _side(align: Align, rtl: bool) -> Literal["left", "right", "center"]:
    if align == "start":
        return "right" if rtl else "left"
    if align == "end":
        return "left" if rtl else "right"
    return align


def _draw_pieces(canvas: Any, line: Line, x: float, y: float, size: float) -> None:
    if not line.pieces:
        return
    text = canvas.beginText()
    scale = size / 1000.0
    for piece, offset in line.pieces:
        text.setTextOrigin(x + offset * scale, y)
        text.setFont(piece.font_name, size)
        text.textOut(piece.glyphs.codes)
    canvas.drawText(text)


class MultiScriptParagraph(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph in any mix of the bundled scripts, wrapped and drawn right for each.

    ``base_direction`` "auto" takes the direction from the first strong character. Right-to-left
    paragraphs align right unless ``style.align`` says otherwise. Newlines in ``text`` are hard
    line breaks; other runs of spaces collapse to one.
    """

    def __init__(
        self, text: str, style: TextStyle | None = None, base_direction: Direction = "auto"
    ) -> None:
        super().__init__()
        self.text = text
        self.text_style = style or TextStyle()
        self.base_direction: Direction = base_direction
        self.spaceBefore = self.text_style.space_before
        self.spaceAfter = self.text_style.space_after
        self._layout: Layout | None = None
        self._layout_width: float | None = None
        self.width = 0.0
        self.height = 0.0

    # -- what tests and callers may look at --------------------------------------------------

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        """The resolved paragraph direction."""
        return "rtl" if self._laid_out(self._layout_width).rtl else "ltr"

    @property
    def lines(self) -> list[str]:
        """The text of each line in logical order, as last wrapped."""
        return [line.text for line in self._laid_out(self._layout_width).lines]

    # -- platypus ------------------------------------------------------------------------------

    def _laid_out(self, width: float | None) -> Layout:
        if self._layout is None or width != self._layout_width:
            self._layout = layout_text(self.text, self.text_style, self.base_direction, width)
            self._layout_width = width
        return self._layout

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        layout = self._laid_out(availWidth)
        self.width = availWidth
        self.height = len(layout.lines) * self.text_style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        layout = self._laid_out(availWidth)
        fit = int((availHeight + 1e-6) // self.text_style.line_height)
        if fit <= 0:
            return []
        if fit >= len(layout.lines):
            return [self]
        first = self._part(layout, layout.lines[:fit], availWidth)
        first.spaceAfter = 0
        rest = self._part(layout, layout.lines[fit:], availWidth)
        rest.spaceBefore = 0
        return [first, rest]

    def _part(self, layout: Layout, lines: tuple[Line, ...], width: float) -> MultiScriptParagraph:
        text = "".join(line.text + ("\n" if line.hard_break else " ") for line in lines)
        part = MultiScriptParagraph(text[:-1], self.text_style, "rtl" if layout.rtl else "ltr")
        part._layout = Layout(layout.rtl, lines)
        part._layout_width = width
        return part

    def draw(self) -> None:
        style = self.text_style
        layout = self._laid_out(self.width)
        leading = style.line_height
        baseline = (leading - style.size) / 2 + style.size * _ASCENT
        y = self.height - baseline
        self.canv.setFillColor(HexColor(style.color))
        side = _side(style.align, layout.rtl)
        for line in layout.lines:
            line_width = line.advance * style.size / 1000.0
            x = {"left": 0.0, "right": self.width - line_width}.get(
                side, (self.width - line_width) / 2
            )
            _draw_pieces(self.canv, line, x, y, style.size)
            y -= leading

    def __repr__(self) -> str:
        return f"MultiScriptParagraph({self.text[:40]!r})"


def text_width(
    text: str, style: TextStyle | None = None, base_direction: Direction = "auto"
) -> float:
    """The width in points of ``text`` set on one line (the widest line if it has newlines)."""
    style = style or TextStyle()
    layout = layout_text(text, style, base_direction)
    return max((line.advance for line in layout.lines), default=0.0) * style.size / 1000.0


def draw_line(
    canvas: Any,
    x: float,
    y: float,
    text: str,
    style: TextStyle | None = None,
    align: Align = "left",
    base_direction: Direction = "auto",
) -> float:
    """Draw ``text`` unwrapped with its baseline at ``y``, for headers, footers and labels.

    ``x`` is the left edge for "left", the right edge for "right" and the middle for "center";
    "start" and "end" follow the text's direction. Newlines start new lines below. Returns the
    width of the widest line.
    """
    style = style or TextStyle()
    layout = layout_text(text, style, base_direction)
    side = _side(align, layout.rtl)
    canvas.saveState()
    canvas.setFillColor(HexColor(style.color))
    widest = 0.0
    for line in layout.lines:
        width = line.advance * style.size / 1000.0
        widest = max(widest, width)
        left = {"left": x, "right": x - width}.get(side, x - width / 2)
        _draw_pieces(canvas, line, left, y, style.size)
        y -= style.line_height
    canvas.restoreState()
    return widest
