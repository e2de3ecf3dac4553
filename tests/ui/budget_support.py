"""Helpers shared by the Budget page tests: allocations and purchases through the real services."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.dto import AllocationDraft, AllocationDTO, PurchaseDraft, PurchaseDTO
from models.entities import AuditEntry
from models.enums import AuditAction, PaymentMethod, PurchaseCategory, PurchaseStatus
from models.services.facade import Services

YEAR_START, YEAR_END = date(2026, 4, 1), date(2027, 3, 31)  # UI_TODAY is 25 Nov 2026


def allocate(
    services: Services, name: str, pounds: int, *, holder: str = "", start: date = YEAR_START
) -> AllocationDTO:
    end = date(start.year + 1, 3, 31)
    return services.save_allocation(AllocationDraft(name, start, end, pounds * 100, holder))


def buy(
    services: Services,
    on: date,
    category: PurchaseCategory,
    pence: int,
    *,
    status: PurchaseStatus = PurchaseStatus.PAID,
    allocation: AllocationDTO | None = None,
    supplier: str = "Tesco",
    purpose: str = "Weekly shop",
    case_id: int | None = None,
) -> PurchaseDTO:
    """Record a purchase; one over the threshold is approved first, as the rules want."""
    approved = status is PurchaseStatus.APPROVED or (
        status is PurchaseStatus.PAID and pence > services.approval_threshold()
    )
    return services.record_purchase(
        PurchaseDraft(
            purchased_on=on,
            category=category,
            amount_pence=pence,
            payment_method=PaymentMethod.CARD,
            status=status,
            supplier=supplier,
            purpose=purpose,
            case_id=case_id,
            allocation_id=allocation.id if allocation else None,
            approved_by="Team leader" if approved else "",
            approved_on=on if approved else None,
        ),
        confirm_overspend=True,
    )


def export_entries(services: Services, entity: str) -> list[tuple[AuditAction, str]]:
    """The audit log's entries for ``entity`` (``budget_statement`` or ``purchase_export``)."""
    with services.ctx.store.read_session() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.user)
            .where(AuditEntry.entity_type == entity)
            .order_by(AuditEntry.id)
        )
        return [(AuditAction(action), user) for action, user in rows]
