"""The impact report counts cases in SQL (models/services/impact_tallies.py) for speed; the
rules in models/rules/impact_metrics.py are the definition. Over a real demo vault, with awkward
histories added by hand, every period and filter gives the same figures both ways.

Awkward histories: two intakes on one day, a review dated before the intake, an incomplete
latest assessment, an assessment after the period, engagement that was withdrawn, was only
"not yet asked", or changed after the period ended."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from models.enums import PoliceEngagement, RecoveryDomain
from models.rules import impact_metrics as metrics
from models.services import impact_facts, impact_tallies
from models.services.context import ServiceContext
from models.services.demo import populate_demo
from models.services.facade import Services
from models.store import Store, open_store

TODAY = date(2026, 11, 26)


@dataclass(frozen=True)
class World:
    store: Store
    services: Services
    owners: tuple[str, ...]
    forces: tuple[str, ...]


def _add_assessment(
    store: Store, case_id: int, kind: str, on: date, survivor: tuple[int | None, ...]
) -> None:
    with store.session() as session:
        assessment_id = session.execute(
            text(
                "INSERT INTO assessment (case_id, kind, assessed_on, recorded_by, version, "
                "created_at, updated_at) VALUES (:c, :k, :on, 'n', 1, :at, :at) RETURNING id"
            ),
            {"c": case_id, "k": kind, "on": on.isoformat(), "at": f"{on.isoformat()} 10:00:00"},
        ).scalar_one()
        for domain, score in zip(RecoveryDomain, survivor, strict=True):
            session.execute(
                text(
                    "INSERT INTO assessment_score (assessment_id, domain, survivor_score, "
                    "navigator_score, survivor_note, navigator_note, goal) "
                    "VALUES (:a, :d, :s, 3, '', '', '')"
                ),
                {"a": assessment_id, "d": domain.value, "s": score},
            )


def _add_engagement(store: Store, case_id: int, on: date, value: PoliceEngagement) -> None:
    with store.session() as session:
        session.execute(
            text(
                "INSERT INTO engagement_change (case_id, engagement, effective_on, recorded_at, "
                "recorded_by) VALUES (:c, :v, :on, '2026-11-26 10:00:00', 'n')"
            ),
            {"c": case_id, "v": value.value, "on": on.isoformat()},
        )


def _fresh_support_case(store: Store, n: int) -> int:
    """A demo support plan case with no assessments and no engagement changes of its own."""
    with store.session() as session:
        case_id: int = session.execute(
            text(
                "SELECT id FROM \"case\" WHERE kind = 'support_plan' ORDER BY id LIMIT 1 OFFSET :n"
            ),
            {"n": n},
        ).scalar_one()
        session.execute(text("DELETE FROM assessment WHERE case_id = :c"), {"c": case_id})
        session.execute(text("DELETE FROM engagement_change WHERE case_id = :c"), {"c": case_id})
    return case_id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("tallies")
    store = open_store(folder / "waypost.db", os.urandom(32), create=True)
    ctx = ServiceContext(store=store, user="navigator.one", today=lambda: TODAY)
    populate_demo(ctx, 240, seed=11)
    complete = (3, 3, 3, 3, 3, 3)
    better = (4, 4, 4, 4, 4, 4)
    day = date(2025, 6, 2)
    # Two intakes on one day: the first by ID is the intake, the other counts as later.
    twins = _fresh_support_case(store, 0)
    _add_assessment(store, twins, "intake", day, complete)
    _add_assessment(store, twins, "intake", day, better)
    # A review before the intake is not "after" it; the improvement is measured from intake.
    early = _fresh_support_case(store, 1)
    _add_assessment(store, early, "review", day - timedelta(days=30), better)
    _add_assessment(store, early, "intake", day, complete)
    # The latest is incomplete: unknown, even though an earlier review improved.
    gap = _fresh_support_case(store, 2)
    _add_assessment(store, gap, "intake", day, complete)
    _add_assessment(store, gap, "review", day + timedelta(days=120), better)
    _add_assessment(store, gap, "review", day + timedelta(days=240), (5, 5, 5, 5, 5, None))
    # Engagement withdrawn only; "not yet asked" only; engaged only long after.
    for n, changes in enumerate(
        (
            [(day, PoliceEngagement.WITHDRAWN)],
            [(day, PoliceEngagement.NOT_YET_ASKED)],
            [(day, PoliceEngagement.DECLINED), (TODAY, PoliceEngagement.ENGAGED)],
        ),
        start=3,
    ):
        case_id = _fresh_support_case(store, n)
        for on, value in changes:
            _add_engagement(store, case_id, on, value)
    with store.read_session() as session:
        owners = tuple(session.execute(text('SELECT DISTINCT owner FROM "case"')).scalars())
        forces = tuple(session.execute(text('SELECT DISTINCT police_force FROM "case"')).scalars())
    yield World(store, Services(ctx), owners, forces)
    store.close()


days = st.dates(min_value=date(2023, 1, 1), max_value=TODAY)


def periods(world: World) -> st.SearchStrategy[metrics.Period]:
    return st.builds(
        lambda a, b, navigator, force: metrics.Period(min(a, b), max(a, b), navigator, force),
        days,
        days,
        st.none() | st.sampled_from((*world.owners, "someone.else")),
        st.none() | st.sampled_from(world.forces),
    )


def _both_ways(world: World, period: metrics.Period) -> tuple[object, object]:
    with world.store.read_session() as session:
        facts = impact_facts.load_facts(session, period)
        spec = metrics.case_tallies(facts, period)
        named = frozenset(spec.counted_ids)
        fast = impact_tallies.case_tallies(session, period, named)
    return fast, spec


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_sql_tallies_equal_the_rules_for_any_period_and_filter(
    world: World, data: st.DataObject
) -> None:
    period = data.draw(periods(world))
    fast, spec = _both_ways(world, period)
    assert fast == spec


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_report_equals_the_figures_the_rules_give_from_every_fact(
    world: World, data: st.DataObject
) -> None:
    period = data.draw(periods(world))
    report = world.services.impact_report(
        period.start, period.end, period.navigator, period.police_force
    )
    with world.store.read_session() as session:
        facts = impact_facts.load_facts(session, period)
    assert report.figures == metrics.figures(facts, period)
    assert report.breakdowns == metrics.breakdowns(facts, period)


def test_the_awkward_histories_are_counted_as_the_rules_say(world: World) -> None:
    """The whole life of the vault: the hand-made cases are in it, so their rules are met."""
    period = metrics.Period(date(2000, 1, 1), TODAY)
    fast, spec = _both_ways(world, period)
    assert fast == spec
    assert isinstance(fast, metrics.CaseTallies)
    engaged, asked = fast.engagement
    assert 0 < engaged < asked  # withdrawn and declined count as asked, not engaged
