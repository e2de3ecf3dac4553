"""Text helpers for support plan change texts and Agenda labels: dates and quotes."""

from __future__ import annotations

from datetime import date

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
QUOTE_LIMIT = 80


def format_date(value: date | None) -> str:
    """ "3 December 2026", independent of the process locale."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line, at most ``limit`` characters, ending in an ellipsis when cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    """End with one full stop, not a second one after a quote that already ends a sentence."""
    if text.rstrip().endswith((".", "!", "?", ".”", "!”", "?”")):
        return text
    return f"{text}."


def _q(text: str) -> str:
    return f"“{shorten(text)}”" if text.strip() else "(no words yet)"
