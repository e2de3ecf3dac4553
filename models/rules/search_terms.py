"""What counts as a search word: pure rules shared by the search index and the caseload view."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\w+", re.UNICODE)
MIN_TOKEN = 2
# A two-letter word is looked for in names and references only. In the notes nearly every case
# has a word starting "th" or "an", so at 100,000 cases a second keystroke listed them all
# (half a second, and no use to anyone). From the third letter the notes are searched too.
NOTES_FROM_LETTERS = 3

# Letters that Unicode does not decompose into base letter + mark, so FTS5's own diacritic
# folding misses them; a navigator typing "lukasz" or "dang" must still find Łukasz or Đặng.
_UNDECOMPOSED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",  # noqa: RUF001 - dotless i, folded on purpose
        "Ħ": "H",
        "ħ": "h",
        "Þ": "Th",
        "þ": "th",
    }
)


def fold(value: str) -> str:
    """Latin letters without their diacritics, for indexing and for what the user types."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_tokens(user_text: str) -> list[str]:
    """The words that will be searched for, folded.

    A single letter matches nearly every case and costs a scan of the whole index, so a word is
    searched from its second letter on (the caseload tells the navigator so).
    """
    return [token for token in _TOKEN.findall(fold(user_text)) if len(token) >= MIN_TOKEN]
