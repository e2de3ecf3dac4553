"""Demo National Referral Mechanism records, from their own random stream.

Like the plans, assessments and purchases, they are drawn from a stream seeded from the fill's
seed, so the cases a seed gives are unchanged. Most survivors' cases that got past referral have
an NRM record: a first responder referred them a few days after the case opened, with their
consent; the Reasonable Grounds (RG) decision came one to three weeks later, nine in ten
positive; the Conclusive Grounds (CG) decision, for older cases, months after the recovery period
ended (``models.rules.nrm_deadlines``), mostly positive. A few negative decisions were asked to
be reconsidered. Most survivors with a positive RG decision had support under the victim care
contract.
"""

from __future__ import annotations

import random
from datetime import date

from models.demo.rows import TIMES, OrdinalDates, Rows
from models.enums import CaseStatus, NrmDecision, NrmDecisionKind, ReconsiderationOutcome
from models.rules.nrm_deadlines import recovery_period_end

NRM_SHARE = 0.85  # support cases past referral with an NRM record
RG_POSITIVE = 0.9
CG_POSITIVE = 0.85
RECONSIDER_SHARE = 0.4  # negative decisions asked to be reconsidered
OVERTURN_SHARE = 0.6
VCC_SHARE = 0.85  # positive RG decisions with victim care contract support
FIRST_RESPONDERS = (
    "Police force",
    "Police force",
    "Home Office",
    "Border Force",
    "Local authority",
    "Salvation Army",
    "Migrant Help",
    "Barnardo's",
)
VCC_PROVIDERS = ("Salvation Army", "Migrant Help", "City Hearts", "Hestia", "Bawso")


class Nrm:
    """The NRM records of one fill: ``add`` once per support case, in case order."""

    def __init__(self, seed: int, today: date, user: str, last_nrm_id: int) -> None:
        self.rng = random.Random(f"waypost demo nrm {seed}")
        self.today = today.toordinal()
        self.user = user
        self.iso = OrdinalDates()
        self.nrm_id = last_nrm_id
        self.count = 0

    def add(self, case_id: int, status: CaseStatus, opened: date, end: date, rows: Rows) -> None:
        rng = self.rng
        if status is CaseStatus.REFERRED or rng.random() >= NRM_SHARE:
            return
        today = self.today
        first = opened.toordinal()
        referred = first + int(rng.random() * min(7, (end - opened).days + 1))
        responder = FIRST_RESPONDERS[int(rng.random() * len(FIRST_RESPONDERS))]
        rg_on: int | None = referred + 7 + int(rng.random() * 15)
        rg: NrmDecision | None = None
        cg_on: int | None = None
        cg: NrmDecision | None = None
        vcc_start: int | None = None
        vcc_end: int | None = None
        provider = ""
        reconsiderations: list[tuple[NrmDecisionKind, int, ReconsiderationOutcome, int | None]] = []
        positive_on: int | None = None  # the day the recovery period counts from
        assert rg_on is not None
        if rg_on > today:
            rg_on = None
        else:
            rg = NrmDecision.POSITIVE if rng.random() < RG_POSITIVE else NrmDecision.NEGATIVE
            if rg is NrmDecision.POSITIVE:
                positive_on = rg_on
            else:
                positive_on = self._reconsider(
                    NrmDecisionKind.REASONABLE_GROUNDS, rg_on, reconsiderations
                )
        if positive_on is not None:
            earliest = recovery_period_end(date.fromordinal(positive_on)).toordinal()
            day = max(earliest, positive_on + 70 + int(rng.random() * 130))
            if day <= today:
                cg_on = day
                cg = NrmDecision.POSITIVE if rng.random() < CG_POSITIVE else NrmDecision.NEGATIVE
                if cg is NrmDecision.NEGATIVE:
                    self._reconsider(NrmDecisionKind.CONCLUSIVE_GROUNDS, day, reconsiderations)
            if rng.random() < VCC_SHARE:
                vcc_start = positive_on + int(rng.random() * 4)
                provider = VCC_PROVIDERS[int(rng.random() * len(VCC_PROVIDERS))]
                if cg_on is not None:
                    # Move-on support after a positive CG decision; a short notice after a
                    # negative one.
                    vcc_end = cg_on + (45 if cg is NrmDecision.POSITIVE else 9)
                    if vcc_end > today:
                        vcc_end = None
                if vcc_start > today:
                    vcc_start, provider = None, ""
        iso = self.iso
        self.nrm_id += 1
        self.count += 1
        last = max(
            [referred, rg_on or 0, cg_on or 0, vcc_start or 0, vcc_end or 0]
            + [r[3] or r[1] for r in reconsiderations]
        )
        time = TIMES[int(rng.random() * len(TIMES))]
        rows.tables["nrm_referral"].append(
            (
                self.nrm_id,
                case_id,
                iso[referred],
                responder,
                0,
                1,
                iso[referred],
                None if rg_on is None else iso[rg_on],
                rg,
                None if cg_on is None else iso[cg_on],
                cg,
                None if vcc_start is None else iso[vcc_start],
                None if vcc_end is None else iso[vcc_end],
                provider,
                self.user,
                1,
                f"{iso[referred]} {time}",
                f"{iso[last]} {time}",
            )
        )
        for kind, requested, outcome, outcome_on in reconsiderations:
            done = iso[outcome_on or requested]
            rows.tables["nrm_reconsideration"].append(
                (
                    self.nrm_id,
                    kind,
                    iso[requested],
                    outcome,
                    None if outcome_on is None else iso[outcome_on],
                    1,
                    f"{iso[requested]} {time}",
                    f"{done} {time}",
                )
            )

    def _reconsider(
        self,
        kind: NrmDecisionKind,
        decided: int,
        out: list[tuple[NrmDecisionKind, int, ReconsiderationOutcome, int | None]],
    ) -> int | None:
        """Maybe a request to reconsider a negative decision; returns the day it was overturned,
        if it was."""
        rng = self.rng
        if rng.random() >= RECONSIDER_SHARE:
            return None
        requested = decided + 5 + int(rng.random() * 25)
        if requested > self.today:
            return None
        outcome_on: int | None = requested + 20 + int(rng.random() * 60)
        outcome = ReconsiderationOutcome.PENDING
        assert outcome_on is not None
        if outcome_on > self.today:
            outcome_on = None
        elif rng.random() < OVERTURN_SHARE:
            outcome = ReconsiderationOutcome.OVERTURNED
        else:
            outcome = ReconsiderationOutcome.UPHELD
        out.append((kind, requested, outcome, outcome_on))
        return outcome_on if outcome is ReconsiderationOutcome.OVERTURNED else None
