"""Copies made in Waypost are marked sensitive and cleared (issue 8, "No leaks": clipboard).

Real widgets copy with their own Ctrl+C; the clipboard is Qt's (offscreen: process-local). The
only stand-in is the answer to "did this process set the clipboard?", which on a desktop comes
from the operating system: tests flip it to play another application copying something.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource
from ui.clipboard_guard import CLEAR_AFTER_MS, SENSITIVE_HINTS, ClipboardGuard

from .window_support import build_main_window

NAME_MARKER = "Zyxquorvena"


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


def _formats(board) -> dict[str, bytes]:
    data = board.mimeData()
    return {} if data is None else {name: bytes(data.data(name)) for name in data.formats()}


def _copy_with_ctrl_c(qtbot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def main_window(qtbot, vault_services, sync_worker, change_bus):

    case = vault_services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=date(2026, 3, 2),
                referral_source=ReferralSource.POLICE_FORCE,
                police_force="Kent Police",
            ),
            person=PersonFields(given_names=NAME_MARKER, family_name="Okonkwo-Test"),
        )
    )
    window = build_main_window(qtbot, vault_services, sync_worker, change_bus)
    window.show()
    qtbot.waitExposed(window)
    window.case_id = case.id
    return window


def _name_field(window) -> QLineEdit:
    window.open_case_at(window.case_id, "details")
    fields = [f for f in window.findChildren(QLineEdit) if f.text() == NAME_MARKER]
    assert fields, "the details tab shows the survivor's given names"
    return fields[0]


def test_the_default_delay_is_thirty_seconds(qapp) -> None:
    guard = ClipboardGuard()
    try:
        assert CLEAR_AFTER_MS == 30_000
        assert guard.clear_after_ms == 30_000
    finally:
        guard.stop()


def test_a_copy_from_a_case_is_marked_sensitive_and_cleared_after_the_delay(
    qtbot, clipboard, main_window
) -> None:
    main_window.clipboard_guard.set_clear_after_ms(50)
    field = _name_field(main_window)
    field.selectAll()
    _copy_with_ctrl_c(qtbot, field)

    assert clipboard.text() == NAME_MARKER  # the navigator can paste it
    formats = _formats(clipboard)
    for name, value in SENSITIVE_HINTS.items():
        assert formats.get(name) == value, name
    assert formats["x-kde-passwordManagerHint"] == b"secret"
    assert formats["CanIncludeInClipboardHistory"] == b"\x00\x00\x00\x00"

    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    assert _formats(clipboard) == {}


def test_a_cell_copied_from_the_caseload_table_is_marked_too(qtbot, clipboard, main_window) -> None:
    table = main_window.caseload.findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    index = next(
        table.model().index(0, column)
        for column in range(table.model().columnCount())
        if NAME_MARKER in str(table.model().index(0, column).data())
    )
    table.setCurrentIndex(index)
    _copy_with_ctrl_c(qtbot, table)
    assert NAME_MARKER in clipboard.text()
    assert "x-kde-passwordManagerHint" in _formats(clipboard)
    assert main_window.clipboard_guard.holds_copy


def test_locking_clears_the_copy_at_once_and_stops_marking(qtbot, clipboard, main_window) -> None:
    field = _name_field(main_window)
    field.selectAll()
    _copy_with_ctrl_c(qtbot, field)
    assert clipboard.text() == NAME_MARKER  # 30 seconds to go

    main_window.close_for_lock()
    assert clipboard.text() == ""
    assert _formats(clipboard) == {}
    # Locked: the unlock window's fields are not case data, and nothing is marked any more.
    clipboard.setText("typed after locking")
    assert "x-kde-passwordManagerHint" not in _formats(clipboard)


def test_quitting_clears_the_copy(qtbot, clipboard, main_window) -> None:
    field = _name_field(main_window)
    field.selectAll()
    _copy_with_ctrl_c(qtbot, field)
    assert main_window.close()
    assert clipboard.text() == ""


class _Desktop:
    """Plays the operating system's answer to "did Waypost set the clipboard?"."""

    def __init__(self) -> None:
        self.waypost_owns = True

    def owns(self) -> bool:
        return self.waypost_owns

    def other_app_copies(self, board, text: str) -> None:
        self.waypost_owns = False
        board.setText(text)


@pytest.fixture
def form(qtbot):
    widget = QWidget()
    layout = QVBoxLayout(widget)
    field = QLineEdit(NAME_MARKER)
    layout.addWidget(field)
    qtbot.addWidget(widget)
    widget.show()
    yield field  # the generator keeps the window alive until the test ends


def test_what_another_application_copied_is_never_marked_or_wiped(qtbot, clipboard, form) -> None:
    desktop = _Desktop()
    guard = ClipboardGuard(clear_after_ms=50, owns_clipboard=desktop.owns)
    try:
        form.selectAll()
        _copy_with_ctrl_c(qtbot, form)
        assert "x-kde-passwordManagerHint" in _formats(clipboard)
        assert guard.holds_copy

        desktop.other_app_copies(clipboard, "the navigator's own shopping list")
        assert "x-kde-passwordManagerHint" not in _formats(clipboard)
        # The countdown for Waypost's copy runs out; the other application's text stays.
        qtbot.waitUntil(lambda: not guard.holds_copy, timeout=5000)
        assert clipboard.text() == "the navigator's own shopping list"
        guard.stop()  # locking leaves it alone too
        assert clipboard.text() == "the navigator's own shopping list"
    finally:
        guard.stop()


def test_rich_text_keeps_all_its_formats_when_marked(qtbot, clipboard) -> None:
    from PySide6.QtCore import QMimeData

    guard = ClipboardGuard()
    try:
        data = QMimeData()
        data.setText("plain " + NAME_MARKER)
        data.setHtml(f"<b>{NAME_MARKER}</b>")
        clipboard.setMimeData(data)
        formats = _formats(clipboard)
        assert formats["text/plain"] == f"plain {NAME_MARKER}".encode()
        assert NAME_MARKER.encode() in formats["text/html"]
        assert formats["x-kde-passwordManagerHint"] == b"secret"
    finally:
        guard.stop()
    assert clipboard.text() == ""
