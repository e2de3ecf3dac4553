"""The Recovery tab of the case workspace against a real SQLCipher vault, with database work run
synchronously: the empty state, recording an assessment from the keyboard, the list, the change
table, the radar and trend charts (their plotted numbers), corrections and the recovery summary."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select

from models.dto import AssessmentDraft, CaseFields, DomainScoreDTO, NewCase, PersonFields
from models.entities import AuditEntry
from models.enums import AssessmentKind, AuditAction, CaseKind, Perspective, ReferralSource
from models.rules.recovery_change import DOMAINS
from ui.assessment.change_table import VIEWS_DIFFER
from ui.case import discard_prompt
from ui.case.workspace import CaseWorkspace
from ui.operations import Changes

from .window_support import build_main_window

OPENED = date(2026, 3, 2)
INTAKE_ON = date(2026, 3, 4)
REVIEW_ON = date(2026, 7, 6)
MENTAL, PHYSICAL, FINANCIAL, SOCIAL, SAFETY, LEGAL = DOMAINS
SURVIVOR, NAVIGATOR = Perspective.SURVIVOR, Perspective.NAVIGATOR
INTAKE_SCORES = ((1, 2, 1, 1, 2, 1), (2, 2, 1, 2, 1, 1))
REVIEW_SCORES = ((2, 3, 2, 2, 3, None), (2, 3, 3, 3, 3, 2))


def new_case(services, kind: CaseKind = CaseKind.SUPPORT_PLAN) -> int:
    return services.create_case(
        NewCase(
            fields=CaseFields(
                kind=kind,
                opened_on=OPENED,
                referral_source=ReferralSource.NGO,
                title="Op Heron advice" if kind is CaseKind.STRATEGIC_ADVICE else "",
            ),
            person=PersonFields(given_names="Thi Hoa", known_as="Hoa")
            if kind is CaseKind.SUPPORT_PLAN
            else None,
        )
    ).id


def draft(kind, on, scores) -> AssessmentDraft:
    survivor, navigator = scores
    return AssessmentDraft(
        kind,
        on,
        tuple(
            DomainScoreDTO(d, s, n) for d, s, n in zip(DOMAINS, survivor, navigator, strict=True)
        ),
    )


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch):
    """A dialog closed at teardown must not wait on a question nobody answers."""
    monkeypatch.setattr(discard_prompt, "ask_discard", lambda *_args: True)


@pytest.fixture
def case_id(vault_services) -> int:
    return new_case(vault_services)


@pytest.fixture
def assessed_case(vault_services, case_id) -> int:
    vault_services.record_assessment(
        case_id, draft(AssessmentKind.INTAKE, INTAKE_ON, INTAKE_SCORES)
    )
    vault_services.record_assessment(
        case_id, draft(AssessmentKind.REVIEW, REVIEW_ON, REVIEW_SCORES)
    )
    return case_id


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def open_recovery(qtbot, vault_services, sync_worker, change_bus, ini_settings):
    def make(case_id: int) -> CaseWorkspace:
        workspace = CaseWorkspace(case_id, vault_services, sync_worker, change_bus)
        qtbot.addWidget(workspace)
        workspace.resize(1200, 800)
        workspace.show_tab("recovery")  # asked before the case has loaded
        workspace.show()
        qtbot.waitExposed(workspace)
        workspace.activateWindow()
        qtbot.waitUntil(workspace.isActiveWindow)
        assert workspace.tabs.currentWidget() is workspace.recovery
        workspace.recovery._settings = ini_settings  # dialogs remember their size here
        return workspace

    return make


def press(qtbot, *keys) -> None:
    for key in keys:
        if isinstance(key, tuple):
            qtbot.keyClick(QApplication.focusWidget(), *key)
        elif isinstance(key, str):
            for character in key:
                qtbot.keyClick(QApplication.focusWidget(), character)
        else:
            qtbot.keyClick(QApplication.focusWidget(), key)


CTRL_N = (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
CTRL_S = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_the_tab_comes_after_the_support_plan_and_only_for_support_plan_cases(
    qtbot, vault_services, sync_worker, change_bus, case_id, open_recovery
):
    workspace = open_recovery(case_id)
    texts = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert texts.index("Recovery") == texts.index("Support plan") + 1

    advice = new_case(vault_services, CaseKind.STRATEGIC_ADVICE)
    other = CaseWorkspace(advice, vault_services, sync_worker, change_bus)
    qtbot.addWidget(other)
    other.show_tab("recovery")
    texts = [other.tabs.tabText(i) for i in range(other.tabs.count())]
    assert "Recovery" not in texts and other.recovery is None
    assert other.tabs.currentWidget() is other.overview


def test_empty_state_then_an_intake_recorded_with_the_keyboard(
    qtbot, vault_services, case_id, open_recovery, published
):
    workspace = open_recovery(case_id)
    tab = workspace.recovery
    assert tab.stack.currentWidget() is tab.empty_page
    assert tab.empty_label.text().startswith(
        "No assessment yet. The intake assessment is due on 2 Mar 2026 (overdue by 268 days)."
    )
    assert "Ctrl+N" in tab.empty_label.text()
    assert tab.due_label.text() == "Intake assessment overdue by 268 days (due 2 Mar 2026)"
    assert tab.due_label.property("overdue") is True

    tab.empty_new_button.setFocus()
    press(qtbot, CTRL_N)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.grid)
    press(qtbot, "2344")
    press(qtbot, CTRL_S)

    assert tab.dialog is None
    assert tab.stack.currentWidget() is tab.scroll
    assert tab.messages.text() == "Intake assessment of 25 Nov 2026 saved."
    rows = [[tab.list.topLevelItem(0).text(c) for c in range(tab.list.columnCount())]]
    assert rows == [
        ["25 Nov 2026", "Intake", "2 of 6 scored", "2 of 6 scored", "Differ in 1 domain",
         "navigator.test"],
    ]  # fmt: skip
    assert tab.due_label.text() == "Review assessment due 25 Mar 2027 (in 120 days)"
    assert tab.due_label.property("overdue") is False
    stored = vault_services.recovery(case_id).assessments
    assert [(e.survivor_score, e.navigator_score) for e in stored[0].scores[:2]] == [
        (2, 3),
        (4, 4),
    ]
    assert Changes(frozenset({case_id}), audit=True) in published
    # The workspace's history shows the new entry.
    history = workspace.history.list
    whats = [history.topLevelItem(i).text(2) for i in range(history.topLevelItemCount())]
    assert any("assessment" in what for what in whats)


def test_the_list_newest_first_with_overall_scores_and_disagreements(
    qtbot, assessed_case, open_recovery
):
    tab = open_recovery(assessed_case).recovery
    cells = [
        [tab.list.topLevelItem(r).text(c) for c in range(tab.list.columnCount())]
        for r in range(tab.list.topLevelItemCount())
    ]
    assert cells == [
        ["6 Jul 2026", "Review", "5 of 6 scored", "16/30", "Differ in 2 domains", "navigator.test"],
        ["4 Mar 2026", "Intake", "8/30", "9/30", "Differ in 3 domains", "navigator.test"],
    ]  # fmt: skip
    assert tab.due_label.text() == "Review assessment overdue by 19 days (due 6 Nov 2026)"
    assert tab.due_label.property("overdue") is True


def test_the_change_table_shows_both_views_and_where_they_differ(
    qtbot, assessed_case, open_recovery
):
    tab = open_recovery(assessed_case).recovery
    rows = [tab.changes.row_texts(r) for r in range(tab.changes.rowCount())]
    assert rows == [
        ["Mental health", "1 → 2", "+1 better", "2 → 2", "0 same", ""],
        ["Physical health", "2 → 3", "+1 better", "2 → 3", "+1 better", ""],
        ["Financial stability", "1 → 2", "+1 better", "1 → 3", "+2 better", VIEWS_DIFFER],
        ["Social connection", "1 → 2", "+1 better", "2 → 3", "+1 better", VIEWS_DIFFER],
        ["Safety", "2 → 3", "+1 better", "1 → 3", "+2 better", ""],
        ["Legal status", "1 → —", "—", "1 → 2", "+1 better", ""],
        ["Overall (of 30)", "8 → —", "—", "9 → 16", "+7 better", ""],
    ]


def test_the_radar_plots_the_latest_against_the_intake_for_each_view(
    qtbot, assessed_case, open_recovery
):
    tab = open_recovery(assessed_case).recovery
    points = tab.radar.points()
    assert points == {
        "Survivor, intake (4 Mar 2026)": dict(zip(DOMAINS, INTAKE_SCORES[0], strict=True)),
        "Navigator, intake (4 Mar 2026)": dict(zip(DOMAINS, INTAKE_SCORES[1], strict=True)),
        "Survivor, latest (6 Jul 2026)": dict(zip(DOMAINS, REVIEW_SCORES[0], strict=True)),
        "Navigator, latest (6 Jul 2026)": dict(zip(DOMAINS, REVIEW_SCORES[1], strict=True)),
    }
    description = tab.radar.accessibleDescription()
    assert (
        "Survivor, latest (6 Jul 2026): Mental health 2, Physical health 3, Financial stability "
        "2, Social connection 2, Safety 3, Legal status not scored."
    ) in description
    assert [s.faint for s in tab.radar.series()] == [True, True, False, False]
    assert {s.perspective for s in tab.radar.series() if s.faint} == {SURVIVOR, NAVIGATOR}

    tab.view_buttons["navigator"].click()
    assert list(tab.radar.points()) == [
        "Navigator, intake (4 Mar 2026)",
        "Navigator, latest (6 Jul 2026)",
    ]
    assert "Survivor" not in tab.radar.accessibleDescription()
    tab.view_buttons["both"].click()
    assert len(tab.radar.points()) == 4


def test_with_only_the_intake_the_radar_shows_it_alone(
    qtbot, vault_services, case_id, open_recovery
):
    vault_services.record_assessment(
        case_id, draft(AssessmentKind.INTAKE, INTAKE_ON, INTAKE_SCORES)
    )
    tab = open_recovery(case_id).recovery
    assert list(tab.radar.points()) == [
        "Survivor, intake (4 Mar 2026)",
        "Navigator, intake (4 Mar 2026)",
    ]
    assert not any(s.faint for s in tab.radar.series())
    assert tab.change_note.text().startswith("Only the intake so far")
    assert tab.changes.row_texts(0) == ["Mental health", "1", "—", "2", "—", VIEWS_DIFFER]


def test_the_trend_charts_plot_each_domain_over_time_for_both_views(
    qtbot, assessed_case, open_recovery
):
    tab = open_recovery(assessed_case).recovery
    assert len(tab.trends.charts) == 6
    financial = tab.trends.chart(FINANCIAL)
    assert financial.points() == {
        SURVIVOR: [(INTAKE_ON, 1), (REVIEW_ON, 2)],
        NAVIGATOR: [(INTAKE_ON, 1), (REVIEW_ON, 3)],
    }
    assert tab.trends.chart(LEGAL).points()[SURVIVOR] == [(INTAKE_ON, 1), (REVIEW_ON, None)]
    assert financial.accessibleDescription() == (
        "Financial stability. Survivor: 1 on 4 Mar 2026, 2 on 6 Jul 2026. "
        "Navigator: 1 on 4 Mar 2026, 3 on 6 Jul 2026."
    )
    assert financial.toolTip() == financial.accessibleDescription()
    assert "Survivor's view" in tab.trends.legend.accessibleDescription()
    # They paint at a small size without trouble.
    image = financial.grab()
    assert not image.isNull() and image.width() >= 150


def test_enter_on_an_assessment_opens_it_for_correction(
    qtbot, vault_services, assessed_case, open_recovery, published
):
    tab = open_recovery(assessed_case).recovery
    tab.list.setFocus()
    tab.list.setCurrentItem(tab.list.topLevelItem(1))  # the intake
    press(qtbot, Qt.Key.Key_Return)
    dialog = tab.dialog
    assert dialog is not None and dialog.editing().kind is AssessmentKind.INTAKE
    assert dialog.grid.isColumnHidden(0)  # nothing came before the intake
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.grid)
    press(qtbot, "3")
    press(qtbot, CTRL_S)

    assert tab.dialog is None
    assert tab.messages.text() == "Intake assessment of 4 Mar 2026 corrected."
    assert tab.changes.row_texts(0)[1:3] == ["3 → 2", "\u22121 worse"]
    assert tab.list.currentItem().text(1) == "Intake"  # the corrected one stays selected
    intake = vault_services.recovery(assessed_case).assessments[0]
    assert intake.score(MENTAL, SURVIVOR) == 3
    assert Changes(frozenset({assessed_case}), audit=True) in published


def test_ctrl_n_in_the_main_window_opens_an_assessment_not_a_new_case(
    qtbot, vault_services, sync_worker, change_bus, case_id, monkeypatch
):
    from ui import main_window as main_window_module

    new_cases = []
    monkeypatch.setattr(
        main_window_module.NewCaseDialog, "exec", lambda self: new_cases.append(self) or 0
    )
    window = build_main_window(qtbot, vault_services, sync_worker, change_bus)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_case_at(case_id, "recovery")
    workspace = window.case_tabs.currentWidget()
    tab = workspace.recovery
    assert workspace.tabs.currentWidget() is tab
    tab.empty_new_button.setFocus()
    press(qtbot, CTRL_N)
    assert tab.dialog is not None and new_cases == []
    tab.dialog.reject()

    window.caseload.focus_search()
    press(qtbot, CTRL_N)  # elsewhere it is still "New case"
    assert len(new_cases) == 1


def test_unsaved_entries_in_the_dialog_count_when_the_case_closes(qtbot, case_id, open_recovery):
    workspace = open_recovery(case_id)
    tab = workspace.recovery
    tab.new_assessment()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.dialog.grid)
    assert not workspace.has_unsaved_changes()
    press(qtbot, "4")
    assert workspace.has_unsaved_changes()
    questions = []
    assert not workspace.confirm_close(lambda _parent, text: questions.append(text) or False)
    assert questions == [
        "You have unsaved edits to a recovery assessment. Close this case and discard them?"
    ]


def test_a_change_elsewhere_refreshes_the_tab(
    qtbot, vault_services, case_id, open_recovery, change_bus
):
    tab = open_recovery(case_id).recovery
    assert tab.stack.currentWidget() is tab.empty_page
    vault_services.record_assessment(
        case_id, draft(AssessmentKind.INTAKE, INTAKE_ON, INTAKE_SCORES)
    )
    change_bus.publish(Changes(frozenset({case_id}), audit=True))
    assert tab.stack.currentWidget() is tab.scroll
    assert tab.list.topLevelItemCount() == 1


# --- The recovery summary ---------------------------------------------------------------------


def summary_prints(services) -> list[int | None]:
    with services.ctx.store.read_session() as session:
        return list(
            session.scalars(
                select(AuditEntry.entity_id)
                .where(AuditEntry.action == AuditAction.PRINT)
                .where(AuditEntry.entity_type == "recovery_summary")
            )
        )


def test_nothing_to_summarise_says_so(qtbot, vault_services, case_id, open_recovery):
    tab = open_recovery(case_id).recovery
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert tab.preview is None
    assert "has no recovery assessment yet" in tab.messages.text()
    assert "Recovery tab" in tab.messages.text()
    assert QApplication.overrideCursor() is None


def test_the_summary_is_previewed_and_only_a_save_is_recorded(
    qtbot, vault_services, assessed_case, open_recovery, published, tmp_path, monkeypatch
):
    tab = open_recovery(assessed_case).recovery
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    preview = tab.preview
    assert preview is not None and preview.isVisible()
    assert QApplication.overrideCursor() is None
    reference = vault_services.recovery(assessed_case).case_reference
    assert preview.windowTitle() == f"Recovery summary {reference}"
    assert preview.rendered().file_name == f"recovery-summary-{reference}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(preview.pdf_bytes())).pages)
    assert reference in text
    assert summary_prints(vault_services) == []  # previewing is not printing

    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    preview.save_document()
    assert Path(target).read_bytes() == preview.pdf_bytes()
    assert summary_prints(vault_services) == [assessed_case]
    assert published[-1] == Changes(frozenset({assessed_case}), audit=True)
    preview.close()
