"""Checks on programme activity records before they are saved (pure; the services add the
checks that need the database, such as the kind of case). Messages name fields, never values."""

from __future__ import annotations

from datetime import date

from models.dto import (
    FamilySupportDraft,
    OperationDraft,
    RepatriationDraft,
    StrategicAdviceDraft,
    TrainingDraft,
)
from models.errors import FieldProblem
from models.rules.countries import country_code

# A count larger than this is a typing slip, not an operation or a training session.
MAX_COUNT = 100_000


def _day(problems: list[FieldProblem], name: str, value: date, today: date, what: str) -> None:
    if value > today:
        problems.append(FieldProblem(name, f"The date of the {what} cannot be in the future."))


def _count(problems: list[FieldProblem], name: str, value: int, what: str, least: int = 0) -> None:
    if value < least or value > MAX_COUNT:
        more = "0 or more" if least == 0 else f"at least {least}"
        problems.append(FieldProblem(name, f"The number of {what} must be {more}."))


def _length(problems: list[FieldProblem], name: str, value: str, limit: int, what: str) -> None:
    if len(value.strip()) > limit:
        problems.append(FieldProblem(name, f"The {what} must be at most {limit} characters."))


def validate_operation(draft: OperationDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    _day(problems, "held_on", draft.held_on, today, "operation")
    _count(
        problems,
        "potential_victims_identified",
        draft.potential_victims_identified,
        "potential victims identified",
    )
    _count(problems, "arrests", draft.arrests, "arrests")
    _length(problems, "lead_agency", draft.lead_agency, 120, "lead agency")
    _length(problems, "police_force", draft.police_force, 100, "police force")
    return problems


def validate_training(draft: TrainingDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    _day(problems, "held_on", draft.held_on, today, "training session")
    _count(problems, "number_trained", draft.number_trained, "people trained", least=1)
    improved = draft.number_reporting_improved_knowledge
    if improved < 0:
        problems.append(
            FieldProblem(
                "number_reporting_improved_knowledge",
                "The number reporting improved knowledge must be 0 or more.",
            )
        )
    elif improved > draft.number_trained:
        problems.append(
            FieldProblem(
                "number_reporting_improved_knowledge",
                "The number reporting improved knowledge cannot be more than the number trained.",
            )
        )
    _length(problems, "organisation", draft.organisation, 120, "organisation")
    _length(problems, "police_force", draft.police_force, 100, "police force")
    return problems


def validate_strategic_advice(draft: StrategicAdviceDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    _day(problems, "given_on", draft.given_on, today, "advice")
    _count(problems, "arrests", draft.arrests, "suspects arrested")
    return problems


def validate_repatriation(draft: RepatriationDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    _day(problems, "repatriated_on", draft.repatriated_on, today, "repatriation")
    if country_code(draft.country) is None:
        problems.append(FieldProblem("country", "Choose the country the survivor returned to."))
    _length(
        problems, "partner_organisation", draft.partner_organisation, 200, "partner organisation"
    )
    return problems


def validate_family_support(draft: FamilySupportDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    _day(problems, "supported_from", draft.supported_from, today, "family support")
    _count(problems, "count", draft.count, "family members", least=1)
    _length(problems, "relationship", draft.relationship, 100, "relationship")
    return problems
