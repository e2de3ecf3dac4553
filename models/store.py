"""Open and create a vault's SQLCipher database: pragmas, migrations, integrity and backup.

The store receives the raw 256-bit key from the key envelope (desktop/vault.py) and never sees
the passphrase. SQLCipher's own passphrase KDF is bypassed by ``PRAGMA key = "x'…'"``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from models.errors import DatabaseDamaged, DatabaseMissing, NotSqlcipherError, VaultClosed
from models.migrations import runner as migration_runner

log = logging.getLogger(__name__)

BACKUP_PREFIX = "waypost-"
BACKUPS_KEPT = 10
READ_ONLY_OPTION = "waypost_read_only"

_DAMAGED_MESSAGE = (
    "The vault's database is damaged: it failed its integrity check. Nothing has been changed. "
    "Restore it from a backup."
)


def _key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner; SQLite gives -wal/-shm the same mode."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _build_engine(path: Path, key: bytes) -> Engine:
    key_pragma = _key_pragma(key)
    # hide_parameters: SQLAlchemy otherwise quotes bound values (names, notes) in its error
    # messages, which end up in logs and terminals.
    engine = create_engine(f"sqlite+pysqlite:///{path}", module=sqlcipher, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Waypost emits BEGIN itself (below), so the driver must not begin implicitly.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # Silence SQLCipher before keying: a bad page otherwise prints to stderr.
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(key_pragma)
            version = cursor.execute("PRAGMA cipher_version").fetchone()
            if not version or not version[0]:
                raise NotSqlcipherError(
                    "Waypost refused to open the vault: the database driver is not SQLCipher, "
                    "so the data would not be encrypted."
                )
            cursor.execute("PRAGMA temp_store = MEMORY")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 5000")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    # Units of work take the write lock up front (BEGIN IMMEDIATE), so two writers (the app and
    # a command-line run) wait for each other instead of failing on a read-to-write upgrade.
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass(frozen=True)
class IntegrityReport:
    cipher_ok: bool
    sqlite_ok: bool
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.cipher_ok and self.sqlite_ok


class Store:
    """An open vault database. One per unlocked vault; closed at lock."""

    def __init__(self, path: Path, key: bytes, engine: Engine) -> None:
        self.path = path
        self._key = key
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # What opening did, for the audit log (the store itself writes no audit rows).
        self._closed = False
        self.applied_migrations: tuple[str, ...] = ()
        self.pre_migration_backup: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        self._refuse_if_closed()
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reads only; no write lock is taken."""
        self._refuse_if_closed()
        with self._sessions() as session:
            session.connection(execution_options={READ_ONLY_OPTION: True})
            yield session

    def integrity(self) -> IntegrityReport:
        self._refuse_if_closed()
        return check_integrity(self.engine)

    def backup(self, backup_dir: Path, *, keep: int = BACKUPS_KEPT) -> Path:
        self._refuse_if_closed()
        return backup_database(self.engine, self._key, backup_dir, keep=keep)

    def close(self) -> None:
        """Close for good. A disposed engine would quietly reconnect with the key it still
        holds, so any later use (say, work queued just before the vault locked) is refused."""
        self._closed = True
        self.engine.dispose()

    @property
    def closed(self) -> bool:
        return self._closed

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise VaultClosed("The vault is locked. Unlock it to continue; nothing was written.")


def check_integrity(engine: Engine) -> IntegrityReport:
    """Run SQLCipher's page HMAC check and SQLite's structural check.

    A page so damaged that a check cannot even run counts as that check failing: damage must
    be reported as damage, never escape as a crash.
    """
    problems: list[str] = []
    with engine.connect().execution_options(**{READ_ONLY_OPTION: True}) as conn:
        try:
            cipher_rows = conn.exec_driver_sql("PRAGMA cipher_integrity_check").all()
            cipher_ok = not cipher_rows
            if cipher_rows:
                problems.append(f"{len(cipher_rows)} encrypted page(s) failed their HMAC check")
        except SADatabaseError:
            cipher_ok = False
            problems.append("the encrypted page check could not read the database")
        try:
            sqlite_rows = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            sqlite_ok = sqlite_rows == ["ok"]
            if not sqlite_ok:
                problems.append(f"SQLite integrity check reported {len(sqlite_rows)} problem(s)")
        except SADatabaseError:
            sqlite_ok = False
            problems.append("the SQLite integrity check could not read the database")
    return IntegrityReport(cipher_ok=cipher_ok, sqlite_ok=sqlite_ok, problems=tuple(problems))


def open_store(
    path: Path,
    key: bytes,
    *,
    create: bool = False,
    backup_dir: Path | None = None,
    verify: bool = True,
    migrate: bool = True,
) -> Store:
    """Open (or create) the database, check it, back it up if needed, then migrate it.

    ``migrate=False`` opens a copy (a backup being checked) exactly as it is.
    Never deletes or rewrites anything on failure: a database that does not open or fails its
    check is left exactly as it was and reported as damaged.
    """
    if create:
        _create_private_file(path)
    elif not path.exists():
        raise DatabaseMissing("The vault folder has a key file but no database (waypost.db).")

    engine = _build_engine(path, key)
    try:
        try:
            with engine.connect().execution_options(**{READ_ONLY_OPTION: True}) as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except SADatabaseError as exc:
            # The key was already proven by the envelope's AES-GCM tag, so a database that will
            # not decrypt is damaged, never a wrong passphrase.
            raise DatabaseDamaged(_DAMAGED_MESSAGE) from exc
        if verify and not create:
            report = check_integrity(engine)
            if not report.ok:
                raise DatabaseDamaged(_DAMAGED_MESSAGE)
        store = Store(path, key, engine)
        pending = migration_runner.pending_revisions(engine) if migrate else []
        if (
            pending
            and not create
            and backup_dir is not None
            and migration_runner.has_schema(engine)
        ):
            store.pre_migration_backup = store.backup(backup_dir)
        if pending:
            migration_runner.upgrade(engine)
            store.applied_migrations = tuple(pending)
            log.info("applied %d migration(s)", len(pending))
        return store
    except BaseException:
        engine.dispose()
        raise


def backup_database(engine: Engine, key: bytes, backup_dir: Path, *, keep: int) -> Path:
    """Write an encrypted copy with sqlcipher_export, under the same key, then rotate."""
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = backup_dir / f"{BACKUP_PREFIX}{stamp}.db"
    partial = backup_dir / f".{final.name}.partial"
    _create_private_file(partial)
    try:
        # ATTACH and DETACH must run outside a transaction, so use the driver connection
        # directly (it is in autocommit mode: Waypost emits its own BEGINs).
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            # ATTACH cannot take bound parameters; the path is ours and quotes are escaped.
            quoted = str(partial).replace("'", "''")
            cursor.execute(f"ATTACH DATABASE '{quoted}' AS backup KEY \"x'{key.hex()}'\"")
            try:
                cursor.execute("SELECT sqlcipher_export('backup')")
            finally:
                cursor.execute("DETACH DATABASE backup")
                cursor.close()
        finally:
            raw.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _rotate_backups(backup_dir, keep)
    return final


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob(f"{BACKUP_PREFIX}*.db"), reverse=True)


def _rotate_backups(backup_dir: Path, keep: int) -> None:
    for old in list_backups(backup_dir)[keep:]:
        old.unlink()


def execute_sql(session: Session, sql: str, **params: object) -> None:
    session.execute(text(sql), params)


def restore_backup(backup: Path, database: Path, key: bytes) -> Path:
    """Put a verified backup in place of the database; keep the replaced files aside.

    The backup is copied next to the database first and the copy is opened and checked, so a
    bad backup is refused before anything is moved. Returns the folder holding the replaced
    files (never deleted here: only the navigator may decide to throw them away).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = database.with_name(f".restore-{stamp}.db")
    _create_private_file(candidate)
    try:
        with open(backup, "rb") as source, open(candidate, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        check = open_store(candidate, key, migrate=False, verify=True)
        check.close()
    except BaseException:
        _remove_with_sidecars(candidate)
        raise
    aside = database.parent / f"replaced-{stamp}"
    aside.mkdir(mode=0o700)
    for suffix in ("", "-wal", "-shm"):
        current = Path(f"{database}{suffix}")
        if current.exists():
            os.replace(current, aside / current.name)
    _remove_with_sidecars(candidate, keep_main=True)
    os.replace(candidate, database)
    return aside


def _remove_with_sidecars(path: Path, *, keep_main: bool = False) -> None:
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
