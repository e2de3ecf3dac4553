"""The Impact page: cards carry the service's figures for the period, shares say "n of d", a card
drills down to its records (and a case's record opens the case), recording activity through a
dialog moves the figures, and the PDF report is saved owner-only."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from models.dto import (
    CaseFields,
    NewCase,
    OperationDraft,
    PersonFields,
    RepatriationDraft,
    TrainingDraft,
)
from models.enums import (
    AuditAction,
    CaseKind,
    CaseStatus,
    OperationLocation,
    ReferralSource,
    TrainingAudience,
)
from models.rules.budget_balance import financial_year
from models.services.impact_export import IMPACT_ENTITY
from ui.impact.activity_dialogs import TrainingDialog
from ui.impact.impact_page import ImpactPage, figure_value_text
from ui.widgets.message_bar import MessageKind

from .budget_support import export_entries
from .caseload_support import DeferredWorker
from .conftest import UI_TODAY
from .window_support import build_main_window

YEAR = financial_year(UI_TODAY)  # 1 April 2026 to 31 March 2027
POLICE = TrainingAudience.POLICE_LAW_ENFORCEMENT


def new_case(services, family: str, opened_on: date = date(2026, 5, 1)):
    fields = CaseFields(
        kind=CaseKind.SUPPORT_PLAN,
        opened_on=opened_on,
        referral_source=ReferralSource.POLICE_FORCE,
        status=CaseStatus.ACTIVE,
        police_force="Kent Police",
    )
    person = PersonFields(given_names="Ana", family_name=family)
    return services.create_case(NewCase(fields=fields, person=person))


@pytest.fixture
def activity(vault_services):
    """Two support plan cases repatriated in the year, one before it; training and an
    operation."""
    first, second, third = (new_case(vault_services, name) for name in ("A", "B", "C"))
    services = vault_services
    services.record_repatriation(first.id, RepatriationDraft(date(2026, 6, 2), "AL", "Partner"))
    services.record_repatriation(second.id, RepatriationDraft(date(2026, 9, 9), "RO"))
    services.record_repatriation(third.id, RepatriationDraft(date(2026, 3, 30), "VN"))
    services.record_training(TrainingDraft(date(2026, 5, 5), POLICE, 10, 7, "Kent Police"))
    services.record_training(
        TrainingDraft(date(2026, 7, 5), TrainingAudience.OTHER_STAKEHOLDERS, 6, 2, "Council")
    )
    services.record_operation(
        OperationDraft(date(2026, 8, 1), OperationLocation.NAIL_BAR, "Border Force", 3, 2)
    )
    return {"first": first, "second": second, "third": third}


@pytest.fixture
def page(qtbot, vault_services, sync_worker, change_bus):
    widget = ImpactPage(vault_services, sync_worker, change_bus)
    qtbot.addWidget(widget)
    widget.resize(1176, 680)
    widget.show()
    qtbot.waitUntil(lambda: widget.report() is not None)
    return widget


def test_the_cards_show_the_services_figures_for_the_year_and_shares_say_n_of_d(
    activity, page, vault_services
):
    assert page.period() == YEAR
    expected = vault_services.impact_report(*YEAR)
    cards = page.cards()
    assert list(cards) == [figure.key for figure in expected.figures]
    for figure in expected.figures:
        card = cards[figure.key]
        assert card.value_label.text() == figure_value_text(figure)
        assert card.toolTip() == figure.rule
    assert cards["repatriations"].value_label.text() == "2"  # the March one is last year
    assert cards["trained_police"].value_label.text() == "10"
    assert cards["trained_other"].value_label.text() == "6"
    knowledge = cards["improved_knowledge_share"]
    assert knowledge.share_label.text() == "9 of 16"
    assert knowledge.value_label.text() == "56%"
    assert cards["trained_police"].share_label.text() == ""
    assert {key: chart.points() for key, chart in page.charts().items()} == {
        b.key: list(b.parts) for b in expected.breakdowns
    }
    assert ("Nail bar", 1) in page.charts()["operations_by_location"].points()


def test_a_narrower_period_changes_the_figures(activity, page):
    page.set_period(date(2026, 7, 1), date(2026, 12, 31))
    assert page.report().period_start == date(2026, 7, 1)
    assert page.cards()["repatriations"].value_label.text() == "1"
    assert page.cards()["trained_police"].value_label.text() == "0"
    assert page.from_edit.isVisible()


def test_drilling_down_on_repatriations_lists_them_and_a_record_opens_its_case(
    qtbot, activity, page
):
    card = page.cards()["repatriations"]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    table = page.records
    assert page.drilled_key() == "repatriations"
    assert table.rowCount() == 2
    references = sorted(table.cell_text(row, 2) for row in range(table.rowCount()))
    assert references == sorted([activity["first"].reference, activity["second"].reference])
    assert "Records behind" in page.drill_label.text()

    row = next(r for r in range(2) if table.cell_text(r, 2) == activity["second"].reference)
    opened: list[int] = []
    page.open_case_requested.connect(opened.append)
    table.setFocus()
    table.setCurrentCell(row, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [activity["second"].id]


def test_while_a_figures_records_are_read_the_last_figures_are_not_shown_under_its_name(
    qtbot, activity, vault_services, change_bus
):
    worker = DeferredWorker()
    page = ImpactPage(vault_services, worker, change_bus)
    qtbot.addWidget(page)
    worker.run_all()  # the report
    page.drill_down("repatriations")
    worker.run_all()
    assert page.records.rowCount() == 2
    page.drill_down("operations")
    assert page.records.rowCount() == 0  # not the two repatriations, headed "Operations"
    assert page.drill_label.text().endswith("reading…")
    worker.run_all()
    assert "reading" not in page.drill_label.text()


def test_recording_training_through_the_dialog_updates_trained_police(
    qtbot, activity, page, change_bus
):
    assert page.cards()["trained_police"].value_label.text() == "10"
    published = []
    change_bus.changed.connect(published.append)
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert isinstance(dialog, TrainingDialog)
    qtbot.keyClicks(dialog.organisation_edit, "Kent Police cadets")
    dialog.trained_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.trained_spin, "25")
    # More reporting improved knowledge than trained: the service says so, nothing is lost.
    dialog.improved_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.improved_spin, "30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.messages.kind() == MessageKind.ERROR
    assert "more than the number trained" in dialog.messages.text()
    assert dialog.organisation_edit.text() == "Kent Police cadets"
    assert dialog.trained_spin.value() == 25
    dialog.improved_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.improved_spin, "20")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.cards()["trained_police"].value_label.text() == "35")
    assert any(changes.audit for changes in published)
    assert page.cards()["improved_knowledge_share"].share_label.text() == "29 of 41"


def test_the_pdf_report_is_saved_owner_only_and_recorded(
    qtbot, activity, page, tmp_path, monkeypatch, vault_services
):
    target = tmp_path / "impact"  # no suffix: the page adds ".pdf"
    asked = []

    def choose(_parent, _caption, suggested, _filter):
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "impact.pdf"
    qtbot.waitUntil(lambda: page.messages.kind() == MessageKind.SUCCESS)
    assert asked and asked[0].endswith(".pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert export_entries(vault_services, IMPACT_ENTITY) == [(AuditAction.EXPORT, "navigator.test")]


def test_the_main_window_has_impact_between_budget_and_settings_and_opens_cases(
    qtbot, activity, vault_services, sync_worker, change_bus
):
    from ui import actions
    from ui.main_window import PAGE_BUDGET, PAGE_IMPACT, PAGE_SETTINGS

    window = build_main_window(qtbot, vault_services, sync_worker, change_bus)
    window.show()
    assert (PAGE_BUDGET, PAGE_IMPACT, PAGE_SETTINGS) == (2, 3, 4)
    assert window.nav.item(PAGE_IMPACT).text() == "Impact   Ctrl+4"
    assert window.registry.get(actions.GO_IMPACT).shortcut().toString() == "Ctrl+4"
    window.registry.get(actions.GO_IMPACT).trigger()
    assert window.pages.currentWidget() is window.impact
    qtbot.waitUntil(lambda: window.impact.report() is not None)
    window.impact.open_case_requested.emit(activity["first"].id)
    assert window.open_case_ids() == [activity["first"].id]
    assert window.pages.currentWidget() is window.case_tabs


def test_recording_family_support_and_strategic_advice_through_their_dialogs(
    qtbot, activity, page, vault_services
):
    from ui.impact.activity_dialogs import FamilySupportDialog, StrategicAdviceDialog

    reference = activity["first"].reference
    assert page.cards()["family_members_supported"].value_label.text() == "0"
    qtbot.mouseClick(page.family_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert isinstance(dialog, FamilySupportDialog)
    qtbot.keyClicks(dialog.case_edit, "WP-1999-0001")  # no such case: said, nothing lost
    dialog.count_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.count_spin, "2")
    qtbot.keyClicks(dialog.relationship_edit, "two children")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "No case has that reference" in dialog.messages.text()
    assert dialog.relationship_edit.text() == "two children"
    dialog.case_edit.setText(reference.lower())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.cards()["family_members_supported"].value_label.text() == "2")

    advice_case = vault_services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                status=CaseStatus.ACTIVE,
                police_force="Kent Police",
                title="Operation Example",
            )
        )
    )
    page.refresh()
    qtbot.mouseClick(page.advice_button, Qt.MouseButton.LeftButton)
    advice = page.last_dialog
    assert isinstance(advice, StrategicAdviceDialog)
    # A survivor's case is refused by the service: advice goes with an investigation.
    advice.case_edit.setText(reference)
    qtbot.keyClicks(advice.summary_edit, "Victim identification at the warehouse")
    advice.arrests_spin.lineEdit().selectAll()
    qtbot.keyClicks(advice.arrests_spin, "3")
    qtbot.mouseClick(advice.save_button, Qt.MouseButton.LeftButton)
    assert advice.isVisible() and advice.messages.kind() == MessageKind.ERROR
    advice.case_edit.setText(advice_case.reference)
    qtbot.mouseClick(advice.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.cards()["strategic_advice_given"].value_label.text() == "1")
    assert page.cards()["suspects_arrested"].value_label.text() == "5"  # 2 at the operation
