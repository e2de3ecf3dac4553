"""The seal left at a clean lock lets the next unlock skip the full page check, and only then.

The full check (every page's HMAC, then SQLite's structure) is what reports a flipped byte at
unlock; it decrypts the whole file. Counting its runs shows when it is skipped; the damage
cases show that skipping it never lets a changed file through."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import models.store
from desktop import vault
from desktop.database_seal import DigestInAdvance, seal_matches, seal_path
from desktop.session import VaultDatabaseDamaged, create_session, unlock_session

PASSPHRASE = "lantern orchard velvet ninety"
PAGE = 4096


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The full checks run, counted (the real check still runs every time)."""
    runs: list[Path] = []
    real = models.store.check_integrity

    def counted(engine):  # type: ignore[no-untyped-def]
        runs.append(Path(engine.url.database or ""))
        return real(engine)

    monkeypatch.setattr(models.store, "check_integrity", counted)
    yield runs


@pytest.fixture
def folder(tmp_path: Path, memory_keyring) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "v"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    session.close()
    return folder


def _unlock(folder: Path, memory_keyring):  # type: ignore[no-untyped-def]
    return unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)


def test_a_clean_lock_seals_the_file_and_the_next_unlock_skips_the_full_check(
    folder: Path, memory_keyring, full_checks: list[Path]
) -> None:
    seal = seal_path(folder / "waypost.db")
    assert stat.S_IMODE(seal.stat().st_mode) == 0o600
    assert set(json.loads(seal.read_text())) == {"format", "mac"}  # a MAC, nothing else

    session = _unlock(folder, memory_keyring)
    # While unlocked the file changes, so no seal stands for it.
    assert not seal.exists()
    session.close()
    assert full_checks == []
    assert seal.exists()


def test_after_a_crash_the_next_unlock_runs_the_full_check(
    folder: Path, memory_keyring, full_checks: list[Path]
) -> None:
    session = _unlock(folder, memory_keyring)
    session.store.close()  # the process died: no lock entry, no seal
    again = _unlock(folder, memory_keyring)
    again.close()
    assert len(full_checks) == 1


@pytest.mark.parametrize(
    "seal_text",
    ['{"format": 1, "mac": "00"}', "not json", '{"format": 2, "mac": "00"}', ""],
    ids=["forged", "garbled", "future format", "empty"],
)
def test_a_seal_that_does_not_match_means_the_full_check(
    folder: Path, memory_keyring, full_checks: list[Path], seal_text: str
) -> None:
    seal_path(folder / "waypost.db").write_text(seal_text)
    _unlock(folder, memory_keyring).close()
    assert len(full_checks) == 1


def test_a_byte_flipped_after_a_clean_lock_is_still_reported_at_unlock(
    folder: Path, memory_keyring, full_checks: list[Path]
) -> None:
    database = folder / "waypost.db"
    data = bytearray(database.read_bytes())
    data[len(data) - PAGE + 100] ^= 0x04  # the last page: its HMAC no longer matches
    database.write_bytes(bytes(data))
    with pytest.raises(VaultDatabaseDamaged):
        _unlock(folder, memory_keyring)
    assert len(full_checks) == 1


def test_a_session_that_met_a_database_error_is_not_sealed(
    folder: Path, memory_keyring, full_checks: list[Path]
) -> None:
    session = _unlock(folder, memory_keyring)
    with pytest.raises(OperationalError), session.store.read_session() as db:
        db.execute(text("SELECT * FROM no_such_table"))
    session.close()
    assert not seal_path(folder / "waypost.db").exists()
    _unlock(folder, memory_keyring).close()
    assert len(full_checks) == 1


def test_a_digest_read_in_advance_does_not_vouch_for_a_file_changed_since(
    folder: Path, memory_keyring
) -> None:
    database = folder / "waypost.db"
    key = vault.unlock(folder, PASSPHRASE, keyring_backend=memory_keyring).database_key
    advance = DigestInAdvance(database)
    assert advance.result() is not None
    assert seal_matches(database, key, advance)
    data = bytearray(database.read_bytes())
    data[len(data) - PAGE + 100] ^= 0x04
    database.write_bytes(bytes(data))
    # Read before the change, so it is not used; the file read again does not match.
    assert advance.result() is None
    assert not seal_matches(database, key, advance)
