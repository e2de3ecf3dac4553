"""Alembic environment: always runs on a connection handed in by models.migrations.runner."""

from alembic import context

import models.entities  # noqa: F401 - registers every table on the metadata
from models.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Waypost migrations run only through models.migrations.runner")

# Batch mode lets the same migrations alter tables on SQLite and, later, PostgreSQL.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
