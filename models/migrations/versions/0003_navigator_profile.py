"""navigator profile: the navigator's contact details for printed plans

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:12:40.218305

Self-contained: it imports nothing from ``models``, so it stays the same when the entities move
on. It only creates a table, so it needs no batch operations (SQLite's ALTER TABLE limits do not
arise). Timestamps are plain ``sa.DateTime`` (the entities' UtcDateTime stores naive UTC in one).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "navigator_profile",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("work_phone", sa.String(length=30), nullable=False),
        sa.Column("work_email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_navigator_profile_singleton")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_navigator_profile")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("navigator_profile")
