"""Writing demo rows fast: driver-level batch inserts, with the connection tuned meanwhile.

Rows are written in batches with the driver's executemany, inside one transaction, so that
100,000 cases take seconds rather than minutes. That skips SQLAlchemy's per-value processing, so
``check_storage`` first proves that ``rows`` still writes what the column types would.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from models import search_index
from models.base import Base
from models.demo.rows import (
    COLUMNS,
    TABLE_ORDER,
    TIMES,
    IsoDates,
    OrdinalDates,
    Rows,
    iso_day,
    json_text,
)
from models.enums import ActionStatus, PlanStatus, RecoveryDomain


def check_storage(session: Session) -> None:
    """Refuse to run if the schema or the column types no longer match the formats in ``rows``."""
    dialect = session.get_bind().dialect
    tables = Base.metadata.tables
    for name, columns in COLUMNS.items():
        actual = {column.name for column in tables[name].columns}
        if set(columns) - actual or actual - set(columns) - {"id"}:
            raise RuntimeError(f"demo data is out of date with the {name!r} table")

    def stored(table: str, column: str, value: object) -> object:
        column_type = tables[table].c[column].type.dialect_impl(dialect)
        process = column_type.bind_processor(dialect)
        return value if process is None else process(value)

    sample_day = date(2001, 2, 3)
    sample_time = datetime(2001, 2, 3, 9, 5, tzinfo=UTC)
    plan_day = OrdinalDates()[sample_day.toordinal()]
    checks = (
        (stored("case", "opened_on", sample_day), iso_day(sample_day)),
        (stored("case", "created_at", sample_time), f"{IsoDates()[sample_day]} {TIMES[65]}"),
        (stored("person", "nationalities", ["AL", "GB"]), json_text(["AL", "GB"])),
        (stored("case", "organised_immigration_crime", True), True),
        # Support plans: dates as day ordinals, and plain str and int for enums and bools.
        (stored("plan_version", "agreed_on", sample_day), plan_day),
        (stored("plan_version", "reviewed_on", sample_day), plan_day),
        (stored("plan_version", "created_at", sample_time), f"{plan_day} {TIMES[65]}"),
        (stored("plan_version", "agreed_by_survivor", True), 1),
        (stored("plan_version", "status", PlanStatus.AGREED), PlanStatus.AGREED.value),
        (stored("plan_goal", "review_date", sample_day), plan_day),
        (stored("plan_goal", "domain", RecoveryDomain.SAFETY), RecoveryDomain.SAFETY.value),
        (stored("plan_action", "by_when", sample_day), plan_day),
        (stored("plan_action", "status", ActionStatus.DONE), ActionStatus.DONE.value),
        # NRM records and court cases: dates as day ordinals, booleans as 0 and 1.
        (stored("nrm_referral", "rg_decided_on", sample_day), plan_day),
        (stored("nrm_referral", "consent_given", True), 1),
        (stored("court_special_measure", "granted", True), 1),
        (stored("court_event", "actual_on", sample_day), plan_day),
        (stored("court_event_schedule", "recorded_at", sample_time), f"{plan_day} {TIMES[65]}"),
    )
    for expected, ours in checks:
        if expected != ours:
            raise RuntimeError("demo data no longer matches the database's storage format")


# While filling: a bigger page cache (fewer pages spilled to the WAL, encrypted and read back),
# and no incremental merging of the full-text index (it still merges when segments pile up).
FILL_CACHE_KIB = 64 * 1024
FTS_DEFAULT_AUTOMERGE = 4


@contextmanager
def bulk_mode(connection: Connection) -> Iterator[None]:
    """Tune the connection for one large transaction, then put every setting back."""
    cache_size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    automerge = connection.exec_driver_sql(
        "SELECT v FROM case_search_config WHERE k = 'automerge'"
    ).scalar()
    fts_config = "INSERT INTO case_search (case_search, rank) VALUES ('automerge', ?)"
    connection.exec_driver_sql(f"PRAGMA cache_size = -{FILL_CACHE_KIB}")
    connection.exec_driver_sql(fts_config, (0,))
    try:
        yield
    finally:
        try:
            connection.exec_driver_sql(fts_config, (int(automerge or FTS_DEFAULT_AUTOMERGE),))
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size or -2000)}")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a fill builds its rows.

    A fill allocates millions of tuples and strings, none of them in reference cycles, and
    the automatic collections walk ever more of them: at 100,000 cases they took about a sixth
    of the fill time. Collection resumes (if it was on) as the fill ends, whether it succeeded
    or not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def insert_sql(dialect: Dialect, table: str) -> str:
    preparer = dialect.identifier_preparer
    columns = COLUMNS[table]
    return (
        f"INSERT INTO {preparer.format_table(Base.metadata.tables[table])} "
        f"({', '.join(preparer.quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )


def write_batch(connection: Connection, statements: dict[str, str], rows: Rows) -> None:
    """Insert one batch with the driver's executemany, parents first."""
    for table in TABLE_ORDER:
        batch = rows.tables[table]
        if batch:
            connection.exec_driver_sql(statements[table], batch)
    if rows.search:
        connection.exec_driver_sql(search_index.INSERT_SQL, rows.search)
