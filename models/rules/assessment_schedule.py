"""When a case's next recovery assessment falls due.

The programme assesses at intake (when the case opens), then every four months, then at
closing. Pure functions over dates, tested at their boundaries:

- the intake is due on the day the case opens;
- a review is due four calendar months after the latest assessment (intake or review); a day
  that does not exist in that month falls back to the month's last day (31 October + 4 months
  is 28 or 29 February);
- a closed case that had an intake needs a closing assessment, due on the day it closed, for
  ``CLOSING_ASSESSMENT_WINDOW_DAYS`` after closing; after that the survivor is usually no
  longer in touch and the Agenda stops asking;
- a strategic advice case is never assessed (there is no survivor to assess).

The interval is data with the date it took effect, so a future change to the programme's
schedule leaves past due dates as they were.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from models.dto import AssessmentDueDTO
from models.enums import AssessmentKind, CaseKind, CaseStatus

CLOSING_ASSESSMENT_WINDOW_DAYS = 60


@dataclass(frozen=True)
class ReviewInterval:
    months: int
    effective_from: date


REVIEW_INTERVALS: tuple[ReviewInterval, ...] = (ReviewInterval(4, date(2000, 1, 1)),)


@dataclass(frozen=True)
class AssessmentRecord:
    """Just what the schedule needs about one recorded assessment."""

    kind: AssessmentKind
    assessed_on: date


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_interval_months(on: date) -> int:
    """The review interval in force on ``on``."""
    applicable = [i for i in REVIEW_INTERVALS if i.effective_from <= on]
    chosen = max(applicable, key=lambda i: i.effective_from) if applicable else REVIEW_INTERVALS[0]
    return chosen.months


def next_review_on(last_assessed_on: date) -> date:
    return add_months(last_assessed_on, review_interval_months(last_assessed_on))


def next_assessment_due(
    kind: CaseKind,
    status: CaseStatus,
    opened_on: date,
    closed_on: date | None,
    assessments: Sequence[AssessmentRecord],
    today: date,
) -> AssessmentDueDTO | None:
    """The next assessment the case needs, or None when it needs none (a strategic advice case;
    a closed case already assessed at closing, or closed more than the window ago)."""
    if kind is not CaseKind.SUPPORT_PLAN:
        return None
    kinds = {a.kind for a in assessments}
    if status is CaseStatus.CLOSED:
        # A case never assessed has nothing for a closing assessment to be compared with.
        if AssessmentKind.CLOSING in kinds or AssessmentKind.INTAKE not in kinds:
            return None
        closed = closed_on or today
        if (today - closed).days > CLOSING_ASSESSMENT_WINDOW_DAYS:
            return None
        return AssessmentDueDTO(AssessmentKind.CLOSING, closed)
    if AssessmentKind.INTAKE not in kinds:
        return AssessmentDueDTO(AssessmentKind.INTAKE, opened_on)
    latest = max(a.assessed_on for a in assessments if a.kind is not AssessmentKind.CLOSING)
    return AssessmentDueDTO(AssessmentKind.REVIEW, next_review_on(latest))


def suggested_kind(due: AssessmentDueDTO | None, has_intake: bool) -> AssessmentKind:
    """The kind a new assessment should default to."""
    if due is not None:
        return due.kind
    return AssessmentKind.REVIEW if has_intake else AssessmentKind.INTAKE
