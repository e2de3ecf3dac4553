"""The purchase list model: IDs from SQL, rows paged in through the worker into a bounded cache,
filters and sorts in SQL, and the footer's totals; fast with 50,000 purchases."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from sqlalchemy import insert

from models.dto import PurchaseQuery, PurchaseSort
from models.entities import Purchase
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus
from models.rules.money import format_pence
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import open_store
from ui.budget.purchase_list_model import (
    PLACEHOLDER,
    PROGRAMME_COST,
    Column,
    PurchaseListModel,
    Totals,
    footer_text,
)

from .budget_support import buy
from .caseload_support import DeferredWorker, fill

BIG = 50_000
CATEGORIES = list(PurchaseCategory)
STATUSES = list(PurchaseStatus)
SUPPLIERS = ["Tesco", "Trainline", "Boots", "Argos", "Primark", "EE Mobile", "Premier Inn"]
PURPOSES = ["Weekly shop", "Train to a solicitor", "Phone top-up"]
FIRST_DAY = date(2026, 1, 1)


def generated(i: int, case_ids: list[int]) -> dict:
    """Purchase number ``i`` of the big vault (amounts are a permutation of 100..50,099)."""
    return {
        "case_id": case_ids[i % len(case_ids)] if i % 4 == 0 else None,
        "allocation_id": None,
        "purchased_on": FIRST_DAY + timedelta(days=i % 329),  # 1 Jan to 25 Nov 2026
        "category": CATEGORIES[i % len(CATEGORIES)].value,
        "amount_pence": 100 + (i * 7919) % BIG,
        "supplier": SUPPLIERS[i % len(SUPPLIERS)],
        "payment_method": PaymentMethod.CARD.value,
        "purpose": PURPOSES[i % len(PURPOSES)],
        "status": STATUSES[i % len(STATUSES)].value,
        "approved_by": "",
        "approved_on": None,
        "recorded_by": "navigator.test",
    }


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A real vault of 50,000 purchases, inserted in bulk, and the rows as generated."""
    folder = tmp_path_factory.mktemp("purchases")
    store = open_store(folder / "waypost.db", os.urandom(32), create=True)
    services = Services(
        ServiceContext(store=store, user="navigator.test", today=lambda: date(2026, 11, 25))
    )
    case_ids = fill(services, 5)
    references = {row.id: row.reference for row in services.caseload_rows(case_ids)}
    rows = [generated(i, case_ids) for i in range(BIG)]
    with store.session() as session:
        session.execute(insert(Purchase), rows)
    for row in rows:
        row["reference"] = references.get(row["case_id"], "")
    yield services, rows
    store.close()


def loaded(qtbot, model: PurchaseListModel, query: PurchaseQuery) -> PurchaseListModel:
    with qtbot.waitSignal(model.count_changed):
        model.set_query(query)
    assert model.shown_query() == query
    return model


def load_rows(qtbot, model: PurchaseListModel, rows: range) -> None:
    """Ask for the rows as a view would, and wait until their pages have arrived."""
    for row in rows:
        model.data(model.index(row, Column.SUPPLIER))
    qtbot.waitUntil(lambda: all(model.row_at(r) is not None for r in rows))


def matches(row: dict, word: str) -> bool:
    word = word.lower()
    return any(word in row[key].lower() for key in ("supplier", "purpose", "reference"))


# --- 50,000 purchases ------------------------------------------------------------------------


@pytest.mark.slow
def test_fifty_thousand_purchases_hold_ids_and_only_a_few_pages_of_rows(qtbot, big, sync_worker):
    services, _rows = big
    started = time.perf_counter()
    ids = services.purchase_ids(PurchaseQuery())
    services.purchase_rows(ids[:100])
    direct = time.perf_counter() - started
    model = PurchaseListModel(services, sync_worker, page_size=100, max_pages=8)
    started = time.perf_counter()
    loaded(qtbot, model, PurchaseQuery())
    through_model = time.perf_counter() - started
    print(
        f"\n50,000 purchases: purchase_ids + first page {direct * 1000:.0f} ms; "
        f"the model's first query (IDs, totals, first page) {through_model * 1000:.0f} ms"
    )

    assert model.rowCount() == BIG
    assert model.cached_row_count() == 100  # the first page came with the IDs
    assert model.data(model.index(0, Column.SUPPLIER)) != PLACEHOLDER

    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(900, 500)
    table.show()
    peak = [0]
    model.dataChanged.connect(
        lambda *_: peak.__setitem__(0, max(peak[0], model.cached_row_count()))
    )
    for row in (5_000, 12_345, 25_000, 37_777, BIG - 1, 20, 44_000, 30_000, 9_000, 1_000):
        table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        qtbot.waitUntil(lambda r=row: model.row_at(r) is not None)
    assert model.rowCount() == BIG
    assert peak[0] <= 8 * 100
    assert model.cached_row_count() <= 8 * 100
    assert model.rows_fetched() < 3_000  # the pages looked at, not the list


@pytest.mark.slow
def test_filters_give_the_exact_counts_and_totals(qtbot, big, sync_worker):
    services, rows = big
    model = PurchaseListModel(services, sync_worker)

    travel = [r for r in rows if r["category"] == PurchaseCategory.TRAVEL.value]
    loaded(qtbot, model, PurchaseQuery(category=PurchaseCategory.TRAVEL))
    assert model.rowCount() == len(travel) == BIG // len(CATEGORIES) + 1
    load_rows(qtbot, model, range(50))
    assert {model.row_at(r).category for r in range(50)} == {PurchaseCategory.TRAVEL}

    train = [r for r in rows if matches(r, "train")]
    loaded(qtbot, model, PurchaseQuery(search="train"))
    assert 0 < model.rowCount() == len(train) < BIG

    both = [r for r in train if r["category"] == PurchaseCategory.FOOD.value]
    loaded(qtbot, model, PurchaseQuery(search="TRAIN", category=PurchaseCategory.FOOD))
    assert model.rowCount() == len(both)

    # A case reference finds that case's purchases.
    reference = next(r["reference"] for r in rows if r["reference"])
    of_case = [r for r in rows if matches(r, reference)]
    loaded(qtbot, model, PurchaseQuery(search=reference))
    assert model.rowCount() == len(of_case) > 0

    # This financial year only, and paid only: the footer's count and paid total.
    year = [
        r
        for r in rows
        if date(2026, 4, 1) <= r["purchased_on"] <= date(2027, 3, 31)
        and r["status"] == PurchaseStatus.PAID.value
    ]
    query = PurchaseQuery(
        date_from=date(2026, 4, 1), date_to=date(2027, 3, 31), status=PurchaseStatus.PAID
    )
    with qtbot.waitSignal(model.totals_changed) as signal:
        model.set_query(query)
    paid = sum(r["amount_pence"] for r in year)
    assert signal.args == [Totals(len(year), paid)]
    assert model.rowCount() == len(year)
    assert footer_text(model.totals()) == f"{len(year):,} purchases · {format_pence(paid)} paid"


@pytest.mark.slow
def test_sorting_by_amount_puts_the_largest_first(qtbot, big, sync_worker):
    services, rows = big
    model = loaded(qtbot, PurchaseListModel(services, sync_worker), PurchaseQuery())
    assert model.sort_column() == Column.DATE

    with qtbot.waitSignal(model.count_changed):
        model.sort(Column.AMOUNT, Qt.SortOrder.DescendingOrder)
    assert model.shown_query().sort is PurchaseSort.AMOUNT
    assert model.rowCount() == BIG
    load_rows(qtbot, model, range(200))
    amounts = [model.row_at(r).amount_pence for r in range(200)]
    assert amounts == sorted((r["amount_pence"] for r in rows), reverse=True)[:200]
    assert model.data(model.index(0, Column.AMOUNT)) == "£500.99"
    assert model.data(model.index(0, Column.AMOUNT), Qt.ItemDataRole.TextAlignmentRole) & (
        Qt.AlignmentFlag.AlignRight
    )

    with qtbot.waitSignal(model.count_changed):
        model.sort(Column.AMOUNT, Qt.SortOrder.AscendingOrder)
    load_rows(qtbot, model, range(3))
    assert [model.row_at(r).amount_pence for r in range(3)] == [100, 101, 102]

    # Purpose has no SQL order: clicking it changes nothing.
    before = model.query()
    model.sort(Column.PURPOSE, Qt.SortOrder.AscendingOrder)
    assert model.query() == before


# --- A few purchases -------------------------------------------------------------------------


def test_cells_show_the_purchase_as_a_navigator_reads_it(qtbot, vault_services, sync_worker):
    [case_id] = fill(vault_services, 1)
    reference = vault_services.caseload_rows([case_id])[0].reference
    buy(vault_services, date(2026, 5, 3), PurchaseCategory.TRAVEL, 12_50, case_id=case_id)
    buy(vault_services, date(2026, 5, 4), PurchaseCategory.FOOD, 8_00, supplier="Aldi")
    model = loaded(qtbot, PurchaseListModel(vault_services, sync_worker), PurchaseQuery())

    def cells(row: int) -> list[str]:
        return [model.data(model.index(row, c)) for c in Column]

    assert cells(0) == [
        "4 May 2026", PROGRAMME_COST, "Food and essentials", "Aldi", "Weekly shop", "£8.00",
        "Paid", "Missing",
    ]  # fmt: skip
    assert cells(1)[:2] == ["3 May 2026", reference]
    assert model.data(model.index(0, Column.RECEIPT), Qt.ItemDataRole.ToolTipRole)
    assert model.totals() == Totals(2, 20_50)


def test_an_older_answer_is_dropped_when_a_newer_query_was_asked_for(qtbot, vault_services):
    buy(vault_services, date(2026, 5, 3), PurchaseCategory.TRAVEL, 12_50)
    buy(vault_services, date(2026, 5, 4), PurchaseCategory.FOOD, 8_00)
    worker = DeferredWorker()
    model = PurchaseListModel(vault_services, worker)
    model.set_query(PurchaseQuery())
    model.set_query(PurchaseQuery(category=PurchaseCategory.FOOD))
    model.set_query(PurchaseQuery(category=PurchaseCategory.TRAVEL))
    assert len(worker.jobs) == 1  # one ID query at a time
    assert model.is_loading()
    worker.run()  # the first answer arrives late: thrown away, the newest query runs
    assert model.rowCount() == 0
    assert len(worker.jobs) == 1
    worker.run()
    assert model.shown_query() == PurchaseQuery(category=PurchaseCategory.TRAVEL)
    assert model.rowCount() == 1
    assert not model.is_loading()
    assert worker.jobs == []


def test_a_refresh_shows_a_new_purchase(qtbot, vault_services, sync_worker):
    buy(vault_services, date(2026, 5, 3), PurchaseCategory.TRAVEL, 12_50)
    model = loaded(qtbot, PurchaseListModel(vault_services, sync_worker), PurchaseQuery())
    assert model.rowCount() == 1
    buy(vault_services, date(2026, 6, 1), PurchaseCategory.FOOD, 3_00)
    with qtbot.waitSignal(model.count_changed):
        model.refresh()
    assert model.rowCount() == 2
    assert model.totals() == Totals(2, 15_50)


def test_footer_text():
    assert footer_text(Totals(1, 5)) == "1 purchase · £0.05 paid"
    assert footer_text(Totals(1234, 1_234_567)) == "1,234 purchases · £12,345.67 paid"
