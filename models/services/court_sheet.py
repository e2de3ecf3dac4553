"""The survivor's printed "what happens next" sheet: what it shows, the PDF, and the audit record.

Building the sheet writes nothing. Whoever hands it to a person records it with
:func:`record_printed`: ``AuditAction.PRINT``, entity type ``court_sheet``, the case's ID.

The sheet takes, from every court case the case is linked to, the hearings still ahead (from
the vault's today, at their current dates), this case's own role and special measures, and
nothing about defendants, charges, adjournment reasons or the other survivors linked.

reportlab is imported only when a sheet is built, so importing this module stays cheap.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.dto import RenderedDocumentDTO, SheetHearingDTO, WhatHappensNextDTO
from models.entities import Case, PlanVersion
from models.enums import AuditAction, CourtEventKind, PlanStatus, SpecialMeasure
from models.errors import NotFoundError
from models.rules import court_timeline as timeline
from models.rules import support_plan as plan_rules
from models.services import audit, court, navigator_profile
from models.services.context import ServiceContext
from models.services.plan_printing import print_language

__all__ = ["AUDIT_ENTITY", "prepare_what_happens_next", "record_printed", "what_happens_next"]

AUDIT_ENTITY = "court_sheet"
_CASE_GONE = "That case no longer exists in this vault."


def _plan_language(versions: list[PlanVersion]) -> str:
    """The language of the plan the support plan would print: in force, else newest draft."""
    in_force = [v for v in versions if PlanStatus(v.status) in plan_rules.IN_FORCE]
    drafts = [v for v in versions if PlanStatus(v.status) is PlanStatus.DRAFTED]
    chosen = in_force or drafts
    return max(chosen, key=lambda v: v.number).language if chosen else ""


def what_happens_next(ctx: ServiceContext, case_id: int) -> WhatHappensNextDTO:
    """What the sheet shows for one case. Not audited (see :func:`record_printed`)."""
    today = ctx.today()
    with ctx.store.read_session() as session:
        case = session.scalar(
            select(Case).where(Case.id == case_id).options(selectinload(Case.person))
        )
        if case is None:
            raise NotFoundError(_CASE_GONE)
        person = case.person
        name = (
            plan_rules.preferred_name(person.known_as, person.given_names, person.family_name)
            if person is not None
            else ""
        )
        versions = list(session.scalars(select(PlanVersion).where(PlanVersion.case_id == case_id)))
        language = _plan_language(versions)
        reference = case.reference
    linked = court.court_cases(ctx, case_id)

    hearings: list[SheetHearingDTO] = []
    witness = vps = False
    granted: set[SpecialMeasure] = set()
    waiting: set[SpecialMeasure] = set()
    for court_case in linked:
        events = timeline.with_attempts(court_case.events)
        for event in events:
            on = timeline.current_date(event)
            if (
                event.kind in timeline.HEARING_KINDS
                and event.actual_on is None
                and not timeline.is_overtaken(event, events)
                and on >= today
            ):
                hearings.append(
                    SheetHearingDTO(
                        on=on,
                        kind=event.kind,
                        court_name=court_case.draft.court_name,
                        moved=len(event.schedules) > 1,
                    )
                )
        link = court_case.link(case_id)
        if link is None:
            continue
        witness = witness or link.role.witness
        vps = vps or link.role.victim_personal_statement
        for measure in link.special_measures:
            if measure.granted is True:
                granted.add(measure.measure)
            elif measure.granted is None:
                waiting.add(measure.measure)
    waiting -= granted
    hearings.sort(key=lambda h: (h.on, list(CourtEventKind).index(h.kind)))
    profile = navigator_profile.get_profile(ctx)
    return WhatHappensNextDTO(
        case_id=case_id,
        case_reference=reference,
        survivor_name=name,
        language=language,
        court_cases=len(linked),
        hearings=tuple(hearings),
        witness=witness,
        victim_personal_statement=vps,
        measures_granted=tuple(m for m in SpecialMeasure if m in granted),
        measures_waiting=tuple(m for m in SpecialMeasure if m in waiting),
        navigator=None if profile.is_empty else profile,
        printed_on=today,
    )


def prepare_what_happens_next(
    ctx: ServiceContext, case_id: int, language: str | None = None
) -> RenderedDocumentDTO:
    """Build the sheet's PDF. ``language`` (a shipped catalog, else
    :class:`~models.services.plan_printing.UnknownPrintLanguage`) overrides the plan's
    language. Writes nothing."""
    from models.reports.court_sheet import (  # reportlab: imported on first use
        build_what_happens_next,
        what_happens_next_file_name,
    )

    override = print_language(language) if language is not None else None
    sheet = what_happens_next(ctx, case_id)
    return RenderedDocumentDTO(
        case_id=case_id,
        case_reference=sheet.case_reference,
        file_name=what_happens_next_file_name(sheet.case_reference),
        pdf=build_what_happens_next(sheet, language=override),
    )


def record_printed(ctx: ServiceContext, case_id: int) -> None:
    """Record that the sheet was printed or saved (``AuditAction.PRINT``, the case's ID)."""
    with ctx.store.session() as session:
        if session.get(Case, case_id) is None:
            raise NotFoundError(_CASE_GONE)
        audit.append(session, AuditAction.PRINT, ctx.user, AUDIT_ENTITY, case_id)
