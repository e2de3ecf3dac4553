"""A case: support plan (a survivor) or strategic advice (an investigation)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, UtcDateTime, VersionedMixin, utc_now
from models.entities.person import Person
from models.enums import (
    CaseKind,
    CaseStatus,
    ExploitationType,
    PoliceEngagement,
    ReferralSource,
)


class Case(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "case"
    __table_args__ = (
        Index("ix_case_filter_opened", "kind", "status", "opened_on"),
        Index("ix_case_force", "police_force"),
        # The caseload's default order (newest first) without sorting 100,000 rows.
        Index("ix_case_opened", "opened_on", "id"),
        # The impact report counts the cases open in a period, per navigator and force, from
        # this index alone (migration 0009).
        Index("ix_case_period", "kind", "opened_on", "closed_on", "owner", "police_force"),
        # A search's matches in opening order, with the caseload's filters, read from this
        # index alone rather than from each case's row (migration 0009).
        Index("ix_case_search_order", "id", "opened_on", "kind", "status", "police_force"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[CaseKind] = mapped_column(String(20))
    # A strategic advice case may have no survivor at all.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    # The navigator who owns the case; needed for team mode's row-level security later.
    owner: Mapped[str] = mapped_column(String(100))
    status: Mapped[CaseStatus] = mapped_column(String(20), default=CaseStatus.REFERRED)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    referral_source: Mapped[ReferralSource] = mapped_column(String(30))
    police_force: Mapped[str] = mapped_column(String(100), default="")
    operation_name: Mapped[str] = mapped_column(String(100), default="")
    crime_reference: Mapped[str] = mapped_column(String(100), default="")
    organised_immigration_crime: Mapped[bool] = mapped_column(Boolean, default=False)
    police_engagement: Mapped[PoliceEngagement] = mapped_column(
        String(20), default=PoliceEngagement.NOT_YET_ASKED
    )
    summary: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person | None] = relationship()
    exploitation: Mapped[list[CaseExploitation]] = relationship(
        cascade="all, delete-orphan", order_by="CaseExploitation.type"
    )
    status_history: Mapped[list[CaseStatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="CaseStatusChange.id"
    )
    engagement_history: Mapped[list[EngagementChange]] = relationship(
        cascade="all, delete-orphan", order_by="EngagementChange.id"
    )


class CaseExploitation(Base):
    __tablename__ = "case_exploitation"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    type: Mapped[ExploitationType] = mapped_column(String(30), primary_key=True)


class CaseStatusChange(Base):
    __tablename__ = "case_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    status: Mapped[CaseStatus] = mapped_column(String(20))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    recorded_by: Mapped[str] = mapped_column(String(100))


class EngagementChange(Base):
    __tablename__ = "engagement_change"
    # Covers the impact report's "asked / engaged by the period's end" (migration 0009).
    __table_args__ = (
        Index("ix_engagement_change_case_value", "case_id", "engagement", "effective_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    engagement: Mapped[PoliceEngagement] = mapped_column(String(20))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    recorded_by: Mapped[str] = mapped_column(String(100))
