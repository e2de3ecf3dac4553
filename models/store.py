"""Open and create a vault's SQLCipher database: pragmas, migrations, integrity, copies.

The store receives the raw 256-bit key from the key envelope (desktop/vault.py) and never sees
the passphrase. SQLCipher's own passphrase KDF is bypassed by ``PRAGMA key = "x'…'"``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from models.errors import DatabaseDamaged, DatabaseMissing, NotSqlcipherError, VaultClosed
from models.migrations import runner as migration_runner

log = logging.getLogger(__name__)

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
    # The driver gets the path itself (creator): in a URL, a folder named "Cases #2" or "Why?"
    # would be cut at the "#" or "?" and the database would be made somewhere else.
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher,
        creator=lambda: sqlcipher.connect(str(path), check_same_thread=False),
        poolclass=QueuePool,
        hide_parameters=True,
    )

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
            # A 16 MB page cache (SQLCipher's default here is 8 MB). A two-letter search at
            # 100,000 cases reads the FTS prefix index and the search-order index, about 10 MB
            # together: in 8 MB they evicted each other on every keystroke (49 ms against 10).
            cursor.execute("PRAGMA cache_size = -16000")
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
        # Not None once the ``before_migration`` callback ran (a backup was taken): whatever
        # it returned, or True.
        self.pre_migration_backup: object | None = None
        # Set by any driver error other than a refused constraint: the file may be damaged,
        # so it must not be sealed as checked at lock (desktop/database_seal.py).
        self.saw_driver_error = False
        self._watch_errors(engine)

    def _watch_errors(self, engine: Engine) -> None:
        def note(context: Any) -> None:
            if not isinstance(context.original_exception, sqlcipher.IntegrityError):
                self.saw_driver_error = True

        event.listen(engine, "handle_error", note)

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

    @property
    def database_key(self) -> bytes:
        """The raw key, for checking a copy of this database (a backup). Never log it."""
        return self._key

    def export_copy(self, target: Path) -> None:
        """Write an encrypted copy of the database to the new file ``target`` (mode 0600).

        ``sqlcipher_export`` under the same key, then fsync. ``target`` must not exist; on
        failure it is removed again. What to do with the copy (backup sets, retention) is the
        caller's business: the store knows nothing of key files or backup folders.
        """
        self._refuse_if_closed()
        export_database(self.engine, self._key, target)

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt every page under ``new_key`` (PRAGMA rekey), then reopen with it.

        Runs on a private connection with the pool emptied, in rollback-journal mode (the
        conservative path: rekeying is documented for it), and goes back to WAL afterwards.
        A failure leaves the database under the old key (the rekey is one transaction).
        """
        self._refuse_if_closed()
        new_pragma = _key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1)
        self.engine.dispose()
        conn = sqlcipher.connect(str(self.path), isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(_key_pragma(self._key))
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute(new_pragma)
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        self.engine = _build_engine(self.path, new_key)
        self._watch_errors(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._key = new_key
        report = check_integrity(self.engine)
        if not report.ok:
            raise DatabaseDamaged(_DAMAGED_MESSAGE)

    def fold_write_ahead_log(self) -> bool:
        """Fold the write-ahead log into the database file (a TRUNCATE checkpoint), so the file
        alone is the whole database. True when it completed and no driver error was seen in
        this store's life: only then may the closed file be sealed as checked."""
        self._refuse_if_closed()
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            busy, _log, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            cursor.close()
        except sqlcipher.Error:
            self.saw_driver_error = True
            return False
        finally:
            raw.close()
        return busy == 0 and not self.saw_driver_error

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
        # A 0-byte file passes both checks as a brand-new database. (Seen here when opened
        # read-only, a backup being checked; open_store refuses it before connecting.)
        try:
            empty = not conn.exec_driver_sql("PRAGMA page_count").scalar()
        except SADatabaseError:
            empty = False  # unreadable: the checks below say so
        if empty:
            return IntegrityReport(
                cipher_ok=False, sqlite_ok=False, problems=("the database file is empty",)
            )
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
    before_migration: Callable[[Store], object] | None = None,
    verify: bool = True,
    migrate: bool = True,
) -> Store:
    """Open (or create) the database, check it, back it up if needed, then migrate it.

    ``before_migration`` is called with the open store before an existing database is
    migrated (the desktop takes a full backup there); if it raises, nothing is migrated and
    the error propagates. ``migrate=False`` opens a copy exactly as it is.
    Never deletes or rewrites anything on failure: a database that does not open or fails its
    check is left exactly as it was and reported as damaged.
    """
    if create:
        _create_private_file(path)
    elif not path.exists():
        raise DatabaseMissing("The vault folder has a key file but no database (waypost.db).")
    elif path.stat().st_size == 0:
        # Emptied (0 bytes): connecting would write a fresh page 1 and migrating would pass it
        # off as an empty vault. Creating writes page 1 at once, so this is never a new vault.
        raise DatabaseDamaged(_DAMAGED_MESSAGE)

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
            and before_migration is not None
            and migration_runner.has_schema(engine)
        ):
            taken = before_migration(store)
            store.pre_migration_backup = True if taken is None else taken
        if pending:
            migration_runner.upgrade(engine)
            store.applied_migrations = tuple(pending)
            log.info("applied %d migration(s)", len(pending))
        return store
    except BaseException:
        engine.dispose()
        raise


def export_database(engine: Engine, key: bytes, target: Path) -> None:
    """Write an encrypted copy with sqlcipher_export, under the same key, and fsync it."""
    _create_private_file(target)
    try:
        # ATTACH and DETACH must run outside a transaction, so use the driver connection
        # directly (it is in autocommit mode: Waypost emits its own BEGINs).
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            # ATTACH cannot take bound parameters; the path is ours and quotes are escaped.
            quoted = str(target).replace("'", "''")
            cursor.execute(f"ATTACH DATABASE '{quoted}' AS backup KEY \"x'{key.hex()}'\"")
            try:
                # The copy is fsynced as a whole below and is not in place until the caller
                # renames it, so per-statement journalling and syncs (30x slower) buy nothing.
                cursor.execute("PRAGMA backup.journal_mode = OFF")
                cursor.execute("PRAGMA backup.synchronous = OFF")
                cursor.execute("SELECT sqlcipher_export('backup')")
            finally:
                cursor.execute("DETACH DATABASE backup")
                cursor.close()
        finally:
            raw.close()
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise


def check_database_file(path: Path, key: bytes) -> IntegrityReport:
    """Open a database file strictly read-only and run both integrity checks.

    For a copy that must not change (a backup): the file is opened as immutable, so SQLite
    writes nothing, not even a -wal or -shm file beside it. Raises ``DatabaseDamaged`` when
    the file does not decrypt with ``key`` at all.
    """
    # The URI goes straight to the driver: SQLAlchemy's URL parsing would mangle a path
    # holding "?", "#" or "%".
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher,
        creator=lambda: sqlcipher.connect(uri, uri=True, check_same_thread=False),
        hide_parameters=True,
    )
    key_pragma = _key_pragma(key)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(key_pragma)
            cursor.execute("PRAGMA temp_store = MEMORY")
        finally:
            cursor.close()

    try:
        try:
            with engine.connect() as conn:
                tables = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except SADatabaseError as exc:
            raise DatabaseDamaged(_DAMAGED_MESSAGE) from exc
        if not tables:
            # An empty file "opens" as an empty database: never a copy of a vault.
            raise DatabaseDamaged(_DAMAGED_MESSAGE)
        return check_integrity(engine)
    finally:
        engine.dispose()


def execute_sql(session: Session, sql: str, **params: object) -> None:
    session.execute(text(sql), params)


def key_opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` decrypts the database at ``path`` (read-only; nothing is written)."""
    conn = sqlcipher.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()
