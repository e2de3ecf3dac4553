"""The court timeline and court validation as pure functions over DTOs: current dates and their
history, trial attempts after a mistrial, the next hearing, sentence totals, the marks a chart
draws, and what a defendant's label may be."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from models.dto import (
    CourtCaseDraft,
    CourtEventDTO,
    DefendantDraft,
    DefendantDTO,
    EventScheduleDTO,
    SpecialMeasureDTO,
    SurvivorRoleDTO,
    TrialAttemptDTO,
)
from models.enums import CourtEventKind, DefendantOutcome, SpecialMeasure, TimelineMark
from models.errors import FieldProblem
from models.rules import court_timeline as timeline
from models.rules.court_validation import (
    looks_like_full_name,
    validate_court_case,
    validate_defendant,
    validate_event,
    validate_outcome,
    validate_reschedule,
    validate_role,
    validate_special_measure,
)

TODAY = date(2026, 11, 25)
K = CourtEventKind
_ids = iter(range(1, 10_000))


def event(
    kind: CourtEventKind,
    *dates: date,
    actual: date | None = None,
    reasons: Sequence[str] = (),
    event_id: int | None = None,
) -> CourtEventDTO:
    """An event listed for each of ``dates`` in turn (a reschedule per extra date)."""
    reason_list = list(reasons) or ["listed"] + [f"moved {i}" for i in range(1, len(dates))]
    schedules = tuple(
        EventScheduleDTO(
            id=next(_ids),
            scheduled_for=day,
            recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
            recorded_by="navigator.one",
            reason=why,
        )
        for day, why in zip(dates, reason_list, strict=True)
    )
    return CourtEventDTO(
        id=event_id if event_id is not None else next(_ids),
        court_case_id=1,
        version=1,
        kind=kind,
        scheduled_for=dates[-1],
        actual_on=actual,
        schedules=schedules,
    )


def defendant(outcome: DefendantOutcome, months: int | None) -> DefendantDTO:
    return DefendantDTO(
        id=next(_ids), version=1, label="AB", charges=(), outcome=outcome, sentence_months=months
    )


def fields(problems: Sequence[FieldProblem]) -> list[str]:
    return [p.field for p in problems]


# --- Dates and their history --------------------------------------------------------------------


def test_the_current_date_is_the_latest_schedule_and_the_history_is_kept() -> None:
    trial = event(
        K.TRIAL_START,
        date(2026, 3, 2),
        date(2026, 6, 1),
        date(2026, 9, 7),
        date(2027, 1, 11),
        reasons=["listed at PTPH", "no interpreter", "judge unavailable", "witness unwell"],
    )
    assert timeline.current_date(trial) == date(2027, 1, 11)
    history = timeline.reschedule_history(trial)
    assert [(r.moved_from, r.moved_to, r.reason) for r in history] == [
        (date(2026, 3, 2), date(2026, 6, 1), "no interpreter"),
        (date(2026, 6, 1), date(2026, 9, 7), "judge unavailable"),
        (date(2026, 9, 7), date(2027, 1, 11), "witness unwell"),
    ]
    assert timeline.reschedule_history(event(K.PTPH, date(2026, 1, 5))) == []


def test_the_latest_schedule_is_the_one_recorded_last_not_the_latest_date() -> None:
    brought_forward = event(K.SENTENCING, date(2026, 12, 14), date(2026, 12, 1))
    assert timeline.current_date(brought_forward) == date(2026, 12, 1)


# --- Trial attempts -----------------------------------------------------------------------------


def mistrial_then_retrial() -> list[CourtEventDTO]:
    return [
        event(K.PTPH, date(2025, 3, 3), actual=date(2025, 3, 3)),
        event(K.TRIAL_START, date(2025, 9, 1), actual=date(2025, 9, 1)),
        # A nine-week trial; it never reached its end or a verdict.
        event(K.TRIAL_END, date(2025, 10, 31)),
        event(K.VERDICT, date(2025, 10, 31)),
        event(K.MISTRIAL, date(2025, 10, 20), actual=date(2025, 10, 20)),
        event(K.RETRIAL_LISTED, date(2026, 12, 7)),
        event(K.TRIAL_END, date(2027, 2, 5)),
    ]


def test_a_mistrial_followed_by_a_retrial_starts_attempt_two() -> None:
    numbered = timeline.with_attempts(mistrial_then_retrial())
    assert [(e.kind, e.attempt) for e in numbered] == [
        (K.PTPH, 1),
        (K.TRIAL_START, 1),
        (K.MISTRIAL, 1),
        (K.TRIAL_END, 1),
        (K.VERDICT, 1),
        (K.RETRIAL_LISTED, 2),
        (K.TRIAL_END, 2),
    ]
    assert timeline.trial_attempts(numbered) == [
        TrialAttemptDTO(1, date(2025, 9, 1), date(2025, 10, 20), True),
        TrialAttemptDTO(2, date(2026, 12, 7), None, False),
    ]


def test_the_next_hearing_after_a_mistrial_is_the_retrial() -> None:
    numbered = timeline.with_attempts(mistrial_then_retrial())
    next_one = timeline.next_hearing(numbered, TODAY)
    assert next_one is not None
    assert (next_one.kind, next_one.scheduled_for, next_one.attempt) == (
        K.RETRIAL_LISTED,
        date(2026, 12, 7),
        2,
    )
    # The first trial's verdict never came: it is overtaken, not overdue.
    overtaken = [e for e in numbered if e.kind is K.VERDICT]
    assert timeline.is_overtaken(overtaken[0], numbered)
    assert K.VERDICT not in [e.kind for e in timeline.hearings_due(numbered, TODAY)]


def test_a_retrial_without_an_ended_trial_stays_in_the_same_attempt() -> None:
    numbered = timeline.with_attempts(
        [event(K.TRIAL_START, date(2026, 1, 5)), event(K.RETRIAL_LISTED, date(2026, 6, 1))]
    )
    assert [e.attempt for e in numbered] == [1, 1]


def test_a_verdict_given_then_a_retrial_is_a_second_attempt() -> None:
    numbered = timeline.with_attempts(
        [
            event(K.TRIAL_START, date(2025, 1, 6), actual=date(2025, 1, 6)),
            event(K.VERDICT, date(2025, 2, 14), actual=date(2025, 2, 14)),
            event(K.RETRIAL_LISTED, date(2026, 3, 2)),
        ]
    )
    assert [e.attempt for e in numbered] == [1, 1, 2]
    assert [a.ended_in_mistrial for a in timeline.trial_attempts(numbered)] == [False, False]


def test_no_trial_no_attempts() -> None:
    numbered = timeline.with_attempts([event(K.CHARGE, date(2025, 1, 6))])
    assert timeline.trial_attempts(numbered) == []


# --- Next hearing and hearings due --------------------------------------------------------------


def test_the_next_hearing_is_the_soonest_not_yet_happened_from_today() -> None:
    events = timeline.with_attempts(
        [
            event(K.FIRST_APPEARANCE, date(2026, 11, 1), actual=date(2026, 11, 1)),
            event(K.CHARGE, date(2026, 11, 30)),  # not a hearing
            event(K.SENTENCING, date(2027, 3, 1)),
            event(K.PTPH, date(2026, 12, 14)),
            event(K.PTPH, date(2026, 11, 24)),  # yesterday, not recorded: due, but not next
        ]
    )
    next_one = timeline.next_hearing(events, TODAY)
    assert next_one is not None and next_one.scheduled_for == date(2026, 12, 14)
    assert timeline.next_hearing(events, date(2027, 3, 2)) is None
    due = timeline.hearings_due(events, date(2026, 12, 31))
    assert [(e.kind, e.scheduled_for) for e in due] == [
        (K.PTPH, date(2026, 11, 24)),
        (K.PTPH, date(2026, 12, 14)),
    ]


def test_the_next_hearing_is_on_its_latest_date() -> None:
    moved = event(K.TRIAL_START, date(2026, 12, 1), date(2027, 4, 12))
    events = timeline.with_attempts([moved, event(K.PTPH, date(2027, 1, 4))])
    next_one = timeline.next_hearing(events, TODAY)
    assert next_one is not None and next_one.kind is K.PTPH
    assert [e.kind for e in timeline.hearings_due(events, date(2026, 12, 31))] == []


# --- Sentences ----------------------------------------------------------------------------------


def test_sentence_totals_count_only_the_defendants_convicted() -> None:
    defendants = [
        defendant(DefendantOutcome.CONVICTED, 96),
        defendant(DefendantOutcome.CONVICTED, 30),
        defendant(DefendantOutcome.CONVICTED, None),
        defendant(DefendantOutcome.ACQUITTED, None),
        defendant(DefendantOutcome.PENDING, None),
    ]
    assert timeline.sentence_total_months(defendants) == 126
    assert timeline.sentence_total_months([]) == 0


# --- Timeline marks -----------------------------------------------------------------------------


def test_timeline_entries_show_every_move_in_date_order() -> None:
    trial = event(
        K.TRIAL_START,
        date(2026, 3, 2),
        date(2026, 9, 7),
        reasons=["listed", "no interpreter"],
        event_id=501,
    )
    ptph = event(K.PTPH, date(2026, 1, 5), actual=date(2026, 1, 6), event_id=502)
    entries = timeline.timeline_entries(timeline.with_attempts([trial, ptph]))
    assert [(e.on, e.event_id, e.mark, e.reason, e.moved_to) for e in entries] == [
        (date(2026, 1, 6), 502, TimelineMark.HAPPENED, "listed", None),
        (date(2026, 3, 2), 501, TimelineMark.RESCHEDULED, "no interpreter", date(2026, 9, 7)),
        (date(2026, 9, 7), 501, TimelineMark.SCHEDULED, "no interpreter", None),
    ]


# --- Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["Anna Nowak", "Anna NOWAK", "anna nowak", "Nguyễn Văn", "Mary-Jane O'Neil", "Male One"],
)
def test_a_label_that_reads_like_a_full_name_is_refused(label: str) -> None:
    assert looks_like_full_name(label)
    (problem,) = validate_defendant(DefendantDraft(label), [])
    assert problem.field == "label"
    assert label not in problem.message


@pytest.mark.parametrize("label", ["AB", "A.N.", "Defendant 2", "Defendant AB", "D1", "Kestrel"])
def test_initials_and_pseudonyms_are_fine(label: str) -> None:
    assert not looks_like_full_name(label)
    assert validate_defendant(DefendantDraft(label, ("s.2 MSA 2015",)), []) == []


def test_a_label_is_short_unique_and_present() -> None:
    assert fields(validate_defendant(DefendantDraft("D" * 21), [])) == ["label"]
    assert validate_defendant(DefendantDraft("D" * 20), []) == []
    assert fields(validate_defendant(DefendantDraft("  "), [])) == ["label"]
    assert fields(validate_defendant(DefendantDraft("ab"), ["AB"])) == ["label"]


def test_charges_are_short_and_few() -> None:
    assert fields(validate_defendant(DefendantDraft("AB", ("x" * 121,)), [])) == ["charges"]
    assert validate_defendant(DefendantDraft("AB", ("x" * 120, "  ")), []) == []
    assert fields(validate_defendant(DefendantDraft("AB", ("c",) * 21), [])) == ["charges"]


def test_a_court_case_needs_something_to_call_it_by() -> None:
    assert fields(validate_court_case(CourtCaseDraft())) == ["court_name"]
    assert validate_court_case(CourtCaseDraft(cps_reference="CPS-123")) == []
    assert fields(validate_court_case(CourtCaseDraft(court_name="C" * 121))) == ["court_name"]


def test_only_a_conviction_carries_a_sentence() -> None:
    assert validate_outcome(DefendantOutcome.CONVICTED, 48) == []
    assert fields(validate_outcome(DefendantOutcome.ACQUITTED, 48)) == ["sentence_months"]
    assert fields(validate_outcome(DefendantOutcome.CONVICTED, -1)) == ["sentence_months"]


def test_a_reschedule_needs_a_reason_a_new_date_and_an_event_still_ahead() -> None:
    day = date(2026, 12, 1)
    assert validate_reschedule(day, date(2027, 1, 4), "judge unwell", happened=False) == []
    assert fields(validate_reschedule(day, date(2027, 1, 4), " ", happened=False)) == ["reason"]
    assert fields(validate_reschedule(day, day, "again", happened=False)) == ["scheduled_for"]
    assert fields(validate_reschedule(day, date(2027, 1, 4), "x", happened=True)) == [
        "scheduled_for"
    ]


def test_an_adjournment_says_why_and_nothing_happens_tomorrow() -> None:
    assert fields(validate_event(K.ADJOURNMENT, "", None, TODAY)) == ["reason"]
    assert validate_event(K.ADJOURNMENT, "jury discharged", TODAY, TODAY) == []
    assert fields(validate_event(K.PTPH, "", date(2026, 11, 26), TODAY)) == ["actual_on"]


def test_roles_and_special_measures_have_consistent_dates() -> None:
    assert validate_role(SurvivorRoleDTO(witness=True), TODAY) == []
    assert fields(validate_role(SurvivorRoleDTO(victim_personal_statement=True), TODAY)) == [
        "vps_on"
    ]
    asked = SpecialMeasureDTO(SpecialMeasure.SCREENS, date(2026, 10, 1))
    assert validate_special_measure(asked, TODAY) == []
    undated = SpecialMeasureDTO(SpecialMeasure.SCREENS, date(2026, 10, 1), granted=True)
    assert fields(validate_special_measure(undated, TODAY)) == ["decided_on"]
    early = SpecialMeasureDTO(SpecialMeasure.LIVE_LINK, date(2026, 10, 1), True, date(2026, 9, 1))
    assert fields(validate_special_measure(early, TODAY)) == ["decided_on"]
