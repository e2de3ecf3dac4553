"""Assessment totals (each assessment's overall scores, kept by the database), four indexes

The impact report asks, for every support plan case, whether the latest overall score is above
the intake's. Summing six score rows per assessment in Python (1.9 million rows at 100,000
cases) took most of a minute and a gigabyte. Each assessment now carries its two overall scores
(the sum of the six domain scores, or NULL unless all six are scored from that perspective),
kept up to date by triggers on ``assessment_score``: whatever writes a score (the services, a
restore, a future import), the totals cannot drift from the scores. The report reads one row
per assessment.

Self-contained: it imports nothing from ``models``. Existing assessments are filled in here.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 11:02:10.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The six recovery domains (models.enums.RecoveryDomain) as of this revision. A seventh domain
# would need a new migration to change the count below.
_DOMAINS = 6


def _totals_for(assessment_id: str) -> str:
    """SET clause recomputing both overall scores of one assessment from its score rows."""
    return ", ".join(
        f"{column}_overall = (SELECT CASE WHEN count({column}_score) = {_DOMAINS} "
        f"THEN sum({column}_score) END FROM assessment_score "
        f"WHERE assessment_id = {assessment_id})"
        for column in ("survivor", "navigator")
    )


_TRIGGERS = {
    "tr_assessment_score_totals_insert": (
        "AFTER INSERT ON assessment_score",
        [("NEW.assessment_id")],
    ),
    "tr_assessment_score_totals_update": (
        "AFTER UPDATE OF assessment_id, domain, survivor_score, navigator_score "
        "ON assessment_score",
        # A score moved to another assessment changes both.
        ["OLD.assessment_id", "NEW.assessment_id"],
    ),
    "tr_assessment_score_totals_delete": (
        "AFTER DELETE ON assessment_score",
        ["OLD.assessment_id"],
    ),
}


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("survivor_overall", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("navigator_overall", sa.Integer(), nullable=True))
    for name, (when, targets) in _TRIGGERS.items():
        updates = " ".join(
            f"UPDATE assessment SET {_totals_for(target)} WHERE id = {target};"
            for target in targets
        )
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {updates} END")
    op.execute(f"UPDATE assessment SET {_totals_for('assessment.id')}")
    # The impact report's lookups, each answered from an index alone: the cases open in a
    # period, each case's intake, and its police engagement by a date.
    op.create_index(
        "ix_case_period", "case", ["kind", "opened_on", "closed_on", "owner", "police_force"]
    )
    op.create_index(
        "ix_assessment_case_kind_date", "assessment", ["case_id", "kind", "assessed_on"]
    )
    # And the caseload's search results in opening order (services/caseload.py).
    op.create_index(
        "ix_case_search_order", "case", ["id", "opened_on", "kind", "status", "police_force"]
    )
    op.create_index(
        "ix_engagement_change_case_value",
        "engagement_change",
        ["case_id", "engagement", "effective_on"],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_engagement_change_case_value", table_name="engagement_change")
    op.drop_index("ix_assessment_case_kind_date", table_name="assessment")
    op.drop_index("ix_case_search_order", table_name="case")
    op.drop_index("ix_case_period", table_name="case")
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("navigator_overall")
        batch.drop_column("survivor_overall")
