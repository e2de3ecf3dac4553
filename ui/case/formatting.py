"""How the case workspace writes dates, ages and audit entries for a navigator to read."""

from __future__ import annotations

from datetime import datetime

from models.rules.date_text import NOT_RECORDED, age_on, describe_age, format_date

__all__ = [
    "ENTITY_NAMES",
    "NOT_RECORDED",
    "age_on",
    "describe_age",
    "describe_entity",
    "excerpt",
    "format_date",
    "format_timestamp",
]

ENTITY_NAMES = {
    "case": "case",
    "person": "survivor",
    "contact": "contact note",
    "consent": "consent",
    "assessment": "recovery assessment",
    "recovery_summary": "recovery summary",
    "export": "police summary export",
}


def describe_entity(entity_type: str) -> str:
    return ENTITY_NAMES.get(entity_type, entity_type.replace("_", " ") or "vault")


def excerpt(text: str, limit: int = 120) -> str:
    """The first line of a note, cut at a word if it is long."""
    first = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    more = len(text.strip().splitlines()) > 1
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0]
        more = True
    return first + (" …" if more else "")


def format_timestamp(value: datetime) -> str:
    """A UTC timestamp in the computer's local time: 25 Nov 2026, 14:03."""
    local = value.astimezone()
    return f"{format_date(local.date())}, {local:%H:%M}"
