"""Properties of a criminal case's timeline (models/rules/court_timeline.py): whatever events,
reschedules and outcomes are recorded, in whatever order, every move is kept once and in order,
the current date is the one recorded last, trials are numbered without gaps, and the next
hearing is the soonest one still to go to."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from itertools import count, pairwise

from hypothesis import given
from hypothesis import strategies as st

from models.dto import CourtEventDTO, DefendantDTO, EventScheduleDTO
from models.enums import CourtEventKind, DefendantOutcome, TimelineMark
from models.rules import court_timeline as timeline

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
RECORDED_AT = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def court_events(draw: st.DrawFn) -> list[CourtEventDTO]:
    """Events of one court case, each listed for one or more dates in turn; IDs of schedule
    rows rise in the order they were recorded, across events too."""
    row_ids = count(1)
    events = []
    for event_id in range(1, draw(st.integers(min_value=0, max_value=8)) + 1):
        listed = draw(st.lists(days, min_size=1, max_size=4))
        schedules = tuple(
            EventScheduleDTO(
                id=next(row_ids),
                scheduled_for=day,
                recorded_at=RECORDED_AT,
                recorded_by="navigator.one",
                reason=f"reason {event_id}.{index}",
            )
            for index, day in enumerate(listed)
        )
        events.append(
            CourtEventDTO(
                id=event_id,
                court_case_id=1,
                version=1,
                kind=draw(st.sampled_from(CourtEventKind)),
                scheduled_for=listed[-1],
                actual_on=draw(st.none() | days),
                schedules=schedules,
            )
        )
    return draw(st.permutations(events))


@given(court_events())
def test_every_reschedule_is_kept_once_in_the_order_it_was_recorded(
    events: list[CourtEventDTO],
) -> None:
    for event in events:
        history = timeline.reschedule_history(event)
        rows = sorted(event.schedules, key=lambda s: s.id)
        assert len(history) == len(rows) - 1 == event.rescheduled
        for move, (before, after) in zip(history, pairwise(rows), strict=True):
            assert (move.moved_from, move.moved_to) == (before.scheduled_for, after.scheduled_for)
            assert move.reason == after.reason
        for earlier, later in pairwise(history):
            assert earlier.moved_to == later.moved_from
        assert timeline.current_date(event) == rows[-1].scheduled_for


@given(court_events())
def test_the_timeline_draws_every_date_once_in_date_order(events: list[CourtEventDTO]) -> None:
    entries = timeline.timeline_entries(events)
    assert [e.on for e in entries] == sorted(e.on for e in entries)
    assert len(entries) == sum(len(e.schedules) for e in events)
    for event in events:
        mine = [e for e in entries if e.event_id == event.id]
        moves = [(e.on, e.moved_to) for e in mine if e.mark is TimelineMark.RESCHEDULED]
        history = [(m.moved_from, m.moved_to) for m in timeline.reschedule_history(event)]
        assert Counter(moves) == Counter(history)
        (final,) = [e for e in mine if e.mark is not TimelineMark.RESCHEDULED]
        if event.actual_on is None:
            assert (final.mark, final.on) == (TimelineMark.SCHEDULED, timeline.current_date(event))
        else:
            assert (final.mark, final.on) == (TimelineMark.HAPPENED, event.actual_on)


@given(court_events())
def test_trials_are_numbered_from_one_and_move_on_only_at_a_retrial_after_an_end(
    events: list[CourtEventDTO],
) -> None:
    numbered = timeline.with_attempts(events)
    assert sorted(e.id for e in numbered) == sorted(e.id for e in events)
    keys = [(timeline.event_day(e), e.id) for e in numbered]
    assert keys == sorted(keys)
    attempt, ended = 1, False
    for event in numbered:
        if event.attempt != attempt:
            assert event.attempt == attempt + 1
            assert event.kind is CourtEventKind.RETRIAL_LISTED and ended
            attempt, ended = event.attempt, False
        ended = (
            ended
            or event.kind is CourtEventKind.MISTRIAL
            or (event.kind is CourtEventKind.VERDICT and event.actual_on is not None)
        )
    trials = timeline.trial_attempts(numbered)
    numbers = [t.number for t in trials]
    assert numbers == sorted(set(numbers))
    assert all(t.started_on is not None for t in trials)


@given(court_events(), days)
def test_the_next_hearing_is_the_soonest_still_to_go_to(
    events: list[CourtEventDTO], today: date
) -> None:
    numbered = timeline.with_attempts(events)
    found = timeline.next_hearing(numbered, today)
    candidates = [
        e
        for e in numbered
        if e.kind in timeline.HEARING_KINDS
        and e.actual_on is None
        and not timeline.is_overtaken(e, numbered)
        and timeline.current_date(e) >= today
    ]
    if found is None:
        assert candidates == []
    else:
        assert found in candidates
        assert timeline.current_date(found) == min(timeline.current_date(e) for e in candidates)
    for due in timeline.hearings_due(numbered, today):
        assert due.kind in timeline.HEARING_KINDS and due.actual_on is None
        assert timeline.current_date(due) <= today


@given(
    st.lists(
        st.tuples(
            st.sampled_from(DefendantOutcome), st.none() | st.integers(min_value=0, max_value=600)
        ),
        max_size=10,
    )
)
def test_sentences_add_up_over_the_defendants_convicted_only(
    outcomes: list[tuple[DefendantOutcome, int | None]],
) -> None:
    defendants = [
        DefendantDTO(id=i, version=1, label="AB", charges=(), outcome=o, sentence_months=m)
        for i, (o, m) in enumerate(outcomes)
    ]
    expected = sum(m or 0 for o, m in outcomes if o is DefendantOutcome.CONVICTED)
    assert timeline.sentence_total_months(defendants) == expected
