"""Full-text search over cases, with SQLite FTS5.

This is the SQLite-only adapter named in DESIGN.md section 7: a PostgreSQL counterpart
(tsvector or pg_trgm) can sit beside it with the same three functions.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from models.rules.search_terms import NOTES_FROM_LETTERS, search_tokens

# fold is re-exported: the demo generator indexes through this adapter too.
from models.rules.search_terms import fold as fold

# Diacritics are folded so "nguyen" finds "Nguyễn"; short prefixes are indexed so that
# search-as-you-type stays fast from the second keystroke.
CREATE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5("
    "reference, names, notes, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
DROP_SQL = "DROP TABLE IF EXISTS case_search"


def match_expression(user_text: str) -> str | None:
    """Turn what the user typed into an FTS5 query: every word must match as a prefix.

    Each token is quoted, so FTS5 operators typed by the user (AND, NEAR, quotes, *) are
    searched for literally and can never cause a syntax error.
    """
    tokens = search_tokens(user_text)
    if not tokens:
        return None
    return " ".join(
        f'"{token}"*' if len(token) >= NOTES_FROM_LETTERS else f'{{reference names}} : "{token}"*'
        for token in tokens
    )


def case_search_text(
    references: Iterable[str], names: Iterable[str], notes: Iterable[str]
) -> tuple[str, str, str]:
    """The (reference, names, notes) texts indexed for one case, empty parts dropped.

    Shared by every writer of the index (case edits, the contact log, demo data), so that a
    case is indexed the same way whichever path wrote it. ``index_case`` folds them.
    """
    return (
        " ".join(ref for ref in references if ref),
        " ".join(name for name in names if name),
        "\n".join(notes),
    )


# Names and notes are stored folded (see ``fold``); the references as written.
INSERT_SQL = (
    "INSERT INTO case_search (rowid, reference, names, notes) "
    "VALUES (:id, :reference, :names, :notes)"
)


def index_case(
    executor: Session | Connection, case_id: int, reference: str, names: str, notes: str
) -> None:
    executor.execute(text("DELETE FROM case_search WHERE rowid = :id"), {"id": case_id})
    executor.execute(
        text(INSERT_SQL),
        {"id": case_id, "reference": reference, "names": fold(names), "notes": fold(notes)},
    )


def remove_case(executor: Session | Connection, case_id: int) -> None:
    executor.execute(text("DELETE FROM case_search WHERE rowid = :id"), {"id": case_id})


def matching_case_ids_sql() -> str:
    """A sub-select of case IDs whose indexed text matches ``:match``."""
    return "SELECT rowid FROM case_search WHERE case_search MATCH :match"
