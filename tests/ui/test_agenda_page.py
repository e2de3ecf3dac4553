"""The Agenda page against a real SQLCipher vault: overdue actions and plan reviews of agreed
plans, recovery assessments due, overdue first, filtered, refreshed on changes, and opening the
case at the tab the row is about."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from models.dto import (
    AssessmentDraft,
    CaseFields,
    DomainScoreDTO,
    NewCase,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
)
from models.enums import (
    ActionStatus,
    AssessmentKind,
    CaseKind,
    RecoveryDomain,
    ReferralSource,
)
from ui.agenda_page import EMPTY_TEXT, AgendaPage
from ui.operations import Changes

from .conftest import UI_TODAY

FILTER_OVERDUE, FILTER_WEEK, FILTER_ALL = range(3)


def record_intake(services, case_id: int, on: date = UI_TODAY) -> None:
    scores = tuple(DomainScoreDTO(domain, 3, 3) for domain in RecoveryDomain)
    services.record_assessment(case_id, AssessmentDraft(AssessmentKind.INTAKE, on, scores))


def new_case(services, known_as: str, *, intake: bool = True) -> int:
    """A support plan case opened 2 Mar 2026. With ``intake`` its intake assessment is
    recorded today, so no assessment is due before 25 Mar 2027 (the plan tests see only plan
    rows); without, the intake is overdue."""
    case_id = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=date(2026, 3, 2),
                referral_source=ReferralSource.NGO,
            ),
            person=PersonFields(known_as=known_as),
        )
    ).id
    if intake:
        record_intake(services, case_id)
    return case_id


def plan(*actions: PlanActionDTO, review: date = date(2027, 3, 1)) -> PlanDraftDTO:
    return PlanDraftDTO(
        goals=(
            PlanGoalDTO(
                domain=RecoveryDomain.LEGAL_STATUS,
                survivor_words="I want to know about my NRM decision",
                review_date=review,
                actions=actions,
            ),
        )
    )


def write_plan(services, case_id: int, content: PlanDraftDTO, *, agree: bool = True) -> None:
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, content)
    if agree:
        services.agree_plan(saved.id, saved.version, date(2026, 11, 2), True)


OVERDUE = PlanActionDTO("Ask the solicitor for an update", "Navigator", date(2026, 11, 18))
SOON = PlanActionDTO("Open a bank account", "Survivor", date(2026, 11, 28))
LATER = PlanActionDTO("Register with a GP", "Survivor", date(2027, 1, 10))


@pytest.fixture
def page(qtbot, vault_services, sync_worker, change_bus):
    def make() -> AgendaPage:
        agenda = AgendaPage(vault_services, sync_worker, change_bus)
        qtbot.addWidget(agenda)
        agenda.resize(1200, 800)
        agenda.show()
        qtbot.waitExposed(agenda)
        return agenda

    return make


def cells(agenda: AgendaPage, row: int) -> list[str]:
    return [agenda.table.item(row, c).text() for c in range(agenda.table.columnCount())]


def test_empty_state(page):
    agenda = page()
    assert agenda.empty_label.isVisible() and not agenda.table.isVisible()
    assert agenda.empty_label.text().startswith(EMPTY_TEXT)
    assert not agenda.open_button.isEnabled()


def test_lists_an_overdue_action_of_an_agreed_plan_and_enter_opens_its_case(
    qtbot, page, vault_services
):
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    drafted = new_case(vault_services, "Drafted only")
    write_plan(vault_services, drafted, plan(OVERDUE), agree=False)  # a draft is not due
    reference = vault_services.support_plan(case_id).case_reference

    agenda = page()

    assert agenda.table.rowCount() == 1
    assert cells(agenda, 0) == [
        "18 Nov 2026", "Overdue by 7 days", reference, "Action overdue", "Legal status",
        "Ask the solicitor for an update", "Navigator",
    ]  # fmt: skip
    assert agenda.table.item(0, 0).background().color().name().lower() == "#fdecea"
    agenda.table.setFocus()
    with qtbot.waitSignal(agenda.open_case_requested) as opened:
        qtbot.keyClick(agenda.table, Qt.Key.Key_Return)
    assert opened.args == [case_id]


def test_overdue_first_and_the_filters(page, vault_services):
    case_id = new_case(vault_services, "Amani")
    write_plan(vault_services, case_id, plan(LATER, SOON, OVERDUE, review=date(2026, 11, 25)))
    agenda = page()
    assert agenda.filter.currentText() == "Due this week"

    whats = [cells(agenda, r)[3] for r in range(agenda.table.rowCount())]
    assert whats == ["Action overdue", "Plan review due", "Action due"]  # overdue, today, soon
    assert cells(agenda, 2)[1] == "Due in 3 days"

    agenda.filter.setCurrentIndex(FILTER_OVERDUE)
    assert [cells(agenda, r)[5] for r in range(agenda.table.rowCount())] == [
        "Ask the solicitor for an update",
        "Review these goals with the survivor",
    ]

    agenda.filter.setCurrentIndex(FILTER_ALL)
    assert [cells(agenda, r)[0] for r in range(agenda.table.rowCount())] == [
        "18 Nov 2026", "25 Nov 2026", "28 Nov 2026", "10 Jan 2027", "25 Mar 2027",
    ]  # fmt: skip
    assert cells(agenda, 4)[3:6] == ["Assessment due", "", "Four-monthly review assessment due"]


def test_done_actions_are_not_due(page, vault_services):
    case_id = new_case(vault_services, "Done")
    done = PlanActionDTO("Done already", "Navigator", date(2026, 11, 1), ActionStatus.DONE)
    write_plan(vault_services, case_id, plan(done))
    agenda = page()
    assert agenda.table.rowCount() == 0
    assert agenda.empty_label.isVisible()


def test_refreshes_on_changes_and_when_shown(page, vault_services, change_bus):
    agenda = page()
    assert agenda.table.rowCount() == 0
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))

    change_bus.publish(Changes(cases=frozenset({case_id}), audit=True))
    assert agenda.table.rowCount() == 1

    agenda.hide()
    other = new_case(vault_services, "Kofi")
    write_plan(vault_services, other, plan(OVERDUE))
    change_bus.publish(Changes(cases=frozenset({other}), audit=True))
    assert agenda.table.rowCount() == 1  # hidden: not read yet
    agenda.show()
    assert agenda.table.rowCount() == 2


def test_double_click_opens_the_case(qtbot, page, vault_services):
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    agenda = page()
    rect = agenda.table.visualItemRect(agenda.table.item(0, 2))
    # Qt 6's QTest sends the double-click without the press before it; a view wants both.
    qtbot.mousePress(agenda.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(agenda.open_case_requested) as opened:
        qtbot.mouseDClick(agenda.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [case_id]


def test_the_main_window_opens_the_case_at_its_plan(qtbot, vault_services, sync_worker, change_bus):
    from ui.main_window import PAGE_AGENDA, PAGE_CASELOAD, MainWindow

    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    window = MainWindow(
        services=vault_services,
        worker=sync_worker,
        change_bus=change_bus,
        vault_label="test vault",
        demo=False,
        idle_minutes=10,
        on_idle_minutes_changed=lambda _minutes: None,
    )
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_AGENDA)
    assert window.agenda.table.rowCount() == 1

    window.agenda.table.setFocus()
    qtbot.keyClick(window.agenda.table, Qt.Key.Key_Return)

    assert window.pages.currentIndex() == PAGE_CASELOAD
    workspace = window.case_tabs.currentWidget()
    assert workspace.case_id == case_id
    assert workspace.tabs.currentWidget() is workspace.plan


# --- Recovery assessments -------------------------------------------------------------------


def test_a_new_support_case_shows_its_intake_assessment_as_overdue(
    qtbot, page, vault_services, change_bus
):
    case_id = new_case(vault_services, "Amani", intake=False)
    reference = vault_services.recovery(case_id).case_reference
    agenda = page()

    assert agenda.table.rowCount() == 1
    assert cells(agenda, 0) == [
        "2 Mar 2026", "Overdue by 268 days", reference, "Assessment overdue", "",
        "Intake assessment due", "",
    ]  # fmt: skip
    assert agenda.table.item(0, 0).background().color().name().lower() == "#fdecea"
    agenda.table.setFocus()
    with qtbot.waitSignal(agenda.open_case_tab_requested) as opened:
        qtbot.keyClick(agenda.table, Qt.Key.Key_Return)
    assert opened.args == [case_id, "recovery"]

    record_intake(vault_services, case_id)
    change_bus.publish(Changes(cases=frozenset({case_id}), audit=True))
    assert agenda.table.rowCount() == 0  # the next one, a review, is months away


def test_plan_rows_open_the_plan_tab(qtbot, page, vault_services):
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    agenda = page()
    agenda.table.setFocus()
    with qtbot.waitSignal(agenda.open_case_tab_requested) as opened:
        qtbot.keyClick(agenda.table, Qt.Key.Key_Return)
    assert opened.args == [case_id, "plan"]


def test_the_empty_state_mentions_recovery_assessments(page):
    agenda = page()
    agenda.filter.setCurrentIndex(FILTER_OVERDUE)
    assert "recovery assessment" in agenda.empty_label.text()
    agenda.filter.setCurrentIndex(FILTER_ALL)
    assert "recovery assessment" in agenda.empty_label.text()


def test_the_main_window_opens_an_assessment_row_at_the_recovery_tab(
    qtbot, vault_services, sync_worker, change_bus
):
    from ui.main_window import PAGE_AGENDA, PAGE_CASELOAD, MainWindow

    case_id = new_case(vault_services, "Amani", intake=False)
    window = MainWindow(
        services=vault_services,
        worker=sync_worker,
        change_bus=change_bus,
        vault_label="test vault",
        demo=False,
        idle_minutes=10,
        on_idle_minutes_changed=lambda _minutes: None,
    )
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_AGENDA)
    assert cells(window.agenda, 0)[3] == "Assessment overdue"

    window.agenda.table.setFocus()
    qtbot.keyClick(window.agenda.table, Qt.Key.Key_Return)

    assert window.pages.currentIndex() == PAGE_CASELOAD
    workspace = window.case_tabs.currentWidget()
    assert workspace.case_id == case_id
    assert workspace.tabs.currentWidget() is workspace.recovery
    assert workspace.recovery.due_label.text().startswith("Intake assessment overdue")

    # Opening it again from the Agenda, with the case already open on another tab.
    workspace.show_tab("details")
    window.show_page(PAGE_AGENDA)
    qtbot.keyClick(window.agenda.table, Qt.Key.Key_Return)
    assert workspace.tabs.currentWidget() is workspace.recovery
