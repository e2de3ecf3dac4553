"""Pure rules for recovery assessments and police summaries, at their boundaries: the anchored
scale, "improved", the four-monthly schedule, the support given, and what consent lets go to
the police."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from models.dto import AssessmentDraft, AssessmentDTO, ConsentDTO, DomainScoreDTO, PersonFields
from models.entities.export_record import EXPORT_REFERENCE_LENGTH
from models.enums import (
    ActionStatus,
    AssessmentKind,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    DatePrecision,
    ExportField,
    Perspective,
    RecoveryDomain,
)
from models.rules import assessment_scale as scale
from models.rules import assessment_schedule as schedule
from models.rules import police_export as consent_rules
from models.rules import recovery_change as change
from models.rules.assessment_validation import NOTE_LIMIT, validate_assessment, validate_order
from models.rules.date_text import describe_age, format_date
from models.rules.support_given import GoalState, count_contacts, count_goals, is_goal_met

from .conftest import TODAY

DOMAINS = tuple(RecoveryDomain)
SURVIVOR, NAVIGATOR = Perspective.SURVIVOR, Perspective.NAVIGATOR
Scores = Sequence[int | None]


def assessment(
    id: int,
    kind: AssessmentKind,
    on: date,
    survivor: Scores = (None,) * 6,
    navigator: Scores = (None,) * 6,
) -> AssessmentDTO:
    """An assessment with the given scores, one per domain in RecoveryDomain order."""
    return AssessmentDTO(
        id=id,
        case_id=1,
        kind=kind,
        assessed_on=on,
        recorded_by="navigator.one",
        version=1,
        scores=tuple(
            DomainScoreDTO(domain=d, survivor_score=s, navigator_score=n)
            for d, s, n in zip(DOMAINS, survivor, navigator, strict=True)
        ),
    )


INTAKE_ON = date(2026, 3, 2)


def intake(survivor: Scores = (2,) * 6, navigator: Scores = (2,) * 6) -> AssessmentDTO:
    return assessment(1, AssessmentKind.INTAKE, INTAKE_ON, survivor, navigator)


def review(
    survivor: Scores, navigator: Scores = (2,) * 6, on: date = date(2026, 7, 2), id: int = 2
) -> AssessmentDTO:
    return assessment(id, AssessmentKind.REVIEW, on, survivor, navigator)


# --- The anchored scale ---------------------------------------------------------------------


def test_every_domain_has_five_distinct_descriptors() -> None:
    assert set(scale.DESCRIPTORS) == set(RecoveryDomain)
    for domain in RecoveryDomain:
        texts = scale.DESCRIPTORS[domain]
        assert len(texts) == 5, domain
        assert all(text.strip() for text in texts), domain
        assert len(set(texts)) == 5, domain
        assert [scale.descriptor(domain, s) for s in (1, 2, 3, 4, 5)] == list(texts)
    assert sorted(scale.LEVEL_NAMES) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("score", [0, 6, -1, True, 2.0, "3", None])
def test_a_score_outside_one_to_five_has_no_descriptor(score: object) -> None:
    assert not scale.is_valid_score(score)
    with pytest.raises(ValueError, match="1 to 5"):
        scale.descriptor(RecoveryDomain.SAFETY, score)  # type: ignore[arg-type]


# --- Overall scores and "improved" ------------------------------------------------------------


def test_overall_score_is_the_sum_only_when_all_six_are_scored() -> None:
    full = review((1, 2, 3, 4, 5, 5))
    assert change.overall_score(full, SURVIVOR) == 20
    partial = review((1, 2, 3, 4, 5, None))
    assert change.overall_score(partial, SURVIVOR) is None
    # The navigator's view of the same assessment is judged on its own.
    assert change.overall_score(partial, NAVIGATOR) == 12


def test_improved_means_strictly_above_the_intake() -> None:
    start = intake(survivor=(2, 2, 2, 2, 2, 2))  # 12
    same_total = review((1, 3, 2, 2, 2, 2))  # 12: one domain up, one down
    one_more = review((2, 2, 2, 2, 2, 3))  # 13
    one_less = review((2, 2, 2, 2, 2, 1))  # 11
    assert change.improved(start, same_total, SURVIVOR) is False
    assert change.improved(start, one_more, SURVIVOR) is True
    assert change.improved(start, one_less, SURVIVOR) is False
    assert change.overall_change(start, one_more, SURVIVOR) == 1
    assert change.overall_change(start, one_less, SURVIVOR) == -1


def test_improved_is_unknown_when_either_assessment_is_incomplete() -> None:
    complete = intake()
    incomplete = review((5, 5, 5, 5, 5, None))
    assert change.improved(complete, incomplete, SURVIVOR) is None
    assert change.improved(intake(survivor=(None, 2, 2, 2, 2, 2)), review((3,) * 6), SURVIVOR) is (
        None
    )
    assert change.overall_change(complete, incomplete, SURVIVOR) is None


def test_each_perspective_is_judged_independently() -> None:
    start = intake(survivor=(2,) * 6, navigator=(3,) * 6)
    later = review(survivor=(3,) * 6, navigator=(3,) * 6)
    assert change.improved(start, later, SURVIVOR) is True
    assert change.improved(start, later, NAVIGATOR) is False
    history = [start, later]
    assert change.case_improved(history, SURVIVOR) is True
    assert change.case_improved(history, NAVIGATOR) is False


def test_case_improved_compares_the_latest_with_the_intake() -> None:
    start = intake(survivor=(2,) * 6)
    up = review((4,) * 6, on=date(2026, 7, 2), id=2)
    back_down = review((2,) * 6, on=date(2026, 11, 2), id=3)
    # Order of the list does not matter: dates do.
    assert change.case_improved([back_down, start, up], SURVIVOR) is False
    assert change.latest_after_intake([back_down, start, up]) == back_down
    assert change.case_improved([start, up], SURVIVOR) is True
    # No intake, or nothing after it: unknown, not "not improved".
    assert change.case_improved([up, back_down], SURVIVOR) is None
    assert change.case_improved([start], SURVIVOR) is None
    assert change.case_improved([], SURVIVOR) is None
    # An incomplete latest review is not replaced by an earlier complete one.
    partial = review((5, 5, 5, 5, 5, None), on=date(2026, 11, 20), id=4)
    assert change.case_improved([start, up, partial], SURVIVOR) is None


def test_domain_changes_are_none_where_either_side_was_not_scored() -> None:
    start = intake(survivor=(2, 2, None, 2, 2, 2))
    later = review((3, 1, 4, None, 2, 5))
    assert change.domain_changes(start, later, SURVIVOR) == {
        RecoveryDomain.MENTAL_HEALTH: 1,
        RecoveryDomain.PHYSICAL_HEALTH: -1,
        RecoveryDomain.FINANCIAL_STABILITY: None,
        RecoveryDomain.SOCIAL_CONNECTION: None,
        RecoveryDomain.SAFETY: 0,
        RecoveryDomain.LEGAL_STATUS: 3,
    }
    assert list(change.domain_changes(start, later, NAVIGATOR).values()) == [0] * 6


def test_disagreements_are_navigator_minus_survivor_and_skip_unscored() -> None:
    entry = assessment(
        1,
        AssessmentKind.INTAKE,
        INTAKE_ON,
        survivor=(1, 3, 3, None, 5, 2),
        navigator=(3, 3, 2, 4, None, 2),
    )
    assert change.disagreements(entry) == {
        RecoveryDomain.MENTAL_HEALTH: 2,
        RecoveryDomain.FINANCIAL_STABILITY: -1,
    }
    assert change.disagreements(intake()) == {}


# --- The four-monthly schedule -----------------------------------------------------------------


def due(
    records: Sequence[tuple[AssessmentKind, date]] = (),
    *,
    kind: CaseKind = CaseKind.SUPPORT_PLAN,
    status: CaseStatus = CaseStatus.ACTIVE,
    opened_on: date = INTAKE_ON,
    closed_on: date | None = None,
    today: date = TODAY,
) -> schedule.AssessmentDueDTO | None:
    return schedule.next_assessment_due(
        kind,
        status,
        opened_on,
        closed_on,
        [schedule.AssessmentRecord(k, on) for k, on in records],
        today,
    )


def test_the_intake_is_due_the_day_the_case_opens() -> None:
    assert due() == schedule.AssessmentDueDTO(AssessmentKind.INTAKE, INTAKE_ON)
    # Still the intake while it is missing, however long ago the case opened.
    assert due(opened_on=date(2024, 1, 5)) == schedule.AssessmentDueDTO(
        AssessmentKind.INTAKE, date(2024, 1, 5)
    )


def test_a_review_is_due_four_calendar_months_after_the_latest_intake_or_review() -> None:
    intake_only = [(AssessmentKind.INTAKE, date(2026, 3, 2))]
    assert due(intake_only) == schedule.AssessmentDueDTO(AssessmentKind.REVIEW, date(2026, 7, 2))
    reviewed = [*intake_only, (AssessmentKind.REVIEW, date(2026, 7, 20))]
    assert due(reviewed) == schedule.AssessmentDueDTO(AssessmentKind.REVIEW, date(2026, 11, 20))
    # Order of the records does not matter.
    assert due(list(reversed(reviewed))) == due(reviewed)


@pytest.mark.parametrize(
    ("last", "next_due"),
    [
        (date(2026, 3, 2), date(2026, 7, 2)),
        (date(2026, 9, 15), date(2027, 1, 15)),  # into the next year
        (date(2026, 8, 31), date(2026, 12, 31)),
        (date(2026, 10, 31), date(2027, 2, 28)),  # no 31 February: the month's last day
        (date(2027, 10, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 10, 30), date(2027, 2, 28)),
        (date(2027, 10, 28), date(2028, 2, 28)),
        (date(2026, 6, 30), date(2026, 10, 30)),
    ],
)
def test_review_dates_are_clamped_to_the_end_of_a_shorter_month(last: date, next_due: date) -> None:
    assert schedule.next_review_on(last) == next_due
    records = [(AssessmentKind.INTAKE, INTAKE_ON), (AssessmentKind.REVIEW, last)]
    assert due(records) == schedule.AssessmentDueDTO(AssessmentKind.REVIEW, next_due)


def test_the_review_interval_is_four_months() -> None:
    assert schedule.review_interval_months(date(2026, 11, 25)) == 4
    assert schedule.add_months(date(2026, 11, 25), 14) == date(2028, 1, 25)


def test_a_closed_case_needs_a_closing_assessment_for_the_window_only() -> None:
    closed_on = date(2026, 9, 1)
    history = [(AssessmentKind.INTAKE, INTAKE_ON), (AssessmentKind.REVIEW, date(2026, 7, 2))]
    window = schedule.CLOSING_ASSESSMENT_WINDOW_DAYS
    assert window == 60

    def closing_due(today: date, records: Sequence[tuple[AssessmentKind, date]] = history):
        return due(records, status=CaseStatus.CLOSED, closed_on=closed_on, today=today)

    expected = schedule.AssessmentDueDTO(AssessmentKind.CLOSING, closed_on)
    assert closing_due(closed_on) == expected
    assert closing_due(closed_on + timedelta(days=60)) == expected
    assert closing_due(closed_on + timedelta(days=61)) is None
    done = [*history, (AssessmentKind.CLOSING, date(2026, 9, 3))]
    assert closing_due(closed_on + timedelta(days=2), done) is None
    # No reviews are asked of a closed case, however overdue they would be.
    assert closing_due(date(2026, 10, 31)) == expected
    # A case closed without ever being assessed has nothing to compare a closing one with.
    assert closing_due(closed_on, []) is None


def test_a_closing_assessment_does_not_restart_the_review_clock() -> None:
    # A case closed and reopened: reviews follow the latest intake or review, not the closing.
    records = [(AssessmentKind.INTAKE, INTAKE_ON), (AssessmentKind.CLOSING, date(2026, 6, 1))]
    assert due(records) == schedule.AssessmentDueDTO(AssessmentKind.REVIEW, date(2026, 7, 2))


@pytest.mark.parametrize("status", list(CaseStatus))
def test_strategic_advice_cases_are_never_due(status: CaseStatus) -> None:
    closed_on = TODAY if status is CaseStatus.CLOSED else None
    assert due(kind=CaseKind.STRATEGIC_ADVICE, status=status, closed_on=closed_on) is None


def test_the_suggested_kind_follows_what_is_due() -> None:
    closing = schedule.AssessmentDueDTO(AssessmentKind.CLOSING, TODAY)
    assert schedule.suggested_kind(closing, has_intake=True) is AssessmentKind.CLOSING
    assert schedule.suggested_kind(None, has_intake=True) is AssessmentKind.REVIEW
    assert schedule.suggested_kind(None, has_intake=False) is AssessmentKind.INTAKE


# --- Validation (pure part) ------------------------------------------------------------------


def draft(
    kind: AssessmentKind = AssessmentKind.INTAKE,
    on: date = TODAY,
    survivor: Scores = (3,) * 6,
    **note: str,
) -> AssessmentDraft:
    return AssessmentDraft(
        kind=kind,
        assessed_on=on,
        scores=tuple(
            DomainScoreDTO(domain=d, survivor_score=s, **note)
            for d, s in zip(DOMAINS, survivor, strict=True)
        ),
    )


def problems(d: AssessmentDraft, other: frozenset[AssessmentKind] = frozenset()) -> list[str]:
    found = validate_assessment(d, today=TODAY, opened_on=INTAKE_ON, other_kinds=other)
    return [p.field for p in found]


def test_a_good_intake_and_its_date_boundaries() -> None:
    assert problems(draft()) == []
    assert problems(draft(on=INTAKE_ON)) == []
    assert problems(draft(on=TODAY + timedelta(days=1))) == ["assessed_on"]
    assert problems(draft(on=INTAKE_ON - timedelta(days=1))) == ["assessed_on"]


@pytest.mark.parametrize("bad", [0, 6, True])
def test_out_of_range_scores_name_their_domain(bad: int) -> None:
    assert problems(draft(survivor=(3, 3, bad, 3, 3, 3))) == ["financial_stability"]


def test_one_entry_per_domain_and_at_least_one_score() -> None:
    missing = draft()
    missing = AssessmentDraft(missing.kind, missing.assessed_on, missing.scores[:5])
    assert problems(missing) == ["scores"]
    doubled = AssessmentDraft(missing.kind, missing.assessed_on, (*missing.scores[:5],) * 2)
    assert "scores" in problems(doubled)
    assert problems(draft(survivor=(None,) * 6)) == ["scores"]
    assert problems(draft(survivor=(None, None, None, None, None, 1))) == []


def test_notes_are_limited_in_length() -> None:
    assert problems(draft(goal="x" * NOTE_LIMIT)) == []
    assert problems(draft(goal="x" * (NOTE_LIMIT + 1)))[0] == "mental_health"


def test_kinds_follow_the_intake() -> None:
    intake_kind = frozenset({AssessmentKind.INTAKE})
    assert problems(draft(AssessmentKind.INTAKE), intake_kind) == ["kind"]
    assert problems(draft(AssessmentKind.REVIEW)) == ["kind"]
    assert problems(draft(AssessmentKind.CLOSING)) == ["kind"]
    assert problems(draft(AssessmentKind.REVIEW), intake_kind) == []
    assert problems(draft(AssessmentKind.CLOSING), intake_kind) == []
    both = frozenset({AssessmentKind.INTAKE, AssessmentKind.CLOSING})
    assert problems(draft(AssessmentKind.CLOSING), both) == ["kind"]


def test_the_intake_comes_first() -> None:
    intake_on = [schedule.AssessmentRecord(AssessmentKind.INTAKE, date(2026, 3, 10))]
    for kind in (AssessmentKind.REVIEW, AssessmentKind.CLOSING):
        assert validate_order(draft(kind, date(2026, 3, 10)), intake_on) == []
        (problem,) = validate_order(draft(kind, date(2026, 3, 9)), intake_on)
        assert problem.field == "assessed_on" and "2026-03-10" in problem.message
    # Correcting the intake's date: not after any later assessment.
    later = [schedule.AssessmentRecord(AssessmentKind.REVIEW, date(2026, 7, 1))]
    assert validate_order(draft(on=date(2026, 7, 1)), later) == []
    (problem,) = validate_order(draft(on=date(2026, 7, 2)), later)
    assert problem.field == "assessed_on" and "2026-07-01" in problem.message
    assert validate_order(draft(on=date(2026, 7, 2)), []) == []


# --- Support given ----------------------------------------------------------------------------

DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED
IN_PROGRESS, NOT_STARTED = ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("statuses", "met"),
    [
        ((), False),  # a goal with no action was not met by anything
        ((DONE,), True),
        ((DONE, DROPPED), True),
        ((DROPPED,), False),  # all dropped: given up, not met
        ((DROPPED, DROPPED), False),
        ((DONE, IN_PROGRESS), False),
        ((DONE, NOT_STARTED), False),
    ],
)
def test_when_a_goal_is_met(statuses: tuple[ActionStatus, ...], met: bool) -> None:
    assert is_goal_met(statuses) is met


def test_goals_are_judged_by_their_latest_agreed_version() -> None:
    states = [
        GoalState("housing", 1, (DONE,)),
        GoalState("gp", 1, (IN_PROGRESS,)),
        GoalState("gp", 2, (DONE,)),  # finished by version 2
        GoalState("lawyer", 1, (DONE,)),
        GoalState("lawyer", 2, (DONE, NOT_STARTED)),  # a new action: not met any more
        GoalState("college", 2, (DROPPED,)),
    ]
    # "housing" was met in version 1 and left out of version 2: it still counts as met.
    assert count_goals(states) == (2, 4)
    assert count_goals(reversed(states)) == (2, 4)
    assert count_goals([]) == (0, 0)


def test_referrals_are_counted_apart_from_contacts() -> None:
    kinds = [ContactKind.VISIT, ContactKind.REFERRAL, ContactKind.PHONE_CALL, ContactKind.REFERRAL]
    assert count_contacts(kinds) == (2, 2)
    assert count_contacts([]) == (0, 0)


# --- What consent lets go to the police ---------------------------------------------------------

IDENTITY_FIELDS = {
    ExportField.NAME,
    ExportField.KNOWN_AS,
    ExportField.DATE_OF_BIRTH,
    ExportField.GENDER,
    ExportField.NATIONALITY,
    ExportField.LANGUAGES,
}


def given(*scopes: ConsentScope, on: date = date(2026, 6, 1), **more: object) -> ConsentDTO:
    return ConsentDTO(
        recipient=ConsentRecipient.POLICE,
        state=ConsentState.GIVEN,
        given_on=on,
        scope=frozenset(scopes),
        **more,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("scope", "fields"),
    [
        (ConsentScope.IDENTITY, IDENTITY_FIELDS),
        (ConsentScope.CONTACT_DETAILS, {ExportField.PHONE, ExportField.EMAIL}),
        (ConsentScope.RECOVERY_SCORES, {ExportField.RECOVERY_SCORES, ExportField.RECOVERY_TRENDS}),
        (ConsentScope.SUPPORT_SUMMARY, {ExportField.SUPPORT_GIVEN}),
        (ConsentScope.NRM_STATUS, set()),
        (ConsentScope.COURT_SUPPORT_NEEDS, set()),
    ],
)
def test_each_scope_allows_its_own_fields(scope: ConsentScope, fields: set[ExportField]) -> None:
    assert consent_rules.allowed_fields(given(scope), TODAY) == fields


def test_every_field_belongs_to_a_scope_and_none_is_an_address() -> None:
    assert set(consent_rules.FIELD_SCOPES) == set(ExportField)
    assert not [f for f in ExportField if "address" in f.value]
    everything = given(*ConsentScope)
    assert consent_rules.allowed_fields(everything, TODAY) == set(ExportField)
    assert consent_rules.refusal_reason(everything, TODAY) == ""


def test_scopes_combine() -> None:
    consent = given(ConsentScope.RECOVERY_SCORES, ConsentScope.SUPPORT_SUMMARY)
    assert consent_rules.allowed_fields(consent, TODAY) == {
        ExportField.RECOVERY_SCORES,
        ExportField.RECOVERY_TRENDS,
        ExportField.SUPPORT_GIVEN,
    }


def test_nothing_goes_without_consent() -> None:
    for consent in (None, ConsentDTO(ConsentRecipient.POLICE, ConsentState.NOT_ASKED)):
        assert consent_rules.allowed_fields(consent, TODAY) == frozenset()
        assert "has not given consent" in consent_rules.refusal_reason(consent, TODAY)


def test_nothing_goes_once_consent_is_withdrawn() -> None:
    withdrawn = ConsentDTO(
        ConsentRecipient.POLICE,
        ConsentState.WITHDRAWN,
        given_on=date(2026, 6, 1),
        withdrawn_on=date(2026, 11, 24),
        scope=frozenset(ConsentScope),
    )
    assert consent_rules.allowed_fields(withdrawn, TODAY) == frozenset()
    reason = consent_rules.refusal_reason(withdrawn, TODAY)
    assert "withdrew" in reason and "2026-11-24" in reason and "the police" in reason
    # A record still marked "given" but with a later withdrawal date is treated as withdrawn.
    stale_state = given(ConsentScope.IDENTITY, withdrawn_on=date(2026, 11, 24))
    assert consent_rules.allowed_fields(stale_state, TODAY) == frozenset()
    assert "withdrew" in consent_rules.refusal_reason(stale_state, TODAY)
    # Given and withdrawn the same day: the withdrawal wins.
    same_day = given(ConsentScope.IDENTITY, on=TODAY, withdrawn_on=TODAY)
    assert consent_rules.allowed_fields(same_day, TODAY) == frozenset()


def test_consent_given_again_after_a_withdrawal_allows_the_export() -> None:
    again = given(ConsentScope.RECOVERY_SCORES, on=date(2026, 11, 1), withdrawn_on=date(2026, 9, 1))
    assert consent_rules.allowed_fields(again, TODAY) == {
        ExportField.RECOVERY_SCORES,
        ExportField.RECOVERY_TRENDS,
    }
    assert consent_rules.refusal_reason(again, TODAY) == ""


def test_consent_given_from_a_future_date_allows_nothing_yet() -> None:
    tomorrow = TODAY + timedelta(days=1)
    future = given(ConsentScope.RECOVERY_SCORES, on=tomorrow)
    assert consent_rules.allowed_fields(future, TODAY) == frozenset()
    assert tomorrow.isoformat() in consent_rules.refusal_reason(future, TODAY)
    # From that day on it does.
    assert consent_rules.allowed_fields(future, tomorrow)
    assert consent_rules.refusal_reason(future, tomorrow) == ""


def test_refusal_when_consent_covers_nothing_a_summary_holds_or_there_is_no_survivor() -> None:
    nrm_only = given(ConsentScope.NRM_STATUS)
    assert "does not cover anything" in consent_rules.refusal_reason(nrm_only, TODAY)
    cps = ConsentDTO(ConsentRecipient.CPS, ConsentState.WITHDRAWN, withdrawn_on=TODAY)
    assert "Crown Prosecution Service" in consent_rules.refusal_reason(cps, TODAY)
    no_one = consent_rules.refusal_reason(given(*ConsentScope), TODAY, has_survivor=False)
    assert "no survivor" in no_one


def test_the_navigator_may_narrow_the_fields_but_never_widen_them() -> None:
    allowed = consent_rules.allowed_fields(
        given(ConsentScope.RECOVERY_SCORES, ConsentScope.SUPPORT_SUMMARY), TODAY
    )
    assert consent_rules.chosen_fields(allowed, None) == allowed
    assert consent_rules.chosen_fields(allowed, [ExportField.SUPPORT_GIVEN]) == {
        ExportField.SUPPORT_GIVEN
    }
    with pytest.raises(consent_rules.ExportRefused) as info:
        consent_rules.chosen_fields(allowed, [ExportField.SUPPORT_GIVEN, ExportField.NAME])
    assert "name" in info.value.user_message and "support_given" not in info.value.user_message
    with pytest.raises(consent_rules.ExportRefused, match="at least one"):
        consent_rules.chosen_fields(allowed, [])
    with pytest.raises(consent_rules.ExportRefused):
        consent_rules.chosen_fields(frozenset(), None)


def test_trend_charts_go_only_with_the_scores_they_are_drawn_from() -> None:
    allowed = consent_rules.allowed_fields(given(ConsentScope.RECOVERY_SCORES), TODAY)
    with pytest.raises(consent_rules.ExportRefused, match="trend charts"):
        consent_rules.chosen_fields(allowed, [ExportField.RECOVERY_TRENDS])
    both = {ExportField.RECOVERY_SCORES, ExportField.RECOVERY_TRENDS}
    assert consent_rules.chosen_fields(allowed, both) == both
    assert consent_rules.chosen_fields(allowed, [ExportField.RECOVERY_SCORES]) == {
        ExportField.RECOVERY_SCORES
    }


def test_export_references_are_numbered_with_a_random_tail() -> None:
    assert consent_rules.export_reference(2026, 7, "K7QD") == "EX-2026-0007-K7QD"
    assert consent_rules.export_reference(2027, 12345, "0000") == "EX-2027-12345-0000"
    pattern = re.compile(r"EX-2026-0042-[0-9A-HJKMNP-TV-Z]{4}")
    made = {consent_rules.export_reference(2026, 42) for _ in range(20)}
    assert all(pattern.fullmatch(ref) for ref in made)
    assert len(made) > 1
    assert all(len(ref) <= EXPORT_REFERENCE_LENGTH for ref in made)


# --- Dates written for people -----------------------------------------------------------------


def test_dates_show_only_what_is_known() -> None:
    day = date(2001, 3, 9)
    assert format_date(day) == "9 Mar 2001"
    assert format_date(day, DatePrecision.MONTH) == "Mar 2001"
    assert format_date(day, DatePrecision.YEAR) == "2001"
    assert format_date(None) == "Not recorded"


def test_ages_respect_precision_estimates_and_disputes() -> None:
    exact = PersonFields(date_of_birth=date(2001, 11, 26))
    assert describe_age(exact, TODAY) == "Born 26 Nov 2001 (24)"
    birthday = PersonFields(date_of_birth=date(2001, 11, 25))
    assert describe_age(birthday, TODAY) == "Born 25 Nov 2001 (25)"
    year_only = PersonFields(
        date_of_birth=date(2001, 1, 1), date_of_birth_precision=DatePrecision.YEAR
    )
    assert describe_age(year_only, TODAY) == "Born 2001 (about 25)"
    estimated = PersonFields(estimated_age=17, estimated_age_on=date(2026, 3, 2), age_disputed=True)
    assert describe_age(estimated, TODAY) == "Estimated 17 on 2 Mar 2026, disputed"
    assert describe_age(PersonFields(), TODAY) == "Not recorded"
