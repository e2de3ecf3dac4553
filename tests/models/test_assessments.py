"""Recovery assessments through the services, on a real SQLCipher vault: recording and reading
back, validation, stale corrections, the audit trail, the Agenda and the 0004 migration."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from models.dto import (
    AgendaItemDTO,
    AssessmentDraft,
    AssessmentDTO,
    AssessmentDueDTO,
    CaseEdit,
    CaseFields,
    DomainScoreDTO,
    NewCase,
)
from models.entities import Assessment, AssessmentScore, AuditEntry
from models.enums import (
    AgendaKind,
    AssessmentKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    Perspective,
    RecoveryDomain,
    ReferralSource,
)
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.migrations import runner
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import open_store
from tests.models.old_schema import add_audit_head, drop_audit_head

from .conftest import TODAY, support_case

OPENED = date(2026, 3, 2)
SECRET = "Zarathustra-sentinel"
Scores = Sequence[int | None]


def scores(
    survivor: Scores = (2, 3, 1, 2, 4, 1), navigator: Scores = (3, 3, 2, 2, 3, 1), note: str = ""
) -> tuple[DomainScoreDTO, ...]:
    return tuple(
        DomainScoreDTO(
            domain=d,
            survivor_score=s,
            navigator_score=n,
            survivor_note=note,
            navigator_note=note,
            goal=note,
        )
        for d, s, n in zip(RecoveryDomain, survivor, navigator, strict=True)
    )


def draft(
    kind: AssessmentKind = AssessmentKind.INTAKE,
    on: date = date(2026, 3, 10),
    survivor: Scores = (2, 3, 1, 2, 4, 1),
    navigator: Scores = (3, 3, 2, 2, 3, 1),
    note: str = "",
) -> AssessmentDraft:
    return AssessmentDraft(kind, on, scores(survivor, navigator, note))


def new_case(services: Services, opened: date = OPENED) -> int:
    return services.create_case(support_case(opened=opened)).id


def strategic_case(services: Services) -> int:
    return services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                operation_name="Operation Larch",
            )
        )
    ).id


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


def audit_rows(services: Services) -> list[AuditEntry]:
    with services.ctx.store.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def stored_counts(services: Services) -> tuple[int, int]:
    """(assessment rows, score rows) in the vault."""
    with services.ctx.store.read_session() as session:
        return (
            session.scalar(select(func.count()).select_from(Assessment)) or 0,
            session.scalar(select(func.count()).select_from(AssessmentScore)) or 0,
        )


def assessment_agenda(services: Services, day: date | None = None) -> list[AgendaItemDTO]:
    return [i for i in services.agenda_items(day) if i.kind is AgendaKind.ASSESSMENT_DUE]


# --- Recording and reading back ----------------------------------------------------------------


def test_a_new_case_needs_its_intake_on_the_day_it_opened(services: Services) -> None:
    case_id = new_case(services)
    recovery = services.recovery(case_id)
    assert recovery.assessments == ()
    assert recovery.next_due == AssessmentDueDTO(AssessmentKind.INTAKE, OPENED)
    assert (recovery.opened_on, recovery.case_kind, recovery.closed_on) == (
        OPENED,
        CaseKind.SUPPORT_PLAN,
        None,
    )


def test_intake_and_review_are_read_back_oldest_first(services: Services) -> None:
    case_id = new_case(services)
    intake = services.record_assessment(
        case_id, draft(note=f"  Sleeping badly {SECRET}  ", navigator=(None,) * 6)
    )
    assert intake.kind is AssessmentKind.INTAKE and intake.recorded_by == "navigator.one"
    assert services.recovery(case_id).next_due == AssessmentDueDTO(
        AssessmentKind.REVIEW, date(2026, 7, 10)
    )
    review = services.record_assessment(
        case_id, draft(AssessmentKind.REVIEW, date(2026, 7, 14), survivor=(3, 3, 2, 3, 4, 2))
    )

    recovery = services.recovery(case_id)
    assert [a.id for a in recovery.assessments] == [intake.id, review.id]
    assert recovery.assessments[0] == intake and recovery.assessments[1] == review
    # Four calendar months after the latest.
    assert recovery.next_due == AssessmentDueDTO(AssessmentKind.REVIEW, date(2026, 11, 14))

    stored = recovery.assessments[0]
    assert [d.domain for d in stored.scores] == list(RecoveryDomain)
    assert stored.score(RecoveryDomain.MENTAL_HEALTH, Perspective.SURVIVOR) == 2
    assert stored.score(RecoveryDomain.MENTAL_HEALTH, Perspective.NAVIGATOR) is None
    assert stored.domain(RecoveryDomain.SAFETY).survivor_note == f"Sleeping badly {SECRET}"
    later = recovery.assessments[1]
    assert later.score(RecoveryDomain.LEGAL_STATUS, Perspective.SURVIVOR) == 2
    assert later.score(RecoveryDomain.LEGAL_STATUS, Perspective.NAVIGATOR) == 1


def test_a_review_recorded_out_of_date_order_is_listed_by_date(services: Services) -> None:
    case_id = new_case(services)
    services.record_assessment(case_id, draft(on=date(2026, 3, 10)))
    late = services.record_assessment(case_id, draft(AssessmentKind.REVIEW, date(2026, 11, 1)))
    early = services.record_assessment(case_id, draft(AssessmentKind.REVIEW, date(2026, 7, 1)))
    recovery = services.recovery(case_id)
    assert [a.assessed_on for a in recovery.assessments] == [
        date(2026, 3, 10),
        date(2026, 7, 1),
        date(2026, 11, 1),
    ]
    assert [a.id for a in recovery.assessments][1:] == [early.id, late.id]
    assert recovery.next_due == AssessmentDueDTO(AssessmentKind.REVIEW, date(2027, 3, 1))


def test_a_missing_case_is_said_plainly(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.recovery(999)
    with pytest.raises(NotFoundError):
        services.record_assessment(999, draft())


# --- Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (draft(on=TODAY + timedelta(days=1)), "assessed_on"),
        (draft(on=OPENED - timedelta(days=1)), "assessed_on"),
        (draft(AssessmentKind.REVIEW), "kind"),
        (draft(AssessmentKind.CLOSING), "kind"),
        (draft(survivor=(None,) * 6, navigator=(None,) * 6), "scores"),
        (draft(survivor=(2, 3, 9, 2, 4, 1)), "financial_stability"),
    ],
    ids=["future", "before-opened", "review-first", "closing-first", "no-score", "score-9"],
)
def test_a_bad_first_assessment_is_refused_and_nothing_saved(
    services: Services, bad: AssessmentDraft, field: str
) -> None:
    case_id = new_case(services)
    audit_before = len(audit_rows(services))
    with pytest.raises(ValidationError) as info:
        services.record_assessment(case_id, bad)
    assert field in [p.field for p in info.value.problems]
    assert services.recovery(case_id).assessments == ()
    assert stored_counts(services) == (0, 0)
    assert len(audit_rows(services)) == audit_before


def test_a_second_intake_is_refused(services: Services) -> None:
    case_id = new_case(services)
    first = services.record_assessment(case_id, draft())
    with pytest.raises(ValidationError) as info:
        services.record_assessment(case_id, draft(on=date(2026, 4, 1)))
    assert [p.field for p in info.value.problems] == ["kind"]
    assert "Record a review" in info.value.user_message
    assert services.recovery(case_id).assessments == (first,)
    assert stored_counts(services) == (1, 6)


def test_nothing_can_be_dated_before_the_intake(services: Services) -> None:
    case_id = new_case(services)
    intake = services.record_assessment(case_id, draft(on=date(2026, 3, 10)))
    with pytest.raises(ValidationError) as info:
        services.record_assessment(case_id, draft(AssessmentKind.REVIEW, date(2026, 3, 9)))
    assert [p.field for p in info.value.problems] == ["assessed_on"]
    assert services.recovery(case_id).assessments == (intake,)
    review = services.record_assessment(case_id, draft(AssessmentKind.REVIEW, date(2026, 7, 1)))
    # Nor can the intake be moved after the review.
    with pytest.raises(ValidationError):
        services.update_assessment(intake.id, intake.version, draft(on=date(2026, 7, 2)))
    assert services.recovery(case_id).assessments == (intake, review)


def test_a_second_closing_assessment_is_refused(services: Services) -> None:
    case_id = new_case(services)
    services.record_assessment(case_id, draft())
    services.record_assessment(case_id, draft(AssessmentKind.CLOSING, date(2026, 11, 1)))
    with pytest.raises(ValidationError):
        services.record_assessment(case_id, draft(AssessmentKind.CLOSING, date(2026, 11, 2)))
    assert len(services.recovery(case_id).assessments) == 2


def test_validation_names_fields_not_the_notes(services: Services) -> None:
    case_id = new_case(services)
    with pytest.raises(ValidationError) as info:
        services.record_assessment(case_id, draft(note=SECRET * 200))  # over 2,000 characters
    assert {p.field for p in info.value.problems} == {d.value for d in RecoveryDomain}
    assert SECRET not in info.value.user_message


def test_a_strategic_advice_case_has_no_assessments(services: Services) -> None:
    case_id = strategic_case(services)
    assert services.recovery(case_id).next_due is None
    with pytest.raises(ValidationError) as info:
        services.record_assessment(case_id, draft(on=date(2026, 5, 2)))
    assert [p.field for p in info.value.problems] == ["kind"]
    assert stored_counts(services) == (0, 0)


# --- Correcting an assessment ------------------------------------------------------------------


def test_a_correction_replaces_the_scores_and_bumps_the_version(services: Services) -> None:
    case_id = new_case(services)
    saved = services.record_assessment(case_id, draft())
    corrected = services.update_assessment(
        saved.id,
        saved.version,
        draft(on=date(2026, 3, 11), survivor=(5, 5, 5, 5, 5, None), navigator=(None,) * 6),
    )
    assert corrected.id == saved.id and corrected.version == saved.version + 1
    (stored,) = services.recovery(case_id).assessments
    assert stored == corrected
    assert stored.assessed_on == date(2026, 3, 11)
    assert [d.survivor_score for d in stored.scores] == [5, 5, 5, 5, 5, None]
    assert [d.navigator_score for d in stored.scores] == [None] * 6
    assert stored_counts(services) == (1, 6)  # scores updated in place, not added


def test_a_stale_correction_is_refused_and_the_scores_stay(services: Services) -> None:
    case_id = new_case(services)
    opened_in_window_a = services.record_assessment(case_id, draft())
    opened_in_window_b = opened_in_window_a
    first = services.update_assessment(
        opened_in_window_a.id, opened_in_window_a.version, draft(survivor=(4,) * 6)
    )
    with pytest.raises(StaleEditError) as info:
        services.update_assessment(
            opened_in_window_b.id, opened_in_window_b.version, draft(survivor=(1,) * 6)
        )
    assert "was not saved" in info.value.user_message
    (stored,) = services.recovery(case_id).assessments
    assert [d.survivor_score for d in stored.scores] == [4] * 6
    assert stored.version == first.version


def test_a_correction_is_validated_like_a_new_assessment(services: Services) -> None:
    case_id = new_case(services)
    intake = services.record_assessment(case_id, draft())
    review = services.record_assessment(case_id, draft(AssessmentKind.REVIEW, date(2026, 7, 1)))
    # The only intake cannot become a review, and the review cannot become a second intake.
    with pytest.raises(ValidationError):
        services.update_assessment(intake.id, intake.version, draft(AssessmentKind.REVIEW))
    with pytest.raises(ValidationError):
        services.update_assessment(review.id, review.version, draft(on=date(2026, 7, 1)))
    # Editing the intake as an intake is not "a second intake".
    services.update_assessment(intake.id, intake.version, draft(survivor=(3,) * 6))
    assert services.recovery(case_id).assessments[1] == review
    with pytest.raises(NotFoundError):
        services.update_assessment(999, 1, draft())


# --- Audit --------------------------------------------------------------------------------------


def test_audit_rows_name_the_assessment_and_hold_no_notes(services: Services) -> None:
    case_id = new_case(services)
    start = len(audit_rows(services))
    saved = services.record_assessment(case_id, draft(note=SECRET))
    services.update_assessment(saved.id, saved.version, draft(note=f"{SECRET} again"))

    rows = audit_rows(services)[start:]
    assert [(r.action, r.entity_type, r.entity_id, r.user) for r in rows] == [
        (AuditAction.CREATE, "assessment", saved.id, "navigator.one"),
        (AuditAction.EDIT, "assessment", saved.id, "navigator.one"),
    ]
    columns = [c.key for c in inspect(AuditEntry).columns]
    for row in rows:
        values = " ".join(str(getattr(row, name)) for name in columns)
        assert "Zarathustra" not in values and "sentinel" not in values
    assert services.check().audit_chain.ok

    history = [(r.action, r.entity_type, r.entity_id) for r in services.case_history(case_id)]
    assert (AuditAction.CREATE, "assessment", saved.id) in history
    assert (AuditAction.EDIT, "assessment", saved.id) in history


def test_case_history_holds_only_this_cases_assessments(services: Services) -> None:
    mine = new_case(services)
    other = new_case(services)
    services.record_assessment(mine, draft())
    theirs = services.record_assessment(other, draft())
    history = [(r.entity_type, r.entity_id) for r in services.case_history(mine)]
    assert ("assessment", theirs.id) not in history
    assert [e for e in history if e[0] == "assessment"] != []


# --- The Agenda ---------------------------------------------------------------------------------


def test_the_agenda_asks_for_the_intake_then_the_review_when_it_falls_due(
    services: Services,
) -> None:
    case_id = new_case(services)
    reference = services.recovery(case_id).case_reference
    (item,) = assessment_agenda(services)
    assert (item.case_id, item.case_reference, item.label, item.due_on) == (
        case_id,
        reference,
        "Intake assessment due",
        OPENED,
    )
    assert item.plan_version_id is None and item.domains == ()

    services.record_assessment(case_id, draft(on=date(2026, 11, 20)))
    assert assessment_agenda(services) == []
    assert assessment_agenda(services, date(2027, 3, 19)) == []
    (review,) = assessment_agenda(services, date(2027, 3, 20))
    assert (review.label, review.due_on) == (
        "Four-monthly review assessment due",
        date(2027, 3, 20),
    )


def test_an_overdue_review_is_on_todays_agenda(services: Services) -> None:
    case_id = new_case(services)
    services.record_assessment(case_id, draft(on=date(2026, 3, 10)))
    services.record_assessment(case_id, draft(AssessmentKind.REVIEW, date(2026, 7, 20)))
    (item,) = assessment_agenda(services)
    assert (item.label, item.due_on) == ("Four-monthly review assessment due", date(2026, 11, 20))


def test_the_agenda_asks_for_a_closing_assessment_within_the_window_only(
    services: Services,
) -> None:
    in_window = new_case(services)
    too_late = new_case(services)
    assessed = new_case(services)
    for case_id in (in_window, too_late, assessed):
        services.record_assessment(case_id, draft())
    services.record_assessment(assessed, draft(AssessmentKind.CLOSING, date(2026, 9, 20)))
    day_60 = TODAY - timedelta(days=60)
    close_case(services, in_window, day_60)
    close_case(services, too_late, day_60 - timedelta(days=1))
    close_case(services, assessed, day_60)

    items = assessment_agenda(services)
    assert [(i.case_id, i.label, i.due_on) for i in items] == [
        (in_window, "Closing assessment due", day_60)
    ]
    assert services.recovery(in_window).next_due == AssessmentDueDTO(AssessmentKind.CLOSING, day_60)
    assert services.recovery(too_late).next_due is None
    assert services.recovery(assessed).next_due is None

    # Once the closing assessment is recorded, the item goes.
    services.record_assessment(in_window, draft(AssessmentKind.CLOSING, TODAY))
    assert assessment_agenda(services) == []


def test_strategic_advice_cases_never_appear_on_the_agenda(services: Services) -> None:
    strategic_case(services)
    assert assessment_agenda(services) == []
    assert assessment_agenda(services, date(2030, 1, 1)) == []


def test_the_agenda_is_sorted_by_date_across_cases(services: Services) -> None:
    later = new_case(services, opened=date(2026, 6, 1))
    earlier = new_case(services, opened=date(2026, 2, 1))
    items = assessment_agenda(services)
    assert [(i.case_id, i.due_on) for i in items] == [
        (earlier, date(2026, 2, 1)),
        (later, date(2026, 6, 1)),
    ]


# --- Migration ---------------------------------------------------------------------------------


def test_migration_0004_adds_assessments_to_an_existing_vault(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "waypost.db"
    old = open_store(path, key, create=True, migrate=False)
    try:
        runner.upgrade(old.engine, "0003")
        add_audit_head(old)
        assert runner.current_revision(old.engine) == "0003"
        ctx = ServiceContext(store=old, user="navigator.one", today=lambda: TODAY)
        case_id = Services(ctx).create_case(support_case(opened=OPENED)).id
    finally:
        drop_audit_head(old)
        old.close()

    store = open_store(path, key)
    try:
        assert runner.current_revision(store.engine) == runner.head_revision()
        services = Services(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY))
        assert services.recovery(case_id).next_due == AssessmentDueDTO(
            AssessmentKind.INTAKE, OPENED
        )
        saved: AssessmentDTO = services.record_assessment(case_id, draft())
        assert services.recovery(case_id).assessments == (saved,)
        assert services.export_register(case_id) == []
        assert services.check().ok
    finally:
        store.close()
