"""The NRM and court tab against a real SQLCipher vault, database work run synchronously: the
recovery period from the RG decision date, a trial moved three times, a mistrial and retrial,
a defendant's full name refused, a stale edit refused, and the tab's place in the workspace."""

from __future__ import annotations

from datetime import date

import pytest

from models.dto import CourtCaseDraft, NrmDraft
from models.enums import CourtEventKind, NrmDecision, TimelineMark
from ui.case import discard_prompt
from ui.case.workspace import COURT_TAB_NAME, CaseWorkspace
from ui.court.court_panel import NO_COURT_CASES_TEXT
from ui.court.court_tab import CourtTab
from ui.court.form_dialog import STALE_TEXT
from ui.court.nrm_panel import NO_NRM_TEXT
from ui.operations import Changes

from .conftest import UI_TODAY
from .purchase_support import new_case

K = CourtEventKind


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch):
    monkeypatch.setattr(discard_prompt, "ask_discard", lambda *_args: True)


@pytest.fixture
def case_id(vault_services) -> int:
    return new_case(vault_services)


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def open_tab(qtbot, vault_services, sync_worker, change_bus, ini_settings):
    def make(case_id: int) -> CourtTab:
        tab = CourtTab(
            case_id, vault_services, sync_worker, lambda: UI_TODAY, None, change_bus,
            settings=ini_settings,
        )  # fmt: skip
        qtbot.addWidget(tab)
        tab.resize(1100, 900)
        tab.show()
        qtbot.waitExposed(tab)
        tab.refresh()
        return tab

    return make


def record_rg(tab: CourtTab, decided_on: date) -> None:
    dialog = tab.nrm_panel.edit()
    dialog.referred_on.setDate(date(2022, 11, 1))
    dialog.first_responder.setText("Salvation Army")
    dialog.consent_given.setChecked(True)
    dialog.consent_on.setDate(date(2022, 11, 1))
    dialog.rg_decided_on.setDate(decided_on)
    dialog.rg_decision.set_value(NrmDecision.POSITIVE)
    dialog.save()
    assert not dialog.isVisible(), dialog.message_bar.text()


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [
        (date(2022, 12, 13), "30 days, ends 12 Jan 2023"),
        (date(2022, 12, 12), "45 days, ends 26 Jan 2023"),
    ],
)
def test_a_positive_rg_decision_shows_the_recovery_period_of_its_day(
    open_tab, case_id, vault_services, published, decided_on, expected
):
    tab = open_tab(case_id)
    assert tab.nrm_panel.empty_label.text() == NO_NRM_TEXT
    assert tab.nrm_panel.empty_label.isVisible()

    record_rg(tab, decided_on)

    assert tab.nrm_panel.fields["recovery"].text() == expected
    assert tab.nrm_panel.fields["referral"].text() == "1 Nov 2022 by Salvation Army"
    assert not tab.nrm_panel.empty_label.isVisible()
    stored = vault_services.nrm(case_id)
    assert stored is not None and stored.draft.rg_decided_on == decided_on
    assert Changes(cases=frozenset({case_id}), audit=True) in published


def test_a_stale_nrm_edit_is_refused_and_keeps_what_was_typed(open_tab, case_id, vault_services):
    tab = open_tab(case_id)
    record_rg(tab, date(2022, 12, 13))
    dialog = tab.nrm_panel.edit()
    dialog.first_responder.setText("Local authority")
    # Someone else changes the record first.
    current = vault_services.nrm(case_id)
    vault_services.save_nrm(
        case_id,
        NrmDraft(date(2022, 11, 2), "Police", consent_given=True, consent_on=date(2022, 11, 2)),
        current.version,
    )

    dialog.save()

    assert dialog.isVisible()
    assert dialog.message_bar.text() == STALE_TEXT
    assert dialog.first_responder.text() == "Local authority"
    assert vault_services.nrm(case_id).draft.first_responder == "Police"


def test_an_nrm_without_a_referral_date_is_not_sent(open_tab, case_id, vault_services):
    tab = open_tab(case_id)
    dialog = tab.nrm_panel.edit()
    dialog.first_responder.setText("Barnardo's")
    dialog.save()
    assert dialog.isVisible()
    assert "date of the referral" in dialog.message_bar.text()
    assert dialog.first_responder.text() == "Barnardo's"
    assert vault_services.nrm(case_id) is None


def new_court_case(tab: CourtTab) -> None:
    dialog = tab.court_panel.new_court_case()
    dialog.court_name.setText("Snaresbrook Crown Court")
    dialog.cps_reference.setText("01AB2345626")
    dialog.save()
    assert not dialog.isVisible(), dialog.message_bar.text()


def test_a_trial_moved_three_times_shows_every_earlier_date(open_tab, case_id, published):
    tab = open_tab(case_id)
    assert tab.court_panel.empty_label.text() == NO_COURT_CASES_TEXT
    new_court_case(tab)
    panel = tab.court_panel
    assert panel.case_list.count() == 1

    add = panel.add_event()
    add.kind.set_value(K.TRIAL_START)
    add.scheduled_for.setDate(date(2026, 3, 2))
    add.save()
    assert not add.isVisible(), add.message_bar.text()
    moves = [
        (date(2026, 6, 1), "no interpreter"),
        (date(2026, 9, 7), "judge unavailable"),
        (date(2027, 1, 11), "witness unwell"),
    ]
    for new_date, reason in moves:
        panel.events.selectRow(0)
        dialog = panel.reschedule()
        dialog.new_date.setDate(new_date)
        dialog.save()  # no reason yet: refused here, nothing sent
        assert dialog.isVisible() and "why the date moved" in dialog.message_bar.text()
        dialog.reason.setText(reason)
        dialog.save()
        assert not dialog.isVisible(), dialog.message_bar.text()

    marks = [(p.on, p.mark) for p in panel.timeline.points()]
    assert marks == [
        (date(2026, 3, 2), TimelineMark.RESCHEDULED),
        (date(2026, 6, 1), TimelineMark.RESCHEDULED),
        (date(2026, 9, 7), TimelineMark.RESCHEDULED),
        (date(2027, 1, 11), TimelineMark.SCHEDULED),
    ]
    assert panel.events.rowCount() == 1
    assert panel.events.item(0, 1).text() == "11 Jan 2027"
    assert panel.events.item(0, 3).text() == "rescheduled 3 times"
    assert panel.events.item(0, 4).text() == "witness unwell"
    assert "was 2 Mar 2026, moved to 1 Jun 2026 (no interpreter)" in (
        panel.timeline.accessibleDescription()
    )
    assert "next: Trial starts 11 Jan 2027" in panel.case_list.item(0).text()
    assert published.count(Changes(cases=frozenset({case_id}), audit=True)) == 5


def test_a_mistrial_and_a_retrial_show_two_trial_attempts(open_tab, case_id, vault_services):
    court = vault_services.create_court_case(CourtCaseDraft("Leeds Crown Court"), [case_id])
    add = vault_services.add_court_event
    add(court.id, K.TRIAL_START, date(2025, 9, 1), actual_on=date(2025, 9, 1))
    add(court.id, K.MISTRIAL, date(2025, 10, 20), "juror misconduct", date(2025, 10, 20))
    add(court.id, K.RETRIAL_LISTED, date(2026, 12, 7), "listed after the mistrial")

    tab = open_tab(case_id)
    panel = tab.court_panel

    attempts = [(p.kind, p.attempt) for p in panel.timeline.points()]
    assert attempts == [(K.TRIAL_START, 1), (K.MISTRIAL, 1), (K.RETRIAL_LISTED, 2)]
    assert panel.attempts_label.isVisibleTo(tab)
    assert panel.attempts_label.text() == (
        "Trial attempt 1: from 1 Sep 2025, ended in a mistrial · Trial attempt 2: from 7 Dec 2026"
    )
    assert panel.events.item(2, 0).text() == "Retrial listed (attempt 2)"


def test_a_full_name_as_a_defendant_is_refused_with_the_reason(open_tab, case_id, vault_services):
    vault_services.create_court_case(CourtCaseDraft("Leeds Crown Court"), [case_id])
    tab = open_tab(case_id)
    dialog = tab.court_panel.add_defendant()
    dialog.label_edit.setText("John Michael Smith")
    dialog.charges.setText("s.2 MSA 2015 arranging travel")

    dialog.save()

    assert dialog.isVisible()
    assert "full name" in dialog.message_bar.text()
    assert dialog.label_edit.text() == "John Michael Smith"
    assert tab.court_panel.defendants.rowCount() == 0

    dialog.label_edit.setText("JS")
    dialog.save()
    assert not dialog.isVisible()
    panel = tab.court_panel
    assert [panel.defendants.item(0, c).text() for c in range(4)] == [
        "JS", "s.2 MSA 2015 arranging travel", "Pending", "—",
    ]  # fmt: skip


def test_a_stale_reschedule_is_refused(open_tab, case_id, vault_services):
    court = vault_services.create_court_case(CourtCaseDraft("Leeds Crown Court"), [case_id])
    ptph = vault_services.add_court_event(court.id, K.PTPH, date(2026, 12, 1))
    tab = open_tab(case_id)
    tab.court_panel.events.selectRow(0)
    dialog = tab.court_panel.reschedule()
    vault_services.reschedule_event(ptph.id, ptph.version, date(2026, 12, 8), "list full")
    dialog.new_date.setDate(date(2026, 12, 15))
    dialog.reason.setText("judge ill")

    dialog.save()

    assert dialog.isVisible() and dialog.message_bar.text() == STALE_TEXT
    assert dialog.reason.text() == "judge ill"
    assert vault_services.court_case(court.id).events[0].scheduled_for == date(2026, 12, 8)


def test_a_change_elsewhere_refreshes_the_tab(open_tab, case_id, vault_services, change_bus):
    tab = open_tab(case_id)
    vault_services.create_court_case(CourtCaseDraft("Leeds Crown Court"), [case_id])
    assert tab.court_panel.case_list.count() == 0
    change_bus.publish(Changes(cases=frozenset({case_id})))
    assert tab.court_panel.case_list.count() == 1
    assert tab.court_panel.case_list.item(0).text().startswith("Leeds Crown Court")


def test_the_workspace_opens_the_nrm_and_court_tab_by_name(
    qtbot, vault_services, sync_worker, change_bus, case_id
):
    workspace = CaseWorkspace(case_id, vault_services, sync_worker, change_bus)
    qtbot.addWidget(workspace)
    workspace.show_tab(COURT_TAB_NAME)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.court is not None)
    assert workspace.tabs.currentWidget() is workspace.court
    assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "NRM and court"


def test_printing_the_what_happens_next_sheet_shows_the_next_hearing_and_records_the_print(
    open_tab, case_id, vault_services, published, qtbot
):
    import io

    from pypdf import PdfReader
    from sqlalchemy import select

    from models.entities import AuditEntry
    from models.enums import AuditAction

    tab = open_tab(case_id)
    court = vault_services.create_court_case(
        CourtCaseDraft(court_name="Maidstone Crown Court", cps_reference="CPS-1"), [case_id]
    )
    vault_services.add_court_event(court.id, CourtEventKind.TRIAL_START, date(2027, 1, 11))

    tab.print_button.click()
    qtbot.waitUntil(lambda: tab.sheet_preview is not None)
    dialog = tab.sheet_preview
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(dialog.rendered().pdf)).pages
    )
    assert "Maidstone Crown Court" in text and "2027" in text
    with vault_services.ctx.store.read_session() as session:
        printed = session.scalars(
            select(AuditEntry.entity_type).where(AuditEntry.action == AuditAction.PRINT)
        ).all()
    assert "court_sheet" not in printed  # previewing is not printing
    dialog.saved.emit("/nonexistent/sheet.pdf")
    qtbot.waitUntil(lambda: any(c.audit for c in published))
    with vault_services.ctx.store.read_session() as session:
        printed = session.scalars(
            select(AuditEntry.entity_type).where(AuditEntry.action == AuditAction.PRINT)
        ).all()
    assert "court_sheet" in printed
    dialog.close()
