"""Backup sets and restores, as a navigator would notice them: what is on the drive, what
comes back, and what is never touched when something goes wrong."""

from __future__ import annotations

import errno
import json
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import backups as backups_module
from desktop import vault
from desktop.backup_errors import (
    BackupDamaged,
    BackupFailed,
    BackupFolderUnavailable,
    BackupKeyDiffers,
    BackupOfAnotherVault,
)
from desktop.backups import (
    backup_if_changed,
    default_backup_folder,
    describe_backup,
    list_backups,
    restore_backup,
    restore_to_new_computer,
    take_backup,
    verify_backup,
)
from desktop.session import restore_backup_and_open
from models.entities import AuditEntry
from models.enums import AuditAction
from models.migrations import runner
from models.store import open_store
from tests.keyring_memory import MemoryKeyring

from .backup_support import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    add_case,
    folder_state,
    make_vault,
    open_vault,
    references,
)

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def opened(tmp_path: Path, memory_keyring):
    session, recovery_key = make_vault(tmp_path / "vault", memory_keyring)
    yield session, recovery_key
    if not session.store.closed:
        session.store.close()


def test_a_backup_set_holds_the_encrypted_database_the_key_file_and_a_manifest(
    opened, tmp_path: Path
) -> None:
    session, _ = opened
    folder = session.folder
    add_case(session, family="Krasniqi")
    info = take_backup(session.store, folder, default_backup_folder(folder), reason="manual")

    assert info.path.parent == folder / "backups"
    assert info.path.name.startswith("waypost-backup-") and info.path.name.endswith("Z")
    assert sorted(p.name for p in info.path.iterdir()) == [
        "keys.json",
        "manifest.json",
        "waypost.db",
    ]
    assert stat.S_IMODE((folder / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o700
    for child in info.path.iterdir():
        assert stat.S_IMODE(child.stat().st_mode) == 0o600
    assert (info.path / "keys.json").read_bytes() == (folder / "keys.json").read_bytes()
    database = (info.path / "waypost.db").read_bytes()
    assert not database.startswith(b"SQLite format 3") and b"Krasniqi" not in database

    manifest = json.loads((info.path / "manifest.json").read_text())
    assert manifest["format"] == "waypost-backup" and manifest["version"] == 1
    assert manifest["vault_id"] == session.unlocked.vault_id == info.vault_id
    assert manifest["reason"] == "manual" and not info.legacy
    assert manifest["database_bytes"] == len(database) == info.database_bytes
    assert manifest["schema_revision"] == runner.head_revision()
    assert manifest["last_change_id"] > 0
    assert datetime.fromisoformat(manifest["taken_at"]) == info.taken_at
    # No paths (they can hold the navigator's name) and nothing from the vault.
    text = (info.path / "manifest.json").read_text()
    assert str(tmp_path) not in text and "Krasniqi" not in text
    # It checks out, and checking it changed nothing.
    before = folder_state(info.path)
    verify_backup(info.path, session.unlocked.database_key)
    assert folder_state(info.path) == before


def test_backup_add_a_case_restore_and_the_case_is_gone_but_kept_aside(opened) -> None:
    session, _ = opened
    folder = session.folder
    kept_reference = add_case(session, family="Before")
    backup = take_backup(session.store, folder, folder / "backups", reason="manual")
    later_reference = add_case(session, family="After")
    unlocked = session.unlocked
    session.close()

    restored, aside = restore_backup_and_open(unlocked, backup.path)
    try:
        assert references(restored) == {kept_reference}
        with restored.store.read_session() as db:
            actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-2:] == [AuditAction.UNLOCK, AuditAction.RESTORE]
    finally:
        restored.close()

    # The replaced vault is a whole vault folder of its own, and it still opens.
    assert aside.parent == folder and aside.name.startswith("replaced-")
    assert stat.S_IMODE(aside.stat().st_mode) == 0o700
    assert (aside / "keys.json").read_bytes() == (folder / "keys.json").read_bytes()
    replaced = open_store(aside / "waypost.db", unlocked.database_key, migrate=False)
    try:
        from models.services.context import ServiceContext
        from models.services.facade import Services

        services = Services(ServiceContext(store=replaced, user="check"))
        from models.dto import CaseloadQuery

        rows = services.caseload_rows(services.caseload_ids(CaseloadQuery()))
        assert {row.reference for row in rows} == {kept_reference, later_reference}
    finally:
        replaced.close()


def test_restore_on_a_new_computer_with_the_recovery_key(opened, tmp_path: Path) -> None:
    session, recovery_key = opened
    reference = add_case(session)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = take_backup(session.store, session.folder, usb / "waypost", reason="manual")
    session.close()

    new_computer = MemoryKeyring()
    target = tmp_path / "new-laptop" / "vault"
    wrong_key = vault.format_recovery_key(bytes(20))
    with pytest.raises(vault.WrongRecoveryKey):
        restore_to_new_computer(
            target, backup.path, wrong_key, NEW_PASSPHRASE, keyring_backend=new_computer
        )
    assert not target.exists() and not new_computer.entries  # nothing written

    restore_to_new_computer(
        target, backup.path, recovery_key, NEW_PASSPHRASE, keyring_backend=new_computer
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for name in ("waypost.db", "keys.json"):
        assert stat.S_IMODE((target / name).stat().st_mode) == 0o600
    reopened = open_vault(target, new_computer, NEW_PASSPHRASE)
    try:
        assert references(reopened) == {reference}
    finally:
        reopened.close()
    with pytest.raises(vault.WrongPassphrase):
        open_vault(target, new_computer, PASSPHRASE)
    # A folder that already holds a vault is never restored over this way.
    before = folder_state(target)
    with pytest.raises(vault.VaultAlreadyExists):
        restore_to_new_computer(
            target, backup.path, recovery_key, NEW_PASSPHRASE, keyring_backend=new_computer
        )
    assert folder_state(target) == before


def test_backup_if_changed_skips_an_unchanged_vault_and_backs_up_after_a_change(
    opened, memory_keyring
) -> None:
    session, _ = opened
    folder = session.folder
    target = folder / "backups"
    first = backup_if_changed(session.store, folder, target, now=NOON)
    assert first is not None and first.reason == "unlock"
    assert backup_if_changed(session.store, folder, target, now=NOON + timedelta(hours=1)) is None
    # Locking and unlocking again is not a change.
    session.close()
    session = open_vault(folder, memory_keyring)
    try:
        assert backup_if_changed(session.store, folder, target) is None
        add_case(session)
        second = backup_if_changed(session.store, folder, target, now=NOON + timedelta(days=1))
        assert second is not None
        assert [b.path for b in list_backups(target)] == [second.path, first.path]
    finally:
        session.close()


def test_retention_over_a_simulated_year_keeps_the_scheme_and_nothing_else(
    opened, tmp_path: Path, monkeypatch
) -> None:
    from desktop.backup_manifest import manifest_json, parse_manifest
    from models.rules.backup_retention import backups_to_keep

    session, _ = opened
    target = tmp_path / "usb" / "backups"
    target.mkdir(parents=True)
    # Things retention must never touch: an older single-file backup, another vault's set,
    # a set with a damaged manifest, and a file of the navigator's own.
    (target / "waypost-20250101T000000000000Z.db").write_bytes(b"legacy")
    (target / "notes.txt").write_text("mine")
    seed = take_backup(session.store, session.folder, target, reason="manual", now=NOON)
    other = target / "waypost-backup-20260101T000000000000Z"
    shutil.copytree(seed.path, other)
    assert seed.manifest is not None
    other_manifest = parse_manifest((other / "manifest.json").read_bytes())
    from dataclasses import replace

    fake = replace(other_manifest, vault_id="00000000-0000-4000-8000-000000000000")
    (other / "manifest.json").write_bytes(manifest_json(fake))
    damaged = target / "waypost-backup-20260102T000000000000Z"
    shutil.copytree(seed.path, damaged)
    (damaged / "manifest.json").write_text("{not json")
    shutil.rmtree(seed.path)

    # 365 real exports would take half a minute: every day's set here is a real set written
    # by take_backup, but its database is a byte copy of one export, and fsync (the disk's
    # business) is skipped.
    template = tmp_path / "template.db"
    session.store.export_copy(template)
    monkeypatch.setattr(type(session.store), "export_copy", lambda _s, t: shutil.copy(template, t))
    monkeypatch.setattr(backups_module, "_check_new_copy", lambda *_: None)
    monkeypatch.setattr(backups_module.os, "fsync", lambda _fd: None)

    start = datetime(2026, 1, 1, 8, 30, tzinfo=UTC)
    days = [start + timedelta(days=n, minutes=n % 7) for n in range(365)]
    for day in days:
        take_backup(session.store, session.folder, target, reason="unlock", now=day)

    mine = [b for b in list_backups(target, session.unlocked.vault_id) if not b.legacy]
    assert {b.taken_at for b in mine} == backups_to_keep(days)
    assert len(mine) <= 7 + 4 + 12
    assert mine[0].taken_at == days[-1]  # the newest is always kept
    assert (target / "notes.txt").read_text() == "mine"
    assert (target / "waypost-20250101T000000000000Z.db").read_bytes() == b"legacy"
    assert other.is_dir() and damaged.is_dir()
    assert not [p for p in target.iterdir() if p.name.startswith(".")]  # no leftovers
    # The legacy file is listed (restorable); the damaged set is not.
    listed = [b.path for b in list_backups(target)]
    assert target / "waypost-20250101T000000000000Z.db" in listed
    assert damaged not in listed and other in listed


def test_an_unplugged_usb_drive_is_reported_and_nothing_is_written(opened, tmp_path) -> None:
    session, _ = opened
    before = folder_state(session.folder)
    with pytest.raises(BackupFolderUnavailable) as info:
        take_backup(session.store, session.folder, tmp_path / "usb" / "waypost", reason="manual")
    assert "USB drive" in info.value.user_message
    assert "your vault is unchanged" in info.value.user_message
    assert not (tmp_path / "usb").exists()
    assert folder_state(session.folder) == before


@pytest.mark.parametrize("where", ["keys", "database"])
def test_a_full_disk_during_a_backup_leaves_no_partial_set_and_the_vault_untouched(
    opened, tmp_path: Path, monkeypatch, where: str
) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    session, _ = opened
    target = tmp_path / "usb"
    earlier = take_backup(session.store, session.folder, target, reason="manual", now=NOON)
    before_vault, before_target = folder_state(session.folder), folder_state(target)

    def disk_full(*_args: object) -> None:
        if where == "keys":
            raise OSError(errno.ENOSPC, "No space left on device")
        raise sqlcipher.OperationalError("database or disk is full")

    if where == "keys":
        monkeypatch.setattr(backups_module, "_write_private_file", disk_full)
    else:
        monkeypatch.setattr(type(session.store), "export_copy", disk_full)
    with pytest.raises(BackupFailed) as info:
        take_backup(session.store, session.folder, target, reason="manual")
    assert "disk is full" in info.value.user_message
    assert str(tmp_path) not in info.value.user_message
    assert folder_state(target) == before_target  # no partial folder left behind
    assert folder_state(session.folder) == before_vault
    assert [b.path for b in list_backups(target)] == [earlier.path]


def test_restore_refuses_another_vaults_backup_and_changes_nothing(
    opened, tmp_path: Path, memory_keyring
) -> None:
    session, _ = opened
    other, _ = make_vault(tmp_path / "other", memory_keyring)
    try:
        foreign = take_backup(other.store, other.folder, tmp_path / "b", reason="manual")
    finally:
        other.close()
    before = folder_state(session.folder)
    with pytest.raises(BackupOfAnotherVault) as info:
        restore_backup(session.folder, foreign.path, database_key=session.unlocked.database_key)
    assert "different vault" in info.value.user_message
    assert folder_state(session.folder) == before


def test_a_backup_under_an_older_key_is_told_apart_from_damage(opened, tmp_path: Path) -> None:
    """A backup taken before a key rotation: refused with the current key (nothing changes);
    restored with its own key, and then its own keys.json comes with it."""
    import os

    session, _ = opened
    folder = session.folder
    backup = take_backup(session.store, folder, tmp_path / "b", reason="key_rotation")
    old_key = session.unlocked.database_key
    session.close()
    rotated_key = os.urandom(32)  # stands for the key after a rotation
    before = folder_state(folder)
    with pytest.raises(BackupKeyDiffers):
        verify_backup(backup.path, rotated_key)
    with pytest.raises(BackupKeyDiffers):
        restore_backup(folder, backup.path, database_key=rotated_key)
    assert folder_state(folder) == before

    aside = restore_backup(folder, backup.path, database_key=rotated_key, backup_key=old_key)
    assert (folder / "keys.json").read_bytes() == (backup.path / "keys.json").read_bytes()
    assert (aside / "keys.json").is_file() and (aside / "waypost.db").is_file()


def test_a_tampered_backup_fails_verification_without_being_changed(opened, tmp_path) -> None:
    session, _ = opened
    backup = take_backup(session.store, session.folder, tmp_path / "b", reason="manual")
    database = backup.path / "waypost.db"
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01
    database.write_bytes(bytes(data))
    before = folder_state(backup.path)
    with pytest.raises(BackupDamaged) as info:
        verify_backup(backup.path, session.unlocked.database_key)
    assert "Nothing was changed" in info.value.user_message
    assert folder_state(backup.path) == before


def test_labels_say_when_why_and_how_big() -> None:
    from desktop.backups import BackupInfo

    taken = datetime(2026, 11, 26, 7, 12, tzinfo=UTC)
    info = BackupInfo(Path("x"), "id", taken, "migration", 12_345_678, False)
    local = taken.astimezone()
    assert (
        describe_backup(info) == f"{local.day} {local:%b %Y %H:%M} \u2014 before migration, 12.3 MB"
    )
    legacy = BackupInfo(Path("y"), None, taken, "legacy", 480_000, True)
    assert describe_backup(legacy).endswith("\u2014 older backup, 480 KB")
