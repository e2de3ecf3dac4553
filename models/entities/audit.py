"""The audit log: hash-chained, and never holding personal data.

Each row stores only the action, the entity type and ID, the user, the time and the previous
row's hash. Anything descriptive would risk copying personal data into a log that must outlive
erasure. A single head row anchors the newest end of the chain, which the chain alone cannot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime
from models.enums import AuditAction


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    action: Mapped[AuditAction] = mapped_column(String(30))
    entity_type: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    user: Mapped[str] = mapped_column(String(100))
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """Where the chain ends: how many entries it has, the newest one's ID and hash.

    A chain can show that a row in it was edited, inserted or removed, but not that its newest
    rows were cut off: what is left is still a valid chain. This row is updated in the same
    transaction as every append, so a chain that stops short of it has lost its tail.
    """

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entries: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class ReferenceCounter(Base):
    """The last case reference number handed out in each year (WP-2026-0042)."""

    __tablename__ = "reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
