"""The navigator's own work contact details, printed on the plans they give survivors.

They are personal data (a name, a work phone), so they live in the encrypted vault and never in
the settings file. A vault has at most one row: the vault belongs to one navigator.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, TimestampMixin

PROFILE_ID = 1
"""The ID of the one row."""

NAME_LENGTH = 200
PHONE_LENGTH = 30
EMAIL_LENGTH = 254


class NavigatorProfile(TimestampMixin, Base):
    __tablename__ = "navigator_profile"
    __table_args__ = (CheckConstraint(f"id = {PROFILE_ID}", name="singleton"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    display_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    organisation: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    work_phone: Mapped[str] = mapped_column(String(PHONE_LENGTH), default="")
    work_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), default="")
