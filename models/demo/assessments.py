"""Demo recovery assessments and referrals, from their own random stream.

Like the plans, they are drawn from a stream seeded from the fill's seed, so adding them left
the cases a seed gives unchanged. Each support case that became active gets an intake soon
after it opened, a review roughly every four months (a few late, some not done yet, so the
Agenda has something to show), and a closing assessment for most closed cases. Scores start
low and mostly rise, as the programme's evaluation found (most survivors' overall scores
improved); the survivor and the navigator disagree by a point in about one domain in five.
"""

from __future__ import annotations

import random
from datetime import date

from models.demo.people import PersonFacts
from models.demo.rows import TIMES, OrdinalDates, Rows
from models.enums import AssessmentKind, CaseStatus, ContactKind, RecoveryDomain
from models.rules.assessment_schedule import next_review_on

DOMAINS = tuple(RecoveryDomain)
# How far up (or down) a domain moves between two assessments, by weight.
STEPS = ((-1, 0.15), (0, 0.5), (1, 0.3), (2, 0.05))
DISAGREE_SHARE = 0.2
NOTE_SHARE = 0.3
OVERDUE_SHARE = 0.12  # open cases whose latest review has not been done yet
CLOSING_SHARE = 0.8

NOTES: dict[RecoveryDomain, tuple[str, ...]] = {
    RecoveryDomain.MENTAL_HEALTH: (
        "Sleeping better since therapy started.",
        "Still has nightmares most weeks.",
        "Says the group sessions help.",
        "Low mood around the court dates.",
    ),
    RecoveryDomain.PHYSICAL_HEALTH: (
        "Registered with a GP.",
        "Dental treatment booked.",
        "Back pain from the work is easing.",
        "Missed two appointments; reminder texts set up.",
    ),
    RecoveryDomain.FINANCIAL_STABILITY: (
        "Support payments arriving on time.",
        "Opened a bank account.",
        "Looking for work; CV done.",
        "Worried about a debt the exploiters claim.",
    ),
    RecoveryDomain.SOCIAL_CONNECTION: (
        "Goes to a weekly community group.",
        "Back in touch with family abroad.",
        "Has made a friend at college.",
        "Rarely leaves the house.",
    ),
    RecoveryDomain.SAFETY: (
        "Safe house placement is working.",
        "No contact from the exploiters since the move.",
        "Knows whom to call if worried.",
        "Saw someone connected to the exploiters in town.",
    ),
    RecoveryDomain.LEGAL_STATUS: (
        "Solicitor appointed.",
        "Waiting for the Home Office decision.",
        "Leave to remain granted.",
        "Understands the next steps now.",
    ),
}
GOALS: dict[RecoveryDomain, str] = {
    RecoveryDomain.MENTAL_HEALTH: "Start therapy in their own language.",
    RecoveryDomain.PHYSICAL_HEALTH: "Register with a GP and a dentist.",
    RecoveryDomain.FINANCIAL_STABILITY: "Open a bank account and budget weekly.",
    RecoveryDomain.SOCIAL_CONNECTION: "Join a community group.",
    RecoveryDomain.SAFETY: "Feel safe where they live.",
    RecoveryDomain.LEGAL_STATUS: "Get legal advice on their status.",
}
REFERRALS = (
    "Referred to a therapist who speaks {language}.",
    "Referred to an immigration solicitor.",
    "Referred to the local GP practice for registration.",
    "Referred to a community English class.",
    "Referred to a women's support group.",
    "Referred to the council's housing team.",
    "Referred to an employment support programme.",
)


class Assessments:
    """Recovery assessments and referral contacts of one fill: ``add`` once per support case,
    in case order."""

    def __init__(self, seed: int, today: date, user: str, last_assessment_id: int) -> None:
        self.rng = random.Random(f"waypost demo assessments {seed}")
        self.today = today
        self.user = user
        self.iso = OrdinalDates()
        self.assessment_id = last_assessment_id
        self.count = 0  # assessments added

    def add(
        self,
        case_id: int,
        status: CaseStatus,
        opened: date,
        end: date,
        person: PersonFacts,
        rows: Rows,
    ) -> list[tuple[date, str]]:
        """Add one support case's assessments and referrals; returns the referrals' dates and
        notes (for the search index). ``end`` is today, or the day the case closed or went on
        hold."""
        rng = self.rng
        if status is CaseStatus.REFERRED or (end - opened).days < 3:
            return []
        day = opened.toordinal() + int(rng.random() * min(14, (end - opened).days))
        scores = {d: (1 + int(rng.random() * 3)) for d in DOMAINS}
        kind = AssessmentKind.INTAKE
        last = end.toordinal()
        while day <= last:
            self._assessment(case_id, kind, day, scores, rows)
            due = next_review_on(date.fromordinal(day)).toordinal()
            day = due + int(rng.random() ** 2 * 25)
            if status is not CaseStatus.CLOSED and day > last - 30 and rng.random() < OVERDUE_SHARE:
                break  # this review has not been done yet
            kind = AssessmentKind.REVIEW
            scores = {d: min(5, max(1, s + _step(rng))) for d, s in scores.items()}
        if status is CaseStatus.CLOSED and rng.random() < CLOSING_SHARE:
            scores = {d: min(5, max(1, s + _step(rng))) for d, s in scores.items()}
            self._assessment(case_id, AssessmentKind.CLOSING, last, scores, rows)
        return self._referrals(case_id, opened, end, person, rows)

    def _assessment(
        self,
        case_id: int,
        kind: AssessmentKind,
        day: int,
        scores: dict[RecoveryDomain, int],
        rows: Rows,
    ) -> None:
        rng = self.rng
        self.assessment_id += 1
        self.count += 1
        stored = self.iso[day]
        at = f"{stored} {TIMES[int(rng.random() * len(TIMES))]}"
        # The overall scores are filled in by the database's triggers as the scores go in.
        rows.tables["assessment"].append(
            (self.assessment_id, case_id, kind, stored, self.user, 1, at, at, None, None)
        )
        # The intake sets goals on its two lowest-scored domains.
        goals: set[RecoveryDomain] = set()
        if kind is AssessmentKind.INTAKE:
            goals = set(sorted(DOMAINS, key=lambda d: (scores[d], rng.random()))[:2])
        for domain, navigator in scores.items():
            survivor = navigator
            if rng.random() < DISAGREE_SHARE:
                survivor = min(5, max(1, navigator + (1 if rng.random() < 0.5 else -1)))
            note = ""
            if rng.random() < NOTE_SHARE:
                note = NOTES[domain][int(rng.random() * len(NOTES[domain]))]
            goal = GOALS[domain] if domain in goals else ""
            rows.tables["assessment_score"].append(
                (self.assessment_id, domain, survivor, navigator, "", note, goal)
            )

    def _referrals(
        self, case_id: int, opened: date, end: date, person: PersonFacts, rows: Rows
    ) -> list[tuple[date, str]]:
        rng = self.rng
        count = int(rng.random() * 4)
        language = person.interpreter or "their language"
        notes = []
        span = max(1, (end - opened).days)
        for _ in range(count):
            note = REFERRALS[int(rng.random() * len(REFERRALS))].format(language=language)
            day = opened.toordinal() + int(rng.random() * span)
            stored = self.iso[day]
            at = f"{stored} {TIMES[int(rng.random() * len(TIMES))]}"
            rows.tables["contact_log_entry"].append(
                (case_id, stored, ContactKind.REFERRAL, note, self.user, 1, at, at)
            )
            notes.append((date.fromordinal(day), note))
        return notes


def _step(rng: random.Random) -> int:
    r = rng.random()
    for step, weight in STEPS:
        if r < weight:
            return step
        r -= weight
    return 0
