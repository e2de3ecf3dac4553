"""The migrations build exactly the schema the entities describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from models.base import Base


def test_migrated_schema_matches_the_entities(store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # The FTS5 table is created by raw SQL and is not described by the entities.
    differences = [d for d in differences if "case_search" not in repr(d)]
    assert differences == []
