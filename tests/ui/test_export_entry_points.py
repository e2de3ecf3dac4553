"""Where a navigator starts a police export: the case's Recovery tab, and Ctrl+Shift+E."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.enums import ConsentScope
from ui.export.police_export_dialog import PoliceExportDialog
from ui.main_window import PAGE_AGENDA, PAGE_CASELOAD, MainWindow

from .test_police_export_dialog import make_case
from .window_support import build_main_window


def _window(qtbot, services, worker, bus) -> MainWindow:
    window = build_main_window(qtbot, services, worker, bus)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _open(qtbot, window: MainWindow, case_id: int):
    window.open_case(case_id)
    workspace = window._workspaces[case_id]
    qtbot.waitUntil(lambda: workspace.recovery is not None)
    return workspace


def test_ctrl_shift_e_opens_the_export_for_the_case_in_front(
    qtbot, vault_services, sync_worker, change_bus
) -> None:
    case_id, _person = make_case(vault_services, frozenset({ConsentScope.RECOVERY_SCORES}))
    window = _window(qtbot, vault_services, sync_worker, change_bus)
    workspace = _open(qtbot, window, case_id)

    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    dialog = workspace.police_export
    assert isinstance(dialog, PoliceExportDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.export_button.text() == "&Export…"
    dialog.reject()


def test_ctrl_shift_e_without_a_case_says_to_open_one(
    qtbot, vault_services, sync_worker, change_bus
) -> None:
    window = _window(qtbot, vault_services, sync_worker, change_bus)
    window.show_page(PAGE_CASELOAD)
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "Open a case first" in window.statusBar().currentMessage()
    assert not [w for w in window.findChildren(PoliceExportDialog) if w.isVisible()]


def test_the_recovery_tab_button_opens_it_and_a_refusal_leads_to_the_consent_tab(
    qtbot, vault_services, sync_worker, change_bus
) -> None:
    case_id, _person = make_case(vault_services, None)  # no consent recorded
    window = _window(qtbot, vault_services, sync_worker, change_bus)
    workspace = _open(qtbot, window, case_id)
    workspace.show_tab("recovery")
    assert workspace.recovery is not None

    qtbot.mouseClick(workspace.recovery.export_button, Qt.MouseButton.LeftButton)

    dialog = workspace.police_export
    assert isinstance(dialog, PoliceExportDialog)
    qtbot.waitUntil(lambda: dialog.fields.consent_button.isVisible())
    assert not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.fields.consent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.tabs.currentWidget() is workspace.consent)
    # On the Agenda page the shortcut does not reach into a case behind it.
    window.show_page(PAGE_AGENDA)
    window._export_current_case()
    assert "Open a case first" in window.statusBar().currentMessage()
