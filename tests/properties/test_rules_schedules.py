"""Properties of the date rules: when a recovery assessment falls due
(models/rules/assessment_schedule.py), the NRM's recovery period and stage
(models/rules/nrm_deadlines.py), and dates and ages written for people
(models/rules/date_text.py). Every date in range gives an answer, never a crash, and the
answers keep their order: a review is always after the assessment before it, a later RG
decision never ends its recovery period sooner under the same rule, an age never goes down."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from models.dto import NrmDraft, PersonFields, ReconsiderationDraft
from models.enums import (
    AssessmentKind,
    CaseKind,
    CaseStatus,
    DatePrecision,
    NrmDecision,
    NrmDecisionKind,
    NrmStage,
    ReconsiderationOutcome,
)
from models.rules import assessment_schedule as schedule
from models.rules import nrm_deadlines as nrm
from models.rules.date_text import NOT_RECORDED, age_on, describe_age, format_date, months_text

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
RULE_CHANGE = date(2022, 12, 13)  # RG decisions from this day: 30 days, before it: 45


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


# -- Assessment schedule -----------------------------------------------------------------------


@given(days, st.integers(min_value=0, max_value=240))
def test_adding_months_lands_in_the_right_month_clamped_to_its_last_day(
    day: date, months: int
) -> None:
    later = schedule.add_months(day, months)
    assert month_number(later) == month_number(day) + months
    assert later.day == min(day.day, calendar.monthrange(later.year, later.month)[1])
    assert later >= day


@given(days, days, st.integers(min_value=0, max_value=240))
def test_adding_months_keeps_the_order_of_days(first: date, second: date, months: int) -> None:
    earlier, later = min(first, second), max(first, second)
    assert schedule.add_months(earlier, months) <= schedule.add_months(later, months)


@given(st.integers(min_value=1904, max_value=2196).filter(calendar.isleap))
def test_29_february_comes_back_as_28_february_in_a_common_year(year: int) -> None:
    assert schedule.add_months(date(year, 2, 29), 12) == date(year + 1, 2, 28)
    four_years_on = date(year + 4, 2, 29 if calendar.isleap(year + 4) else 28)  # 2100: not leap
    assert schedule.add_months(date(year, 2, 29), 48) == four_years_on


@given(days)
def test_a_review_is_due_four_months_after_the_last_assessment(last: date) -> None:
    due = schedule.next_review_on(last)
    assert due > last
    assert month_number(due) - month_number(last) == 4
    assert 119 <= (due - last).days <= 123


assessment_records = st.lists(
    st.builds(schedule.AssessmentRecord, kind=st.sampled_from(AssessmentKind), assessed_on=days),
    max_size=8,
)


@given(
    st.sampled_from(CaseKind),
    st.sampled_from(CaseStatus),
    days,
    st.none() | days,
    assessment_records,
    days,
)
def test_what_is_due_follows_the_case_and_its_assessments(
    kind: CaseKind,
    status: CaseStatus,
    opened_on: date,
    closed_on: date | None,
    records: list[schedule.AssessmentRecord],
    today: date,
) -> None:
    due = schedule.next_assessment_due(kind, status, opened_on, closed_on, records, today)
    kinds = {r.kind for r in records}
    if kind is CaseKind.STRATEGIC_ADVICE or (
        status is CaseStatus.CLOSED and AssessmentKind.INTAKE not in kinds
    ):
        assert due is None
    elif status is CaseStatus.CLOSED:
        closed = closed_on or today
        window_open = (today - closed).days <= schedule.CLOSING_ASSESSMENT_WINDOW_DAYS
        if AssessmentKind.CLOSING in kinds or not window_open:
            assert due is None
        else:
            assert due == schedule.AssessmentDueDTO(AssessmentKind.CLOSING, closed)
    elif AssessmentKind.INTAKE not in kinds:
        assert due == schedule.AssessmentDueDTO(AssessmentKind.INTAKE, opened_on)
    else:
        assert due is not None and due.kind is AssessmentKind.REVIEW
        latest = max(r.assessed_on for r in records if r.kind is not AssessmentKind.CLOSING)
        assert due.due_on > latest
    assert schedule.suggested_kind(due, AssessmentKind.INTAKE in kinds) in set(AssessmentKind)


@given(days, st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=6))
def test_each_review_done_moves_the_next_due_date_later(intake_on: date, delays: list[int]) -> None:
    """Reviews done on or after their due day (late by ``delays`` days) always push the next
    one further out: the schedule never asks again for a date already passed."""
    records = [schedule.AssessmentRecord(AssessmentKind.INTAKE, intake_on)]
    previous_due = intake_on
    for delay in delays:
        due = schedule.next_assessment_due(
            CaseKind.SUPPORT_PLAN, CaseStatus.ACTIVE, intake_on, None, records, intake_on
        )
        assert due is not None and due.kind is AssessmentKind.REVIEW
        assert due.due_on > previous_due
        done_on = due.due_on + timedelta(days=delay)
        records.append(schedule.AssessmentRecord(AssessmentKind.REVIEW, done_on))
        previous_due = due.due_on


# -- NRM -------------------------------------------------------------------------------------


@given(days)
def test_the_recovery_period_is_the_rule_in_force_on_the_rg_day(rg_on: date) -> None:
    expected_days = 30 if rg_on >= RULE_CHANGE else 45
    assert nrm.recovery_period_days(rg_on) == expected_days
    assert nrm.recovery_period_end(rg_on) - rg_on == timedelta(days=expected_days)


@given(days, days)
def test_under_one_rule_a_later_rg_decision_never_ends_its_period_sooner(
    first: date, second: date
) -> None:
    # Across 13 December 2022 it can (a decision the day before has 45 days, the day after
    # 30): each case keeps the rule of its time, by design.
    assume((first >= RULE_CHANGE) == (second >= RULE_CHANGE))
    earlier, later = min(first, second), max(first, second)
    assert nrm.recovery_period_end(earlier) <= nrm.recovery_period_end(later)


def decision_pair(kind: str) -> st.SearchStrategy[dict[str, object]]:
    """A decision's date and outcome: both, neither, or (bad input) only one of them."""
    return st.fixed_dictionaries(
        {
            f"{kind}_decided_on": st.none() | days,
            f"{kind}_decision": st.none() | st.sampled_from(NrmDecision),
        }
    )


drafts = st.tuples(days, decision_pair("rg"), decision_pair("cg")).map(
    lambda parts: NrmDraft(referred_on=parts[0], **parts[1], **parts[2])  # type: ignore[arg-type]
)
reconsiderations = st.lists(
    st.builds(
        ReconsiderationDraft,
        decision=st.sampled_from(NrmDecisionKind),
        requested_on=days,
        outcome=st.sampled_from(ReconsiderationOutcome),
        outcome_on=st.none() | days,
    ),
    max_size=4,
).map(tuple)
records = st.builds(nrm.NrmRecord, draft=drafts, reconsiderations=reconsiderations)


@given(records, days)
def test_any_referral_has_one_stage_that_follows_its_decisions(
    record: nrm.NrmRecord, today: date
) -> None:
    stage = nrm.nrm_stage(record, today)
    pending = nrm.pending_reconsiderations(record.reconsiderations)
    rg = nrm.effective_decision(record, NrmDecisionKind.REASONABLE_GROUNDS)
    cg = nrm.effective_decision(record, NrmDecisionKind.CONCLUSIVE_GROUNDS)
    assert (stage is NrmStage.RECONSIDERATION_PENDING) == bool(pending)
    in_recovery = (
        not pending
        and cg is None
        and rg is not None
        and rg.outcome is NrmDecision.POSITIVE
        and today < nrm.recovery_period_end(rg.on)
    )
    assert (stage is NrmStage.RECOVERY_PERIOD) == in_recovery
    if stage is NrmStage.AWAITING_RG:
        assert rg is None and cg is None


@given(records, days)
def test_a_recovery_period_date_is_shown_only_while_it_is_still_ahead(
    record: nrm.NrmRecord, today: date
) -> None:
    deadlines = nrm.nrm_deadlines(record, today)
    assert len(deadlines) <= 1
    for deadline in deadlines:
        rg_on = nrm.positive_rg_on(record)
        assert rg_on is not None
        assert deadline.due_on == nrm.recovery_period_end(rg_on) >= today
        assert record.draft.cg_decision is None or record.draft.cg_decided_on is None


@given(days, st.lists(st.none() | days, min_size=1, max_size=4))
def test_an_overturned_negative_rg_is_positive_from_the_latest_overturning(
    rg_on: date, outcome_days: list[date | None]
) -> None:
    requests = tuple(
        ReconsiderationDraft(
            NrmDecisionKind.REASONABLE_GROUNDS, rg_on, ReconsiderationOutcome.OVERTURNED, on
        )
        for on in outcome_days
    )
    draft = NrmDraft(referred_on=rg_on, rg_decided_on=rg_on, rg_decision=NrmDecision.NEGATIVE)
    decided = [on for on in outcome_days if on is not None]
    expected = max(decided) if decided else None
    assert nrm.positive_rg_on(nrm.NrmRecord(draft, requests)) == expected


# -- Dates and ages written for people -------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(st.dates(), st.sampled_from(DatePrecision))
def test_any_date_is_written_as_far_as_it_is_known_and_reads_back(
    day: date, precision: DatePrecision
) -> None:
    shown = format_date(day, precision)
    parts = shown.split(" ")
    if precision is DatePrecision.DAY:
        assert date(int(parts[2]), MONTHS.index(parts[1]) + 1, int(parts[0])) == day
    elif precision is DatePrecision.MONTH:
        assert (int(parts[1]), MONTHS.index(parts[0]) + 1) == (day.year, day.month)
    else:
        assert parts == [str(day.year)]


def anniversaries_passed(born: date, today: date) -> int:
    """Counted year by year; a 29 February birthday falls on 1 March in a common year."""
    count = 0
    year = born.year + 1
    while True:
        if calendar.isleap(year) or (born.month, born.day) != (2, 29):
            birthday = born.replace(year=year)
        else:
            birthday = date(year, 3, 1)
        if birthday > today:
            return count
        count += 1
        year += 1


@given(days, st.integers(min_value=0, max_value=40_000))
def test_an_age_is_the_birthdays_passed(born: date, days_later: int) -> None:
    today = born + timedelta(days=days_later)
    assume(today.year < 9999)
    assert age_on(born, today) == anniversaries_passed(born, today)


ages = st.none() | st.integers(min_value=0, max_value=120)
people = st.builds(
    PersonFields,
    date_of_birth=st.none() | days,
    date_of_birth_precision=st.sampled_from(DatePrecision),
    estimated_age=ages,
    estimated_age_on=st.none() | days,
    age_disputed=st.booleans(),
)


@given(people, days, st.integers(min_value=0, max_value=5000))
def test_an_age_described_never_goes_down_as_time_passes(
    person: PersonFields, today: date, later_by: int
) -> None:
    before = describe_age(person, today)
    after = describe_age(person, today + timedelta(days=later_by))
    assert ("disputed" in before) == person.age_disputed
    if person.date_of_birth is None and person.estimated_age is None:
        assert before.startswith(NOT_RECORDED)
        return

    def age(text: str) -> int:
        found = re.search(r"\((?:about )?(-?\d+)\)|Estimated (\d+)", text)
        assert found is not None, text
        return int(found.group(1) or found.group(2))

    assert age(after) >= age(before)


@given(st.integers(min_value=0, max_value=100_000))
def test_months_are_written_as_years_and_months_that_add_back_up(months: int) -> None:
    text = months_text(months)
    counted = re.fullmatch(r"(?:(\d+) years?)? ?(?:(\d+) months?)?", text)
    assert counted is not None and text.strip() == text
    years, left = int(counted.group(1) or 0), int(counted.group(2) or 0)
    assert years * 12 + left == months
    assert left < 12
    for number, plural in re.findall(r"(\d+) (?:year|month)(s?)\b", text):
        assert (plural == "s") == (number != "1")
