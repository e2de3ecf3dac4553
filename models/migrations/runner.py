"""Run Alembic migrations programmatically against an open engine.

The script location is found next to this module, so no alembic.ini is read at run time and a
frozen build only has to ship this package's files.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

_SCRIPT_LOCATION = Path(__file__).resolve().parent


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def pending_revisions(engine: Engine) -> list[str]:
    script = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    head = script.get_current_head()
    if current == head:
        return []
    return [rev.revision for rev in script.iterate_revisions(head, current)]


def has_schema(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
