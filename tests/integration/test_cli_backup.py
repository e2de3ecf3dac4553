"""`waypost backup` and `waypost restore`, run as a navigator would: to a USB folder, from a
damaged copy (refused, nothing changed), back in place, and on a new computer."""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.session import VaultSession, unlock_session
from models.entities import AuditEntry
from models.enums import AuditAction
from tests.desktop.backup_support import add_case
from tests.keyring_file import ENV as KEYRING_FILE_ENV
from tests.keyring_file import FileKeyring

from .conftest import GOOD_PASSPHRASE, Waypost, file_hashes

RECOVERY_KEY = re.compile(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\b")
NEW_PASSPHRASE = "juniper canal orbit ninety one"


@contextmanager
def opened(folder: Path, keyring_file: Path, passphrase: str = GOOD_PASSPHRASE):
    """The vault opened in this process, with the subprocesses' keyring file (one computer)."""
    previous = os.environ.get(KEYRING_FILE_ENV)
    os.environ[KEYRING_FILE_ENV] = str(keyring_file)
    try:
        session = unlock_session(folder, passphrase, keyring_backend=FileKeyring())
        try:
            yield session
        finally:
            session.close()
    finally:
        if previous is None:
            os.environ.pop(KEYRING_FILE_ENV, None)
        else:
            os.environ[KEYRING_FILE_ENV] = previous


def _count(session: VaultSession) -> int:
    return session.services.count_cases()


def _actions(session: VaultSession) -> list[str]:
    with session.store.read_session() as db:
        return list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A real vault with three cases, backed up with `waypost backup` to a "USB" folder."""
    root = tmp_path_factory.mktemp("cli-backup")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    made = waypost.run("init", "--vault", str(folder))
    assert made.code == 0, made.err
    with opened(folder, waypost.keyring_file) as session:
        for family in ("One", "Two", "Three"):
            add_case(session, family=family)
    usb = root / "usb"
    usb.mkdir()
    result = waypost.run("backup", "--vault", str(folder), "--to", str(usb / "waypost"))
    assert result.code == 0, result.err
    sets = list((usb / "waypost").glob("waypost-backup-*"))
    assert len(sets) == 1
    assert f"Backed up the vault to {sets[0]}" in result.out
    assert re.search(r"\((\d+ KB|\d+\.\d MB)\)", result.out)
    yield {
        "waypost": waypost,
        "folder": folder,
        "recovery_key": RECOVERY_KEY.findall(made.out)[0],
        "backup": sets[0],
        "usb": usb,
    }


def test_backup_writes_an_owner_only_set_lists_it_without_a_passphrase_and_audits(
    backed_up: dict,
) -> None:
    waypost, backup = backed_up["waypost"], backed_up["backup"]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in backup.iterdir())
    listed = waypost.run(
        "backup",
        "--list",
        "--vault",
        str(backed_up["folder"]),
        "--to",
        str(backed_up["usb"] / "waypost"),
        passphrase=None,
    )
    assert listed.code == 0, listed.err
    lines = listed.out.strip().splitlines()
    assert len(lines) == 1 and "manual" in lines[0] and str(backup) in lines[0]
    with opened(backed_up["folder"], waypost.keyring_file) as session:
        assert AuditAction.BACKUP in _actions(session)


def test_a_damaged_backup_is_refused_and_restoring_a_good_one_brings_the_vault_back(
    backed_up: dict, tmp_path: Path
) -> None:
    waypost = backed_up["waypost"]
    folder = tmp_path / "vault"  # a copy, so the other tests keep the original
    shutil.copytree(backed_up["folder"], folder)
    with opened(folder, waypost.keyring_file) as session:
        add_case(session, family="Later")
        assert _count(session) == 4

    damaged = tmp_path / "damaged" / backed_up["backup"].name
    shutil.copytree(backed_up["backup"], damaged)
    database = damaged / "waypost.db"
    data = bytearray(database.read_bytes())
    data[len(data) // 3] ^= 0x40
    database.write_bytes(bytes(data))
    before = file_hashes(folder)
    refused = waypost.run("restore", str(damaged), "--vault", str(folder))
    assert refused.code == 3
    assert "damaged" in refused.err and "Nothing was changed" in refused.err
    assert file_hashes(folder) == before
    assert not list(folder.glob("replaced-*")) and not list(folder.glob(".restore-*"))

    restored = waypost.run("restore", str(backed_up["backup"]), "--vault", str(folder))
    assert restored.code == 0, restored.err
    aside = list(folder.glob("replaced-*"))
    assert len(aside) == 1 and str(aside[0]) in restored.out
    assert (aside[0] / "waypost.db").is_file()  # the replaced vault is kept, not deleted
    with opened(folder, waypost.keyring_file) as session:
        assert _count(session) == 3  # the later case is gone
        assert AuditAction.RESTORE in _actions(session)


def test_restore_on_a_new_computer_with_the_recovery_key(backed_up: dict, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    laptop = Waypost(tmp_path, tmp_path / "keyring.json")  # an empty keyring: a new computer
    target = tmp_path / "vault"

    wrong = laptop.run(
        "restore",
        str(backed_up["backup"]),
        "--vault",
        str(target),
        passphrase=NEW_PASSPHRASE,
        WAYPOST_RECOVERY_KEY="0000-0000-0000-0000-0000-0000-0000-0000",
    )
    assert wrong.code == 3 and "recovery key does not open" in wrong.err
    assert not target.exists()

    restored = laptop.run(
        "restore",
        str(backed_up["backup"]),
        "--vault",
        str(target),
        "--recovery-key-env",
        "SHEET_KEY",
        passphrase=NEW_PASSPHRASE,
        SHEET_KEY=backed_up["recovery_key"],
    )
    assert restored.code == 0, restored.err
    with opened(target, laptop.keyring_file, NEW_PASSPHRASE) as session:
        assert _count(session) == 3
        # ... restore (the CLI), lock, then this unlock.
        assert _actions(session)[-3:] == [AuditAction.RESTORE, AuditAction.LOCK, AuditAction.UNLOCK]
