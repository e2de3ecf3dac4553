"""Validation of what a navigator types, as pure functions returning field problems.

Messages name the field and the fix, never the value typed: they may end up in a log.
"""

from __future__ import annotations

import re
from datetime import date

from models.dto import CaseFields, ConsentDTO, ContactDraft, PersonFields
from models.enums import CaseKind, CaseStatus, ConsentState
from models.errors import FieldProblem
from models.rules.countries import COUNTRY_NAMES

MAX_NAME = 200
MAX_AGE = 120
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-. ]{5,30}$")


def validate_case(
    fields: CaseFields, person: PersonFields | None, today: date
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if fields.opened_on > today:
        problems.append(FieldProblem("opened_on", "The opened date cannot be in the future."))
    if fields.status is CaseStatus.CLOSED:
        if fields.closed_on is None:
            problems.append(FieldProblem("closed_on", "A closed case needs a closing date."))
    elif fields.closed_on is not None:
        problems.append(
            FieldProblem("closed_on", "Only a closed case can have a closing date; clear it.")
        )
    if fields.closed_on is not None:
        if fields.closed_on < fields.opened_on:
            problems.append(
                FieldProblem("closed_on", "The closing date is before the opened date.")
            )
        if fields.closed_on > today:
            problems.append(FieldProblem("closed_on", "The closing date cannot be in the future."))
    if fields.kind is CaseKind.SUPPORT_PLAN and person is None:
        problems.append(FieldProblem("person", "A support plan case needs a survivor."))
    has_title = bool(fields.title.strip() or fields.operation_name.strip())
    if fields.kind is CaseKind.STRATEGIC_ADVICE and person is None and not has_title:
        problems.append(
            FieldProblem("title", "A strategic advice case needs a title or an operation name.")
        )
    for name, value in (
        ("title", fields.title),
        ("operation_name", fields.operation_name),
        ("crime_reference", fields.crime_reference),
    ):
        if len(value) > MAX_NAME:
            problems.append(FieldProblem(name, f"{_label(name)} is too long ({MAX_NAME} max)."))
    if person is not None:
        problems.extend(validate_person(person, today))
    return problems


def validate_person(person: PersonFields, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not (person.given_names.strip() or person.family_name.strip() or person.known_as.strip()):
        problems.append(
            FieldProblem("known_as", "Enter a name, or at least what the survivor is known as.")
        )
    for name, value in (
        ("given_names", person.given_names),
        ("family_name", person.family_name),
        ("known_as", person.known_as),
    ):
        if len(value) > MAX_NAME:
            problems.append(FieldProblem(name, f"{_label(name)} is too long ({MAX_NAME} max)."))
    if person.date_of_birth is not None:
        if person.date_of_birth > today:
            problems.append(
                FieldProblem("date_of_birth", "The date of birth cannot be in the future.")
            )
        elif today.year - person.date_of_birth.year > MAX_AGE:
            problems.append(
                FieldProblem("date_of_birth", "The date of birth is more than 120 years ago.")
            )
        if person.estimated_age is not None:
            problems.append(
                FieldProblem(
                    "estimated_age",
                    "Give either a date of birth or an estimated age, not both.",
                )
            )
    if person.estimated_age is not None and not 0 <= person.estimated_age <= MAX_AGE:
        problems.append(FieldProblem("estimated_age", "The estimated age must be 0 to 120."))
    if any(code not in COUNTRY_NAMES for code in person.nationalities):
        problems.append(
            FieldProblem(
                "nationalities",
                "A nationality is not a country Waypost knows. Use the country's English name, "
                "for example Eritrea, separated by commas.",
            )
        )
    if person.email and not _EMAIL.match(person.email.strip()):
        problems.append(FieldProblem("email", "The email address does not look right."))
    if person.phone and not _PHONE.match(person.phone.strip()):
        problems.append(
            FieldProblem("phone", "The phone number may hold only digits, spaces and + ( ) - .")
        )
    if sum(1 for lang in person.languages if lang.preferred_for_documents) > 1:
        problems.append(
            FieldProblem("languages", "Choose only one preferred language for documents.")
        )
    if len({lang.language for lang in person.languages}) != len(person.languages):
        problems.append(FieldProblem("languages", "A language is listed twice."))
    for dependant in person.dependants:
        if not dependant.name.strip():
            problems.append(FieldProblem("dependants", "Every dependant needs a name."))
        if dependant.year_of_birth is not None and not (
            today.year - MAX_AGE <= dependant.year_of_birth <= today.year
        ):
            problems.append(
                FieldProblem("dependants", "A dependant's year of birth is not plausible.")
            )
    return problems


def validate_contact(draft: ContactDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not draft.note.strip():
        problems.append(FieldProblem("note", "Write a note for the contact."))
    if draft.occurred_on > today:
        problems.append(FieldProblem("occurred_on", "A contact cannot be dated in the future."))
    return problems


def validate_consent(consent: ConsentDTO, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if consent.state is ConsentState.GIVEN:
        if consent.given_on is None:
            problems.append(FieldProblem("given_on", "Record the date consent was given."))
        if not consent.scope:
            problems.append(FieldProblem("scope", "Choose what the survivor agreed to share."))
    if consent.state is ConsentState.WITHDRAWN and consent.withdrawn_on is None:
        problems.append(FieldProblem("withdrawn_on", "Record the date consent was withdrawn."))
    for name, value, what in (
        ("given_on", consent.given_on, "consent was given"),
        ("withdrawn_on", consent.withdrawn_on, "consent was withdrawn"),
    ):
        if value is not None and value > today:
            problems.append(FieldProblem(name, f"The date {what} cannot be in the future."))
    if (
        consent.given_on is not None
        and consent.withdrawn_on is not None
        and consent.withdrawn_on < consent.given_on
    ):
        problems.append(
            FieldProblem("withdrawn_on", "Consent cannot be withdrawn before it was given.")
        )
    return problems


_LABELS = {
    "title": "The title",
    "operation_name": "The operation name",
    "crime_reference": "The crime reference",
    "given_names": "Given names",
    "family_name": "The family name",
    "known_as": "Known as",
}


def _label(field_name: str) -> str:
    return _LABELS.get(field_name, field_name.replace("_", " ").capitalize())
