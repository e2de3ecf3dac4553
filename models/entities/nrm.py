"""A survivor's National Referral Mechanism record: one per support plan case.

The referral, the two decisions, and support under the victim care contract live on the record;
requests to reconsider a negative decision are rows of their own, so an overturned decision
keeps its original beside the outcome.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import NrmDecision, NrmDecisionKind, ReconsiderationOutcome


class NrmReferral(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "nrm_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), unique=True)
    referred_on: Mapped[date] = mapped_column(Date)
    first_responder: Mapped[str] = mapped_column(String(200), default="")
    is_child_at_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date | None] = mapped_column(Date)
    rg_decided_on: Mapped[date | None] = mapped_column(Date)
    rg_decision: Mapped[NrmDecision | None] = mapped_column(String(20))
    cg_decided_on: Mapped[date | None] = mapped_column(Date)
    cg_decision: Mapped[NrmDecision | None] = mapped_column(String(20))
    vcc_start: Mapped[date | None] = mapped_column(Date)
    vcc_end: Mapped[date | None] = mapped_column(Date)
    vcc_provider: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(100))

    reconsiderations: Mapped[list[NrmReconsideration]] = relationship(
        back_populates="nrm", cascade="all, delete-orphan", order_by="NrmReconsideration.id"
    )


class NrmReconsideration(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "nrm_reconsideration"

    id: Mapped[int] = mapped_column(primary_key=True)
    nrm_id: Mapped[int] = mapped_column(
        ForeignKey("nrm_referral.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[NrmDecisionKind] = mapped_column(String(30))
    requested_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[ReconsiderationOutcome] = mapped_column(
        String(20), default=ReconsiderationOutcome.PENDING
    )
    outcome_on: Mapped[date | None] = mapped_column(Date)

    nrm: Mapped[NrmReferral] = relationship(back_populates="reconsiderations")
