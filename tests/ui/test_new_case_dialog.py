"""Opening a new case through the dialog, against a real SQLCipher vault."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from models.dto import CaseloadQuery
from models.enums import CaseKind, ReferralSource
from ui.case.new_case_dialog import NewCaseDialog
from ui.operations import Changes


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings) -> NewCaseDialog:
    dlg = NewCaseDialog(vault_services, sync_worker, change_bus, settings=ini_settings)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_creates_a_support_plan_case(qtbot, dialog, vault_services, published):
    assert dialog.opened_on.date() == date(2026, 11, 25)  # today in the vault
    dialog.referral_source.set_value(ReferralSource.NGO)
    dialog.police_force.set_force("Essex Police")
    qtbot.keyClicks(dialog.known_as, "Hoa")

    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.ok_button.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    case = vault_services.open_case(dialog.created_case_id)
    assert case.fields.kind is CaseKind.SUPPORT_PLAN
    assert case.fields.referral_source is ReferralSource.NGO
    assert case.fields.police_force == "Essex Police"
    assert case.fields.opened_on == date(2026, 11, 25)
    assert case.person.fields.known_as == "Hoa"
    assert published == [
        Changes(cases=frozenset({dialog.created_case_id}), caseload=True, audit=True)
    ]


def test_creates_a_strategic_advice_case(qtbot, dialog, vault_services):
    dialog.advice_choice.setChecked(True)
    assert dialog.survivor_box.isHidden()
    dialog.opened_on.setDate(date(2026, 5, 1))
    dialog.operation.setText("Op Harbour")

    dialog.ok_button.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    case = vault_services.open_case(dialog.created_case_id)
    assert case.fields.kind is CaseKind.STRATEGIC_ADVICE
    assert case.fields.operation_name == "Op Harbour"
    assert case.fields.opened_on == date(2026, 5, 1)
    assert case.person is None


def test_a_support_plan_needs_a_name(dialog, vault_services, published):
    dialog.ok_button.click()

    assert dialog.isVisible()
    assert dialog.created_case_id is None
    assert "Enter a name, or at least what the survivor is known as." in dialog.messages.text()
    assert dialog.known_as.property("invalid") is True
    assert vault_services.caseload_ids(CaseloadQuery()) == []
    assert published == []

    dialog.given_names.setText("Thi Hoa")
    dialog.ok_button.click()
    assert dialog.created_case_id is not None
    assert vault_services.open_case(dialog.created_case_id).person.fields.given_names == "Thi Hoa"


def test_strategic_advice_needs_a_title_and_no_future_date(dialog, vault_services):
    dialog.advice_choice.setChecked(True)
    dialog.opened_on.setDate(date(2026, 12, 1))

    dialog.ok_button.click()

    text = dialog.messages.text()
    assert "A strategic advice case needs a title or an operation name." in text
    assert "The opened date cannot be in the future." in text
    assert dialog.title_edit.property("invalid") is True
    assert dialog.created_case_id is None
    assert vault_services.caseload_ids(CaseloadQuery()) == []


def test_names_typed_for_a_survivor_are_not_used_for_advice(dialog, vault_services):
    dialog.known_as.setText("Hoa")
    dialog.advice_choice.setChecked(True)
    dialog.title_edit.setText("Advice on port screening")

    dialog.ok_button.click()

    case = vault_services.open_case(dialog.created_case_id)
    assert case.person is None
    assert case.display_name == "Advice on port screening"
