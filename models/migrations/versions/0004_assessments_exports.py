"""recovery assessments and the export register

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 03:54:20.331664

Self-contained: it imports nothing from ``models``, so it stays the same when the entities move
on. It only creates tables (no batch operations needed). Timestamps are plain ``sa.DateTime``
(the entities' UtcDateTime stores naive UTC in one).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_assessment_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    op.create_index("ix_assessment_case_date", "assessment", ["case_id", "assessed_on"])

    op.create_table(
        "assessment_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=30), nullable=False),
        sa.Column("survivor_score", sa.Integer(), nullable=True),
        sa.Column("navigator_score", sa.Integer(), nullable=True),
        sa.Column("survivor_note", sa.Text(), nullable=False),
        sa.Column("navigator_note", sa.Text(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "navigator_score IS NULL OR navigator_score BETWEEN 1 AND 5",
            name=op.f("ck_assessment_score_navigator_score_range"),
        ),
        sa.CheckConstraint(
            "survivor_score IS NULL OR survivor_score BETWEEN 1 AND 5",
            name=op.f("ck_assessment_score_survivor_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_assessment_score_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_score")),
        sa.UniqueConstraint("assessment_id", "domain", name="uq_assessment_score_domain"),
    )
    op.create_index(
        op.f("ix_assessment_score_assessment_id"), "assessment_score", ["assessment_id"]
    )

    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=30), nullable=False),
        sa.Column("force", sa.String(length=100), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("exported_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_export_record_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_record")),
        sa.UniqueConstraint("reference", name=op.f("uq_export_record_reference")),
    )
    op.create_index(op.f("ix_export_record_case_id"), "export_record", ["case_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_export_record_case_id"), table_name="export_record")
    op.drop_table("export_record")
    op.drop_index(op.f("ix_assessment_score_assessment_id"), table_name="assessment_score")
    op.drop_table("assessment_score")
    op.drop_index("ix_assessment_case_date", table_name="assessment")
    op.drop_table("assessment")
