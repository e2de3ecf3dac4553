"""What the "refuse and change nothing" properties share: a real SQLCipher vault with one of
everything in it, a fingerprint of the whole database, and the check that a refused call left
that fingerprint as it was. It holds no tests itself.

Each test module opens its own vault once (a module-scoped fixture calling ``open_world``):
every example then costs one service call and two fingerprints, not a new vault.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from models.dto import (
    AllocationDraft,
    AllocationDTO,
    AssessmentDraft,
    AssessmentDTO,
    CaseDetail,
    CaseFields,
    ConsentDTO,
    ContactDraft,
    ContactEntryDTO,
    CourtCaseDraft,
    CourtCaseDTO,
    DefendantDraft,
    DomainScoreDTO,
    FamilySupportDraft,
    FamilySupportDTO,
    NavigatorProfileDTO,
    NewCase,
    NrmDraft,
    NrmDTO,
    OperationDraft,
    OperationDTO,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PlanVersionDTO,
    PurchaseDraft,
    PurchaseDTO,
    ReconsiderationDraft,
    RepatriationDraft,
    RepatriationDTO,
    StrategicAdviceDraft,
    StrategicAdviceDTO,
    TrainingDraft,
    TrainingDTO,
)
from models.enums import (
    AssessmentKind,
    CaseKind,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    CourtEventKind,
    NrmDecision,
    NrmDecisionKind,
    OperationLocation,
    PaymentMethod,
    PurchaseCategory,
    PurchaseStatus,
    RecoveryDomain,
    ReferralSource,
    TrainingAudience,
)
from models.errors import WaypostError
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import Store, open_store
from tests.models.conftest import support_case
from tests.properties.validators_shared import TODAY, assert_plain_refusal

OPENED = date(2026, 3, 2)
PLAN_AGREED_ON = date(2026, 4, 1)


@dataclass(frozen=True)
class World:
    """A vault with one of every record a service can be asked to change."""

    store: Store
    services: Services
    support: CaseDetail  # a support plan case; its survivor shares all with the police, their
    # identity only with the CPS
    advice: CaseDetail  # a strategic advice case (no survivor)
    contact: ContactEntryDTO
    assessment: AssessmentDTO  # the support case's intake
    nrm: NrmDTO  # a negative RG decision, with a reconsideration pending
    plan_agreed: PlanVersionDTO
    plan_draft: PlanVersionDTO  # the next version, copied from the agreed one
    court: CourtCaseDTO  # linked to the support case; one defendant, one hearing ahead
    allocation: AllocationDTO
    purchase: PurchaseDTO
    operation: OperationDTO
    training: TrainingDTO
    advice_given: StrategicAdviceDTO
    repatriation: RepatriationDTO
    family: FamilySupportDTO

    @property
    def person_id(self) -> int:
        assert self.support.person is not None
        return self.support.person.id


def intake(on: date) -> AssessmentDraft:
    return AssessmentDraft(
        AssessmentKind.INTAKE,
        on,
        tuple(DomainScoreDTO(domain, survivor_score=2) for domain in RecoveryDomain),
    )


def _plan_content() -> PlanDraftDTO:
    action = PlanActionDTO(what="Register with a GP", who="Navigator")
    goal = PlanGoalDTO(
        domain=RecoveryDomain.PHYSICAL_HEALTH,
        survivor_words="I want to see a doctor",
        review_date=date(2026, 8, 1),
        actions=(action,),
    )
    return PlanDraftDTO(goals=(goal,))


def _build(store: Store) -> World:
    services = Services(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY))
    support = services.create_case(support_case(opened=OPENED))
    advice = services.create_case(
        NewCase(
            CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=OPENED,
                referral_source=ReferralSource.POLICE_FORCE,
                title="Advice to Kent Police",
            )
        )
    )
    assert support.person is not None
    contact = services.add_contact(
        support.id, ContactDraft(date(2026, 3, 3), ContactKind.VISIT, "First visit")
    )
    services.record_consent(
        support.person.id,
        ConsentDTO(
            ConsentRecipient.POLICE,
            ConsentState.GIVEN,
            given_on=date(2026, 3, 3),
            scope=frozenset(ConsentScope),
        ),
    )
    services.record_consent(
        support.person.id,
        ConsentDTO(
            ConsentRecipient.CPS,
            ConsentState.GIVEN,
            given_on=date(2026, 3, 3),
            scope=frozenset({ConsentScope.IDENTITY}),
        ),
    )
    services.save_navigator_profile(
        NavigatorProfileDTO("Sam Navigator", "Waypost Project", "01632 960000", "sam@example.org")
    )
    assessment = services.record_assessment(support.id, intake(date(2026, 3, 10)))
    nrm = services.save_nrm(
        support.id,
        NrmDraft(
            referred_on=date(2026, 3, 5),
            consent_given=True,
            consent_on=date(2026, 3, 5),
            rg_decided_on=date(2026, 3, 12),
            rg_decision=NrmDecision.NEGATIVE,
        ),
    )
    nrm = services.add_reconsideration(
        nrm.id, ReconsiderationDraft(NrmDecisionKind.REASONABLE_GROUNDS, date(2026, 3, 20))
    )
    first = services.start_plan_draft(support.id)
    first = services.save_plan_draft(first.id, first.version, _plan_content())
    plan_agreed = services.agree_plan(first.id, first.version, PLAN_AGREED_ON, True)
    plan_draft = services.start_plan_draft(support.id)
    court = services.create_court_case(
        CourtCaseDraft(court_name="Maidstone Crown Court"), [support.id]
    )
    services.add_defendant(court.id, DefendantDraft("AB", ("s.2 MSA 2015 arranging travel",)))
    services.add_court_event(court.id, CourtEventKind.PTPH, TODAY + timedelta(days=30))
    allocation = services.save_allocation(
        AllocationDraft("Programme 2026/27", date(2026, 4, 1), date(2027, 3, 31), 5_000_00)
    )
    purchase = services.record_purchase(
        PurchaseDraft(
            date(2026, 11, 1),
            PurchaseCategory.FOOD,
            25_00,
            PaymentMethod.CARD,
            PurchaseStatus.PAID,
            purpose="Weekly food shop",
            case_id=support.id,
            allocation_id=allocation.id,
        )
    )
    return World(
        store=store,
        services=services,
        support=support,
        advice=advice,
        contact=contact,
        assessment=assessment,
        nrm=nrm,
        plan_agreed=plan_agreed,
        plan_draft=plan_draft,
        court=services.court_case(court.id),
        allocation=allocation,
        purchase=purchase,
        operation=services.record_operation(
            OperationDraft(date(2026, 10, 1), OperationLocation.AIRPORT, "Border Force", 2, 1)
        ),
        training=services.record_training(
            TrainingDraft(date(2026, 10, 2), TrainingAudience.POLICE_LAW_ENFORCEMENT, 20, 15)
        ),
        advice_given=services.record_strategic_advice(
            advice.id, StrategicAdviceDraft(date(2026, 10, 3), "Safeguarding advice", 0)
        ),
        repatriation=services.record_repatriation(
            support.id, RepatriationDraft(date(2026, 10, 4), "ER")
        ),
        family=services.record_family_support(
            support.id, FamilySupportDraft(date(2026, 10, 5), 2, "children")
        ),
    )


def open_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """For a module-scoped fixture: ``yield from open_world(tmp_path_factory)``."""
    folder = tmp_path_factory.mktemp("vault")
    store = open_store(folder / "waypost.db", os.urandom(32), create=True)
    try:
        yield _build(store)
    finally:
        store.close()


# -- The fingerprint ------------------------------------------------------------------------------


def fingerprint(store: Store) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash over its rows in rowid order (the schema, the audit
    log and the search index included). Read through the driver's own connection: three times
    faster than through SQLAlchemy, and every example takes two."""
    result: dict[str, tuple[int, str]] = {}
    with store.read_session() as session:
        raw = session.connection().connection.driver_connection
        assert raw is not None
        schema = raw.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
        result["sqlite_master"] = (len(schema), _digest(repr(row) for row in schema))
        for name, sql in raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall():
            quoted = '"' + name.replace('"', '""') + '"'
            without_rowid = "WITHOUT ROWID" in (sql or "").upper()
            order = "" if without_rowid else " ORDER BY rowid"
            rows = [repr(row) for row in raw.execute(f"SELECT * FROM {quoted}{order}")]
            if without_rowid:
                rows.sort()
            result[name] = (len(rows), _digest(rows))
    return result


def _digest(rows: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(row.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def assert_refused(
    store: Store, call: Callable[[], object], error: type[WaypostError]
) -> WaypostError:
    """``call`` raises ``error`` with a clear message, and the database is exactly as before:
    no row added, changed or removed in any table, the audit log included."""
    before = fingerprint(store)
    with pytest.raises(error) as caught:
        call()
    after = fingerprint(store)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert not changed, f"a refused change still wrote to: {', '.join(changed)}"
    assert_plain_refusal(caught.value)
    return caught.value
