"""Support plans through the services, on a real SQLCipher vault: drafts, agreement,
supersession, what changed, stale autosaves, the Agenda, printing and the audit trail."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from models.dto import (
    AgendaItemDTO,
    CaseEdit,
    CaseFields,
    LanguageDTO,
    NewCase,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PlanVersionDTO,
)
from models.entities import AuditEntry
from models.enums import (
    ActionStatus,
    AgendaKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    PlanChangeKind,
    PlanStatus,
    RecoveryDomain,
    ReferralSource,
)
from models.errors import NotFoundError, StaleEditError, ValidationError
from models.migrations import runner
from models.rules.support_plan import PlanNotEditableError
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import open_store
from tests.models.old_schema import add_audit_head, drop_audit_head

from .conftest import TODAY, support_case

YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)
# Words that must never reach the audit log.
SECRET_WORDS = "Zarathustra-sentinel"


def audit_rows(services: Services) -> list[tuple[object, ...]]:
    """Every audit entry, column by column."""
    columns = [c.key for c in inspect(AuditEntry).columns]
    with services.ctx.store.read_session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [tuple(getattr(e, name) for name in columns) for e in entries]


def new_case(services: Services, **person: object) -> int:
    case = support_case()
    if person:
        assert case.person is not None
        case = dataclasses.replace(case, person=dataclasses.replace(case.person, **person))
    return services.create_case(case).id


def first_plan() -> PlanDraftDTO:
    return PlanDraftDTO(
        language="vi",
        interpreter_language="vi",
        interpreter_name_or_agency="Language Line",
        survivor_priorities=f"See my daughter {SECRET_WORDS}",
        safety_plan="Call 999 in an emergency",
        goals=(
            PlanGoalDTO(
                domain=RecoveryDomain.SAFETY,
                survivor_words=f"I want to feel safe {SECRET_WORDS}",
                review_date=date(2027, 2, 1),
                actions=(PlanActionDTO(what="Ask the council about housing", who="Navigator"),),
            ),
            PlanGoalDTO(
                domain=RecoveryDomain.PHYSICAL_HEALTH,
                survivor_words="I want to see a doctor",
                review_date=date(2027, 1, 10),
                actions=(
                    PlanActionDTO(
                        what=f"Register with a GP {SECRET_WORDS}",
                        who="Survivor",
                        by_when=date(2026, 12, 5),
                    ),
                    PlanActionDTO(what="Dentist", who="Navigator"),
                ),
            ),
        ),
    )


def agreed_plan(services: Services, case_id: int, on: date = date(2026, 11, 20)) -> PlanVersionDTO:
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, first_plan())
    return services.agree_plan(saved.id, saved.version, on, True)


# Drafts ----------------------------------------------------------------------------------------


def test_first_draft_is_empty_and_in_the_survivors_document_language(services: Services) -> None:
    case_id = new_case(
        services, languages=(LanguageDTO("en"), LanguageDTO("ar", preferred_for_documents=True))
    )
    assert services.support_plan(case_id).current is None
    draft = services.start_plan_draft(case_id)
    assert (draft.number, draft.status, draft.based_on_id) == (1, PlanStatus.DRAFTED, None)
    assert draft.content == PlanDraftDTO(language="ar")
    assert draft.editable and draft.created_by == "navigator.one"
    plan = services.support_plan(case_id)
    assert plan.draft_id == draft.id and plan.in_force_id is None and not plan.can_start_draft
    assert plan.default_language == "ar"
    # Starting again returns the open draft rather than a second one.
    assert services.start_plan_draft(case_id).id == draft.id
    assert len(services.support_plan(case_id).versions) == 1


def test_a_strategic_advice_case_has_no_plan(services: Services) -> None:
    case = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                operation_name="Operation Larch",
            )
        )
    )
    with pytest.raises(ValidationError) as info:
        services.start_plan_draft(case.id)
    assert [p.field for p in info.value.problems] == ["case"]
    with pytest.raises(NotFoundError):
        services.start_plan_draft(case.id + 100)


def test_save_draft_stores_goals_grouped_by_domain(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, first_plan())
    assert saved.version == draft.version + 1
    assert [g.domain for g in saved.content.goals] == [
        RecoveryDomain.PHYSICAL_HEALTH,
        RecoveryDomain.SAFETY,
    ]
    assert saved.content.goals[0].actions[1].what == "Dentist"
    reread = services.support_plan(case_id).current
    assert reread is not None and reread.content == saved.content
    assert services.support_plan(case_id).versions[0].action_count == 3


def test_idempotent_autosave_writes_nothing(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, first_plan())
    # Another audited event in between, so the check below cannot pass by coincidence.
    services.open_case(case_id)
    before = audit_rows(services)

    again = services.save_plan_draft(saved.id, saved.version, saved.content)
    # The same content with stray whitespace is the same content, too.
    padded = dataclasses.replace(saved.content, safety_plan=saved.content.safety_plan + "\n ")
    again_padded = services.save_plan_draft(saved.id, saved.version, padded)

    assert again.version == again_padded.version == saved.version
    assert again.updated_at == saved.updated_at
    assert audit_rows(services) == before


def test_stale_autosave_is_refused_and_the_newer_save_survives(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    window_a = services.save_plan_draft(draft.id, draft.version, first_plan())
    window_b = services.support_plan(case_id).current
    assert window_b is not None

    newer = dataclasses.replace(window_a.content, safety_plan="Newer safety plan")
    services.save_plan_draft(window_a.id, window_a.version, newer)
    before = audit_rows(services)
    with pytest.raises(StaleEditError) as info:
        services.save_plan_draft(
            window_b.id, window_b.version, dataclasses.replace(window_b.content, safety_plan="Old")
        )
    assert "was not saved" in info.value.user_message
    # Even a save that changes nothing is refused when it was made against an old version.
    with pytest.raises(StaleEditError):
        services.save_plan_draft(window_b.id, window_b.version, window_b.content)
    current = services.support_plan(case_id).current
    assert current is not None and current.content.safety_plan == "Newer safety plan"
    assert audit_rows(services) == before


def test_autosave_validation_names_fields_not_values(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    bad = dataclasses.replace(
        first_plan(), language=f"{SECRET_WORDS}", interpreter_name_or_agency=SECRET_WORDS * 20
    )
    with pytest.raises(ValidationError) as info:
        services.save_plan_draft(draft.id, draft.version, bad)
    assert {p.field for p in info.value.problems} == {"language", "interpreter_name_or_agency"}
    assert SECRET_WORDS not in info.value.user_message
    current = services.support_plan(case_id).current
    assert current is not None and current.version == draft.version


# Agreeing --------------------------------------------------------------------------------------


def test_agreeing_records_who_and_when(services: Services) -> None:
    case_id = new_case(services)
    agreed = agreed_plan(services, case_id, on=TODAY)
    assert agreed.status is PlanStatus.AGREED and not agreed.editable
    assert (agreed.agreed_on, agreed.agreed_by_survivor, agreed.agreed_by_navigator) == (
        TODAY,
        True,
        "navigator.one",
    )
    plan = services.support_plan(case_id)
    assert plan.in_force_id == agreed.id and plan.draft_id is None and plan.can_start_draft


def test_agreeing_is_validated_and_names_fields_not_values(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    incomplete = PlanDraftDTO(
        language="vi",
        goals=(
            PlanGoalDTO(domain=RecoveryDomain.SAFETY, survivor_words=SECRET_WORDS),
            PlanGoalDTO(domain=RecoveryDomain.SAFETY, actions=(PlanActionDTO(what=SECRET_WORDS),)),
        ),
    )
    saved = services.save_plan_draft(draft.id, draft.version, incomplete)
    with pytest.raises(ValidationError) as info:
        services.agree_plan(saved.id, saved.version, TOMORROW, False)
    assert [p.field for p in info.value.problems] == [
        "goals.0.actions",
        "goals.1.survivor_words",
        "agreed_on",
        "agreed_by_survivor",
    ]
    assert SECRET_WORDS not in info.value.user_message
    unchanged = services.support_plan(case_id).current
    assert unchanged is not None
    assert (unchanged.status, unchanged.version) == (PlanStatus.DRAFTED, saved.version)


def test_agreed_on_today_is_accepted_tomorrow_refused(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, first_plan())
    with pytest.raises(ValidationError):
        services.agree_plan(saved.id, saved.version, TOMORROW, True)
    assert services.agree_plan(saved.id, saved.version, TODAY, True).agreed_on == TODAY


def test_an_agreed_version_cannot_be_changed(services: Services) -> None:
    case_id = new_case(services)
    agreed = agreed_plan(services, case_id)
    before_plan = services.support_plan(case_id)
    before_audit = audit_rows(services)

    edited = dataclasses.replace(agreed.content, safety_plan="Changed after agreement")
    with pytest.raises(PlanNotEditableError) as info:
        services.save_plan_draft(agreed.id, agreed.version, edited)
    assert "cannot be changed" in info.value.user_message
    assert "not saved" in info.value.user_message
    with pytest.raises(PlanNotEditableError):
        services.agree_plan(agreed.id, agreed.version, TODAY, True)

    assert services.support_plan(case_id) == before_plan
    assert audit_rows(services) == before_audit


def test_a_new_draft_is_a_copy_of_the_agreed_plan_which_stays_as_it_was(
    services: Services,
) -> None:
    case_id = new_case(services)
    agreed = agreed_plan(services, case_id)
    draft = services.start_plan_draft(case_id)
    assert (draft.number, draft.status, draft.based_on_id) == (2, PlanStatus.DRAFTED, agreed.id)
    assert draft.content == agreed.content  # keys included: goals keep their identity
    assert services.plan_changes(draft.id) == []

    services.save_plan_draft(
        draft.id, draft.version, dataclasses.replace(draft.content, safety_plan="New")
    )
    plan = services.support_plan(case_id)
    assert [(v.number, v.status) for v in plan.versions] == [
        (1, PlanStatus.AGREED),
        (2, PlanStatus.DRAFTED),
    ]
    assert plan.in_force_id == agreed.id and plan.draft_id == draft.id
    first = plan.versions[0]
    assert (first.version, first.updated_at) == (agreed.version, agreed.updated_at)
    printed = services.plan_for_print(agreed.id)
    assert printed.safety_plan == "Call 999 in an emergency"


def test_agreeing_the_new_draft_supersedes_the_old_one(services: Services) -> None:
    case_id = new_case(services)
    first = agreed_plan(services, case_id, on=date(2026, 11, 1))
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(
        draft.id, draft.version, dataclasses.replace(draft.content, survivor_priorities="Work")
    )
    with pytest.raises(ValidationError) as info:  # not before the plan it replaces
        services.agree_plan(saved.id, saved.version, date(2026, 10, 31), True)
    assert [p.field for p in info.value.problems] == ["agreed_on"]

    second = services.agree_plan(saved.id, saved.version, TODAY, True)
    plan = services.support_plan(case_id)
    assert [(v.id, v.status) for v in plan.versions] == [
        (first.id, PlanStatus.SUPERSEDED),
        (second.id, PlanStatus.AGREED),
    ]
    assert plan.in_force_id == second.id
    assert plan.current is not None and plan.current.id == second.id
    # The superseded version is still exactly what was agreed, and still cannot be edited.
    old = services.plan_for_print(first.id)
    assert old.status is PlanStatus.SUPERSEDED and old.agreed_on == date(2026, 11, 1)
    assert old.survivor_priorities == first.content.survivor_priorities
    with pytest.raises(PlanNotEditableError) as refused:
        services.save_plan_draft(first.id, plan.versions[0].version, first.content)
    assert "earlier version" in refused.value.user_message


def test_changes_since_the_agreed_version_list_exactly_what_changed(services: Services) -> None:
    case_id = new_case(services)
    agreed = agreed_plan(services, case_id)
    draft = services.start_plan_draft(case_id)
    health, safety = draft.content.goals
    gp, dentist = health.actions
    content = dataclasses.replace(
        draft.content,
        safety_plan="Call 999, or the Modern Slavery Helpline",
        goals=(
            dataclasses.replace(
                health,
                actions=(dataclasses.replace(gp, status=ActionStatus.DONE), dentist),
            ),
            safety,
            PlanGoalDTO(
                domain=RecoveryDomain.LEGAL_STATUS,
                survivor_words="I want to stay",
                actions=(PlanActionDTO(what="See a solicitor", who="Navigator"),),
            ),
        ),
    )
    saved = services.save_plan_draft(draft.id, draft.version, content)
    changes = services.plan_changes(saved.id)
    assert [c.kind for c in changes] == [
        PlanChangeKind.SAFETY_PLAN_CHANGED,
        PlanChangeKind.ACTION_STATUS_CHANGED,
        PlanChangeKind.GOAL_ADDED,
        PlanChangeKind.ACTION_ADDED,
    ]
    assert changes[1].text == (
        f"Physical health: action “Register with a GP {SECRET_WORDS}” is now done "
        "(was not started)."
    )
    assert changes[3].text == "Legal status: new action “See a solicitor” (Navigator)."
    # Once agreed, the new version still records what it changed.
    second = services.agree_plan(saved.id, saved.version, TODAY, True)
    assert services.plan_changes(second.id) == changes
    assert services.plan_changes(agreed.id) == []  # a first plan changes nothing earlier


# Reviews ---------------------------------------------------------------------------------------


def test_mark_reviewed_confirms_the_plan_in_force(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    with pytest.raises(ValidationError) as info:
        services.mark_plan_reviewed(draft.id, draft.version, TODAY)
    assert [p.field for p in info.value.problems] == ["status"]

    agreed = agreed_plan(services, case_id)
    with pytest.raises(ValidationError) as future:
        services.mark_plan_reviewed(agreed.id, agreed.version, TOMORROW)
    assert [p.field for p in future.value.problems] == ["reviewed_on"]
    reviewed = services.mark_plan_reviewed(agreed.id, agreed.version, TODAY)
    assert (reviewed.status, reviewed.reviewed_on) == (PlanStatus.REVIEWED, TODAY)
    assert reviewed.content == agreed.content and reviewed.agreed_on == agreed.agreed_on
    with pytest.raises(StaleEditError):
        services.mark_plan_reviewed(agreed.id, agreed.version, TODAY)
    # A reviewed plan is still the one a new draft starts from, and it cannot be edited.
    with pytest.raises(PlanNotEditableError):
        services.save_plan_draft(reviewed.id, reviewed.version, reviewed.content)
    assert services.start_plan_draft(case_id).based_on_id == reviewed.id


# The Agenda ------------------------------------------------------------------------------------


def agenda_content(base: PlanDraftDTO) -> PlanDraftDTO:
    def act(what: str, by_when: date | None, status: ActionStatus = ActionStatus.NOT_STARTED):
        return PlanActionDTO(what=what, who="Navigator", by_when=by_when, status=status)

    return dataclasses.replace(
        base,
        goals=(
            PlanGoalDTO(
                domain=RecoveryDomain.SAFETY,
                survivor_words="Safe",
                review_date=TODAY,
                actions=(
                    act("Due yesterday", YESTERDAY),
                    act("Due today", TODAY),
                    act("Done already", YESTERDAY, ActionStatus.DONE),
                ),
            ),
            PlanGoalDTO(
                domain=RecoveryDomain.LEGAL_STATUS,
                survivor_words="Papers",
                review_date=TOMORROW,
                actions=(act("Long overdue", date(2026, 11, 1), ActionStatus.IN_PROGRESS),),
            ),
        ),
    )


def plan_agenda(services: Services, day: date | None = None) -> list[AgendaItemDTO]:
    """The Agenda's support plan items (recovery assessments due are tested elsewhere)."""
    return [i for i in services.agenda_items(day) if i.kind is not AgendaKind.ASSESSMENT_DUE]


def test_agenda_lists_overdue_actions_and_reviews_due_at_their_boundaries(
    services: Services,
) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    # A draft's dates are not the plan in force: nothing on the Agenda yet.
    saved = services.save_plan_draft(draft.id, draft.version, agenda_content(draft.content))
    assert plan_agenda(services) == []
    services.agree_plan(saved.id, saved.version, date(2026, 10, 30), True)
    reference = services.support_plan(case_id).case_reference

    items = plan_agenda(services)
    assert [(i.kind, i.due_on, i.label) for i in items] == [
        (AgendaKind.OVERDUE_ACTION, date(2026, 11, 1), "Long overdue"),
        (AgendaKind.OVERDUE_ACTION, YESTERDAY, "Due yesterday"),
        (AgendaKind.PLAN_REVIEW_DUE, TODAY, "Plan review due: Safety"),
    ]
    assert all(i.case_id == case_id and i.case_reference == reference for i in items)
    assert items[0].domains == (RecoveryDomain.LEGAL_STATUS,) and items[0].who == "Navigator"

    # Tomorrow, today's action is overdue and the legal status review is due too.
    tomorrow = plan_agenda(services, TOMORROW)
    assert [(i.kind, i.label) for i in tomorrow] == [
        (AgendaKind.OVERDUE_ACTION, "Long overdue"),
        (AgendaKind.OVERDUE_ACTION, "Due yesterday"),
        (AgendaKind.OVERDUE_ACTION, "Due today"),
        (AgendaKind.PLAN_REVIEW_DUE, "Plan review due: Safety, Legal status"),
    ]
    # Yesterday, nothing was overdue yet except the long-overdue action; no review was due.
    assert [i.label for i in plan_agenda(services, YESTERDAY)] == ["Long overdue"]


def test_agenda_review_item_goes_once_the_plan_is_reviewed(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, agenda_content(draft.content))
    agreed = services.agree_plan(saved.id, saved.version, date(2026, 10, 30), True)
    services.mark_plan_reviewed(agreed.id, agreed.version, TODAY)
    kinds = [i.kind for i in plan_agenda(services)]
    assert AgendaKind.PLAN_REVIEW_DUE not in kinds and AgendaKind.OVERDUE_ACTION in kinds


def test_agenda_leaves_out_closed_cases(services: Services) -> None:
    case_id = new_case(services)
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(draft.id, draft.version, agenda_content(draft.content))
    services.agree_plan(saved.id, saved.version, date(2026, 10, 30), True)
    assert plan_agenda(services)
    detail = services.open_case(case_id)
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
    assert plan_agenda(services) == []


# Printing --------------------------------------------------------------------------------------


def test_plan_for_print_has_the_survivors_preferred_name_and_domains_in_order(
    services: Services,
) -> None:
    case_id = new_case(services, given_names="Thi Hoa", known_as="Hoa")
    agreed = agreed_plan(services, case_id)
    printed = services.plan_for_print(agreed.id)
    assert printed.survivor_name == "Hoa"
    assert printed.case_reference == services.support_plan(case_id).case_reference
    assert (printed.language, printed.navigator, printed.agreed_by_navigator) == (
        "vi",
        "navigator.one",
        "navigator.one",
    )
    assert printed.agreed_on == date(2026, 11, 20) and printed.version_number == 1
    assert [d.domain for d in printed.domains] == [
        RecoveryDomain.PHYSICAL_HEALTH,
        RecoveryDomain.SAFETY,
    ]
    health = printed.domains[0].goals[0]
    assert [a.what for a in health.actions] == [f"Register with a GP {SECRET_WORDS}", "Dentist"]
    assert health.actions[0].by_when == date(2026, 12, 5)
    assert printed.interpreter_name_or_agency == "Language Line"
    with pytest.raises(dataclasses.FrozenInstanceError):
        printed.survivor_name = "x"  # type: ignore[misc]

    other = new_case(services, given_names="Selam", known_as="")
    draft = services.start_plan_draft(other)
    assert services.plan_for_print(draft.id).survivor_name == "Selam"


# Audit -----------------------------------------------------------------------------------------


def test_audit_rows_name_the_plan_version_and_hold_no_plan_text(services: Services) -> None:
    case_id = new_case(services)
    start = len(audit_rows(services))
    first = agreed_plan(services, case_id)
    draft = services.start_plan_draft(case_id)
    saved = services.save_plan_draft(
        draft.id, draft.version, dataclasses.replace(draft.content, safety_plan=SECRET_WORDS)
    )
    second = services.agree_plan(saved.id, saved.version, TODAY, True)
    services.mark_plan_reviewed(second.id, second.version, TODAY)

    with services.ctx.store.read_session() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))[start:]
    assert [(r.action, r.entity_type, r.entity_id) for r in rows] == [
        (AuditAction.CREATE, "support_plan", first.id),
        (AuditAction.EDIT, "support_plan", first.id),  # saved
        (AuditAction.EDIT, "support_plan", first.id),  # agreed
        (AuditAction.CREATE, "support_plan", second.id),
        (AuditAction.EDIT, "support_plan", second.id),  # saved
        (AuditAction.EDIT, "support_plan", first.id),  # superseded
        (AuditAction.EDIT, "support_plan", second.id),  # agreed
        (AuditAction.EDIT, "support_plan", second.id),  # reviewed
    ]
    for row in rows:
        values = " ".join(str(getattr(row, c.key)) for c in inspect(AuditEntry).columns)
        assert SECRET_WORDS not in values and "Zarathustra" not in values
    assert services.check().audit_chain.ok


# Migration -------------------------------------------------------------------------------------


def test_migration_0002_upgrades_a_vault_made_before_support_plans(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "waypost.db"
    old = open_store(path, key, create=True, migrate=False)
    try:
        runner.upgrade(old.engine, "0001")
        add_audit_head(old)
        assert runner.current_revision(old.engine) == "0001"
        ctx = ServiceContext(store=old, user="navigator.one", today=lambda: TODAY)
        case_id = Services(ctx).create_case(support_case()).id
    finally:
        drop_audit_head(old)
        old.close()

    backed_up: list[object] = []
    store = open_store(path, key, before_migration=backed_up.append)
    try:
        assert runner.current_revision(store.engine) == runner.head_revision()
        assert len(backed_up) == 1  # backed up before migrating
        services = Services(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY))
        agreed = agreed_plan(services, case_id)
        assert services.support_plan(case_id).in_force_id == agreed.id
        assert services.check().ok
    finally:
        store.close()


def test_plan_activity_shows_in_the_case_history(services) -> None:
    from models.enums import AuditAction

    detail = services.create_case(support_case())
    draft = services.start_plan_draft(detail.id)
    history = services.case_history(detail.id)
    assert (AuditAction.CREATE, "support_plan", draft.id) in [
        (row.action, row.entity_type, row.entity_id) for row in history
    ]
