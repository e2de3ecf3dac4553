"""The caseload model: IDs from SQL, rows paged in through the worker, a bounded cache."""

from __future__ import annotations

import dataclasses
import os
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from models import search_index
from models.dto import CaseEdit, CaseloadQuery, CaseloadSort
from models.enums import CaseKind, CaseStatus
from models.services.context import ServiceContext
from models.services.demo import populate_demo
from models.services.facade import Services
from models.store import open_store
from ui.caseload.model import CASE_ROW_ROLE, PLACEHOLDER, CaseloadModel, Column, format_opened
from ui.operations import Changes

from .caseload_support import DeferredWorker, fill

BIG = 100_000


# --- Helpers -------------------------------------------------------------------------------


def cell(model: CaseloadModel, row: int, column: Column) -> str:
    return model.data(model.index(row, column))


def load_rows(qtbot, model: CaseloadModel, rows: range) -> list[str]:
    """Ask for the rows as a view would, wait for their pages, return their names."""
    for row in rows:
        cell(model, row, Column.NAME)
    qtbot.waitUntil(lambda: all(cell(model, r, Column.NAME) != PLACEHOLDER for r in rows))
    return [cell(model, row, Column.NAME) for row in rows]


def loaded(qtbot, model: CaseloadModel, query: CaseloadQuery | None = None) -> CaseloadModel:
    with qtbot.waitSignal(model.count_changed):
        if query is None:
            model.refresh()
        else:
            model.set_query(query)
    return model


# --- A real vault of 100,000 demo cases ----------------------------------------------------


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("big") / "waypost.db", os.urandom(32), create=True)
    ctx = ServiceContext(store=store, user="navigator.test", today=lambda: date(2026, 11, 25))
    populate_demo(ctx, cases=BIG, seed=1)
    yield Services(ctx)
    store.close()


@pytest.mark.slow
def test_a_hundred_thousand_cases_sorted_by_reference(qtbot, big_vault, sync_worker):
    model = loaded(qtbot, CaseloadModel(big_vault, sync_worker))
    assert model.rowCount() == BIG
    assert model.total_count() == BIG

    model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: model.shown_query().sort is CaseloadSort.REFERENCE)
    assert model.rowCount() == BIG

    direct = big_vault.caseload_ids(CaseloadQuery(sort=CaseloadSort.REFERENCE, descending=False))
    assert [model.case_id_at(row) for row in range(300)] == direct[:300]
    load_rows(qtbot, model, range(300))
    shown = [cell(model, row, Column.REFERENCE) for row in range(300)]
    every_reference = [row.reference for row in big_vault.caseload_rows(direct)]
    assert shown == sorted(every_reference)[:300]


@pytest.mark.slow
def test_search_over_a_hundred_thousand_narrows_to_the_right_names(qtbot, big_vault, sync_worker):
    model = loaded(qtbot, CaseloadModel(big_vault, sync_worker))
    # A family name from the vault itself, so the test does not depend on the demo's names.
    sample = next(
        row
        for row in big_vault.caseload_rows([model.case_id_at(r) for r in range(50)])
        if " " in row.display_name and not row.display_name.startswith("Operation")
    )
    family = sample.display_name.split()[-1]

    loaded(qtbot, model, CaseloadQuery(search=family))
    direct = big_vault.caseload_ids(CaseloadQuery(search=family))
    assert 0 < model.rowCount() == len(direct) < BIG
    assert sample.id in [model.case_id_at(r) for r in range(model.rowCount())]
    shown = min(model.rowCount(), 150)
    names = load_rows(qtbot, model, range(shown))
    folded = search_index.fold(family).lower()
    # The search covers references and contact notes too: a row matches by any of them.
    for row, name in zip(range(shown), names, strict=True):
        case_id = model.case_id_at(row)
        facts = big_vault.refresh_case(case_id).fields
        notes = " ".join(c.note for c in big_vault.contacts(case_id))
        searched = f"{name} {facts.operation_name} {facts.crime_reference} {notes}"
        assert folded in search_index.fold(searched).lower(), name


@pytest.mark.slow
def test_the_page_cache_stays_within_its_bound_while_scrolling(qtbot, big_vault, sync_worker):
    model = CaseloadModel(big_vault, sync_worker, page_size=100, max_pages=8)
    loaded(qtbot, model)
    fetched: list[int] = []
    peak = [0]
    model.dataChanged.connect(lambda first, _last: fetched.append(first.row()))
    model.dataChanged.connect(
        lambda *_: peak.__setitem__(0, max(peak[0], model.cached_page_count()))
    )

    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(700, 500)
    table.show()
    qtbot.waitExposed(table)

    for top in range(0, 5_000, 40):
        table.scrollTo(model.index(top, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        last = table.rowAt(table.viewport().height() - 2)
        qtbot.waitUntil(
            lambda top=top, last=last: (
                cell(model, top, Column.NAME) != PLACEHOLDER
                and cell(model, last, Column.NAME) != PLACEHOLDER
            )
        )
        assert model.cached_page_count() <= 8

    # 5,000 rows were paged in (the first page came with the IDs)...
    assert {page * 100 for page in range(1, 50)} <= set(fetched)
    assert peak[0] <= 8  # ...but never more than 8 pages were held at once
    assert model.cached_page_count() <= 8
    # And the rows shown at the end are the right ones.
    top = table.rowAt(0)
    want = big_vault.caseload_rows([model.case_id_at(top + i) for i in range(10)])
    assert [cell(model, top + i, Column.NAME) for i in range(10)] == [
        row.display_name for row in want
    ]


# --- A small vault ---------------------------------------------------------------------------


@pytest.fixture
def small(vault_services):
    return fill(vault_services, 30)


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, vault_services, sync_worker, small):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker, page_size=7))
    load_rows(qtbot, model, range(30))
    qtmodeltester.check(model, force_py=True)


def test_columns_show_the_case(qtbot, vault_services, sync_worker, small):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Reference", "Name", "Kind", "Status", "Police force", "Opened"]
    newest = vault_services.open_case(small[-1])
    # Newest first by default.
    assert model.case_id_at(0) == newest.id
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == newest.id
    assert [cell(model, 0, c) for c in Column] == [
        newest.reference,
        newest.display_name,
        "Support plan",
        "On hold",
        newest.fields.police_force,
        format_opened(newest.fields.opened_on),
    ]
    assert format_opened(date(2026, 3, 2)) == "02 Mar 2026"
    opened = newest.fields.opened_on
    assert model.data(model.index(0, Column.OPENED), Qt.ItemDataRole.AccessibleTextRole) == (
        f"{opened.day} {opened.strftime('%B')} {opened.year}"
    )
    assert model.data(model.index(0, 0), CASE_ROW_ROLE).id == newest.id
    assert model.row_of(newest.id) == 0
    assert model.row_of(10**9) == -1
    assert model.case_id_at(30) is None


def test_filters_change_the_rows(qtbot, vault_services, sync_worker, small):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker))
    assert model.rowCount() == 30
    loaded(qtbot, model, CaseloadQuery(kind=CaseKind.STRATEGIC_ADVICE))
    assert model.rowCount() == 7  # i % 4 == 3 for i < 30
    assert {cell(model, r, Column.KIND) for r in range(7)} == {"Strategic advice"}
    loaded(qtbot, model, CaseloadQuery(kind=CaseKind.STRATEGIC_ADVICE, police_force="Essex Police"))
    assert model.rowCount() == 2  # i = 7 and 19
    loaded(qtbot, model, CaseloadQuery(status=CaseStatus.ACTIVE))
    assert {cell(model, r, Column.STATUS) for r in range(model.rowCount())} == {"Active"}
    loaded(qtbot, model, CaseloadQuery(police_force="Essex Police"))
    assert model.rowCount() == 10
    assert model.total_count() == 30


def test_sorting_requeries_in_sql(qtbot, vault_services, sync_worker, small):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker))
    calls = []
    original = vault_services.caseload_ids
    vault_services.caseload_ids = lambda q: calls.append(q) or original(q)
    with qtbot.waitSignal(model.modelReset):
        model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert calls == [CaseloadQuery(sort=CaseloadSort.NAME, descending=False)]
    names = load_rows(qtbot, model, range(30))
    assert names == sorted(names, key=str.lower)
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)  # the same order: no new query
    assert len(calls) == 1


def test_uncached_rows_show_a_placeholder_and_ask_for_their_page_once(qtbot, vault_services, small):
    worker = DeferredWorker()
    model = CaseloadModel(vault_services, worker, page_size=10)
    model.refresh()
    worker.run_all()
    assert model.rowCount() == 30
    assert cell(model, 0, Column.NAME) != PLACEHOLDER  # the first page came with the IDs
    assert cell(model, 25, Column.NAME) == PLACEHOLDER
    assert cell(model, 25, Column.REFERENCE) == ""  # one quiet mark per row
    assert model.data(model.index(25, 0), Qt.ItemDataRole.UserRole) == model.case_id_at(25)
    for _ in range(50):
        for column in Column:
            cell(model, 25, column)
    qtbot.waitUntil(lambda: len(worker.jobs) == 1)
    QCoreApplication.processEvents()  # one more turn of the event loop: still one request
    assert len(worker.jobs) == 1
    with qtbot.waitSignal(model.dataChanged) as changed:
        worker.run()
    first, last, *_roles = changed.args
    assert (first.row(), last.row(), last.column()) == (20, 29, 5)
    expected = vault_services.caseload_rows([model.case_id_at(25)])[0]
    assert cell(model, 25, Column.NAME) == expected.display_name


def test_a_late_result_from_an_older_query_is_discarded(qtbot, vault_services, small):
    worker = DeferredWorker()
    model = CaseloadModel(vault_services, worker)
    loading = []
    model.loading_changed.connect(loading.append)
    searched = []
    original = vault_services.caseload_ids
    vault_services.caseload_ids = lambda q: searched.append(q.search) or original(q)

    model.set_query(CaseloadQuery(search="Hoxha"))
    model.set_query(CaseloadQuery(search="Popescu"))
    model.set_query(CaseloadQuery(search="Tesfay"))
    assert loading == [True]
    assert len(worker.jobs) == 1  # one query at a time; the others wait

    worker.run()  # the first query answers after two more were asked for...
    assert model.rowCount() == 0  # ...so its result is thrown away
    assert model.is_loading()
    assert len(worker.jobs) == 1  # and only the newest runs next
    worker.run()
    assert searched == ["Hoxha", "Tesfay"]  # "Popescu" never reached the database
    assert model.shown_query().search == "Tesfay"
    assert model.rowCount() == 5
    assert {cell(model, r, Column.NAME) for r in range(5)} == {"Amanuel Tesfay"}
    assert loading == [True, False]


def test_an_edited_case_shows_its_new_name_after_the_change_bus(
    qtbot, vault_services, sync_worker, change_bus, small
):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker, change_bus))
    case = vault_services.open_case(small[28])
    row = model.row_of(case.id)
    assert cell(model, row, Column.NAME) == "Mehret Gebre"
    person = dataclasses.replace(case.person.fields, known_as="Meri")
    vault_services.update_case(
        CaseEdit(case.id, case.version, case.fields, case.person.version, person)
    )
    assert cell(model, row, Column.NAME) == "Mehret Gebre"  # cached until told

    with qtbot.waitSignal(model.dataChanged):
        change_bus.publish(Changes(cases=frozenset({case.id})))
    # The old row keeps showing until the new one arrives; no placeholder flashes.
    assert cell(model, row, Column.NAME) in ("Mehret Gebre", "Meri (Mehret Gebre)")
    qtbot.waitUntil(lambda: cell(model, row, Column.NAME) == "Meri (Mehret Gebre)")
    assert model.rowCount() == 30


def test_a_caseload_change_requeries(qtbot, vault_services, sync_worker, change_bus, small):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker, change_bus))
    new = fill(vault_services, 1)[0]
    with qtbot.waitSignal(model.count_changed) as counted:
        change_bus.publish(Changes(caseload=True))
    assert counted.args == [31]
    assert model.total_count() == 31
    assert model.row_of(new) >= 0


def test_a_failed_query_stops_loading_and_reports(qtbot, vault_services, sync_worker, small):
    model = loaded(qtbot, CaseloadModel(vault_services, sync_worker))

    def broken(_query):
        raise RuntimeError("Jane Example")

    vault_services.caseload_ids = broken
    with qtbot.waitSignal(sync_worker.failed) as failed:
        model.set_query(CaseloadQuery(search="x"))
    assert "Jane" not in failed.args[0]
    assert not model.is_loading()
    assert model.rowCount() == 30  # the last good result stays


def test_no_query_returns_no_rows(vault_services, sync_worker):
    model = CaseloadModel(vault_services, sync_worker)
    assert model.rowCount() == 0
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_clear_forgets_every_row_and_drops_answers_in_flight(qtbot, vault_services, small):
    worker = DeferredWorker()
    model = CaseloadModel(vault_services, worker)
    model.refresh()
    worker.run_all()
    assert model.rowCount() == 30
    model.set_query(CaseloadQuery(search="Gebre"))
    model.clear()
    assert model.rowCount() == model.cached_page_count() == 0
    assert not model.is_loading()
    worker.run_all()  # the search answers after the lock: nothing comes back
    assert model.rowCount() == 0
    assert model.total_count() is None
