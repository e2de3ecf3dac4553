"""Cells for long lists: plain text wrapped once into lines, not a Paragraph.

A month of purchases is thousands of cells. A reportlab ``Paragraph`` per cell parses markup
when made and lays itself out again each time a table is split across a page, so a 300-line
statement took over a second. Most cells are plain Latin text that Noto Sans prints as it is
(``summary_text.is_plain``): for those this module wraps the words to the column once into a
:class:`~models.reports.budget_list.TextCell`, which is drawn without any layout of its own.
Anything else (Arabic, Tigrinya, combining marks) still goes through the multi-script text
layer, so it is shaped and ordered right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from models.reports.budget_list import TextCell
from models.reports.fonts import font_name
from models.reports.summary_blocks import cell
from models.reports.summary_text import is_plain
from models.reports.text import TextStyle

__all__ = ["MAX_LINES", "text_cell", "text_commands", "wrap_words"]

Area = tuple[tuple[int, int], tuple[int, int]]
# A row is never split across pages, so no cell may be taller than a page: past this many lines
# (some 500 characters in the narrowest column, more than a purpose may hold in the widest) a
# cell is cut short with an ellipsis. The export has the text in full.
MAX_LINES = 30
_NARROWEST_GLYPH = 4  # points: about the narrowest average letter, in any script, at 8 pt
_ELLIPSIS = "\u2026"
# The pages read left to right, so "start" is the left edge (as in ``summary_style.S``).
_ALIGN = {"left": "LEFT", "start": "LEFT", "center": "CENTER", "right": "RIGHT", "end": "RIGHT"}


@lru_cache(maxsize=32)
def _color(hex_color: str) -> Color:
    return HexColor(hex_color)


@lru_cache(maxsize=8192)
def _width(text: str, font: str, size: float) -> Any:
    # The same words come back on every line (labels, dates, suppliers): measure each once.
    return stringWidth(text, font, size)


def _pieces(word: str, width: float, font: str, size: float) -> list[str]:
    """``word`` as it fits the column: whole, or cut into pieces when it is wider (a long
    reference or web address must not run into the next column)."""
    if _width(word, font, size) <= width:
        return [word]
    pieces, current = [], ""
    for char in word:
        if current and _width(current + char, font, size) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def wrap_words(text: str, width: float, style: TextStyle) -> list[str]:
    """The lines ``text`` takes in a column ``width`` points wide (its own line breaks kept)."""
    font, size = font_name(bold=style.bold), style.size
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        current = ""
        for word in paragraph.split():
            for piece in _pieces(word, width, font, size):
                joined = f"{current} {piece}" if current else piece
                if current and _width(joined, font, size) > width:
                    lines.append(current)
                    current = piece
                else:
                    current = joined
        lines.append(current)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def _cut(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    return (*lines[: MAX_LINES - 1], f"{lines[MAX_LINES - 1]} {_ELLIPSIS}")


def text_cell(text: str, width: float, style: TextStyle) -> TextCell | Flowable:
    """A cell of ``text`` for a column ``width`` points wide (inside its padding): wrapped
    lines when Noto Sans prints it as it is, otherwise a multi-script paragraph."""
    normal = unicodedata.normalize("NFC", text.strip())
    if not is_plain(normal):
        return cell(normal[: MAX_LINES * int(width) // _NARROWEST_GLYPH], style)
    font = font_name(bold=style.bold)
    lines = _cut(wrap_words(normal, width, style))
    return TextCell(
        lines,
        tuple(_width(line, font, style.size) for line in lines),
        font,
        style.size,
        style.line_height,
        _color(style.color),
        right=style.align in ("right", "end"),
    )


def text_commands(style: TextStyle, area: Area) -> Sequence[tuple[Any, ...]]:
    """Table style commands that give the string cells in ``area`` the look of ``style``."""
    start, stop = area
    return [
        # FONT sets name, size and leading at once: one pass over the cells, not three.
        ("FONT", start, stop, font_name(bold=style.bold), style.size, style.line_height),
        ("TEXTCOLOR", start, stop, HexColor(style.color)),
        ("ALIGN", start, stop, _ALIGN[style.align]),
    ]
