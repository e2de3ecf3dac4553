"""The caseload page: search, filters, count, keyboard, empty states and selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from models.dto import CaseloadSort
from models.enums import CaseKind
from ui.caseload.model import PLACEHOLDER, Column
from ui.caseload.view import NO_CASES_TEXT, NO_MATCH_TEXT, SEARCH_PLACEHOLDER, CaseloadView
from ui.operations import Changes

from .caseload_support import FORCES, DeferredWorker, fill


def make_view(qtbot, services, worker, change_bus=None) -> CaseloadView:
    view = CaseloadView(services, worker, change_bus)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # so that focus moves as it would for a user
    qtbot.waitUntil(lambda: view.count_label.text() != "")
    return view


def names(view: CaseloadView) -> list[str]:
    model = view.caseload_model
    return [model.data(model.index(r, Column.NAME)) for r in range(model.rowCount())]


def search_for(qtbot, view: CaseloadView, text: str) -> None:
    model = view.caseload_model
    qtbot.keyClicks(view.search, text)
    qtbot.waitUntil(lambda: model.shown_query().search == text.strip())


@pytest.fixture
def twelve(vault_services):
    return fill(vault_services, 12)


def test_count_label_and_filters(qtbot, vault_services, sync_worker, twelve):
    view = make_view(qtbot, vault_services, sync_worker)
    assert view.search.placeholderText() == SEARCH_PLACEHOLDER
    assert view.count_label.text() == "12 cases"
    assert view.kind_filter.itemText(0) == "All kinds"
    assert view.status_filter.itemText(0) == "All statuses"
    assert [view.force_filter.itemText(i) for i in range(view.force_filter.count())] == [
        "All forces",
        *sorted(FORCES),
    ]
    assert not view.clear_filters_button.isEnabled()

    view.kind_filter.setCurrentIndex(view.kind_filter.findData(CaseKind.STRATEGIC_ADVICE))
    qtbot.waitUntil(lambda: view.count_label.text() == "3 of 12 cases")
    assert view.caseload_model.rowCount() == 3
    assert view.clear_filters_button.isEnabled()

    view.force_filter.setCurrentIndex(view.force_filter.findText("Kent Police"))
    qtbot.waitUntil(lambda: view.count_label.text() == "1 of 12 cases")  # i = 3

    qtbot.mouseClick(view.clear_filters_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.count_label.text() == "12 cases")
    assert view.kind_filter.currentIndex() == view.force_filter.currentIndex() == 0
    assert not view.clear_filters_button.isEnabled()


def test_search_narrows_the_table_with_one_query_per_burst_of_typing(
    qtbot, vault_services, sync_worker, twelve
):
    view = make_view(qtbot, vault_services, sync_worker)
    queries = []
    original = vault_services.caseload_ids
    vault_services.caseload_ids = lambda q: queries.append(q.search) or original(q)

    search_for(qtbot, view, "tesf")
    assert queries == ["tesf"]  # not "t", "te", "tes", "tesf"
    assert names(view) == ["Amanuel Tesfay", "Amanuel Tesfay"]  # i = 2 and 8
    assert view.count_label.text() == "2 of 12 cases"


def test_escape_clears_the_search(qtbot, vault_services, sync_worker, twelve):
    view = make_view(qtbot, vault_services, sync_worker)
    search_for(qtbot, view, "Hoxha")
    assert view.caseload_model.rowCount() < 12
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    qtbot.waitUntil(lambda: view.caseload_model.rowCount() == 12)
    assert view.count_label.text() == "12 cases"


def test_enter_and_double_click_open_the_selected_case(qtbot, vault_services, sync_worker, twelve):
    view = make_view(qtbot, vault_services, sync_worker)
    model = view.caseload_model
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # into the table, on the first row
    assert view.table.hasFocus()
    assert view.selected_case_id() == model.case_id_at(0) == twelve[-1]
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.selected_case_id() == twelve[-3]

    with qtbot.waitSignal(view.open_case_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [twelve[-3]]

    rect = view.table.visualRect(model.index(5, Column.NAME))
    with qtbot.waitSignal(view.open_case_requested) as opened:
        # A real double-click starts with a press and release; QTest sends only the second half.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [model.case_id_at(5)]


def test_end_key_reaches_the_last_case(qtbot, vault_services, sync_worker):
    fill(vault_services, 30)
    view = make_view(qtbot, vault_services, sync_worker)
    model = view.caseload_model
    view.select_case(model.case_id_at(0))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_End)
    assert view.selected_case_id() == model.case_id_at(29)
    qtbot.waitUntil(lambda: model.data(model.index(29, Column.NAME)) != PLACEHOLDER)


def test_no_cases_yet(qtbot, vault_services, sync_worker):
    view = make_view(qtbot, vault_services, sync_worker)
    assert view.count_label.text() == "0 cases"
    assert view.empty_state.isVisible()
    assert view.empty_state.message.text() == NO_CASES_TEXT
    with qtbot.waitSignal(view.new_case_requested):
        qtbot.mouseClick(view.empty_state.action, Qt.MouseButton.LeftButton)


def test_no_match_offers_to_clear_search_and_filters(qtbot, vault_services, sync_worker, twelve):
    view = make_view(qtbot, vault_services, sync_worker)
    assert not view.empty_state.isVisible()
    view.status_filter.setCurrentIndex(1)
    search_for(qtbot, view, "nobody-here")
    assert view.empty_state.isVisible()
    assert view.empty_state.message.text() == NO_MATCH_TEXT
    assert view.empty_state.action.text() == "Clear search and filters"
    assert view.count_label.text() == "0 of 12 cases"

    qtbot.mouseClick(view.empty_state.action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.caseload_model.rowCount() == 12)
    assert view.search.text() == ""
    assert view.status_filter.currentIndex() == 0
    assert not view.empty_state.isVisible()


def test_loading_indicator_shows_while_a_slow_query_runs(qtbot, vault_services, twelve):
    worker = DeferredWorker()
    view = CaseloadView(vault_services, worker)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(view.loading_bar.isVisible)
    assert not view.empty_state.isVisible()  # no "No cases yet" before the answer
    worker.run_all()
    assert not view.loading_bar.isVisible()
    assert view.count_label.text() == "12 cases"


def test_the_selection_follows_the_case_through_a_refresh(
    qtbot, vault_services, sync_worker, change_bus, twelve
):
    view = make_view(qtbot, vault_services, sync_worker, change_bus)
    model = view.caseload_model
    chosen = model.case_id_at(3)
    assert view.select_case(chosen)

    newer = fill(vault_services, 14)  # the same dates again and two later: the order shifts
    change_bus.publish(Changes(caseload=True))
    qtbot.waitUntil(lambda: model.rowCount() == 26)
    assert model.case_id_at(0) == newer[-1]
    assert model.row_of(chosen) > 3
    assert view.selected_case_id() == chosen
    assert view.count_label.text() == "26 cases"


def test_a_header_click_sorts_in_sql_and_keeps_the_selection(
    qtbot, vault_services, sync_worker, twelve
):
    view = make_view(qtbot, vault_services, sync_worker)
    model = view.caseload_model
    chosen = model.case_id_at(0)
    view.select_case(chosen)
    header = view.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(Column.NAME) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: model.shown_query().sort is CaseloadSort.NAME)
    shown = names(view)
    assert shown in (sorted(shown, key=str.lower), sorted(shown, key=str.lower, reverse=True))
    assert header.sortIndicatorSection() == Column.NAME
    assert view.selected_case_id() == chosen


def test_a_new_case_can_be_selected_once_it_is_listed(
    qtbot, vault_services, sync_worker, change_bus, twelve
):
    view = make_view(qtbot, vault_services, sync_worker, change_bus)
    new = fill(vault_services, 1)[0]
    assert not view.select_case(new)  # not listed yet
    change_bus.publish(Changes(caseload=True))
    qtbot.waitUntil(lambda: view.selected_case_id() == new)


def test_typing_in_the_table_goes_to_the_search_field(qtbot, vault_services, sync_worker, twelve):
    view = make_view(qtbot, vault_services, sync_worker)
    view.table.setFocus()
    qtbot.keyClicks(view.table, "geb")
    assert view.search.text() == "geb"
    assert view.search.hasFocus()
    qtbot.waitUntil(lambda: view.caseload_model.shown_query().search == "geb")
    assert set(names(view)) == {"Mehret Gebre"}


def test_focus_search_selects_the_text(qtbot, vault_services, sync_worker, twelve):
    view = make_view(qtbot, vault_services, sync_worker)
    view.search.setText("abc")
    view.table.setFocus()
    view.focus_search()
    assert view.search.hasFocus()
    assert view.search.selectedText() == "abc"


def test_a_refresh_keeps_the_scroll_position(qtbot, vault_services, sync_worker, change_bus):
    fill(vault_services, 30)
    view = make_view(qtbot, vault_services, sync_worker, change_bus)
    view.resize(900, 260)
    bar = view.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 10)
    bar.setValue(bar.maximum() - 2)
    kept = bar.value()
    top_case = view.caseload_model.case_id_at(view.table.rowAt(0))

    fill(vault_services, 1)  # an older date than the top rows: they do not move
    change_bus.publish(Changes(caseload=True))
    qtbot.waitUntil(lambda: view.caseload_model.rowCount() == 31)
    assert bar.value() == kept
    assert view.caseload_model.case_id_at(view.table.rowAt(0)) == top_case


def test_one_letter_is_not_searched_and_the_view_says_so(
    qtbot, vault_services, sync_worker, twelve
):
    view = make_view(qtbot, vault_services, sync_worker)
    qtbot.keyClicks(view.search, "h")
    qtbot.waitUntil(lambda: "Type two letters" in view.count_label.text())
    assert view.caseload_model.rowCount() == 12  # nothing hidden by a one-letter search
    qtbot.keyClicks(view.search, "o")
    qtbot.waitUntil(lambda: view.caseload_model.rowCount() < 12)
    assert "Type two letters" not in view.count_label.text()


def test_two_letters_search_names_only_and_the_view_says_so(
    qtbot, vault_services, sync_worker, twelve
):
    view = make_view(qtbot, vault_services, sync_worker)
    qtbot.keyClicks(view.search, "ho")
    qtbot.waitUntil(lambda: view.count_label.text().startswith("Names only"))
    assert "third letter" in view.count_label.toolTip()
    qtbot.keyClicks(view.search, "a")
    qtbot.waitUntil(lambda: not view.count_label.text().startswith("Names only"))
    assert view.count_label.toolTip() == ""
