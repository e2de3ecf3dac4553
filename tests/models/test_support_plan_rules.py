"""Support plan rules as pure functions, tested at their boundaries."""

from __future__ import annotations

import dataclasses
import locale
from datetime import UTC, date, datetime, timedelta

import pytest

from models.dto import (
    LanguageDTO,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PlanVersionDTO,
)
from models.enums import ActionStatus, PlanChangeKind, PlanStatus, RecoveryDomain
from models.rules import support_plan as rules

TODAY = date(2026, 11, 25)
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)


def action(what: str = "Register with a GP", key: str = "", **kw: object) -> PlanActionDTO:
    return PlanActionDTO(what=what, key=key or f"a-{what}", **kw)  # type: ignore[arg-type]


def goal(
    domain: RecoveryDomain = RecoveryDomain.PHYSICAL_HEALTH,
    words: str = "I want to see a doctor",
    actions: tuple[PlanActionDTO, ...] | None = None,
    key: str = "",
    **kw: object,
) -> PlanGoalDTO:
    return PlanGoalDTO(
        domain=domain,
        survivor_words=words,
        actions=(action(),) if actions is None else actions,
        key=key or f"g-{words}",
        **kw,  # type: ignore[arg-type]
    )


def plan_version(
    content: PlanDraftDTO,
    status: PlanStatus = PlanStatus.AGREED,
    agreed_on: date | None = date(2026, 10, 1),
    reviewed_on: date | None = None,
) -> PlanVersionDTO:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    return PlanVersionDTO(
        id=1,
        case_id=1,
        number=1,
        status=status,
        version=1,
        content=content,
        agreed_on=agreed_on,
        agreed_by_survivor=agreed_on is not None,
        agreed_by_navigator="navigator.one" if agreed_on else "",
        reviewed_on=reviewed_on,
        based_on_id=None,
        created_by="navigator.one",
        created_at=now,
        updated_at=now,
    )


# Editing ---------------------------------------------------------------------------------------


def test_only_a_draft_is_editable() -> None:
    rules.ensure_editable(PlanStatus.DRAFTED)
    for status in (PlanStatus.AGREED, PlanStatus.REVIEWED, PlanStatus.SUPERSEDED):
        with pytest.raises(rules.PlanNotEditableError) as info:
            rules.ensure_editable(status)
        assert "cannot be changed" in info.value.user_message
        assert "not saved" in info.value.user_message
        assert "new draft" in info.value.user_message


def test_normalising_groups_goals_by_domain_keeping_their_order_and_trims() -> None:
    draft = PlanDraftDTO(
        language=" ar ",
        safety_plan="  Call 999  \n",
        goals=(
            goal(RecoveryDomain.LEGAL_STATUS, "legal 1"),
            goal(RecoveryDomain.MENTAL_HEALTH, "  mental 1 "),
            goal(RecoveryDomain.LEGAL_STATUS, "legal 2"),
            goal(
                RecoveryDomain.MENTAL_HEALTH,
                "mental 2",
                actions=(action("  talk  ", who=" Navigator "),),
            ),
        ),
    )
    stored = rules.normalise_draft(draft)
    assert [g.survivor_words for g in stored.goals] == [
        "mental 1",
        "mental 2",
        "legal 1",
        "legal 2",
    ]
    assert stored.language == "ar" and stored.safety_plan == "Call 999"
    assert (
        stored.goals[1].actions[0].what == "talk" and stored.goals[1].actions[0].who == "Navigator"
    )
    # Normalising is stable: what is stored normalises to itself (so autosave can be a no-op).
    assert rules.normalise_draft(stored) == stored


def test_normalising_fills_missing_and_duplicate_keys() -> None:
    first = goal(key="same", actions=(action("a", key="x"), action("b", key="x")))
    second = dataclasses.replace(first, survivor_words="other")  # a copy keeps the key
    blank = dataclasses.replace(goal(words="blank"), key="  ")
    stored = rules.normalise_draft(PlanDraftDTO(goals=(first, second, blank)))
    goal_keys = [g.key for g in stored.goals]
    action_keys = [a.key for g in stored.goals for a in g.actions]
    assert goal_keys[0] == "same" and len(set(goal_keys)) == 3 and all(goal_keys)
    assert action_keys[0] == "x" and len(set(action_keys)) == len(action_keys)


def test_a_new_goal_or_action_gets_its_own_key() -> None:
    assert PlanGoalDTO(domain=RecoveryDomain.SAFETY).key != PlanGoalDTO(RecoveryDomain.SAFETY).key
    assert len(PlanActionDTO().key) == 32


def test_draft_validation_checks_languages_and_lengths_without_echoing_values() -> None:
    secret = "Ms Secret Interpreter " * 10
    draft = PlanDraftDTO(
        language="Arabic please",
        interpreter_language="!!",
        interpreter_name_or_agency=secret,
        goals=(goal(actions=(action("x", who="Y" * 201),)),),
    )
    problems = rules.validate_draft(draft)
    assert {p.field for p in problems} == {
        "language",
        "interpreter_language",
        "interpreter_name_or_agency",
        "goals.0.actions.0.who",
    }
    assert all("Secret" not in p.message and "Arabic" not in p.message for p in problems)
    assert rules.validate_draft(PlanDraftDTO(language="ckb", interpreter_language="pt-BR")) == []
    # An incomplete draft is still fine to autosave.
    assert rules.validate_draft(PlanDraftDTO(goals=(goal(words="", actions=()),))) == []


@pytest.mark.parametrize(
    ("tag", "ok"),
    [("en", True), ("ckb", True), ("zh-Hant-TW", True), ("sr-Latn", True), ("", False),
     ("e", False), ("en_GB", False), ("ar ", False), ("a" * 36, False)],
)  # fmt: skip
def test_language_tags(tag: str, ok: bool) -> None:
    assert rules.is_language_tag(tag) is ok


# Agreeing --------------------------------------------------------------------------------------


def valid_plan() -> PlanDraftDTO:
    return PlanDraftDTO(
        language="vi",
        goals=(
            goal(RecoveryDomain.SAFETY, "I want to feel safe", review_date=date(2027, 2, 1)),
            goal(RecoveryDomain.LEGAL_STATUS, "I want my papers", actions=(action("Solicitor"),)),
        ),
    )


def test_a_complete_plan_can_be_agreed_today() -> None:
    assert rules.validate_agreement(valid_plan(), TODAY, True, TODAY) == []


def test_agreeing_needs_at_least_one_goal() -> None:
    problems = rules.validate_agreement(PlanDraftDTO(), TODAY, True, TODAY)
    assert [p.field for p in problems] == ["goals"]


def test_agreeing_needs_words_and_an_action_for_every_goal() -> None:
    plan = PlanDraftDTO(
        goals=(
            goal(RecoveryDomain.SAFETY, "ok"),
            goal(RecoveryDomain.SAFETY, "   ", key="g2"),
            goal(RecoveryDomain.SAFETY, "no actions", actions=()),
            goal(RecoveryDomain.SAFETY, "empty action", actions=(action(" ", key="k"),)),
        )
    )
    problems = rules.validate_agreement(plan, TODAY, True, TODAY)
    assert [(p.field, p.message) for p in problems] == [
        ("goals.1.survivor_words", "Safety, goal 2: write the goal in the survivor's own words."),
        ("goals.2.actions", "Safety, goal 3: add at least one action."),
        ("goals.3.actions.0.what", "Safety, goal 4, action 1: say what is to be done."),
    ]


def test_agreed_date_may_be_today_but_not_tomorrow() -> None:
    assert rules.validate_agreement(valid_plan(), TODAY, True, TODAY) == []
    problems = rules.validate_agreement(valid_plan(), TOMORROW, True, TODAY)
    assert [p.field for p in problems] == ["agreed_on"]


def test_agreed_date_not_before_the_previous_agreement() -> None:
    previous = date(2026, 11, 1)
    assert rules.validate_agreement(valid_plan(), previous, True, TODAY, previous) == []
    problems = rules.validate_agreement(
        valid_plan(), previous - timedelta(days=1), True, TODAY, previous
    )
    assert [p.field for p in problems] == ["agreed_on"]


def test_agreeing_needs_the_survivors_agreement() -> None:
    problems = rules.validate_agreement(valid_plan(), TODAY, False, TODAY)
    assert [p.field for p in problems] == ["agreed_by_survivor"]


def test_review_date_must_be_after_the_agreement() -> None:
    review = date(2027, 2, 1)
    assert rules.validate_agreement(valid_plan(), review - timedelta(days=1), True, review) == []
    problems = rules.validate_agreement(valid_plan(), review, True, review)
    assert [p.field for p in problems] == ["goals.0.review_date"]


def test_an_interpreter_named_needs_a_language() -> None:
    plan = dataclasses.replace(valid_plan(), interpreter_name_or_agency="Language Line")
    problems = rules.validate_agreement(plan, TODAY, True, TODAY)
    assert [p.field for p in problems] == ["interpreter_language"]
    assert "Language Line" not in problems[0].message


def test_agreement_supersedes_the_plan_in_force_only() -> None:
    statuses = {1: PlanStatus.SUPERSEDED, 2: PlanStatus.REVIEWED, 3: PlanStatus.DRAFTED}
    assert rules.statuses_after_agreement(statuses, 3) == {
        2: PlanStatus.SUPERSEDED,
        3: PlanStatus.AGREED,
    }
    assert rules.statuses_after_agreement({1: PlanStatus.DRAFTED}, 1) == {1: PlanStatus.AGREED}


# Reviewing -------------------------------------------------------------------------------------


def test_review_boundaries() -> None:
    agreed = date(2026, 10, 1)
    ok = rules.validate_review(PlanStatus.AGREED, agreed, None, TODAY, TODAY)
    assert ok == []
    assert rules.validate_review(PlanStatus.AGREED, agreed, None, agreed, TODAY) == []

    def fields(*args: object) -> list[str]:
        return [p.field for p in rules.validate_review(*args)]  # type: ignore[arg-type]

    assert fields(PlanStatus.AGREED, agreed, None, TOMORROW, TODAY) == ["reviewed_on"]
    assert fields(PlanStatus.AGREED, agreed, None, agreed - timedelta(days=1), TODAY) == [
        "reviewed_on"
    ]
    assert fields(PlanStatus.REVIEWED, agreed, YESTERDAY, TODAY, TODAY) == []
    assert fields(PlanStatus.REVIEWED, agreed, TODAY, YESTERDAY, TODAY) == ["reviewed_on"]
    assert fields(PlanStatus.DRAFTED, None, None, TODAY, TODAY) == ["status"]
    assert fields(PlanStatus.SUPERSEDED, agreed, None, TODAY, TODAY) == ["status"]


# The Agenda ------------------------------------------------------------------------------------


def agenda_plan(status: PlanStatus = PlanStatus.AGREED) -> PlanVersionDTO:
    actions = (
        action("due yesterday", by_when=YESTERDAY),
        action("due today", by_when=TODAY),
        action("no date"),
        action("done yesterday", by_when=YESTERDAY, status=ActionStatus.DONE),
        action("dropped", by_when=YESTERDAY, status=ActionStatus.DROPPED),
        action("in progress", by_when=date(2026, 1, 1), status=ActionStatus.IN_PROGRESS),
    )
    return plan_version(PlanDraftDTO(goals=(goal(actions=actions),)), status=status)


def test_an_action_is_overdue_from_the_day_after_it_was_due() -> None:
    overdue = rules.overdue_actions(agenda_plan(), TODAY)
    assert [a.what for _, a in overdue] == ["due yesterday", "in progress"]
    assert [a.what for _, a in rules.overdue_actions(agenda_plan(), TOMORROW)] == [
        "due yesterday",
        "due today",
        "in progress",
    ]


def test_only_the_plan_in_force_has_overdue_actions() -> None:
    assert rules.overdue_actions(agenda_plan(PlanStatus.REVIEWED), TODAY)
    assert rules.overdue_actions(agenda_plan(PlanStatus.DRAFTED), TODAY) == []
    assert rules.overdue_actions(agenda_plan(PlanStatus.SUPERSEDED), TODAY) == []


def test_a_review_is_due_on_its_date() -> None:
    goals = (
        goal(words="today", review_date=TODAY),
        goal(words="tomorrow", review_date=TOMORROW),
        goal(words="yesterday", review_date=YESTERDAY),
        goal(words="none"),
    )
    plan = plan_version(PlanDraftDTO(goals=goals))
    assert [g.survivor_words for g in rules.plan_reviews_due(plan, TODAY)] == [
        "today",
        "yesterday",
    ]
    assert [g.survivor_words for g in rules.plan_reviews_due(plan, YESTERDAY)] == ["yesterday"]
    drafted = plan_version(PlanDraftDTO(goals=goals), status=PlanStatus.DRAFTED, agreed_on=None)
    assert rules.plan_reviews_due(drafted, TODAY) == []


def test_a_review_on_or_after_the_review_date_satisfies_it() -> None:
    content = PlanDraftDTO(goals=(goal(review_date=YESTERDAY),))
    on_the_day = plan_version(content, PlanStatus.REVIEWED, reviewed_on=YESTERDAY)
    assert rules.plan_reviews_due(on_the_day, TODAY) == []
    too_early = plan_version(content, PlanStatus.REVIEWED, reviewed_on=YESTERDAY - timedelta(1))
    assert len(rules.plan_reviews_due(too_early, TODAY)) == 1
    # Agreeing a plan on or after a goal's review date counts as reviewing it, too.
    agreed_late = plan_version(content, PlanStatus.AGREED, agreed_on=YESTERDAY)
    assert rules.plan_reviews_due(agreed_late, TODAY) == []


# What changed ----------------------------------------------------------------------------------


def test_identical_versions_have_no_changes() -> None:
    assert rules.diff_versions(valid_plan(), valid_plan()) == []


def test_diff_lists_exactly_what_changed_in_plain_words() -> None:
    register = action("Register with a GP", key="a1", who="Navigator", by_when=date(2026, 12, 1))
    dentist = action("Dentist appointment", key="a2", who="Survivor")
    housing = action("Ask the council about housing", key="a3")
    old = PlanDraftDTO(
        language="vi",
        survivor_priorities="See my children",
        safety_plan="Call 999",
        goals=(
            goal(
                RecoveryDomain.PHYSICAL_HEALTH, "I want to see a doctor", (register, dentist), "g1"
            ),
            goal(RecoveryDomain.SAFETY, "Somewhere safe to live", (housing,), "g2"),
            goal(
                RecoveryDomain.FINANCIAL_STABILITY, "Open a bank account", (action("Bank"),), "g3"
            ),
        ),
    )
    new = PlanDraftDTO(
        language="vi",
        survivor_priorities="See my children",
        safety_plan="Call 999 or the helpline",
        goals=(
            goal(
                RecoveryDomain.PHYSICAL_HEALTH,
                "I want to see a doctor",
                (
                    dataclasses.replace(register, status=ActionStatus.DONE),
                    dataclasses.replace(dentist, by_when=date(2027, 1, 15)),
                ),
                "g1",
            ),
            goal(
                RecoveryDomain.SAFETY,
                "A safe place to live",
                (action("Contact Salvation Army", key="a4", who="Navigator"),),
                "g2",
                review_date=date(2027, 3, 1),
            ),
            goal(
                RecoveryDomain.LEGAL_STATUS, "Get my papers", (action("Solicitor", key="a5"),), "g4"
            ),
        ),
    )
    changes = rules.diff_versions(old, new)
    assert [(c.kind, c.text) for c in changes] == [
        (PlanChangeKind.SAFETY_PLAN_CHANGED, "The safety plan changed."),
        (
            PlanChangeKind.ACTION_STATUS_CHANGED,
            "Physical health: action “Register with a GP” is now done (was not started).",
        ),
        (
            PlanChangeKind.ACTION_DATE_CHANGED,
            "Physical health: action “Dentist appointment” is now due by 15 January 2027.",
        ),
        (
            PlanChangeKind.GOAL_REMOVED,
            "Financial stability: goal removed: “Open a bank account”.",
        ),
        (
            PlanChangeKind.GOAL_CHANGED,
            "Safety: goal “Somewhere safe to live” now reads “A safe place to live”.",
        ),
        (
            PlanChangeKind.GOAL_REVIEW_DATE_CHANGED,
            "Safety: goal “A safe place to live” is now reviewed on 1 March 2027.",
        ),
        (PlanChangeKind.ACTION_REMOVED, "Safety: action removed: “Ask the council about housing”."),
        (
            PlanChangeKind.ACTION_ADDED,
            "Safety: new action “Contact Salvation Army” (Navigator).",
        ),
        (PlanChangeKind.GOAL_ADDED, "Legal status: new goal “Get my papers”."),
        (PlanChangeKind.ACTION_ADDED, "Legal status: new action “Solicitor”."),
    ]
    safety = changes[0]
    assert (safety.before, safety.after) == ("Call 999", "Call 999 or the helpline")
    status = changes[1]
    assert (status.domain, status.goal_key, status.action_key) == (
        RecoveryDomain.PHYSICAL_HEALTH,
        "g1",
        "a1",
    )
    # Deterministic: the same inputs give the same list, whatever order goals arrive in.
    shuffled = dataclasses.replace(new, goals=tuple(reversed(new.goals)))
    assert rules.diff_versions(old, rules.normalise_draft(shuffled)) == changes


def test_diff_of_plan_level_fields_and_moves() -> None:
    g = goal(RecoveryDomain.SAFETY, "Feel safe", (action("Alarm", key="a1", who="Police"),), "g1")
    old = PlanDraftDTO(language="ar", goals=(g,))
    moved = dataclasses.replace(
        g,
        domain=RecoveryDomain.MENTAL_HEALTH,
        actions=(dataclasses.replace(g.actions[0], what="Personal alarm", who=""),),
    )
    new = PlanDraftDTO(
        language="fa",
        interpreter_language="fa",
        interpreter_name_or_agency="Language Line",
        survivor_priorities="Work",
        goals=(moved,),
    )
    assert [(c.kind, c.text) for c in rules.diff_versions(old, new)] == [
        (PlanChangeKind.LANGUAGE_CHANGED, "The plan's language changed from ar to fa."),
        (PlanChangeKind.INTERPRETER_CHANGED, "The interpreter added."),
        (PlanChangeKind.PRIORITIES_CHANGED, "The survivor's priorities added."),
        (PlanChangeKind.GOAL_MOVED, "Goal “Feel safe” moved from Safety to Mental health."),
        (
            PlanChangeKind.ACTION_CHANGED,
            "Mental health: action “Alarm” now reads “Personal alarm”.",
        ),
        (
            PlanChangeKind.ACTION_CHANGED,
            "Mental health: action “Personal alarm” no longer says who does it.",
        ),
    ]
    interpreter = rules.diff_versions(old, new)[1]
    assert interpreter.after == "fa, Language Line"


def test_long_words_are_shortened_in_change_texts_but_kept_whole_in_after() -> None:
    words = "word " * 40
    old = PlanDraftDTO()
    new = PlanDraftDTO(goals=(goal(words=words, actions=()),))
    (change,) = rules.diff_versions(old, new)
    assert change.after == words
    quoted = change.text.split("“")[1].split("”")[0]
    assert len(quoted) == rules.QUOTE_LIMIT and quoted.endswith("…")


def test_dates_are_written_out_whatever_the_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
        assert rules.format_date(date(2026, 12, 3)) == "3 December 2026"
        assert rules.format_date(None) == ""
    finally:
        locale.setlocale(locale.LC_TIME, before)


# Names and languages ---------------------------------------------------------------------------


def test_preferred_name_is_known_as_else_given_names() -> None:
    assert rules.preferred_name("Mimi", "Miriam Selam", "Tesfaye") == "Mimi"
    assert rules.preferred_name("  ", "Miriam Selam", "Tesfaye") == "Miriam Selam"
    assert rules.preferred_name("", "", "Tesfaye") == "Tesfaye"


def test_default_plan_language_is_the_preferred_document_language() -> None:
    both = [LanguageDTO("en"), LanguageDTO("ti", preferred_for_documents=True)]
    assert rules.default_plan_language(both) == "ti"
    assert rules.default_plan_language([LanguageDTO("ar"), LanguageDTO("en")]) == "ar"
    assert rules.default_plan_language([]) == "en"


def test_change_texts_end_with_one_full_stop() -> None:
    from models.dto import PlanDraftDTO, PlanGoalDTO
    from models.enums import RecoveryDomain
    from models.rules.support_plan import diff_versions

    goal = PlanGoalDTO(domain=RecoveryDomain.SAFETY, survivor_words="I want to sleep.")
    old = PlanDraftDTO(goals=(goal,))
    new = PlanDraftDTO(goals=(dataclasses.replace(goal, survivor_words="I want to rest"),))
    texts = [c.text for c in diff_versions(old, new)] + [c.text for c in diff_versions(new, old)]
    assert texts and all(t.endswith(".") or t.endswith(".”") for t in texts)
    assert not any(t.endswith(".”.") or t.endswith("..") for t in texts)
