"""What a police summary may carry, decided by the survivor's consent at the moment of export.

Each ExportField belongs to one ConsentScope. A field may go to a recipient only when the
survivor's consent for that recipient kind is given (and not withdrawn) and covers the field's
scope. The navigator may narrow the allowed fields further, never widen them. The safe address
(and any column marked never to be exported) is not an ExportField at all, so no choice can
send it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from models.dto import ConsentDTO
from models.enums import ConsentRecipient, ConsentScope, ConsentState, ExportField
from models.errors import WaypostError

# The recipient kinds a police summary may go to: law enforcement partners.
POLICE_PARTNERS: tuple[ConsentRecipient, ...] = (ConsentRecipient.POLICE, ConsentRecipient.CPS)

FIELD_SCOPES: Mapping[ExportField, ConsentScope] = MappingProxyType(
    {
        ExportField.NAME: ConsentScope.IDENTITY,
        ExportField.KNOWN_AS: ConsentScope.IDENTITY,
        ExportField.DATE_OF_BIRTH: ConsentScope.IDENTITY,
        ExportField.GENDER: ConsentScope.IDENTITY,
        ExportField.NATIONALITY: ConsentScope.IDENTITY,
        ExportField.LANGUAGES: ConsentScope.IDENTITY,
        ExportField.PHONE: ConsentScope.CONTACT_DETAILS,
        ExportField.EMAIL: ConsentScope.CONTACT_DETAILS,
        ExportField.RECOVERY_SCORES: ConsentScope.RECOVERY_SCORES,
        ExportField.RECOVERY_TRENDS: ConsentScope.RECOVERY_SCORES,
        ExportField.SUPPORT_GIVEN: ConsentScope.SUPPORT_SUMMARY,
    }
)

# Export references: "EX-2026-0007-K7QD". The sequence is for people reading the register; the
# random tail keeps references unique across navigators' laptops.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "EX"


class ExportRefused(WaypostError):
    """The survivor's consent does not allow this export (the message says why)."""


def _recipient_words(recipient: ConsentRecipient) -> str:
    return {
        ConsentRecipient.POLICE: "the police",
        ConsentRecipient.CPS: "the Crown Prosecution Service",
        ConsentRecipient.OTHER_NGO: "other NGOs",
        ConsentRecipient.ANONYMOUS_REPORTING: "anonymous reporting",
    }[recipient]


def is_withdrawn(consent: ConsentDTO) -> bool:
    """Withdrawn, unless given again after the withdrawal. A withdrawal takes effect the moment
    it is recorded (the date is the day it was made, which is never in the future)."""
    if consent.state is ConsentState.WITHDRAWN:
        return True
    if consent.withdrawn_on is None:
        return False
    return consent.given_on is None or consent.withdrawn_on >= consent.given_on


def refusal_reason(consent: ConsentDTO | None, today: date, has_survivor: bool = True) -> str:
    """Why nothing may go to this recipient now, or "" when the consent allows an export."""
    if not has_survivor:
        return "This case has no survivor, so there is no recovery summary to export."
    if consent is None or consent.state is ConsentState.NOT_ASKED:
        return (
            "The survivor has not given consent to share with this recipient. Record their "
            "consent in the case's Consent tab first."
        )
    who = _recipient_words(consent.recipient)
    if is_withdrawn(consent):
        when = f" on {consent.withdrawn_on.isoformat()}" if consent.withdrawn_on else ""
        return (
            f"The survivor withdrew their consent to share with {who}{when}. Nothing can be sent."
        )
    if consent.given_on is not None and consent.given_on > today:
        starts = consent.given_on.isoformat()
        return f"The survivor's consent to share with {who} starts on {starts}."
    if not allowed_fields(consent, today):
        return (
            f"The survivor's consent to share with {who} does not cover anything a recovery "
            "summary holds."
        )
    return ""


def allowed_fields(consent: ConsentDTO | None, today: date) -> frozenset[ExportField]:
    """The fields the consent allows today (empty when it allows nothing)."""
    if consent is None or consent.state is not ConsentState.GIVEN or is_withdrawn(consent):
        return frozenset()
    if consent.given_on is None or consent.given_on > today:
        return frozenset()
    return frozenset(field for field, scope in FIELD_SCOPES.items() if scope in consent.scope)


def chosen_fields(
    allowed: frozenset[ExportField], requested: Iterable[ExportField] | None
) -> frozenset[ExportField]:
    """The navigator's narrowing of ``allowed`` (None: everything allowed).

    Raises ExportRefused when a requested field is not allowed (never silently dropped, so the
    navigator knows what was not sent), when nothing is left to send, or when the trend charts
    are asked for without the scores they are drawn from.
    """
    wanted = allowed if requested is None else frozenset(requested)
    outside = wanted - allowed
    if outside:
        # In words ("date of birth"), not the field's code: the navigator reads this.
        names = ", ".join(sorted(field.value.replace("_", " ") for field in outside))
        raise ExportRefused(
            f"The survivor's consent does not cover: {names}. Those fields were not exported."
        )
    if not wanted:
        raise ExportRefused("Choose at least one thing to send.")
    if ExportField.RECOVERY_TRENDS in wanted and ExportField.RECOVERY_SCORES not in wanted:
        # The charts are drawn from the scores: without them the document would list the
        # charts as included and show none.
        raise ExportRefused(
            "The recovery trend charts are drawn from the recovery scores: send the scores "
            "too, or leave the charts out."
        )
    return wanted


def export_reference(year: int, number: int, tail: str | None = None) -> str:
    """``EX-2026-0007-K7QD``; ``tail`` is random unless given (for tests)."""
    tail = tail if tail is not None else "".join(secrets.choice(_CROCKFORD) for _ in range(4))
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}-{tail}"
