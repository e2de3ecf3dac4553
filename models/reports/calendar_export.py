"""The Agenda as an iCalendar (.ics) file: one all-day event per dated item, for a calendar the
navigator keeps elsewhere (a phone, a work calendar).

A calendar file leaves the vault unencrypted and is often synced to other services, so it holds
no personal data: each event says only the case reference and what kind of date it is ("Hearing
— Trial starts", "NRM recovery period ends"). Never an item's label (a plan action's text), a
name, an address or a defendant; the UID is a hash of IDs, kinds and the date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from models.dto import AgendaItemDTO
from models.enums import AgendaKind, CourtEventKind

__all__ = ["PRODID", "agenda_ics", "calendar_file_name", "event_summary", "kind_words"]

PRODID = "-//Waypost//Agenda//EN"
UID_DOMAIN = "agenda.waypost.invalid"

KIND_WORDS = {
    AgendaKind.OVERDUE_ACTION: "Support plan action due",
    AgendaKind.PLAN_REVIEW_DUE: "Support plan review due",
    AgendaKind.ASSESSMENT_DUE: "Recovery assessment due",
    AgendaKind.NRM_DEADLINE: "NRM recovery period ends",
    AgendaKind.HEARING: "Hearing",
}
# The hearing's step, after "Hearing — " (the CPS steps; never the court's or anyone's name).
HEARING_STEP_WORDS = {
    CourtEventKind.FIRST_APPEARANCE: "First appearance",
    CourtEventKind.PTPH: "Plea and trial preparation hearing",
    CourtEventKind.TRIAL_START: "Trial starts",
    CourtEventKind.RETRIAL_LISTED: "Retrial starts",
    CourtEventKind.VERDICT: "Verdict",
    CourtEventKind.SENTENCING: "Sentencing",
}


def kind_words(item: AgendaItemDTO) -> str:
    """What kind of date an item is ("Hearing — Trial starts"), with no text from the vault."""
    words = KIND_WORDS[item.kind]
    step = HEARING_STEP_WORDS.get(item.event_kind) if item.event_kind is not None else None
    if item.kind is AgendaKind.HEARING and step:
        words = f"{words} — {step}"
    return words


def event_summary(item: AgendaItemDTO) -> str:
    """ "WP-2026-0042: Hearing — Trial starts": the reference and kind words only."""
    return f"{item.case_reference}: {kind_words(item)}"


def _uid(item: AgendaItemDTO) -> str:
    """Stable across exports of the same item, so a re-import updates rather than duplicates.
    Built from IDs, the kind and the date only (the action key is a generated key, not text)."""
    parts = (
        item.kind.value,
        str(item.case_id),
        item.due_on.isoformat(),
        str(item.court_event_id or ""),
        str(item.plan_version_id or ""),
        item.action_key,
    )
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def calendar_file_name(generated_on: date) -> str:
    return f"waypost-agenda-{generated_on.isoformat()}.ics"


def agenda_ics(
    items: Sequence[AgendaItemDTO],
    *,
    generated_on: date,
    stamped_at: datetime | None = None,
) -> bytes:
    """An iCalendar file with one all-day VEVENT per item due on ``generated_on`` or later
    (what is already overdue belongs on the Agenda, not in a calendar of what is coming)."""
    stamp = stamped_at or datetime.combine(generated_on, time(), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    upcoming = sorted(
        (item for item in items if item.due_on >= generated_on),
        key=lambda i: (i.due_on, i.case_reference, i.kind.value),
    )
    for item in upcoming:
        event = Event()
        event.add("uid", _uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", event_summary(item))
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
