"""How the case workspace writes dates, ages and audit entries for a navigator to read."""

from __future__ import annotations

from datetime import date, datetime

from models.dto import PersonFields
from models.enums import DatePrecision

ENTITY_NAMES = {
    "case": "case",
    "person": "survivor",
    "contact": "contact note",
    "consent": "consent",
}

NOT_RECORDED = "Not recorded"


def format_date(value: date | None, precision: DatePrecision = DatePrecision.DAY) -> str:
    """2 Mar 2026 (or Mar 2026, or 2026). English month names, whatever the system locale."""
    if value is None:
        return NOT_RECORDED
    month = _MONTHS[value.month - 1]
    if precision is DatePrecision.YEAR:
        return f"{value.year}"
    if precision is DatePrecision.MONTH:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def format_timestamp(value: datetime) -> str:
    """A UTC timestamp in the computer's local time: 25 Nov 2026, 14:03."""
    local = value.astimezone()
    return f"{format_date(local.date())}, {local:%H:%M}"


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def describe_age(person: PersonFields, today: date) -> str:
    """Date of birth with its precision, or the estimated age; says when the age is disputed."""
    disputed = ", age disputed" if person.age_disputed else ""
    if person.date_of_birth is not None:
        precision = person.date_of_birth_precision
        age = age_on(person.date_of_birth, today)
        about = "" if precision is DatePrecision.DAY else "about "
        shown = format_date(person.date_of_birth, precision)
        return f"Born {shown} ({about}{age}){disputed}"
    if person.estimated_age is not None:
        when = f" on {format_date(person.estimated_age_on)}" if person.estimated_age_on else ""
        return f"Estimated {person.estimated_age}{when}{', disputed' if disputed else ''}"
    return NOT_RECORDED + disputed


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


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
