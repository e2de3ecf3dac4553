"""Checks on an assessment before it is saved. Pure: the service adds what needs the vault
(the case's opening date, whether an intake already exists)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from models.dto import AssessmentDraft
from models.enums import AssessmentKind, RecoveryDomain
from models.errors import FieldProblem
from models.rules.assessment_scale import HIGHEST_SCORE, LOWEST_SCORE, is_valid_score
from models.rules.assessment_schedule import AssessmentRecord

NOTE_LIMIT = 2000


def validate_assessment(
    draft: AssessmentDraft,
    *,
    today: date,
    opened_on: date,
    other_kinds: frozenset[AssessmentKind],
) -> list[FieldProblem]:
    """``other_kinds``: the kinds of the case's other assessments (not the one being edited)."""
    problems: list[FieldProblem] = []
    domains = [entry.domain for entry in draft.scores]
    if sorted(domains) != sorted(RecoveryDomain) or len(domains) != len(set(domains)):
        problems.append(FieldProblem("scores", "An assessment has one entry for each domain."))
    if draft.assessed_on > today:
        problems.append(FieldProblem("assessed_on", "The assessment date cannot be in the future."))
    if draft.assessed_on < opened_on:
        problems.append(
            FieldProblem(
                "assessed_on",
                f"The assessment date cannot be before the case opened ({opened_on.isoformat()}).",
            )
        )
    if draft.kind is AssessmentKind.INTAKE and AssessmentKind.INTAKE in other_kinds:
        problems.append(
            FieldProblem("kind", "This case already has an intake assessment. Record a review.")
        )
    if draft.kind is AssessmentKind.CLOSING and AssessmentKind.CLOSING in other_kinds:
        problems.append(FieldProblem("kind", "This case already has a closing assessment."))
    if draft.kind is not AssessmentKind.INTAKE and AssessmentKind.INTAKE not in other_kinds:
        problems.append(
            FieldProblem(
                "kind", "Record the intake assessment first: later ones are compared with it."
            )
        )
    scored = False
    for entry in draft.scores:
        for score in (entry.survivor_score, entry.navigator_score):
            if score is None:
                continue
            scored = True
            if not is_valid_score(score):
                problems.append(
                    FieldProblem(
                        entry.domain.value,
                        f"Scores are whole numbers from {LOWEST_SCORE} to {HIGHEST_SCORE}.",
                    )
                )
        for text in (entry.survivor_note, entry.navigator_note, entry.goal):
            if len(text) > NOTE_LIMIT:
                problems.append(
                    FieldProblem(
                        entry.domain.value,
                        f"A note or goal can be at most {NOTE_LIMIT} characters.",
                    )
                )
    if not scored:
        problems.append(FieldProblem("scores", "Score at least one domain before saving."))
    return problems


def validate_order(
    draft: AssessmentDraft, others: Iterable[AssessmentRecord]
) -> list[FieldProblem]:
    """The intake comes first: a review or closing assessment cannot be dated before it, and an
    intake cannot be dated after a later assessment (every later one is compared with it).
    ``others``: the case's other assessments (not the one being edited). The same day is
    allowed."""
    others = list(others)
    if draft.kind is AssessmentKind.INTAKE:
        later = [o.assessed_on for o in others if o.kind is not AssessmentKind.INTAKE]
        if later and draft.assessed_on > min(later):
            return [
                FieldProblem(
                    "assessed_on",
                    "The intake assessment cannot be dated after a later assessment "
                    f"({min(later).isoformat()}).",
                )
            ]
        return []
    intakes = [o.assessed_on for o in others if o.kind is AssessmentKind.INTAKE]
    if intakes and draft.assessed_on < min(intakes):
        return [
            FieldProblem(
                "assessed_on",
                "This assessment cannot be dated before the intake assessment "
                f"({min(intakes).isoformat()}).",
            )
        ]
    return []
