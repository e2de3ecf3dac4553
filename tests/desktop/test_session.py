"""Unlocking a vault made by an older release: back up, migrate, and say so in the audit log."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from desktop import vault
from desktop.backups import list_backups
from desktop.session import create_session, unlock_session
from models.migrations import runner

PASSPHRASE = "lantern orchard velvet ninety"


def test_an_older_vault_is_backed_up_then_migrated_and_both_are_audited(
    tmp_path: Path, memory_keyring
) -> None:
    folder = tmp_path / "v"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    # Take the schema back to the first release's revision, as an older install would have it.
    config = runner._config()
    with session.store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    # Closed without a lock entry: today's audit log writes need today's schema (audit_head).
    session.store.close()

    reopened = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    try:
        assert runner.current_revision(reopened.store.engine) == runner.head_revision()
        with reopened.store.read_session() as db:
            actions = db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars().all()
        assert actions[-3:] == ["backup", "migrate", "unlock"]
        assert reopened.services.check().ok
    finally:
        reopened.close()
    backups = list_backups(folder / "backups")
    assert [b.reason for b in backups] == ["migration"]
    # A whole backup set: the key file too, so it restores on its own.
    assert (backups[0].path / "keys.json").read_bytes() == (folder / "keys.json").read_bytes()


def test_an_up_to_date_vault_opens_without_backup_or_migration(tmp_path: Path, memory_keyring):
    folder = tmp_path / "v"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    session.close()
    reopened = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    try:
        with reopened.store.read_session() as db:
            actions = db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars().all()
        assert "migrate" not in actions and "backup" not in actions
    finally:
        reopened.close()
    assert list_backups(folder / "backups") == []
