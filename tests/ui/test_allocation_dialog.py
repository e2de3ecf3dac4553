"""The allocation dialog: this financial year by default, pounds read into pence, stale edits
refused, and every save published on the change bus."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog

from models.dto import AllocationDraft
from models.services.budget_policy import STALE_ALLOCATION_MESSAGE
from ui.budget.allocation_dialog import AllocationDialog, year_label
from ui.operations import Changes
from ui.widgets.message_bar import MessageKind

from .budget_support import YEAR_END, YEAR_START, allocate


def make_dialog(qtbot, services, worker, bus, settings, **kwargs) -> AllocationDialog:
    dialog = AllocationDialog(services, worker, bus, settings=settings, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def published(bus) -> list[Changes]:
    seen: list[Changes] = []
    bus.changed.connect(seen.append)
    return seen


def test_a_new_allocation_covers_this_financial_year_and_stores_pence(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    seen = published(change_bus)
    dialog = make_dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings)
    assert (dialog.period_start.date(), dialog.period_end.date()) == (YEAR_START, YEAR_END)
    assert dialog.programme_choice.isChecked()

    dialog.name_edit.setText("  Programme   2026/27 ")
    dialog.amount_edit.setText("£12,000.05")
    dialog.notes_edit.setPlainText("Home Office grant")
    dialog.accept()

    assert dialog.result() == QDialog.DialogCode.Accepted
    [stored] = vault_services.allocations()
    assert stored.name == "Programme 2026/27"
    assert stored.amount_pence == 1_200_005
    assert isinstance(stored.amount_pence, int)
    assert stored.holder == ""
    assert (stored.period_start, stored.period_end) == (YEAR_START, YEAR_END)
    assert stored.notes == "Home Office grant"
    assert dialog.saved == stored
    assert len(seen) == 1
    assert seen[0].audit and getattr(seen[0], "budget", True)


def test_an_allocation_can_be_held_by_a_navigator(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    dialog = make_dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings)
    dialog.navigator_choice.setChecked(True)
    assert dialog.holder_edit.isEnabled()
    assert dialog.holder_edit.text() == "navigator.test"  # the signed-in navigator by default
    dialog.holder_edit.setText("amina.k")
    dialog.name_edit.setText("Amina's spot purchases")
    dialog.amount_edit.setText("750")
    dialog.accept()
    [stored] = vault_services.allocations()
    assert (stored.holder, stored.amount_pence) == ("amina.k", 75_000)


def test_an_amount_that_is_not_money_is_refused_before_anything_is_saved(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    seen = published(change_bus)
    dialog = make_dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings)
    dialog.show()
    dialog.name_edit.setText("Programme")
    for text in ("12.345", "twelve", "", "-5"):
        dialog.amount_edit.setText(text)
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.messages.kind() is MessageKind.ERROR
        assert "amount in pounds" in dialog.messages.text()
        assert dialog.amount_edit.property("invalid") is True
    assert vault_services.allocations() == []
    assert seen == []


def test_every_problem_is_listed_at_once(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    dialog = make_dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings)
    dialog.show()
    dialog.amount_edit.setText("lots")
    dialog.accept()
    text = dialog.messages.text()
    assert "amount in pounds" in text and "Name the allocation" in text
    assert dialog.name_edit.property("invalid") is True
    assert vault_services.allocations() == []


def test_a_period_that_ends_before_it_starts_is_refused(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    dialog = make_dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings)
    dialog.show()
    dialog.name_edit.setText("Programme")
    dialog.amount_edit.setText("100")
    dialog.period_end.setDate(date(2026, 3, 1))
    dialog.accept()
    assert vault_services.allocations() == []
    assert "end after it starts" in dialog.messages.text()
    assert dialog.labels["period_end"].property("invalid") is True


def test_editing_loads_the_allocation_and_saves_the_change(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    allocation = allocate(vault_services, "Programme 2026/27", 5000, holder="amina.k")
    dialog = make_dialog(
        qtbot, vault_services, sync_worker, change_bus, ini_settings, allocation=allocation
    )
    assert dialog.windowTitle() == "Edit allocation"
    assert dialog.name_edit.text() == "Programme 2026/27"
    assert dialog.amount_edit.text() == "5000.00"
    assert dialog.navigator_choice.isChecked() and dialog.holder_edit.text() == "amina.k"

    dialog.amount_edit.setText("5,250.50")
    dialog.programme_choice.setChecked(True)
    dialog.accept()
    [stored] = vault_services.allocations()
    assert (stored.amount_pence, stored.holder, stored.version) == (525_050, "", 2)


def test_a_stale_edit_is_refused_with_the_message_and_overwrites_nothing(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    allocation = allocate(vault_services, "Programme 2026/27", 5000)
    dialog = make_dialog(
        qtbot, vault_services, sync_worker, change_bus, ini_settings, allocation=allocation
    )
    dialog.show()
    # Someone else changes it first (another laptop, the command line).
    vault_services.save_allocation(
        AllocationDraft("Programme (revised)", YEAR_START, YEAR_END, 6_000_00),
        allocation.id,
        allocation.version,
    )
    seen = published(change_bus)
    dialog.amount_edit.setText("9999")
    dialog.accept()

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.messages.kind() is MessageKind.ERROR
    assert dialog.messages.text() == STALE_ALLOCATION_MESSAGE
    [stored] = vault_services.allocations()
    assert (stored.name, stored.amount_pence) == ("Programme (revised)", 600_000)
    assert seen, "the page is told to read the current figures"
    assert dialog.save_button.isEnabled()


def test_year_label():
    assert year_label(date(2026, 4, 1)) == "2026/27"
    assert year_label(date(2099, 4, 1)) == "2099/00"
