"""Criminal cases against a survivor's exploiters.

A court case is linked to one or more cases (the survivors in it, or an investigation); each
link holds that survivor's own part: witness or not, a victim personal statement, special
measures. Defendants are labels only (initials or a pseudonym), with short charges.

An event (a hearing, a trial, a verdict) keeps every date it was ever listed for: a reschedule
appends an ``EventSchedule`` row and no row is ever changed, so the latest row is the event's
date and the others are its history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, UtcDateTime, VersionedMixin, utc_now
from models.enums import CourtEventKind, DefendantOutcome, SpecialMeasure


class CourtCase(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "court_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_name: Mapped[str] = mapped_column(String(120), default="")
    police_force: Mapped[str] = mapped_column(String(100), default="")
    operation: Mapped[str] = mapped_column(String(100), default="")
    cps_reference: Mapped[str] = mapped_column(String(40), default="")
    recorded_by: Mapped[str] = mapped_column(String(100))

    links: Mapped[list[CourtCaseLink]] = relationship(
        back_populates="court_case", cascade="all, delete-orphan", order_by="CourtCaseLink.id"
    )
    defendants: Mapped[list[CourtDefendant]] = relationship(
        cascade="all, delete-orphan", order_by="CourtDefendant.id"
    )
    events: Mapped[list[CourtEvent]] = relationship(
        cascade="all, delete-orphan", order_by="CourtEvent.id"
    )


class CourtCaseLink(VersionedMixin, TimestampMixin, Base):
    """One case in a court case, with the survivor's role. Deleting the case removes it."""

    __tablename__ = "court_case_link"
    __table_args__ = (UniqueConstraint("court_case_id", "case_id", name="uq_court_case_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_case_id: Mapped[int] = mapped_column(ForeignKey("court_case.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    witness: Mapped[bool] = mapped_column(Boolean, default=False)
    victim_personal_statement: Mapped[bool] = mapped_column(Boolean, default=False)
    vps_on: Mapped[date | None] = mapped_column(Date)

    court_case: Mapped[CourtCase] = relationship(back_populates="links")
    special_measures: Mapped[list[CourtSpecialMeasure]] = relationship(
        cascade="all, delete-orphan", order_by="CourtSpecialMeasure.id"
    )


class CourtSpecialMeasure(Base):
    __tablename__ = "court_special_measure"
    __table_args__ = (
        UniqueConstraint("link_id", "measure", name="uq_court_special_measure_measure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("court_case_link.id", ondelete="CASCADE"))
    measure: Mapped[SpecialMeasure] = mapped_column(String(30))
    requested_on: Mapped[date] = mapped_column(Date)
    granted: Mapped[bool | None] = mapped_column(Boolean)  # None until the court decides
    decided_on: Mapped[date | None] = mapped_column(Date)


class CourtDefendant(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "court_defendant"
    __table_args__ = (
        CheckConstraint(
            "sentence_months IS NULL OR sentence_months >= 0", name="sentence_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_case_id: Mapped[int] = mapped_column(
        ForeignKey("court_case.id", ondelete="CASCADE"), index=True
    )
    # Initials or a pseudonym only, never a name (models.rules.court_validation).
    label: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[DefendantOutcome] = mapped_column(String(20), default=DefendantOutcome.PENDING)
    sentence_months: Mapped[int | None] = mapped_column(Integer)

    charges: Mapped[list[CourtCharge]] = relationship(
        cascade="all, delete-orphan", order_by="CourtCharge.id"
    )


class CourtCharge(Base):
    __tablename__ = "court_charge"

    id: Mapped[int] = mapped_column(primary_key=True)
    defendant_id: Mapped[int] = mapped_column(
        ForeignKey("court_defendant.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(120))


class CourtEvent(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "court_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_case_id: Mapped[int] = mapped_column(
        ForeignKey("court_case.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CourtEventKind] = mapped_column(String(30))
    actual_on: Mapped[date | None] = mapped_column(Date)

    schedules: Mapped[list[EventSchedule]] = relationship(
        cascade="all, delete-orphan", order_by="EventSchedule.id"
    )


class EventSchedule(Base):
    """A date an event was listed for. Append-only."""

    __tablename__ = "court_event_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("court_event.id", ondelete="CASCADE"), index=True
    )
    scheduled_for: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    recorded_by: Mapped[str] = mapped_column(String(100))
