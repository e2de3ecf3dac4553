"""Invalid court cases, defendants, court dates, budget allocations, purchases and receipts are
refused with a clear message, and the vault is left exactly as it was (no row, no audit entry),
even when the service had already changed rows in its transaction before it found the problem."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from models.dto import (
    AllocationDraft,
    CourtCaseDraft,
    DefendantDraft,
    PurchaseDraft,
    SpecialMeasureDTO,
    SurvivorRoleDTO,
)
from models.entities.budget import RECEIPT_LIMIT_BYTES
from models.enums import CourtEventKind, DefendantOutcome, PurchaseStatus
from models.errors import ValidationError
from models.rules.court_validation import (
    validate_court_case,
    validate_defendant,
    validate_event,
    validate_outcome,
    validate_reschedule,
    validate_role,
    validate_special_measure,
)
from models.rules.money import MAX_PENCE
from models.rules.purchase_rules import (
    approval_outdated,
    status_problems,
    validate_allocation,
    validate_purchase,
)
from models.services.purchases import ReceiptRefused
from tests.properties.services_refuse_shared import World, assert_refused, open_world
from tests.properties.validators_drafts import (
    allocation_drafts,
    court_case_drafts,
    defendant_drafts,
    pence,
    purchase_drafts,
    special_measures,
    survivor_roles,
)
from tests.properties.validators_shared import (
    TODAY,
    dates,
    integers,
    marked,
    optional,
    texts,
)

service_examples = settings(max_examples=25)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from open_world(tmp_path_factory)


# -- Court cases ----------------------------------------------------------------------------------


@service_examples
@given(draft=court_case_drafts(marked(texts()) | texts()), editing=st.booleans())
def test_an_invalid_court_case_is_refused_and_changes_nothing(
    world: World, draft: CourtCaseDraft, editing: bool
) -> None:
    assume(validate_court_case(draft))
    court, services = world.services.court_case(world.court.id), world.services
    call: Callable[[], object] = (
        (lambda: services.update_court_case(court.id, court.version, draft))
        if editing
        else (lambda: services.create_court_case(draft, [world.support.id]))
    )
    assert_refused(world.store, call, ValidationError)


@service_examples
@given(court_name=st.sampled_from(("Snaresbrook Crown Court", "Leeds Crown Court")))
def test_unlinking_every_case_is_refused_after_the_details_were_changed(
    world: World, court_name: str
) -> None:
    # The service writes the new details, then finds the empty list of cases: the whole
    # transaction must roll back.
    court, services = world.services.court_case(world.court.id), world.services
    draft = CourtCaseDraft(court_name=court_name)
    assert_refused(
        world.store,
        lambda: services.update_court_case(court.id, court.version, draft, case_ids=[]),
        ValidationError,
    )
    assert_refused(
        world.store, lambda: services.create_court_case(draft, case_ids=[]), ValidationError
    )


@service_examples
@given(
    role=survivor_roles(), measure=special_measures(), which=st.sampled_from(("role", "measure"))
)
def test_an_invalid_survivor_role_or_special_measure_is_refused(
    world: World, role: SurvivorRoleDTO, measure: SpecialMeasureDTO, which: str
) -> None:
    court, services = world.services.court_case(world.court.id), world.services
    link = court.link(world.support.id)
    assert link is not None
    if which == "role":
        assume(validate_role(role, TODAY))
        call: Callable[[], object] = lambda: services.set_survivor_role(  # noqa: E731
            court.id, link.case_id, link.version, role
        )
    else:
        assume(validate_special_measure(measure, TODAY))
        call = lambda: services.set_special_measure(  # noqa: E731
            court.id, link.case_id, link.version, measure
        )
    assert_refused(world.store, call, ValidationError)


@service_examples
@given(draft=defendant_drafts(marked(texts()) | texts()), editing=st.booleans())
def test_an_invalid_defendant_is_refused_and_changes_nothing(
    world: World, draft: DefendantDraft, editing: bool
) -> None:
    court, services = world.services.court_case(world.court.id), world.services
    defendant = court.defendants[0]
    assume(validate_defendant(draft, [] if editing else [defendant.label]))
    call: Callable[[], object] = (
        (lambda: services.update_defendant(defendant.id, defendant.version, draft))
        if editing
        else (lambda: services.add_defendant(court.id, draft))
    )
    assert_refused(world.store, call, ValidationError)


@service_examples
@given(outcome=st.sampled_from(DefendantOutcome), months=optional(integers()))
def test_an_invalid_outcome_is_refused_and_changes_nothing(
    world: World, outcome: DefendantOutcome, months: int | None
) -> None:
    assume(validate_outcome(outcome, months))
    defendant = world.services.court_case(world.court.id).defendants[0]
    assert_refused(
        world.store,
        lambda: world.services.set_defendant_outcome(
            defendant.id, defendant.version, outcome, months
        ),
        ValidationError,
    )


@service_examples
@given(
    kind=st.sampled_from(CourtEventKind),
    on=dates(),
    reason=marked(texts()) | texts(),
    actual_on=optional(dates()),
    what=st.sampled_from(("add", "reschedule", "outcome")),
)
def test_an_invalid_court_date_is_refused_and_changes_nothing(
    world: World, kind: CourtEventKind, on: date, reason: str, actual_on: date | None, what: str
) -> None:
    services = world.services
    event = services.court_case(world.court.id).events[0]
    if what == "add":
        assume(validate_event(kind, reason, actual_on, TODAY))
        call: Callable[[], object] = lambda: services.add_court_event(  # noqa: E731
            world.court.id, kind, on, reason, actual_on
        )
    elif what == "reschedule":
        assume(validate_reschedule(event.scheduled_for, on, reason, happened=False))
        call = lambda: services.reschedule_event(event.id, event.version, on, reason)  # noqa: E731
    else:
        assume(actual_on is not None and actual_on > TODAY)
        call = lambda: services.record_event_outcome(event.id, event.version, actual_on)  # noqa: E731
    assert_refused(world.store, call, ValidationError)


# -- The budget -----------------------------------------------------------------------------------


@service_examples
@given(threshold=pence())
def test_an_invalid_approval_threshold_is_refused(world: World, threshold: int) -> None:
    assume(not 0 <= threshold <= MAX_PENCE)
    assert_refused(
        world.store, lambda: world.services.set_approval_threshold(threshold), ValidationError
    )


@service_examples
@given(draft=allocation_drafts(marked(texts()) | texts()), editing=st.booleans())
def test_an_invalid_allocation_is_refused_and_changes_nothing(
    world: World, draft: AllocationDraft, editing: bool
) -> None:
    assume(validate_allocation(draft))
    saved, services = world.allocation, world.services
    call: Callable[[], object] = (
        (lambda: services.save_allocation(draft, saved.id, saved.version))
        if editing
        else (lambda: services.save_allocation(draft))
    )
    assert_refused(world.store, call, ValidationError)


@service_examples
@given(data=st.data(), editing=st.booleans())
def test_an_invalid_purchase_is_refused_and_changes_nothing(
    world: World, data: st.DataObject, editing: bool
) -> None:
    draft: PurchaseDraft = data.draw(
        purchase_drafts(
            marked(texts()) | texts(),
            case_ids=st.sampled_from((None, world.support.id)),
            allocation_ids=st.sampled_from((None, world.allocation.id)),
        )
    )
    services = world.services
    threshold = services.approval_threshold()
    saved = services.purchase(world.purchase.id)
    previous = saved.draft.status if editing else None
    problems = validate_purchase(draft, TODAY) + status_problems(previous, draft, threshold)
    if editing:
        problems += approval_outdated(
            saved.draft.amount_pence,
            saved.draft.approved_by,
            saved.draft.approved_on,
            draft,
            threshold,
        )
    assume(problems)
    call: Callable[[], object] = (
        (lambda: services.update_purchase(saved.id, saved.version, draft))
        if editing
        else (lambda: services.record_purchase(draft))
    )
    assert_refused(world.store, call, ValidationError)


@service_examples
@given(
    content=st.one_of(
        st.just(b""),
        st.binary(max_size=64).filter(
            lambda b: not b.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        ),
        st.sampled_from((b"%PDF-", b"\x89PNG\r\n\x1a\n")).map(
            lambda head: head + bytes(RECEIPT_LIMIT_BYTES)
        ),
    )
)
def test_a_file_that_cannot_be_a_receipt_is_refused_and_changes_nothing(
    world: World, content: bytes
) -> None:
    assert_refused(
        world.store,
        lambda: world.services.add_receipt(world.purchase.id, content),
        ReceiptRefused,
    )


def test_a_purchase_cannot_be_refunded_before_it_was_paid(world: World) -> None:
    draft = PurchaseDraft(
        TODAY,
        world.purchase.draft.category,
        10_00,
        world.purchase.draft.payment_method,
        PurchaseStatus.REFUNDED,
        purpose="Bus fare",
    )
    error = assert_refused(
        world.store, lambda: world.services.record_purchase(draft), ValidationError
    )
    assert isinstance(error, ValidationError) and [p.field for p in error.problems] == ["status"]
