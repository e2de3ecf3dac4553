"""A criminal case's timeline: when each event is now, how it moved, which trial it belongs to,
what the next hearing is, and the marks a timeline chart draws. Pure functions over DTOs.

- An event's date is its latest schedule row; a reschedule adds a row and never changes one,
  so the whole history of a trial adjourned three times is kept, with each reason.
- Events are in timeline order: by the day they happened, else the day they are scheduled for,
  then in the order they were recorded.
- Trials are numbered. A mistrial ends a trial, and so does a verdict that was given (a retrial
  may follow an appeal); a retrial listed after that starts the next attempt. An event of an
  earlier attempt that never happened (the verdict of a trial that ended in a mistrial) is
  overtaken: it is no hearing to go to and nothing to record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise

from models.dto import (
    CourtEventDTO,
    DefendantDTO,
    EventScheduleDTO,
    TimelineEntryDTO,
    TrialAttemptDTO,
)
from models.enums import CourtEventKind, DefendantOutcome, TimelineMark

# Days in court a navigator may go to with the survivor (the Agenda's hearings).
HEARING_KINDS = frozenset(
    {
        CourtEventKind.FIRST_APPEARANCE,
        CourtEventKind.PTPH,
        CourtEventKind.TRIAL_START,
        CourtEventKind.RETRIAL_LISTED,
        CourtEventKind.VERDICT,
        CourtEventKind.SENTENCING,
    }
)
_TRIAL_STARTS = frozenset({CourtEventKind.TRIAL_START, CourtEventKind.RETRIAL_LISTED})
_TRIAL_ENDS = frozenset({CourtEventKind.MISTRIAL, CourtEventKind.TRIAL_END, CourtEventKind.VERDICT})


@dataclass(frozen=True)
class Reschedule:
    """One move of an event: from the date it was listed for, to the new one, and why."""

    moved_from: date
    moved_to: date
    reason: str
    recorded_at: datetime
    recorded_by: str


def latest_schedule(schedules: Sequence[EventScheduleDTO]) -> EventScheduleDTO:
    """The schedule in force: the one recorded last."""
    return max(schedules, key=lambda s: s.id)


def current_date(event: CourtEventDTO) -> date:
    return latest_schedule(event.schedules).scheduled_for


def reschedule_history(event: CourtEventDTO) -> list[Reschedule]:
    """Every reschedule, oldest first (empty for an event that never moved)."""
    rows = sorted(event.schedules, key=lambda s: s.id)
    return [
        Reschedule(
            before.scheduled_for,
            after.scheduled_for,
            after.reason,
            after.recorded_at,
            after.recorded_by,
        )
        for before, after in pairwise(rows)
    ]


def event_day(event: CourtEventDTO) -> date:
    """The day it happened, else the day it is scheduled for."""
    return event.actual_on or current_date(event)


def timeline_order(events: Iterable[CourtEventDTO]) -> list[CourtEventDTO]:
    return sorted(events, key=lambda e: (event_day(e), e.id))


def _ends_attempt(event: CourtEventDTO) -> bool:
    if event.kind is CourtEventKind.MISTRIAL:
        return True
    return event.kind is CourtEventKind.VERDICT and event.actual_on is not None


def with_attempts(events: Iterable[CourtEventDTO]) -> list[CourtEventDTO]:
    """The events in timeline order, each with its trial attempt number."""
    numbered: list[CourtEventDTO] = []
    attempt, ended = 1, False
    for event in timeline_order(events):
        if event.kind is CourtEventKind.RETRIAL_LISTED and ended:
            attempt, ended = attempt + 1, False
        numbered.append(replace(event, attempt=attempt))
        ended = ended or _ends_attempt(event)
    return numbered


def trial_attempts(events: Sequence[CourtEventDTO]) -> list[TrialAttemptDTO]:
    """One entry per trial that started or was listed, in order (events numbered by
    ``with_attempts``)."""
    attempts: list[TrialAttemptDTO] = []
    for number in sorted({e.attempt for e in events}):
        mine = timeline_order(e for e in events if e.attempt == number)
        starts = [e for e in mine if e.kind in _TRIAL_STARTS]
        if not starts:
            continue
        # A mistrial ends the trial whenever it is dated; a trial's end or a verdict only
        # once it happened.
        ends = [
            e
            for e in mine
            if e.kind in _TRIAL_ENDS
            and (e.actual_on is not None or e.kind is CourtEventKind.MISTRIAL)
        ]
        attempts.append(
            TrialAttemptDTO(
                number=number,
                started_on=event_day(starts[0]),
                ended_on=event_day(ends[0]) if ends else None,
                ended_in_mistrial=any(e.kind is CourtEventKind.MISTRIAL for e in mine),
            )
        )
    return attempts


def is_overtaken(event: CourtEventDTO, events: Sequence[CourtEventDTO]) -> bool:
    """An event of an earlier trial attempt that never happened."""
    latest = max((e.attempt for e in events), default=1)
    return event.actual_on is None and event.attempt < latest


def _open_hearings(events: Sequence[CourtEventDTO]) -> list[CourtEventDTO]:
    return [
        e
        for e in events
        if e.kind in HEARING_KINDS and e.actual_on is None and not is_overtaken(e, events)
    ]


def next_hearing(events: Sequence[CourtEventDTO], today: date) -> CourtEventDTO | None:
    """The soonest hearing on or after ``today`` that has not happened yet."""
    ahead = [e for e in _open_hearings(events) if current_date(e) >= today]
    return min(ahead, key=lambda e: (current_date(e), e.id), default=None)


def hearings_due(events: Sequence[CourtEventDTO], horizon: date) -> list[CourtEventDTO]:
    """Hearings scheduled on or before ``horizon`` with no record of their happening: those
    still ahead, and past ones whose outcome the navigator has yet to record."""
    return [e for e in _open_hearings(events) if current_date(e) <= horizon]


def sentence_total_months(defendants: Iterable[DefendantDTO]) -> int:
    """Months of sentence over the defendants convicted (a sentence not yet known counts 0)."""
    return sum(
        d.sentence_months or 0 for d in defendants if d.outcome is DefendantOutcome.CONVICTED
    )


def timeline_entries(events: Sequence[CourtEventDTO]) -> list[TimelineEntryDTO]:
    """Marks to draw, in date order: each date an event was moved away from, then where it is
    now (scheduled) or the day it happened."""
    keyed: list[tuple[tuple[date, int, int], TimelineEntryDTO]] = []
    for position, event in enumerate(timeline_order(events)):
        rows = sorted(event.schedules, key=lambda s: s.id)
        for index, (before, after) in enumerate(pairwise(rows)):
            entry = TimelineEntryDTO(
                on=before.scheduled_for,
                event_id=event.id,
                kind=event.kind,
                mark=TimelineMark.RESCHEDULED,
                attempt=event.attempt,
                reason=after.reason,
                moved_to=after.scheduled_for,
            )
            keyed.append(((entry.on, position, index), entry))
        last = rows[-1]
        entry = TimelineEntryDTO(
            on=event.actual_on or last.scheduled_for,
            event_id=event.id,
            kind=event.kind,
            mark=TimelineMark.SCHEDULED if event.actual_on is None else TimelineMark.HAPPENED,
            attempt=event.attempt,
            reason=last.reason,
        )
        keyed.append(((entry.on, position, len(rows)), entry))
    return [entry for _key, entry in sorted(keyed, key=lambda pair: pair[0])]
