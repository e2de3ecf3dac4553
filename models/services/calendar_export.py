"""The Agenda exported as an iCalendar file (`waypost export calendar`, the Agenda page).

``prepare_calendar`` writes nothing; the caller writes the file and then calls
``record_calendar_export`` (AuditAction.EXPORT, entity "calendar"), removing the file again if
recording fails.
"""

from __future__ import annotations

from datetime import date, timedelta

from models.dto import AgendaItemDTO, RenderedFileDTO
from models.enums import AuditAction
from models.services import assessments, audit, court, nrm, support_plans
from models.services.context import ServiceContext

__all__ = ["CALENDAR_ENTITY", "DEFAULT_DAYS", "prepare_calendar", "record_calendar_export"]

CALENDAR_ENTITY = "calendar"
DEFAULT_DAYS = 14


def _items(ctx: ServiceContext, horizon: date) -> list[AgendaItemDTO]:
    items = support_plans.agenda_items(ctx, horizon)
    items += assessments.agenda_items(ctx, horizon)
    items += nrm.agenda_items(ctx, horizon)
    items += court.agenda_items(ctx, horizon)
    return items


def prepare_calendar(ctx: ServiceContext, days: int | None = DEFAULT_DAYS) -> RenderedFileDTO:
    """Every dated Agenda item from today to ``days`` ahead (None: all) as an .ics file."""
    from models.reports.calendar_export import agenda_ics, calendar_file_name

    if days is not None and days < 0:
        raise ValueError("days must be 0 or more")
    today = ctx.today()
    horizon = date.max if days is None else today + timedelta(days=days)
    data = agenda_ics(_items(ctx, horizon), generated_on=today)
    return RenderedFileDTO(calendar_file_name(today), data)


def record_calendar_export(ctx: ServiceContext) -> None:
    """Record that the calendar file left the vault (no IDs: it spans many cases)."""
    with ctx.store.session() as session:
        audit.append(session, AuditAction.EXPORT, ctx.user, CALENDAR_ENTITY, None)
