"""An edit made from an out-of-date copy (any version number but the stored one) is refused with
the "changed elsewhere, nothing saved" message, and the vault is left exactly as it was: for
every service that edits a versioned record, with an edit that would otherwise be saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.dto import (
    AllocationDraft,
    CaseEdit,
    ConsentDTO,
    ContactDraft,
    CourtCaseDraft,
    DefendantDraft,
    FamilySupportDraft,
    OperationDraft,
    ReconsiderationDraft,
    RepatriationDraft,
    SpecialMeasureDTO,
    StrategicAdviceDraft,
    SurvivorRoleDTO,
    TrainingDraft,
)
from models.enums import (
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    DefendantOutcome,
    NrmDecisionKind,
    OperationLocation,
    ReconsiderationOutcome,
    SpecialMeasure,
    TrainingAudience,
)
from models.errors import StaleEditError
from tests.properties.services_refuse_shared import (
    World,
    assert_refused,
    fingerprint,
    intake,
    open_world,
)
from tests.properties.validators_shared import TODAY, integers

DAY = timedelta(days=1)

# Given the version a copy holds (an int, or None for "no record"): the version stored now, and
# the edit made from that copy.
StaleEdit = Callable[[World, Any], tuple[int, Callable[[], object]]]


def _case(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    case = w.services.refresh_case(w.support.id)
    assert case.person is not None
    fields = dataclasses.replace(case.fields, summary="Changed elsewhere")
    edit = CaseEdit(case.id, version, fields, case.person.version, case.person.fields)
    return case.version, lambda: w.services.update_case(edit)


def _contact(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = next(c for c in w.services.contacts(w.support.id) if c.id == w.contact.id)
    draft = ContactDraft(current.occurred_on, ContactKind.PHONE_CALL, "Rang to rearrange")
    return current.version, lambda: w.services.update_contact(current.id, version, draft)


def _consent(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = next(
        c for c in w.services.consents(w.person_id) if c.recipient is ConsentRecipient.POLICE
    )
    assert current.version is not None
    withdrawn = ConsentDTO(
        ConsentRecipient.POLICE,
        ConsentState.WITHDRAWN,
        given_on=current.given_on,
        withdrawn_on=TODAY,
        scope=frozenset({ConsentScope.IDENTITY}),
        version=version,
    )
    return current.version, lambda: w.services.record_consent(w.person_id, withdrawn)


def _assessment(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = w.services.recovery(w.support.id).assessments[0]
    return current.version, lambda: w.services.update_assessment(
        current.id, version, intake(date(2026, 3, 11))
    )


def _nrm(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = w.services.nrm(w.support.id)
    assert current is not None
    draft = dataclasses.replace(current.draft, first_responder="Kent Police")
    return current.version, lambda: w.services.save_nrm(w.support.id, draft, version)


def _reconsideration(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = w.services.nrm(w.support.id)
    assert current is not None
    request = current.reconsiderations[0]
    upheld = ReconsiderationDraft(
        NrmDecisionKind.REASONABLE_GROUNDS,
        request.draft.requested_on,
        ReconsiderationOutcome.UPHELD,
        TODAY,
    )
    return request.version, lambda: w.services.update_reconsideration(request.id, version, upheld)


def _plan_draft(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = w.services.support_plan(w.support.id).current
    assert current is not None and current.id == w.plan_draft.id
    content = dataclasses.replace(current.content, safety_plan="Keep the phone on")
    return current.version, lambda: w.services.save_plan_draft(current.id, version, content)


def _plan_agreement(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    current = w.services.support_plan(w.support.id).current
    assert current is not None
    return current.version, lambda: w.services.agree_plan(
        current.id, version, date(2026, 6, 1), True
    )


def _plan_review(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    plan = w.services.support_plan(w.support.id)
    agreed = next(v for v in plan.versions if v.id == plan.in_force_id)
    return agreed.version, lambda: w.services.mark_plan_reviewed(agreed.id, version, TODAY)


def _court(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    court = w.services.court_case(w.court.id)
    draft = CourtCaseDraft(court_name="Canterbury Crown Court")
    return court.version, lambda: w.services.update_court_case(court.id, version, draft)


def _role(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    link = w.services.court_case(w.court.id).link(w.support.id)
    assert link is not None
    role = SurvivorRoleDTO(witness=True)
    return link.version, lambda: w.services.set_survivor_role(
        w.court.id, link.case_id, version, role
    )


def _measure(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    link = w.services.court_case(w.court.id).link(w.support.id)
    assert link is not None
    measure = SpecialMeasureDTO(SpecialMeasure.SCREENS, TODAY - DAY)
    return link.version, lambda: w.services.set_special_measure(
        w.court.id, link.case_id, version, measure
    )


def _defendant(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    defendant = w.services.court_case(w.court.id).defendants[0]
    draft = DefendantDraft("CD", defendant.charges)
    return defendant.version, lambda: w.services.update_defendant(defendant.id, version, draft)


def _outcome(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    defendant = w.services.court_case(w.court.id).defendants[0]
    return defendant.version, lambda: w.services.set_defendant_outcome(
        defendant.id, version, DefendantOutcome.CONVICTED, 48
    )


def _reschedule(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    event = w.services.court_case(w.court.id).events[0]
    new_date = event.scheduled_for + 7 * DAY
    return event.version, lambda: w.services.reschedule_event(
        event.id, version, new_date, "Court unavailable"
    )


def _event_outcome(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    event = w.services.court_case(w.court.id).events[0]
    return event.version, lambda: w.services.record_event_outcome(event.id, version, TODAY)


def _allocation(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    saved = next(a for a in w.services.allocations() if a.id == w.allocation.id)
    draft = AllocationDraft(saved.name, saved.period_start, saved.period_end, 6_000_00)
    return saved.version, lambda: w.services.save_allocation(draft, saved.id, version)


def _purchase(w: World, version: Any) -> tuple[int, Callable[[], object]]:
    saved = w.services.purchase(w.purchase.id)
    draft = dataclasses.replace(saved.draft, supplier="Tesco")
    return saved.version, lambda: w.services.update_purchase(saved.id, version, draft)


def _activity(which: str) -> StaleEdit:
    def edit(w: World, version: Any) -> tuple[int, Callable[[], object]]:
        s = w.services
        on = date(2026, 10, 9)
        current, call = {
            "operation": (
                w.operation,
                lambda: s.record_operation(
                    OperationDraft(on, OperationLocation.PORT), w.operation.id, version
                ),
            ),
            "training": (
                w.training,
                lambda: s.record_training(
                    TrainingDraft(on, TrainingAudience.OTHER_STAKEHOLDERS, 5),
                    w.training.id,
                    version,
                ),
            ),
            "advice": (
                w.advice_given,
                lambda: s.record_strategic_advice(
                    w.advice.id, StrategicAdviceDraft(on), w.advice_given.id, version
                ),
            ),
            "repatriation": (
                w.repatriation,
                lambda: s.record_repatriation(
                    w.support.id, RepatriationDraft(on, "VN"), w.repatriation.id, version
                ),
            ),
            "family": (
                w.family,
                lambda: s.record_family_support(
                    w.support.id, FamilySupportDraft(on, 3), w.family.id, version
                ),
            ),
        }[which]
        return current.version, call

    return edit


STALE_EDITS: dict[str, StaleEdit] = {
    "case": _case,
    "contact": _contact,
    "consent": _consent,
    "assessment": _assessment,
    "nrm": _nrm,
    "reconsideration": _reconsideration,
    "plan draft": _plan_draft,
    "plan agreement": _plan_agreement,
    "plan review": _plan_review,
    "court case": _court,
    "survivor role": _role,
    "special measure": _measure,
    "defendant": _defendant,
    "defendant outcome": _outcome,
    "reschedule": _reschedule,
    "event outcome": _event_outcome,
    "allocation": _allocation,
    "purchase": _purchase,
    **{
        name: _activity(name)
        for name in ("operation", "training", "advice", "repatriation", "family")
    },
}
# Where None is a version a caller can send: "I saw no record" when there is one.
NONE_MEANS_NEW = {"consent", "nrm"}


def audit_entries(world: World) -> int:
    return fingerprint(world.store)["audit_entry"][0]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from open_world(tmp_path_factory)


@pytest.mark.parametrize("what", list(STALE_EDITS))
@settings(max_examples=6)
@given(offset=integers().filter(lambda n: n != 0), none=st.booleans())
def test_an_edit_from_an_out_of_date_copy_is_refused_and_changes_nothing(
    world: World, what: str, offset: int, none: bool
) -> None:
    current, _ = STALE_EDITS[what](world, 0)
    version = None if none and what in NONE_MEANS_NEW else current + offset
    _, edit = STALE_EDITS[what](world, version)
    error = assert_refused(world.store, edit, StaleEditError)
    assert "not saved" in error.user_message


def test_the_same_edits_from_the_current_copy_are_saved(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The edits refused above are refused for their version alone: made from the current
    version, each goes through and is audited. (A vault of its own, since these edits change
    it; in this order: the plan is saved, then agreed, then reviewed; the hearing is moved,
    then recorded as held.)"""
    for fresh in open_world(tmp_path_factory):  # yields once; the vault closes after
        for what, stale_edit in STALE_EDITS.items():
            current, _ = stale_edit(fresh, None)
            _, edit = stale_edit(fresh, current)
            before = audit_entries(fresh)
            edit()
            assert audit_entries(fresh) > before, f"the {what} edit was not saved"
