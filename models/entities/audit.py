"""The audit log: hash-chained, and never holding personal data.

Each row stores only the action, the entity type and ID, the user, the time and the previous
row's hash. Anything descriptive would risk copying personal data into a log that must outlive
erasure.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
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


class ReferenceCounter(Base):
    """The last case reference number handed out in each year (WP-2026-0042)."""

    __tablename__ = "reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
