"""The navigator's own contact details for printed plans: one row per vault.

They are personal data, so they are kept in the encrypted vault (never in the settings file),
and the audit log records only that they changed, never what they say.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from models.base import utc_now
from models.dto import NavigatorProfileDTO
from models.entities import NavigatorProfile
from models.entities.navigator_profile import (
    EMAIL_LENGTH,
    NAME_LENGTH,
    PHONE_LENGTH,
    PROFILE_ID,
)
from models.enums import AuditAction
from models.errors import FieldProblem, ValidationError
from models.services import audit
from models.services.context import ServiceContext

__all__ = ["AUDIT_ENTITY", "get_profile", "normalise_profile", "save_profile", "validate_profile"]

AUDIT_ENTITY = "navigator_profile"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-. ]{5,30}$")


def normalise_profile(profile: NavigatorProfileDTO) -> NavigatorProfileDTO:
    """Surrounding spaces removed, runs of spaces collapsed (these are one-line fields)."""

    def clean(text: str) -> str:
        return " ".join(text.split())

    return NavigatorProfileDTO(
        display_name=clean(profile.display_name),
        organisation=clean(profile.organisation),
        work_phone=clean(profile.work_phone),
        work_email=clean(profile.work_email),
    )


def validate_profile(profile: NavigatorProfileDTO) -> list[FieldProblem]:
    """Problems with what was typed; messages name the field, never the value."""
    profile = normalise_profile(profile)
    problems: list[FieldProblem] = []
    if len(profile.display_name) > NAME_LENGTH:
        problems.append(
            FieldProblem("display_name", f"The name can be at most {NAME_LENGTH} characters.")
        )
    if len(profile.organisation) > NAME_LENGTH:
        problems.append(
            FieldProblem(
                "organisation", f"The organisation can be at most {NAME_LENGTH} characters."
            )
        )
    if profile.work_phone and (
        len(profile.work_phone) > PHONE_LENGTH or not _PHONE.match(profile.work_phone)
    ):
        problems.append(
            FieldProblem(
                "work_phone",
                "The work phone number may hold only digits, spaces and + ( ) - . "
                "(5 to 30 of them).",
            )
        )
    if profile.work_email and (
        len(profile.work_email) > EMAIL_LENGTH or not _EMAIL.match(profile.work_email)
    ):
        problems.append(FieldProblem("work_email", "The work email address does not look right."))
    return problems


def _dto(row: NavigatorProfile | None) -> NavigatorProfileDTO:
    if row is None:
        return NavigatorProfileDTO()
    return NavigatorProfileDTO(
        display_name=row.display_name,
        organisation=row.organisation,
        work_phone=row.work_phone,
        work_email=row.work_email,
    )


def get_profile(ctx: ServiceContext) -> NavigatorProfileDTO:
    """The details as saved; all fields empty when none were saved yet."""
    with ctx.store.read_session() as session:
        row = session.scalar(select(NavigatorProfile).where(NavigatorProfile.id == PROFILE_ID))
        return _dto(row)


def save_profile(ctx: ServiceContext, profile: NavigatorProfileDTO) -> NavigatorProfileDTO:
    """Validate and save the details. Saving what is already stored writes nothing."""
    problems = validate_profile(profile)
    if problems:
        raise ValidationError(problems)
    clean = normalise_profile(profile)
    with ctx.store.session() as session:
        row = session.scalar(select(NavigatorProfile).where(NavigatorProfile.id == PROFILE_ID))
        if row is not None and _dto(row) == clean:
            return clean
        action = AuditAction.EDIT
        if row is None:
            row = NavigatorProfile(id=PROFILE_ID)
            session.add(row)
            action = AuditAction.CREATE
        row.display_name = clean.display_name
        row.organisation = clean.organisation
        row.work_phone = clean.work_phone
        row.work_email = clean.work_email
        row.updated_at = utc_now()
        session.flush()
        audit.append(session, action, ctx.user, AUDIT_ENTITY, PROFILE_ID)
        return clean
