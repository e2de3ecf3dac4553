"""How recovery changed: per domain, overall, and whether it "improved".

Pure functions over AssessmentDTOs, computed for one perspective at a time (the survivor's own
scores, or the navigator's): the two views are never mixed or averaged.

Definitions (tested at their boundaries):

- **overall score**: the sum of the six domain scores (6 to 30). It exists only when all six
  domains were scored from that perspective; a partial assessment has no overall score rather
  than one that looks worse than it is.
- **overall change**: the latest overall score minus the intake's.
- **improved**: the latest overall score is strictly above the intake's. Equal is not improved.
  With no intake, no later assessment, or an incomplete one, "improved" is unknown (None), and
  the programme's figures count the case as not assessed rather than as not improved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from models.dto import AssessmentDTO
from models.enums import AssessmentKind, Perspective, RecoveryDomain

DOMAINS: tuple[RecoveryDomain, ...] = tuple(RecoveryDomain)


class DatedAssessment(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> AssessmentKind: ...
    @property
    def assessed_on(self) -> date: ...


A = TypeVar("A", bound=DatedAssessment)


@dataclass(frozen=True, slots=True)
class AssessmentTotals:
    """An assessment reduced to what "improved" needs: its overall score per perspective.
    (The impact report reads these from the database, where triggers keep them.)"""

    id: int
    kind: AssessmentKind
    assessed_on: date
    survivor_overall: int | None
    navigator_overall: int | None

    def overall(self, perspective: Perspective) -> int | None:
        if perspective is Perspective.SURVIVOR:
            return self.survivor_overall
        return self.navigator_overall

    @classmethod
    def of(cls, assessment: AssessmentDTO) -> AssessmentTotals:
        return cls(
            id=assessment.id,
            kind=assessment.kind,
            assessed_on=assessment.assessed_on,
            survivor_overall=overall_score(assessment, Perspective.SURVIVOR),
            navigator_overall=overall_score(assessment, Perspective.NAVIGATOR),
        )


def intake_of(assessments: Sequence[A]) -> A | None:
    """The intake assessment (the earliest, should there ever be two)."""
    intakes = [a for a in assessments if a.kind is AssessmentKind.INTAKE]
    return min(intakes, key=lambda a: (a.assessed_on, a.id)) if intakes else None


def latest_after_intake(assessments: Sequence[A]) -> A | None:
    """The most recent assessment other than the intake, or None if there is none yet."""
    intake = intake_of(assessments)
    later = [a for a in assessments if intake is None or a.id != intake.id]
    if intake is not None:
        later = [a for a in later if a.assessed_on >= intake.assessed_on]
    return max(later, key=lambda a: (a.assessed_on, a.id)) if later else None


def overall_score(assessment: AssessmentDTO, perspective: Perspective) -> int | None:
    scores = [assessment.score(domain, perspective) for domain in DOMAINS]
    if any(score is None for score in scores):
        return None
    return sum(score for score in scores if score is not None)


def domain_change(
    earlier: AssessmentDTO, later: AssessmentDTO, domain: RecoveryDomain, perspective: Perspective
) -> int | None:
    """Later score minus earlier score in one domain, or None if either was not scored."""
    before = earlier.score(domain, perspective)
    after = later.score(domain, perspective)
    if before is None or after is None:
        return None
    return after - before


def domain_changes(
    earlier: AssessmentDTO, later: AssessmentDTO, perspective: Perspective
) -> dict[RecoveryDomain, int | None]:
    return {domain: domain_change(earlier, later, domain, perspective) for domain in DOMAINS}


def overall_change(
    intake: AssessmentDTO, latest: AssessmentDTO, perspective: Perspective
) -> int | None:
    return _change(overall_score(intake, perspective), overall_score(latest, perspective))


def _change(before: int | None, after: int | None) -> int | None:
    if before is None or after is None:
        return None
    return after - before


def improved(intake: AssessmentDTO, latest: AssessmentDTO, perspective: Perspective) -> bool | None:
    """True when the latest overall score is strictly above the intake's; None when unknown."""
    change = overall_change(intake, latest, perspective)
    return None if change is None else change > 0


def case_improved(assessments: Sequence[AssessmentDTO], perspective: Perspective) -> bool | None:
    """ "Improved" for a case's whole history: its latest assessment against its intake."""
    return totals_improved([AssessmentTotals.of(a) for a in assessments], perspective)


def totals_improved(
    assessments: Sequence[AssessmentTotals], perspective: Perspective
) -> bool | None:
    """ "Improved" from overall scores already summed (the one place the rule is decided)."""
    intake = intake_of(assessments)
    latest = latest_after_intake(assessments)
    if intake is None or latest is None:
        return None
    change = _change(intake.overall(perspective), latest.overall(perspective))
    return None if change is None else change > 0


def disagreements(assessment: AssessmentDTO) -> dict[RecoveryDomain, int]:
    """Domains where the survivor's and the navigator's scores differ: navigator minus
    survivor (positive: the navigator sees it more hopefully). Unscored domains are skipped."""
    found: dict[RecoveryDomain, int] = {}
    for domain in DOMAINS:
        survivor = assessment.score(domain, Perspective.SURVIVOR)
        navigator = assessment.score(domain, Perspective.NAVIGATOR)
        if survivor is not None and navigator is not None and survivor != navigator:
            found[domain] = navigator - survivor
    return found
