"""How the Recovery tab and the assessment dialog put assessments into words.

Scores are always shown per perspective, side by side: the survivor's and the navigator's are
never averaged or merged.
"""

from __future__ import annotations

from datetime import date

from models.dto import AssessmentDTO, AssessmentDueDTO
from models.enums import AssessmentKind, Perspective
from models.rules.assessment_scale import HIGHEST_SCORE, LEVEL_NAMES
from models.rules.recovery_change import DOMAINS, disagreements, overall_score
from ui.case.formatting import format_date
from ui.labels import label

__all__ = [
    "DUE_NAMES",
    "MAX_OVERALL",
    "change_text",
    "describe_assessment",
    "disagreement_text",
    "due_text",
    "overall_text",
    "score_text",
]

MAX_OVERALL = HIGHEST_SCORE * len(DOMAINS)

DUE_NAMES = {
    AssessmentKind.INTAKE: "Intake assessment",
    AssessmentKind.REVIEW: "Review assessment",
    AssessmentKind.CLOSING: "Closing assessment",
}


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def due_text(due: AssessmentDueDTO | None, today: date) -> tuple[str, bool]:
    """("Review assessment due 3 Mar 2027 (in 98 days)", overdue?)."""
    if due is None:
        return "No assessment is due.", False
    name = DUE_NAMES[due.kind]
    days = (due.due_on - today).days
    if days < 0:
        return f"{name} overdue by {_days(-days)} (due {format_date(due.due_on)})", True
    if days == 0:
        return f"{name} due today", False
    return f"{name} due {format_date(due.due_on)} (in {_days(days)})", False


def describe_assessment(assessment: AssessmentDTO) -> str:
    """ "intake of 2 Mar 2026"."""
    return f"{label(assessment.kind).lower()} of {format_date(assessment.assessed_on)}"


def score_text(score: int | None) -> str:
    """ "2 Struggling", or "—" when not scored."""
    return "—" if score is None else f"{score} {LEVEL_NAMES[score]}"


def overall_text(assessment: AssessmentDTO, perspective: Perspective) -> str:
    """ "21/30", or "4 of 6 scored" for a partial assessment (which has no overall score)."""
    total = overall_score(assessment, perspective)
    if total is not None:
        return f"{total}/{MAX_OVERALL}"
    scored = sum(1 for d in DOMAINS if assessment.score(d, perspective) is not None)
    return "not scored" if scored == 0 else f"{scored} of {len(DOMAINS)} scored"


def change_text(change: int | None) -> str:
    """ "+2 better", "\u22121 worse", "0 same", or "—" when it cannot be known."""
    if change is None:
        return "—"
    if change > 0:
        return f"+{change} better"
    if change < 0:
        return f"\u2212{-change} worse"
    return "0 same"


def disagreement_text(assessment: AssessmentDTO) -> str:
    """ "Differ in 2 domains", or "" when the views agree wherever both were scored."""
    count = len(disagreements(assessment))
    if not count:
        return ""
    return f"Differ in {count} domain{'s' if count != 1 else ''}"
