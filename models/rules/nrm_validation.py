"""Checks on an NRM record and its reconsideration requests before they are saved. Pure: the
service passes in the vault's today and the requests already saved.

Messages name the field and the fix, never what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models.dto import NrmDraft, ReconsiderationDraft
from models.enums import NrmDecision, NrmDecisionKind, ReconsiderationOutcome
from models.errors import FieldProblem
from models.rules.nrm_deadlines import NrmRecord, effective_decision, recovery_period_end

MAX_TEXT = 200

_DECISION_NAMES = {
    NrmDecisionKind.REASONABLE_GROUNDS: "Reasonable Grounds",
    NrmDecisionKind.CONCLUSIVE_GROUNDS: "Conclusive Grounds",
}


def _not_future(field: str, what: str, value: date | None, today: date) -> list[FieldProblem]:
    if value is not None and value > today:
        return [FieldProblem(field, f"{what} cannot be in the future.")]
    return []


def _consent(draft: NrmDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not draft.consent_given:
        if not draft.is_child_at_referral:
            problems.append(
                FieldProblem(
                    "consent_given",
                    "An adult must consent to an NRM referral. Without consent the First "
                    "Responder makes a Duty to Notify report instead.",
                )
            )
        if draft.consent_on is not None:
            problems.append(
                FieldProblem("consent_on", "Clear the consent date: no consent is recorded.")
            )
        return problems
    if draft.consent_on is None:
        return [FieldProblem("consent_on", "Enter the day consent to the referral was given.")]
    problems += _not_future("consent_on", "The consent date", draft.consent_on, today)
    if draft.consent_on > draft.referred_on:
        problems.append(
            FieldProblem("consent_on", "Consent comes before the referral: check the two dates.")
        )
    return problems


def _decisions(record: NrmRecord, today: date) -> list[FieldProblem]:
    draft = record.draft
    problems: list[FieldProblem] = []
    for field, outcome, on, name in (
        ("rg_decided_on", draft.rg_decision, draft.rg_decided_on, "Reasonable Grounds"),
        ("cg_decided_on", draft.cg_decision, draft.cg_decided_on, "Conclusive Grounds"),
    ):
        if (outcome is None) != (on is None):
            problems.append(
                FieldProblem(
                    field,
                    f"Enter both the date and the outcome of the {name} decision, or neither.",
                )
            )
        problems += _not_future(field, f"The {name} decision", on, today)
    if draft.rg_decided_on is not None and draft.rg_decided_on < draft.referred_on:
        problems.append(
            FieldProblem(
                "rg_decided_on", "The Reasonable Grounds decision cannot be before the referral."
            )
        )
    if draft.cg_decided_on is None:
        return problems
    rg = effective_decision(record, NrmDecisionKind.REASONABLE_GROUNDS)
    if draft.rg_decided_on is None or rg is None:
        problems.append(
            FieldProblem(
                "cg_decided_on",
                "A Conclusive Grounds decision follows a Reasonable Grounds decision: "
                "enter that first.",
            )
        )
    elif draft.cg_decided_on < draft.rg_decided_on:
        problems.append(
            FieldProblem(
                "cg_decided_on",
                "The Conclusive Grounds decision cannot be before the Reasonable Grounds decision.",
            )
        )
    elif rg.outcome is not NrmDecision.POSITIVE:
        problems.append(
            FieldProblem(
                "cg_decided_on",
                "A Conclusive Grounds decision follows only a positive Reasonable Grounds "
                "decision (or a negative one overturned on reconsideration).",
            )
        )
    # A decision dated after today is already refused above (or, when overturned, by the
    # request's check); its recovery period may end past the calendar's last day.
    elif rg.on <= today and draft.cg_decided_on < recovery_period_end(rg.on):
        problems.append(
            FieldProblem(
                "cg_decided_on",
                "The Conclusive Grounds decision cannot be made before the recovery period "
                f"ends ({recovery_period_end(rg.on).isoformat()}).",
            )
        )
    return problems


def _support(draft: NrmDraft, today: date) -> list[FieldProblem]:
    problems = _not_future("vcc_start", "The start of support", draft.vcc_start, today)
    if draft.vcc_start is None:
        if draft.vcc_end is not None:
            problems.append(FieldProblem("vcc_end", "Support cannot end before it has started."))
        return problems
    if draft.vcc_start < draft.referred_on:
        problems.append(
            FieldProblem("vcc_start", "Support under the victim care contract follows a referral.")
        )
    # The end may be ahead: support often ends on a date already set.
    if draft.vcc_end is not None and draft.vcc_end < draft.vcc_start:
        problems.append(FieldProblem("vcc_end", "The end of support is before its start."))
    return problems


def validate_nrm(record: NrmRecord, today: date) -> list[FieldProblem]:
    """The whole record, the saved reconsideration requests included (a change to a decision
    must still fit the requests made about it)."""
    draft = record.draft
    problems = _not_future("referred_on", "The referral date", draft.referred_on, today)
    for field, value, what in (
        ("first_responder", draft.first_responder, "The First Responder"),
        ("vcc_provider", draft.vcc_provider, "The support provider"),
    ):
        if len(value.strip()) > MAX_TEXT:
            problems.append(FieldProblem(field, f"{what} is too long ({MAX_TEXT} max)."))
    problems += _consent(draft, today)
    problems += _decisions(record, today)
    problems += _support(draft, today)
    for request in record.reconsiderations:
        problems += _request(request, draft, today)
    return _unique(problems)


def _request(request: ReconsiderationDraft, draft: NrmDraft, today: date) -> list[FieldProblem]:
    name = _DECISION_NAMES[request.decision]
    if request.decision is NrmDecisionKind.REASONABLE_GROUNDS:
        outcome, on = draft.rg_decision, draft.rg_decided_on
    else:
        outcome, on = draft.cg_decision, draft.cg_decided_on
    problems: list[FieldProblem] = []
    if outcome is None or on is None:
        problems.append(FieldProblem("decision", f"There is no {name} decision to reconsider."))
    elif outcome is not NrmDecision.NEGATIVE:
        problems.append(
            FieldProblem(
                "decision",
                f"Only a negative decision is reconsidered; the {name} decision on record was "
                "positive. If it was overturned, keep the original decision and record the "
                "outcome on the request.",
            )
        )
    elif request.requested_on < on:
        problems.append(
            FieldProblem(
                "requested_on", f"The request cannot be before the {name} decision it challenges."
            )
        )
    problems += _not_future("requested_on", "The request date", request.requested_on, today)
    if request.outcome is ReconsiderationOutcome.PENDING:
        if request.outcome_on is not None:
            problems.append(
                FieldProblem("outcome_on", "Clear the outcome date: the request is still pending.")
            )
        return problems
    if request.outcome_on is None:
        problems.append(FieldProblem("outcome_on", "Enter the day the outcome was given."))
        return problems
    problems += _not_future("outcome_on", "The outcome date", request.outcome_on, today)
    if request.outcome_on < request.requested_on:
        problems.append(FieldProblem("outcome_on", "The outcome cannot be before the request."))
    return problems


def validate_reconsideration(
    request: ReconsiderationDraft,
    draft: NrmDraft,
    others: Sequence[ReconsiderationDraft],
    today: date,
) -> list[FieldProblem]:
    """A new or changed request; ``others`` are the record's other requests."""
    problems = _request(request, draft, today)
    pending = ReconsiderationOutcome.PENDING
    if request.outcome is pending and any(
        other.decision is request.decision and other.outcome is pending for other in others
    ):
        problems.append(
            FieldProblem(
                "decision",
                f"A reconsideration of the {_DECISION_NAMES[request.decision]} decision is "
                "already pending: record its outcome first.",
            )
        )
    if not problems:
        problems = validate_nrm(NrmRecord(draft, (*others, request)), today)
    return problems


def _unique(problems: list[FieldProblem]) -> list[FieldProblem]:
    """The same problem once, even when several requests share it."""
    return list(dict.fromkeys(problems))
