"""Properties of the recovery assessment and NRM validators (models/rules/assessment_validation.py,
models/rules/nrm_validation.py): clear problems or none for any input, the same answer every
time, and the documented date and score limits on both sides."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models.dto import AssessmentDraft, DomainScoreDTO, NrmDraft, ReconsiderationDraft
from models.enums import (
    AssessmentKind,
    NrmDecision,
    NrmDecisionKind,
    ReconsiderationOutcome,
    RecoveryDomain,
)
from models.rules.assessment_schedule import AssessmentRecord
from models.rules.assessment_validation import NOTE_LIMIT, validate_assessment, validate_order
from models.rules.nrm_deadlines import NrmRecord, recovery_period_end
from models.rules.nrm_validation import MAX_TEXT, validate_nrm, validate_reconsideration
from tests.properties.validators_drafts import (
    assessment_drafts,
    nrm_drafts,
    reconsiderations,
)
from tests.properties.validators_shared import (
    DAY,
    TODAY,
    assert_clear_problems,
    assert_deterministic,
    big_inputs,
    dates,
    field_names,
    marked,
    problem_fields,
    texts,
    tuples_of,
)

ASSESSMENT_FIELDS = field_names(AssessmentDraft) | {domain.value for domain in RecoveryDomain}
NRM_FIELDS = field_names(NrmDraft) | field_names(ReconsiderationDraft)
OPENED = date(2026, 3, 2)


def scored(kind: AssessmentKind, on: date, score: int = 3, note: str = "") -> AssessmentDraft:
    return AssessmentDraft(
        kind=kind,
        assessed_on=on,
        scores=tuple(
            DomainScoreDTO(domain, survivor_score=score, survivor_note=note)
            for domain in RecoveryDomain
        ),
    )


# -- Recovery assessments -------------------------------------------------------------------------


@big_inputs
@given(
    draft=assessment_drafts(),
    opened_on=dates(),
    other_kinds=st.frozensets(st.sampled_from(AssessmentKind)),
)
def test_any_assessment_gets_clear_problems_or_none(
    draft: AssessmentDraft, opened_on: date, other_kinds: frozenset[AssessmentKind]
) -> None:
    problems = assert_deterministic(
        lambda: validate_assessment(
            draft, today=TODAY, opened_on=opened_on, other_kinds=other_kinds
        )
    )
    assert_clear_problems(problems, ASSESSMENT_FIELDS)


@big_inputs
@given(
    draft=assessment_drafts(),
    others=tuples_of(st.builds(AssessmentRecord, st.sampled_from(AssessmentKind), dates())),
)
def test_any_assessment_order_gets_clear_problems_or_none(
    draft: AssessmentDraft, others: tuple[AssessmentRecord, ...]
) -> None:
    problems = assert_deterministic(lambda: validate_order(draft, others))
    assert_clear_problems(problems, ASSESSMENT_FIELDS)


@given(on=st.dates(OPENED - timedelta(days=40), TODAY + timedelta(days=40)))
def test_an_assessment_is_dated_between_the_opening_and_today(on: date) -> None:
    problems = validate_assessment(
        scored(AssessmentKind.INTAKE, on), today=TODAY, opened_on=OPENED, other_kinds=frozenset()
    )
    assert ("assessed_on" in problem_fields(problems)) == (not OPENED <= on <= TODAY)


@given(score=st.integers(-3, 9) | st.integers(), domain=st.sampled_from(RecoveryDomain))
def test_a_score_is_a_whole_number_from_1_to_5(score: int, domain: RecoveryDomain) -> None:
    draft = scored(AssessmentKind.INTAKE, TODAY)
    scores = tuple(
        dataclasses.replace(e, navigator_score=score) if e.domain is domain else e
        for e in draft.scores
    )
    problems = validate_assessment(
        dataclasses.replace(draft, scores=scores),
        today=TODAY,
        opened_on=OPENED,
        other_kinds=frozenset(),
    )
    assert (domain.value in problem_fields(problems)) == (not 1 <= score <= 5)


@given(length=st.integers(NOTE_LIMIT - 2, NOTE_LIMIT + 2))
def test_a_note_is_at_most_2000_characters(length: int) -> None:
    problems = validate_assessment(
        scored(AssessmentKind.INTAKE, TODAY, note="n" * length),
        today=TODAY,
        opened_on=OPENED,
        other_kinds=frozenset(),
    )
    assert bool(problems) == (length > NOTE_LIMIT)


@given(intake_on=st.dates(OPENED, TODAY), offset=st.integers(-30, 30))
def test_a_review_is_not_dated_before_the_intake(intake_on: date, offset: int) -> None:
    review_on = intake_on + timedelta(days=offset)
    problems = validate_order(
        scored(AssessmentKind.REVIEW, review_on),
        [AssessmentRecord(AssessmentKind.INTAKE, intake_on)],
    )
    assert bool(problems) == (review_on < intake_on)


@big_inputs
@given(
    on=st.dates(OPENED, TODAY),
    score=st.integers(1, 5),
    note=texts().filter(lambda t: len(t) <= NOTE_LIMIT),
)
def test_a_valid_assessment_stays_valid_whatever_its_notes(on: date, score: int, note: str) -> None:
    assert (
        validate_assessment(
            scored(AssessmentKind.INTAKE, on, score),
            today=TODAY,
            opened_on=OPENED,
            other_kinds=frozenset(),
        )
        == []
    )
    problems = validate_assessment(
        scored(AssessmentKind.INTAKE, on, score, note),
        today=TODAY,
        opened_on=OPENED,
        other_kinds=frozenset(),
    )
    assert problems == []


# -- NRM records ----------------------------------------------------------------------------------


@big_inputs
@given(draft=nrm_drafts(marked(texts())), requests=tuples_of(reconsiderations(), max_size=3))
def test_any_nrm_record_gets_clear_problems_or_none(
    draft: NrmDraft, requests: tuple[ReconsiderationDraft, ...]
) -> None:
    problems = assert_deterministic(lambda: validate_nrm(NrmRecord(draft, requests), TODAY))
    assert_clear_problems(problems, NRM_FIELDS)


@big_inputs
@given(
    request=reconsiderations(),
    draft=nrm_drafts(),
    others=tuples_of(reconsiderations(), max_size=3),
)
def test_any_reconsideration_gets_clear_problems_or_none(
    request: ReconsiderationDraft, draft: NrmDraft, others: tuple[ReconsiderationDraft, ...]
) -> None:
    problems = assert_deterministic(lambda: validate_reconsideration(request, draft, others, TODAY))
    assert_clear_problems(problems, NRM_FIELDS)


def referral(on: date, **changes: object) -> NrmDraft:
    draft = NrmDraft(referred_on=on, consent_given=True, consent_on=on)
    return dataclasses.replace(draft, **changes)


@given(referred_on=dates())
def test_a_referral_is_not_dated_in_the_future(referred_on: date) -> None:
    problems = validate_nrm(NrmRecord(referral(referred_on)), TODAY)
    assert ("referred_on" in problem_fields(problems)) == (referred_on > TODAY)
    assert (problems == []) == (referred_on <= TODAY)


@given(rg_on=st.dates(date(2008, 1, 1), TODAY - timedelta(days=50)), offset=st.integers(-3, 3))
def test_a_conclusive_decision_waits_for_the_recovery_period(rg_on: date, offset: int) -> None:
    cg_on = recovery_period_end(rg_on) + timedelta(days=offset)
    draft = referral(
        rg_on - DAY,
        rg_decided_on=rg_on,
        rg_decision=NrmDecision.POSITIVE,
        cg_decided_on=cg_on,
        cg_decision=NrmDecision.POSITIVE,
    )
    problems = validate_nrm(NrmRecord(draft), TODAY)
    assert ("cg_decided_on" in problem_fields(problems)) == (offset < 0)


@given(
    rg_on=dates(),
    cg_on=dates(),
    outcome=st.sampled_from(NrmDecision),
)
def test_decision_dates_near_the_end_of_the_calendar_are_refused_not_a_crash(
    rg_on: date, cg_on: date, outcome: NrmDecision
) -> None:
    draft = referral(
        min(rg_on, TODAY),
        rg_decided_on=rg_on,
        rg_decision=NrmDecision.POSITIVE,
        cg_decided_on=cg_on,
        cg_decision=outcome,
    )
    problems = validate_nrm(NrmRecord(draft), TODAY)
    assert_clear_problems(problems, NRM_FIELDS)
    if rg_on > TODAY or cg_on > TODAY:
        assert problems


@given(
    field=st.sampled_from(("first_responder", "vcc_provider")),
    length=st.integers(MAX_TEXT - 2, MAX_TEXT + 2),
)
def test_nrm_names_are_at_most_200_characters(field: str, length: int) -> None:
    draft = referral(TODAY, **{field: "p" * length})
    problems = validate_nrm(NrmRecord(draft), TODAY)
    assert (field in problem_fields(problems)) == (length > MAX_TEXT)


def test_a_decision_on_the_last_day_of_the_calendar_is_refused_with_a_message() -> None:
    """Regression: an RG decision dated 31 December 9999 (a slip of the year) with a CG
    decision raised OverflowError (the recovery period's end is past the calendar's last day)
    instead of saying that the date is in the future."""
    draft = referral(
        TODAY,
        rg_decided_on=date.max,
        rg_decision=NrmDecision.POSITIVE,
        cg_decided_on=date.max,
        cg_decision=NrmDecision.POSITIVE,
    )
    problems = validate_nrm(NrmRecord(draft), TODAY)
    assert {"rg_decided_on", "cg_decided_on"} <= problem_fields(problems)
    assert_clear_problems(problems, NRM_FIELDS)
    # The same through a negative decision overturned "on" the last day of the calendar.
    overturned = ReconsiderationDraft(
        NrmDecisionKind.REASONABLE_GROUNDS,
        TODAY,
        ReconsiderationOutcome.OVERTURNED,
        date.max,
    )
    draft = referral(
        TODAY - 30 * DAY,
        rg_decided_on=TODAY - 20 * DAY,
        rg_decision=NrmDecision.NEGATIVE,
        cg_decided_on=TODAY,
        cg_decision=NrmDecision.POSITIVE,
    )
    problems = validate_nrm(NrmRecord(draft, (overturned,)), TODAY)
    assert "outcome_on" in problem_fields(problems)
    assert_clear_problems(problems, NRM_FIELDS)
