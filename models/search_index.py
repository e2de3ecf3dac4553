"""Full-text search over cases, with SQLite FTS5.

This is the SQLite-only adapter named in DESIGN.md section 7: a PostgreSQL counterpart
(tsvector or pg_trgm) can sit beside it with the same three functions.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

# Diacritics are folded so "nguyen" finds "Nguyễn"; short prefixes are indexed so that
# search-as-you-type stays fast from the second keystroke.
CREATE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5("
    "reference, names, notes, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
DROP_SQL = "DROP TABLE IF EXISTS case_search"

_TOKEN = re.compile(r"\w+", re.UNICODE)

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


def match_expression(user_text: str) -> str | None:
    """Turn what the user typed into an FTS5 query: every word must match as a prefix.

    Each token is quoted, so FTS5 operators typed by the user (AND, NEAR, quotes, *) are
    searched for literally and can never cause a syntax error.
    """
    tokens = _TOKEN.findall(fold(user_text))
    if not tokens:
        return None
    return " ".join(f'"{token}"*' for token in tokens)


def index_case(
    executor: Session | Connection, case_id: int, reference: str, names: str, notes: str
) -> None:
    executor.execute(text("DELETE FROM case_search WHERE rowid = :id"), {"id": case_id})
    executor.execute(
        text(
            "INSERT INTO case_search (rowid, reference, names, notes) "
            "VALUES (:id, :reference, :names, :notes)"
        ),
        {"id": case_id, "reference": reference, "names": fold(names), "notes": fold(notes)},
    )


def remove_case(executor: Session | Connection, case_id: int) -> None:
    executor.execute(text("DELETE FROM case_search WHERE rowid = :id"), {"id": case_id})


def matching_case_ids_sql() -> str:
    """A sub-select of case IDs whose indexed text matches ``:match``."""
    return "SELECT rowid FROM case_search WHERE case_search MATCH :match"
