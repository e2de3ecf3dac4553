"""The warm-up after start-up waits for the unlock window's first paint, and runs once."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.widgets.first_paint import after_first_paint


def test_runs_once_and_only_after_the_first_paint(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[int] = []
    after_first_paint(widget, lambda: calls.append(1))
    qtbot.wait(50)
    assert calls == []  # not shown, not painted: nothing yet
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: calls == [1])
    widget.repaint()
    qtbot.wait(50)
    assert calls == [1]
