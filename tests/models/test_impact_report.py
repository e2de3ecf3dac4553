"""The impact report over a real vault: the evaluation's table reproduced from records."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from models.dto import (
    AssessmentDraft,
    CaseFields,
    DomainScoreDTO,
    FamilySupportDraft,
    NewCase,
    OperationDraft,
    PersonFields,
    RepatriationDraft,
    StrategicAdviceDraft,
    TrainingDraft,
)
from models.entities import AuditEntry
from models.enums import (
    AssessmentKind,
    CaseKind,
    CaseStatus,
    OperationLocation,
    PoliceEngagement,
    RecoveryDomain,
    ReferralSource,
    TrainingAudience,
)
from models.errors import NotFoundError, ValidationError
from models.services import audit
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import Store, open_store
from tests.models.conftest import TODAY

START, END = date(2026, 1, 1), TODAY
OPENED = date(2026, 2, 2)
FORCE = "Essex Police"


def _case(
    services: Services,
    kind: CaseKind,
    engagement: PoliceEngagement = PoliceEngagement.NOT_YET_ASKED,
    opened: date = OPENED,
    closed: date | None = None,
    family: str = "Tran",
) -> int:
    fields = CaseFields(
        kind=kind,
        opened_on=opened,
        referral_source=ReferralSource.POLICE_FORCE,
        police_force=FORCE,
        police_engagement=engagement,
        status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
        closed_on=closed,
        title="Op Harbour" if kind is CaseKind.STRATEGIC_ADVICE else "",
    )
    person = (
        PersonFields(given_names="Minh", family_name=family)
        if kind is CaseKind.SUPPORT_PLAN
        else None
    )
    return services.create_case(NewCase(fields=fields, person=person)).id


def _assessment(kind: AssessmentKind, on: date, score: int) -> AssessmentDraft:
    return AssessmentDraft(
        kind=kind,
        assessed_on=on,
        scores=tuple(
            DomainScoreDTO(domain=d, survivor_score=score, navigator_score=3)
            for d in RecoveryDomain
        ),
    )


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Store]]:
    """One vault for the module: building the programme's year once keeps the tests quick."""
    folder = tmp_path_factory.mktemp("impact")
    opened = open_store(folder / "waypost.db", os.urandom(32), create=True)
    yield Services(ServiceContext(store=opened, user="navigator.one", today=lambda: TODAY)), opened
    opened.close()


@pytest.fixture(scope="module")
def programme(shared: tuple[Services, Store]) -> dict[str, list[int]]:
    """The evaluation's year: 62 support plan cases, 40 strategic advice cases, 648 police and
    138 others trained, 5 repatriations, 79 operations, plus records outside the period."""
    services = shared[0]
    support: list[int] = []
    for i in range(62):
        # 50 engaged, 8 declined (58 asked), 4 not yet asked.
        engagement = (
            PoliceEngagement.ENGAGED
            if i < 50
            else PoliceEngagement.DECLINED
            if i < 58
            else PoliceEngagement.NOT_YET_ASKED
        )
        # One closed on the period's first day (still counts).
        closed = START if i == 61 else None
        opened = date(2025, 6, 1) if i == 61 else OPENED
        support.append(_case(services, CaseKind.SUPPORT_PLAN, engagement, opened, closed))
    advice = [_case(services, CaseKind.STRATEGIC_ADVICE) for _ in range(40)]
    # Outside the period: closed the day before it starts; engaged, so a wrong rule shows.
    gone = _case(
        services,
        CaseKind.SUPPORT_PLAN,
        PoliceEngagement.ENGAGED,
        date(2025, 3, 1),
        date(2025, 12, 31),
    )
    gone_advice = _case(
        services, CaseKind.STRATEGIC_ADVICE, opened=date(2025, 3, 1), closed=date(2025, 12, 31)
    )

    # Recovery: 9 cases with an intake and a later review; 8 improved (89%).
    for n, case_id in enumerate(support[:9]):
        services.record_assessment(case_id, _assessment(AssessmentKind.INTAKE, OPENED, 2))
        later = 3 if n < 8 else 2
        services.record_assessment(
            case_id, _assessment(AssessmentKind.REVIEW, date(2026, 6, 2), later)
        )

    # Training: 12 x 54 = 648 police; 6 x 23 = 138 others; 700 of 786 improved (89%).
    for n in range(12):
        services.record_training(
            TrainingDraft(
                held_on=date(2026, 1 + n % 10, 10),
                audience=TrainingAudience.POLICE_LAW_ENFORCEMENT,
                number_trained=54,
                number_reporting_improved_knowledge=50 if n < 8 else 48,
                organisation="Essex Police OIC team",
                police_force=FORCE,
            )
        )
    for n in range(6):
        services.record_training(
            TrainingDraft(
                held_on=date(2026, 3 + n, 15),
                audience=TrainingAudience.OTHER_STAKEHOLDERS,
                number_trained=23,
                number_reporting_improved_knowledge=[20, 20, 20, 20, 20, 16][n],
                organisation="Border Force",
            )
        )
    services.record_training(  # the day before the period
        TrainingDraft(
            held_on=date(2025, 12, 31),
            audience=TrainingAudience.POLICE_LAW_ENFORCEMENT,
            number_trained=100,
        )
    )

    # 79 operations across the locations, 2 arrests at each of the first 10.
    locations = list(OperationLocation)
    for n in range(79):
        services.record_operation(
            OperationDraft(
                held_on=date(2026, 1 + n % 10, 1 + n % 28),
                location_kind=locations[n % len(locations)],
                lead_agency="Border Force",
                potential_victims_identified=1,
                arrests=2 if n < 10 else 0,
                police_force=FORCE,
                notes="Lorry checks",
            )
        )
    services.record_operation(
        OperationDraft(held_on=date(2025, 12, 31), location_kind=OperationLocation.PORT, arrests=50)
    )

    # Strategic advice: 3 records in the period (5 arrests), one before.
    for n in range(3):
        services.record_strategic_advice(
            advice[n],
            StrategicAdviceDraft(
                given_on=date(2026, 5, 5),
                summary="Trauma-informed ABE",
                arrests=n + 1 if n < 2 else 2,
            ),
        )
    services.record_strategic_advice(
        gone_advice, StrategicAdviceDraft(given_on=date(2025, 6, 1), arrests=9)
    )

    # 5 repatriations in the period, one before it.
    for n, country in enumerate(["VN", "AL", "RO", "NG", "ER"]):
        services.record_repatriation(
            support[n],
            RepatriationDraft(
                repatriated_on=date(2026, 7, 1 + n),
                country=country,
                partner_organisation="Pacific Links Foundation",
            ),
        )
    services.record_repatriation(
        gone, RepatriationDraft(repatriated_on=date(2025, 6, 1), country="VN")
    )

    services.record_family_support(
        support[0], FamilySupportDraft(supported_from=OPENED, count=2, relationship="children")
    )
    services.record_family_support(
        gone, FamilySupportDraft(supported_from=date(2025, 4, 1), count=7)
    )
    return {"support": support, "advice": advice, "gone": [gone, gone_advice]}


def test_the_evaluations_table_is_reproduced(
    shared: tuple[Services, Store], programme: dict[str, list[int]]
) -> None:
    services = shared[0]
    report = services.impact_report(START, END)
    values = {f.key: f.value for f in report.figures}
    assert values["support_plan_cases"] == 62
    assert values["strategic_advice_cases"] == 40
    assert values["trained_police"] == 648
    assert values["trained_other"] == 138
    assert values["training_sessions"] == 18
    assert values["repatriations"] == 5
    assert values["operations"] == 79
    assert values["potential_victims_identified"] == 79
    assert values["strategic_advice_given"] == 3
    assert values["suspects_arrested"] == 20 + 5
    assert values["family_members_supported"] == 2

    engagement = report.figure("police_engagement_share")
    assert (engagement.value, engagement.numerator, engagement.denominator) == (86, 50, 58)
    recovery = report.figure("recovery_improved_survivor_share")
    assert (recovery.value, recovery.numerator, recovery.denominator) == (89, 8, 9)
    # The navigator scored 3 each time: no change, so not improved.
    navigator = report.figure("recovery_improved_navigator_share")
    assert (navigator.value, navigator.numerator, navigator.denominator) == (0, 0, 9)
    knowledge = report.figure("improved_knowledge_share")
    assert (knowledge.numerator, knowledge.denominator, knowledge.value) == (
        8 * 50 + 4 * 48 + 116,
        786,
        90,
    )

    parts = {b.key: dict(b.parts) for b in report.breakdowns}
    assert sum(parts["operations_by_location"].values()) == 79
    assert parts["operations_by_location"]["Airport"] == 10
    assert parts["training_by_audience"] == {
        "Police and law enforcement": 648,
        "Other stakeholders": 138,
    }
    assert parts["cases_by_kind"] == {"Support plan cases": 62, "Strategic advice cases": 40}
    assert (report.period_start, report.period_end, report.generated_on) == (START, END, TODAY)

    # The JSON output gives exactly the evaluation's figures, with the denominators.
    import json

    from models.reports.impact_json import impact_json

    figures = json.loads(impact_json(report))["figures"]
    assert {
        key: figures[key]["value"]
        for key in (
            "support_plan_cases",
            "strategic_advice_cases",
            "trained_police",
            "trained_other",
            "repatriations",
            "operations",
        )
    } == {
        "support_plan_cases": 62,
        "strategic_advice_cases": 40,
        "trained_police": 648,
        "trained_other": 138,
        "repatriations": 5,
        "operations": 79,
    }
    share = figures["police_engagement_share"]
    assert (share["value"], share["numerator"], share["denominator"]) == (86, 50, 58)


def test_narrowing_by_force_and_navigator(
    shared: tuple[Services, Store], programme: dict[str, list[int]]
) -> None:
    services = shared[0]
    kent = services.impact_report(START, END, police_force="Kent Police")
    assert kent.figure("support_plan_cases").value == 0
    assert kent.figure("operations").value == 0
    essex = services.impact_report(START, END, police_force=FORCE)
    assert essex.figure("trained_police").value == 648
    assert essex.figure("trained_other").value == 0  # Border Force sessions name no force
    assert essex.figure("repatriations").value == 5  # by the case's force
    other = services.impact_report(START, END, navigator="navigator.two")
    assert other.figure("support_plan_cases").value == 0
    assert other.figure("training_sessions").value == 0
    mine = services.impact_report(START, END, navigator="navigator.one")
    assert mine.figure("support_plan_cases").value == 62


def test_records_behind_repatriations_are_case_references(
    shared: tuple[Services, Store], programme: dict[str, list[int]]
) -> None:
    services = shared[0]
    found = services.impact_records("repatriations", START, END)
    assert [r.case_id for r in found] == programme["support"][:5]
    details = services.open_case(programme["support"][0])
    assert found[0].reference == details.reference
    assert found[0].detail == "to Vietnam with Pacific Links Foundation"
    assert all("Minh" not in f"{r.reference} {r.detail}" for r in found)
    engaged = services.impact_records("police_engagement_share", START, END)
    assert len(engaged) == 58
    assert sum(r.detail == "engaged" for r in engaged) == 50
    assert len(services.impact_records("operations", START, END)) == 79
    with pytest.raises(NotFoundError):
        services.impact_records("nonsense", START, END)


def test_audit_rows_name_only_the_records(
    shared: tuple[Services, Store], programme: dict[str, list[int]]
) -> None:
    services, store = shared
    kinds = {
        "operation": 80,
        "training_session": 19,
        "strategic_advice": 4,
        "repatriation": 6,
        "family_member_support": 2,
    }
    with store.read_session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.entity_type.in_(kinds))).all()
        seen = {kind: sum(r.entity_type == kind for r in rows) for kind in kinds}
        texts = [f"{r.entity_type} {r.entity_id} {r.user} {r.action}" for r in rows]
    assert seen == kinds
    for text in texts:
        for secret in ("Pacific", "Trauma", "Lorry", "children", "Border", "VN", "Tran"):
            assert secret not in text
    assert audit.verify(services.ctx).ok


def test_the_report_is_fast_and_lists_read_back(
    shared: tuple[Services, Store], programme: dict[str, list[int]]
) -> None:
    services = shared[0]
    began = time.perf_counter()
    services.impact_report(START, END)
    assert time.perf_counter() - began < 1.0
    assert len(services.operations(START, END)) == 79
    assert len(services.training_sessions(START, END)) == 18
    assert [r.country for r in services.repatriations(START, END)] == ["VN", "AL", "RO", "NG", "ER"]
    assert len(services.strategic_advice(programme["advice"][0])) == 1
    assert services.family_support(programme["support"][0])[0].count == 2


def test_activity_records_are_validated(services: Services) -> None:
    support = _case(services, CaseKind.SUPPORT_PLAN)
    advice = _case(services, CaseKind.STRATEGIC_ADVICE)
    tomorrow = date(2026, 11, 26)
    session = TrainingDraft(
        held_on=TODAY, audience=TrainingAudience.OTHER_STAKEHOLDERS, number_trained=10
    )
    services.record_training(replace(session, number_reporting_improved_knowledge=10))
    for bad in (
        replace(session, number_reporting_improved_knowledge=11),
        replace(session, number_trained=0),
        replace(session, held_on=tomorrow),
        replace(session, number_reporting_improved_knowledge=-1),
    ):
        with pytest.raises(ValidationError):
            services.record_training(bad)
    operation = OperationDraft(held_on=TODAY, location_kind=OperationLocation.CAR_WASH)
    services.record_operation(operation)
    for bad_op in (replace(operation, arrests=-1), replace(operation, held_on=tomorrow)):
        with pytest.raises(ValidationError):
            services.record_operation(bad_op)
    with pytest.raises(ValidationError) as problem:
        services.record_strategic_advice(support, StrategicAdviceDraft(given_on=TODAY))
    assert problem.value.problems[0].field == "case_id"
    services.record_strategic_advice(advice, StrategicAdviceDraft(given_on=TODAY))
    with pytest.raises(ValidationError):
        services.record_repatriation(advice, RepatriationDraft(repatriated_on=TODAY, country="VN"))
    with pytest.raises(ValidationError):
        services.record_repatriation(
            support, RepatriationDraft(repatriated_on=TODAY, country="Atlantis")
        )
    saved = services.record_repatriation(
        support, RepatriationDraft(repatriated_on=TODAY, country="Vietnamese")
    )
    assert saved.country == "VN"
    with pytest.raises(ValidationError):
        services.record_family_support(support, FamilySupportDraft(supported_from=TODAY, count=0))
    with pytest.raises(ValidationError):
        services.impact_report(END, START)
