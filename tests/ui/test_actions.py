"""The action registry: shortcuts reach their handlers, and clashes are caught early."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from ui import actions
from ui.actions import DEFAULT_SHORTCUTS, ActionRegistry


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def test_pressing_the_shortcut_runs_the_handler(qtbot, window):
    registry = ActionRegistry(window)
    locked: list[str] = []
    registry.register(
        actions.LOCK, "&Lock", DEFAULT_SHORTCUTS[actions.LOCK], lambda: locked.append("x")
    )
    registry.add_to(window)

    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert locked == ["x"]


def test_menu_and_toolbar_share_the_same_action(qapp):
    registry = ActionRegistry()
    calls: list[int] = []
    action = registry.register(actions.NEW_CASE, "&New case", "Ctrl+N", lambda: calls.append(1))
    assert registry.get(actions.NEW_CASE) is action
    assert action.shortcut() == QKeySequence("Ctrl+N")
    registry.get(actions.NEW_CASE).trigger()
    assert calls == [1]
    assert actions.NEW_CASE in registry
    assert registry.names() == (actions.NEW_CASE,)


def test_two_actions_cannot_share_a_shortcut(qapp):
    registry = ActionRegistry()
    registry.register(actions.FOCUS_SEARCH, "Find", "Ctrl+F", lambda: None)
    with pytest.raises(ValueError, match="focus_search"):
        registry.register("find_again", "Find again", QKeySequence("Ctrl+F"), lambda: None)
    assert "find_again" not in registry


def test_a_name_is_registered_once(qapp):
    registry = ActionRegistry()
    registry.register(actions.QUIT, "Quit", "Ctrl+Q", lambda: None)
    with pytest.raises(ValueError):
        registry.register(actions.QUIT, "Quit again", None, lambda: None)


def test_unknown_names_and_bad_shortcuts_are_reported(qapp):
    registry = ActionRegistry()
    with pytest.raises(KeyError):
        registry.get("nope")
    with pytest.raises(ValueError):
        registry.register("odd", "Odd", "Ctrl+Nonsense+Key", lambda: None)


def test_the_default_shortcuts_are_distinct_and_valid():
    sequences = [QKeySequence(text) for text in DEFAULT_SHORTCUTS.values()]
    assert all(not s.isEmpty() for s in sequences)
    assert len({s.toString() for s in sequences}) == len(sequences)
    assert DEFAULT_SHORTCUTS[actions.GO_SETTINGS] == "Ctrl+,"
    assert QKeySequence(DEFAULT_SHORTCUTS[actions.GO_SETTINGS]).toString() == "Ctrl+,"
