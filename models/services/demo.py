"""Synthetic demo data: a caseload that looks like a Victim Navigator's, describing nobody.

Everything is drawn from one ``random.Random(seed)`` and dated relative to ``ctx.today()``, so
the same seed and count always give the same references, names, dates and notes. Names are
common given and family names from ``resources/demo/names.json`` combined at random; phone
numbers are in Ofcom's drama range (07700 900xxx), email domains are reserved example domains,
and addresses are in towns that do not exist with ZZ postcodes.

Rows are written in batches with the driver's executemany, inside one transaction, so that
100,000 cases take seconds rather than minutes. The audit log gets a single entry for the whole
fill (it never holds personal data, synthetic or not).

Most survivors' cases get a support plan (``models.demo.plans``), drawn from a second random
stream seeded from the same seed: the plans are as repeatable as the cases, and adding them left
the cases a seed gives unchanged.

The generator lives in ``models.demo``; this module is the service that runs it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.demo.activity import add_activity
from models.demo.assessments import Assessments
from models.demo.budget import Budget, allocation_amount
from models.demo.bulk_writer import bulk_mode, check_storage, collector_paused, insert_sql
from models.demo.bulk_writer import write_batch as _write  # a module global, so tests can fail it
from models.demo.cases import add_case, opening_plan
from models.demo.court import Courts
from models.demo.fill import Fill
from models.demo.names import load_names
from models.demo.nrm import Nrm
from models.demo.plans import Plans
from models.demo.rows import COLUMNS, Rows
from models.demo.vocabulary import LANGUAGE_NAMES
from models.entities import (
    Assessment,
    BudgetAllocation,
    Case,
    CourtCase,
    CourtCaseLink,
    CourtDefendant,
    CourtEvent,
    NrmReferral,
    Person,
    PlanGoal,
    PlanVersion,
    ReferenceCounter,
)
from models.enums import AuditAction
from models.rules.budget_balance import financial_year
from models.rules.case_reference import format_reference
from models.services import audit
from models.services.context import ServiceContext

__all__ = ["LANGUAGE_NAMES", "DemoSummary", "load_names", "populate_demo"]

BATCH_CASES = 2000


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    people: int
    contacts: int
    consents: int
    plans: int = 0  # cases given a support plan (one or two versions each)
    assessments: int = 0  # recovery assessments
    purchases: int = 0
    nrm_records: int = 0  # NRM referrals
    court_cases: int = 0  # court cases, each linked to one demo case
    operations: int = 0  # operations and days of action attended
    training_sessions: int = 0


def populate_demo(ctx: ServiceContext, cases: int, seed: int = 1) -> DemoSummary:
    """Add ``cases`` synthetic cases to the vault, in one transaction.

    The same seed, count and ``ctx.today()`` give the same data. References continue from the
    vault's counters, numbered in opening-date order. A vault that already has cases keeps
    them; the demo cases are added alongside.
    """
    if cases < 0:
        raise ValueError("the number of demo cases cannot be negative")
    if cases == 0:
        return DemoSummary(cases=0, people=0, contacts=0, consents=0)
    rng = random.Random(seed)
    today = ctx.today()
    fill = Fill(rng, today, ctx.user)
    # Opening dates first, so that references can be numbered in date order.
    plan = opening_plan(rng, today, cases)
    totals = dict.fromkeys(COLUMNS, 0)
    with ctx.store.session() as session:
        check_storage(session)
        connection = session.connection()
        case_id = session.scalar(select(func.max(Case.id))) or 0
        first_case_id = case_id
        person_id = session.scalar(select(func.max(Person.id))) or 0
        plans = Plans(
            seed,
            today,
            ctx.user,
            session.scalar(select(func.max(PlanVersion.id))) or 0,
            session.scalar(select(func.max(PlanGoal.id))) or 0,
        )
        assessments = Assessments(
            seed, today, ctx.user, session.scalar(select(func.max(Assessment.id))) or 0
        )
        budget = Budget(seed, today, ctx.user, _demo_allocations(session, plan, today))
        nrm = Nrm(seed, today, ctx.user, session.scalar(select(func.max(NrmReferral.id))) or 0)
        courts = Courts(
            seed,
            today,
            ctx.user,
            (
                session.scalar(select(func.max(CourtCase.id))) or 0,
                session.scalar(select(func.max(CourtCaseLink.id))) or 0,
                session.scalar(select(func.max(CourtDefendant.id))) or 0,
                session.scalar(select(func.max(CourtEvent.id))) or 0,
            ),
        )
        counters = {c.year: c for c in session.scalars(select(ReferenceCounter))}
        numbers = {year: c.last_number for year, c in counters.items()}
        plan_end = case_id + cases
        statements = {table: insert_sql(connection.dialect, table) for table in COLUMNS}
        with bulk_mode(connection), collector_paused():
            rows = Rows()
            for opened, _, strategic in plan:
                numbers[opened.year] = numbers.get(opened.year, 0) + 1
                reference = format_reference(opened.year, numbers[opened.year])
                case_id += 1
                survivor: int | None = None
                if not strategic:
                    person_id += 1
                    survivor = person_id
                add_case(
                    fill,
                    case_id,
                    survivor,
                    reference,
                    opened,
                    rows,
                    plans,
                    assessments,
                    budget,
                    nrm,
                    courts,
                )
                if rows.count("case") >= BATCH_CASES or case_id == plan_end:
                    _write(connection, statements, rows)
                    for table in COLUMNS:
                        totals[table] += rows.count(table)
                    rows = Rows()
        for year, number in numbers.items():
            counter = counters.get(year)
            if counter is None:
                session.add(ReferenceCounter(year=year, last_number=number))
            else:
                counter.last_number = number
        for year_start, allocation_id in budget.allocations.items():
            allocation = session.get(BudgetAllocation, allocation_id)
            assert allocation is not None
            allocation.amount_pence = allocation_amount(
                budget.year_totals[year_start], year_start, today
            )
        session.flush()
        activity = add_activity(session, seed, today, ctx.user, first_case_id)
        audit.append(session, AuditAction.CREATE, ctx.user, "demo_data", None)
    return DemoSummary(
        cases=totals["case"],
        people=totals["person"],
        contacts=totals["contact_log_entry"],
        consents=totals["consent"],
        plans=plans.count,
        assessments=assessments.count,
        purchases=budget.count,
        nrm_records=nrm.count,
        court_cases=courts.count,
        operations=activity.operations,
        training_sessions=activity.training_sessions,
    )


def _demo_allocations(
    session: Session, plan: list[tuple[date, int, bool]], today: date
) -> dict[date, int]:
    """A programme allocation for each financial year the demo cases span (amounts are set
    once the purchases are drawn); returns year start -> allocation ID."""
    first = min((opened for opened, _, _ in plan), default=today)
    start, _ = financial_year(first)
    allocations: dict[date, int] = {}
    while start <= today:
        _, end = financial_year(start)
        row = BudgetAllocation(
            name=f"Programme {start.year}/{(start.year + 1) % 100:02d} (demo)",
            period_start=start,
            period_end=end,
            amount_pence=0,
            notes="Synthetic demo allocation.",
        )
        session.add(row)
        session.flush()
        allocations[start] = row.id
        start = date(start.year + 1, 4, 1)
    return allocations
