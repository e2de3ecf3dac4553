"""Audit head: one row recording where the audit chain ends

The hash chain shows an audit entry that was edited, inserted or removed in the middle, but
not the newest entries cut off the end. The head row (entries, newest ID, newest hash) is moved
with every append, so a chain that stops short of it has lost its tail.

Self-contained: it imports nothing from ``models``. A vault upgraded from 0007 gets a head that
anchors its chain as it stands (an empty chain: no entries, ID 0, the all-zero genesis hash).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 09:12:40.118204

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The hash an empty chain starts from (models/services/audit.py GENESIS_HASH).
_GENESIS_HASH = "0" * 64


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    bind = op.get_bind()
    entries = bind.execute(sa.text("SELECT count(*) FROM audit_entry")).scalar_one()
    newest = bind.execute(
        sa.text("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    ).first()
    bind.execute(
        sa.text(
            "INSERT INTO audit_head (id, entries, last_id, last_hash) "
            "VALUES (1, :entries, :last_id, :last_hash)"
        ),
        {
            "entries": entries,
            "last_id": newest.id if newest else 0,
            "last_hash": newest.hash if newest else _GENESIS_HASH,
        },
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("audit_head")
