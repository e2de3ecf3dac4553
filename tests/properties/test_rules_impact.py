"""Properties of the programme's impact figures (models/rules/impact_metrics.py) over generated
facts: every share has its numerator within its denominator and lies in 0 to 100, every count
equals a count made by hand here, the records behind a figure agree with it, and a record
dated outside the period changes nothing."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

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

NAVIGATORS = ("nav.a", "nav.b")
FORCES = ("Essex Police", "Kent Police", "")
navigators = st.sampled_from(NAVIGATORS)
forces = st.sampled_from(FORCES)
small = st.integers(min_value=0, max_value=40)


# The edges of a financial year: two thirds of fact dates and period edges are one of these,
# so a case closed on a period's first day, or training held on its last, comes up often.
EDGES = (date(2026, 3, 31), date(2026, 4, 1), date(2027, 3, 31))
FIRST_DAY = date(2024, 1, 1)
edge_days = st.sampled_from(EDGES)
days = (
    edge_days
    | edge_days
    | st.integers(min_value=0, max_value=1826).map(lambda n: FIRST_DAY + timedelta(days=n))
)


@st.composite
def periods(draw: st.DrawFn) -> m.Period:
    """A period of a day to three years, narrowed to a navigator or a force now and then."""
    start = draw(days)
    end = draw(edge_days | st.integers(0, 1100).map(lambda n: start + timedelta(n)))
    start, end = min(start, end), max(start, end)
    return m.Period(
        start,
        end,
        navigator=draw(st.sampled_from((None, None, None, *NAVIGATORS))),
        police_force=draw(st.sampled_from((None, None, None, *FORCES))),
    )


# Some references point at no case at all (a dangling ID must be survived, not crash).
case_ids = st.integers(min_value=1, max_value=10)


def assessment(
    case_id: int, number: int, on: date, score: int | None, navigator: int, gap: object
) -> AssessmentDTO:
    """Survivor: every domain ``score`` (or none scored); navigator: every domain ``navigator``
    but ``gap`` (an incomplete assessment when there is a gap)."""
    return AssessmentDTO(
        id=case_id * 10 + number,
        case_id=case_id,
        kind=AssessmentKind.INTAKE if number == 0 else AssessmentKind.REVIEW,
        assessed_on=on,
        recorded_by="",
        version=1,
        scores=tuple(
            DomainScoreDTO(d, survivor_score=score, navigator_score=None if d is gap else navigator)
            for d in RecoveryDomain
        ),
    )


assessment_parts = st.lists(
    st.tuples(
        days,
        st.none() | st.integers(min_value=1, max_value=5),
        st.integers(min_value=1, max_value=5),
        st.none() | st.sampled_from(RecoveryDomain),
    ),
    max_size=3,
)
case_parts = st.tuples(
    days,
    st.none() | days,
    st.sampled_from(CaseKind),
    navigators,
    forces,
    st.lists(st.tuples(days, st.sampled_from(PoliceEngagement)), max_size=3).map(tuple),
    assessment_parts,
)


def case_fact(case_id: int, parts: tuple) -> m.CaseFact:  # type: ignore[type-arg]
    opened_on, closed, kind, owner, force, history, assessed = parts
    if closed is not None and closed < opened_on:
        opened_on, closed = closed, opened_on
    return m.CaseFact(
        id=case_id,
        reference=f"WP-2026-{case_id:04d}",
        kind=kind,
        owner=owner,
        police_force=force,
        opened_on=opened_on,
        closed_on=closed,
        engagement_history=history,
        assessments=tuple(
            AssessmentTotals.of(assessment(case_id, n, *a)) for n, a in enumerate(assessed)
        ),
    )


trained = st.integers(min_value=0, max_value=40).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(0, n))
)
event_kinds = st.sampled_from(
    [CourtEventKind.VERDICT, CourtEventKind.SENTENCING, CourtEventKind.PTPH]
)
impact_parts = st.tuples(
    st.lists(case_parts, max_size=8),
    st.lists(
        st.tuples(days, st.sampled_from(TrainingAudience), trained, forces, navigators), max_size=5
    ),
    st.lists(
        st.tuples(days, st.sampled_from(OperationLocation), small, small, forces, navigators),
        max_size=5,
    ),
    st.lists(st.tuples(days, case_ids, small, navigators), max_size=4),
    st.lists(st.tuples(days, case_ids, navigators), max_size=4),
    st.lists(st.tuples(case_ids, days, small), max_size=4),
    st.lists(
        st.tuples(
            st.sampled_from(DefendantOutcome),
            st.none() | st.integers(0, 300),
            st.lists(st.tuples(event_kinds, st.none() | days), max_size=3).map(tuple),
            st.lists(case_ids, min_size=1, max_size=2, unique=True).map(tuple),
        ),
        max_size=4,
    ),
)


def build_facts(parts: tuple) -> m.ImpactFacts:  # type: ignore[type-arg]
    cases, training, operations, advice, repatriations, family, defendants = parts
    ids = iter(range(1, 1000))
    return m.ImpactFacts(
        cases=tuple(case_fact(n, c) for n, c in enumerate(cases, start=1)),
        training=tuple(
            m.TrainingFact(next(ids), on, audience, "Org", n, improved, force, nav)
            for on, audience, (n, improved), force, nav in training
        ),
        operations=tuple(m.OperationFact(next(ids), *o[:2], "NCA", *o[2:]) for o in operations),
        advice=tuple(m.AdviceFact(next(ids), *a) for a in advice),
        repatriations=tuple(
            m.RepatriationFact(next(ids), on, "AL", "", case_id, nav)
            for on, case_id, nav in repatriations
        ),
        family=tuple(m.FamilyFact(next(ids), *f) for f in family),
        defendants=tuple(m.ConvictionFact(next(ids), "AB", *d) for d in defendants),
    )


def impact_facts() -> st.SearchStrategy[m.ImpactFacts]:
    return impact_parts.map(build_facts)


# A whole programme's facts take ~30 ms an example to generate: fewer examples keep these
# properties near a second each.
FACTS_SETTINGS = settings(max_examples=30, phases=tuple(set(Phase) - {Phase.explain}))


def by_key(facts: m.ImpactFacts, period: m.Period) -> dict[str, m.ImpactFigureDTO]:
    return {f.key: f for f in m.figures(facts, period)}


@given(st.integers(min_value=-5, max_value=10_000), st.integers(min_value=-5, max_value=10_000))
def test_a_share_is_a_whole_percentage_rounded_half_up_or_none(
    numerator: int, denominator: int
) -> None:
    share = m.percentage(numerator, denominator)
    if denominator <= 0:
        assert share is None
        return
    assert share == math.floor(Fraction(100 * numerator, denominator) + Fraction(1, 2))
    if 0 <= numerator <= denominator:
        assert share is not None and 0 <= share <= 100


@FACTS_SETTINGS
@given(impact_facts(), periods())
def test_every_share_lies_within_its_denominator_and_every_count_matches_a_hand_count(
    facts: m.ImpactFacts, period: m.Period
) -> None:
    figures = by_key(facts, period)
    assert tuple(figures) == m.KEYS
    for figure in figures.values():
        assert figure.label and figure.rule
        if figure.is_share:
            assert figure.numerator is not None and figure.denominator is not None
            assert 0 <= figure.numerator <= figure.denominator
            assert (figure.value is None) == (figure.denominator == 0)
            assert figure.value is None or 0 <= figure.value <= 100
        else:
            assert (
                figure.value == figure.numerator and figure.value is not None and figure.value >= 0
            )

    def allowed(nav: str, force: str) -> bool:
        return (period.navigator in (None, nav)) and (period.police_force in (None, force))

    def inside(day: date) -> bool:
        return period.start <= day <= period.end

    open_cases = [
        c
        for c in facts.cases
        if c.opened_on <= period.end
        and (c.closed_on is None or c.closed_on >= period.start)
        and allowed(c.owner, c.police_force)
    ]
    ops = [
        o for o in facts.operations if inside(o.held_on) and allowed(o.navigator, o.police_force)
    ]
    sessions = [
        t for t in facts.training if inside(t.held_on) and allowed(t.navigator, t.police_force)
    ]
    force_of = {c.id: c.police_force for c in facts.cases}
    given_advice = [
        a
        for a in facts.advice
        if inside(a.given_on) and allowed(a.navigator, force_of.get(a.case_id, ""))
    ]
    police = TrainingAudience.POLICE_LAW_ENFORCEMENT
    assert figures["support_plan_cases"].value == sum(
        c.kind is CaseKind.SUPPORT_PLAN for c in open_cases
    )
    assert figures["strategic_advice_cases"].value == sum(
        c.kind is CaseKind.STRATEGIC_ADVICE for c in open_cases
    )
    assert figures["operations"].value == len(ops)
    assert figures["potential_victims_identified"].value == sum(
        o.potential_victims_identified for o in ops
    )
    assert figures["suspects_arrested"].value == sum(o.arrests for o in ops) + sum(
        a.arrests for a in given_advice
    )
    assert figures["training_sessions"].value == len(sessions)
    assert figures["trained_police"].value == sum(
        t.number_trained for t in sessions if t.audience is police
    )
    assert figures["trained_other"].value == sum(
        t.number_trained for t in sessions if t.audience is not police
    )
    assert figures["strategic_advice_given"].value == len(given_advice)
    counted_ids = {c.id for c in open_cases}
    assert figures["family_members_supported"].value == sum(
        f.count for f in facts.family if f.case_id in counted_ids and f.supported_from <= period.end
    )
    support = [c for c in open_cases if c.kind is CaseKind.SUPPORT_PLAN]
    told = [[v for on, v in c.engagement_history if on <= period.end] for c in support]
    asked = [t for t in told if set(t) - {PoliceEngagement.NOT_YET_ASKED}]
    engagement = figures["police_engagement_share"]
    assert engagement.denominator == len(asked)
    assert engagement.numerator == sum(PoliceEngagement.ENGAGED in t for t in asked)


@FACTS_SETTINGS
@given(impact_facts(), periods())
def test_the_records_behind_a_figure_agree_with_it(facts: m.ImpactFacts, period: m.Period) -> None:
    figures = by_key(facts, period)
    for key in m.KEYS:
        found = m.records(facts, period, key)
        assert [(r.on or date.min, r.reference) for r in found] == sorted(
            (r.on or date.min, r.reference) for r in found
        )
        figure = figures[key]
        if figure.is_share and key != "improved_knowledge_share":
            assert len(found) == figure.denominator
            positive = sum(r.detail in ("engaged", "improved") for r in found)
            assert positive == figure.numerator
        elif key in {
            "support_plan_cases",
            "strategic_advice_cases",
            "repatriations",
            "strategic_advice_given",
            "operations",
            "training_sessions",
            "convictions",
        }:
            assert len(found) == figure.value
    parts = {b.key: sum(n for _label, n in b.parts) for b in m.breakdowns(facts, period)}
    assert parts["operations_by_location"] == figures["operations"].value
    assert (
        parts["training_by_audience"]
        == figures["trained_police"].value + figures["trained_other"].value
    )
    assert (
        parts["cases_by_kind"]
        == figures["support_plan_cases"].value + figures["strategic_advice_cases"].value
    )


@FACTS_SETTINGS
@given(impact_facts(), periods(), st.integers(min_value=1, max_value=500), st.booleans())
def test_a_record_dated_outside_the_period_changes_nothing(
    facts: m.ImpactFacts, period: m.Period, days_away: int, before: bool
) -> None:
    away = (
        period.start - timedelta(days=days_away)
        if before
        else period.end + timedelta(days=days_away)
    )
    new_case_id = len(facts.cases) + 100
    outside_case = m.CaseFact(
        id=new_case_id,
        reference="WP-2026-9999",
        kind=CaseKind.SUPPORT_PLAN,
        owner=period.navigator or "nav.a",
        police_force=period.police_force or "",
        opened_on=away if not before else away - timedelta(days=30),
        closed_on=away if before else None,
        engagement_history=((away, PoliceEngagement.ENGAGED),),
    )
    nav, force = period.navigator or "nav.a", period.police_force or ""
    more = replace(
        facts,
        cases=(*facts.cases, outside_case),
        operations=(
            *facts.operations,
            m.OperationFact(990, away, OperationLocation.PORT, "", 7, 3, force, nav),
        ),
        training=(
            *facts.training,
            m.TrainingFact(
                991, away, TrainingAudience.POLICE_LAW_ENFORCEMENT, "", 9, 9, force, nav
            ),
        ),
        advice=(*facts.advice, m.AdviceFact(992, away, new_case_id, 2, nav)),
        repatriations=(
            *facts.repatriations,
            m.RepatriationFact(993, away, "VN", "", new_case_id, nav),
        ),
        family=(*facts.family, m.FamilyFact(994, new_case_id, away, 4)),
        defendants=(
            *facts.defendants,
            m.ConvictionFact(
                995,
                "CD",
                DefendantOutcome.CONVICTED,
                48,
                ((CourtEventKind.VERDICT, away),),
                (new_case_id,),
            ),
        ),
        case_by_id={},
    )
    assert m.figures(more, period) == m.figures(replace(facts, case_by_id={}), period)


@given(st.text(max_size=30).filter(lambda k: k not in m.LABELS))
def test_an_unknown_figure_is_refused_with_key_error(key: str) -> None:
    with pytest.raises(KeyError):
        m.records(m.ImpactFacts(), m.Period(date(2026, 4, 1), date(2027, 3, 31)), key)
