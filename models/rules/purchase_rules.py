"""What a purchase may be and become: validation, approval above the threshold, the status
transitions, which allocation a purchase draws from, and what a receipt file may be.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models.dto import AllocationDraft, AllocationDTO, PurchaseDraft
from models.enums import PurchaseStatus, ReceiptType
from models.errors import FieldProblem
from models.rules.money import MAX_PENCE, format_pence

DEFAULT_APPROVAL_THRESHOLD_PENCE = 100_00  # £100
TEXT_LIMIT = 1000

# Where each status may go next. Final states go nowhere.
TRANSITIONS: dict[PurchaseStatus, frozenset[PurchaseStatus]] = {
    PurchaseStatus.REQUESTED: frozenset(
        {PurchaseStatus.APPROVED, PurchaseStatus.PAID, PurchaseStatus.CANCELLED}
    ),
    PurchaseStatus.APPROVED: frozenset({PurchaseStatus.PAID, PurchaseStatus.CANCELLED}),
    PurchaseStatus.PAID: frozenset({PurchaseStatus.REFUNDED}),
    PurchaseStatus.REFUNDED: frozenset(),
    PurchaseStatus.CANCELLED: frozenset(),
}


def needs_approval(amount_pence: int, threshold_pence: int) -> bool:
    """A purchase strictly above the threshold needs approval before it is paid."""
    return amount_pence > threshold_pence


def default_status(amount_pence: int, threshold_pence: int) -> PurchaseStatus:
    """What a new purchase starts as: paid when it needs no approval, else requested."""
    return (
        PurchaseStatus.REQUESTED
        if needs_approval(amount_pence, threshold_pence)
        else PurchaseStatus.PAID
    )


def is_approved(draft: PurchaseDraft) -> bool:
    return bool(draft.approved_by.strip()) and draft.approved_on is not None


def status_problems(
    previous: PurchaseStatus | None, draft: PurchaseDraft, threshold_pence: int
) -> list[FieldProblem]:
    """Problems with the draft's status given the status it had (None: a new purchase)."""
    problems: list[FieldProblem] = []
    wanted = draft.status
    if previous is not None and wanted is not previous and wanted not in TRANSITIONS[previous]:
        problems.append(
            FieldProblem(
                "status", f"A purchase that is {previous.value} cannot become {wanted.value}."
            )
        )
    if previous is None and wanted in (PurchaseStatus.REFUNDED,):
        problems.append(FieldProblem("status", "Only a paid purchase can be refunded."))
    needs = needs_approval(draft.amount_pence, threshold_pence)
    paying = wanted in (PurchaseStatus.PAID, PurchaseStatus.REFUNDED)
    if (wanted is PurchaseStatus.APPROVED or (paying and needs)) and not is_approved(draft):
        reason = (
            f"Purchases over {format_pence(threshold_pence)} need approval before they "
            "are paid: record who approved it and when."
            if wanted is not PurchaseStatus.APPROVED
            else "Record who approved the purchase and when."
        )
        problems.append(FieldProblem("approved_by", reason))
    return problems


def approval_outdated(
    previous_amount_pence: int,
    previous_approved_by: str,
    previous_approved_on: date | None,
    draft: PurchaseDraft,
    threshold_pence: int,
) -> list[FieldProblem]:
    """An approval covers the amount approved: raising the amount of an approved purchase
    (above the threshold) needs the approval recorded again."""
    if (
        previous_approved_by
        and draft.amount_pence > previous_amount_pence
        and needs_approval(draft.amount_pence, threshold_pence)
        and draft.approved_by.strip() == previous_approved_by
        and draft.approved_on == previous_approved_on
    ):
        return [
            FieldProblem(
                "approved_by",
                f"The amount went up from {format_pence(previous_amount_pence)} after it was "
                "approved: record the new approval (who and when) for the new amount.",
            )
        ]
    return []


def validate_purchase(draft: PurchaseDraft, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if draft.amount_pence <= 0:
        problems.append(FieldProblem("amount_pence", "The amount must be more than £0.00."))
    elif draft.amount_pence > MAX_PENCE:
        problems.append(FieldProblem("amount_pence", "That amount is too large."))
    if draft.purchased_on > today:
        problems.append(FieldProblem("purchased_on", "The purchase date cannot be in the future."))
    if draft.approved_on is not None and draft.approved_on > today:
        problems.append(FieldProblem("approved_on", "The approval date cannot be in the future."))
    if draft.approved_on is not None and not draft.approved_by.strip():
        problems.append(FieldProblem("approved_by", "Say who approved the purchase."))
    if not draft.purpose.strip():
        problems.append(FieldProblem("purpose", "Say in a sentence what the purchase was for."))
    for name, text, limit in (
        ("purpose", draft.purpose, TEXT_LIMIT),
        ("supplier", draft.supplier, 200),
        ("approved_by", draft.approved_by, 200),
    ):
        if len(text) > limit:
            problems.append(FieldProblem(name, f"Keep this under {limit} characters."))
    return problems


def validate_allocation(draft: AllocationDraft) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not draft.name.strip():
        problems.append(FieldProblem("name", "Name the allocation, e.g. Programme 2026/27."))
    if draft.amount_pence < 0 or draft.amount_pence > MAX_PENCE:
        problems.append(FieldProblem("amount_pence", "The amount must be £0 or more."))
    if draft.period_end < draft.period_start:
        problems.append(FieldProblem("period_end", "The period must end after it starts."))
    return problems


def allocation_for(
    purchased_on: date, user: str, allocations: Sequence[AllocationDTO]
) -> AllocationDTO | None:
    """The allocation a purchase draws from by default: the navigator's own covering the date,
    else the programme's covering the date, else none."""
    covering = [a for a in allocations if a.period_start <= purchased_on <= a.period_end]
    own = [a for a in covering if a.holder == user]
    programme = [a for a in covering if not a.holder]
    chosen = own or programme
    return min(chosen, key=lambda a: (a.period_end, a.id)) if chosen else None


# -- Receipts -------------------------------------------------------------------------------------

_SIGNATURES: tuple[tuple[bytes, ReceiptType], ...] = (
    (b"%PDF-", ReceiptType.PDF),
    (b"\xff\xd8\xff", ReceiptType.JPEG),
    (b"\x89PNG\r\n\x1a\n", ReceiptType.PNG),
)


def receipt_type(content: bytes) -> ReceiptType | None:
    """The receipt's type from its first bytes (never from its name), or None."""
    for signature, kind in _SIGNATURES:
        if content.startswith(signature):
            return kind
    return None


_MEGABYTE = 1024 * 1024


def _megabytes_text(size_bytes: int, *, round_up: bool) -> str:
    """Bytes as megabytes to one decimal place ("10.1"; "10" when whole), in integers only.
    A refused file's size is rounded up, so a file just over the limit never reads as if it
    were within it, as in "That file is 10.0 MB; receipts can be at most 10 MB"."""
    tenths = -(-size_bytes * 10 // _MEGABYTE) if round_up else size_bytes * 10 // _MEGABYTE
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}" if tenth or round_up else f"{whole}"


def receipt_problem(content: bytes, limit_bytes: int) -> str:
    """Why a file cannot be a receipt, or ""."""
    if not content:
        return "That file is empty."
    if len(content) > limit_bytes:
        size_mb = _megabytes_text(len(content), round_up=True)
        limit_mb = _megabytes_text(limit_bytes, round_up=False)
        return (
            f"That file is {size_mb} MB; receipts can be at most {limit_mb} MB. Scan it at "
            "a lower resolution or save the photo smaller, then attach it again."
        )
    if receipt_type(content) is None:
        return "A receipt must be a PDF, a JPEG or a PNG file."
    return ""
