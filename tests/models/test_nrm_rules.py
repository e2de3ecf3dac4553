"""The NRM rules as pure functions: the recovery period before and after 13 December 2022, the
stage a referral is at, the dates the Agenda shows, and what validation refuses."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from models.dto import NrmDeadlineDTO, NrmDraft, ReconsiderationDraft
from models.enums import (
    NrmDeadlineKind,
    NrmDecision,
    NrmDecisionKind,
    NrmStage,
    ReconsiderationOutcome,
)
from models.errors import FieldProblem
from models.rules import nrm_deadlines as rules
from models.rules.nrm_deadlines import NrmRecord, NrmRule
from models.rules.nrm_validation import validate_nrm, validate_reconsideration

TODAY = date(2026, 11, 25)
RG = NrmDecisionKind.REASONABLE_GROUNDS
CG = NrmDecisionKind.CONCLUSIVE_GROUNDS
POSITIVE, NEGATIVE = NrmDecision.POSITIVE, NrmDecision.NEGATIVE


def draft(**changes: Any) -> NrmDraft:
    base = NrmDraft(
        referred_on=date(2026, 9, 1),
        first_responder="Kent Police",
        consent_given=True,
        consent_on=date(2026, 9, 1),
    )
    return dataclasses.replace(base, **changes)


def record(*requests: ReconsiderationDraft, **changes: Any) -> NrmRecord:
    return NrmRecord(draft(**changes), tuple(requests))


def fields(problems: Sequence[FieldProblem]) -> list[str]:
    return [p.field for p in problems]


# --- The recovery period: rules stored with the date each took effect -------------------------


def test_an_rg_decision_on_12_december_2022_has_a_45_day_recovery_period() -> None:
    assert rules.recovery_period_days(date(2022, 12, 12)) == 45
    assert rules.recovery_period_end(date(2022, 12, 12)) == date(2023, 1, 26)


def test_an_rg_decision_on_13_december_2022_has_a_30_day_recovery_period() -> None:
    assert rules.recovery_period_days(date(2022, 12, 13)) == 30
    assert rules.recovery_period_end(date(2022, 12, 13)) == date(2023, 1, 12)


def test_the_rules_are_data_with_the_date_each_took_effect() -> None:
    assert (
        NrmRule(date(2009, 4, 1), 45),
        NrmRule(date(2022, 12, 13), 30),
    ) == rules.NRM_RULES
    # Before the NRM began, the first rule stands rather than nothing.
    assert rules.recovery_period_days(date(2008, 6, 1)) == 45


def test_a_new_rule_leaves_older_cases_with_the_rules_of_their_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rules, "NRM_RULES", (*rules.NRM_RULES, NrmRule(date(2027, 1, 1), 40)))
    assert rules.recovery_period_days(date(2026, 12, 31)) == 30
    assert rules.recovery_period_days(date(2027, 1, 1)) == 40
    assert rules.recovery_period_days(date(2022, 12, 12)) == 45


# --- The stage ----------------------------------------------------------------------------------


def test_a_referral_without_a_decision_awaits_the_rg_decision() -> None:
    assert rules.nrm_stage(record(), TODAY) is NrmStage.AWAITING_RG


def test_the_recovery_period_runs_until_its_last_day_then_the_cg_is_awaited() -> None:
    positive = record(rg_decided_on=date(2026, 10, 1), rg_decision=POSITIVE)
    end = date(2026, 10, 31)
    assert rules.nrm_stage(positive, end - timedelta(days=1)) is NrmStage.RECOVERY_PERIOD
    assert rules.nrm_stage(positive, end) is NrmStage.AWAITING_CG


def test_the_stage_follows_the_decisions() -> None:
    rg = {"rg_decided_on": date(2026, 9, 5)}
    assert rules.nrm_stage(record(**rg, rg_decision=NEGATIVE), TODAY) is (
        NrmStage.NEGATIVE_DECISION
    )
    cg = {**rg, "rg_decision": POSITIVE, "cg_decided_on": date(2026, 11, 1)}
    assert rules.nrm_stage(record(**cg, cg_decision=POSITIVE), TODAY) is NrmStage.CG_POSITIVE
    assert rules.nrm_stage(record(**cg, cg_decision=NEGATIVE), TODAY) is (
        NrmStage.NEGATIVE_DECISION
    )


def test_a_pending_reconsideration_comes_before_the_decision_it_challenges() -> None:
    request = ReconsiderationDraft(RG, date(2026, 9, 10))
    negative = record(request, rg_decided_on=date(2026, 9, 5), rg_decision=NEGATIVE)
    assert rules.nrm_stage(negative, TODAY) is NrmStage.RECONSIDERATION_PENDING


def test_an_overturned_rg_starts_the_recovery_period_on_the_day_it_was_overturned() -> None:
    request = ReconsiderationDraft(
        RG, date(2026, 9, 10), ReconsiderationOutcome.OVERTURNED, date(2026, 11, 2)
    )
    overturned = record(request, rg_decided_on=date(2026, 9, 5), rg_decision=NEGATIVE)
    assert rules.positive_rg_on(overturned) == date(2026, 11, 2)
    assert rules.nrm_stage(overturned, TODAY) is NrmStage.RECOVERY_PERIOD
    assert rules.nrm_deadlines(overturned, TODAY) == [
        NrmDeadlineDTO(NrmDeadlineKind.RECOVERY_PERIOD_ENDS, date(2026, 12, 2))
    ]
    upheld = record(
        dataclasses.replace(request, outcome=ReconsiderationOutcome.UPHELD),
        rg_decided_on=date(2026, 9, 5),
        rg_decision=NEGATIVE,
    )
    assert rules.nrm_stage(upheld, TODAY) is NrmStage.NEGATIVE_DECISION
    assert rules.nrm_deadlines(upheld, TODAY) == []


# --- Dates for the Agenda -----------------------------------------------------------------------


def test_the_recovery_period_end_is_a_date_until_it_has_passed() -> None:
    positive = record(rg_decided_on=date(2026, 11, 1), rg_decision=POSITIVE)
    end = date(2026, 12, 1)
    expected = [NrmDeadlineDTO(NrmDeadlineKind.RECOVERY_PERIOD_ENDS, end)]
    assert rules.nrm_deadlines(positive, TODAY) == expected
    assert rules.nrm_deadlines(positive, end) == expected
    assert rules.nrm_deadlines(positive, end + timedelta(days=1)) == []


def test_no_date_without_a_positive_rg_or_once_the_cg_is_made() -> None:
    assert rules.nrm_deadlines(record(), TODAY) == []
    negative = record(rg_decided_on=date(2026, 11, 1), rg_decision=NEGATIVE)
    assert rules.nrm_deadlines(negative, TODAY) == []
    decided = record(
        rg_decided_on=date(2026, 10, 1),
        rg_decision=POSITIVE,
        cg_decided_on=date(2026, 11, 20),
        cg_decision=POSITIVE,
    )
    assert rules.nrm_deadlines(decided, date(2026, 10, 2)) == []


# --- Validation ---------------------------------------------------------------------------------


def test_a_complete_record_passes() -> None:
    complete = record(
        rg_decided_on=date(2026, 9, 5),
        rg_decision=POSITIVE,
        cg_decided_on=date(2026, 10, 5),
        cg_decision=POSITIVE,
        vcc_start=date(2026, 9, 6),
        vcc_provider="The Salvation Army",
    )
    assert validate_nrm(complete, TODAY) == []


def test_dates_in_the_future_are_refused() -> None:
    tomorrow = TODAY + timedelta(days=1)
    problems = validate_nrm(
        record(referred_on=tomorrow, consent_on=tomorrow, vcc_start=tomorrow), TODAY
    )
    assert fields(problems) == ["referred_on", "consent_on", "vcc_start"]
    assert "future" in problems[0].message


def test_an_adult_must_consent_and_a_child_need_not() -> None:
    unconsented = {"consent_given": False, "consent_on": None}
    problems = validate_nrm(record(**unconsented), TODAY)
    assert fields(problems) == ["consent_given"]
    assert "Duty to Notify" in problems[0].message
    assert validate_nrm(record(**unconsented, is_child_at_referral=True), TODAY) == []
    late = validate_nrm(record(consent_on=date(2026, 9, 2)), TODAY)
    assert fields(late) == ["consent_on"]
    assert fields(validate_nrm(record(consent_on=None), TODAY)) == ["consent_on"]


def test_a_decision_needs_its_date_and_its_outcome() -> None:
    assert fields(validate_nrm(record(rg_decided_on=date(2026, 9, 5)), TODAY)) == ["rg_decided_on"]
    assert fields(validate_nrm(record(rg_decision=POSITIVE), TODAY)) == ["rg_decided_on"]


def test_the_rg_cannot_be_before_the_referral_nor_the_cg_before_the_rg() -> None:
    early = validate_nrm(record(rg_decided_on=date(2026, 8, 31), rg_decision=POSITIVE), TODAY)
    assert fields(early) == ["rg_decided_on"]
    backwards = validate_nrm(
        record(
            rg_decided_on=date(2026, 9, 5),
            rg_decision=POSITIVE,
            cg_decided_on=date(2026, 9, 4),
            cg_decision=POSITIVE,
        ),
        TODAY,
    )
    assert fields(backwards) == ["cg_decided_on"]
    assert "before the Reasonable Grounds" in backwards[0].message


@pytest.mark.parametrize(
    ("rg_on", "last_day"),
    [(date(2022, 12, 12), date(2023, 1, 26)), (date(2022, 12, 13), date(2023, 1, 12))],
)
def test_the_cg_cannot_be_made_before_the_recovery_period_ends(rg_on: date, last_day: date) -> None:
    def cg_on(day: date) -> NrmRecord:
        return record(
            referred_on=rg_on,
            consent_on=rg_on,
            rg_decided_on=rg_on,
            rg_decision=POSITIVE,
            cg_decided_on=day,
            cg_decision=POSITIVE,
        )

    early = validate_nrm(cg_on(last_day - timedelta(days=1)), TODAY)
    assert fields(early) == ["cg_decided_on"]
    assert last_day.isoformat() in early[0].message
    assert validate_nrm(cg_on(last_day), TODAY) == []


def test_a_cg_needs_a_positive_rg() -> None:
    cg = {"cg_decided_on": date(2026, 11, 1), "cg_decision": POSITIVE}
    assert fields(validate_nrm(record(**cg), TODAY)) == ["cg_decided_on"]
    negative = validate_nrm(
        record(**cg, rg_decided_on=date(2026, 9, 5), rg_decision=NEGATIVE), TODAY
    )
    assert fields(negative) == ["cg_decided_on"]
    assert "positive" in negative[0].message


def test_support_ends_after_it_starts_and_starts_after_the_referral() -> None:
    problems = validate_nrm(record(vcc_start=date(2026, 8, 30), vcc_end=date(2026, 8, 29)), TODAY)
    assert fields(problems) == ["vcc_start", "vcc_end"]
    assert fields(validate_nrm(record(vcc_end=date(2026, 9, 2)), TODAY)) == ["vcc_end"]
    # A planned end may be ahead; ongoing support has no end.
    assert validate_nrm(record(vcc_start=date(2026, 9, 2), vcc_end=date(2027, 1, 1)), TODAY) == []


def test_only_a_negative_decision_on_record_is_reconsidered() -> None:
    request = ReconsiderationDraft(RG, date(2026, 9, 10))
    nothing = validate_reconsideration(request, draft(), [], TODAY)
    assert fields(nothing) == ["decision"]
    positive = draft(rg_decided_on=date(2026, 9, 5), rg_decision=POSITIVE)
    assert fields(validate_reconsideration(request, positive, [], TODAY)) == ["decision"]
    negative = draft(rg_decided_on=date(2026, 9, 5), rg_decision=NEGATIVE)
    assert validate_reconsideration(request, negative, [], TODAY) == []
    early = dataclasses.replace(request, requested_on=date(2026, 9, 4))
    assert fields(validate_reconsideration(early, negative, [], TODAY)) == ["requested_on"]


def test_one_pending_request_per_decision_and_an_outcome_has_its_date() -> None:
    negative = draft(rg_decided_on=date(2026, 9, 5), rg_decision=NEGATIVE)
    request = ReconsiderationDraft(RG, date(2026, 9, 10))
    assert fields(validate_reconsideration(request, negative, [request], TODAY)) == ["decision"]
    undated = dataclasses.replace(request, outcome=ReconsiderationOutcome.UPHELD)
    assert fields(validate_reconsideration(undated, negative, [], TODAY)) == ["outcome_on"]
    before = dataclasses.replace(undated, outcome_on=date(2026, 9, 9))
    assert fields(validate_reconsideration(before, negative, [], TODAY)) == ["outcome_on"]
    pending_dated = dataclasses.replace(request, outcome_on=date(2026, 9, 12))
    assert fields(validate_reconsideration(pending_dated, negative, [], TODAY)) == ["outcome_on"]


def test_a_saved_request_keeps_its_decision_from_being_changed_under_it() -> None:
    request = ReconsiderationDraft(RG, date(2026, 9, 10))
    now_positive = record(request, rg_decided_on=date(2026, 9, 5), rg_decision=POSITIVE)
    problems = validate_nrm(now_positive, TODAY)
    assert fields(problems) == ["decision"]
    assert "keep the original decision" in problems[0].message
