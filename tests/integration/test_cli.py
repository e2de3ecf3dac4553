"""The `waypost` command line, run as a navigator (or a script) would run it."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from .conftest import GOOD_PASSPHRASE, Waypost, file_hashes

RECOVERY_KEY = re.compile(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\b")


def _init(waypost: Waypost, vault_dir: Path) -> str:
    result = waypost.run("init", "--vault", str(vault_dir))
    assert result.code == 0, result.err
    keys = RECOVERY_KEY.findall(result.out)
    assert len(keys) == 1, "the recovery key is printed exactly once"
    return keys[0]


def test_init_creates_an_owner_only_encrypted_vault(waypost: Waypost, vault_dir: Path) -> None:
    _init(waypost, vault_dir)
    for name in ("waypost.db", "keys.json"):
        assert stat.S_IMODE((vault_dir / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(vault_dir.stat().st_mode) == 0o700
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(vault_dir / "waypost.db").execute("SELECT 1 FROM sqlite_master").all()
    keys_text = (vault_dir / "keys.json").read_text()
    assert GOOD_PASSPHRASE not in keys_text


def test_init_refuses_a_weak_passphrase_and_creates_nothing(
    waypost: Waypost, vault_dir: Path
) -> None:
    result = waypost.run("init", "--vault", str(vault_dir), passphrase="password123")
    assert result.code == 2
    assert "too weak" in result.err
    assert not (vault_dir / "keys.json").exists()


def test_init_refuses_to_overwrite_a_vault(waypost: Waypost, vault_dir: Path) -> None:
    _init(waypost, vault_dir)
    before = file_hashes(vault_dir)
    result = waypost.run("init", "--vault", str(vault_dir))
    assert result.code == 3 and "already holds a vault" in result.err
    assert file_hashes(vault_dir) == before


def test_demo_fills_deterministically_and_cases_lists_them(
    waypost: Waypost, tmp_path: Path
) -> None:
    outputs = []
    for name in ("one", "two"):
        folder = tmp_path / name
        _init(waypost, folder)
        filled = waypost.run("demo", "--vault", str(folder), "--cases", "40", "--seed", "7")
        assert filled.code == 0, filled.err
        assert "Added 40 synthetic cases" in filled.out
        listed = waypost.run("cases", "--vault", str(folder), "--json")
        assert listed.code == 0, listed.err
        outputs.append(json.loads(listed.out))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 40
    first = outputs[0][0]
    assert set(first) == {"reference", "kind", "status", "opened"}
    assert re.fullmatch(r"WP-\d{4}-\d{4}", first["reference"])
    # Newest first.
    assert [c["opened"] for c in outputs[0]] == sorted(
        (c["opened"] for c in outputs[0]), reverse=True
    )


def test_cases_search_finds_a_survivor_by_name(waypost: Waypost, vault_dir: Path) -> None:
    from desktop.session import unlock_session  # noqa: F401 - imported for the helper below

    _init(waypost, vault_dir)
    assert waypost.run("demo", "--vault", str(vault_dir), "--cases", "30").code == 0
    everything = json.loads(waypost.run("cases", "--vault", str(vault_dir), "--json").out)
    found = json.loads(
        waypost.run(
            "cases", "--vault", str(vault_dir), "--json", "--search", everything[3]["reference"]
        ).out
    )
    assert [c["reference"] for c in found] == [everything[3]["reference"]]
    nothing = waypost.run("cases", "--vault", str(vault_dir), "--search", "zzzqqq")
    assert nothing.code == 0 and "0 case(s)" in nothing.err


def test_wrong_passphrase_is_clear_and_touches_nothing(waypost: Waypost, vault_dir: Path) -> None:
    _init(waypost, vault_dir)
    before = file_hashes(vault_dir)
    result = waypost.run("cases", "--vault", str(vault_dir), passphrase="not the passphrase")
    assert result.code == 3
    assert "Wrong passphrase" in result.err
    assert file_hashes(vault_dir) == before
    # The attempt is written to the audit log at the next successful unlock.
    check = waypost.run("check", "--vault", str(vault_dir))
    assert check.code == 0, check.err
    assert "Audit chain" in check.out


def test_no_keyring_is_reported_as_such(waypost: Waypost, vault_dir: Path) -> None:
    _init(waypost, vault_dir)
    before = file_hashes(vault_dir)
    waypost.backend = "keyring.backends.fail.Keyring"
    result = waypost.run("cases", "--vault", str(vault_dir))
    assert result.code == 3
    assert "keyring" in result.err.lower() and "Wrong passphrase" not in result.err
    assert file_hashes(vault_dir) == before


def test_missing_device_secret_offers_the_recovery_key(
    waypost: Waypost, vault_dir: Path, tmp_path: Path
) -> None:
    recovery_key = _init(waypost, vault_dir)
    before = file_hashes(vault_dir)
    # A new computer: the same vault folder, an empty keyring.
    waypost.keyring_file = tmp_path / "other-computer-keyring.json"
    result = waypost.run("cases", "--vault", str(vault_dir))
    assert result.code == 3
    assert "recovery key" in result.err.lower()
    assert file_hashes(vault_dir) == before

    recovered = waypost.run(
        "recover",
        "--vault",
        str(vault_dir),
        passphrase="new harbour lantern ninety",
        WAYPOST_RECOVERY_KEY=recovery_key.lower().replace("-", " "),
    )
    assert recovered.code == 0, recovered.err
    listed = waypost.run(
        "cases", "--vault", str(vault_dir), passphrase="new harbour lantern ninety"
    )
    assert listed.code == 0, listed.err


def test_a_damaged_database_is_reported_as_damage_not_a_wrong_passphrase(
    waypost: Waypost, vault_dir: Path
) -> None:
    _init(waypost, vault_dir)
    assert waypost.run("demo", "--vault", str(vault_dir), "--cases", "20").code == 0
    db = vault_dir / "waypost.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte inside an encrypted page
    db.write_bytes(bytes(data))
    before = file_hashes(vault_dir)
    result = waypost.run("check", "--vault", str(vault_dir))
    assert result.code == 3
    assert "damaged" in result.err and "backup" in result.err
    assert "Wrong passphrase" not in result.err
    assert file_hashes(vault_dir) == before


def test_check_detects_an_altered_audit_row(waypost: Waypost, vault_dir: Path, tmp_path) -> None:
    _init(waypost, vault_dir)
    assert waypost.run("check", "--vault", str(vault_dir)).code == 0
    # Tamper from inside: someone with the key edits an audit row.
    import os

    from sqlalchemy import text

    from desktop.session import unlock_session
    from tests.keyring_file import ENV, FileKeyring

    os.environ[ENV] = str(waypost.keyring_file)
    try:
        session = unlock_session(vault_dir, GOOD_PASSPHRASE, keyring_backend=FileKeyring())
        with session.store.session() as db:
            db.execute(text("UPDATE audit_entry SET user = 'someone else' WHERE id = 1"))
        session.store.close()
    finally:
        del os.environ[ENV]
    result = waypost.run("check", "--vault", str(vault_dir))
    assert result.code == 1
    assert "Audit chain" in result.out and "FAILED" in result.out
    assert "altered" in result.out


def test_missing_vault_and_missing_passphrase_are_explained(
    waypost: Waypost, vault_dir: Path
) -> None:
    missing = waypost.run("cases", "--vault", str(vault_dir))
    assert missing.code == 3 and "waypost init" in missing.err
    _init(waypost, vault_dir)
    no_pass = waypost.run("cases", "--vault", str(vault_dir), passphrase=None)
    assert no_pass.code == 2 and "WAYPOST_PASSPHRASE" in no_pass.err
