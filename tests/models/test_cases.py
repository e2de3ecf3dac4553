"""Creating and editing cases: validation, history, stale edits and the audit trail."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from models.dto import CaseEdit, CaseFields, NewCase
from models.enums import (
    AuditAction,
    CaseKind,
    CaseStatus,
    ExploitationType,
    PoliceEngagement,
    ReferralSource,
)
from models.errors import StaleEditError, ValidationError
from models.services.facade import Services

from .conftest import support_case


def test_create_case_gives_printable_references_per_year(services: Services) -> None:
    first = services.create_case(support_case(opened=date(2026, 1, 5)))
    second = services.create_case(support_case(opened=date(2026, 2, 5)))
    older = services.create_case(support_case(opened=date(2025, 12, 30)))
    assert (first.reference, second.reference, older.reference) == (
        "WP-2026-0001",
        "WP-2026-0002",
        "WP-2025-0001",
    )
    assert first.person is not None and first.person.reference == "WP-2026-0001"
    assert first.owner == "navigator.one"


def test_strategic_advice_case_needs_no_survivor(services: Services) -> None:
    detail = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.BORDER_FORCE,
                operation_name="Operation Larch",
            )
        )
    )
    assert detail.person is None
    assert detail.display_name == "Operation Larch" or detail.fields.operation_name


def test_validation_messages_name_the_problem(services: Services) -> None:
    bad = support_case(opened=date(2027, 1, 1))
    bad = dataclasses.replace(
        bad, person=dataclasses.replace(bad.person, email="not-an-email", estimated_age=140)
    )
    with pytest.raises(ValidationError) as info:
        services.create_case(bad)
    fields = {p.field for p in info.value.problems}
    assert {"opened_on", "email", "estimated_age"} <= fields
    assert "not-an-email" not in info.value.user_message  # values never echoed
    assert services.count_cases() == 0  # nothing half-saved


def _edit(detail, **changes) -> CaseEdit:
    return CaseEdit(
        case_id=detail.id,
        case_version=detail.version,
        fields=dataclasses.replace(detail.fields, **changes),
        person_version=detail.person.version if detail.person else None,
        person=detail.person.fields if detail.person else None,
    )


def test_edit_records_status_and_engagement_history(services: Services) -> None:
    detail = services.create_case(support_case())
    updated = services.update_case(
        _edit(
            detail,
            status=CaseStatus.ACTIVE,
            police_engagement=PoliceEngagement.ENGAGED,
            exploitation_types=frozenset({ExploitationType.LABOUR}),
        )
    )
    assert [h.status for h in updated.status_history] == [CaseStatus.REFERRED, CaseStatus.ACTIVE]
    assert [h.engagement for h in updated.engagement_history] == [
        PoliceEngagement.NOT_YET_ASKED,
        PoliceEngagement.ENGAGED,
    ]
    assert updated.fields.exploitation_types == {ExploitationType.LABOUR}
    assert updated.version == detail.version + 1


def test_stale_edit_is_refused_and_the_newer_edit_survives(services: Services) -> None:
    opened_in_window_a = services.create_case(support_case())
    opened_in_window_b = services.open_case(opened_in_window_a.id)

    services.update_case(_edit(opened_in_window_a, police_force="Essex Police"))
    with pytest.raises(StaleEditError) as info:
        services.update_case(_edit(opened_in_window_b, police_force="Kent Police"))
    assert "was not saved" in info.value.user_message

    assert services.open_case(opened_in_window_a.id).fields.police_force == "Essex Police"


def test_stale_person_edit_is_refused(services: Services) -> None:
    detail = services.create_case(support_case())
    person = dataclasses.replace(detail.person.fields, known_as="Hoa N")
    services.update_case(dataclasses.replace(_edit(detail), person=person))
    with pytest.raises(StaleEditError):
        services.update_case(
            dataclasses.replace(
                _edit(detail), person=dataclasses.replace(person, phone="07700900123")
            )
        )


def test_edit_with_no_change_writes_nothing(services: Services) -> None:
    detail = services.create_case(support_case())
    before = len(services.case_history(detail.id))
    same = services.update_case(_edit(detail))
    assert same.version == detail.version
    assert len(services.case_history(detail.id)) == before


def test_case_history_lists_view_create_and_edit_without_personal_data(services: Services) -> None:
    detail = services.create_case(support_case(given="Selam", family="Tesfaye"))
    services.open_case(detail.id)
    services.update_case(_edit(detail, status=CaseStatus.ACTIVE))
    history = services.case_history(detail.id)
    actions = [(row.action, row.entity_type) for row in history]
    assert (AuditAction.CREATE, "case") in actions
    assert (AuditAction.CREATE, "person") in actions
    assert (AuditAction.VIEW, "case") in actions
    assert (AuditAction.EDIT, "case") in actions
    for row in history:
        assert "Selam" not in repr(row) and "Tesfaye" not in repr(row)


def test_refreshing_an_open_case_is_not_audited_as_another_view(services: Services) -> None:
    detail = services.create_case(support_case())
    services.open_case(detail.id)
    before = services.case_history(detail.id)
    refreshed = services.refresh_case(detail.id)
    assert refreshed.reference == detail.reference
    assert services.case_history(detail.id) == before
