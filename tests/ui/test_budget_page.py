"""The Budget page: what remains of each allocation, overspending marked, the approval threshold,
the purchase list's filters and footer, and the statement and export, each recorded only once
the file is out."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QFileDialog

from models.dto import PurchaseQuery
from models.enums import AuditAction, PurchaseCategory, PurchaseStatus
from models.services.budget_reports import EXPORT_ENTITY, STATEMENT_ENTITY
from ui.budget.allocations_view import (
    COL_ALLOCATED,
    COL_COMMITTED,
    COL_HOLDER,
    COL_NAME,
    COL_REMAINING,
    COL_SPENT,
    COL_USED,
    OVERSPENT_TEXT,
)
from ui.budget.budget_page import BudgetPage
from ui.budget.export_dialogs import PurchaseExportDialog, StatementDialog
from ui.budget.purchase_list import SEARCH_DELAY_MS
from ui.budget.purchase_list_model import Column
from ui.operations import Changes
from ui.widgets.message_bar import MessageKind

from .budget_support import YEAR_END, YEAR_START, allocate, buy, export_entries
from .conftest import UI_TODAY
from .window_support import build_main_window

FOOD, TRAVEL = PurchaseCategory.FOOD, PurchaseCategory.TRAVEL
PAID, REQUESTED, APPROVED = PurchaseStatus.PAID, PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED


@pytest.fixture
def page(qtbot, vault_services, sync_worker, change_bus):
    widget = BudgetPage(vault_services, sync_worker, change_bus)
    qtbot.addWidget(widget)
    widget.resize(1176, 680)
    widget.show()
    qtbot.waitUntil(lambda: widget.overview() is not None)
    return widget


def row_of(page: BudgetPage, name: str) -> int:
    table = page.allocations.table
    return next(r for r in range(table.rowCount()) if table.item(r, COL_NAME).text() == name)


# --- Allocations -----------------------------------------------------------------------------


def test_no_allocation_yet_says_what_to_do(page):
    assert page.allocations.is_empty()
    assert page.allocations.empty_label.text() == (
        "Add the programme's allocation for 2026/27 to see what remains"
    )
    assert page.allocations.empty_label.isVisible()
    assert page.allocations.empty_button.isVisible()


def test_remaining_is_allocated_less_paid_and_committed_and_overspending_is_marked(
    qtbot, vault_services, sync_worker, change_bus
):
    programme = allocate(vault_services, "Programme 2026/27", 5000)
    own = allocate(vault_services, "Amina's purchases", 100, holder="amina.k")
    buy(vault_services, date(2026, 5, 3), FOOD, 45_50, allocation=programme)
    buy(vault_services, date(2026, 6, 3), TRAVEL, 250_00, allocation=programme)
    buy(vault_services, date(2026, 6, 9), TRAVEL, 30_00, status=REQUESTED, allocation=programme)
    buy(vault_services, date(2026, 7, 1), FOOD, 12_00, status=PurchaseStatus.CANCELLED,
        allocation=programme)  # fmt: skip
    buy(vault_services, date(2026, 6, 3), TRAVEL, 90_00, allocation=own)
    buy(vault_services, date(2026, 6, 4), TRAVEL, 25_00, status=APPROVED, allocation=own)

    page = BudgetPage(vault_services, sync_worker, change_bus)
    qtbot.addWidget(page)
    page.show()
    view = page.allocations
    assert not view.is_empty()

    r = row_of(page, "Programme 2026/27")
    columns = (COL_HOLDER, COL_ALLOCATED, COL_SPENT, COL_COMMITTED)
    expected = ["Programme", "£5,000.00", "£295.50", "£30.00"]
    assert [view.cell_text(r, c) for c in columns] == expected
    assert view.cell_text(r, COL_REMAINING) == "£4,674.50"  # 5,000 - 295.50 - 30
    assert view.cell_text(r, COL_USED) == "6% used"
    assert "Overspent" not in view.cell_text(r, COL_USED)

    o = row_of(page, "Amina's purchases")
    assert view.cell_text(o, COL_HOLDER) == "amina.k"
    assert view.cell_text(o, COL_REMAINING) == "-£15.00"  # 100 - 90 - 25
    assert view.cell_text(o, COL_USED) == "Overspent by £15.00"
    for column in (COL_REMAINING, COL_USED):
        brush = view.table.item(o, column).data(Qt.ItemDataRole.ForegroundRole)
        assert isinstance(brush, QBrush) and brush.color() == OVERSPENT_TEXT
    assert view.table.item(r, COL_REMAINING).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "1 allocation overspent" in page.summary.text()
    assert page.summary.text().startswith("£4,659.50 remains of £5,100.00 allocated")


def test_the_threshold_change_is_saved_and_shown_next_time(
    qtbot, page, vault_services, sync_worker, change_bus
):
    view = page.allocations
    assert view.threshold_edit.text() == "100.00"
    assert not view.threshold_button.isEnabled()
    view.threshold_edit.clear()
    qtbot.keyClicks(view.threshold_edit, "250")
    assert view.threshold_button.isEnabled()
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    qtbot.mouseClick(view.threshold_button, Qt.MouseButton.LeftButton)

    assert vault_services.approval_threshold() == 250_00
    assert "£250.00" in view.threshold_status.text()
    assert seen and seen[0].audit

    again = BudgetPage(vault_services, sync_worker, change_bus)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.overview() is not None)
    assert again.allocations.threshold_edit.text() == "250.00"


def test_a_threshold_that_is_not_money_is_not_saved(qtbot, page, vault_services):
    view = page.allocations
    view.threshold_edit.setText("a lot")
    view.save_threshold()
    assert vault_services.approval_threshold() == 100_00
    assert "amount in pounds" in view.threshold_status.text()


def test_a_budget_change_on_the_bus_reads_the_figures_again(
    qtbot, page, vault_services, change_bus
):
    programme = allocate(vault_services, "Programme 2026/27", 1000)
    change_bus.publish(Changes(audit=True))
    qtbot.waitUntil(lambda: not page.allocations.is_empty())
    buy(vault_services, date(2026, 5, 3), FOOD, 40_00, allocation=programme)
    change_bus.publish(Changes(audit=True))
    qtbot.waitUntil(lambda: page.allocations.cell_text(0, COL_REMAINING) == "£960.00")
    assert page.spend_chart.points()[0] == [(FOOD, 40_00)]
    qtbot.waitUntil(lambda: page.purchases.model.rowCount() == 1)
    assert page.purchases.footer() == "1 purchase · £40.00 paid"


def test_while_hidden_the_page_only_notes_it_is_out_of_date(
    qtbot, vault_services, sync_worker, change_bus
):
    page = BudgetPage(vault_services, sync_worker, change_bus)
    qtbot.addWidget(page)
    reads: list[int] = []
    original = vault_services.budget_overview
    vault_services.budget_overview = lambda *a: reads.append(1) or original(*a)
    change_bus.publish(Changes(audit=True))
    assert reads == []
    page.show()
    assert reads == [1]


def test_an_earlier_year_can_be_chosen(qtbot, vault_services, sync_worker, change_bus):
    allocate(vault_services, "Programme 2025/26", 4000, start=date(2025, 4, 1))
    buy(vault_services, date(2026, 1, 10), FOOD, 10_00)
    page = BudgetPage(vault_services, sync_worker, change_bus)
    qtbot.addWidget(page)
    page.show()
    assert page.period() == (YEAR_START, YEAR_END)
    assert page.allocations.is_empty()  # nothing allocated for 2026/27
    assert page.period_combo.count() == 2
    page.set_period(date(2025, 4, 1), date(2026, 3, 31))
    assert page.period_combo.count() == 2
    assert page.period_combo.currentText() == "2025/26 (April 2025 to March 2026)"
    qtbot.waitUntil(lambda: not page.allocations.is_empty())
    assert page.allocations.cell_text(0, COL_NAME) == "Programme 2025/26"
    assert page.spend_chart.points()[0] == [(FOOD, 10_00)]
    assert page.purchases.model.query().date_from == date(2025, 4, 1)
    qtbot.waitUntil(lambda: page.purchases.model.rowCount() == 1)


# --- The purchase list -----------------------------------------------------------------------


def test_the_list_shows_this_financial_year_and_its_footer(qtbot, page, vault_services, change_bus):
    buy(vault_services, date(2026, 3, 31), FOOD, 99_00)  # the year before
    buy(vault_services, date(2026, 4, 1), FOOD, 10_00)
    buy(vault_services, date(2026, 8, 1), TRAVEL, 150_00, supplier="Trainline")
    buy(vault_services, date(2026, 8, 2), TRAVEL, 20_00, status=REQUESTED, supplier="Trainline")
    change_bus.publish(Changes(audit=True))
    purchases = page.purchases
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 3)
    assert purchases.date_from.date() == YEAR_START and purchases.date_to.date() == YEAR_END
    assert purchases.footer() == "3 purchases · £160.00 paid"
    assert page.tabs.tabText(1) == "P&urchases (3)"

    purchases.category_filter.setCurrentIndex(purchases.category_filter.findData(TRAVEL))
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 2)
    assert purchases.query_from_controls().category is TRAVEL
    assert purchases.footer() == "2 purchases · £150.00 paid"
    purchases.status_filter.setCurrentIndex(purchases.status_filter.findData(REQUESTED))
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 1)
    assert purchases.footer() == "1 purchase · £0.00 paid"

    purchases.clear_filters()
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 3)
    purchases.date_from.clear()  # any date
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 4)


def test_typing_a_search_runs_one_query_after_a_pause(qtbot, page, vault_services, change_bus):
    buy(vault_services, date(2026, 8, 1), TRAVEL, 15_00, supplier="Trainline")
    buy(vault_services, date(2026, 8, 2), FOOD, 20_00, supplier="Tesco")
    change_bus.publish(Changes(audit=True))
    page.tabs.setCurrentIndex(1)
    purchases = page.purchases
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 2)
    queries: list[PurchaseQuery] = []
    original = vault_services.purchase_ids
    vault_services.purchase_ids = lambda q: queries.append(q) or original(q)

    qtbot.keyClicks(purchases.search, "train")
    assert queries == []  # nothing yet: the navigator is still typing
    assert purchases._search_timer.interval() == SEARCH_DELAY_MS
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 1, timeout=2000)
    assert [q.search for q in queries] == ["train"]
    assert purchases.model.data(purchases.model.index(0, Column.SUPPLIER)) == "Trainline"
    assert purchases.footer() == "1 purchase · £15.00 paid"

    qtbot.keyClicks(purchases.search, "xyz")
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 0, timeout=2000)
    assert purchases.empty_label.isVisible()
    assert purchases.empty_label.text() == "No purchases match these filters."


def test_no_purchases_yet_says_so(page):
    page.tabs.setCurrentIndex(1)
    label = page.purchases.empty_label
    assert label.isVisible()
    assert label.text().startswith("No purchases from 1 Apr 2026 to 31 Mar 2027.")
    assert page.purchases.footer() == "0 purchases · £0.00 paid"


def test_clicking_the_amount_header_sorts_largest_first(qtbot, page, vault_services, change_bus):
    for pence in (12_00, 99_99, 3_00):
        buy(vault_services, date(2026, 8, 1), FOOD, pence)
    change_bus.publish(Changes(audit=True))
    model = page.purchases.model
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    header = page.purchases.table.horizontalHeader()
    header.setSortIndicator(Column.AMOUNT, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.shown_query().sort.value == "amount")
    assert [model.data(model.index(r, Column.AMOUNT)) for r in range(3)] == [
        "£99.99", "£12.00", "£3.00"
    ]  # fmt: skip
    header.setSortIndicator(Column.PURPOSE, Qt.SortOrder.AscendingOrder)  # not sortable
    assert header.sortIndicatorSection() == Column.AMOUNT


def test_enter_opens_the_purchase_for_editing(qtbot, page, vault_services, change_bus):
    bought = buy(vault_services, date(2026, 8, 1), FOOD, 12_00)
    change_bus.publish(Changes(audit=True))
    purchases = page.purchases
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: purchases.model.rowCount() == 1)
    purchases.select_row(0)
    purchases.table.setFocus()
    qtbot.keyClick(purchases.table, Qt.Key.Key_Return)
    dialog = purchases.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.purchase() is not None)
    assert dialog.purchase().id == bought.id
    dialog.close()


def test_new_programme_cost_opens_a_purchase_with_no_case(qtbot, page):
    qtbot.mouseClick(page.purchases.new_button, Qt.MouseButton.LeftButton)
    dialog = page.purchases.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.purchase() is None  # a new purchase
    assert dialog.intro.text() == "A programme cost, not bought for one survivor."
    dialog.close()


# --- Statement and export --------------------------------------------------------------------


def test_the_statement_dialog_offers_last_month_and_the_export_this_year(qtbot, ini_settings):
    statement = StatementDialog(UI_TODAY, settings=ini_settings)
    qtbot.addWidget(statement)
    assert statement.month_start() == date(2026, 10, 1)
    assert statement.month.currentText() == "October 2026"
    export = PurchaseExportDialog(UI_TODAY, settings=ini_settings)
    qtbot.addWidget(export)
    assert export.date_range() == (YEAR_START, YEAR_END)
    assert export.file_format() == "csv"
    export.date_to.setDate(date(2026, 1, 1))
    export.accept()
    assert export.problem.text() == "The end date is before the start."


def test_export_writes_an_owner_only_csv_and_records_it(
    qtbot, page, vault_services, tmp_path, monkeypatch
):
    buy(vault_services, date(2026, 8, 1), TRAVEL, 15_00, supplier="Trainline")
    target = tmp_path / "exports" / "purchases"
    target.parent.mkdir()
    asked: list[str] = []

    def choose(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    assert export_entries(vault_services, EXPORT_ENTITY) == []
    page.export_purchases(YEAR_START, YEAR_END, "csv")

    written = target.with_name("purchases.csv")
    assert written.exists()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Trainline" in written.read_text(encoding="utf-8-sig")
    assert asked and asked[0].endswith(".csv")
    assert export_entries(vault_services, EXPORT_ENTITY) == [(AuditAction.EXPORT, "navigator.test")]
    assert page.messages.kind() is MessageKind.SUCCESS
    assert not page.is_busy()


def test_an_export_that_cannot_be_recorded_is_removed(
    qtbot, page, vault_services, tmp_path, monkeypatch
):
    buy(vault_services, date(2026, 8, 1), TRAVEL, 15_00, supplier="Trainline")
    target = tmp_path / "purchases.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def refuse(_entity):
        raise OSError("disk full")

    monkeypatch.setattr(vault_services, "record_budget_export", refuse)
    page.export_purchases(YEAR_START, YEAR_END, "xlsx")
    assert not target.exists()
    assert page.messages.kind() is MessageKind.ERROR
    assert "removed" in page.messages.text()


def test_a_cancelled_export_writes_and_records_nothing(
    qtbot, page, vault_services, tmp_path, monkeypatch
):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    page.export_purchases(YEAR_START, YEAR_END, "csv")
    assert list(tmp_path.glob("*.csv")) == []
    assert export_entries(vault_services, EXPORT_ENTITY) == []


def test_the_statement_is_saved_and_recorded(qtbot, page, vault_services, tmp_path, monkeypatch):
    buy(vault_services, date(2026, 10, 5), FOOD, 12_00, supplier="Tesco")
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.monthly_statement(date(2026, 10, 1), preview=False)
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert export_entries(vault_services, STATEMENT_ENTITY) == [
        (AuditAction.EXPORT, "navigator.test")
    ]
    assert "saved" in page.messages.text()


def test_a_previewed_statement_is_recorded_only_once_saved(
    qtbot, page, vault_services, tmp_path, monkeypatch
):
    page.monthly_statement(date(2026, 10, 1), preview=True)
    preview = page.preview
    assert preview is not None and preview.page_count() >= 1
    assert "October 2026" in preview.windowTitle()
    assert export_entries(vault_services, STATEMENT_ENTITY) == []

    target = tmp_path / "october.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    preview.save_document()
    assert target.exists()
    assert len(export_entries(vault_services, STATEMENT_ENTITY)) == 1
    preview.close()


def test_a_cancelled_statement_save_records_nothing(qtbot, page, vault_services, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    page.monthly_statement(date(2026, 10, 1), preview=False)
    assert export_entries(vault_services, STATEMENT_ENTITY) == []
    assert not page.is_busy()


# --- The main window -------------------------------------------------------------------------


def test_the_main_window_has_the_budget_page_between_agenda_and_settings(
    qtbot, vault_services, sync_worker, change_bus
):
    from ui import actions
    from ui.main_window import PAGE_AGENDA, PAGE_BUDGET, PAGE_SETTINGS

    window = build_main_window(qtbot, vault_services, sync_worker, change_bus)
    window.show()
    assert (PAGE_AGENDA, PAGE_BUDGET, PAGE_SETTINGS) == (1, 2, 4)
    assert window.nav.item(PAGE_BUDGET).text() == "Budget   Ctrl+3"
    assert window.nav.item(PAGE_SETTINGS).text() == "Settings   Ctrl+,"
    window.registry.get(actions.GO_BUDGET).trigger()
    assert window.pages.currentWidget() is window.budget
    qtbot.waitUntil(lambda: window.budget.overview() is not None)
    window.registry.get(actions.GO_SETTINGS).trigger()
    assert window.pages.currentWidget() is window.settings_page
    go_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Go")
    assert window.registry.get(actions.GO_BUDGET) in go_menu.actions()
    assert window.registry.get(actions.GO_BUDGET).shortcut().toString() == "Ctrl+3"
