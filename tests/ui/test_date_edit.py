"""The date field that can be left empty ("Not recorded")."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from ui.widgets.date_edit import OptionalDateEdit

TODAY = date(2026, 11, 25)


@pytest.fixture
def field(qtbot) -> OptionalDateEdit:
    widget = OptionalDateEdit(default=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    widget.date_edit().setFocus()
    return widget


def test_starts_empty_and_says_so(field):
    assert field.date() is None
    assert field.date_edit().text() == "Not recorded"


@pytest.mark.parametrize("typed", ["3/4/2020", "03/04/2020", "03042020", "3.4.2020", "3-4-2020"])
def test_typing_a_date_into_an_empty_field(qtbot, field, typed):
    qtbot.keyClicks(field.date_edit(), typed)
    assert field.date() == date(2020, 4, 3)


def test_typing_the_31st_is_not_cut_to_the_30th(qtbot, field):
    qtbot.keyClicks(field.date_edit(), "31/12/1999")
    assert field.date() == date(1999, 12, 31)


def test_arrow_key_on_an_empty_field_shows_today(qtbot, field):
    qtbot.keyClick(field.date_edit(), Qt.Key.Key_Up)
    assert field.date() == TODAY


def test_clear_returns_to_not_recorded(qtbot, field):
    seen = []
    field.dateChanged.connect(seen.append)
    field.setDate(date(2026, 1, 2))
    field.clear()
    assert field.date() is None
    assert seen == [date(2026, 1, 2), None]


def test_a_required_date_cannot_be_emptied(qtbot):
    widget = OptionalDateEdit(allow_empty=False, default=lambda: TODAY)
    qtbot.addWidget(widget)
    assert widget.date() == TODAY
    widget.clear()
    assert widget.date() == TODAY
    with pytest.raises(ValueError):
        widget.setDate(None)
