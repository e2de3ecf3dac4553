"""NRM records through the services, on a real SQLCipher vault: saving and reading back with the
stage and dates, validation, stale edits, reconsiderations, the audit trail, the Agenda and the
0006 migration."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from models.dto import (
    AgendaItemDTO,
    CaseEdit,
    CaseFields,
    CourtCaseDraft,
    NewCase,
    NrmDraft,
    ReconsiderationDraft,
)
from models.entities import AuditEntry, NrmReconsideration, NrmReferral
from models.enums import (
    AgendaKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    CourtEventKind,
    NrmDecision,
    NrmDecisionKind,
    NrmStage,
    ReconsiderationOutcome,
    ReferralSource,
)
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.migrations import runner
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import open_store
from tests.models.old_schema import add_audit_head, drop_audit_head

from .conftest import TODAY, support_case

SECRET = "Zarathustra Sentinel Trust"
RG = NrmDecisionKind.REASONABLE_GROUNDS
RECOVERY_END_LABEL = (
    "NRM recovery period ends: the Conclusive Grounds decision may be made from this day"
)


def nrm_draft(**changes: Any) -> NrmDraft:
    base = NrmDraft(
        referred_on=date(2026, 9, 1),
        first_responder="Kent Police",
        consent_given=True,
        consent_on=date(2026, 9, 1),
    )
    return dataclasses.replace(base, **changes)


def new_case(services: Services) -> int:
    return services.create_case(support_case()).id


def nrm_agenda(services: Services, day: date | None = None) -> list[AgendaItemDTO]:
    return [i for i in services.agenda_items(day) if i.kind is AgendaKind.NRM_DEADLINE]


def stored(services: Services) -> tuple[int, int]:
    """(NRM records, reconsideration requests) in the vault."""
    with services.ctx.store.read_session() as session:
        return (
            session.scalar(select(func.count()).select_from(NrmReferral)) or 0,
            session.scalar(select(func.count()).select_from(NrmReconsideration)) or 0,
        )


def close_case(services: Services, case_id: int, on: date) -> None:
    detail = services.open_case(case_id)
    assert detail.person is not None
    services.update_case(
        CaseEdit(
            case_id=detail.id,
            case_version=detail.version,
            fields=dataclasses.replace(detail.fields, status=CaseStatus.CLOSED, closed_on=on),
            person_version=detail.person.version,
            person=detail.person.fields,
        )
    )


# --- Saving and reading back ---------------------------------------------------------------------


def test_a_case_has_no_nrm_record_until_one_is_saved(services: Services) -> None:
    case_id = new_case(services)
    assert services.nrm(case_id) is None
    saved = services.save_nrm(case_id, nrm_draft(first_responder="  Kent   Police "))
    read = services.nrm(case_id)
    assert read == saved
    assert (read.case_id, read.version, read.stage, read.recorded_by) == (
        case_id,
        1,
        NrmStage.AWAITING_RG,
        "navigator.one",
    )
    assert read.draft == nrm_draft()  # the First Responder's name is tidied
    assert (read.recovery_period_days, read.recovery_period_end, read.cg_expected_from) == (
        None,
        None,
        None,
    )


def test_a_positive_rg_gives_the_recovery_period_and_when_the_cg_is_expected(
    services: Services,
) -> None:
    case_id = new_case(services)
    saved = services.save_nrm(
        case_id, nrm_draft(rg_decided_on=date(2026, 11, 10), rg_decision=NrmDecision.POSITIVE)
    )
    assert saved.stage is NrmStage.RECOVERY_PERIOD
    assert (saved.recovery_period_days, saved.recovery_period_end, saved.cg_expected_from) == (
        30,
        date(2026, 12, 10),
        date(2026, 12, 10),
    )
    assert [(d.kind.value, d.due_on) for d in saved.deadlines] == [
        ("recovery_period_ends", date(2026, 12, 10))
    ]


def test_an_older_case_keeps_the_45_day_period_of_its_time(services: Services) -> None:
    case_id = new_case(services)
    saved = services.save_nrm(
        case_id,
        NrmDraft(
            referred_on=date(2022, 12, 1),
            consent_given=True,
            consent_on=date(2022, 12, 1),
            rg_decided_on=date(2022, 12, 12),
            rg_decision=NrmDecision.POSITIVE,
            cg_decided_on=date(2023, 1, 26),
            cg_decision=NrmDecision.POSITIVE,
        ),
    )
    assert (saved.recovery_period_days, saved.recovery_period_end) == (45, date(2023, 1, 26))
    assert saved.stage is NrmStage.CG_POSITIVE
    with pytest.raises(ValidationError) as refused:
        services.save_nrm(
            case_id,
            dataclasses.replace(saved.draft, cg_decided_on=date(2023, 1, 25)),
            saved.version,
        )
    assert [p.field for p in refused.value.problems] == ["cg_decided_on"]


def test_a_missing_case_is_said_plainly(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.nrm(9999)
    with pytest.raises(NotFoundError):
        services.save_nrm(9999, nrm_draft())


def test_a_strategic_advice_case_has_no_nrm_record(services: Services) -> None:
    strategic = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                operation_name="Operation Larch",
            )
        )
    ).id
    with pytest.raises(ValidationError):
        services.save_nrm(strategic, nrm_draft())
    assert stored(services) == (0, 0)


def test_an_invalid_record_is_refused_and_nothing_saved(services: Services) -> None:
    case_id = new_case(services)
    with pytest.raises(ValidationError) as refused:
        services.save_nrm(
            case_id, nrm_draft(consent_given=False, consent_on=None, first_responder=SECRET)
        )
    assert [p.field for p in refused.value.problems] == ["consent_given"]
    assert SECRET not in refused.value.user_message
    assert stored(services) == (0, 0)
    # A child's referral needs no consent.
    child = services.save_nrm(
        case_id, nrm_draft(consent_given=False, consent_on=None, is_child_at_referral=True)
    )
    assert child.draft.is_child_at_referral


# --- Stale edits --------------------------------------------------------------------------------


def test_a_stale_edit_is_refused_and_the_record_stays(services: Services) -> None:
    case_id = new_case(services)
    first = services.save_nrm(case_id, nrm_draft())
    mine = services.save_nrm(case_id, nrm_draft(first_responder="Border Force"), first.version)
    assert mine.version == 2
    with pytest.raises(StaleEditError):
        services.save_nrm(case_id, nrm_draft(first_responder="Stale"), first.version)
    after = services.nrm(case_id)
    assert after is not None
    assert (after.draft.first_responder, after.version) == ("Border Force", 2)


def test_a_second_record_for_the_same_case_is_refused(services: Services) -> None:
    case_id = new_case(services)
    services.save_nrm(case_id, nrm_draft())
    with pytest.raises(StaleEditError):
        services.save_nrm(case_id, nrm_draft(first_responder="Another"))
    assert stored(services) == (1, 0)


# --- Reconsiderations ---------------------------------------------------------------------------


def test_an_overturned_negative_rg_starts_the_recovery_period(services: Services) -> None:
    case_id = new_case(services)
    saved = services.save_nrm(
        case_id, nrm_draft(rg_decided_on=date(2026, 9, 5), rg_decision=NrmDecision.NEGATIVE)
    )
    assert saved.stage is NrmStage.NEGATIVE_DECISION
    pending = services.add_reconsideration(saved.id, ReconsiderationDraft(RG, date(2026, 9, 12)))
    assert pending.stage is NrmStage.RECONSIDERATION_PENDING
    (request,) = pending.reconsiderations
    overturned = services.update_reconsideration(
        request.id,
        request.version,
        ReconsiderationDraft(RG, date(2026, 9, 12), ReconsiderationOutcome.OVERTURNED, TODAY),
    )
    assert overturned.stage is NrmStage.RECOVERY_PERIOD
    assert overturned.recovery_period_end == TODAY + timedelta(days=30)
    # The original decision stays on record.
    assert overturned.draft.rg_decision is NrmDecision.NEGATIVE
    assert overturned.reconsiderations[0].version == 2

    with pytest.raises(StaleEditError):
        services.update_reconsideration(
            request.id,
            request.version,
            ReconsiderationDraft(RG, date(2026, 9, 12), ReconsiderationOutcome.UPHELD, TODAY),
        )
    after = services.nrm(case_id)
    assert after is not None and after.stage is NrmStage.RECOVERY_PERIOD


def test_a_reconsideration_of_a_positive_decision_is_refused(services: Services) -> None:
    case_id = new_case(services)
    saved = services.save_nrm(
        case_id, nrm_draft(rg_decided_on=date(2026, 9, 5), rg_decision=NrmDecision.POSITIVE)
    )
    with pytest.raises(ValidationError):
        services.add_reconsideration(saved.id, ReconsiderationDraft(RG, date(2026, 9, 12)))
    assert stored(services) == (1, 0)


# --- Audit --------------------------------------------------------------------------------------


def audit_rows(services: Services) -> list[AuditEntry]:
    with services.ctx.store.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_audit_rows_name_the_record_and_hold_no_text(services: Services) -> None:
    # Other cases first, so that the record's ID is not its case's.
    new_case(services)
    services.save_nrm(new_case(services), nrm_draft())
    case_id = new_case(services)
    start = len(audit_rows(services))
    saved = services.save_nrm(
        case_id,
        nrm_draft(
            first_responder=SECRET,
            rg_decided_on=date(2026, 9, 5),
            rg_decision=NrmDecision.NEGATIVE,
        ),
    )
    services.save_nrm(case_id, dataclasses.replace(saved.draft, vcc_provider=SECRET), 1)
    services.add_reconsideration(saved.id, ReconsiderationDraft(RG, date(2026, 9, 12)))

    rows = audit_rows(services)[start:]
    assert [(r.action, r.entity_type, r.entity_id, r.user) for r in rows] == [
        (AuditAction.CREATE, "nrm", saved.id, "navigator.one"),
        (AuditAction.EDIT, "nrm", saved.id, "navigator.one"),
        (AuditAction.EDIT, "nrm", saved.id, "navigator.one"),
    ]
    columns = [c.key for c in inspect(AuditEntry).columns]
    for row in rows:
        values = " ".join(str(getattr(row, name)) for name in columns)
        assert "Zarathustra" not in values and "Sentinel" not in values
    assert services.check().audit_chain.ok
    history = [(r.entity_type, r.entity_id) for r in services.case_history(case_id)]
    assert history.count(("nrm", saved.id)) == 3
    other = new_case(services)
    assert ("nrm", saved.id) not in [
        (r.entity_type, r.entity_id) for r in services.case_history(other)
    ]


# --- The Agenda ---------------------------------------------------------------------------------


def test_the_agenda_shows_the_end_of_the_recovery_period_until_it_passes(
    services: Services,
) -> None:
    case_id = new_case(services)
    reference = services.open_case(case_id).reference
    services.save_nrm(
        case_id, nrm_draft(rg_decided_on=date(2026, 11, 20), rg_decision=NrmDecision.POSITIVE)
    )
    end = date(2026, 12, 20)
    assert nrm_agenda(services) == []  # not due by today
    assert nrm_agenda(services, end - timedelta(days=1)) == []
    (item,) = nrm_agenda(services, end)
    assert (item.case_id, item.case_reference, item.kind, item.due_on, item.label) == (
        case_id,
        reference,
        AgendaKind.NRM_DEADLINE,
        end,
        RECOVERY_END_LABEL,
    )
    assert "Hoa" not in item.label and "Nguy" not in item.label
    assert item.court_event_id is None


def test_a_passed_recovery_period_end_leaves_the_agenda(services: Services) -> None:
    case_id = new_case(services)
    services.save_nrm(
        case_id, nrm_draft(rg_decided_on=date(2026, 10, 26), rg_decision=NrmDecision.POSITIVE)
    )
    # The period ends on today: shown. Had it ended yesterday, it would not be.
    assert [i.due_on for i in nrm_agenda(services)] == [TODAY]
    later = Services(
        ServiceContext(services.ctx.store, "navigator.one", lambda: TODAY + timedelta(1))
    )
    assert nrm_agenda(later, date(2027, 1, 1)) == []


def test_no_nrm_date_once_the_cg_is_made_or_the_case_closed(services: Services) -> None:
    decided = new_case(services)
    closed = new_case(services)
    saved = services.save_nrm(
        decided, nrm_draft(rg_decided_on=date(2026, 10, 1), rg_decision=NrmDecision.POSITIVE)
    )
    services.save_nrm(
        closed, nrm_draft(rg_decided_on=date(2026, 11, 20), rg_decision=NrmDecision.POSITIVE)
    )
    assert {i.case_id for i in nrm_agenda(services, date(2027, 1, 1))} == {closed}
    services.save_nrm(
        decided,
        dataclasses.replace(
            saved.draft, cg_decided_on=date(2026, 11, 1), cg_decision=NrmDecision.POSITIVE
        ),
        saved.version,
    )
    close_case(services, closed, TODAY)
    assert nrm_agenda(services, date(2027, 1, 1)) == []


def test_nrm_dates_and_hearings_share_the_agenda_in_date_order(services: Services) -> None:
    case_id = new_case(services)
    services.save_nrm(
        case_id, nrm_draft(rg_decided_on=date(2026, 11, 20), rg_decision=NrmDecision.POSITIVE)
    )
    court_case = services.create_court_case(
        CourtCaseDraft(court_name="Maidstone Crown Court"), [case_id]
    )
    services.add_court_event(court_case.id, CourtEventKind.PTPH, date(2026, 12, 1))
    services.add_court_event(court_case.id, CourtEventKind.TRIAL_START, date(2027, 1, 11))
    items = [
        (i.kind, i.due_on)
        for i in services.agenda_items(date(2027, 2, 1))
        if i.kind in (AgendaKind.NRM_DEADLINE, AgendaKind.HEARING)
    ]
    assert items == [
        (AgendaKind.HEARING, date(2026, 12, 1)),
        (AgendaKind.NRM_DEADLINE, date(2026, 12, 20)),
        (AgendaKind.HEARING, date(2027, 1, 11)),
    ]


# --- Migration ---------------------------------------------------------------------------------


def test_migration_0006_adds_nrm_and_court_cases_to_an_existing_vault(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "waypost.db"
    old = open_store(path, key, create=True, migrate=False)
    try:
        runner.upgrade(old.engine, "0005")
        add_audit_head(old)
        assert runner.current_revision(old.engine) == "0005"
        ctx = ServiceContext(store=old, user="navigator.one", today=lambda: TODAY)
        case_id = Services(ctx).create_case(support_case()).id
    finally:
        drop_audit_head(old)
        old.close()

    store = open_store(path, key)
    try:
        assert runner.current_revision(store.engine) == runner.head_revision()
        services = Services(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY))
        assert services.nrm(case_id) is None
        assert services.court_cases(case_id) == []
        saved = services.save_nrm(case_id, nrm_draft())
        assert services.nrm(case_id) == saved
        court_case = services.create_court_case(CourtCaseDraft(court_name="Leeds"), [case_id])
        assert [c.id for c in services.court_cases(case_id)] == [court_case.id]
        assert services.open_case(case_id).id == case_id
        assert services.check().ok
    finally:
        store.close()
