"""The Unicode Bidirectional Algorithm, split where line wrapping needs it.

python-bidi's ``get_display`` resolves levels and reorders in one go, which is right for a single
line only: reordering a whole paragraph and then wrapping it puts right-to-left lines in the wrong
order. So levels are resolved once for the paragraph (rules P2 to I2, with python-bidi's reference
implementation, ``bidi.algorithm``), the paragraph is wrapped in logical order, and then each line
is reordered on its own (rules L1 and L2, here). Mirroring (L4) is left to HarfBuzz, which mirrors
brackets when it shapes a right-to-left run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

import bidi
from bidi import algorithm as _uba

__all__ = ["Direction", "base_level", "keep_numbers_together", "resolve_levels", "visual_order"]

Direction = Literal["auto", "ltr", "rtl"]

_T = TypeVar("_T")

# Bidi classes the reference implementation handles. It predates isolates (LRI, RLI, FSI, PDI),
# and unassigned code points have no class in unicodedata: both are treated as other neutrals.
_KNOWN_CLASSES = frozenset(
    {"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON"}
    | {"LRE", "LRO", "RLE", "RLO", "PDF"}
)


def base_level(text: str, direction: Direction = "auto") -> int:
    """The paragraph level: 1 for right-to-left, 0 for left-to-right.

    With ``"auto"`` it follows the first strong character (rules P2 and P3); text with none is
    left-to-right.
    """
    if direction == "rtl":
        return 1
    if direction == "ltr" or not text:
        return 0
    return int(bidi.get_base_level(text))


def resolve_levels(text: str, paragraph_level: int) -> list[int]:
    """The resolved embedding level of each character of one paragraph (no line breaks in it)."""
    if not text:
        return []
    storage = _uba.get_empty_storage()
    storage["base_level"] = paragraph_level
    storage["base_dir"] = ("L", "R")[paragraph_level]
    _uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
        if char["type"] not in _KNOWN_CLASSES:
            char["type"] = char["orig"] = "ON"
    _uba.explicit_embed_and_overrides(storage)  # X1-X10; drops BN (e.g. ZWNJ) per X9
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    levels = [-1] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    previous = paragraph_level
    for index, level in enumerate(levels):
        if level < 0:  # removed by X9: it takes the level of the character before it
            levels[index] = previous
        previous = levels[index]
    return levels


# A number written in groups: "07700 900123", "08000 121 700", "+44 7700 900123", "١٢ ٣٤".
_NUMBER = re.compile(r"\+?\d+(?:[ \u00a0./-]\d+)+|\+\d+")


def keep_numbers_together(text: str, levels: list[int]) -> None:
    """Keep each grouped number one left-to-right unit, as if it were in a bidi isolate.

    By the plain algorithm the spaces between digit groups inside right-to-left text are
    right-to-left, so "07700 900123" in Arabic would show as "900123 07700", and a phone number
    read left to right would be wrong. Here the separators (and a leading plus) take the level of
    the digits.
    """
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        digits = [levels[i] for i in range(start, end) if text[i].isdigit()]
        level = max(digits)
        if level % 2 == 0:
            for index in range(start, end):
                levels[index] = level


def _is_trailing_blank(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("WS", "S", "B", "BN")


def visual_order(
    items: Sequence[_T],
    level_of: Callable[[_T], int],
    paragraph_level: int,
    is_blank: Callable[[_T], bool] | None = None,
) -> list[_T]:
    """Reorder the items of one line (in logical order) for display, left to right.

    Items are characters or runs of one level. L1: blanks at the end of the line go to the
    paragraph level. L2: from the highest level down to the lowest odd one, every sequence at that
    level or above is reversed.
    """
    blank = is_blank or (lambda item: isinstance(item, str) and _is_trailing_blank(item))
    levels = [level_of(item) for item in items]
    index = len(items) - 1
    while index >= 0 and blank(items[index]):
        levels[index] = paragraph_level
        index -= 1
    order = list(range(len(items)))
    if not levels:
        return []
    highest = max(levels)
    odd_levels = [level for level in levels if level % 2]
    lowest_odd = min(odd_levels) if odd_levels else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = order[start:position][::-1]
                start = None
    return [items[i] for i in order]
