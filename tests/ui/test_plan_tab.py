"""The support plan tab in the case workspace, against a real SQLCipher vault with database work
run synchronously: starting, typing, autosave, read-only agreed versions, new drafts, what
changed, stale saves, agreeing and printing."""

from __future__ import annotations

import sys
import types
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.dto import (
    CaseFields,
    LanguageDTO,
    NewCase,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
)
from models.enums import ActionStatus, CaseKind, PlanStatus, RecoveryDomain, ReferralSource
from ui.case import discard_prompt
from ui.case.workspace import CaseWorkspace
from ui.operations import Changes
from ui.plan import agree_dialog, confirm
from ui.plan.agree_dialog import NOT_TICKED, AgreeDialog
from ui.plan.draft_autosaver import PENDING_TEXT
from ui.plan.plan_tab import PRINT_UNAVAILABLE
from ui.plan.plan_view import NO_PLAN_TEXT, READ_ONLY_TEXT

TODAY = date(2026, 11, 25)  # UI_TODAY in conftest
SAFETY = RecoveryDomain.SAFETY


def support_case(kind: CaseKind = CaseKind.SUPPORT_PLAN) -> NewCase:
    return NewCase(
        fields=CaseFields(
            kind=kind,
            opened_on=date(2026, 3, 2),
            referral_source=ReferralSource.POLICE_FORCE,
            title="Op Heron advice" if kind is CaseKind.STRATEGIC_ADVICE else "",
        ),
        person=PersonFields(
            given_names="Thi Hoa",
            family_name="Nguyễn",
            known_as="Hoa",
            languages=(LanguageDTO("en"), LanguageDTO("vi", preferred_for_documents=True)),
        )
        if kind is CaseKind.SUPPORT_PLAN
        else None,
    )


def plan_content() -> PlanDraftDTO:
    return PlanDraftDTO(
        language="vi",
        survivor_priorities="See my daughter",
        safety_plan="Call 999 in an emergency",
        goals=(
            PlanGoalDTO(
                domain=RecoveryDomain.MENTAL_HEALTH,
                survivor_words="I want to sleep at night",
                review_date=date(2027, 2, 1),
                actions=(
                    PlanActionDTO(
                        "Refer to counselling", "Navigator", date(2026, 11, 20),
                        ActionStatus.IN_PROGRESS,
                    ),
                ),
            ),
        ),
    )  # fmt: skip


@pytest.fixture
def case_id(vault_services) -> int:
    return vault_services.create_case(support_case()).id


@pytest.fixture
def agreed_case(vault_services, case_id) -> int:
    draft = vault_services.start_plan_draft(case_id)
    saved = vault_services.save_plan_draft(draft.id, draft.version, plan_content())
    vault_services.agree_plan(saved.id, saved.version, date(2026, 11, 2), True)
    return case_id


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Answer yes to "discard?" and "remove?", and record the questions."""
    questions: list[str] = []

    def ask(_parent, message: str, *_args) -> bool:
        questions.append(message)
        return True

    monkeypatch.setattr(discard_prompt, "ask_discard", ask)
    monkeypatch.setattr(confirm, "ask_remove", ask)
    return questions


def open_plan(qtbot, case_id, services, worker, bus) -> CaseWorkspace:
    workspace = CaseWorkspace(case_id, services, worker, bus)
    qtbot.addWidget(workspace)
    workspace.resize(1200, 800)
    workspace.show_tab("plan")
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow)
    assert workspace.tabs.currentWidget() is workspace.plan
    return workspace


def stored(services, case_id):
    return services.support_plan(case_id).current


def test_only_support_plan_cases_have_the_tab(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    advice = vault_services.create_case(support_case(CaseKind.STRATEGIC_ADVICE)).id
    workspace = CaseWorkspace(advice, vault_services, sync_worker, change_bus)
    qtbot.addWidget(workspace)
    texts = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert "Support plan" not in texts and workspace.plan is None

    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Support plan"


def test_empty_state_then_start_a_plan(
    qtbot, vault_services, case_id, sync_worker, change_bus, published
):
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    assert tab.view.stack.currentWidget() is tab.view.empty_page
    assert tab.view.empty_label.text() == NO_PLAN_TEXT
    assert not tab.agree_button.isVisible() and not tab.print_button.isVisible()

    qtbot.mouseClick(tab.view.start_button, Qt.MouseButton.LeftButton)

    draft = stored(vault_services, case_id)
    assert draft.status is PlanStatus.DRAFTED and draft.number == 1
    assert tab.view.stack.currentWidget() is tab.view.body
    assert tab.editor.language.tag() == "vi"  # the survivor's document language
    assert tab.editor.priorities.isEnabled() and tab.agree_button.isVisible()
    assert tab.view.version_bar.status.text() == "Draft"
    assert tab.editor.priorities.hasFocus()
    assert Changes(cases=frozenset({case_id}), audit=True) in published


def test_typed_goals_and_actions_are_autosaved(
    qtbot, vault_services, case_id, sync_worker, change_bus, published
):
    vault_services.start_plan_draft(case_id)
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    tab.autosaver.timer.setInterval(50)  # the real delay is two seconds
    editor = tab.editor

    editor.priorities.setFocus()
    qtbot.keyClicks(editor.priorities, "See my daughter")
    assert tab.save_status.text() == PENDING_TEXT
    assert workspace.has_unsaved_changes()
    section = editor.sections[SAFETY]
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    goal = section.editors()[0]
    assert goal.words.hasFocus()
    qtbot.keyClicks(goal.words, "I want to feel safe at home")
    qtbot.keyClick(goal.words, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert goal.actions.what.hasFocus()  # Ctrl+Enter added an action row
    qtbot.keyClicks(goal.actions.what, "Ask the council about housing")
    qtbot.keyClick(goal.actions.what, Qt.Key.Key_Tab)
    qtbot.keyClicks(goal.actions.who, "Navigator")
    assert goal.actions.table.item(0, 0).text() == "Ask the council about housing"

    def saved() -> bool:
        content = stored(vault_services, case_id).content
        return bool(content.goals) and content.goals[0].actions[0].who == "Navigator"

    qtbot.waitUntil(saved, timeout=3000)

    content = stored(vault_services, case_id).content
    assert content.survivor_priorities == "See my daughter"
    [safety] = content.goals
    assert (safety.domain, safety.survivor_words) == (SAFETY, "I want to feel safe at home")
    assert safety.actions[0].what == "Ask the council about housing"
    assert safety.key == goal.key  # the editor keeps the identities the store holds
    assert safety.actions[0].key == goal.actions.actions()[0].key
    assert tab.save_status.text().startswith("Draft saved ")
    assert not workspace.has_unsaved_changes()
    assert Changes(cases=frozenset({case_id}), audit=True) in published


def test_ctrl_s_saves_at_once(qtbot, vault_services, case_id, sync_worker, change_bus):
    vault_services.start_plan_draft(case_id)
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    editor = workspace.plan.editor
    editor.safety_plan.setFocus()
    qtbot.keyClicks(editor.safety_plan, "Call 999")
    assert workspace.plan.autosaver.timer.isActive()

    qtbot.keyClick(editor.safety_plan, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert stored(vault_services, case_id).content.safety_plan == "Call 999"
    assert not workspace.plan.autosaver.timer.isActive()


def test_del_removes_the_selected_action_after_confirmation(
    qtbot, vault_services, case_id, sync_worker, change_bus, monkeypatch
):
    draft = vault_services.start_plan_draft(case_id)
    vault_services.save_plan_draft(draft.id, draft.version, plan_content())
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    actions = workspace.plan.editor.sections[RecoveryDomain.MENTAL_HEALTH].editors()[0].actions
    answers = [False, True]
    questions: list[str] = []

    def ask(_parent, message, *_args):
        questions.append(message)
        return answers.pop(0)

    monkeypatch.setattr(confirm, "ask_remove", ask)
    actions.table.setFocus()
    actions.table.setCurrentCell(0, 0)

    qtbot.keyClick(actions.table, Qt.Key.Key_Delete)
    assert len(actions.actions()) == 1  # "Keep it"
    qtbot.keyClick(actions.table, Qt.Key.Key_Delete)

    assert questions == ["Remove “Refer to counselling” from the goal?"] * 2
    assert actions.actions() == ()
    workspace.save()
    assert stored(vault_services, case_id).content.goals[0].actions == ()


def test_agreed_version_is_read_only_and_a_save_changes_nothing(
    qtbot, vault_services, agreed_case, sync_worker, change_bus, published
):
    before = stored(vault_services, agreed_case)
    workspace = open_plan(qtbot, agreed_case, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    editor = tab.editor
    goal = editor.sections[RecoveryDomain.MENTAL_HEALTH].editors()[0]

    assert tab.view.read_only_note.text() == READ_ONLY_TEXT
    assert tab.view.version_bar.status.text() == "Agreed on 2 Nov 2026"
    for widget in (editor.language, editor.interpreter_name, editor.priorities, goal.words,
                   goal.review_date, goal.actions.what, goal.actions.status):  # fmt: skip
        assert not widget.isEnabled()
    assert not goal.actions.add_button.isVisible()
    assert not editor.sections[SAFETY].add_button.isVisible()
    assert not tab.agree_button.isVisible() and tab.review_button.isVisible()

    editor.priorities.setPlainText("Changed behind the disabled field")
    goal.actions.add_action()
    workspace.save()
    tab.autosaver.flush()

    after = stored(vault_services, agreed_case)
    assert (after.id, after.version, after.content) == (before.id, before.version, before.content)
    assert published == []
    assert not workspace.has_unsaved_changes()


def test_new_draft_copies_the_agreed_plan_and_lists_what_changed(
    qtbot, vault_services, agreed_case, sync_worker, change_bus
):
    agreed = stored(vault_services, agreed_case)
    workspace = open_plan(qtbot, agreed_case, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    buttons = tab.view.read_only_note.action_buttons()
    [start] = [b for b in buttons if "new draft" in b.text().replace("&", "").lower()]

    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)

    draft = stored(vault_services, agreed_case)
    assert (draft.number, draft.status, draft.based_on_id) == (2, PlanStatus.DRAFTED, agreed.id)
    assert tab.editor.content() == agreed.content  # same words, same keys
    assert tab.editor.priorities.isEnabled()
    assert tab.view.version_bar.title.text() == "Version 2"
    assert "No changes yet" in tab.view.changes.note.text()

    goal = tab.editor.sections[RecoveryDomain.MENTAL_HEALTH].editors()[0]
    goal.words.setFocus()
    goal.words.selectAll()
    qtbot.keyClicks(goal.words, "I want to sleep through the night")
    tab.save_now()

    assert tab.view.changes.texts() == [
        "Mental health: goal “I want to sleep at night” now reads "
        "“I want to sleep through the night”."
    ]
    assert stored(vault_services, agreed_case).content.goals[0].survivor_words == (
        "I want to sleep through the night"
    )
    assert vault_services.support_plan(agreed_case).versions[0].status is PlanStatus.AGREED

    # The agreed version is still there to look at, read-only.
    tab.show_version(agreed.id)
    assert tab.shown_version().id == agreed.id
    assert tab.editor.content().goals[0].survivor_words == "I want to sleep at night"
    assert not tab.editor.priorities.isEnabled()
    assert [b.text() for b in tab.view.read_only_note.action_buttons()] == ["Show the &draft"]


def test_stale_autosave_keeps_what_was_typed_and_offers_reload(
    qtbot, vault_services, case_id, sync_worker, change_bus, asked
):
    draft = vault_services.start_plan_draft(case_id)
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    # Another window saves the draft meanwhile; this tab does not hear of it.
    vault_services.save_plan_draft(
        draft.id, draft.version, replace(draft.content, safety_plan="From the other window")
    )
    tab.editor.priorities.setFocus()
    qtbot.keyClicks(tab.editor.priorities, "Typed here")

    tab.autosaver.flush()  # what the timer does after two seconds

    banner = tab.stale_banner.text()
    assert "changed after you opened it" in banner
    assert "What you typed is still in the form" in banner
    assert tab.editor.priorities.toPlainText() == "Typed here"
    assert stored(vault_services, case_id).content.survivor_priorities == ""
    assert workspace.has_unsaved_changes()
    qtbot.keyClicks(tab.editor.priorities, " and more")
    assert not tab.autosaver.timer.isActive()  # no repeat of the same refusal

    [_copy, reload] = tab.stale_banner.action_buttons()
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)

    assert asked and "Reload the plan?" in asked[0]
    assert tab.stale_banner.text() == ""
    assert tab.editor.safety_plan.toPlainText() == "From the other window"
    assert tab.editor.priorities.toPlainText() == ""
    assert not workspace.has_unsaved_changes()


def test_validation_problems_from_the_services_mark_the_field(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    vault_services.start_plan_draft(case_id)
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    goal = tab.editor.sections[SAFETY].add_goal()
    goal.actions.add_action()
    goal.actions.who.setFocus()
    qtbot.keyClicks(goal.actions.who, "x" * 201)

    workspace.save()

    assert "Safety, goal 1, action 1: who does it is too long" in tab.messages.text()
    assert goal.actions.who.property("invalid") is True
    assert goal.actions.who.hasFocus()
    assert goal.actions.who.text() == "x" * 201  # nothing typed is lost
    assert stored(vault_services, case_id).content.goals == ()

    goal.actions.who.setText("Navigator")
    goal.actions.who.textEdited.emit("Navigator")
    workspace.save()
    assert tab.messages.text() == ""
    assert goal.actions.who.property("invalid") is False
    assert stored(vault_services, case_id).content.goals[0].actions[0].who == "Navigator"


def test_agree_dialog_refuses_without_the_survivor_checkbox(qtbot):
    dialog = AgreeDialog(TODAY, 2, "version 1, agreed on 2 Nov 2026")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.agreed_on() == TODAY

    qtbot.mouseClick(dialog.agree_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert NOT_TICKED in dialog.messages.text()
    assert dialog.by_survivor.property("invalid") is True

    dialog.by_survivor.setChecked(True)
    qtbot.mouseClick(dialog.agree_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_agreeing_saves_first_then_records_the_agreement(
    qtbot, vault_services, case_id, sync_worker, change_bus, published, monkeypatch
):
    draft = vault_services.start_plan_draft(case_id)
    vault_services.save_plan_draft(draft.id, draft.version, plan_content())
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(
        agree_dialog,
        "ask_agreement",
        lambda _parent, _today, number, replaces: (
            asked.append((number, replaces)) or date(2026, 11, 20)
        ),
    )
    tab.editor.safety_plan.setFocus()
    qtbot.keyClick(tab.editor.safety_plan, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tab.editor.safety_plan, " or 101")  # not yet autosaved

    qtbot.mouseClick(tab.agree_button, Qt.MouseButton.LeftButton)

    plan = stored(vault_services, case_id)
    assert asked == [(1, "")]
    assert (plan.status, plan.agreed_on) == (PlanStatus.AGREED, date(2026, 11, 20))
    assert plan.content.safety_plan == "Call 999 in an emergency or 101"
    assert tab.messages.text().startswith("Version 1 agreed on 20 Nov 2026.")
    assert not tab.editor.safety_plan.isEnabled()
    assert Changes(cases=frozenset({case_id}), audit=True) in published


def test_an_incomplete_plan_is_not_offered_for_agreement(
    qtbot, vault_services, case_id, sync_worker, change_bus, monkeypatch
):
    vault_services.start_plan_draft(case_id)
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    monkeypatch.setattr(agree_dialog, "ask_agreement", lambda *_a: pytest.fail("asked"))
    goal = tab.editor.sections[SAFETY].add_goal()

    tab.agree()

    text = tab.messages.text()
    assert text.startswith("The plan cannot be agreed yet:")
    assert "Safety, goal 1: write the goal in the survivor's own words." in text
    assert goal.words.property("invalid") is True and goal.words.hasFocus()
    assert stored(vault_services, case_id).status is PlanStatus.DRAFTED


def test_mark_as_reviewed(qtbot, vault_services, agreed_case, sync_worker, change_bus, monkeypatch):
    from ui.plan import review_dialog

    monkeypatch.setattr(review_dialog, "ask_review", lambda *_a: date(2026, 11, 24))
    workspace = open_plan(qtbot, agreed_case, vault_services, sync_worker, change_bus)

    qtbot.mouseClick(workspace.plan.review_button, Qt.MouseButton.LeftButton)

    plan = stored(vault_services, agreed_case)
    assert (plan.status, plan.reviewed_on) == (PlanStatus.REVIEWED, date(2026, 11, 24))
    assert workspace.plan.view.version_bar.status.text().startswith("Reviewed on 24 Nov 2026")


def test_print_calls_the_preview_or_says_it_is_not_available(
    qtbot, vault_services, agreed_case, sync_worker, change_bus, monkeypatch
):
    workspace = open_plan(qtbot, agreed_case, vault_services, sync_worker, change_bus)
    tab = workspace.plan
    version_id = stored(vault_services, agreed_case).id

    monkeypatch.setitem(sys.modules, "ui.plan.print_preview", None)  # import fails
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert tab.messages.text() == PRINT_UNAVAILABLE

    calls = []
    fake = types.ModuleType("ui.plan.print_preview")
    fake.open_plan_preview = lambda *args, **kwargs: calls.append((args, kwargs))
    monkeypatch.setitem(sys.modules, "ui.plan.print_preview", fake)
    qtbot.mouseClick(tab.print_large_button, Qt.MouseButton.LeftButton)
    assert calls == [
        (
            (tab, vault_services, sync_worker, version_id),
            {"large_type": True, "change_bus": change_bus},
        )
    ]


def test_closing_with_unsaved_plan_edits_asks(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    vault_services.start_plan_draft(case_id)
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.plan.editor.priorities.setFocus()
    qtbot.keyClicks(workspace.plan.editor.priorities, "Not yet saved")
    questions: list[str] = []

    assert not workspace.confirm_close(lambda _p, m: questions.append(m) or False)

    assert questions == [
        "You have unsaved edits to the support plan draft. Close this case and discard them?"
    ]


def test_tab_visits_the_goals_in_domain_order(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    draft = vault_services.start_plan_draft(case_id)
    vault_services.save_plan_draft(draft.id, draft.version, plan_content())
    workspace = open_plan(qtbot, case_id, vault_services, sync_worker, change_bus)
    editor = workspace.plan.editor
    mental = editor.sections[RecoveryDomain.MENTAL_HEALTH]
    safety = editor.sections[SAFETY]
    new_goal = safety.add_goal()  # created last, yet visited in its place

    editor.safety_plan.setFocus()
    qtbot.keyClick(editor.safety_plan, Qt.Key.Key_Tab)
    assert mental.editors()[0].words.hasFocus()

    mental.editors()[0].remove_button.setFocus()
    qtbot.keyClick(mental.editors()[0].remove_button, Qt.Key.Key_Tab)
    assert mental.add_button.hasFocus()

    editor.sections[RecoveryDomain.SOCIAL_CONNECTION].add_button.setFocus()
    qtbot.keyClick(editor.sections[RecoveryDomain.SOCIAL_CONNECTION].add_button, Qt.Key.Key_Tab)
    assert new_goal.words.hasFocus()
