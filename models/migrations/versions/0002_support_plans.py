"""support plans: versions, goals by recovery domain, actions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 02:34:11.511914

Self-contained: it imports nothing from ``models``, so it stays the same when the entities move
on. Timestamps are plain ``sa.DateTime`` (the entities' UtcDateTime stores naive UTC in one).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("interpreter_language", sa.String(length=35), nullable=False),
        sa.Column("interpreter_name_or_agency", sa.String(length=200), nullable=False),
        sa.Column("survivor_priorities", sa.Text(), nullable=False),
        sa.Column("safety_plan", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("agreed_by_survivor", sa.Boolean(), nullable=False),
        sa.Column("agreed_by_navigator", sa.String(length=100), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["plan_version.id"],
            name=op.f("fk_plan_version_based_on_id_plan_version"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_plan_version_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_version")),
        sa.UniqueConstraint("case_id", "number", name="uq_plan_version_case_number"),
    )
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_version_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_version_status"), ["status"], unique=False)

    op.create_table(
        "plan_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("domain", sa.String(length=30), nullable=False),
        sa.Column("survivor_words", sa.Text(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["plan_version.id"],
            name=op.f("fk_plan_goal_plan_version_id_plan_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goal")),
    )
    with op.batch_alter_table("plan_goal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_goal_plan_version_id"), ["plan_version_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_goal_review_date"), ["review_date"], unique=False)

    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("by_when", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["plan_goal.id"],
            name=op.f("fk_plan_action_goal_id_plan_goal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_action")),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index("ix_plan_action_due", ["by_when", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_action_goal_id"), ["goal_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_goal_id"))
        batch_op.drop_index("ix_plan_action_due")

    op.drop_table("plan_action")
    with op.batch_alter_table("plan_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_goal_review_date"))
        batch_op.drop_index(batch_op.f("ix_plan_goal_plan_version_id"))

    op.drop_table("plan_goal")
    with op.batch_alter_table("plan_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_version_status"))
        batch_op.drop_index(batch_op.f("ix_plan_version_case_id"))

    op.drop_table("plan_version")
