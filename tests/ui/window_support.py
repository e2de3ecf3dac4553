"""The main window as the app builds it after an unlock, for tests that need the whole window."""

from __future__ import annotations

from ui.main_window import MainWindow


def build_main_window(qtbot, services, worker, change_bus) -> MainWindow:
    """A real MainWindow on a test vault (not shown: each test shows it as it needs)."""
    window = MainWindow(
        services=services,
        worker=worker,
        change_bus=change_bus,
        vault_label="test vault",
        demo=False,
        idle_minutes=10,
        on_idle_minutes_changed=lambda _minutes: None,
    )
    qtbot.addWidget(window)
    return window
