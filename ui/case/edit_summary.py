"""A plain-text list of a navigator's unsaved edits, so a refused save loses nothing."""

from __future__ import annotations

from datetime import date

from models.dto import CaseFields, PersonFields
from models.rules.countries import country_name
from ui.case.formatting import describe_age, format_date
from ui.labels import label, language_name

__all__ = ["FormState", "case_lines", "describe_edits", "person_lines"]

FormState = tuple[CaseFields, PersonFields | None]


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def case_lines(f: CaseFields) -> list[tuple[str, str]]:
    return [
        ("Status", label(f.status)),
        ("Closed on", format_date(f.closed_on)),
        ("Opened on", format_date(f.opened_on)),
        ("Title", f.title),
        ("Referral source", label(f.referral_source)),
        ("Police force", f.police_force),
        ("Operation", f.operation_name),
        ("Crime reference", f.crime_reference),
        ("Exploitation", ", ".join(label(t) for t in sorted(f.exploitation_types))),
        ("Organised immigration crime", _yes_no(f.organised_immigration_crime)),
        ("Police engagement", label(f.police_engagement)),
        ("Summary", f.summary),
    ]


def person_lines(p: PersonFields, today: date) -> list[tuple[str, str]]:
    languages = ", ".join(
        language_name(lang.language) + (" (for documents)" if lang.preferred_for_documents else "")
        for lang in p.languages
    )
    dependants = "; ".join(
        ", ".join(
            part
            for part in (
                d.name,
                d.relationship_to_person,
                f"born {d.year_of_birth}" if d.year_of_birth else "",
                "in UK" if d.in_uk else "not in UK",
            )
            if part
        )
        for d in p.dependants
    )
    return [
        ("Given names", p.given_names),
        ("Family name", p.family_name),
        ("Known as", p.known_as),
        ("Age", describe_age(p, today)),
        ("Gender", label(p.gender)),
        ("Nationalities", ", ".join(country_name(c) for c in p.nationalities)),
        ("Languages", languages),
        ("Interpreter needed", _yes_no(p.interpreter_needed)),
        ("Phone", p.phone),
        ("Email", p.email),
        ("Safe address", ", ".join(p.safe_address.splitlines())),
        ("Dependants", dependants),
    ]


def _lines(state: FormState, today: date) -> list[tuple[str, str]]:
    fields, person = state
    lines = case_lines(fields)
    if person is not None:
        lines += person_lines(person, today)
    return lines


def describe_edits(reference: str, before: FormState, after: FormState, today: date) -> str:
    old = dict(_lines(before, today))
    changed = [
        f"{name}: {value or '(empty)'}"
        for name, value in _lines(after, today)
        if old.get(name) != value
    ]
    header = f"Unsaved edits to case {reference} (these were NOT saved in Waypost):"
    return "\n".join([header, *(changed or ["(no changes)"])])
