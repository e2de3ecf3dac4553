"""The Agenda as an .ics file: parses back, one all-day event per item from today on, and
summaries of case references and kinds of date only (never an item's label)."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from models.dto import AgendaItemDTO
from models.enums import AgendaKind, CourtEventKind
from models.reports.calendar_export import PRODID, agenda_ics

TODAY = date(2026, 11, 25)
ACTION_TEXT = "Phone Maria Kowalska at 12 Elm Road"

ITEMS = [
    AgendaItemDTO(1, "WP-2026-0001", AgendaKind.OVERDUE_ACTION, date(2026, 11, 20), ACTION_TEXT,
                  plan_version_id=3, action_key="a1"),
    AgendaItemDTO(1, "WP-2026-0001", AgendaKind.OVERDUE_ACTION, TODAY, ACTION_TEXT,
                  plan_version_id=3, action_key="a2"),
    AgendaItemDTO(2, "WP-2026-0042", AgendaKind.HEARING, date(2026, 12, 1),
                  "Trial starts: Southwark Crown Court", court_case_id=5, court_event_id=9,
                  event_kind=CourtEventKind.TRIAL_START),
    AgendaItemDTO(2, "WP-2026-0042", AgendaKind.NRM_DEADLINE, date(2026, 12, 9),
                  "NRM recovery period ends: the Conclusive Grounds decision may be made"),
    AgendaItemDTO(3, "WP-2026-0003", AgendaKind.ASSESSMENT_DUE, date(2027, 1, 4),
                  "Intake assessment due"),
    AgendaItemDTO(3, "WP-2026-0003", AgendaKind.PLAN_REVIEW_DUE, date(2027, 2, 1), ""),
]  # fmt: skip


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_all_day_event_per_item_from_today_on() -> None:
    data = agenda_ics(ITEMS, generated_on=TODAY)
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == PRODID and str(calendar["VERSION"]) == "2.0"
    found = events(data)
    assert [e.decoded("DTSTART") for e in found] == [
        TODAY,
        date(2026, 12, 1),
        date(2026, 12, 9),
        date(2027, 1, 4),
        date(2027, 2, 1),
    ]  # fmt: skip  (the overdue action of 20 Nov is left out)
    for event in found:
        start = event.decoded("DTSTART")
        assert type(start) is date  # all-day, not a time
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert event.get("DTSTAMP") is not None
    assert [str(e["SUMMARY"]) for e in found] == [
        "WP-2026-0001: Support plan action due",
        "WP-2026-0042: Hearing — Trial starts",
        "WP-2026-0042: NRM recovery period ends",
        "WP-2026-0003: Recovery assessment due",
        "WP-2026-0003: Support plan review due",
    ]


def test_labels_never_reach_the_file() -> None:
    data = agenda_ics(ITEMS, generated_on=date(2026, 11, 1))
    unfolded = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    for text in (ACTION_TEXT, "Maria", "Elm Road", "Southwark", "Conclusive Grounds", "Intake"):
        assert text.encode() not in data and text.encode() not in unfolded
    assert len(events(data)) == 6


def test_uids_are_stable_distinct_and_hold_no_text() -> None:
    first = [str(e["UID"]) for e in events(agenda_ics(ITEMS, generated_on=TODAY))]
    again = [str(e["UID"]) for e in events(agenda_ics(ITEMS, generated_on=TODAY))]
    assert first == again and len(set(first)) == len(first)
    assert all("WP-" not in uid and "@" in uid for uid in first)
    moved = [ITEMS[2].__class__(**{**ITEMS[2].__dict__, "due_on": date(2026, 12, 2)})]
    assert str(events(agenda_ics(moved, generated_on=TODAY))[0]["UID"]) not in first


def test_nothing_due_is_an_empty_calendar() -> None:
    data = agenda_ics([], generated_on=TODAY)
    assert events(data) == [] and b"BEGIN:VCALENDAR" in data
