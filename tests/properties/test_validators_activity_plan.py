"""Properties of the activity record and support plan validators
(models/rules/activity_validation.py, models/rules/plan_validation.py): clear problems or none
for any input, the same answer every time, and the documented limits on both sides."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models.dto import (
    FamilySupportDraft,
    OperationDraft,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    RepatriationDraft,
    StrategicAdviceDraft,
    TrainingDraft,
)
from models.enums import (
    ActionStatus,
    OperationLocation,
    PlanStatus,
    RecoveryDomain,
    TrainingAudience,
)
from models.rules.activity_validation import (
    MAX_COUNT,
    validate_family_support,
    validate_operation,
    validate_repatriation,
    validate_strategic_advice,
    validate_training,
)
from models.rules.plan_terms import MAX_LONG_TEXT, MAX_SHORT_TEXT
from models.rules.plan_validation import validate_agreement, validate_draft, validate_review
from tests.properties.validators_drafts import (
    advice_drafts,
    family_drafts,
    operation_drafts,
    plan_drafts,
    repatriation_drafts,
    training_drafts,
)
from tests.properties.validators_shared import (
    DAY,
    TODAY,
    assert_clear_problems,
    assert_deterministic,
    big_inputs,
    dates,
    field_names,
    integers,
    marked,
    optional,
    problem_fields,
    texts,
)

# -- Activity records -----------------------------------------------------------------------------

ACTIVITY_VALIDATORS = (
    (operation_drafts, validate_operation, OperationDraft),
    (training_drafts, validate_training, TrainingDraft),
    (advice_drafts, validate_strategic_advice, StrategicAdviceDraft),
    (repatriation_drafts, validate_repatriation, RepatriationDraft),
    (family_drafts, validate_family_support, FamilySupportDraft),
)


@big_inputs
@given(data=st.data(), which=st.sampled_from(range(len(ACTIVITY_VALIDATORS))))
def test_any_activity_record_gets_clear_problems_or_none(data: st.DataObject, which: int) -> None:
    strategy, validate, dto = ACTIVITY_VALIDATORS[which]
    draft = data.draw(strategy(marked(texts()) | texts()))
    problems = assert_deterministic(lambda: validate(draft, TODAY))
    assert_clear_problems(problems, field_names(dto))


@given(victims=integers(), arrests=integers(), held_on=dates())
def test_operation_counts_are_0_to_100000_and_the_date_is_past(
    victims: int, arrests: int, held_on: date
) -> None:
    draft = OperationDraft(held_on, OperationLocation.AIRPORT, "", victims, arrests)
    problems = problem_fields(validate_operation(draft, TODAY))
    assert ("potential_victims_identified" in problems) == (not 0 <= victims <= MAX_COUNT)
    assert ("arrests" in problems) == (not 0 <= arrests <= MAX_COUNT)
    assert ("held_on" in problems) == (held_on > TODAY)


@given(trained=integers(), improved=integers())
def test_training_counts_at_least_one_trained_and_no_more_improved_than_trained(
    trained: int, improved: int
) -> None:
    draft = TrainingDraft(TODAY, TrainingAudience.POLICE_LAW_ENFORCEMENT, trained, improved)
    problems = problem_fields(validate_training(draft, TODAY))
    assert ("number_trained" in problems) == (not 1 <= trained <= MAX_COUNT)
    assert ("number_reporting_improved_knowledge" in problems) == (not 0 <= improved <= trained)


@given(count=integers(), relationship_length=st.integers(98, 102))
def test_family_support_counts_at_least_one_member(count: int, relationship_length: int) -> None:
    draft = FamilySupportDraft(TODAY, count, "r" * relationship_length)
    problems = problem_fields(validate_family_support(draft, TODAY))
    assert ("count" in problems) == (not 1 <= count <= MAX_COUNT)
    assert ("relationship" in problems) == (relationship_length > 100)


@given(country=st.sampled_from(("ER", "vn", "Albania", "Eritrea")), on=st.dates(max_value=TODAY))
def test_a_repatriation_to_a_known_country_on_a_past_day_is_valid(country: str, on: date) -> None:
    assert validate_repatriation(RepatriationDraft(on, country), TODAY) == []
    problems = validate_repatriation(RepatriationDraft(TODAY + DAY, country), TODAY)
    assert problem_fields(problems) == {"repatriated_on"}


@given(on=st.dates(max_value=TODAY), arrests=st.integers(0, MAX_COUNT), summary=texts())
def test_valid_advice_stays_valid_whatever_its_summary(
    on: date, arrests: int, summary: str
) -> None:
    assert validate_strategic_advice(StrategicAdviceDraft(on, "", arrests), TODAY) == []
    assert validate_strategic_advice(StrategicAdviceDraft(on, summary, arrests), TODAY) == []


# -- Support plans --------------------------------------------------------------------------------


def plan(*goals: PlanGoalDTO, **changes: object) -> PlanDraftDTO:
    return dataclasses.replace(PlanDraftDTO(goals=goals), **changes)


def goal(
    review_date: date | None = None, what: str = "Register with a GP", who: str = ""
) -> PlanGoalDTO:
    return PlanGoalDTO(
        domain=RecoveryDomain.PHYSICAL_HEALTH,
        survivor_words="I want to see a doctor",
        review_date=review_date,
        actions=(PlanActionDTO(what=what, who=who),),
    )


@big_inputs
@given(draft=plan_drafts(marked(texts()) | texts()))
def test_any_plan_draft_gets_clear_problems_or_none(draft: PlanDraftDTO) -> None:
    problems = assert_deterministic(lambda: validate_draft(draft))
    assert_clear_problems(problems, roots=[draft])


@big_inputs
@given(
    draft=plan_drafts(),
    agreed_on=dates(),
    by_survivor=st.booleans(),
    previous=optional(dates()),
)
def test_any_plan_agreement_gets_clear_problems_or_none(
    draft: PlanDraftDTO, agreed_on: date, by_survivor: bool, previous: date | None
) -> None:
    problems = assert_deterministic(
        lambda: validate_agreement(draft, agreed_on, by_survivor, TODAY, previous)
    )
    assert_clear_problems(problems, {"agreed_on", "agreed_by_survivor"}, roots=[draft])
    assert ("agreed_by_survivor" in problem_fields(problems)) == (not by_survivor)


@given(
    status=st.sampled_from(PlanStatus),
    agreed_on=optional(dates()),
    last_reviewed_on=optional(dates()),
    reviewed_on=dates(),
)
def test_any_plan_review_gets_clear_problems_or_none(
    status: PlanStatus, agreed_on: date | None, last_reviewed_on: date | None, reviewed_on: date
) -> None:
    problems = assert_deterministic(
        lambda: validate_review(status, agreed_on, last_reviewed_on, reviewed_on, TODAY)
    )
    assert_clear_problems(problems, {"status", "reviewed_on"})
    in_order = reviewed_on <= TODAY and all(
        earlier is None or earlier <= reviewed_on for earlier in (agreed_on, last_reviewed_on)
    )
    assert ("reviewed_on" in problem_fields(problems)) == (not in_order)


@given(
    agreed_on=st.dates(TODAY - timedelta(days=400), TODAY + timedelta(days=3)),
    review_offset=st.integers(-3, 3),
)
def test_a_plan_is_agreed_by_today_with_reviews_after_the_agreement(
    agreed_on: date, review_offset: int
) -> None:
    review = agreed_on + timedelta(days=review_offset)
    problems = problem_fields(validate_agreement(plan(goal(review)), agreed_on, True, TODAY))
    assert ("agreed_on" in problems) == (agreed_on > TODAY)
    assert ("goals.0.review_date" in problems) == (review_offset <= 0)


@given(
    field=st.sampled_from(("survivor_priorities", "safety_plan", "what", "who")),
    delta=st.integers(-2, 2),
)
def test_plan_texts_are_limited(field: str, delta: int) -> None:
    limit = MAX_SHORT_TEXT if field == "who" else MAX_LONG_TEXT
    text = "t" * (limit + delta)
    if field in ("what", "who"):
        draft = plan(goal(**{field: text}))
        path = f"goals.0.actions.0.{field}"
    else:
        draft = plan(goal(), **{field: text})
        path = field
    assert (path in problem_fields(validate_draft(draft))) == (delta > 0)


@given(
    agreed_on=st.dates(TODAY - timedelta(days=400), TODAY),
    status=st.sampled_from(ActionStatus),
    by_when=optional(dates()),
    language=st.sampled_from(("en", "ar", "ti", "pt-BR")),
)
def test_a_valid_plan_stays_valid_whatever_its_action_progress(
    agreed_on: date, status: ActionStatus, by_when: date | None, language: str
) -> None:
    draft = plan(goal(agreed_on + DAY))
    assert validate_agreement(draft, agreed_on, True, TODAY) == []
    moved = dataclasses.replace(
        draft.goals[0],
        actions=(dataclasses.replace(draft.goals[0].actions[0], status=status, by_when=by_when),),
    )
    draft = dataclasses.replace(draft, goals=(moved,), language=language)
    assert validate_agreement(draft, agreed_on, True, TODAY) == []
