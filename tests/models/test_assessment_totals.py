"""Each assessment's overall scores, kept by the database (migration 0009), always equal the
rule's own sum of its six domain scores: after recording, after a correction, after a score
row is removed behind the services' back, and for assessments that existed before 0009.

The impact report reads these totals instead of 1.9 million score rows, so a total that
drifted from its scores would silently change the programme's "recovery improved" share."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from models.dto import AssessmentDraft, DomainScoreDTO
from models.enums import AssessmentKind, Perspective, RecoveryDomain
from models.migrations import runner
from models.rules.recovery_change import overall_score
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import Store, open_store
from tests.models.conftest import support_case

TODAY = date(2026, 11, 26)
OPENED = date(2026, 3, 2)

score = st.none() | st.integers(min_value=1, max_value=5)
# Mostly complete assessments (the interesting totals), sometimes one with gaps.
scores = st.one_of(
    st.tuples(*[st.integers(min_value=1, max_value=5)] * 6),
    st.tuples(*[score] * 6),
)


def draft(survivor: tuple[int | None, ...], navigator: tuple[int | None, ...]) -> AssessmentDraft:
    return AssessmentDraft(
        AssessmentKind.INTAKE,
        OPENED,
        tuple(
            DomainScoreDTO(domain, survivor_score=s, navigator_score=n)
            for domain, s, n in zip(RecoveryDomain, survivor, navigator, strict=True)
        ),
    )


def stored_totals(store: Store, assessment_id: int) -> tuple[int | None, int | None]:
    with store.read_session() as session:
        row = session.execute(
            text("SELECT survivor_overall, navigator_overall FROM assessment WHERE id = :id"),
            {"id": assessment_id},
        ).one()
    return row[0], row[1]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Services]]:
    folder = tmp_path_factory.mktemp("totals")
    store = open_store(folder / "waypost.db", os.urandom(32), create=True)
    yield store, Services(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY))
    store.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.tuples(scores, scores), correction=st.tuples(scores, scores))
def test_totals_follow_the_scores_through_recording_and_correction(
    world: tuple[Store, Services],
    first: tuple[tuple[int | None, ...], tuple[int | None, ...]],
    correction: tuple[tuple[int | None, ...], tuple[int | None, ...]],
) -> None:
    store, services = world
    case_id = services.create_case(support_case(opened=OPENED)).id  # each its own intake
    saved = services.record_assessment(case_id, draft(*first))
    assert stored_totals(store, saved.id) == (
        overall_score(saved, Perspective.SURVIVOR),
        overall_score(saved, Perspective.NAVIGATOR),
    )
    corrected = services.update_assessment(saved.id, saved.version, draft(*correction))
    assert stored_totals(store, saved.id) == (
        overall_score(corrected, Perspective.SURVIVOR),
        overall_score(corrected, Perspective.NAVIGATOR),
    )


def test_a_complete_assessment_loses_its_totals_when_a_score_row_goes(
    world: tuple[Store, Services],
) -> None:
    store, services = world
    case_id = services.create_case(support_case(opened=OPENED)).id  # each its own intake
    saved = services.record_assessment(case_id, draft((5, 4, 3, 2, 1, 5), (1, 1, 1, 1, 1, 2)))
    assert stored_totals(store, saved.id) == (20, 7)
    with store.session() as session:
        session.execute(
            text("DELETE FROM assessment_score WHERE assessment_id = :id AND domain = :domain"),
            {"id": saved.id, "domain": RecoveryDomain.SAFETY.value},
        )
    # Five domains left: no overall score, rather than one that looks worse than it is.
    assert stored_totals(store, saved.id) == (None, None)


def test_migration_0009_fills_in_the_totals_of_existing_assessments(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "waypost.db"
    old = open_store(path, key, create=True, migrate=False)
    try:
        runner.upgrade(old.engine, "0008")
        ctx = ServiceContext(store=old, user="navigator.one", today=lambda: TODAY)
        case_id = Services(ctx).create_case(support_case(opened=OPENED)).id
        # Assessments as 0008 stored them: score rows only, no totals.
        with old.session() as session:
            for assessment_id, survivor, navigator in (
                (1, (2, 3, 1, 2, 4, 1), (3, 3, 2, 2, 3, 1)),
                (2, (5, 5, 5, 5, 5, None), (4, 4, 4, 4, 4, 4)),
            ):
                session.execute(
                    text(
                        "INSERT INTO assessment (id, case_id, kind, assessed_on, recorded_by, "
                        "version, created_at, updated_at) VALUES (:id, :case_id, 'review', "
                        "'2026-07-01', 'n', 1, '2026-07-01 10:00:00', '2026-07-01 10:00:00')"
                    ),
                    {"id": assessment_id, "case_id": case_id},
                )
                for domain, s, n in zip(RecoveryDomain, survivor, navigator, strict=True):
                    session.execute(
                        text(
                            "INSERT INTO assessment_score (assessment_id, domain, survivor_score, "
                            "navigator_score, survivor_note, navigator_note, goal) "
                            "VALUES (:a, :d, :s, :n, '', '', '')"
                        ),
                        {"a": assessment_id, "d": domain.value, "s": s, "n": n},
                    )
    finally:
        old.close()

    store = open_store(path, key)
    try:
        assert runner.current_revision(store.engine) == runner.head_revision()
        assert stored_totals(store, 1) == (13, 14)
        assert stored_totals(store, 2) == (None, 24)
    finally:
        store.close()
