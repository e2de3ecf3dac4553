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
from ui.agenda_page import ALL_CASES, EMPTY_TEXT, AgendaPage, since_last_session
from ui.operations import Changes

from .conftest import UI_TODAY
from .window_support import build_main_window

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
    def make(show: int | None = FILTER_WEEK) -> AgendaPage:
        """The page showing ``show`` (None: as it opens, on "All"); most tests look at this
        week, where the assessments and reviews months away are not."""
        agenda = AgendaPage(vault_services, sync_worker, change_bus)
        if show is not None:
            agenda.filter.setCurrentIndex(show)
        qtbot.addWidget(agenda)
        agenda.resize(1200, 800)
        agenda.show()
        qtbot.waitExposed(agenda)
        return agenda

    return make


def tree_rows(agenda: AgendaPage):
    """(group heading, row item) for every item row, top to bottom."""
    tree = agenda.tree
    for g in range(tree.topLevelItemCount()):
        heading = tree.topLevelItem(g)
        for r in range(heading.childCount()):
            yield heading.text(0), heading.child(r)


def row_count(agenda: AgendaPage) -> int:
    return sum(1 for _ in tree_rows(agenda))


def row_item(agenda: AgendaPage, row: int):
    return list(tree_rows(agenda))[row][1]


def cells(agenda: AgendaPage, row: int) -> list[str]:
    item = row_item(agenda, row)
    return [item.text(c) for c in range(agenda.tree.columnCount())]


def groups(agenda: AgendaPage) -> list[tuple[str, str]]:
    """(group heading, "What") per row."""
    return [(heading, item.text(3)) for heading, item in tree_rows(agenda)]


def test_empty_state(page):
    agenda = page()
    assert agenda.empty_label.isVisible() and not agenda.tree.isVisible()
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

    assert row_count(agenda) == 1
    assert cells(agenda, 0) == [
        "18 Nov 2026", "Overdue by 7 days", reference, "Action overdue", "Legal status",
        "Ask the solicitor for an update", "Navigator",
    ]  # fmt: skip
    assert row_item(agenda, 0).background(0).color().name().lower() == "#fdecea"
    agenda.tree.setFocus()
    with qtbot.waitSignal(agenda.open_case_requested) as opened:
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)
    assert opened.args == [case_id]


def test_grouped_overdue_this_week_later_and_the_filters(page, vault_services):
    case_id = new_case(vault_services, "Amani")
    write_plan(vault_services, case_id, plan(LATER, SOON, OVERDUE, review=date(2026, 11, 25)))
    agenda = page(show=None)
    assert agenda.filter.currentText() == "All"

    headings = [agenda.tree.topLevelItem(g).text(0) for g in range(agenda.tree.topLevelItemCount())]
    assert headings == ["Overdue (1)", "This week (2)", "Later (2)"]
    assert groups(agenda) == [
        ("Overdue (1)", "Action overdue"),
        ("This week (2)", "Plan review due"),  # today
        ("This week (2)", "Action due"),  # in 3 days
        ("Later (2)", "Action due"),
        ("Later (2)", "Assessment due"),
    ]
    assert [cells(agenda, r)[0] for r in range(row_count(agenda))] == [
        "18 Nov 2026", "25 Nov 2026", "28 Nov 2026", "10 Jan 2027", "25 Mar 2027",
    ]  # fmt: skip
    assert cells(agenda, 2)[1] == "Due in 3 days"
    assert cells(agenda, 4)[3:6] == ["Assessment due", "", "Four-monthly review assessment due"]
    assert [i.due_on for i in agenda.items()] == [
        date(2026, 11, 18), date(2026, 11, 25), date(2026, 11, 28), date(2027, 1, 10),
        date(2027, 3, 25),
    ]  # fmt: skip

    agenda.filter.setCurrentIndex(FILTER_WEEK)
    assert [h for h, _ in groups(agenda)] == ["Overdue (1)", "This week (2)", "This week (2)"]

    agenda.filter.setCurrentIndex(FILTER_OVERDUE)
    assert [cells(agenda, r)[5] for r in range(row_count(agenda))] == [
        "Ask the solicitor for an update",
        "Review these goals with the survivor",
    ]


def test_group_headings_are_not_opened_and_arrows_move_between_groups(qtbot, page, vault_services):
    case_id = new_case(vault_services, "Amani")
    write_plan(vault_services, case_id, plan(SOON, OVERDUE))
    agenda = page()
    assert agenda.selected_item() == agenda.items()[0]  # the first row, not its heading
    agenda.tree.setFocus()
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Down)  # onto the "This week" heading
    assert agenda.selected_item() is None and not agenda.open_button.isEnabled()
    with qtbot.assertNotEmitted(agenda.open_case_requested):
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Down)
    assert agenda.selected_item() == agenda.items()[1]
    with qtbot.waitSignal(agenda.open_case_tab_requested) as opened:
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)
    assert opened.args == [case_id, "plan"]


def test_the_case_filter(page, vault_services, change_bus):
    first = new_case(vault_services, "Hoa")
    write_plan(vault_services, first, plan(OVERDUE))
    second = new_case(vault_services, "Kofi")
    write_plan(vault_services, second, plan(SOON))
    references = [vault_services.support_plan(c).case_reference for c in (first, second)]
    agenda = page(show=None)
    filter_texts = [agenda.case_filter.itemText(i) for i in range(agenda.case_filter.count())]
    assert filter_texts[0] == ALL_CASES and set(filter_texts[1:]) == set(references)
    assert agenda.case_filter.currentText() == ALL_CASES
    assert {cells(agenda, r)[2] for r in range(row_count(agenda))} == set(references)

    agenda.case_filter.setCurrentIndex(agenda.case_filter.findText(references[1]))
    assert [cells(agenda, r)[2] for r in range(row_count(agenda))] == [references[1]] * 3
    assert [h for h, _ in groups(agenda)] == ["This week (1)", "Later (2)", "Later (2)"]

    # The choice survives a refresh.
    change_bus.publish(Changes(cases=frozenset({first}), audit=True))
    assert agenda.case_filter.currentText() == references[1]
    assert {i.case_id for i in agenda.items()} == {second}

    agenda.case_filter.setCurrentIndex(0)
    agenda.filter.setCurrentIndex(FILTER_WEEK)
    assert {i.case_id for i in agenda.items()} == {first, second}


def test_since_your_last_session(page, vault_services):
    case_id = new_case(vault_services, "Amani")
    # Overdue since 18 Nov; due today; in 3 days; 10 Jan (later).
    write_plan(vault_services, case_id, plan(LATER, SOON, OVERDUE, review=date(2026, 11, 25)))
    agenda = page()
    assert not agenda.since_label.isVisible()  # the first session says nothing

    agenda.set_last_session(date(2026, 11, 20))
    assert agenda.since_label.isVisible()
    # Overdue since the 20th: none (the action was due on the 18th, overdue already).
    # Into this week (due 27 Nov..1 Dec, not due by 26 Nov before): the action on the 28th.
    assert agenda.since_label.text() == (
        "Since your last session on 20 Nov 2026: 1 new item due this week."
    )
    agenda.set_last_session(date(2026, 11, 10))
    assert agenda.since_label.text() == (
        "Since your last session on 10 Nov 2026: 1 item now overdue, 2 new items due this week."
    )  # the action due on the 18th; the review due today and the action on the 28th
    agenda.set_last_session(UI_TODAY)
    assert not agenda.since_label.isVisible()


def test_since_last_session_counts_by_due_dates():
    def item(due: date):
        from models.dto import AgendaItemDTO
        from models.enums import AgendaKind

        return AgendaItemDTO(1, "WP-1", AgendaKind.PLAN_REVIEW_DUE, due, "")

    today = date(2026, 11, 25)
    items = [item(date(2026, 11, d)) for d in (19, 20, 24, 25, 30)] + [item(date(2026, 12, 2))]
    text = since_last_session(items, date(2026, 11, 20), today)
    assert text == (
        "Since your last session on 20 Nov 2026: 2 items now overdue, 1 new item due this week."
    )
    assert since_last_session(items, None, today) == ""
    assert "nothing new" in since_last_session(items[:1], date(2026, 11, 20), today)


def test_done_actions_are_not_due(page, vault_services):
    case_id = new_case(vault_services, "Done")
    done = PlanActionDTO("Done already", "Navigator", date(2026, 11, 1), ActionStatus.DONE)
    write_plan(vault_services, case_id, plan(done))
    agenda = page()
    assert row_count(agenda) == 0
    assert agenda.empty_label.isVisible()


def test_refreshes_on_changes_and_when_shown(page, vault_services, change_bus):
    agenda = page()
    assert row_count(agenda) == 0
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))

    change_bus.publish(Changes(cases=frozenset({case_id}), audit=True))
    assert row_count(agenda) == 1

    agenda.hide()
    other = new_case(vault_services, "Kofi")
    write_plan(vault_services, other, plan(OVERDUE))
    change_bus.publish(Changes(cases=frozenset({other}), audit=True))
    assert row_count(agenda) == 1  # hidden: not read yet
    agenda.show()
    assert row_count(agenda) == 2


def test_double_click_opens_the_case(qtbot, page, vault_services):
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    agenda = page()
    rect = agenda.tree.visualItemRect(row_item(agenda, 0))
    # Qt 6's QTest sends the double-click without the press before it; a view wants both.
    qtbot.mousePress(agenda.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(agenda.open_case_requested) as opened:
        qtbot.mouseDClick(agenda.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [case_id]


def test_the_main_window_opens_the_case_at_its_plan(qtbot, vault_services, sync_worker, change_bus):
    from ui.main_window import PAGE_AGENDA, PAGE_CASELOAD

    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    window = build_main_window(qtbot, vault_services, sync_worker, change_bus)
    window.show()
    window.show_page(PAGE_AGENDA)
    window.agenda.filter.setCurrentIndex(FILTER_WEEK)
    assert row_count(window.agenda) == 1

    window.agenda.tree.setFocus()
    qtbot.keyClick(window.agenda.tree, Qt.Key.Key_Return)

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

    assert row_count(agenda) == 1
    assert cells(agenda, 0) == [
        "2 Mar 2026", "Overdue by 268 days", reference, "Assessment overdue", "",
        "Intake assessment due", "",
    ]  # fmt: skip
    assert row_item(agenda, 0).background(0).color().name().lower() == "#fdecea"
    agenda.tree.setFocus()
    with qtbot.waitSignal(agenda.open_case_tab_requested) as opened:
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)
    assert opened.args == [case_id, "recovery"]

    record_intake(vault_services, case_id)
    change_bus.publish(Changes(cases=frozenset({case_id}), audit=True))
    assert row_count(agenda) == 0  # the next one, a review, is months away


def test_plan_rows_open_the_plan_tab(qtbot, page, vault_services):
    case_id = new_case(vault_services, "Hoa")
    write_plan(vault_services, case_id, plan(OVERDUE))
    agenda = page()
    agenda.tree.setFocus()
    with qtbot.waitSignal(agenda.open_case_tab_requested) as opened:
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)
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
    from ui.main_window import PAGE_AGENDA, PAGE_CASELOAD

    case_id = new_case(vault_services, "Amani", intake=False)
    window = build_main_window(qtbot, vault_services, sync_worker, change_bus)
    window.show()
    window.show_page(PAGE_AGENDA)
    window.agenda.filter.setCurrentIndex(FILTER_WEEK)
    assert cells(window.agenda, 0)[3] == "Assessment overdue"

    window.agenda.tree.setFocus()
    qtbot.keyClick(window.agenda.tree, Qt.Key.Key_Return)

    assert window.pages.currentIndex() == PAGE_CASELOAD
    workspace = window.case_tabs.currentWidget()
    assert workspace.case_id == case_id
    assert workspace.tabs.currentWidget() is workspace.recovery
    assert workspace.recovery.due_label.text().startswith("Intake assessment overdue")

    # Opening it again from the Agenda, with the case already open on another tab.
    workspace.show_tab("details")
    window.show_page(PAGE_AGENDA)
    qtbot.keyClick(window.agenda.tree, Qt.Key.Key_Return)
    assert workspace.tabs.currentWidget() is workspace.recovery


def test_export_to_calendar_writes_an_owner_only_ics_and_records_it(
    page, vault_services, monkeypatch, tmp_path, qtbot
):
    import stat

    from icalendar import Calendar
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import select

    from models.entities import AuditEntry
    from models.enums import AuditAction

    # A plan review in two weeks: an upcoming date for the calendar.
    write_plan(
        vault_services, new_case(vault_services, "Maryam"), plan(SOON, review=date(2026, 12, 9))
    )
    target = tmp_path / "agenda"  # no suffix: the page adds .ics
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))

    agenda = page()
    agenda.export_calendar()

    written = tmp_path / "agenda.ics"
    qtbot.waitUntil(lambda: "exported" in agenda.export_result)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    calendar = Calendar.from_ical(written.read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries and not any("Maryam" in s for s in summaries)
    with vault_services.ctx.store.read_session() as session:
        exported = session.scalars(
            select(AuditEntry.entity_type).where(AuditEntry.action == AuditAction.EXPORT)
        ).all()
    assert exported == ["calendar"]
