"""The National Referral Mechanism's timings: the recovery period, the stage a referral is at,
and the dates the Agenda shows. Pure functions over an NRM record, tested at their boundaries.

The anchors, each kept as data with the date it took effect, so that an older case is computed
with the rules of its time:

- a positive Reasonable Grounds (RG) decision starts a recovery period of at least 45 days
  (the UK's period since the NRM began on 1 April 2009);
- for RG decisions on or after 13 December 2022 the minimum is 30 days, the period the Council
  of Europe Convention asks for (written ministerial statement to Parliament, 13 December 2022,
  "effective immediately").

The recovery period counts from the day after the RG decision, so its last day is the RG date
plus the period's days. The Conclusive Grounds (CG) decision cannot be made before that day and
is expected from it on.

A negative decision may be reconsidered. When a reconsideration overturns it, the decision is
positive from the outcome's date (the original negative decision stays on record); a recovery
period then counts from that date.

Left out on purpose: "RG decision overdue". The statutory guidance says the competent
authority *aims* to decide within five working days of the referral, where possible. That is a
target, not a rule a referral can be overdue against, and working days would need a bank
holiday calendar this vault does not have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from models.dto import NrmDeadlineDTO, NrmDraft, ReconsiderationDraft
from models.enums import (
    NrmDeadlineKind,
    NrmDecision,
    NrmDecisionKind,
    NrmStage,
    ReconsiderationOutcome,
)


@dataclass(frozen=True)
class NrmRule:
    """The minimum recovery period for RG decisions made on or after ``effective_from``."""

    effective_from: date
    recovery_period_days: int


NRM_RULES: tuple[NrmRule, ...] = (
    NrmRule(date(2009, 4, 1), 45),
    NrmRule(date(2022, 12, 13), 30),
)


@dataclass(frozen=True)
class NrmRecord:
    """What the rules need about one referral: the record and its reconsideration requests."""

    draft: NrmDraft
    reconsiderations: tuple[ReconsiderationDraft, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A decision as it stands: the original one, or the date a reconsideration overturned it."""

    outcome: NrmDecision
    on: date


def rule_for(rg_date: date) -> NrmRule:
    """The rule in force on the day of the RG decision (the earliest rule before 2009)."""
    applicable = [rule for rule in NRM_RULES if rule.effective_from <= rg_date]
    if not applicable:
        return min(NRM_RULES, key=lambda rule: rule.effective_from)
    return max(applicable, key=lambda rule: rule.effective_from)


def recovery_period_days(rg_date: date) -> int:
    return rule_for(rg_date).recovery_period_days


def recovery_period_end(rg_date: date) -> date:
    """The recovery period's last day; the CG decision may be made from this day on."""
    return rg_date + timedelta(days=recovery_period_days(rg_date))


def _original(draft: NrmDraft, kind: NrmDecisionKind) -> Decision | None:
    if kind is NrmDecisionKind.REASONABLE_GROUNDS:
        outcome, on = draft.rg_decision, draft.rg_decided_on
    else:
        outcome, on = draft.cg_decision, draft.cg_decided_on
    if outcome is None or on is None:
        return None
    return Decision(outcome, on)


def effective_decision(record: NrmRecord, kind: NrmDecisionKind) -> Decision | None:
    """The RG or CG decision as it stands, reconsiderations included."""
    original = _original(record.draft, kind)
    if original is None:
        return None
    overturned = [
        r.outcome_on
        for r in record.reconsiderations
        if r.decision is kind
        and r.outcome is ReconsiderationOutcome.OVERTURNED
        and r.outcome_on is not None
    ]
    if original.outcome is NrmDecision.NEGATIVE and overturned:
        return Decision(NrmDecision.POSITIVE, max(overturned))
    return original


def positive_rg_on(record: NrmRecord) -> date | None:
    """The day the recovery period counts from, or None without a positive RG decision."""
    rg = effective_decision(record, NrmDecisionKind.REASONABLE_GROUNDS)
    return rg.on if rg is not None and rg.outcome is NrmDecision.POSITIVE else None


def pending_reconsiderations(
    reconsiderations: Sequence[ReconsiderationDraft],
) -> list[ReconsiderationDraft]:
    return [r for r in reconsiderations if r.outcome is ReconsiderationOutcome.PENDING]


def nrm_stage(record: NrmRecord, today: date) -> NrmStage:
    """Where the referral stands on ``today``. A pending reconsideration comes first: the
    decision it challenges is not settled."""
    if pending_reconsiderations(record.reconsiderations):
        return NrmStage.RECONSIDERATION_PENDING
    cg = effective_decision(record, NrmDecisionKind.CONCLUSIVE_GROUNDS)
    if cg is not None:
        return (
            NrmStage.CG_POSITIVE
            if cg.outcome is NrmDecision.POSITIVE
            else NrmStage.NEGATIVE_DECISION
        )
    rg = effective_decision(record, NrmDecisionKind.REASONABLE_GROUNDS)
    if rg is None:
        return NrmStage.AWAITING_RG
    if rg.outcome is NrmDecision.NEGATIVE:
        return NrmStage.NEGATIVE_DECISION
    if today < recovery_period_end(rg.on):
        return NrmStage.RECOVERY_PERIOD
    return NrmStage.AWAITING_CG


def nrm_deadlines(record: NrmRecord, today: date) -> list[NrmDeadlineDTO]:
    """The dates still ahead (today included): the end of the recovery period, while a
    positive RG decision waits for its CG decision. Once that day has passed the stage says
    "awaiting CG"; nothing becomes overdue, because the decision is not the navigator's."""
    rg_on = positive_rg_on(record)
    if rg_on is None or _original(record.draft, NrmDecisionKind.CONCLUSIVE_GROUNDS) is not None:
        return []
    end = recovery_period_end(rg_on)
    if end < today:
        return []
    return [NrmDeadlineDTO(NrmDeadlineKind.RECOVERY_PERIOD_ENDS, end)]
