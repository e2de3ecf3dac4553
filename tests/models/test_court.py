"""Court cases through the services, on a real SQLCipher vault: linking cases, defendants by
label only, every reschedule kept, a mistrial and its retrial, sentence totals, stale edits, the
audit trail and the hearings on the Agenda."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from models.dto import (
    AgendaItemDTO,
    CaseEdit,
    CourtCaseDraft,
    CourtCaseDTO,
    DefendantDraft,
    SpecialMeasureDTO,
    SurvivorRoleDTO,
)
from models.entities import AuditEntry, CourtDefendant, EventSchedule
from models.enums import (
    AgendaKind,
    AuditAction,
    CaseStatus,
    CourtEventKind,
    DefendantOutcome,
    SpecialMeasure,
    TimelineMark,
)
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.services.facade import Services

from .conftest import TODAY, support_case

K = CourtEventKind
COURT = CourtCaseDraft(
    court_name="Maidstone Crown Court",
    police_force="Kent Police",
    operation="Operation Larch",
    cps_reference="CPS-44-1234",
)
LABEL = "ZQ-Sentinel"
CHARGE = "Zarathustra s.2 MSA 2015"
REASON = "Zarathustra interpreter absent"


def new_case(services: Services, given: str = "Hoa") -> int:
    return services.create_case(support_case(given=given)).id


def court_case(services: Services, *case_ids: int) -> CourtCaseDTO:
    return services.create_court_case(COURT, case_ids or [new_case(services)])


def hearings(services: Services, day: date | None = None) -> list[AgendaItemDTO]:
    return [i for i in services.agenda_items(day) if i.kind is AgendaKind.HEARING]


def schedule_rows(services: Services, event_id: int) -> list[tuple[date, str]]:
    with services.ctx.store.read_session() as session:
        return [
            (row.scheduled_for, row.reason)
            for row in session.scalars(
                select(EventSchedule)
                .where(EventSchedule.event_id == event_id)
                .order_by(EventSchedule.id)
            )
        ]


# --- Court cases and their links ----------------------------------------------------------------


def test_a_court_case_links_several_cases_each_with_its_own_part(services: Services) -> None:
    first, second = new_case(services), new_case(services, "Mai")
    created = services.create_court_case(COURT, [first, second, first])
    assert created.draft == COURT
    assert [link.case_id for link in created.links] == [first, second]
    assert [link.case_reference for link in created.links] == [
        services.open_case(first).reference,
        services.open_case(second).reference,
    ]
    link = created.link(first)
    assert link is not None
    with_role = services.set_survivor_role(
        created.id,
        first,
        link.version,
        SurvivorRoleDTO(witness=True, victim_personal_statement=True, vps_on=date(2026, 10, 1)),
    )
    mine = with_role.link(first)
    theirs = with_role.link(second)
    assert mine is not None and theirs is not None
    assert mine.role == SurvivorRoleDTO(True, True, date(2026, 10, 1))
    assert theirs.role == SurvivorRoleDTO()
    assert [c.id for c in services.court_cases(first)] == [created.id]
    assert [c.id for c in services.court_cases(second)] == [created.id]
    assert services.court_cases(new_case(services)) == []


def test_special_measures_are_kept_per_survivor_and_per_measure(services: Services) -> None:
    first, second = new_case(services), new_case(services, "Mai")
    created = services.create_court_case(COURT, [first, second])
    link = created.link(first)
    assert link is not None
    asked = services.set_special_measure(
        created.id,
        first,
        link.version,
        SpecialMeasureDTO(SpecialMeasure.SCREENS, date(2026, 10, 1)),
    )
    link = asked.link(first)
    assert link is not None
    decided = services.set_special_measure(
        created.id,
        first,
        link.version,
        SpecialMeasureDTO(SpecialMeasure.SCREENS, date(2026, 10, 1), True, date(2026, 11, 2)),
    )
    mine, theirs = decided.link(first), decided.link(second)
    assert mine is not None and theirs is not None
    assert mine.special_measures == (
        SpecialMeasureDTO(SpecialMeasure.SCREENS, date(2026, 10, 1), True, date(2026, 11, 2)),
    )
    assert theirs.special_measures == ()
    # The first copy of the link is stale now.
    with pytest.raises(StaleEditError):
        services.set_special_measure(
            created.id,
            first,
            link.version,
            SpecialMeasureDTO(SpecialMeasure.LIVE_LINK, date(2026, 10, 1)),
        )
    after = services.court_case(created.id).link(first)
    assert after is not None
    assert [m.measure for m in after.special_measures] == [SpecialMeasure.SCREENS]


def test_unlinking_a_case_keeps_the_court_case_for_the_others(services: Services) -> None:
    first, second = new_case(services), new_case(services, "Mai")
    created = services.create_court_case(COURT, [first, second])
    changed = services.update_court_case(
        created.id, created.version, dataclasses.replace(COURT, court_name="Leeds"), [second]
    )
    assert [link.case_id for link in changed.links] == [second]
    assert changed.draft.court_name == "Leeds"
    assert services.court_cases(first) == []
    with pytest.raises(ValidationError):
        services.update_court_case(changed.id, changed.version, COURT, [])
    with pytest.raises(NotFoundError):
        services.create_court_case(COURT, [first, 9999])


def test_a_stale_court_case_edit_is_refused_and_the_details_stay(services: Services) -> None:
    created = court_case(services)
    services.update_court_case(
        created.id, created.version, dataclasses.replace(COURT, operation="Op A")
    )
    with pytest.raises(StaleEditError):
        services.update_court_case(
            created.id, created.version, dataclasses.replace(COURT, operation="Op B")
        )
    assert services.court_case(created.id).draft.operation == "Op A"


# --- Defendants ---------------------------------------------------------------------------------


def test_a_defendant_is_a_label_with_short_charges(services: Services) -> None:
    created = court_case(services)
    added = services.add_defendant(
        created.id, DefendantDraft(" AB ", ("s.2 MSA 2015 arranging travel", " ", "s.1 MSA"))
    )
    (defendant,) = added.defendants
    assert (defendant.label, defendant.charges, defendant.outcome) == (
        "AB",
        ("s.2 MSA 2015 arranging travel", "s.1 MSA"),
        DefendantOutcome.PENDING,
    )
    with pytest.raises(ValidationError) as refused:
        services.add_defendant(created.id, DefendantDraft("Anna Nowak"))
    assert "full name" in refused.value.user_message
    assert "Nowak" not in refused.value.user_message
    with pytest.raises(ValidationError):
        services.add_defendant(created.id, DefendantDraft("ab"))
    assert [d.label for d in services.court_case(created.id).defendants] == ["AB"]


def test_sentence_totals_are_per_court_case(services: Services) -> None:
    case_id = new_case(services)
    first = services.create_court_case(COURT, [case_id])
    second = services.create_court_case(dataclasses.replace(COURT, court_name="Leeds"), [case_id])
    for label in ("AB", "CD", "EF"):
        services.add_defendant(first.id, DefendantDraft(label))
    services.add_defendant(second.id, DefendantDraft("GH"))
    ab, cd, ef = services.court_case(first.id).defendants
    (gh,) = services.court_case(second.id).defendants
    services.set_defendant_outcome(ab.id, ab.version, DefendantOutcome.CONVICTED, 96)
    services.set_defendant_outcome(cd.id, cd.version, DefendantOutcome.CONVICTED, 30)
    services.set_defendant_outcome(ef.id, ef.version, DefendantOutcome.ACQUITTED)
    totals = services.set_defendant_outcome(gh.id, gh.version, DefendantOutcome.CONVICTED, 18)
    assert totals.sentence_total_months == 18
    assert services.court_case(first.id).sentence_total_months == 126
    # A conviction quashed back to pending drops out of the total.
    ab_now = services.court_case(first.id).defendants[0]
    services.set_defendant_outcome(ab_now.id, ab_now.version, DefendantOutcome.PENDING)
    assert services.court_case(first.id).sentence_total_months == 30


def test_a_stale_outcome_is_refused(services: Services) -> None:
    created = court_case(services)
    (defendant,) = services.add_defendant(created.id, DefendantDraft("AB")).defendants
    services.set_defendant_outcome(defendant.id, defendant.version, DefendantOutcome.ACQUITTED)
    with pytest.raises(StaleEditError):
        services.set_defendant_outcome(
            defendant.id, defendant.version, DefendantOutcome.CONVICTED, 12
        )
    (after,) = services.court_case(created.id).defendants
    assert (after.outcome, after.sentence_months) == (DefendantOutcome.ACQUITTED, None)
    with pytest.raises(ValidationError):
        services.set_defendant_outcome(after.id, after.version, DefendantOutcome.ACQUITTED, 12)


# --- Events: every reschedule kept --------------------------------------------------------------


def test_a_trial_rescheduled_three_times_keeps_its_whole_history(services: Services) -> None:
    created = court_case(services)
    trial = services.add_court_event(
        created.id, K.TRIAL_START, date(2026, 3, 2), "listed at the PTPH"
    )
    moves = [
        (date(2026, 6, 1), "no interpreter"),
        (date(2026, 9, 7), "judge unavailable"),
        (date(2027, 1, 11), "witness unwell"),
    ]
    for new_date, reason in moves:
        trial = services.reschedule_event(trial.id, trial.version, new_date, reason)
    expected = [(date(2026, 3, 2), "listed at the PTPH"), *moves]
    assert schedule_rows(services, trial.id) == expected
    assert [(s.scheduled_for, s.reason) for s in trial.schedules] == expected
    assert (trial.scheduled_for, trial.rescheduled, trial.version) == (date(2027, 1, 11), 3, 4)
    assert all(s.recorded_by == "navigator.one" for s in trial.schedules)
    marks = [(e.on, e.mark, e.reason) for e in services.court_case(created.id).timeline]
    assert marks == [
        (date(2026, 3, 2), TimelineMark.RESCHEDULED, "no interpreter"),
        (date(2026, 6, 1), TimelineMark.RESCHEDULED, "judge unavailable"),
        (date(2026, 9, 7), TimelineMark.RESCHEDULED, "witness unwell"),
        (date(2027, 1, 11), TimelineMark.SCHEDULED, "witness unwell"),
    ]


def test_a_stale_reschedule_is_refused_and_adds_no_row(services: Services) -> None:
    created = court_case(services)
    ptph = services.add_court_event(created.id, K.PTPH, date(2026, 12, 1))
    services.reschedule_event(ptph.id, ptph.version, date(2026, 12, 8), "court list full")
    with pytest.raises(StaleEditError):
        services.reschedule_event(ptph.id, ptph.version, date(2026, 12, 15), "other change")
    assert schedule_rows(services, ptph.id) == [
        (date(2026, 12, 1), ""),
        (date(2026, 12, 8), "court list full"),
    ]


def test_an_event_that_happened_cannot_be_moved(services: Services) -> None:
    created = court_case(services)
    ptph = services.add_court_event(created.id, K.PTPH, date(2026, 11, 2))
    happened = services.record_event_outcome(ptph.id, ptph.version, date(2026, 11, 2))
    assert happened.actual_on == date(2026, 11, 2)
    with pytest.raises(ValidationError):
        services.reschedule_event(happened.id, happened.version, date(2026, 12, 1), "late")
    with pytest.raises(ValidationError):
        services.record_event_outcome(happened.id, happened.version, TODAY + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.add_court_event(created.id, K.ADJOURNMENT, date(2026, 11, 2))
    assert len(schedule_rows(services, ptph.id)) == 1


def test_a_mistrial_and_a_retrial_number_the_attempts(services: Services) -> None:
    created = court_case(services)
    add = services.add_court_event
    add(created.id, K.TRIAL_START, date(2025, 9, 1), actual_on=date(2025, 9, 1))
    add(created.id, K.TRIAL_END, date(2025, 10, 31))
    add(created.id, K.MISTRIAL, date(2025, 10, 20), "juror misconduct", date(2025, 10, 20))
    retrial = add(created.id, K.RETRIAL_LISTED, date(2026, 12, 7), "listed after the mistrial")
    assert retrial.attempt == 2
    read = services.court_case(created.id)
    assert [(e.kind, e.attempt) for e in read.events] == [
        (K.TRIAL_START, 1),
        (K.MISTRIAL, 1),
        (K.TRIAL_END, 1),
        (K.RETRIAL_LISTED, 2),
    ]
    assert [(a.number, a.ended_in_mistrial) for a in read.trial_attempts] == [(1, True), (2, False)]
    assert read.next_hearing is not None
    assert (read.next_hearing.id, read.next_hearing.kind) == (retrial.id, K.RETRIAL_LISTED)
    # A year later the retrial is moved: still attempt 2, and still the next hearing.
    moved = services.reschedule_event(retrial.id, retrial.version, date(2027, 1, 11), "judge ill")
    assert moved.attempt == 2
    again = services.court_case(created.id).next_hearing
    assert again is not None and again.scheduled_for == date(2027, 1, 11)


# --- Audit --------------------------------------------------------------------------------------


def audit_rows(services: Services) -> list[AuditEntry]:
    with services.ctx.store.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_audit_rows_hold_ids_and_never_a_label_a_charge_or_a_reason(services: Services) -> None:
    case_id = new_case(services)
    # Another court case first, so that no ID of one kind equals an ID of another.
    earlier = court_case(services)
    services.add_defendant(earlier.id, DefendantDraft("AA"))
    services.add_defendant(earlier.id, DefendantDraft("BB"))
    start = len(audit_rows(services))
    created = services.create_court_case(COURT, [case_id])
    with_defendant = services.add_defendant(created.id, DefendantDraft(LABEL, (CHARGE,)))
    (defendant,) = with_defendant.defendants
    services.update_defendant(
        defendant.id, defendant.version, DefendantDraft(LABEL, (CHARGE, CHARGE))
    )
    (defendant,) = services.court_case(created.id).defendants
    services.set_defendant_outcome(defendant.id, defendant.version, DefendantOutcome.CONVICTED, 9)
    event = services.add_court_event(created.id, K.ADJOURNMENT, date(2026, 10, 1), REASON)
    trial = services.add_court_event(created.id, K.TRIAL_START, date(2027, 1, 11))
    services.reschedule_event(trial.id, trial.version, date(2027, 2, 1), REASON)

    rows = audit_rows(services)[start:]
    assert [(r.action, r.entity_type, r.entity_id) for r in rows] == [
        (AuditAction.CREATE, "court_case", created.id),
        (AuditAction.EDIT, "court_case", created.id),
        (AuditAction.EDIT, "court_case", created.id),
        (AuditAction.EDIT, "court_case", created.id),
        (AuditAction.CREATE, "court_event", event.id),
        (AuditAction.CREATE, "court_event", trial.id),
        (AuditAction.EDIT, "court_event", trial.id),
    ]
    columns = [c.key for c in inspect(AuditEntry).columns]
    for row in rows:
        values = " ".join(str(getattr(row, name)) for name in columns)
        assert "Sentinel" not in values and "Zarathustra" not in values
    assert services.check().audit_chain.ok

    history = [(r.entity_type, r.entity_id) for r in services.case_history(case_id)]
    assert ("court_case", created.id) in history and ("court_event", trial.id) in history
    other = [(r.entity_type, r.entity_id) for r in services.case_history(new_case(services))]
    assert ("court_case", created.id) not in other and ("court_event", trial.id) not in other
    with services.ctx.store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(CourtDefendant)) == 3


# --- The Agenda ---------------------------------------------------------------------------------


def test_hearings_appear_with_their_dates_and_the_court_never_a_defendant(
    services: Services,
) -> None:
    first, second = new_case(services), new_case(services, "Mai")
    created = services.create_court_case(COURT, [first, second])
    services.add_defendant(created.id, DefendantDraft(LABEL, (CHARGE,)))
    ptph = services.add_court_event(created.id, K.PTPH, date(2026, 12, 1))
    services.add_court_event(created.id, K.CHARGE, date(2026, 11, 30))  # not a hearing
    trial = services.add_court_event(created.id, K.TRIAL_START, date(2027, 1, 11))

    assert hearings(services) == []
    items = hearings(services, date(2027, 1, 31))
    assert [(i.case_id, i.due_on, i.label, i.court_event_id) for i in items] == [
        (
            first,
            date(2026, 12, 1),
            "Plea and trial preparation hearing: Maidstone Crown Court",
            ptph.id,
        ),
        (
            second,
            date(2026, 12, 1),
            "Plea and trial preparation hearing: Maidstone Crown Court",
            ptph.id,
        ),
        (first, date(2027, 1, 11), "Trial starts: Maidstone Crown Court", trial.id),
        (second, date(2027, 1, 11), "Trial starts: Maidstone Crown Court", trial.id),
    ]
    assert all(i.court_case_id == created.id for i in items)
    for item in items:
        assert "Sentinel" not in item.label and "Zarathustra" not in item.label
        assert "ZQ" not in item.label


def test_a_past_hearing_stays_until_what_happened_is_recorded(services: Services) -> None:
    case_id = new_case(services)
    created = services.create_court_case(COURT, [case_id])
    ptph = services.add_court_event(created.id, K.PTPH, date(2026, 11, 20))
    (overdue,) = hearings(services)
    assert overdue.due_on == date(2026, 11, 20)
    services.record_event_outcome(ptph.id, ptph.version, date(2026, 11, 20))
    assert hearings(services) == []


def test_a_moved_hearing_is_on_the_agenda_at_its_new_date(services: Services) -> None:
    case_id = new_case(services)
    created = services.create_court_case(COURT, [case_id])
    sentencing = services.add_court_event(created.id, K.SENTENCING, date(2026, 11, 27))
    services.reschedule_event(sentencing.id, sentencing.version, date(2026, 12, 18), "reports")
    assert hearings(services, date(2026, 12, 17)) == []
    (item,) = hearings(services, date(2026, 12, 18))
    assert (item.due_on, item.label) == (date(2026, 12, 18), "Sentencing: Maidstone Crown Court")


def test_a_closed_case_has_no_hearings_on_the_agenda(services: Services) -> None:
    open_case, closed_case = new_case(services), new_case(services, "Mai")
    created = services.create_court_case(COURT, [open_case, closed_case])
    services.add_court_event(created.id, K.SENTENCING, date(2026, 12, 3))
    detail = services.open_case(closed_case)
    assert detail.person is not None
    services.update_case(
        CaseEdit(
            case_id=detail.id,
            case_version=detail.version,
            fields=dataclasses.replace(detail.fields, status=CaseStatus.CLOSED, closed_on=TODAY),
            person_version=detail.person.version,
            person=detail.person.fields,
        )
    )
    assert [i.case_id for i in hearings(services, date(2026, 12, 31))] == [open_case]


def test_the_first_trials_unheld_hearings_leave_the_agenda_after_a_mistrial(
    services: Services,
) -> None:
    case_id = new_case(services)
    created = services.create_court_case(COURT, [case_id])
    add = services.add_court_event
    add(created.id, K.TRIAL_START, date(2026, 9, 1), actual_on=date(2026, 9, 1))
    add(created.id, K.VERDICT, date(2026, 10, 30))
    add(created.id, K.MISTRIAL, date(2026, 10, 20), "jury discharged", date(2026, 10, 20))
    assert [i.label for i in hearings(services)] == ["Verdict: Maidstone Crown Court"]
    retrial = add(created.id, K.RETRIAL_LISTED, date(2027, 5, 10))
    assert hearings(services) == []
    (item,) = hearings(services, date(2027, 5, 10))
    assert (item.court_event_id, item.label) == (
        retrial.id,
        "Retrial starts: Maidstone Crown Court",
    )
