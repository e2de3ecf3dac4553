"""The impact figures' rules, at their boundaries (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from models.dto import AssessmentDTO, DomainScoreDTO
from models.enums import (
    AssessmentKind,
    CaseKind,
    CourtEventKind,
    DefendantOutcome,
    OperationLocation,
    PoliceEngagement,
    RecoveryDomain,
    TrainingAudience,
)
from models.rules import impact_metrics as m
from models.rules.recovery_change import AssessmentTotals

START, END = date(2026, 4, 1), date(2027, 3, 31)
PERIOD = m.Period(START, END)


def case(
    case_id: int = 1,
    opened: date = date(2026, 5, 1),
    closed: date | None = None,
    kind: CaseKind = CaseKind.SUPPORT_PLAN,
    history: tuple[tuple[date, PoliceEngagement], ...] = (),
    assessments: tuple[AssessmentDTO, ...] = (),
    owner: str = "nav.a",
    force: str = "Essex Police",
) -> m.CaseFact:
    return m.CaseFact(
        id=case_id,
        reference=f"WP-{case_id:04d}",
        kind=kind,
        owner=owner,
        police_force=force,
        opened_on=opened,
        closed_on=closed,
        engagement_history=history,
        assessments=tuple(AssessmentTotals.of(a) for a in assessments),
    )


def assessment(
    aid: int, on: date, survivor: int | None, navigator: int | None, intake: bool = False
) -> AssessmentDTO:
    return AssessmentDTO(
        id=aid,
        case_id=1,
        kind=AssessmentKind.INTAKE if intake else AssessmentKind.REVIEW,
        assessed_on=on,
        recorded_by="",
        version=1,
        scores=tuple(
            DomainScoreDTO(domain=d, survivor_score=survivor, navigator_score=navigator)
            for d in RecoveryDomain
        ),
    )


def figure(facts: m.ImpactFacts, key: str, period: m.Period = PERIOD) -> m.ImpactFigureDTO:
    return next(f for f in m.figures(facts, period) if f.key == key)


@pytest.mark.parametrize(
    ("opened", "closed", "counts"),
    [
        (date(2025, 1, 1), date(2026, 3, 31), False),  # closed the day before the start
        (date(2025, 1, 1), START, True),  # closed on the start day
        (END, None, True),  # opened on the end day
        (date(2027, 4, 1), None, False),  # opened the day after the end
        (date(2025, 1, 1), None, True),  # open throughout
    ],
)
def test_a_case_counts_when_open_at_any_time_in_the_period(
    opened: date, closed: date | None, counts: bool
) -> None:
    facts = m.ImpactFacts(
        cases=(
            case(1, opened, closed),
            case(2, opened, closed, kind=CaseKind.STRATEGIC_ADVICE),
        )
    )
    assert figure(facts, "support_plan_cases").value == int(counts)
    assert figure(facts, "strategic_advice_cases").value == int(counts)
    assert [r.case_id for r in m.records(facts, PERIOD, "support_plan_cases")] == (
        [1] if counts else []
    )


def test_narrowing_to_a_navigator_or_force_uses_case_owner_and_case_force() -> None:
    facts = m.ImpactFacts(
        cases=(case(1, owner="nav.a", force="Kent Police"), case(2, owner="nav.b"))
    )
    assert figure(facts, "support_plan_cases", m.Period(START, END, navigator="nav.b")).value == 1
    narrowed = m.Period(START, END, police_force="Kent Police")
    assert figure(facts, "support_plan_cases", narrowed).value == 1
    assert m.records(facts, narrowed, "support_plan_cases")[0].case_id == 1


def test_engagement_share_counts_engaged_at_any_time_up_to_the_end_over_those_asked() -> None:
    asked = PoliceEngagement.CONSIDERING
    engaged = PoliceEngagement.ENGAGED
    not_asked = PoliceEngagement.NOT_YET_ASKED
    facts = m.ImpactFacts(
        cases=(
            # Engaged then withdrew: engaged at some time, counts in the numerator.
            case(
                1,
                history=(
                    (date(2026, 5, 1), engaged),
                    (date(2026, 6, 1), PoliceEngagement.WITHDRAWN),
                ),
            ),
            # Engaged on the end day: counts.
            case(2, history=((date(2026, 5, 1), asked), (END, engaged))),
            # Engaged the day after the end: asked by then, but not engaged.
            case(3, history=((date(2026, 5, 1), asked), (date(2027, 4, 1), engaged))),
            # Never asked by the end: in neither.
            case(4, history=((date(2026, 5, 1), not_asked), (date(2027, 4, 1), engaged))),
            # A strategic advice case is not a survivor: in neither.
            case(5, kind=CaseKind.STRATEGIC_ADVICE, history=((date(2026, 5, 1), engaged),)),
        )
    )
    share = figure(facts, "police_engagement_share")
    assert (share.numerator, share.denominator, share.value, share.is_share) == (2, 3, 67, True)
    assert "engaged at any time" in share.rule
    assert [r.case_id for r in m.records(facts, PERIOD, "police_engagement_share")] == [1, 2, 3]


def test_the_evaluations_engagement_figure_is_86_percent() -> None:
    cases = tuple(
        case(
            i,
            history=(
                (
                    date(2026, 5, 1),
                    PoliceEngagement.ENGAGED if i <= 50 else PoliceEngagement.DECLINED,
                ),
            ),
        )
        for i in range(1, 59)
    )
    share = figure(m.ImpactFacts(cases=cases), "police_engagement_share")
    assert (share.numerator, share.denominator, share.value) == (50, 58, 86)


def test_recovery_improved_uses_assessments_up_to_the_period_end_only() -> None:
    intake = assessment(1, date(2026, 5, 1), 2, 3, intake=True)
    improved = case(
        1, assessments=(intake, assessment(2, END, 3, 3))
    )  # survivor up, navigator equal
    later = case(2, assessments=(intake, assessment(3, date(2027, 4, 1), 5, 5)))  # after the end
    no_intake = case(3, assessments=(assessment(4, date(2026, 6, 1), 5, 5),))
    partial = case(4, assessments=(intake, assessment(5, date(2026, 9, 1), None, 4)))
    worse = case(5, assessments=(intake, assessment(6, date(2026, 9, 1), 1, 4)))
    facts = m.ImpactFacts(cases=(improved, later, no_intake, partial, worse))
    survivor = figure(facts, "recovery_improved_survivor_share")
    navigator = figure(facts, "recovery_improved_navigator_share")
    # Survivor: case 1 improved, case 5 worse; 2, 3 unknown, 4 incomplete for the survivor.
    assert (survivor.numerator, survivor.denominator, survivor.value) == (1, 2, 50)
    # Navigator: case 1 equal (not improved), case 4 and 5 up.
    assert (navigator.numerator, navigator.denominator, navigator.value) == (2, 3, 67)


@pytest.mark.parametrize(
    ("improved", "trained", "value"),
    [(1, 8, 13), (1, 200, 1), (1, 201, 0), (89, 100, 89), (0, 5, 0), (5, 5, 100)],
)
def test_training_share_rounds_half_up(improved: int, trained: int, value: int) -> None:
    # 1/8 = 12.5% -> 13; 1/200 = 0.5% -> 1; 1/201 = 0.497% -> 0.
    session = m.TrainingFact(
        1, START, TrainingAudience.OTHER_STAKEHOLDERS, "NHS", trained, improved, "", "nav.a"
    )
    share = figure(m.ImpactFacts(training=(session,)), "improved_knowledge_share")
    assert (share.value, share.numerator, share.denominator) == (value, improved, trained)


def test_a_share_with_no_denominator_is_none_not_zero() -> None:
    assert figure(m.ImpactFacts(), "improved_knowledge_share").value is None
    assert figure(m.ImpactFacts(), "police_engagement_share").value is None
    assert m.percentage(1, 3) == 33 and m.percentage(1, 2) == 50 and m.percentage(2, 3) == 67


def test_training_and_operations_count_on_their_dates_by_audience_and_location() -> None:
    police = TrainingAudience.POLICE_LAW_ENFORCEMENT
    other = TrainingAudience.OTHER_STAKEHOLDERS
    training = (
        m.TrainingFact(1, START, police, "", 30, 20, "", "nav.a"),
        m.TrainingFact(2, END, other, "", 10, 10, "", "nav.a"),
        m.TrainingFact(3, date(2026, 3, 31), police, "", 99, 0, "", "nav.a"),  # before
    )
    operations = (
        m.OperationFact(1, START, OperationLocation.PORT, "Border Force", 3, 2, "", "nav.a"),
        m.OperationFact(2, END, OperationLocation.NAIL_BAR, "", 1, 0, "", "nav.a"),
        m.OperationFact(3, date(2027, 4, 1), OperationLocation.PORT, "", 9, 9, "", "nav.a"),
    )
    advice = (m.AdviceFact(1, END, 7, 4, "nav.a"), m.AdviceFact(2, date(2027, 4, 1), 7, 5, "nav.a"))
    facts = m.ImpactFacts(training=training, operations=operations, advice=advice)
    values = {f.key: f.value for f in m.figures(facts, PERIOD)}
    assert values["trained_police"] == 30 and values["trained_other"] == 10
    assert values["training_sessions"] == 2
    assert values["operations"] == 2 and values["potential_victims_identified"] == 4
    assert values["suspects_arrested"] == 2 + 4
    assert values["strategic_advice_given"] == 1
    parts = {b.key: dict(b.parts) for b in m.breakdowns(facts, PERIOD)}
    assert parts["operations_by_location"]["Port"] == 1
    assert parts["operations_by_location"]["Nail bar"] == 1
    assert parts["training_by_audience"] == {
        "Police and law enforcement": 30,
        "Other stakeholders": 10,
    }


def test_convictions_and_sentence_months_by_verdict_date_on_counted_cases() -> None:
    verdict, sentencing = CourtEventKind.VERDICT, CourtEventKind.SENTENCING
    convicted = DefendantOutcome.CONVICTED

    def defendant(
        did: int,
        events: tuple[tuple[CourtEventKind, date | None], ...],
        months: int | None = 30,
        outcome: DefendantOutcome = convicted,
        cases: tuple[int, ...] = (1,),
    ) -> m.ConvictionFact:
        return m.ConvictionFact(did, f"D{did}", outcome, months, events, cases)

    defendants = (
        defendant(1, ((verdict, END),), months=54),  # verdict on the end day: counts
        defendant(2, ((verdict, date(2027, 4, 1)), (sentencing, END))),  # verdict after: no
        defendant(3, ((verdict, None), (sentencing, START)), months=18),  # no verdict date
        defendant(4, ((verdict, START),), outcome=DefendantOutcome.ACQUITTED),
        defendant(5, ((verdict, START),), cases=(2,)),  # case 2 closed before the period
        defendant(6, ()),  # nothing happened yet
    )
    facts = m.ImpactFacts(
        cases=(case(1), case(2, date(2025, 1, 1), date(2026, 3, 31))), defendants=defendants
    )
    assert figure(facts, "convictions").value == 2
    assert figure(facts, "sentence_months").value == 54 + 18
    assert [r.detail for r in m.records(facts, PERIOD, "sentence_months")] == [
        "defendant D3: 18 months",
        "defendant D1: 54 months",
    ]


def test_family_members_on_cases_open_in_the_period_supported_by_its_end() -> None:
    facts = m.ImpactFacts(
        cases=(case(1), case(2, date(2025, 1, 1), date(2026, 3, 31))),
        family=(
            m.FamilyFact(1, 1, END, 2),
            m.FamilyFact(2, 1, date(2027, 4, 1), 5),  # after the end
            m.FamilyFact(3, 2, date(2025, 2, 1), 3),  # case closed before the period
        ),
    )
    assert figure(facts, "family_members_supported").value == 2


def test_every_figure_has_a_label_and_a_rule_and_unknown_keys_are_refused() -> None:
    found = m.figures(m.ImpactFacts(), PERIOD)
    assert [f.key for f in found] == list(m.KEYS)
    assert all(f.rule.endswith(".") and f.label for f in found)
    assert {f.key for f in found if f.is_share} == m.SHARE_KEYS
    with pytest.raises(KeyError):
        m.records(m.ImpactFacts(), PERIOD, "nonsense")
