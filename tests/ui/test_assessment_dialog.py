"""The assessment dialog against a real SQLCipher vault, with database work run synchronously:
keyboard-only entry, the previous scores beside each row, live disagreement, the anchored scale,
refused saves that keep what was typed, stale corrections, and Esc."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.dto import AssessmentDraft, CaseFields, DomainScoreDTO, NewCase, PersonFields
from models.enums import AssessmentKind, CaseKind, Perspective, RecoveryDomain, ReferralSource
from models.rules.assessment_scale import descriptor
from models.rules.recovery_change import DOMAINS
from models.services.assessments import STALE_ASSESSMENT_MESSAGE
from ui.assessment.assessment_dialog import (
    COPIED_TEXT,
    DISCARD_QUESTION,
    NOT_SAVED_TITLE,
    AssessmentDialog,
)
from ui.assessment.score_grid import (
    COL_GOAL,
    COL_NAVIGATOR,
    COL_SURVIVOR,
    DIFFER_TEXT,
    SCORE_HINT,
)
from ui.case import discard_prompt

from .conftest import UI_TODAY

OPENED = date(2026, 3, 2)
INTAKE_ON = date(2026, 3, 4)
MENTAL, PHYSICAL, FINANCIAL, SOCIAL, SAFETY, LEGAL = DOMAINS


def new_case(services) -> int:
    return services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=OPENED,
                referral_source=ReferralSource.NGO,
            ),
            person=PersonFields(known_as="Hoa"),
        )
    ).id


def draft(kind, on, survivor, navigator, **notes) -> AssessmentDraft:
    return AssessmentDraft(
        kind,
        on,
        tuple(
            DomainScoreDTO(d, s, n, **(notes if d is MENTAL else {}))
            for d, s, n in zip(DOMAINS, survivor, navigator, strict=True)
        ),
    )


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch):
    """Closing a dialog at teardown must not wait on a question nobody answers; tests about
    the question replace this answer with their own."""
    monkeypatch.setattr(discard_prompt, "ask_discard", lambda *_args: True)


@pytest.fixture
def case_id(vault_services) -> int:
    return new_case(vault_services)


@pytest.fixture
def open_dialog(qtbot, vault_services, sync_worker, ini_settings):
    def make(case_id: int, editing=None) -> AssessmentDialog:
        dialog = AssessmentDialog(
            vault_services.recovery(case_id),
            vault_services,
            sync_worker,
            lambda: UI_TODAY,
            editing=editing,
            settings=ini_settings,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    return make


def press(qtbot, *keys) -> None:
    """Type as a keyboard does: each key goes to whichever widget has the focus now."""
    for key in keys:
        if isinstance(key, tuple):
            qtbot.keyClick(QApplication.focusWidget(), *key)
        elif isinstance(key, str):
            for character in key:
                qtbot.keyClick(QApplication.focusWidget(), character)
        else:
            qtbot.keyClick(QApplication.focusWidget(), key)


BACKTAB = (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
SAVE = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_an_intake_entered_with_the_keyboard_alone_saves_exactly_what_was_typed(
    qtbot, vault_services, case_id, open_dialog
):
    dialog = open_dialog(case_id)
    assert QApplication.focusWidget() is dialog.grid
    assert dialog.kind.value() is AssessmentKind.INTAKE  # the intake is due
    assert dialog.date.date() == UI_TODAY
    assert dialog.grid.isColumnHidden(0)  # nothing to compare with yet

    # Digits set a score and move on: survivor, navigator, then the next domain.
    press(qtbot, "23", "44", "1")
    press(qtbot, "5")  # a slip: the cursor has moved on to social connection
    press(qtbot, Qt.Key.Key_Up, Qt.Key.Key_Right)
    assert (dialog.grid.currentRow(), dialog.grid.currentColumn()) == (2, COL_NAVIGATOR)
    press(qtbot, Qt.Key.Key_Delete)  # clears it to "not scored"
    press(qtbot, Qt.Key.Key_Down, Qt.Key.Key_Left, "3", Qt.Key.Key_Return)  # Enter skips one
    assert (dialog.grid.currentRow(), dialog.grid.currentColumn()) == (4, COL_SURVIVOR)
    press(qtbot, BACKTAB, "Join a choir", BACKTAB, "Goes to church on Sundays")
    press(qtbot, BACKTAB, "I feel less alone")
    press(qtbot, SAVE)

    assert not dialog.isVisible()
    saved = vault_services.recovery(case_id).assessments
    assert len(saved) == 1
    assert saved[0].kind is AssessmentKind.INTAKE and saved[0].assessed_on == UI_TODAY
    assert saved[0].scores == (
        DomainScoreDTO(MENTAL, 2, 3),
        DomainScoreDTO(PHYSICAL, 4, 4),
        DomainScoreDTO(FINANCIAL, 1, None),
        DomainScoreDTO(
            SOCIAL, 3, None, "I feel less alone", "Goes to church on Sundays", "Join a choir"
        ),
        DomainScoreDTO(SAFETY),
        DomainScoreDTO(LEGAL),
    )


def test_tab_goes_through_scores_notes_and_goal_row_by_row_then_leaves_the_grid(
    qtbot, case_id, open_dialog
):
    dialog = open_dialog(case_id)
    grid = dialog.grid
    seen = [(grid.currentRow(), grid.currentColumn())]
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append((grid.currentRow(), grid.currentColumn()))
        if grid.state() == grid.State.EditingState:
            press(qtbot, Qt.Key.Key_Escape)  # a note cell opened for writing: leave it empty
    assert [column for _row, column in seen] == [1, 2, 4, 5, 6, 1]
    assert [row for row, _column in seen] == [0, 0, 0, 0, 0, 1]

    grid.setCurrentCell(5, COL_GOAL)
    grid.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.save_button


def test_previous_scores_are_shown_beside_each_row_of_a_new_assessment(
    qtbot, vault_services, case_id, open_dialog
):
    vault_services.record_assessment(
        case_id,
        draft(AssessmentKind.INTAKE, INTAKE_ON, (2, 3, 1, None, 4, 5), (3, 3, 2, 2, 4, 4)),
    )
    dialog = open_dialog(case_id)
    assert not dialog.grid.isColumnHidden(0)
    assert dialog.grid.previous_texts() == [
        "was 2 / 3", "was 3 / 3", "was 1 / 2", "was — / 2", "was 4 / 4", "was 5 / 4",
    ]  # fmt: skip
    assert "intake of 4 Mar 2026" in dialog.compared_label.text()
    assert dialog.kind.value() is AssessmentKind.REVIEW  # the review is what is due next
    # The new one starts empty: the previous scores are shown, never copied in.
    assert all(
        e.survivor_score is None and e.navigator_score is None for e in dialog.draft().scores
    )


def test_disagreement_is_marked_as_it_is_typed(qtbot, case_id, open_dialog):
    dialog = open_dialog(case_id)
    press(qtbot, "24")
    assert dialog.grid.views_texts()[0] == DIFFER_TEXT
    assert "never averaged" in dialog.grid.item(0, 3).toolTip()
    dialog.grid.setCurrentCell(0, COL_NAVIGATOR)
    press(qtbot, "2")
    assert dialog.grid.views_texts()[0] == ""
    press(qtbot, "3")  # physical health: only the survivor scored, so nothing to compare
    assert dialog.grid.views_texts()[1] == ""


def test_the_anchor_of_the_score_under_the_cursor_is_shown(qtbot, case_id, open_dialog):
    dialog = open_dialog(case_id)
    assert "Mental health, survivor's score: not scored" in dialog.guide.plain_text()
    press(qtbot, "2")  # moves on to the navigator's score of mental health
    press(qtbot, BACKTAB)
    text = dialog.guide.plain_text()
    assert text.startswith("Mental health, survivor's score: 2 Struggling.")
    assert descriptor(MENTAL, 2) in text
    assert descriptor(MENTAL, 2) in dialog.guide.text()
    assert descriptor(MENTAL, 2) in dialog.grid.item(0, COL_SURVIVOR).toolTip()
    press(qtbot, Qt.Key.Key_Down, "5")
    assert descriptor(PHYSICAL, 5) in dialog.grid.item(1, COL_SURVIVOR).toolTip()


def test_a_digit_outside_the_scale_changes_nothing_and_says_why(qtbot, case_id, open_dialog):
    dialog = open_dialog(case_id)
    press(qtbot, "7")
    assert dialog.grid.score(MENTAL, Perspective.SURVIVOR) is None
    assert dialog.messages.text() == SCORE_HINT
    assert (dialog.grid.currentRow(), dialog.grid.currentColumn()) == (0, COL_SURVIVOR)
    press(qtbot, "1")
    assert dialog.grid.score(MENTAL, Perspective.SURVIVOR) == 1
    assert dialog.messages.text() == ""


def test_a_review_before_any_intake_is_refused_and_keeps_the_scores(
    qtbot, vault_services, case_id, open_dialog
):
    dialog = open_dialog(case_id)
    dialog.kind.set_value(AssessmentKind.REVIEW)
    dialog.grid.setFocus()
    press(qtbot, "34", "2")
    dialog.grid.setCurrentCell(0, 4)
    press(qtbot, "Sleeping better")
    press(qtbot, SAVE)

    assert dialog.isVisible()
    assert NOT_SAVED_TITLE in dialog.messages.text()
    assert "Record the intake assessment first" in dialog.messages.text()
    assert dialog.kind.property("invalid") is True
    entries = dialog.draft().scores
    assert (entries[0].survivor_score, entries[0].navigator_score) == (3, 4)
    assert entries[0].survivor_note == "Sleeping better"
    assert entries[1].survivor_score == 2
    assert vault_services.recovery(case_id).assessments == ()


def test_a_future_date_is_refused_and_marked(qtbot, vault_services, case_id, open_dialog):
    dialog = open_dialog(case_id)
    press(qtbot, "33")
    dialog.date.setDate(UI_TODAY + timedelta(days=1))
    dialog.save()
    assert "The assessment date cannot be in the future." in dialog.messages.text()
    assert dialog.date.date_edit().property("invalid") is True
    assert dialog.grid.score(MENTAL, Perspective.NAVIGATOR) == 3
    assert dialog.save_button.isEnabled() and dialog.isVisible()
    assert vault_services.recovery(case_id).assessments == ()

    dialog.date.setDate(UI_TODAY)
    assert dialog.date.date_edit().property("invalid") is False
    dialog.save()
    assert len(vault_services.recovery(case_id).assessments) == 1


def test_a_correction_is_saved_over_the_version_opened(qtbot, vault_services, case_id, open_dialog):
    intake = vault_services.record_assessment(
        case_id, draft(AssessmentKind.INTAKE, INTAKE_ON, (2,) * 6, (3,) * 6, goal="Sleep")
    )
    dialog = open_dialog(case_id, editing=intake)
    assert dialog.kind.value() is AssessmentKind.INTAKE
    assert dialog.date.date() == INTAKE_ON
    assert dialog.grid.entries() == intake.scores
    assert dialog.intro.text().startswith("Correcting the intake of 4 Mar 2026")
    saved = []
    dialog.saved.connect(saved.append)
    dialog.grid.setCurrentCell(2, COL_SURVIVOR)
    press(qtbot, "4")
    press(qtbot, SAVE)

    stored = vault_services.recovery(case_id).assessments
    assert len(stored) == 1 and stored[0].id == intake.id
    assert stored[0].score(FINANCIAL, Perspective.SURVIVOR) == 4
    assert stored[0].domain(MENTAL).goal == "Sleep"
    assert stored[0].version > intake.version
    assert saved and saved[0].id == intake.id


def test_a_stale_correction_is_refused_with_the_message_and_the_dialog_stays_open(
    qtbot, vault_services, case_id, open_dialog
):
    intake = vault_services.record_assessment(
        case_id, draft(AssessmentKind.INTAKE, INTAKE_ON, (2,) * 6, (3,) * 6)
    )
    dialog = open_dialog(case_id, editing=intake)
    # Someone else corrects it in the meantime.
    vault_services.update_assessment(
        intake.id, intake.version, draft(AssessmentKind.INTAKE, INTAKE_ON, (1,) * 6, (1,) * 6)
    )
    press(qtbot, "5")
    press(qtbot, SAVE)

    assert dialog.isVisible()
    assert STALE_ASSESSMENT_MESSAGE in dialog.messages.text()
    assert dialog.grid.score(MENTAL, Perspective.SURVIVOR) == 5  # still there
    buttons = [b.text() for b in dialog.messages.action_buttons()]
    assert buttons == ["&Copy my entries", "Close and &reload (discards your entries)"]
    stored = vault_services.recovery(case_id).assessments[0]
    assert stored.score(MENTAL, Perspective.SURVIVOR) == 1  # the other change stands

    copied = dialog.messages.action_buttons()[0]
    copied.click()
    assert "Mental health: survivor 5 Thriving" in QApplication.clipboard().text()
    assert COPIED_TEXT in dialog.messages.text()
    assert STALE_ASSESSMENT_MESSAGE in dialog.messages.text()  # the way out is still there

    reloads = []
    dialog.reload_requested.connect(lambda: reloads.append(True))
    dialog.messages.action_buttons()[1].click()
    assert reloads == [True] and not dialog.isVisible()


def test_escape_with_unsaved_entries_asks_before_discarding(
    qtbot, vault_services, case_id, open_dialog, monkeypatch
):
    answers = [False, True]
    asked = []

    def ask(_parent, message: str) -> bool:
        asked.append(message)
        return answers.pop(0)

    monkeypatch.setattr(discard_prompt, "ask_discard", ask)
    dialog = open_dialog(case_id)
    press(qtbot, "2")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == [DISCARD_QUESTION] and dialog.isVisible()  # "Keep editing"
    assert dialog.grid.score(MENTAL, Perspective.SURVIVOR) == 2
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert vault_services.recovery(case_id).assessments == ()


def test_escape_while_writing_a_note_only_leaves_the_note(qtbot, case_id, open_dialog, monkeypatch):
    asked = []
    monkeypatch.setattr(discard_prompt, "ask_discard", lambda *a: asked.append(a) or False)
    dialog = open_dialog(case_id)
    dialog.grid.setCurrentCell(0, 4)
    press(qtbot, "Half a thought")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == []
    assert dialog.grid.entries()[0].survivor_note == ""


def test_escape_with_nothing_entered_closes_without_asking(
    qtbot, case_id, open_dialog, monkeypatch
):
    monkeypatch.setattr(
        discard_prompt, "ask_discard", lambda *a: pytest.fail("asked with nothing to lose")
    )
    dialog = open_dialog(case_id)
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_domains_a_problem_is_about_are_marked(qtbot, case_id, open_dialog):
    from models.errors import FieldProblem, ValidationError

    dialog = open_dialog(case_id)
    dialog._on_failed(
        ValidationError([FieldProblem(RecoveryDomain.SAFETY.value, "A note is too long.")])
    )
    header = dialog.grid.verticalHeaderItem(DOMAINS.index(SAFETY)).text()
    assert header == "⚠ Safety"
    assert "A note is too long." in dialog.messages.text()
    assert dialog.grid.currentRow() == DOMAINS.index(SAFETY)
