"""Laying out a paragraph of multi-script text: runs, fonts, shaping, wrapping, then bidi order.

The order matters (``DESIGN.md`` section 4):

1. resolve the bidi levels of the whole paragraph and pick a font for every character;
2. cut the text into words and spaces, and each word into pieces of one level and one font;
3. shape the pieces that need it and measure them;
4. wrap in logical order, at spaces (a word wider than the line is cut between clusters);
5. only then reorder each line for display (bidi rules L1 and L2).

Widths are kept in thousandths of the font size until drawing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from models.reports.fonts import font_name
from models.reports.text.ordering import (
    Direction,
    base_level,
    keep_numbers_together,
    resolve_levels,
    visual_order,
)
from models.reports.text.scripts import COMPLEX_FAMILIES, assign_families
from models.reports.text.shaping import Glyphs, plain, shape
from models.reports.text.style import TextStyle

__all__ = ["Layout", "Line", "Piece", "layout_text", "normalise"]

# Spaces a line may break at (not the no-break spaces U+00A0, U+2007 and U+202F).
_BREAKING_SPACE = re.compile("[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_BIDI_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))  # removed: the reference UBA predates them
_NEUTRAL_CLASSES = frozenset({"ON", "WS", "CS", "ES", "ET", "S"})
_GLUE_AFTER = frozenset("\u094d\u0a4d\u200d")  # viramas and ZWJ bind to what follows


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a line in one font at one bidi level; ``text`` is logical."""

    text: str
    font_name: str
    level: int
    glyphs: Glyphs
    blank: bool


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line, with ``text`` in logical order.

    ``pieces`` are in logical order, each with its distance from the left end of the line (in
    thousandths of the font size) after bidi reordering. Drawing them in logical order keeps the
    content stream in reading order, which text extraction (pypdf, ``pdftotext -raw``) follows.
    ``hard_break`` is True for the last line of a hard line (before a newline or at the end).
    """

    pieces: tuple[tuple[Piece, float], ...]
    text: str
    advance: float
    hard_break: bool = True


@dataclass(frozen=True, slots=True)
class Layout:
    """A laid-out paragraph: its direction and its lines, top to bottom."""

    rtl: bool
    lines: tuple[Line, ...]


def normalise(text: str) -> list[str]:
    """Split text into hard lines (at newlines), each NFC with its spaces collapsed."""
    text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))
    text = text.translate(_BIDI_ISOLATES)
    return [_BREAKING_SPACE.sub(" ", segment).strip(" ") for segment in text.split("\n")]


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d"


class _Segment:
    """One hard line of a paragraph, with its levels and fonts resolved."""

    def __init__(self, text: str, paragraph_level: int, style: TextStyle) -> None:
        self.text = text
        self.paragraph_level = paragraph_level
        self.style = style
        self.levels = resolve_levels(text, paragraph_level)
        keep_numbers_together(text, self.levels)
        families = assign_families(text, self.levels, paragraph_level == 1)
        self.fonts = [font_name(family, style.bold) for family in families]
        self.complex = [family in COMPLEX_FAMILIES for family in families]
        self.neutral = [unicodedata.bidirectional(c) in _NEUTRAL_CLASSES for c in text]

    def pieces(self, start: int, end: int) -> list[Piece]:
        """The pieces of ``text[start:end]``, in logical order."""
        result: list[Piece] = []
        index = start
        while index < end:
            stop = index + 1
            key = self._key(index)
            while stop < end and self._key(stop) == key:
                stop += 1
            result.append(self._piece(index, stop))
            index = stop
        return result

    def _key(self, index: int) -> tuple[int, str, bool]:
        # In right-to-left runs punctuation gets a piece of its own, drawn after the word it
        # follows, so extractors that read the content stream (pypdf) keep it in place.
        level = self.levels[index]
        return level, self.fonts[index], level % 2 == 1 and self.neutral[index]

    def _piece(self, start: int, end: int) -> Piece:
        text = self.text[start:end]
        level = self.levels[start]
        name = self.fonts[start]
        blank = text.isspace()
        needs_shaping = not blank and (
            self.complex[start] or level % 2 == 1 or any(_is_mark(c) for c in text)
        )
        glyphs = (
            shape(name, text, level % 2 == 1, self.style.language)
            if needs_shaping
            else plain(name, text)
        )
        return Piece(text, name, level, glyphs, blank)

    def break_points(self, start: int, end: int) -> list[int]:
        """Where an over-long word may be cut: between clusters."""
        text = self.text
        return [
            i
            for i in range(start + 1, end)
            if not _is_mark(text[i]) and text[i - 1] not in _GLUE_AFTER
        ]


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    pieces: list[Piece]
    advance: float


def _word(segment: _Segment, start: int, end: int) -> _Word:
    pieces = segment.pieces(start, end)
    return _Word(start, end, pieces, sum(p.glyphs.advance for p in pieces))


def _cut(segment: _Segment, word: _Word, limit: float) -> list[_Word]:
    """Cut a word wider than the line into parts that fit (at least one cluster each)."""
    parts: list[_Word] = []
    start = word.start
    points = [*segment.break_points(word.start, word.end), word.end]
    while start < word.end:
        best: _Word | None = None
        for point in points:
            if point <= start:
                continue
            candidate = _word(segment, start, point)
            if best is not None and candidate.advance > limit:
                break
            best = candidate
            if candidate.advance > limit:
                break
        assert best is not None
        parts.append(best)
        start = best.end
    return parts


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Where the words are. A space between two digits does not end a word, so a phone number
    such as "08000 121 700" is never cut over two lines."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer("[^ ]+", text):
        start, end = match.span()
        glued = spans and spans[-1][1] == start - 1 and text[start - 2].isdigit()
        if glued and text[start].isdigit():
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


def _wrap_segment(segment: _Segment, limit: float | None) -> list[Line]:
    text = segment.text
    if not text:
        return [Line((), "", 0.0, True)]
    words: list[_Word] = []
    spaces: dict[int, _Word] = {}  # the space before the word starting here
    position = 0
    for start, end in _word_spans(text):
        if start > position:
            spaces[start] = _word(segment, position, start)
        words.append(_word(segment, start, end))
        position = end

    lines: list[list[_Word]] = []
    current: list[_Word] = []
    advance = 0.0
    for word in words:
        space = spaces.get(word.start) if current else None
        gap = space.advance if space is not None else 0.0
        if limit is None or advance + gap + word.advance <= limit:
            if space is not None:
                current.append(space)
            current.append(word)
            advance += gap + word.advance
            continue
        if current:
            lines.append(current)
        current, advance = [word], word.advance
        if word.advance > limit:
            *full, last = _cut(segment, word, limit)
            lines.extend([part] for part in full)
            current, advance = [last], last.advance
    lines.append(current)
    return [_finish(segment, line, line is lines[-1]) for line in lines]


def _finish(segment: _Segment, words: list[_Word], hard_break: bool) -> Line:
    pieces = [piece for word in words for piece in word.pieces]
    ordered = visual_order(
        range(len(pieces)), lambda i: pieces[i].level, segment.paragraph_level, lambda i: False
    )
    offsets = [0.0] * len(pieces)
    x = 0.0
    for index in ordered:
        offsets[index] = x
        x += pieces[index].glyphs.advance
    start, end = words[0].start, words[-1].end
    return Line(
        _merge(list(zip(pieces, offsets, strict=True))),
        segment.text[start:end],
        sum(p.glyphs.advance for p in pieces),
        hard_break,
    )


def _merge(placed: list[tuple[Piece, float]]) -> tuple[tuple[Piece, float], ...]:
    """Join neighbouring unshaped left-to-right pieces in one font: fewer, longer text runs."""
    merged: list[tuple[Piece, float]] = []
    for piece, offset in placed:
        if merged:
            last, last_offset = merged[-1]
            if (
                not piece.glyphs.shaped
                and not last.glyphs.shaped
                and piece.font_name == last.font_name
                and piece.level == last.level
                and piece.level % 2 == 0
                and abs(last_offset + last.glyphs.advance - offset) < 1e-6
            ):
                glyphs = Glyphs(
                    last.glyphs.codes + piece.glyphs.codes,
                    last.glyphs.advance + piece.glyphs.advance,
                    shaped=False,
                )
                joined = Piece(last.text + piece.text, piece.font_name, piece.level, glyphs, False)
                merged[-1] = (joined, last_offset)
                continue
        merged.append((piece, offset))
    return tuple(merged)


def layout_text(
    text: str, style: TextStyle, base_direction: Direction = "auto", width: float | None = None
) -> Layout:
    """Lay out ``text`` in lines no wider than ``width`` points (one line per hard line if None)."""
    segments = normalise(text)
    if not any(segments):
        return Layout(base_level("", base_direction) == 1, ())
    level = base_level(" ".join(segments), base_direction)
    limit = None if width is None else max(width, 1.0) * 1000.0 / style.size
    lines: list[Line] = []
    for segment_text in segments:
        lines.extend(_wrap_segment(_Segment(segment_text, level, style), limit))
    return Layout(level == 1, tuple(lines))
