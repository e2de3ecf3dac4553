"""Recovery assessments: six domains scored 1 to 5 by the survivor and by the navigator.

An assessment is an intake, a review (every four months) or a closing one. Each domain has one
row holding both views side by side, so a disagreement is kept, never averaged away.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import AssessmentKind, RecoveryDomain

SCORE_RANGE = "BETWEEN 1 AND 5"


class Assessment(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "assessment"
    # The Agenda and the schedule ask "what was the last assessment of this case?".
    __table_args__ = (
        Index("ix_assessment_case_date", "case_id", "assessed_on"),
        # Finds each case's intake for the impact report (migration 0009).
        Index("ix_assessment_case_kind_date", "case_id", "kind", "assessed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    kind: Mapped[AssessmentKind] = mapped_column(String(20))
    assessed_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    # The sum of the six domain scores from each perspective, NULL unless all six are scored.
    # Kept by database triggers on assessment_score (migration 0009) so they cannot drift from
    # the scores; never set from Python, and stale on a loaded object once its scores change.
    # Read by the impact report, which would otherwise sum 1.9 million rows at 100,000 cases.
    survivor_overall: Mapped[int | None] = mapped_column(Integer, default=None)
    navigator_overall: Mapped[int | None] = mapped_column(Integer, default=None)

    scores: Mapped[list[AssessmentScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentScore.id"
    )


class AssessmentScore(Base):
    __tablename__ = "assessment_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "domain", name="uq_assessment_score_domain"),
        CheckConstraint(
            f"survivor_score IS NULL OR survivor_score {SCORE_RANGE}", name="survivor_score_range"
        ),
        CheckConstraint(
            f"navigator_score IS NULL OR navigator_score {SCORE_RANGE}",
            name="navigator_score_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[RecoveryDomain] = mapped_column(String(30))
    survivor_score: Mapped[int | None] = mapped_column(Integer)
    navigator_score: Mapped[int | None] = mapped_column(Integer)
    survivor_note: Mapped[str] = mapped_column(Text, default="")
    navigator_note: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="scores")
