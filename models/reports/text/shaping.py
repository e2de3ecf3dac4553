"""Shaping one run of text in one font, with HarfBuzz (uharfbuzz, from ``reportlab[shaping]``).

A run is shaped in its own direction: HarfBuzz joins Arabic letters, mirrors brackets in a
right-to-left run and hands back the glyphs of such a run already in visual (left to right) order;
for Devanagari and Gurmukhi it reorders and places the vowel signs.

The glyphs come back as a reportlab ``ShapedStr`` (a string of character codes plus positions) that
reportlab's text objects draw with each glyph's offsets. Every glyph is given a code that extracts
as the text it stands for (see ``BundledTTFont.code_for``): the text of a cluster (a base
character with its marks, or an Indic syllable) is shared out over its spacing glyphs in visual
order, so an extractor reading the glyphs left to right (or right to left for a right-to-left
run) gets the logical text back, whatever the glyphs' order.

Results do not depend on the font size: advances are in thousandths of the font size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from models.reports.fonts import BundledTTFont

__all__ = ["Glyphs", "harfbuzz_font", "plain", "shape"]

_FEATURES = {"kern": True, "liga": True}
_ZERO_WIDTH = 0x200B  # ZERO WIDTH SPACE: a blank glyph with no advance


@dataclass(frozen=True, slots=True)
class Glyphs:
    """What to draw for one run: ``codes`` in reportlab's terms, ``advance`` per 1000 of size.

    ``shaped`` codes are a reportlab ``ShapedStr`` carrying glyph positions.
    """

    codes: str
    advance: float
    shaped: bool


@lru_cache(maxsize=256)
def harfbuzz_font(font_name: str) -> hb.Font:
    font: BundledTTFont = pdfmetrics.getFont(font_name)
    return hb.Font(font.hbFace)


@lru_cache(maxsize=8192)
def plain(font_name: str, text: str) -> Glyphs:
    """A run drawn character by character, as reportlab normally does."""
    return Glyphs(text, float(pdfmetrics.stringWidth(text, font_name, 1000)), shaped=False)


@lru_cache(maxsize=8192)
def shape(font_name: str, text: str, rtl: bool, language: str | None = None) -> Glyphs:
    """Shape ``text`` in the registered font ``font_name``, right to left if ``rtl``."""
    font: BundledTTFont = pdfmetrics.getFont(font_name)
    hb_font = harfbuzz_font(font_name)
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    if language:
        buffer.language = language
    hb.shape(hb_font, buffer, _FEATURES)
    infos = buffer.glyph_infos
    positions = buffer.glyph_positions

    starts = sorted({info.cluster for info in infos})
    ends = {start: end for start, end in zip(starts, [*starts[1:], len(text)], strict=True)}
    # Glyph indices of each cluster, in visual order.
    members: dict[int, list[int]] = {}
    for index, info in enumerate(infos):
        members.setdefault(info.cluster, []).append(index)
    texts: list[str] = [""] * len(infos)
    # Characters a right-to-left glyph cannot carry alone, drawn as invisible zero-width glyphs
    # just before it (to its left, which comes after it in reading order).
    extra: dict[int, str] = {}
    for start, indices in members.items():
        cluster_text = text[start : ends[start]]
        reading = indices[::-1] if rtl else indices
        # Marks (no advance) extract as nothing; their characters go with a spacing glyph, so
        # that an extractor never sees a raised mark as a word of its own.
        carriers = [i for i in reading if positions[i].x_advance] or reading[:1]
        for rank, index in enumerate(carriers):
            last = rank == len(carriers) - 1
            texts[index] = cluster_text[rank:] if last else cluster_text[rank : rank + 1]
        if rtl and len(texts[carriers[-1]]) > 1 and _ZERO_WIDTH in font.face.charToGlyph:
            # Extractors disagree on the order of a right-to-left glyph's several characters
            # (pdftotext reverses them, pypdf does not): give each its own glyph instead.
            rest = texts[carriers[-1]]
            texts[carriers[-1]] = rest[0]
            extra[carriers[-1]] = rest[1:]

    scale = font.pdfScale
    codes: list[str] = []
    data: list[ShapeData] = []
    total = 0.0
    for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
        for char in reversed(extra.get(index, "")):
            blank = font.code_for(font.face.charToGlyph[_ZERO_WIDTH], char, 0.0)
            codes.append(chr(blank))
            data.append(ShapeData(info.cluster, 0, 0, 0, 0, font.face.charWidths[blank]))
        glyph = info.codepoint
        natural = scale(hb_font.get_glyph_h_advance(glyph))
        code = font.code_for(glyph, texts[index], natural)
        advance = scale(position.x_advance)
        total += advance
        codes.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                advance,
                scale(position.y_advance),
                scale(position.x_offset),
                scale(position.y_offset),
                font.face.charWidths[code],
            )
        )
    return Glyphs(ShapedStr("".join(codes), shapeData=data), total, shaped=True)
