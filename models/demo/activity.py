"""Demo programme activity: operations, training, strategic advice, repatriations and family
members supported, so a demo vault's Impact page has figures behind it.

Drawn from its own random stream after the cases are written (it reads their IDs, kinds and
dates back), so the cases a seed gives are unchanged. Operations and training are programme
activity: a few a month across the span of the demo's cases, whatever their number.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session

from models.entities import (
    Case,
    FamilyMemberSupport,
    Operation,
    Person,
    Repatriation,
    StrategicAdvice,
    TrainingSession,
)
from models.enums import CaseKind, CaseStatus, OperationLocation, TrainingAudience

AGENCIES = ("Border Force", "Immigration Enforcement", "Local police", "National Crime Agency",
            "Gangmasters and Labour Abuse Authority", "Local authority")  # fmt: skip
LOCATIONS = (
    (OperationLocation.AIRPORT, 20), (OperationLocation.PORT, 10), (OperationLocation.BROTHEL, 12),
    (OperationLocation.NAIL_BAR, 14), (OperationLocation.CAR_WASH, 14),
    (OperationLocation.CARE_HOME, 6), (OperationLocation.ASYLUM_WELFARE_CHECK, 14),
    (OperationLocation.OTHER, 10),
)  # fmt: skip
POLICE_AUDIENCES = (
    "Response officers", "Neighbourhood policing team", "Custody staff", "Detectives' course",
    "Border Force officers", "Control room staff",
)  # fmt: skip
OTHER_AUDIENCES = ("Council housing officers", "Safeguarding leads", "NHS staff",
                   "Asylum accommodation staff", "Job centre staff")  # fmt: skip
ADVICE = ("Victim identification and NRM referral route", "Safeguarding plan for a search",
          "Interview approach for traumatised witnesses", "Age assessment challenge",
          "Support offer for people found at an address")  # fmt: skip
PARTNERS = ("IOM", "Partner NGO in country", "Salvation Army")
RELATIONSHIPS = ("child", "two children", "partner", "sibling", "parent")


@dataclass(frozen=True)
class ActivityCounts:
    operations: int = 0
    training_sessions: int = 0
    strategic_advice: int = 0
    repatriations: int = 0
    family_support: int = 0


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def add_activity(
    session: Session, seed: int, today: date, user: str, first_case_id: int
) -> ActivityCounts:
    """Add the activity for the cases with IDs above ``first_case_id`` (this fill's)."""
    rng = random.Random(f"waypost demo activity {seed}")
    cases = session.execute(
        select(Case.id, Case.kind, Case.status, Case.opened_on, Case.closed_on,
               Case.police_force, Person.nationalities)
        .outerjoin(Person, Person.id == Case.person_id)
        .where(Case.id > first_case_id)
        .order_by(Case.id)
    ).all()  # fmt: skip
    if not cases:
        return ActivityCounts()
    forces = sorted({row.police_force for row in cases if row.police_force}) or [""]
    start = min(row.opened_on for row in cases)
    operations, training = _programme(rng, start, today, user, forces)
    advice, repatriations, families = _per_case(rng, cases, today, user)
    for entity, rows in (
        (Operation, operations),
        (TrainingSession, training),
        (StrategicAdvice, advice),
        (Repatriation, repatriations),
        (FamilyMemberSupport, families),
    ):
        if rows:
            session.execute(insert(entity), rows)
    return ActivityCounts(
        len(operations), len(training), len(advice), len(repatriations), len(families)
    )


def _stamp(day: date) -> dict[str, object]:
    return {"version": 1, "created_at": _at(day), "updated_at": _at(day)}


def _programme(
    rng: random.Random, start: date, today: date, user: str, forces: Sequence[str]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    operations: list[dict[str, object]] = []
    training: list[dict[str, object]] = []
    kinds = [kind for kind, _ in LOCATIONS]
    weights = [weight for _, weight in LOCATIONS]
    month = date(start.year, start.month, 1)
    while month <= today:
        days = (min(today, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
                - month).days + 1  # fmt: skip
        for _ in range(1 + int(rng.random() * 3)):
            held = max(start, month + timedelta(days=int(rng.random() * days)))
            found = int(rng.random() ** 2 * 6)
            operations.append({
                "held_on": held, "lead_agency": rng.choice(AGENCIES),
                "location_kind": rng.choices(kinds, weights)[0],
                "potential_victims_identified": found,
                "arrests": int(rng.random() * (found + 2)),
                "police_force": rng.choice(forces), "navigator": user, "notes": "",
                **_stamp(held),
            })  # fmt: skip
        for _ in range(int(rng.random() * 2.5)):
            held = max(start, month + timedelta(days=int(rng.random() * days)))
            police = rng.random() < 0.8
            trained = 8 + int(rng.random() * 45)
            training.append({
                "held_on": held,
                "organisation": rng.choice(POLICE_AUDIENCES if police else OTHER_AUDIENCES),
                "audience": TrainingAudience.POLICE_LAW_ENFORCEMENT
                if police else TrainingAudience.OTHER_STAKEHOLDERS,
                "number_trained": trained,
                "number_reporting_improved_knowledge": trained - int(rng.random() * trained // 5),
                "police_force": rng.choice(forces), "navigator": user,
                **_stamp(held),
            })  # fmt: skip
        month = (month + timedelta(days=32)).replace(day=1)
    return operations, training


def _per_case(
    rng: random.Random,
    cases: Sequence[Row[int, CaseKind, CaseStatus, date, date | None, str, list[str]]],
    today: date,
    user: str,
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    advice: list[dict[str, object]] = []
    repatriations: list[dict[str, object]] = []
    families: list[dict[str, object]] = []
    for row in cases:
        case_id, kind, status, opened, closed, _force, nationalities = row
        end = closed or today
        span = max(0, (end - opened).days)
        if kind == CaseKind.STRATEGIC_ADVICE:
            for _ in range(1 + int(rng.random() * 2)):
                given = opened + timedelta(days=int(rng.random() * (span + 1)))
                advice.append({
                    "given_on": given, "case_id": case_id, "summary": rng.choice(ADVICE),
                    "arrests": int(rng.random() ** 2 * 4), "navigator": user, **_stamp(given),
                })  # fmt: skip
            continue
        codes = json.loads(nationalities) if isinstance(nationalities, str) else nationalities
        if status == CaseStatus.CLOSED and closed is not None and codes and rng.random() < 0.06:
            repatriations.append({
                "repatriated_on": closed, "country": str(codes[0])[:3],
                "partner_organisation": rng.choice(PARTNERS), "case_id": case_id,
                "navigator": user, **_stamp(closed),
            })  # fmt: skip
        if rng.random() < 0.08:
            since = opened + timedelta(days=int(rng.random() * min(30, span + 1)))
            families.append({
                "case_id": case_id, "supported_from": since,
                "relationship": rng.choice(RELATIONSHIPS), "count": 1 + int(rng.random() * 2.4),
                **_stamp(since),
            })  # fmt: skip
    return advice, repatriations, families
