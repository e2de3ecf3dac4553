"""Printing a support plan: which version to print, the PDF itself, and the audit record.

Building the PDF writes nothing. Whoever hands the PDF to a person (a printer, a saved file, the
command line's ``--out``) records it with :func:`record_printed`: ``AuditAction.PRINT``, entity
type ``support_plan``, the version's ID, and never a word of the plan.

reportlab is imported only when a plan is built, so importing this module (the facade does, at
start-up) stays cheap.
"""

from __future__ import annotations

from sqlalchemy import select

from models.dto import PrintLanguageDTO, RenderedPlanDTO
from models.entities import Case, PlanVersion
from models.enums import AuditAction, CaseKind, PlanStatus
from models.errors import NotFoundError, WaypostError
from models.reports.catalog import available_languages, catalog
from models.rules import support_plan as plan_rules
from models.rules.case_reference import format_reference, parse_reference
from models.services import audit, navigator_profile, support_plans
from models.services.context import ServiceContext

__all__ = [
    "NoPlanToPrint",
    "UnknownPrintLanguage",
    "prepare_support_plan",
    "print_language",
    "print_languages",
    "record_printed",
    "render_support_plan",
    "version_to_print",
]


class NoPlanToPrint(WaypostError):
    """The case has no plan to print (or is not a support plan case, or does not exist)."""


class UnknownPrintLanguage(WaypostError):
    """No catalog of printed-plan headings for the language asked for."""


def print_languages() -> list[PrintLanguageDTO]:
    """The languages the plan's fixed headings come in: English first, then by English name."""
    return [
        PrintLanguageDTO(
            code=info.code,
            name_in_english=info.name_in_english,
            native_name=info.native_name,
            reviewed=info.reviewed,
            direction=info.direction,
        )
        for info in available_languages()
    ]


def _available_list() -> str:
    return ", ".join(f"{info.code} ({info.name_in_english})" for info in available_languages())


def print_language(code: str) -> str:
    """The shipped catalog's code for ``code`` (``"AR"`` → ``"ar"``, ``"fa-IR"`` → ``"fa"``).

    Raises :class:`UnknownPrintLanguage`, listing the languages there are, when there is no
    catalog for it (rather than quietly printing English).
    """
    wanted = code.strip().lower().replace("_", "-")
    primary = wanted.split("-", 1)[0]
    found = catalog(wanted)
    if wanted and found.code == primary:
        return found.code
    shown = code.strip()[:20] or "(empty)"
    raise UnknownPrintLanguage(
        f"There are no printed-plan headings in the language {shown!r}. "
        f"Available: {_available_list()}."
    )


def version_to_print(ctx: ServiceContext, case_reference: str) -> int:
    """The plan version to print for a case: the plan in force, else the newest draft.

    Raises :class:`NoPlanToPrint` with a message that says why not: no such case, a strategic
    advice case (which has no support plan), or no plan yet.
    """
    parsed = parse_reference(case_reference)
    if parsed is None:
        raise NoPlanToPrint(
            "That is not a case reference. References look like WP-2026-0042 "
            "(see them with: waypost cases)."
        )
    reference = format_reference(*parsed)
    with ctx.store.read_session() as session:
        case = session.scalar(select(Case).where(Case.reference == reference))
        if case is None:
            raise NoPlanToPrint(f"There is no case {reference} in this vault.")
        if case.kind != CaseKind.SUPPORT_PLAN:
            raise NoPlanToPrint(
                f"{reference} is a strategic advice case. Only support plan cases have a "
                "support plan to print."
            )
        versions = list(
            session.execute(
                select(PlanVersion.id, PlanVersion.number, PlanVersion.status).where(
                    PlanVersion.case_id == case.id
                )
            )
        )
    in_force = [v for v in versions if PlanStatus(v.status) in plan_rules.IN_FORCE]
    drafts = [v for v in versions if PlanStatus(v.status) is PlanStatus.DRAFTED]
    chosen = in_force or drafts
    if not chosen:
        raise NoPlanToPrint(
            f"{reference} has no support plan yet. Start one in the case's Support plan tab."
        )
    return int(max(chosen, key=lambda v: v.number).id)


def prepare_support_plan(
    ctx: ServiceContext,
    version_id: int,
    *,
    language: str | None = None,
    large_type: bool = False,
) -> RenderedPlanDTO:
    """Build the printed plan of one version, with the navigator's details from the vault and
    today's date. ``language`` (a shipped catalog) overrides the plan's own language for the
    fixed headings. Writes nothing (no audit entry: see :func:`record_printed`)."""
    from models.reports.support_plan import (  # reportlab: imported on first use
        build_support_plan,
        pdf_language_tag,
        support_plan_file_name,
    )

    override = print_language(language) if language is not None else None
    plan = support_plans.plan_for_print(ctx, version_id)
    profile = navigator_profile.get_profile(ctx)
    pdf = build_support_plan(
        plan,
        navigator=None if profile.is_empty else profile,
        language=override,
        large_type=large_type,
        printed_on=ctx.today(),
    )
    return RenderedPlanDTO(
        version_id=plan.version_id,
        case_reference=plan.case_reference,
        version_number=plan.version_number,
        status=plan.status,
        language=pdf_language_tag(override or plan.language or "en"),
        large_type=large_type,
        file_name=support_plan_file_name(plan.case_reference, plan.version_number),
        pdf=pdf,
    )


def render_support_plan(
    ctx: ServiceContext,
    version_id: int,
    *,
    language: str | None = None,
    large_type: bool = False,
) -> bytes:
    """The PDF bytes of :func:`prepare_support_plan`."""
    return prepare_support_plan(ctx, version_id, language=language, large_type=large_type).pdf


def record_printed(ctx: ServiceContext, version_id: int) -> None:
    """Record that a plan version was printed or saved (``AuditAction.PRINT``)."""
    with ctx.store.session() as session:
        if session.get(PlanVersion, version_id) is None:
            raise NotFoundError("That version of the support plan no longer exists in this vault.")
        audit.append(session, AuditAction.PRINT, ctx.user, support_plans.AUDIT_ENTITY, version_id)
