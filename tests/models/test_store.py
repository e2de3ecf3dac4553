"""The store really encrypts, sets its pragmas, migrates and backs up."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from models.errors import DatabaseDamaged, DatabaseMissing
from models.migrations import runner
from models.services.facade import Services
from models.store import check_database_file, open_store

from .conftest import support_case


def test_vault_file_is_unreadable_by_plain_sqlite_and_holds_no_names(
    services: Services, tmp_path: Path
) -> None:
    services.create_case(support_case(given="Besnik", family="Krasniqi", known_as="Beni"))
    services.ctx.store.close()
    path = tmp_path / "waypost.db"
    raw = path.read_bytes() + (
        path.with_name("waypost.db-wal").read_bytes()
        if path.with_name("waypost.db-wal").exists()
        else b""
    )
    for name in (b"Besnik", b"Krasniqi", b"Beni", "Besnik".encode("utf-16-le")):
        assert name not in raw
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_pragmas_are_set(store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # 2 = MEMORY
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2


def test_database_and_its_copies_are_owner_only(store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    store.export_copy(copy)
    for path in (tmp_path / "waypost.db", copy):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_wrong_key_reports_damage_without_touching_the_file(store, tmp_path: Path) -> None:
    store.close()
    path = tmp_path / "waypost.db"
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged) as info:
        open_store(path, os.urandom(32))
    assert "Restore it from a backup" in info.value.user_message
    assert path.read_bytes() == before


def test_missing_database_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        open_store(tmp_path / "waypost.db", os.urandom(32))
    assert not (tmp_path / "waypost.db").exists()


def test_copy_is_encrypted_with_the_same_key_and_complete(
    services: Services, tmp_path: Path, db_key: bytes
) -> None:
    created = services.create_case(support_case())
    backup = tmp_path / "copy.db"
    services.ctx.store.export_copy(backup)
    copy = open_store(backup, db_key)
    try:
        copied = Services(services.ctx.__class__(store=copy, user="x")).caseload_rows([created.id])
        assert [row.reference for row in copied] == [created.reference]
    finally:
        copy.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(backup).execute("SELECT * FROM sqlite_master").fetchall()


def test_a_copy_is_checked_read_only_and_a_wrong_key_is_damage(store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    store.export_copy(copy)
    before = copy.read_bytes()
    assert check_database_file(copy, store.database_key).ok
    with pytest.raises(DatabaseDamaged):
        check_database_file(copy, os.urandom(32))
    # Immutable: not a byte changed, and no -wal or -shm file appeared beside it.
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == ["copy.db"]


def test_migrations_run_at_open_after_a_backup(tmp_path: Path, db_key: bytes) -> None:
    from alembic import command

    path = tmp_path / "waypost.db"
    first = open_store(path, db_key, create=True)
    # Take the schema back to before the first revision, as a vault from an older release
    # would be, with some data in it that must survive in the backup.
    config = runner._config()
    with first.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        conn.exec_driver_sql("CREATE TABLE older_data (x)")
        conn.exec_driver_sql("INSERT INTO older_data VALUES ('kept')")
    first.close()

    backup = tmp_path / "before-migration.db"
    reopened = open_store(path, db_key, before_migration=lambda s: s.export_copy(backup))
    try:
        assert runner.current_revision(reopened.engine) == runner.head_revision()
        assert reopened.pre_migration_backup is not None
    finally:
        reopened.close()

    copy = open_store(backup, db_key, migrate=False)
    try:
        assert runner.current_revision(copy.engine) is None
        with copy.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT x FROM older_data").scalar() == "kept"
    finally:
        copy.close()


def test_opening_an_up_to_date_vault_takes_no_backup(store, tmp_path: Path, db_key: bytes) -> None:
    store.close()
    called: list[object] = []
    reopened = open_store(tmp_path / "waypost.db", db_key, before_migration=called.append)
    reopened.close()
    assert called == [] and reopened.pre_migration_backup is None


def test_store_refuses_to_run_without_sqlcipher(tmp_path: Path, monkeypatch) -> None:
    """If the driver were plain SQLite, PRAGMA key would be ignored and data stored in clear."""
    import sqlite3 as plain_sqlite

    import models.store as store_module
    from models.errors import NotSqlcipherError

    monkeypatch.setattr(store_module, "sqlcipher", plain_sqlite)
    path = tmp_path / "waypost.db"
    with pytest.raises(NotSqlcipherError) as info:
        open_store(path, os.urandom(32), create=True)
    assert "not be encrypted" in info.value.user_message
    # Nothing was written in the clear: the pre-created file is still empty.
    assert path.read_bytes() == b""


def test_database_errors_do_not_quote_personal_data(services: Services) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError) as info, services.ctx.store.session() as session:
        session.execute(
            text("INSERT INTO person (id, reference, given_names) VALUES (1, :r, :n)"),
            {"r": "WP-2026-0001", "n": "Selamawit"},
        )
        session.execute(
            text("INSERT INTO person (id, reference, given_names) VALUES (1, :r, :n)"),
            {"r": "WP-2026-0002", "n": "Selamawit"},
        )
    assert "Selamawit" not in str(info.value)


def test_a_closed_store_refuses_work_instead_of_reopening(services: Services) -> None:
    from models.errors import VaultClosed

    services.create_case(support_case())
    services.ctx.store.close()
    with pytest.raises(VaultClosed):
        services.create_case(support_case(given="After the lock"))
    with pytest.raises(VaultClosed):
        services.count_cases()


@pytest.mark.parametrize("name", ["Cases #2", "Why? cases", "a b#c?d", "percent %20 folder"])
def test_a_vault_folder_name_with_url_characters_keeps_the_database_inside_it(
    tmp_path: Path, name: str
) -> None:
    folder = tmp_path / name
    folder.mkdir()
    key = os.urandom(32)
    store = open_store(folder / "waypost.db", key, create=True)
    try:
        with store.session() as session:
            session.execute(text("CREATE TABLE marker (x INTEGER)"))
    finally:
        store.close()
    # Exactly the vault's files appeared, all inside the folder, and it opens again.
    outside = sorted(p.name for p in tmp_path.iterdir() if p != folder)
    assert outside == []
    assert (folder / "waypost.db").stat().st_size > 0
    reopened = open_store(folder / "waypost.db", key)
    try:
        assert reopened.integrity().ok
    finally:
        reopened.close()
