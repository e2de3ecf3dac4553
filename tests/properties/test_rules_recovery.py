"""Properties of the recovery rules: the anchored 1-to-5 scale (models/rules/assessment_scale.py),
how recovery changed (models/rules/recovery_change.py) and the support given
(models/rules/support_given.py). A score outside the scale is refused with the scale's own
message; "improved" is known only when all six domains were scored from one perspective at
intake and later, and then means strictly higher; counts add up over any history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.dto import AssessmentDTO, DomainScoreDTO
from models.enums import ActionStatus, AssessmentKind, ContactKind, Perspective, RecoveryDomain
from models.rules import recovery_change as change
from models.rules.assessment_scale import SCORES, descriptor, is_valid_score
from models.rules.support_given import GoalState, count_contacts, count_goals, is_goal_met

DOMAINS = tuple(RecoveryDomain)
scored = st.integers(min_value=1, max_value=5)
scores = st.none() | scored
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))

# -- The scale --------------------------------------------------------------------------------

not_a_score = st.one_of(
    st.integers().filter(lambda n: n not in SCORES),
    st.booleans(),
    st.floats(),
    st.text(max_size=3),
    st.none(),
    st.decimals(allow_nan=False),
)


@given(st.sampled_from(RecoveryDomain), not_a_score)
def test_anything_but_a_whole_number_from_1_to_5_is_refused_with_the_scale(
    domain: RecoveryDomain, score: object
) -> None:
    assert is_valid_score(score) is False
    with pytest.raises(ValueError, match="a whole number from 1 to 5"):
        descriptor(domain, score)  # type: ignore[arg-type]


@given(st.sampled_from(RecoveryDomain), st.sampled_from(SCORES))
def test_every_score_on_the_scale_has_its_own_anchor(domain: RecoveryDomain, score: int) -> None:
    assert is_valid_score(score)
    text = descriptor(domain, score)
    assert text.strip()
    others = [descriptor(domain, s) for s in SCORES if s != score]
    assert text not in others


# -- How recovery changed ---------------------------------------------------------------------


@st.composite
def assessments(draw: st.DrawFn, kind: AssessmentKind | None = None) -> AssessmentDTO:
    # Each perspective complete (all six scored) about half the time, so that "improved" is
    # often known; otherwise any domain may be left unscored.
    survivor, navigator = (draw(st.sampled_from([scored, scores])) for _ in range(2))
    return AssessmentDTO(
        id=draw(st.integers(min_value=1, max_value=10_000)),
        case_id=1,
        kind=kind or draw(st.sampled_from(AssessmentKind)),
        assessed_on=draw(days),
        recorded_by="navigator.one",
        version=1,
        scores=tuple(
            DomainScoreDTO(domain=d, survivor_score=draw(survivor), navigator_score=draw(navigator))
            for d in DOMAINS
        ),
    )


perspectives = st.sampled_from(Perspective)


@given(assessments(), perspectives)
def test_an_overall_score_exists_only_when_all_six_are_scored(
    assessment: AssessmentDTO, perspective: Perspective
) -> None:
    each = [assessment.score(d, perspective) for d in DOMAINS]
    overall = change.overall_score(assessment, perspective)
    if None in each:
        assert overall is None
    else:
        assert overall == sum(s for s in each if s is not None)
        assert 6 <= overall <= 30


@given(assessments(AssessmentKind.INTAKE), assessments(AssessmentKind.REVIEW), perspectives)
def test_improved_means_strictly_higher_and_is_unknown_when_either_is_incomplete(
    intake: AssessmentDTO, latest: AssessmentDTO, perspective: Perspective
) -> None:
    before = change.overall_score(intake, perspective)
    after = change.overall_score(latest, perspective)
    verdict = change.improved(intake, latest, perspective)
    if before is None or after is None:
        assert verdict is None
        assert change.overall_change(intake, latest, perspective) is None
    else:
        assert verdict is (after > before)
        assert change.overall_change(intake, latest, perspective) == after - before
    # One perspective is never read from the other: blanking the other changes nothing.
    assert change.improved(only(intake, perspective), only(latest, perspective), perspective) == (
        verdict
    )


def only(assessment: AssessmentDTO, perspective: Perspective) -> AssessmentDTO:
    """The assessment with the other perspective's scores removed."""
    survivor = perspective is Perspective.SURVIVOR
    return replace(
        assessment,
        scores=tuple(
            DomainScoreDTO(
                domain=s.domain,
                survivor_score=s.survivor_score if survivor else None,
                navigator_score=None if survivor else s.navigator_score,
            )
            for s in assessment.scores
        ),
    )


@given(assessments(), assessments(), perspectives)
def test_domain_changes_are_later_less_earlier_where_both_were_scored(
    earlier: AssessmentDTO, later: AssessmentDTO, perspective: Perspective
) -> None:
    for domain, moved in change.domain_changes(earlier, later, perspective).items():
        before, after = earlier.score(domain, perspective), later.score(domain, perspective)
        assert moved == (None if before is None or after is None else after - before)
        assert moved is None or -4 <= moved <= 4


@given(assessments())
def test_disagreements_are_navigator_less_survivor_where_they_differ(
    assessment: AssessmentDTO,
) -> None:
    found = change.disagreements(assessment)
    for entry in assessment.scores:
        survivor, navigator = entry.survivor_score, entry.navigator_score
        if survivor is None or navigator is None or survivor == navigator:
            assert entry.domain not in found
        else:
            assert found[entry.domain] == navigator - survivor != 0


@given(st.lists(assessments(), max_size=6, unique_by=lambda a: a.id), perspectives)
def test_a_cases_history_is_judged_by_its_intake_and_latest_later_assessment(
    history: list[AssessmentDTO], perspective: Perspective
) -> None:
    intake = change.intake_of(history)
    latest = change.latest_after_intake(history)
    verdict = change.case_improved(history, perspective)
    if intake is None or latest is None:
        assert verdict is None
        return
    assert intake.kind is AssessmentKind.INTAKE
    assert latest.id != intake.id and latest.assessed_on >= intake.assessed_on
    assert verdict == change.improved(intake, latest, perspective)
    # The order the history arrives in changes nothing.
    assert change.case_improved(list(reversed(history)), perspective) == verdict


# -- Support given ----------------------------------------------------------------------------


@given(st.lists(st.sampled_from(ActionStatus), max_size=6))
def test_a_goal_is_met_when_every_action_is_finished_and_one_was_done(
    statuses: list[ActionStatus],
) -> None:
    finished = {ActionStatus.DONE, ActionStatus.DROPPED}
    expected = bool(statuses) and set(statuses) <= finished and ActionStatus.DONE in statuses
    assert is_goal_met(statuses) == expected


goal_states = st.lists(
    st.builds(
        GoalState,
        key=st.sampled_from("abcdef"),
        version_number=st.integers(min_value=1, max_value=6),
        action_statuses=st.lists(st.sampled_from(ActionStatus), max_size=4).map(tuple),
    ),
    max_size=12,
)


@given(goal_states)
def test_goals_are_counted_once_each_by_their_latest_version(states: list[GoalState]) -> None:
    met, total = count_goals(states)
    assert total == len({s.key for s in states})
    assert 0 <= met <= total
    # A version added later than all the others decides its goal.
    if states:
        newest = max(s.version_number for s in states) + 1
        done = GoalState(states[0].key, newest, (ActionStatus.DONE,))
        dropped = GoalState(states[0].key, newest, (ActionStatus.DROPPED,))
        assert count_goals([*states, done])[0] >= met
        assert count_goals([*states, dropped])[0] <= met


@given(st.lists(st.sampled_from(ContactKind), max_size=30))
def test_contacts_and_referrals_add_up_to_the_log(kinds: list[ContactKind]) -> None:
    contacts, referrals = count_contacts(kinds)
    assert contacts + referrals == len(kinds)
    assert referrals == kinds.count(ContactKind.REFERRAL)
