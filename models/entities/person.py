"""The survivor: identity, languages, contact details and dependants."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, TimestampMixin, VersionedMixin
from models.enums import DatePrecision, Gender

# Columns carrying this marker must never leave the vault in any export or report.
NEVER_EXPORT = {"never_export": True}


class Person(VersionedMixin, TimestampMixin, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    given_names: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    known_as: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    # A date of birth may be known only to the month or year; the day/month are then 1.
    date_of_birth_precision: Mapped[DatePrecision] = mapped_column(
        String(10), default=DatePrecision.DAY
    )
    estimated_age: Mapped[int | None] = mapped_column(Integer)
    estimated_age_on: Mapped[date | None] = mapped_column(Date)
    age_disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[Gender] = mapped_column(String(20), default=Gender.NOT_STATED)
    nationalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    safe_address: Mapped[str] = mapped_column(Text, default="", info=NEVER_EXPORT)

    languages: Mapped[list[PersonLanguage]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonLanguage.position"
    )
    dependants: Mapped[list[Dependant]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Dependant.id"
    )


class PersonLanguage(Base):
    __tablename__ = "person_language"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A BCP 47 tag such as "ar", "fa", "ti", "sq", "vi", "ckb".
    language: Mapped[str] = mapped_column(String(20))
    preferred_for_documents: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="languages")


class Dependant(Base):
    __tablename__ = "dependant"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    relationship_to_person: Mapped[str] = mapped_column(String(60), default="")
    year_of_birth: Mapped[int | None] = mapped_column(Integer)
    in_uk: Mapped[bool] = mapped_column(Boolean, default=True)

    person: Mapped[Person] = relationship(back_populates="dependants")
