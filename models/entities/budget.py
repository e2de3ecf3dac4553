"""The flexible budget: allocations per period, spot purchases, their receipts, and the
vault's budget policy. Money is integer pence in every column.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from models.base import Base, TimestampMixin, UtcDateTime, VersionedMixin, utc_now
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus, ReceiptType

# A receipt scan or photo; larger files are refused with a message (phones make ~3-5 MB JPEGs).
RECEIPT_LIMIT_BYTES = 10 * 1024 * 1024


class BudgetAllocation(VersionedMixin, TimestampMixin, Base):
    """Money allocated for a period, to one navigator (``holder`` their login) or to the
    programme as a whole (``holder`` empty)."""

    __tablename__ = "budget_allocation"
    __table_args__ = (
        CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    holder: Mapped[str] = mapped_column(String(100), default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount_pence: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class Purchase(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "purchase"
    __table_args__ = (
        CheckConstraint("amount_pence > 0", name="amount_positive"),
        # The budget list filters and sorts by date across every purchase.
        Index("ix_purchase_date", "purchased_on", "id"),
        Index("ix_purchase_allocation_status", "allocation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Programme costs (training materials, an interpreter for a group session) have no case.
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case.id", ondelete="SET NULL"), index=True
    )
    allocation_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_allocation.id", ondelete="RESTRICT")
    )
    purchased_on: Mapped[date] = mapped_column(Date)
    category: Mapped[PurchaseCategory] = mapped_column(String(30))
    amount_pence: Mapped[int] = mapped_column(Integer)
    supplier: Mapped[str] = mapped_column(String(200), default="")
    payment_method: Mapped[PaymentMethod] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PurchaseStatus] = mapped_column(String(20))
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))


class Receipt(Base):
    """A scan or photo of a receipt. The bytes live in the encrypted vault like every other
    column; the original file name is not kept (it could name the survivor)."""

    __tablename__ = "receipt"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_id: Mapped[int] = mapped_column(
        ForeignKey("purchase.id", ondelete="CASCADE"), index=True
    )
    media_type: Mapped[ReceiptType] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    added_by: Mapped[str] = mapped_column(String(100))
    # Deferred: listing receipts never reads megabytes of image data.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class BudgetPolicy(TimestampMixin, Base):
    """The vault's one row of budget policy."""

    __tablename__ = "budget_policy"
    __table_args__ = (CheckConstraint("id = 1", name="singleton"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # A purchase above this needs approval before it may be marked paid.
    approval_threshold_pence: Mapped[int] = mapped_column(Integer)
