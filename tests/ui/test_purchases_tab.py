"""The Purchases tab of the case workspace against a real SQLCipher vault, with database work
run synchronously: where the tab sits, the empty state, a purchase recorded from the keyboard,
the list and the case's total, opening a purchase, and refreshing from the ChangeBus."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.enums import CaseKind, PurchaseCategory, PurchaseStatus
from ui.case import discard_prompt
from ui.case.workspace import CaseWorkspace
from ui.operations import Changes
from ui.purchases.purchases_tab import EMPTY_TEXT, LIST_COLUMNS, PurchasesTab

from .conftest import UI_TODAY
from .purchase_support import new_case, press, programme_allocation, record

CTRL_N = (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
ALT_N = (Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
TAB = Qt.Key.Key_Tab
ENTER = Qt.Key.Key_Return


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch):
    """A dialog closed at teardown must not wait on a question nobody answers."""
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
def open_purchases(qtbot, vault_services, sync_worker, change_bus, ini_settings):
    def make(case_id: int) -> CaseWorkspace:
        workspace = CaseWorkspace(case_id, vault_services, sync_worker, change_bus)
        qtbot.addWidget(workspace)
        workspace.resize(1200, 800)
        workspace.show_tab("purchases")  # asked before the case has loaded
        workspace.show()
        qtbot.waitExposed(workspace)
        workspace.activateWindow()
        qtbot.waitUntil(workspace.isActiveWindow)
        assert workspace.tabs.currentWidget() is workspace.purchases
        workspace.purchases._settings = ini_settings  # dialogs remember their size here
        return workspace

    return make


@pytest.fixture
def open_tab(qtbot, vault_services, sync_worker, change_bus, ini_settings):
    def make(case_id: int) -> PurchasesTab:
        tab = PurchasesTab(
            case_id,
            vault_services,
            sync_worker,
            lambda: UI_TODAY,
            change_bus=change_bus,
            settings=ini_settings,
        )
        qtbot.addWidget(tab)
        tab.resize(1000, 500)
        tab.show()
        qtbot.waitExposed(tab)
        tab.activateWindow()
        qtbot.waitUntil(tab.isActiveWindow)
        tab.refresh()
        return tab

    return make


def cells(tab: PurchasesTab) -> list[list[str]]:
    return [tab.row_texts(r) for r in range(tab.list.topLevelItemCount())]


def test_the_tab_comes_after_recovery_and_only_for_support_plan_cases(
    qtbot, vault_services, sync_worker, change_bus, case_id, open_purchases
):
    workspace = open_purchases(case_id)
    texts = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert texts.index("Purchases") == texts.index("Recovery") + 1

    advice = new_case(vault_services, CaseKind.STRATEGIC_ADVICE)
    other = CaseWorkspace(advice, vault_services, sync_worker, change_bus)
    qtbot.addWidget(other)
    other.show_tab("purchases")
    texts = [other.tabs.tabText(i) for i in range(other.tabs.count())]
    assert "Purchases" not in texts and other.purchases is None
    assert other.tabs.currentWidget() is other.overview


def test_empty_state_then_a_purchase_recorded_with_the_keyboard(
    qtbot, vault_services, case_id, open_purchases, published
):
    programme_allocation(vault_services)
    workspace = open_purchases(case_id)
    tab = workspace.purchases
    assert tab.stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text() == EMPTY_TEXT
    assert "Ctrl+N" in EMPTY_TEXT
    assert tab.total_label.text() == "Paid for this case: £0.00 · 0 purchases"

    tab.new_button.setFocus()
    press(qtbot, CTRL_N)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    press(qtbot, "45", TAB, "c", TAB, "Primark", TAB, "Winter coat", ENTER)

    # Listed behind the dialog at once (it stays open for the receipt).
    assert tab.stack.currentWidget() is tab.list
    assert cells(tab) == [
        ["25 Nov 2026", "Clothing", "Primark", "Winter coat", "Paid", "£45.00", "None"]
    ]
    assert tab.total_label.text() == "Paid for this case: £45.00 · 1 purchase"
    assert Changes(cases=frozenset({case_id}), audit=True, budget=True) in published
    assert tab.has_unsaved_changes() is False
    press(qtbot, Qt.Key.Key_Escape)
    assert tab.dialog is None
    assert workspace.focusWidget() is tab.list  # where the focus returns


def test_alt_n_opens_a_new_purchase(qtbot, case_id, open_purchases):
    tab = open_purchases(case_id).purchases
    tab.new_button.setFocus()
    press(qtbot, ALT_N)
    # A mnemonic "animates" the click: the button is released a moment later.
    qtbot.waitUntil(lambda: tab.dialog is not None)
    assert tab.dialog.purchase() is None


def test_the_list_shows_only_this_cases_purchases_newest_first_with_the_total(
    qtbot, vault_services, case_id, open_tab
):
    other_case = new_case(vault_services, name="Amira")
    record(vault_services, case_id, 12_50, purchased_on=date(2026, 10, 2), supplier="Trainline")
    record(
        vault_services,
        case_id,
        150_00,
        status=PurchaseStatus.REQUESTED,
        category=PurchaseCategory.COMMUNICATION,
        supplier="Argos",
        purpose="Phone and credit\nso she can call her solicitor",
        purchased_on=date(2026, 11, 3),
    )
    receipted = record(
        vault_services,
        case_id,
        32_99,
        category=PurchaseCategory.CLOTHING,
        supplier="Primark",
        purpose="Shoes",
        purchased_on=date(2026, 11, 20),
    )
    vault_services.add_receipt(receipted.id, b"%PDF-1.4 receipt")
    refunded = record(vault_services, case_id, 5_00, purchased_on=date(2026, 9, 1))
    vault_services.update_purchase(
        refunded.id, refunded.version, replace(refunded.draft, status=PurchaseStatus.REFUNDED)
    )
    record(vault_services, other_case, 99_00, supplier="Not this case")
    record(vault_services, None, 300_00, supplier="Programme cost", approved_by="Manager",
           approved_on=date(2026, 11, 2))  # fmt: skip

    tab = open_tab(case_id)
    assert [tab.list.headerItem().text(c) for c in range(len(LIST_COLUMNS))] == list(LIST_COLUMNS)
    assert cells(tab) == [
        ["20 Nov 2026", "Clothing", "Primark", "Shoes", "Paid", "£32.99", "1"],
        ["3 Nov 2026", "Phone and internet", "Argos", "Phone and credit …", "Requested",
         "£150.00", "None"],
        ["2 Oct 2026", "Travel", "Trainline", "Train fares to court", "Paid", "£12.50", "None"],
        ["1 Sep 2026", "Travel", "", "Train fares to court", "Refunded", "£5.00", "None"],
    ]  # fmt: skip
    assert tab.total_label.text() == (
        "Paid for this case: £45.49 · £150.00 requested or approved, not yet paid · 4 purchases"
    )
    assert tab.rows()[0].id == receipted.id


def test_enter_on_a_row_opens_that_purchase(qtbot, vault_services, case_id, open_tab):
    record(vault_services, case_id, 12_50, purchased_on=date(2026, 10, 2))
    newest = record(vault_services, case_id, 20_00, purpose="Taxi from the safe house")
    tab = open_tab(case_id)
    tab.list.setFocus()
    assert tab.list.currentItem() is tab.list.topLevelItem(0)
    press(qtbot, ENTER)
    dialog = tab.dialog
    assert dialog is not None and dialog.purchase() is not None
    assert dialog.purchase().id == newest.id
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    assert dialog.purpose.text() == "Taxi from the safe house"

    # A change saved there shows in the list when the dialog closes.
    dialog.purpose.setFocus()
    dialog.purpose.selectAll()
    press(qtbot, "Taxi to the GP", ENTER)
    assert tab.dialog is None
    assert cells(tab)[0][3] == "Taxi to the GP"
    assert tab.list.currentItem().data(0, Qt.ItemDataRole.UserRole).id == newest.id


def test_ctrl_n_in_the_tab_is_a_new_purchase_not_a_new_case(qtbot, case_id, open_tab):
    tab = open_tab(case_id)
    tab.list.setFocus()
    press(qtbot, CTRL_N)
    assert tab.dialog is not None and tab.dialog.purchase() is None


def test_the_list_follows_changes_to_this_case_or_the_budget(
    qtbot, vault_services, change_bus, case_id, open_tab
):
    tab = open_tab(case_id)
    assert cells(tab) == []
    record(vault_services, case_id, 12_50, supplier="Trainline")

    change_bus.publish(Changes(cases=frozenset({case_id + 100}), audit=True))
    assert cells(tab) == []  # another case: not read again
    change_bus.publish(Changes(budget=True))
    assert [row[2] for row in cells(tab)] == ["Trainline"]

    record(vault_services, case_id, 7_00, supplier="Boots")
    change_bus.publish(Changes(cases=frozenset({case_id})))
    assert [row[2] for row in cells(tab)] == ["Boots", "Trainline"]
    assert tab.total_label.text() == "Paid for this case: £19.50 · 2 purchases"


def test_unsaved_entries_in_the_dialog_count_when_the_case_closes(qtbot, case_id, open_purchases):
    workspace = open_purchases(case_id)
    tab = workspace.purchases
    tab.new_purchase()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.dialog.amount)
    assert not workspace.has_unsaved_changes()
    press(qtbot, "4")
    assert workspace.has_unsaved_changes()
    asked = []
    assert not workspace.confirm_close(lambda _parent, text: asked.append(text) or False)
    assert asked == ["You have unsaved edits to a purchase. Close this case and discard them?"]
