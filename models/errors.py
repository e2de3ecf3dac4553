"""Errors the core raises, each with a message that is safe to show and to log.

Messages never include personal data: they name fields and actions, not values.
"""

from __future__ import annotations

from dataclasses import dataclass


class WaypostError(Exception):
    """Base class. ``user_message`` is what the navigator is shown."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class NotSqlcipherError(WaypostError):
    """The database driver is plain SQLite, so the vault would not be encrypted."""


class DatabaseMissing(WaypostError):
    """The vault folder has its key file but no database."""


class VaultClosed(WaypostError):
    """The vault was locked (its database closed) before this work ran."""


class DatabaseDamaged(WaypostError):
    """The encrypted database failed to open or failed an integrity check."""


class StaleEditError(WaypostError):
    """What the user edited changed elsewhere first; nothing was overwritten."""


class NotFoundError(WaypostError):
    """The record asked for no longer exists in this vault."""


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class ValidationError(WaypostError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        lines = "\n".join(f"• {p.message}" for p in problems)
        super().__init__(f"Please correct the following:\n{lines}")
        self.problems = tuple(problems)
