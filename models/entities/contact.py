"""The contact log: dated notes of visits, calls and meetings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import ContactKind


class ContactLogEntry(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "contact_log_entry"
    __table_args__ = (Index("ix_contact_case_date", "case_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[ContactKind] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100))
