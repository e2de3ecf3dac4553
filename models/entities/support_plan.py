"""A survivor's support plan: numbered versions, each with goals by domain and their actions.

Only a drafted version changes. Agreeing a draft freezes it (and supersedes the version it
replaces); the next change starts a new draft copied from it. Goals and actions carry a ``key``
that survives the copy, so two versions can be compared item by item.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import ActionStatus, PlanStatus, RecoveryDomain

KEY_LENGTH = 32
LANGUAGE_TAG_LENGTH = 35
SHORT_TEXT = 200


class PlanVersion(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_plan_version_case_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanStatus] = mapped_column(String(20), default=PlanStatus.DRAFTED, index=True)
    # The agreed version this draft was copied from (None for a case's first plan).
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_version.id", ondelete="SET NULL")
    )
    language: Mapped[str] = mapped_column(String(LANGUAGE_TAG_LENGTH))
    interpreter_language: Mapped[str] = mapped_column(String(LANGUAGE_TAG_LENGTH), default="")
    interpreter_name_or_agency: Mapped[str] = mapped_column(String(SHORT_TEXT), default="")
    survivor_priorities: Mapped[str] = mapped_column(Text, default="")
    safety_plan: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date | None] = mapped_column(Date)
    agreed_by_survivor: Mapped[bool] = mapped_column(Boolean, default=False)
    agreed_by_navigator: Mapped[str] = mapped_column(String(100), default="")
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(100))

    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="plan_version",
        cascade="all, delete-orphan",
        order_by="PlanGoal.position",
    )


class PlanGoal(Base):
    __tablename__ = "plan_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    domain: Mapped[RecoveryDomain] = mapped_column(String(30))
    survivor_words: Mapped[str] = mapped_column(Text, default="")
    # The Agenda asks "which reviews are due?" across every case.
    review_date: Mapped[date | None] = mapped_column(Date, index=True)

    plan_version: Mapped[PlanVersion] = relationship(back_populates="goals")
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="PlanAction.position"
    )


class PlanAction(Base):
    __tablename__ = "plan_action"
    # The Agenda asks "which actions are overdue?" across every case.
    __table_args__ = (Index("ix_plan_action_due", "by_when", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    what: Mapped[str] = mapped_column(Text, default="")
    who: Mapped[str] = mapped_column(String(SHORT_TEXT), default="")
    by_when: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(String(20), default=ActionStatus.NOT_STARTED)

    goal: Mapped[PlanGoal] = relationship(back_populates="actions")
