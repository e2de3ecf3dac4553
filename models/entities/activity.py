"""Programme activity beyond the caseload: operations the navigator supported, training they
gave, strategic advice on investigations, repatriations and family members supported.

These records hold counts, dates and organisations only: never a survivor's name.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import OperationLocation, TrainingAudience


class Operation(VersionedMixin, TimestampMixin, Base):
    """A police, Border Force or Immigration Enforcement operation the navigator supported."""

    __tablename__ = "operation"
    __table_args__ = (
        CheckConstraint("potential_victims_identified >= 0", name="victims_not_negative"),
        CheckConstraint("arrests >= 0", name="arrests_not_negative"),
        Index("ix_operation_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    lead_agency: Mapped[str] = mapped_column(String(120), default="")
    location_kind: Mapped[OperationLocation] = mapped_column(String(30))
    potential_victims_identified: Mapped[int] = mapped_column(Integer, default=0)
    arrests: Mapped[int] = mapped_column(Integer, default=0)
    police_force: Mapped[str] = mapped_column(String(100), default="")
    navigator: Mapped[str] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")


class TrainingSession(VersionedMixin, TimestampMixin, Base):
    """A training session the navigator delivered. The share reporting improved knowledge is
    computed from the two counts, never stored."""

    __tablename__ = "training_session"
    __table_args__ = (
        CheckConstraint("number_trained > 0", name="trained_positive"),
        CheckConstraint(
            "number_reporting_improved_knowledge BETWEEN 0 AND number_trained",
            name="improved_within_trained",
        ),
        Index("ix_training_session_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    organisation: Mapped[str] = mapped_column(String(120), default="")
    audience: Mapped[TrainingAudience] = mapped_column(String(30))
    number_trained: Mapped[int] = mapped_column(Integer)
    number_reporting_improved_knowledge: Mapped[int] = mapped_column(Integer, default=0)
    police_force: Mapped[str] = mapped_column(String(100), default="")
    navigator: Mapped[str] = mapped_column(String(100))


class StrategicAdvice(VersionedMixin, TimestampMixin, Base):
    """Advice given on a strategic advice case (an investigation), with the suspects arrested
    in that investigation as reported at the time."""

    __tablename__ = "strategic_advice"
    __table_args__ = (
        CheckConstraint("arrests >= 0", name="arrests_not_negative"),
        Index("ix_strategic_advice_given_on", "given_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_on: Mapped[date] = mapped_column(Date)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    arrests: Mapped[int] = mapped_column(Integer, default=0)
    navigator: Mapped[str] = mapped_column(String(100))


class Repatriation(VersionedMixin, TimestampMixin, Base):
    """A survivor's safe return to their country, with the partner organisation there."""

    __tablename__ = "repatriation"
    __table_args__ = (Index("ix_repatriation_on", "repatriated_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    repatriated_on: Mapped[date] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(3))  # ISO 3166-1 alpha-2 code
    partner_organisation: Mapped[str] = mapped_column(String(200), default="")
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    navigator: Mapped[str] = mapped_column(String(100))


class FamilyMemberSupport(VersionedMixin, TimestampMixin, Base):
    """Family members of a survivor supported alongside them (a count, never names)."""

    __tablename__ = "family_member_support"
    __table_args__ = (CheckConstraint("count >= 1", name="count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    supported_from: Mapped[date] = mapped_column(Date)
    relationship: Mapped[str] = mapped_column(String(100), default="")
    count: Mapped[int] = mapped_column(Integer, default=1)
