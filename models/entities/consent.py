"""Consent to share, one record per survivor and recipient kind."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import ConsentRecipient, ConsentState


class Consent(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "consent"
    __table_args__ = (
        UniqueConstraint("person_id", "recipient", name="uq_consent_person_recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    recipient: Mapped[ConsentRecipient] = mapped_column(String(30))
    state: Mapped[ConsentState] = mapped_column(String(20), default=ConsentState.NOT_ASKED)
    given_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    # ConsentScope values the survivor agreed to share with this recipient kind.
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by: Mapped[str] = mapped_column(String(100))
