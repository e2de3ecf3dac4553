"""The court timeline drawn with QPainter: its points and accessible description follow the
court case's timeline entries, reschedules are drawn apart from the current date, and a later
trial attempt is shaded."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from models.dto import TimelineEntryDTO
from models.enums import CourtEventKind, TimelineMark
from ui.court.timeline_view import EMPTY_TIMELINE_TEXT, TimelineView

K, M = CourtEventKind, TimelineMark
TODAY = date(2026, 11, 25)

RESCHEDULED_TRIAL = (
    TimelineEntryDTO(date(2026, 3, 2), 1, K.TRIAL_START, M.RESCHEDULED, 1, "no interpreter",
                     date(2026, 6, 1)),
    TimelineEntryDTO(date(2026, 6, 1), 1, K.TRIAL_START, M.RESCHEDULED, 1, "judge unavailable",
                     date(2026, 9, 7)),
    TimelineEntryDTO(date(2026, 9, 7), 1, K.TRIAL_START, M.RESCHEDULED, 1, "witness unwell",
                     date(2027, 1, 11)),
    TimelineEntryDTO(date(2027, 1, 11), 1, K.TRIAL_START, M.SCHEDULED, 1, "witness unwell"),
)  # fmt: skip


def make(qtbot) -> TimelineView:
    view = TimelineView(lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(800, 200)
    return view


def test_an_empty_timeline_says_what_to_do(qtbot):
    view = make(qtbot)
    assert view.points() == []
    assert view.accessibleDescription() == EMPTY_TIMELINE_TEXT


def test_three_reschedules_are_three_earlier_markers_and_one_current(qtbot):
    view = make(qtbot)
    view.set_entries(RESCHEDULED_TRIAL)
    marks = [p.mark for p in view.points()]
    assert marks.count(M.RESCHEDULED) == 3 and marks.count(M.SCHEDULED) == 1
    assert [p.moved_to for p in view.points()][:3] == [
        date(2026, 6, 1), date(2026, 9, 7), date(2027, 1, 11),
    ]  # fmt: skip
    assert view.accessibleDescription() == (
        "Trial starts: was 2 Mar 2026, moved to 1 Jun 2026 (no interpreter); "
        "Trial starts: was 1 Jun 2026, moved to 7 Sep 2026 (judge unavailable); "
        "Trial starts: was 7 Sep 2026, moved to 11 Jan 2027 (witness unwell); "
        "Trial starts: scheduled 11 Jan 2027."
    )


def test_the_drawing_shows_hollow_earlier_dates_and_a_filled_current_one(qtbot):
    view = make(qtbot)
    view.set_entries(RESCHEDULED_TRIAL)
    image = view.grab().toImage()
    axis_y = int(view.height() * 0.55)

    def x_of(day: date) -> int:
        first, last = view._span()
        return round(24 + (view.width() - 48) * (day - first).days / (last - first).days)

    hollow = image.pixelColor(x_of(date(2026, 6, 1)) + 1, axis_y + 2)
    filled = image.pixelColor(x_of(date(2027, 1, 11)), axis_y)
    assert hollow.lightness() > 200  # the inside of an earlier date's ring stays white
    assert filled.lightness() < 120 and filled.blue() > filled.red()


def test_a_retrial_is_shaded_as_a_second_attempt(qtbot):
    view = make(qtbot)
    view.set_entries(
        (
            TimelineEntryDTO(date(2025, 9, 1), 1, K.TRIAL_START, M.HAPPENED, 1),
            TimelineEntryDTO(date(2025, 10, 20), 2, K.MISTRIAL, M.HAPPENED, 1),
            TimelineEntryDTO(date(2026, 12, 7), 3, K.RETRIAL_LISTED, M.SCHEDULED, 2),
        )
    )
    assert [p.attempt for p in view.points()] == [1, 1, 2]
    assert "Retrial listed (trial attempt 2): scheduled 7 Dec 2026" in view.describe()
    image = view.grab().toImage()
    white = QColor("#FFFFFF")
    first, last = view._span()
    x = round(24 + (view.width() - 48) * (date(2026, 12, 7) - first).days / (last - first).days)
    assert image.pixelColor(x - 10, view.height() - 30) != white  # inside the retrial band
    assert image.pixelColor(40, view.height() - 30) == white  # the first attempt is not shaded
