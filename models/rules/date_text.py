"""Dates and ages written for people: on screen and in documents for partners.

English month names whatever the system locale, and partial dates shown only as far as they
are known (an estimate never gains a day it does not have).
"""

from __future__ import annotations

from datetime import date

from models.dto import PersonFields
from models.enums import DatePrecision

NOT_RECORDED = "Not recorded"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date | None, precision: DatePrecision = DatePrecision.DAY) -> str:
    """2 Mar 2026 (or Mar 2026, or 2026)."""
    if value is None:
        return NOT_RECORDED
    month = _MONTHS[value.month - 1]
    if precision is DatePrecision.YEAR:
        return f"{value.year}"
    if precision is DatePrecision.MONTH:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


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


def months_text(months: int) -> str:
    """330 months as "27 years 6 months": whole years and the months left, integers only."""
    years, left = divmod(months, 12)

    def plural(count: int, noun: str) -> str:
        return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

    if years == 0:
        return plural(left, "month")
    if left == 0:
        return plural(years, "year")
    return f"{plural(years, 'year')} {plural(left, 'month')}"
