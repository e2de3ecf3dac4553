"""Demo court cases against survivors' exploiters, from their own random stream.

Like the plans, assessments and purchases, they are drawn from a stream seeded from the fill's
seed, so the cases a seed gives are unchanged. About one survivor in ten who engaged with the
police sees someone charged, months later. The case then runs: first appearance, the Plea and
Trial Preparation Hearing, and a trial listed months ahead and often moved (each date it was
listed for kept, with the reason); a few trials end in a mistrial and a retrial is listed. Older
cases reach a verdict and sentencing; recent ones have hearings ahead, for the Agenda. Every
event's date is its latest schedule row (``models.rules.court_timeline``).
"""

from __future__ import annotations

import random
from datetime import date

from models.demo.randomness import sample
from models.demo.rows import TIMES, OrdinalDates, Rows
from models.enums import CaseStatus, CourtEventKind, DefendantOutcome, SpecialMeasure

COURT_SHARE = 0.1  # engaged survivors whose exploiters were charged
MISTRIAL_SHARE = 0.08
RESCHEDULE_SHARE = 0.45  # trials listed that moved at least once
CONVICTED_SHARE = 0.8
WITNESS_SHARE = 0.85
MEASURES_SHARE = 0.5
COURTS = (
    "Maidstone Crown Court",
    "Chelmsford Crown Court",
    "Birmingham Crown Court",
    "Manchester Crown Court (Minshull Street)",
    "Leeds Crown Court",
    "Bristol Crown Court",
    "Southwark Crown Court",
    "Snaresbrook Crown Court",
    "Nottingham Crown Court",
    "Cardiff Crown Court",
)
CHARGES = (
    "s.1 MSA 2015 holding in slavery",
    "s.1 MSA 2015 forced labour",
    "s.2 MSA 2015 arranging travel",
    "s.2 MSA 2015 human trafficking",
    "Conspiracy to arrange travel (s.2 MSA 2015)",
    "Controlling prostitution for gain",
    "Money laundering (POCA 2002)",
)
REASONS = (
    "Court time unavailable",
    "Court time unavailable",
    "Defence counsel unavailable",
    "Prosecution counsel unavailable",
    "Interpreter unavailable",
    "Defendant unwell",
    "Late disclosure",
)
MEASURES = tuple(SpecialMeasure)


class Courts:
    """The court cases of one fill: ``add`` once per support case, in case order."""

    def __init__(
        self,
        seed: int,
        today: date,
        user: str,
        last_ids: tuple[int, int, int, int],
    ) -> None:
        """``last_ids``: the highest court case, link, defendant and event IDs so far."""
        self.rng = random.Random(f"waypost demo court {seed}")
        self.today = today.toordinal()
        self.user = user
        self.iso = OrdinalDates()
        self.court_case_id, self.link_id, self.defendant_id, self.event_id = last_ids
        self.count = 0

    def add(
        self,
        case_id: int,
        status: CaseStatus,
        engaged_on: date | None,
        force: str,
        operation: str,
        rows: Rows,
    ) -> None:
        """Maybe a court case for a support case whose survivor is engaged with the police."""
        rng = self.rng
        if status is CaseStatus.REFERRED or engaged_on is None or rng.random() >= COURT_SHARE:
            return
        today = self.today
        charged = engaged_on.toordinal() + 30 + int(rng.random() * 330)
        if charged > today:
            return  # nobody charged yet
        self.court_case_id += 1
        self.count += 1
        court_case_id = self.court_case_id
        time = TIMES[int(rng.random() * len(TIMES))]
        iso = self.iso
        self.time = time
        self.rows = rows
        self.last = charged

        # The events, each listed when the one before it happened; the first one still ahead
        # ends the list (nothing is listed after a hearing that has not happened yet).
        self._event(CourtEventKind.CHARGE, charged, charged, 0.0)
        ptph_on: int | None = None
        verdict_on: int | None = None
        sentenced_on: int | None = None
        day = self._event(
            CourtEventKind.FIRST_APPEARANCE, charged, charged + 1 + int(rng.random() * 27), 0.0
        )
        if day <= today:
            ptph_on = self._event(CourtEventKind.PTPH, day, day + 28 + int(rng.random() * 14), 0.1)
        if ptph_on is not None and ptph_on <= today:
            trial = self._event(
                CourtEventKind.TRIAL_START,
                ptph_on,
                ptph_on + 120 + int(rng.random() * 280),
                RESCHEDULE_SHARE,
            )
            if trial <= today and rng.random() < MISTRIAL_SHARE:
                mistrial = trial + 2 + int(rng.random() * 8)
                if mistrial <= today:
                    self._event(CourtEventKind.MISTRIAL, trial, mistrial, 0.0)
                    trial = self._event(
                        CourtEventKind.RETRIAL_LISTED,
                        mistrial,
                        mistrial + 90 + int(rng.random() * 150),
                        RESCHEDULE_SHARE,
                    )
            if trial <= today:
                verdict_on = self._event(
                    CourtEventKind.VERDICT, trial, trial + 5 + int(rng.random() * 16), 0.0
                )
        convicted = False
        outcomes: list[tuple[DefendantOutcome, int | None]] = []
        defendants = 1 + int(rng.random() ** 2 * 3)
        for _ in range(defendants):
            outcome = DefendantOutcome.PENDING
            if verdict_on is not None and verdict_on <= today:
                if rng.random() < CONVICTED_SHARE:
                    outcome = DefendantOutcome.CONVICTED
                    convicted = True
                else:
                    outcome = DefendantOutcome.ACQUITTED
            outcomes.append((outcome, None))
        if convicted and verdict_on is not None:
            sentenced_on = self._event(
                CourtEventKind.SENTENCING, verdict_on, verdict_on + 28 + int(rng.random() * 28), 0.0
            )
        for index, (outcome, _) in enumerate(outcomes):
            self.defendant_id += 1
            months: int | None = None
            if (
                outcome is DefendantOutcome.CONVICTED
                and sentenced_on is not None
                and sentenced_on <= today
            ):
                months = 18 + int(rng.random() ** 1.5 * 160)
            rows.tables["court_defendant"].append(
                (
                    self.defendant_id, court_case_id, f"D{index + 1}", outcome, months, 1,
                    f"{iso[charged]} {time}", f"{iso[min(self.last, today)]} {time}",
                )
            )  # fmt: skip
            for text in sample(rng, CHARGES, 1 + int(rng.random() * 2)):
                rows.tables["court_charge"].append((self.defendant_id, text))

        # The survivor's part: a witness, with special measures asked for before the trial.
        self.link_id += 1
        witness = rng.random() < WITNESS_SHARE
        vps_on: int | None = None
        if sentenced_on is not None and rng.random() < 0.7:
            vps_on = sentenced_on - 7 - int(rng.random() * 14)
            if vps_on > today:
                vps_on = None
        rows.tables["court_case_link"].append(
            (
                self.link_id, court_case_id, case_id, int(witness), int(vps_on is not None),
                None if vps_on is None else iso[vps_on], 1, f"{iso[charged]} {time}",
                f"{iso[min(self.last, today)]} {time}",
            )
        )  # fmt: skip
        if witness and ptph_on is not None and ptph_on <= today and rng.random() < MEASURES_SHARE:
            for measure in sample(rng, MEASURES, 1 + int(rng.random() * 2)):
                requested = ptph_on - int(rng.random() * 14)
                decided: int | None = requested + 14 + int(rng.random() * 28)
                granted: int | None = 1 if rng.random() < 0.9 else 0
                if decided is not None and decided > today:
                    decided, granted = None, None
                rows.tables["court_special_measure"].append(
                    (
                        self.link_id, measure, iso[requested], granted,
                        None if decided is None else iso[decided],
                    )
                )  # fmt: skip
        rows.tables["court_case"].append(
            (
                court_case_id, COURTS[int(rng.random() * len(COURTS))], force, operation,
                f"CPS-{int(rng.random() * 10_000):04d}", self.user, 1, f"{iso[charged]} {time}",
                f"{iso[min(self.last, today)]} {time}",
            )
        )  # fmt: skip

    def _event(self, kind: CourtEventKind, listed: int, day: int, moves: float) -> int:
        """Add an event listed on ``listed`` for ``day``, moved now and then (each move recorded
        before the date it moved away from, and by today); returns the date it is at now. It
        happened if that date has passed."""
        rng = self.rng
        iso, time, today = self.iso, self.time, self.today
        self.event_id += 1
        schedules = self.rows.tables["court_event_schedule"]
        schedules.append(
            (self.event_id, iso[day], "", f"{iso[min(listed, today)]} {time}", self.user)
        )
        if rng.random() < moves:
            for _ in range(1 + int(rng.random() * 3)):
                recorded = day - 1 - int(rng.random() * 21)
                if recorded > today:
                    break
                reason = REASONS[int(rng.random() * len(REASONS))]
                day += 30 + int(rng.random() * 90)
                schedules.append(
                    (
                        self.event_id,
                        iso[day],
                        reason,
                        f"{iso[max(recorded, listed)]} {time}",
                        self.user,
                    )
                )
        happened = day <= today
        self.last = max(self.last, day if happened else listed)
        self.rows.tables["court_event"].append(
            (
                self.event_id, self.court_case_id, kind, iso[day] if happened else None, 1,
                f"{iso[min(listed, today)]} {time}", f"{iso[min(day, today)]} {time}",
            )
        )  # fmt: skip
        return day
