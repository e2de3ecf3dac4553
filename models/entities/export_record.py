"""The export register: every document that left the vault for a partner, and to whom.

It names the recipient (an officer, their role and force: professional details, not the
survivor's) and the fields sent, never their contents. The audit log records the same export
by this row's ID.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, utc_now
from models.enums import ConsentRecipient

EXPORT_REFERENCE_LENGTH = 24


class ExportRecord(Base):
    __tablename__ = "export_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(EXPORT_REFERENCE_LENGTH), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    # What was exported, e.g. "police_summary".
    document: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[ConsentRecipient] = mapped_column(String(30))
    force: Mapped[str] = mapped_column(String(100), default="")
    officer: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    # ExportField values sent.
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    exported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    exported_by: Mapped[str] = mapped_column(String(100))
