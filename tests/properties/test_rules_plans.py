"""Properties of the support plan rules (models/rules/support_plan.py and the modules behind it:
plan_content, plan_diff, plan_lifecycle, plan_agenda, plan_text, plan_terms). Whatever a
navigator writes into a plan: normalising it twice changes nothing, a version compared with
itself has no changes, two versions differ in the change list exactly when their content
differs, change texts end with one full stop, only a draft is editable, and the Agenda lists
exactly the actions overdue and the reviews due."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.dto import LanguageDTO, PlanActionDTO, PlanDraftDTO, PlanGoalDTO, PlanVersionDTO
from models.enums import ActionStatus, PlanStatus, RecoveryDomain
from models.rules.support_plan import (
    DOMAIN_ORDER,
    IN_FORCE,
    QUOTE_LIMIT,
    PlanNotEditableError,
    _sentence,
    default_plan_language,
    diff_versions,
    ensure_editable,
    format_date,
    is_language_tag,
    normalise_draft,
    overdue_actions,
    plan_reviews_due,
    preferred_name,
    shorten,
    statuses_after_agreement,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
# Any text, and the sentences navigators write (ending in a full stop, a question, untrimmed).
words = st.text(max_size=120) | st.sampled_from(
    ["Find a safe flat.", "See a GP?", "Stay safe!", "  Open a bank account  ", "Learn English"]
)
TAGS = ("en", "ar", "sq", "vi", "ti", "fa-AF", "zh-Hant", "pt-BR")
keys = st.sampled_from(["", " ", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"])

actions = st.builds(
    PlanActionDTO,
    what=words,
    who=st.sampled_from(["", "Survivor", "Navigator", " Salvation Army "]),
    by_when=st.none() | days,
    status=st.sampled_from(ActionStatus),
    key=keys,
)
goals = st.builds(
    PlanGoalDTO,
    domain=st.sampled_from(RecoveryDomain),
    survivor_words=words,
    review_date=st.none() | days,
    actions=st.lists(actions, max_size=3).map(tuple),
    key=keys,
)
# A new goal as it is stored: trimmed, with keys of its own.
stored_goals = goals.map(lambda g: normalise_draft(PlanDraftDTO(goals=(g,))).goals[0])


@st.composite
def drafts(draw: st.DrawFn) -> PlanDraftDTO:
    """A draft as the editor could send it: keys missing or repeated, untrimmed text; an
    interpreter is named only with their language (validation refuses a name alone)."""
    interpreter = draw(st.sampled_from(("", *TAGS)))
    return PlanDraftDTO(
        language=draw(st.sampled_from(TAGS)),
        interpreter_language=interpreter,
        interpreter_name_or_agency=draw(st.sampled_from(["", "Language Line", " DA Languages"]))
        if interpreter
        else "",
        survivor_priorities=draw(words),
        safety_plan=draw(words),
        goals=tuple(draw(st.lists(goals, max_size=5))),
    )


def content(draft: PlanDraftDTO) -> tuple[object, ...]:
    """What a version says, without the order of goals within a domain or of actions (which
    the change list does not report)."""
    return (
        draft.language,
        draft.interpreter_language,
        draft.interpreter_name_or_agency,
        draft.survivor_priorities,
        draft.safety_plan,
        frozenset(
            (g.key, g.domain, g.survivor_words, g.review_date, frozenset(g.actions))
            for g in draft.goals
        ),
    )


@given(drafts())
def test_normalising_is_done_once_for_all(draft: PlanDraftDTO) -> None:
    once = normalise_draft(draft)
    assert normalise_draft(once) == once
    every_key = [g.key for g in once.goals] + [a.key for g in once.goals for a in g.actions]
    assert all(every_key) and len(set(every_key)) == len(every_key)
    assert [DOMAIN_ORDER.index(g.domain) for g in once.goals] == sorted(
        DOMAIN_ORDER.index(g.domain) for g in once.goals
    )
    assert [len(g.actions) for g in once.goals] == [
        len(g.actions) for g in sorted(draft.goals, key=lambda g: DOMAIN_ORDER.index(g.domain))
    ]
    texts = [once.survivor_priorities, once.safety_plan]
    texts += [g.survivor_words for g in once.goals] + [
        a.what for g in once.goals for a in g.actions
    ]
    assert all(t == t.strip() for t in texts)


@given(drafts())
def test_a_version_compared_with_itself_has_no_changes(draft: PlanDraftDTO) -> None:
    stored = normalise_draft(draft)
    assert diff_versions(stored, stored) == []
    assert diff_versions(stored, normalise_draft(stored)) == []


@st.composite
def edited(draw: st.DrawFn) -> tuple[PlanDraftDTO, PlanDraftDTO]:
    """A stored version and a new one made from it by a few of the edits the editor allows."""
    old = normalise_draft(draw(drafts()))
    new = old
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        edit = draw(st.sampled_from(["text", "goal", "action", "add", "remove", "reorder"]))
        goal_list = list(new.goals)
        if edit == "text":
            field = draw(st.sampled_from(["survivor_priorities", "safety_plan", "language"]))
            value = draw(st.sampled_from(TAGS)) if field == "language" else draw(words).strip()
            new = dataclasses.replace(new, **{field: value})
        elif edit == "add":
            goal_list.append(draw(stored_goals))
        elif goal_list:
            index = draw(st.integers(min_value=0, max_value=len(goal_list) - 1))
            goal = goal_list[index]
            if edit == "remove":
                del goal_list[index]
            elif edit == "reorder":
                goal_list.insert(0, goal_list.pop(index))
            elif edit == "goal":
                goal_list[index] = dataclasses.replace(
                    goal,
                    domain=draw(st.sampled_from(RecoveryDomain)),
                    survivor_words=draw(words).strip(),
                    review_date=draw(st.none() | days),
                )
            elif goal.actions:
                position = draw(st.integers(min_value=0, max_value=len(goal.actions) - 1))
                action = goal.actions[position]
                changed = dataclasses.replace(
                    action,
                    what=draw(words).strip(),
                    status=draw(st.sampled_from(ActionStatus)),
                    by_when=draw(st.none() | days),
                )
                new_actions = list(goal.actions)
                new_actions[position] = changed
                goal_list[index] = dataclasses.replace(goal, actions=tuple(new_actions[::-1]))
        new = dataclasses.replace(new, goals=tuple(goal_list))
    return old, normalise_draft(new)


ENDINGS = (".", "!", "?", ".”", "!”", "?”")


@given(edited())
def test_two_versions_differ_in_the_change_list_exactly_when_they_differ(
    versions: tuple[PlanDraftDTO, PlanDraftDTO],
) -> None:
    old, new = versions
    changes = diff_versions(old, new)
    assert (changes == []) == (content(old) == content(new))
    assert (diff_versions(new, old) == []) == (changes == [])
    for change in changes:
        assert change.text.endswith(ENDINGS), change.text
        assert not change.text.endswith(("..", ".”.", "?”.", "!”.")), change.text
        assert "\n" not in change.text


# -- Lifecycle and the Agenda ------------------------------------------------------------------


@given(st.sampled_from(PlanStatus))
def test_only_a_draft_is_editable_and_a_refusal_says_nothing_was_saved(status: PlanStatus) -> None:
    if status is PlanStatus.DRAFTED:
        ensure_editable(status)
        return
    with pytest.raises(PlanNotEditableError) as refused:
        ensure_editable(status)
    assert "was not saved" in refused.value.user_message


@given(
    st.dictionaries(st.integers(min_value=1, max_value=20), st.sampled_from(PlanStatus), min_size=1)
)
def test_agreeing_a_version_leaves_it_the_only_one_in_force(
    statuses: dict[int, PlanStatus],
) -> None:
    agreed_id = min(statuses)
    after = statuses | statuses_after_agreement(statuses, agreed_id)
    assert [v for v, s in after.items() if s in IN_FORCE] == [agreed_id]
    for version, status in statuses.items():
        if version != agreed_id and status not in IN_FORCE:
            assert after[version] is status  # drafts and superseded versions are left alone


def version(
    status: PlanStatus, draft: PlanDraftDTO, agreed: date | None, reviewed: date | None
) -> PlanVersionDTO:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return PlanVersionDTO(
        1, 1, 1, status, 1, draft, agreed, agreed is not None, "", reviewed, None, "", now, now
    )


@given(st.sampled_from(PlanStatus), drafts(), st.none() | days, st.none() | days, days)
def test_the_agenda_lists_exactly_the_actions_overdue_and_the_reviews_due(
    status: PlanStatus, draft: PlanDraftDTO, agreed: date | None, reviewed: date | None, today: date
) -> None:
    plan = version(status, draft, agreed, reviewed)
    overdue = overdue_actions(plan, today)
    due = plan_reviews_due(plan, today)
    if status not in IN_FORCE:
        assert overdue == [] and due == []
        return
    finished = {ActionStatus.DONE, ActionStatus.DROPPED}
    assert [a for _g, a in overdue] == [
        a
        for g in draft.goals
        for a in g.actions
        if a.by_when is not None and a.by_when < today and a.status not in finished
    ]
    confirmed = [d for d in (agreed, reviewed) if d is not None]
    assert due == [
        g
        for g in draft.goals
        if g.review_date is not None
        and g.review_date <= today
        and all(d < g.review_date for d in confirmed)
    ]


# -- Words and dates ---------------------------------------------------------------------------


@given(st.text(max_size=300), st.integers(min_value=1, max_value=QUOTE_LIMIT * 2))
def test_a_quote_is_one_line_within_its_limit(text: str, limit: int) -> None:
    line = " ".join(text.split())
    short = shorten(text, limit)
    assert len(short) <= limit
    assert len(short.splitlines()) <= 1
    if len(line) <= limit:
        assert short == line
    else:
        assert short.endswith("…") and line.startswith(short[:-1])


@given(st.text(max_size=60))
def test_a_sentence_ends_once(text: str) -> None:
    once = _sentence(text)
    assert _sentence(once) == once
    assert once.rstrip().endswith(ENDINGS)


MONTHS = "January February March April May June July August September October November December"


@given(st.dates())
def test_any_date_is_written_in_english_and_reads_back(day: date) -> None:
    number, month, year = format_date(day).split(" ")
    assert date(int(year), MONTHS.split().index(month) + 1, int(number)) == day
    assert format_date(None) == ""


@given(st.text(max_size=50))
def test_any_text_is_a_language_tag_or_not_without_error(tag: str) -> None:
    if is_language_tag(tag):
        assert len(tag) <= 35 and tag.isascii()
        assert all(part.isalnum() for part in tag.split("-"))


@given(st.lists(st.builds(LanguageDTO, st.sampled_from(TAGS), st.booleans()), max_size=4))
def test_the_plan_language_is_the_preferred_else_the_first_else_english(
    languages: list[LanguageDTO],
) -> None:
    preferred = [lang.language for lang in languages if lang.preferred_for_documents]
    expected = (preferred or [lang.language for lang in languages] or ["en"])[0]
    assert default_plan_language(languages) == expected


@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_the_name_printed_is_the_first_name_given_trimmed(
    known: str, given_: str, family: str
) -> None:
    name = preferred_name(known, given_, family)
    assert name == name.strip()
    assert name == next((n.strip() for n in (known, given_, family) if n.strip()), "")


# Regression examples for the bug the change-list property found: a goal or action added or
# removed whose words already end a sentence got a second full stop after the quote
# ("new goal “Find a safe flat.”."), against the one-full-stop rule the other texts follow.


def test_adding_and_removing_words_that_end_a_sentence_gives_one_full_stop() -> None:
    action = PlanActionDTO(what="Call the GP.", key="a1")
    goal = PlanGoalDTO(RecoveryDomain.SAFETY, "Find a safe flat.", actions=(action,), key="g1")
    with_goal = PlanDraftDTO(goals=(goal,))
    texts = [c.text for c in diff_versions(PlanDraftDTO(), with_goal)]
    texts += [c.text for c in diff_versions(with_goal, PlanDraftDTO())]
    assert texts == [
        "Safety: new goal “Find a safe flat.”",
        "Safety: new action “Call the GP.”",
        "Safety: goal removed: “Find a safe flat.”",
    ]
    without_action = PlanDraftDTO(goals=(dataclasses.replace(goal, actions=()),))
    (removed,) = diff_versions(with_goal, without_action)
    assert removed.text == "Safety: action removed: “Call the GP.”"
