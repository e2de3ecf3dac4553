"""Which bundled font family draws each character (font fallback).

A letter or sign of a script that has its own font (Arabic, Ethiopic, Devanagari, Gurmukhi) goes to
that font; every other letter (Latin, Vietnamese, Cyrillic, Greek) to Noto Sans. Digits,
punctuation, spaces and symbols are neutral: they join a neighbouring run, preferring a neighbour
at the same bidi level (so "07700" inside Arabic stays in the Arabic font's digits while a comma
after an English name stays with the name), as long as that font has the glyph. Combining marks
always stay with the character they sit on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from models.reports.fonts import FontFamily, covers

__all__ = ["COMPLEX_FAMILIES", "assign_families", "strong_family"]

# Families whose text must be shaped (joining, reordering, mark positioning).
COMPLEX_FAMILIES = frozenset({FontFamily.NASKH_ARABIC, FontFamily.DEVANAGARI, FontFamily.GURMUKHI})

_RANGES: tuple[tuple[int, int, FontFamily], ...] = (
    (0x0600, 0x06FF, FontFamily.NASKH_ARABIC),
    (0x0750, 0x077F, FontFamily.NASKH_ARABIC),
    (0x0870, 0x08FF, FontFamily.NASKH_ARABIC),
    (0xFB50, 0xFDFF, FontFamily.NASKH_ARABIC),
    (0xFE70, 0xFEFF, FontFamily.NASKH_ARABIC),
    (0x0900, 0x097F, FontFamily.DEVANAGARI),
    (0xA8E0, 0xA8FF, FontFamily.DEVANAGARI),
    (0x0A00, 0x0A7F, FontFamily.GURMUKHI),
    (0x1200, 0x139F, FontFamily.ETHIOPIC),
    (0x2D80, 0x2DDF, FontFamily.ETHIOPIC),
    (0xAB00, 0xAB2F, FontFamily.ETHIOPIC),
    (0x1E7E0, 0x1E7FF, FontFamily.ETHIOPIC),
)

# Script=Common characters inside those blocks: they join their neighbours.
_COMMON_IN_BLOCKS = frozenset({0x0964, 0x0965})  # danda and double danda (Hindi and Punjabi)

_FALLBACK_ORDER = (
    FontFamily.SANS,
    FontFamily.NASKH_ARABIC,
    FontFamily.ETHIOPIC,
    FontFamily.DEVANAGARI,
    FontFamily.GURMUKHI,
)


def strong_family(char: str) -> FontFamily | None:
    """The family a character belongs to, or None for neutrals and combining marks."""
    code = ord(char)
    if code not in _COMMON_IN_BLOCKS:
        for first, last, family in _RANGES:
            if first <= code <= last:
                return family
    category = unicodedata.category(char)
    if category[0] == "L":
        return FontFamily.SANS
    return None


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d"


def assign_families(text: str, levels: Sequence[int], rtl: bool) -> list[FontFamily]:
    """The font family for each character of ``text`` (``levels`` are its bidi levels)."""
    count = len(text)
    strong = [strong_family(char) for char in text]
    # The nearest strong family after each position, with its index.
    after: list[int] = [-1] * (count + 1)
    for index in range(count - 1, -1, -1):
        after[index] = index if strong[index] is not None else after[index + 1]
    default = FontFamily.NASKH_ARABIC if rtl else FontFamily.SANS
    families: list[FontFamily] = []
    last_strong = -1
    for index, char in enumerate(text):
        family = strong[index]
        if family is not None:
            last_strong = index
            families.append(family)
            continue
        if index and _is_mark(char):
            families.append(families[-1])
            continue
        candidates: list[FontFamily] = []
        before = families[-1] if families else None
        following = strong[after[index + 1]] if after[index + 1] >= 0 else None
        same_level_before = last_strong >= 0 and levels[last_strong] == levels[index]
        same_level_after = following is not None and levels[after[index + 1]] == levels[index]
        if before is not None and same_level_before:
            candidates.append(before)
        if following is not None and same_level_after:
            candidates.append(following)
        for family in (before, following, default, *_FALLBACK_ORDER):
            if family is not None:
                candidates.append(family)
        families.append(next((f for f in candidates if covers(f, char)), candidates[0]))
    return families
