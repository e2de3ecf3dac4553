"""The flexible budget through the services, on a real SQLCipher vault (issue 5): allocations,
purchases with the overspend warning and the approval rule, stale edits, an audit that holds no
money or words, the purchase list's filters and sorts, receipts that stay inside the encrypted
vault, the overview, the monthly statement, exports, and a 50,000-purchase list."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text

from models.dto import (
    AllocationDraft,
    AllocationDTO,
    NavigatorProfileDTO,
    PurchaseDraft,
    PurchaseDTO,
    PurchaseQuery,
    PurchaseSort,
)
from models.entities import AuditEntry, BudgetAllocation, Purchase, Receipt
from models.entities.budget import RECEIPT_LIMIT_BYTES
from models.enums import (
    AuditAction,
    PaymentMethod,
    PurchaseCategory,
    PurchaseStatus,
    ReceiptType,
)
from models.errors import (
    NotFoundError,
    StaleEditError,
    ValidationError,
    WaypostError,
)
from models.services import audit
from models.services.budget_reports import EXPORT_ENTITY, STATEMENT_ENTITY, parse_month
from models.services.context import ServiceContext
from models.services.facade import Services
from models.services.purchases import OverspendWarning, ReceiptRefused
from models.store import Store, open_store

from .conftest import TODAY, support_case

REQUESTED, APPROVED, PAID = PurchaseStatus.REQUESTED, PurchaseStatus.APPROVED, PurchaseStatus.PAID
REFUNDED, CANCELLED = PurchaseStatus.REFUNDED, PurchaseStatus.CANCELLED
FY_START, FY_END = date(2026, 4, 1), date(2027, 3, 31)
PNG = b"\x89PNG\r\n\x1a\n"
APPROVER = "M. Okafor"

REPORTS = Path(__file__).resolve().parents[2] / "models" / "reports"


def need_report(name: str) -> None:
    """The statement PDF and the export are built in models/reports; a test that needs them
    fails with a clear message when one is missing."""
    assert (REPORTS / name).is_file(), f"models/reports/{name} is not written yet"


def buy(
    pence: int = 25_00,
    status: PurchaseStatus = PAID,
    *,
    on: date = date(2026, 11, 20),
    category: PurchaseCategory = PurchaseCategory.CLOTHING,
    supplier: str = "Corner shop",
    purpose: str = "Winter coat",
    case_id: int | None = None,
    allocation_id: int | None = None,
    approved_by: str = "",
    approved_on: date | None = None,
    method: PaymentMethod = PaymentMethod.CARD,
) -> PurchaseDraft:
    return PurchaseDraft(
        purchased_on=on,
        category=category,
        amount_pence=pence,
        payment_method=method,
        status=status,
        supplier=supplier,
        purpose=purpose,
        case_id=case_id,
        allocation_id=allocation_id,
        approved_by=approved_by,
        approved_on=approved_on,
    )


def with_approval(draft: PurchaseDraft) -> PurchaseDraft:
    return dataclasses.replace(draft, approved_by=APPROVER, approved_on=date(2026, 11, 21))


def programme(
    services: Services,
    pence: int = 1000_00,
    name: str = "Programme 2026/27",
    start: date = FY_START,
    end: date = FY_END,
    holder: str = "",
) -> AllocationDTO:
    return services.save_allocation(AllocationDraft(name, start, end, pence, holder=holder))


def count(ctx: ServiceContext, entity: type) -> int:
    with ctx.store.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)


def audit_rows(ctx: ServiceContext) -> list[AuditEntry]:
    with ctx.store.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def stored_purchase(ctx: ServiceContext, purchase_id: int) -> tuple[object, ...]:
    """The purchase's row exactly as stored."""
    with ctx.store.read_session() as session:
        row = session.execute(
            text("SELECT * FROM purchase WHERE id = :id"), {"id": purchase_id}
        ).one()
    return tuple(row)


# -- Allocations and the policy ----------------------------------------------------------------


def test_allocations_are_created_listed_and_edited(services: Services, ctx: ServiceContext) -> None:
    created = services.save_allocation(
        AllocationDraft(
            "  Programme   2026/27 ", FY_START, FY_END, 5000_00, holder=" ", notes=" Lottery "
        )
    )
    assert (created.name, created.holder, created.notes) == ("Programme 2026/27", "", "Lottery")
    assert (created.amount_pence, created.version) == (5000_00, 1)
    mine = programme(services, 300_00, "Navigator float Q3", date(2026, 10, 1), date(2026, 12, 31),
                     holder="navigator.one")  # fmt: skip
    assert [a.id for a in services.allocations()] == [mine.id, created.id]  # newest period first

    edited = services.save_allocation(
        AllocationDraft("Programme 2026/27", FY_START, FY_END, 6000_00), created.id, 1
    )
    assert (edited.amount_pence, edited.version, edited.notes) == (6000_00, 2, "")
    assert services.allocations()[1] == edited
    actions = [(r.action, r.entity_type, r.entity_id) for r in audit_rows(ctx)]
    assert actions[-3:] == [
        (AuditAction.CREATE, "budget_allocation", created.id),
        (AuditAction.CREATE, "budget_allocation", mine.id),
        (AuditAction.EDIT, "budget_allocation", created.id),
    ]


def test_a_stale_allocation_edit_is_refused_and_changes_nothing(
    services: Services, ctx: ServiceContext
) -> None:
    opened = programme(services, 1000_00)
    services.save_allocation(
        AllocationDraft(opened.name, FY_START, FY_END, 1200_00), opened.id, opened.version
    )
    audits = count(ctx, AuditEntry)
    with pytest.raises(StaleEditError, match="changed after you opened it"):
        services.save_allocation(
            AllocationDraft(opened.name, FY_START, FY_END, 50_00), opened.id, opened.version
        )
    (now,) = services.allocations()
    assert (now.amount_pence, now.version) == (1200_00, 2)
    assert count(ctx, AuditEntry) == audits


def test_invalid_or_missing_allocations_are_refused(
    services: Services, ctx: ServiceContext
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_allocation(AllocationDraft("Backwards", FY_END, FY_START, 10_00))
    assert [p.field for p in refused.value.problems] == ["period_end"]
    with pytest.raises(NotFoundError):
        services.save_allocation(AllocationDraft("Gone", FY_START, FY_END, 10_00), 999, 1)
    assert count(ctx, BudgetAllocation) == 0


def test_the_approval_threshold_defaults_to_100_pounds_and_can_be_changed(
    services: Services,
) -> None:
    assert services.approval_threshold() == 100_00
    assert services.set_approval_threshold(250_00) == 250_00
    assert services.approval_threshold() == 250_00
    assert services.set_approval_threshold(0) == 0
    assert services.approval_threshold() == 0
    with pytest.raises(ValidationError):
        services.set_approval_threshold(-1)
    assert services.approval_threshold() == 0


# -- Recording purchases -----------------------------------------------------------------------


def test_a_purchase_for_a_case_and_a_programme_cost(
    services: Services, ctx: ServiceContext
) -> None:
    case = services.create_case(support_case())
    fund = programme(services)
    for_case = services.record_purchase(
        buy(42_50, case_id=case.id, allocation_id=fund.id, supplier="  Primark   Canterbury ")
    )
    assert for_case.case_reference == case.reference
    assert for_case.allocation_name == "Programme 2026/27"
    assert for_case.recorded_by == "navigator.one"
    assert for_case.draft.supplier == "Primark Canterbury"
    assert for_case.draft.amount_pence == 42_50
    assert services.purchase(for_case.id) == for_case

    training = services.record_purchase(
        buy(
            80_00,
            category=PurchaseCategory.EDUCATION,
            purpose="Interpreter for the group session",
            allocation_id=fund.id,
        )
    )
    assert training.draft.case_id is None
    assert training.case_reference == ""
    (row,) = services.purchase_rows([training.id])
    assert (row.case_reference, row.amount_pence) == ("", 80_00)
    assert count(ctx, Purchase) == 2
    (balance,) = services.budget_overview().balances
    assert balance.spent_pence == 42_50 + 80_00


def test_a_purchase_for_a_missing_case_or_allocation_is_refused(
    services: Services, ctx: ServiceContext
) -> None:
    with pytest.raises(NotFoundError, match="case"):
        services.record_purchase(buy(case_id=404))
    with pytest.raises(NotFoundError, match="allocation"):
        services.record_purchase(buy(allocation_id=404))
    with pytest.raises(ValidationError) as refused:
        services.record_purchase(buy(on=TODAY + timedelta(days=1), purpose=""))
    assert {p.field for p in refused.value.problems} == {"purchased_on", "purpose"}
    assert count(ctx, Purchase) == 0


def test_an_overspend_warns_and_saves_nothing_until_confirmed(
    services: Services, ctx: ServiceContext
) -> None:
    fund = programme(services, 100_00, "Lantern Fund")
    services.record_purchase(buy(50_00, allocation_id=fund.id))
    services.record_purchase(buy(10_00, REQUESTED, allocation_id=fund.id))  # promised
    services.record_purchase(buy(90_00, CANCELLED, allocation_id=fund.id))  # counts nothing
    purchases, audits = count(ctx, Purchase), count(ctx, AuditEntry)

    with pytest.raises(OverspendWarning) as warned:
        services.record_purchase(buy(40_01, allocation_id=fund.id, supplier="Overspend Ltd"))
    message = warned.value.user_message
    assert "£40.01" in message
    assert "Lantern Fund" in message
    assert "£40.00 remains" in message
    assert "£0.01 over" in message
    assert count(ctx, Purchase) == purchases
    assert count(ctx, AuditEntry) == audits
    assert services.purchase_ids(PurchaseQuery(search="Overspend")) == []

    saved = services.record_purchase(
        buy(40_01, allocation_id=fund.id, supplier="Overspend Ltd"), confirm_overspend=True
    )
    assert services.purchase_ids(PurchaseQuery(search="Overspend")) == [saved.id]
    (balance,) = services.budget_overview().balances
    assert balance.remaining_pence == -1
    assert balance.overspent


def test_spending_exactly_what_remains_needs_no_confirmation(services: Services) -> None:
    fund = programme(services, 100_00)
    services.record_purchase(buy(60_00, allocation_id=fund.id))
    services.record_purchase(buy(40_00, allocation_id=fund.id))
    (balance,) = services.budget_overview().balances
    assert (balance.remaining_pence, balance.overspent) == (0, False)
    # Purchases with no allocation never warn.
    services.record_purchase(buy(99_00))


def test_raising_an_amount_past_the_allocation_warns_and_changes_nothing(
    services: Services, ctx: ServiceContext
) -> None:
    fund = programme(services, 80_00)
    opened = services.record_purchase(buy(70_00, allocation_id=fund.id))
    before = stored_purchase(ctx, opened.id)
    # Lowering it, or editing other details, never warns.
    lower = services.update_purchase(
        opened.id, opened.version, dataclasses.replace(opened.draft, amount_pence=60_00)
    )
    with pytest.raises(OverspendWarning, match=r"£80\.01 would overspend"):
        services.update_purchase(
            lower.id, lower.version, dataclasses.replace(lower.draft, amount_pence=80_01)
        )
    assert services.purchase(opened.id) == lower
    assert stored_purchase(ctx, opened.id) != before  # the lowering did change the row
    raised = services.update_purchase(
        lower.id, lower.version, dataclasses.replace(lower.draft, amount_pence=80_00)
    )
    assert raised.draft.amount_pence == 80_00


def test_the_approval_rule_is_enforced_through_update_purchase(
    services: Services, ctx: ServiceContext
) -> None:
    over = 100_01  # a penny over the default £100 threshold
    with pytest.raises(ValidationError) as refused:
        services.record_purchase(buy(over, PAID))
    assert [p.field for p in refused.value.problems] == ["approved_by"]
    assert count(ctx, Purchase) == 0
    assert services.record_purchase(buy(100_00, PAID)).draft.status is PAID  # at the threshold

    requested = services.record_purchase(buy(over, REQUESTED))
    before = stored_purchase(ctx, requested.id)
    with pytest.raises(ValidationError) as refused:
        services.update_purchase(
            requested.id, requested.version, dataclasses.replace(requested.draft, status=PAID)
        )
    assert "need approval" in refused.value.user_message
    assert stored_purchase(ctx, requested.id) == before

    approved = services.update_purchase(
        requested.id,
        requested.version,
        with_approval(dataclasses.replace(requested.draft, status=APPROVED)),
    )
    assert (approved.draft.status, approved.draft.approved_by) == (APPROVED, APPROVER)
    paid = services.update_purchase(
        approved.id, approved.version, dataclasses.replace(approved.draft, status=PAID)
    )
    assert paid.draft.status is PAID

    # Paid never goes back; refunded is where it may go.
    with pytest.raises(ValidationError, match="paid cannot become requested"):
        services.update_purchase(
            paid.id, paid.version, dataclasses.replace(paid.draft, status=REQUESTED)
        )
    refunded = services.update_purchase(
        paid.id, paid.version, dataclasses.replace(paid.draft, status=REFUNDED)
    )
    assert services.purchase(paid.id).draft.status is REFUNDED
    with pytest.raises(ValidationError, match="refunded cannot become paid"):
        services.update_purchase(
            refunded.id, refunded.version, dataclasses.replace(refunded.draft, status=PAID)
        )


def test_a_higher_threshold_lets_the_same_purchase_be_paid(services: Services) -> None:
    services.set_approval_threshold(200_00)
    assert services.record_purchase(buy(150_00, PAID)).draft.status is PAID
    with pytest.raises(ValidationError):
        services.record_purchase(buy(200_01, PAID))


def test_a_stale_purchase_edit_is_refused_and_changes_nothing(
    services: Services, ctx: ServiceContext
) -> None:
    opened = services.record_purchase(buy(30_00, supplier="First Supplier"))
    first = services.update_purchase(
        opened.id, opened.version, dataclasses.replace(opened.draft, supplier="Second Supplier")
    )
    assert first.version == opened.version + 1
    before, audits = stored_purchase(ctx, opened.id), count(ctx, AuditEntry)
    with pytest.raises(StaleEditError, match="changed after you opened it"):
        services.update_purchase(
            opened.id, opened.version, dataclasses.replace(opened.draft, supplier="Third")
        )
    assert stored_purchase(ctx, opened.id) == before
    assert services.purchase(opened.id).draft.supplier == "Second Supplier"
    assert count(ctx, AuditEntry) == audits
    with pytest.raises(NotFoundError):
        services.update_purchase(999, 1, opened.draft)


# -- The audit holds no money and no words ------------------------------------------------------

SUPPLIER = "Quillfeather Outfitters"
PURPOSE = "Zarathustra-sentinel winter coat"
ALLOCATION_NAME = "Lanternwick Fund"
ALLOCATION_NOTES = "Brambleglow grant"
BIG = 9_876_543_21  # £9,876,543.21: nine digits, so never a chance match inside a hash


def test_the_audit_of_the_budget_holds_no_amount_supplier_or_purpose(
    services: Services, ctx: ServiceContext
) -> None:
    start = count(ctx, AuditEntry)
    services.set_approval_threshold(8_765_432_10)
    fund = services.save_allocation(
        AllocationDraft(ALLOCATION_NAME, FY_START, FY_END, 9_999_999_99, notes=ALLOCATION_NOTES)
    )
    fund = services.save_allocation(
        AllocationDraft(ALLOCATION_NAME, FY_START, FY_END, 9_999_999_98, notes=ALLOCATION_NOTES),
        fund.id,
        fund.version,
    )
    bought = services.record_purchase(
        with_approval(buy(BIG, supplier=SUPPLIER, purpose=PURPOSE, allocation_id=fund.id))
    )
    bought = services.update_purchase(
        bought.id, bought.version, dataclasses.replace(bought.draft, status=REFUNDED)
    )
    receipt = services.add_receipt(bought.id, PNG + b"Quillfeather receipt body")
    services.record_budget_export(STATEMENT_ENTITY)

    rows = audit_rows(ctx)[start:]
    assert [(r.action, r.entity_type, r.entity_id) for r in rows] == [
        (AuditAction.EDIT, "budget_policy", 1),
        (AuditAction.CREATE, "budget_allocation", fund.id),
        (AuditAction.EDIT, "budget_allocation", fund.id),
        (AuditAction.CREATE, "purchase", bought.id),
        (AuditAction.EDIT, "purchase", bought.id),
        (AuditAction.CREATE, "receipt", receipt.id),
        (AuditAction.EXPORT, STATEMENT_ENTITY, None),
    ]
    secrets = [
        SUPPLIER, "Quillfeather", PURPOSE, "Zarathustra", "winter coat", ALLOCATION_NAME,
        "Lanternwick", ALLOCATION_NOTES, "Brambleglow", APPROVER, "Okafor",
        str(BIG), "9876543.21", "9,876,543.21", "999999999", "9999999.9", "876543210", "8765432.1",
    ]  # fmt: skip
    columns = [column.key for column in AuditEntry.__table__.columns]
    assert {"action", "entity_type", "entity_id", "user", "hash", "previous_hash"} <= set(columns)
    leaks = [
        (row.id, column, secret)
        for row in rows
        for column in columns
        for secret in secrets
        if secret.lower() in str(getattr(row, column)).lower()
    ]
    assert leaks == []
    with ctx.store.read_session() as session:
        assert audit.verify_chain(session).ok


# -- The purchase list ----------------------------------------------------------------------------


@pytest.fixture
def shop(services: Services) -> dict[str, int]:
    """Seven purchases across two cases, the programme, dates, categories and statuses."""
    first = services.create_case(support_case("Hoa", "Nguyễn"))
    second = services.create_case(support_case("Amara", "Okoye"))
    fund = programme(services, 5000_00, "Programme 2026/27")
    q3 = programme(services, 500_00, "Navigator float", date(2026, 10, 1), date(2026, 12, 31),
                   holder="navigator.one")  # fmt: skip
    made = {
        "coat": buy(45_00, on=date(2026, 11, 3), supplier="Primark", purpose="Winter coat",
                    case_id=first.id, allocation_id=q3.id),
        "bus": buy(12_40, on=date(2026, 11, 3), category=PurchaseCategory.TRAVEL,
                   supplier="Stagecoach", purpose="Bus to the GP", case_id=first.id,
                   allocation_id=q3.id, method=PaymentMethod.CASH),
        "phone": buy(20_00, on=date(2026, 10, 31), category=PurchaseCategory.COMMUNICATION,
                     supplier="vodafone", purpose="Phone top-up", case_id=second.id,
                     allocation_id=fund.id),
        "course": buy(150_00, REQUESTED, on=date(2026, 11, 1), category=PurchaseCategory.EDUCATION,
                      supplier="Adult College", purpose="ESOL course fees", case_id=second.id,
                      allocation_id=fund.id),
        "room": buy(300_00, REQUESTED, on=date(2026, 11, 24),
                    category=PurchaseCategory.ACCOMMODATION, supplier="Premier Inn",
                    purpose="Emergency room for the group training", allocation_id=fund.id),
        "boots": buy(35_00, CANCELLED, on=date(2026, 11, 10), supplier="clarks",
                     purpose="Boots (cancelled)", case_id=first.id),
        "tickets": buy(60_00, on=date(2026, 9, 15), category=PurchaseCategory.TRAVEL,
                       supplier="National Express", purpose="Coach to the Home Office",
                       case_id=second.id, allocation_id=fund.id),
    }  # fmt: skip
    ids = {name: services.record_purchase(draft).id for name, draft in made.items()}
    ids["first_case"], ids["second_case"] = first.id, second.id
    ids["fund"], ids["q3"] = fund.id, q3.id
    return ids


def named(shop: dict[str, int], ids: list[int]) -> list[str]:
    by_id = {pid: name for name, pid in shop.items() if not name.endswith(("case", "fund", "q3"))}
    return [by_id[pid] for pid in ids]


def found(services: Services, shop: dict[str, int], **query: Any) -> list[str]:
    return named(shop, services.purchase_ids(PurchaseQuery(**query)))


def test_the_default_list_is_newest_first(services: Services, shop: dict[str, int]) -> None:
    # Same-day purchases: the later one recorded comes first.
    assert found(services, shop) == [
        "room", "boots", "bus", "coat", "course", "phone", "tickets",
    ]  # fmt: skip
    assert found(services, shop, descending=False) == [
        "tickets", "phone", "course", "coat", "bus", "boots", "room",
    ]  # fmt: skip


def test_filters_by_date_range_inclusive(services: Services, shop: dict[str, int]) -> None:
    november = found(services, shop, date_from=date(2026, 11, 1), date_to=date(2026, 11, 3))
    assert november == ["bus", "coat", "course"]
    assert found(services, shop, date_to=date(2026, 10, 31)) == ["phone", "tickets"]
    assert found(services, shop, date_from=date(2026, 11, 24)) == ["room"]


def test_filters_by_category_status_case_and_allocation(
    services: Services, shop: dict[str, int]
) -> None:
    assert found(services, shop, category=PurchaseCategory.TRAVEL) == ["bus", "tickets"]
    assert found(services, shop, status=REQUESTED) == ["room", "course"]
    assert found(services, shop, status=CANCELLED) == ["boots"]
    assert found(services, shop, case_id=shop["first_case"]) == ["boots", "bus", "coat"]
    assert found(services, shop, allocation_id=shop["q3"]) == ["bus", "coat"]
    assert found(services, shop, category=PurchaseCategory.TRAVEL, case_id=shop["first_case"]) == [
        "bus"
    ]


def test_search_words_match_supplier_purpose_or_case_reference(
    services: Services, shop: dict[str, int]
) -> None:
    second_reference = services.open_case(shop["second_case"]).reference
    assert found(services, shop, search="VODAFONE") == ["phone"]  # any case
    assert found(services, shop, search="office") == ["tickets"]  # in the purpose
    assert found(services, shop, search="coach") == ["bus", "tickets"]  # Stagecoach too
    assert found(services, shop, search="home office") == ["tickets"]  # every word must match
    assert found(services, shop, search="coat primark") == ["coat"]
    assert found(services, shop, search="coat clarks") == []
    assert found(services, shop, search=second_reference) == ["course", "phone", "tickets"]
    assert found(services, shop, search=second_reference[-4:]) == ["course", "phone", "tickets"]
    assert found(services, shop, search="%") == found(services, shop)
    assert found(services, shop, search="nothing-like-this") == []


def test_sorts(services: Services, shop: dict[str, int]) -> None:
    assert found(services, shop, sort=PurchaseSort.AMOUNT) == [
        "room", "course", "tickets", "coat", "boots", "phone", "bus",
    ]  # fmt: skip
    # Case-insensitive: "clarks" sorts among the capitalised names, not after them.
    assert found(services, shop, sort=PurchaseSort.SUPPLIER, descending=False) == [
        "course", "boots", "tickets", "room", "coat", "bus", "phone",
    ]  # fmt: skip
    by_category = found(services, shop, sort=PurchaseSort.CATEGORY, descending=False)
    assert by_category == ["room", "coat", "boots", "phone", "course", "bus", "tickets"]
    by_status = found(services, shop, sort=PurchaseSort.STATUS, descending=False)
    assert by_status[0] == "boots" and set(by_status[-2:]) == {"course", "room"}
    by_case = found(services, shop, sort=PurchaseSort.CASE, descending=False)
    assert by_case == ["room", "coat", "bus", "boots", "phone", "course", "tickets"]


def test_rows_come_back_in_the_order_asked_with_their_details(
    services: Services, shop: dict[str, int]
) -> None:
    first_reference = services.open_case(shop["first_case"]).reference
    ids = [shop["room"], 99_999, shop["bus"]]
    room, bus = services.purchase_rows(ids)
    assert (room.id, room.case_reference, room.allocation_name) == (
        shop["room"],
        "",
        "Programme 2026/27",
    )
    assert (room.amount_pence, room.status, room.receipt_count) == (300_00, REQUESTED, 0)
    assert (bus.case_reference, bus.allocation_name) == (first_reference, "Navigator float")
    assert (bus.supplier, bus.purpose, bus.payment_method) == (
        "Stagecoach",
        "Bus to the GP",
        PaymentMethod.CASH,
    )
    services.add_receipt(shop["bus"], PNG + b"one")
    services.add_receipt(shop["bus"], PNG + b"two")
    (bus,) = services.purchase_rows([shop["bus"]])
    assert bus.receipt_count == 2
    assert services.purchase_rows([]) == []


def test_purchase_total_counts_matches_and_sums_only_paid(
    services: Services, shop: dict[str, int]
) -> None:
    assert services.purchase_total(PurchaseQuery()) == (7, 45_00 + 12_40 + 20_00 + 60_00)
    assert services.purchase_total(PurchaseQuery(case_id=shop["first_case"])) == (3, 57_40)
    assert services.purchase_total(PurchaseQuery(status=REQUESTED)) == (2, 0)
    assert services.purchase_total(PurchaseQuery(search="no-such-words")) == (0, 0)


# -- Receipts -----------------------------------------------------------------------------------

MARKER = b"WAYPOST-RECEIPT-MARKER-7f3a9c51e2"


def distinctive_receipt() -> bytes:
    """A PNG signature, then 64 KiB of random bytes with a marker in the middle."""
    payload = bytearray(os.urandom(64 * 1024))
    payload[30_000 : 30_000 + len(MARKER)] = MARKER
    return PNG + bytes(payload)


def vault_files(database: Path) -> Iterator[Path]:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            yield path


def test_a_receipt_round_trip_stays_encrypted_in_the_vault(
    tmp_path: Path, db_key: bytes, store: Store, services: Services
) -> None:
    bought = services.record_purchase(buy(18_99, supplier="Boots"))
    content = distinctive_receipt()
    info = services.add_receipt(bought.id, content)
    assert (info.purchase_id, info.media_type, info.size_bytes) == (
        bought.id,
        ReceiptType.PNG,
        len(content),
    )
    kind, back = services.receipt_content(info.id)
    assert kind is ReceiptType.PNG
    assert back == content
    assert hashlib.sha256(back).digest() == hashlib.sha256(content).digest()
    assert services.purchase(bought.id).receipts == (info,)

    database = store.path
    store.close()
    # Closing the last connection checkpoints the write-ahead log into the database file.
    wal = Path(f"{database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert database.stat().st_size > len(content)
    slices = [MARKER, content[1000:1032], content[-32:], content[40_000:40_032]]
    files = list(vault_files(database))
    assert database in files
    for path in files:
        raw = path.read_bytes()
        for piece in slices:
            assert piece not in raw, f"receipt bytes found in plain text in {path.name}"

    # And the bytes really are in that file: reopened, the receipt reads back the same.
    reopened = open_store(database, db_key)
    try:
        again = Services(ServiceContext(store=reopened, user="navigator.one", today=lambda: TODAY))
        assert again.receipt_content(info.id) == (ReceiptType.PNG, content)
    finally:
        reopened.close()


def test_a_tampered_receipt_is_detected(services: Services, ctx: ServiceContext) -> None:
    bought = services.record_purchase(buy())
    content = PNG + b"the original receipt" * 50
    info = services.add_receipt(bought.id, content)
    tampered = content.replace(b"original", b"doctored")
    with ctx.store.session() as session:
        session.execute(
            text("UPDATE receipt SET content = :c WHERE id = :id"), {"c": tampered, "id": info.id}
        )
    with pytest.raises(WaypostError, match="do not match"):
        services.receipt_content(info.id)
    with pytest.raises(NotFoundError):
        services.receipt_content(info.id + 1)


def test_an_oversized_or_wrong_receipt_is_refused_and_nothing_stored(
    services: Services, ctx: ServiceContext
) -> None:
    bought = services.record_purchase(buy())
    audits = count(ctx, AuditEntry)
    too_big = PNG + bytes(RECEIPT_LIMIT_BYTES + 1 - len(PNG))
    with pytest.raises(ReceiptRefused) as refused:
        services.add_receipt(bought.id, too_big)
    assert "10.1 MB" in refused.value.user_message
    assert "at most 10 MB" in refused.value.user_message
    with pytest.raises(ReceiptRefused, match="PDF, a JPEG or a PNG"):
        services.add_receipt(bought.id, b"GIF89a not a receipt")
    with pytest.raises(ReceiptRefused, match="empty"):
        services.add_receipt(bought.id, b"")
    with pytest.raises(NotFoundError):
        services.add_receipt(404, PNG + b"fine")
    assert count(ctx, Receipt) == 0
    assert count(ctx, AuditEntry) == audits
    assert services.purchase(bought.id).receipts == ()

    at_limit = PNG + bytes(RECEIPT_LIMIT_BYTES - len(PNG))
    info = services.add_receipt(bought.id, at_limit)
    assert info.size_bytes == RECEIPT_LIMIT_BYTES
    assert services.receipt_content(info.id)[1] == at_limit


# -- The overview and the statement ---------------------------------------------------------------


def test_budget_overview_balances_and_spend(services: Services) -> None:
    fund = programme(services, 1000_00, "Programme 2026/27")
    old = programme(services, 200_00, "Programme 2025/26", date(2025, 4, 1), date(2026, 3, 31))
    services.record_purchase(buy(100_00, on=date(2026, 4, 1), allocation_id=fund.id))
    services.record_purchase(
        buy(20_00, on=date(2026, 6, 30), category=PurchaseCategory.TRAVEL, allocation_id=fund.id)
    )
    services.record_purchase(buy(150_00, REQUESTED, on=date(2026, 7, 1), allocation_id=fund.id))
    services.record_purchase(buy(70_00, CANCELLED, on=date(2026, 7, 1), allocation_id=fund.id))
    services.record_purchase(buy(30_00, on=date(2026, 3, 31), allocation_id=old.id))
    refunded = services.record_purchase(buy(5_00, on=TODAY, allocation_id=fund.id))
    services.update_purchase(
        refunded.id, refunded.version, dataclasses.replace(refunded.draft, status=REFUNDED)
    )

    overview = services.budget_overview()
    assert (overview.period_start, overview.period_end) == (FY_START, FY_END)
    assert overview.approval_threshold_pence == 100_00
    figures = {
        b.allocation.name: (b.spent_pence, b.committed_pence, b.remaining_pence)
        for b in overview.balances
    }
    assert figures == {
        "Programme 2026/27": (120_00, 150_00, 730_00),
        "Programme 2025/26": (30_00, 0, 170_00),
    }
    assert [b.allocation.name for b in overview.balances] == [
        "Programme 2026/27",
        "Programme 2025/26",
    ]
    spend = overview.spend
    assert spend.total_pence == 120_00  # this year's paid only
    assert spend.by_category == (
        (PurchaseCategory.CLOTHING, 100_00),
        (PurchaseCategory.TRAVEL, 20_00),
    )
    assert len(spend.by_month) == 12
    assert spend.by_month[0] == ("2026-04", 100_00)
    assert spend.by_month[2] == ("2026-06", 20_00)
    assert [month for month, _ in spend.by_month][-1] == "2027-03"
    assert sum(pence for _, pence in spend.by_month) == 120_00
    assert dict(spend.by_month)["2026-05"] == 0

    last_year = services.budget_overview(date(2025, 4, 1), date(2026, 3, 31)).spend
    assert last_year.total_pence == 30_00
    assert dict(last_year.by_month)["2026-03"] == 30_00


@dataclasses.dataclass(frozen=True)
class Month:
    case_reference: str
    october: list[PurchaseDTO]
    november: list[PurchaseDTO]


@pytest.fixture
def month(services: Services) -> Month:
    """October and November 2026 against the year's programme allocation."""
    services.save_navigator_profile(
        NavigatorProfileDTO(display_name="Sam Rivers", organisation="Harbour Trust")
    )
    case = services.create_case(support_case("Lirije", "Xhafaj"))
    fund = programme(services, 1000_00)
    programme(services, 50_00, "Programme 2025/26", date(2025, 4, 1), date(2026, 3, 31))
    q3 = programme(services, 400_00, "Navigator float", date(2026, 10, 1), date(2026, 12, 31),
                   holder="navigator.one")  # fmt: skip
    october = [
        services.record_purchase(buy(100_00, on=date(2026, 10, 5), allocation_id=fund.id)),
        services.record_purchase(
            buy(50_00, REQUESTED, on=date(2026, 10, 31), allocation_id=fund.id)
        ),
    ]
    november = [
        services.record_purchase(
            buy(12_34, on=date(2026, 11, 1), category=PurchaseCategory.TRAVEL,
                case_id=case.id, allocation_id=fund.id)
        ),
        services.record_purchase(buy(45_66, on=date(2026, 11, 30) - timedelta(days=5),
                                     case_id=case.id, allocation_id=q3.id)),
        services.record_purchase(buy(20_00, APPROVED, on=date(2026, 11, 10), allocation_id=fund.id,
                                     approved_by=APPROVER, approved_on=date(2026, 11, 10))),
        services.record_purchase(buy(99_00, CANCELLED, on=date(2026, 11, 11),
                                     allocation_id=fund.id)),
        services.record_purchase(buy(8_00, on=date(2026, 11, 12), allocation_id=q3.id)),
    ]  # fmt: skip
    refund = november[4]
    services.update_purchase(
        refund.id, refund.version, dataclasses.replace(refund.draft, status=REFUNDED)
    )
    services.add_receipt(november[0].id, PNG + b"bus receipt")
    return Month(case.reference, october, november)


def test_the_statement_lists_the_month_without_cancelled_purchases(
    services: Services, month: Month
) -> None:
    november, case_reference = month.november, month.case_reference
    statement = services.budget_statement(date(2026, 11, 17))
    assert (statement.month_start, statement.month_end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (statement.organisation, statement.prepared_by, statement.prepared_on) == (
        "Harbour Trust",
        "Sam Rivers",
        TODAY,
    )
    ids = [line.id for line in statement.lines]
    assert ids == [november[0].id, november[2].id, november[4].id, november[1].id]  # date order
    assert all(line.status is not CANCELLED for line in statement.lines)
    assert statement.lines[0].case_reference == case_reference

    paid_lines = [line for line in statement.lines if line.status is PAID]
    assert len(paid_lines) == 2
    assert statement.paid_pence == sum(line.amount_pence for line in paid_lines) == 12_34 + 45_66
    assert statement.committed_pence == 20_00
    assert statement.refunded_pence == 8_00
    assert statement.by_category == (
        (PurchaseCategory.CLOTHING, 45_66),
        (PurchaseCategory.TRAVEL, 12_34),
    )
    assert statement.missing_receipts == 1  # the clothing; the bus fare has its receipt


def test_the_statement_balances_are_as_at_the_months_end(services: Services, month: Month) -> None:
    october = services.budget_statement(date(2026, 10, 1))
    assert [line.amount_pence for line in october.lines] == [100_00, 50_00]
    assert october.paid_pence == 100_00
    assert october.committed_pence == 50_00
    figures = {
        b.allocation.name: (b.spent_pence, b.committed_pence, b.remaining_pence)
        for b in october.balances
    }
    # November's purchases are not yet counted; last year's allocation is not shown.
    assert figures == {
        "Programme 2026/27": (100_00, 50_00, 850_00),
        "Navigator float": (0, 0, 400_00),
    }
    november = services.budget_statement(date(2026, 11, 1))
    figures = {
        b.allocation.name: (b.spent_pence, b.committed_pence, b.remaining_pence)
        for b in november.balances
    }
    assert figures == {
        "Programme 2026/27": (112_34, 70_00, 817_66),
        "Navigator float": (45_66, 0, 354_34),
    }


def test_parse_month() -> None:
    assert parse_month(" 2026-11 ") == (date(2026, 11, 1), date(2026, 11, 30))
    assert parse_month("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    for wrong in ("2026-13", "2026-11-01", "November", "", "11-2026"):
        with pytest.raises(ValidationError) as refused:
            parse_month(wrong)
        assert [p.field for p in refused.value.problems] == ["month"]


def test_an_empty_month_has_an_empty_statement(services: Services) -> None:
    statement = services.budget_statement(date(2026, 2, 1))
    assert (statement.month_end, statement.lines, statement.paid_pence) == (
        date(2026, 2, 28),
        (),
        0,
    )
    assert (statement.missing_receipts, statement.balances, statement.by_category) == (0, (), ())
    assert statement.prepared_by == "navigator.one"  # no profile yet: the login


def test_prepare_statement_builds_a_pdf_named_by_the_month_only(
    services: Services, ctx: ServiceContext, month: Month
) -> None:
    need_report("budget_statement.py")
    audits = count(ctx, AuditEntry)
    rendered = services.prepare_budget_statement(date(2026, 11, 1))
    assert rendered.data.startswith(b"%PDF")
    assert rendered.file_name == "budget-statement-2026-11.pdf"
    from pypdf import PdfReader

    text_ = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.data)).pages)
    assert month.case_reference in " ".join(text_.split())
    for name in ("Lirije", "Xhafaj"):
        assert name not in text_
    assert count(ctx, AuditEntry) == audits  # preparing writes nothing


def test_prepare_export_refuses_a_bad_format_or_reversed_dates(
    services: Services, ctx: ServiceContext
) -> None:
    need_report("purchase_export.py")
    with pytest.raises(ValidationError) as refused:
        services.prepare_purchase_export(FY_START, FY_END, "pdf")
    assert [p.field for p in refused.value.problems] == ["format"]
    with pytest.raises(ValidationError) as refused:
        services.prepare_purchase_export(FY_END, FY_START, "csv")
    assert [p.field for p in refused.value.problems] == ["date_to"]
    rendered = services.prepare_purchase_export(FY_START, FY_START, "csv")
    assert FY_START.isoformat() in rendered.file_name
    assert rendered.file_name.endswith(".csv")


def test_prepare_export_lists_the_purchases_in_the_range(
    services: Services, ctx: ServiceContext, month: Month
) -> None:
    need_report("purchase_export.py")
    audits = count(ctx, AuditEntry)
    rendered = services.prepare_purchase_export(date(2026, 11, 1), date(2026, 11, 30), "csv")
    csv_text = rendered.data.decode("utf-8-sig")
    reference = month.case_reference
    lines = list(csv.DictReader(io.StringIO(csv_text)))
    # Every purchase dated in November, in date order; October's are not there.
    november = sorted(month.november, key=lambda p: (p.draft.purchased_on, p.id))
    assert [int(line["Purchase ID"]) for line in lines] == [p.id for p in november]
    assert [int(line["Amount (pence)"]) for line in lines] == [
        p.draft.amount_pence for p in november
    ]
    assert lines[0]["Case reference"] == reference
    assert lines[0]["Amount (GBP)"] == "12.34"
    assert "Lirije" not in csv_text and "Xhafaj" not in csv_text
    assert "Lirije" not in rendered.file_name and reference not in rendered.file_name
    xlsx = services.prepare_purchase_export(date(2026, 11, 1), date(2026, 11, 30), "xlsx")
    assert xlsx.data.startswith(b"PK") and xlsx.file_name.endswith(".xlsx")
    assert count(ctx, AuditEntry) == audits


def test_record_budget_export_writes_an_export_audit_row(
    services: Services, ctx: ServiceContext
) -> None:
    start = count(ctx, AuditEntry)
    services.record_budget_export(STATEMENT_ENTITY)
    services.record_budget_export(EXPORT_ENTITY)
    rows = audit_rows(ctx)[start:]
    assert [(r.action, r.entity_type, r.entity_id, r.user) for r in rows] == [
        (AuditAction.EXPORT, "budget_statement", None, "navigator.one"),
        (AuditAction.EXPORT, "purchase_export", None, "navigator.one"),
    ]
    with pytest.raises(ValueError, match="unknown budget export"):
        services.record_budget_export("everything")
    assert count(ctx, AuditEntry) == start + 2


# -- 50,000 purchases ----------------------------------------------------------------------------


def test_fifty_thousand_purchases_list_and_total_correctly(
    services: Services, ctx: ServiceContext
) -> None:
    begun = time.monotonic()
    fund = programme(services, 5_000_000_00)
    categories = list(PurchaseCategory)
    statuses = [PAID, PAID, PAID, REQUESTED, APPROVED, REFUNDED, CANCELLED]
    now = datetime.now(UTC)
    first_day = date(2024, 4, 1)
    rows: list[dict[str, Any]] = [
        {
            "purchased_on": first_day + timedelta(days=n % 900),
            "category": categories[n % len(categories)],
            "amount_pence": 100 + n % 9_000,
            "supplier": "Needle Supplies" if n % 1000 == 7 else f"Supplier {n % 300}",
            "payment_method": PaymentMethod.CARD,
            "purpose": f"Purchase number {n}",
            "status": statuses[n % len(statuses)],
            "approved_by": "",
            "approved_on": None,
            "recorded_by": "navigator.one",
            # In two runs: the ORM inserts a run of rows whose None columns match at once.
            "allocation_id": fund.id if n < 25_000 else None,
            "case_id": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(50_000)
    ]
    with ctx.store.session() as session:
        session.execute(insert(Purchase), rows)
    assert count(ctx, Purchase) == 50_000

    def expected(keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        return [row for row in rows if keep(row)]

    travel_2025 = PurchaseQuery(
        category=PurchaseCategory.TRAVEL, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    )
    wanted = expected(
        lambda r: (
            r["category"] is PurchaseCategory.TRAVEL
            and date(2025, 1, 1) <= r["purchased_on"] <= date(2025, 12, 31)
        )
    )
    ids = services.purchase_ids(travel_2025)
    assert len(ids) == len(wanted) > 1000
    page = services.purchase_rows(ids[:100])
    assert [row.id for row in page] == ids[:100]
    assert all(row.category is PurchaseCategory.TRAVEL for row in page)
    dates = [row.purchased_on for row in page]
    assert dates == sorted(dates, reverse=True)
    paid = sum(r["amount_pence"] for r in wanted if r["status"] is PAID)
    assert services.purchase_total(travel_2025) == (len(wanted), paid)

    needles = services.purchase_ids(PurchaseQuery(search="needle", status=PAID))
    assert len(needles) == len(
        expected(lambda r: r["supplier"] == "Needle Supplies" and r["status"] is PAID)
    )
    assert len(services.purchase_ids(PurchaseQuery(search="Purchase number 49999"))) == 1
    (balance,) = services.budget_overview().balances
    drawn = [r for r in rows if r["allocation_id"] == fund.id]
    assert balance.spent_pence == sum(r["amount_pence"] for r in drawn if r["status"] is PAID)
    assert balance.committed_pence == sum(
        r["amount_pence"] for r in drawn if r["status"] in (REQUESTED, APPROVED)
    )
    assert time.monotonic() - begun < 10
