"""Invalid recovery assessments, NRM records, support plans and activity records are refused
with a clear message, and the vault is left exactly as it was (no row, no audit entry)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from models.dto import (
    AssessmentDraft,
    FamilySupportDraft,
    NrmDraft,
    PlanDraftDTO,
    ReconsiderationDraft,
    RepatriationDraft,
    StrategicAdviceDraft,
)
from models.enums import AssessmentKind, PlanStatus
from models.errors import FieldProblem, ValidationError
from models.rules.activity_validation import (
    validate_family_support,
    validate_operation,
    validate_repatriation,
    validate_strategic_advice,
    validate_training,
)
from models.rules.assessment_schedule import AssessmentRecord
from models.rules.assessment_validation import validate_assessment, validate_order
from models.rules.nrm_deadlines import NrmRecord
from models.rules.nrm_validation import validate_nrm, validate_reconsideration
from models.rules.plan_validation import validate_agreement, validate_draft, validate_review
from tests.properties.services_refuse_shared import (
    OPENED,
    PLAN_AGREED_ON,
    World,
    assert_refused,
    open_world,
)
from tests.properties.validators_drafts import (
    advice_drafts,
    assessment_drafts,
    family_drafts,
    nrm_drafts,
    operation_drafts,
    plan_drafts,
    reconsiderations,
    repatriation_drafts,
    training_drafts,
)
from tests.properties.validators_shared import TODAY, dates, marked, texts

service_examples = settings(max_examples=25)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from open_world(tmp_path_factory)


# -- Recovery assessments -------------------------------------------------------------------------


@service_examples
@given(draft=assessment_drafts(), editing=st.booleans())
def test_an_invalid_assessment_is_refused_and_changes_nothing(
    world: World, draft: AssessmentDraft, editing: bool
) -> None:
    # The case's only assessment is its intake: a new one is checked against it, an edit of it
    # against nothing.
    others = [] if editing else [AssessmentRecord(AssessmentKind.INTAKE, date(2026, 3, 10))]
    problems = validate_assessment(
        draft, today=TODAY, opened_on=OPENED, other_kinds=frozenset(o.kind for o in others)
    )
    assume(problems or validate_order(draft, others))
    services, saved = world.services, world.assessment
    call: Callable[[], object] = (
        (lambda: services.update_assessment(saved.id, saved.version, draft))
        if editing
        else (lambda: services.record_assessment(world.support.id, draft))
    )
    assert_refused(world.store, call, ValidationError)


@settings(max_examples=10)  # refused whatever the draft: a few examples say so
@given(draft=assessment_drafts())
def test_no_assessment_is_recorded_on_a_case_without_a_survivor(
    world: World, draft: AssessmentDraft
) -> None:
    assert_refused(
        world.store,
        lambda: world.services.record_assessment(world.advice.id, draft),
        ValidationError,
    )


# -- NRM ------------------------------------------------------------------------------------------


def _collapsed(draft: NrmDraft) -> NrmDraft:
    """The draft as the service checks it: names with their runs of spaces collapsed."""
    return dataclasses.replace(
        draft,
        first_responder=" ".join(draft.first_responder.split()),
        vcc_provider=" ".join(draft.vcc_provider.split()),
    )


@service_examples
@given(draft=nrm_drafts(marked(texts()) | texts()))
def test_an_invalid_nrm_record_is_refused_and_changes_nothing(
    world: World, draft: NrmDraft
) -> None:
    saved = world.services.nrm(world.support.id)
    assert saved is not None
    requests = tuple(r.draft for r in saved.reconsiderations)
    assume(validate_nrm(NrmRecord(_collapsed(draft), requests), TODAY))
    assert_refused(
        world.store,
        lambda: world.services.save_nrm(world.support.id, draft, saved.version),
        ValidationError,
    )


@settings(max_examples=10)  # refused whatever the draft: a few examples say so
@given(draft=nrm_drafts())
def test_no_nrm_record_is_kept_for_a_case_without_a_survivor(world: World, draft: NrmDraft) -> None:
    assert_refused(
        world.store, lambda: world.services.save_nrm(world.advice.id, draft), ValidationError
    )


@service_examples
@given(request=reconsiderations(), editing=st.booleans())
def test_an_invalid_reconsideration_is_refused_and_changes_nothing(
    world: World, request: ReconsiderationDraft, editing: bool
) -> None:
    saved = world.services.nrm(world.support.id)
    assert saved is not None
    pending = saved.reconsiderations[0]
    others = [] if editing else [pending.draft]
    assume(validate_reconsideration(request, saved.draft, others, TODAY))
    services = world.services
    call: Callable[[], object] = (
        (lambda: services.update_reconsideration(pending.id, pending.version, request))
        if editing
        else (lambda: services.add_reconsideration(saved.id, request))
    )
    assert_refused(world.store, call, ValidationError)


# -- Support plans --------------------------------------------------------------------------------


@service_examples
@given(content=plan_drafts(marked(texts()) | texts()))
def test_an_invalid_plan_draft_is_refused_and_changes_nothing(
    world: World, content: PlanDraftDTO
) -> None:
    assume(validate_draft(content))
    draft = world.plan_draft
    assert_refused(
        world.store,
        lambda: world.services.save_plan_draft(draft.id, draft.version, content),
        ValidationError,
    )


@service_examples
@given(agreed_on=dates(), by_survivor=st.booleans())
def test_an_invalid_agreement_is_refused_and_changes_nothing(
    world: World, agreed_on: date, by_survivor: bool
) -> None:
    draft = world.plan_draft
    assume(validate_agreement(draft.content, agreed_on, by_survivor, TODAY, PLAN_AGREED_ON))
    assert_refused(
        world.store,
        lambda: world.services.agree_plan(draft.id, draft.version, agreed_on, by_survivor),
        ValidationError,
    )


@service_examples
@given(reviewed_on=dates(), on_the_draft=st.booleans())
def test_an_invalid_review_is_refused_and_changes_nothing(
    world: World, reviewed_on: date, on_the_draft: bool
) -> None:
    version = world.plan_draft if on_the_draft else world.plan_agreed
    status = PlanStatus.DRAFTED if on_the_draft else PlanStatus.AGREED
    assume(validate_review(status, version.agreed_on, None, reviewed_on, TODAY))
    assert_refused(
        world.store,
        lambda: world.services.mark_plan_reviewed(version.id, version.version, reviewed_on),
        ValidationError,
    )


# -- Activity records -----------------------------------------------------------------------------


def _activity_call(world: World, which: str, draft: Any, editing: bool) -> Callable[[], object]:
    s = world.services
    saved = {
        "operation": world.operation,
        "training": world.training,
        "advice": world.advice_given,
        "repatriation": world.repatriation,
        "family": world.family,
    }[which]
    ids = (saved.id, saved.version) if editing else (None, None)
    calls: dict[str, Callable[[], object]] = {
        "operation": lambda: s.record_operation(draft, *ids),
        "training": lambda: s.record_training(draft, *ids),
        "advice": lambda: s.record_strategic_advice(world.advice.id, draft, *ids),
        "repatriation": lambda: s.record_repatriation(world.support.id, draft, *ids),
        "family": lambda: s.record_family_support(world.support.id, draft, *ids),
    }
    return calls[which]


Validator = Callable[[Any, date], list[FieldProblem]]
ACTIVITIES: dict[str, tuple[Callable[..., st.SearchStrategy[Any]], Validator]] = {
    "operation": (operation_drafts, validate_operation),
    "training": (training_drafts, validate_training),
    "advice": (advice_drafts, validate_strategic_advice),
    "repatriation": (repatriation_drafts, validate_repatriation),
    "family": (family_drafts, validate_family_support),
}


@settings(max_examples=40)
@given(data=st.data(), which=st.sampled_from(sorted(ACTIVITIES)), editing=st.booleans())
def test_an_invalid_activity_record_is_refused_and_changes_nothing(
    world: World, data: st.DataObject, which: str, editing: bool
) -> None:
    strategy, validate = ACTIVITIES[which]
    draft = data.draw(strategy(marked(texts()) | texts()))
    assume(validate(draft, TODAY))
    assert_refused(world.store, _activity_call(world, which, draft, editing), ValidationError)


@service_examples
@given(which=st.sampled_from(("advice", "repatriation", "family")), on=dates())
def test_an_activity_record_on_the_wrong_kind_of_case_is_refused(
    world: World, which: str, on: date
) -> None:
    on = min(on, TODAY)
    s, w = world.services, world
    calls: dict[str, Callable[[], object]] = {
        "advice": lambda: s.record_strategic_advice(w.support.id, StrategicAdviceDraft(on)),
        "repatriation": lambda: s.record_repatriation(w.advice.id, RepatriationDraft(on, "ER")),
        "family": lambda: s.record_family_support(w.advice.id, FamilySupportDraft(on)),
    }
    error = assert_refused(world.store, calls[which], ValidationError)
    assert isinstance(error, ValidationError)
    assert [p.field for p in error.problems] == ["case_id"]


def test_a_plan_cannot_be_started_on_a_case_without_a_survivor(world: World) -> None:
    assert_refused(
        world.store, lambda: world.services.start_plan_draft(world.advice.id), ValidationError
    )
