"""Key chores a navigator can do: change the passphrase, see the recovery key again, replace it,
and rotate the database key (PRAGMA rekey) without ever being locked out."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop import key_management, vault
from desktop.envelope import read_envelope
from desktop.key_management import NoRecoveryKeyCopy
from desktop.key_rotation import rotate_database_key
from desktop.session import create_session, recover_session, unlock_session
from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource
from models.store import key_opens

PASSPHRASE = "lantern orchard velvet ninety"
NEW_PASSPHRASE = "quiet harbour copper seventeen"


def new_case(name: str) -> NewCase:
    given, family = name.split(" ", 1)
    return NewCase(
        fields=CaseFields(
            kind=CaseKind.SUPPORT_PLAN,
            opened_on=date(2026, 11, 1),
            referral_source=ReferralSource.POLICE_FORCE,
            police_force="Kent Police",
        ),
        person=PersonFields(given_names=given, family_name=family),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    path.mkdir()
    return path


@pytest.fixture
def made(folder: Path, memory_keyring):
    session, recovery = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    session.services.create_case(new_case("Amina Testperson"))
    yield session, recovery
    if not session.store.closed:
        session.close()


def actions(session) -> list[str]:
    with session.store.read_session() as db:
        return list(db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars())


def case_names(session) -> list[str]:
    with session.store.read_session() as db:
        rows = db.execute(text("SELECT given_names, family_name FROM person")).all()
        return [f"{given} {family}" for given, family in rows]


# ---------------------------------------------------------------------------------------------
# The recovery key, shown again


def test_the_recovery_key_can_be_shown_again_with_the_passphrase(folder, made, memory_keyring):
    _session, recovery = made
    shown = key_management.show_recovery_key(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert shown == recovery


def test_showing_the_recovery_key_needs_the_right_passphrase(folder, made, memory_keyring):
    before = vault.vault_paths(folder).keys.read_bytes()
    with pytest.raises(vault.WrongPassphrase):
        key_management.show_recovery_key(folder, "not it at all", keyring_backend=memory_keyring)
    assert vault.vault_paths(folder).keys.read_bytes() == before


def test_a_vault_made_before_the_copy_existed_says_so_and_can_replace_its_key(
    folder, made, memory_keyring
):
    session, old_recovery = made
    keys = vault.vault_paths(folder).keys
    doc = json.loads(keys.read_text())
    del doc["wrapped_keys"]["recovery_key_copy"]
    doc["version"] = 1
    keys.write_text(json.dumps(doc))
    with pytest.raises(NoRecoveryKeyCopy) as caught:
        key_management.show_recovery_key(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert "Replace recovery key" in caught.value.user_message

    new_recovery = key_management.replace_recovery_key(
        folder, PASSPHRASE, keyring_backend=memory_keyring
    )
    assert new_recovery != old_recovery
    assert (
        key_management.show_recovery_key(folder, PASSPHRASE, keyring_backend=memory_keyring)
        == new_recovery
    )
    session.close()
    # The old sheet no longer opens the vault; the new one does, on a new computer.
    with pytest.raises(vault.WrongRecoveryKey):
        vault.unlock_with_recovery_key(
            folder, old_recovery, NEW_PASSPHRASE, keyring_backend=memory_keyring
        )
    from tests.keyring_memory import MemoryKeyring

    recovered = recover_session(
        folder, new_recovery, NEW_PASSPHRASE, keyring_backend=MemoryKeyring()
    )
    assert case_names(recovered) == ["Amina Testperson"]
    recovered.close()


def test_a_demo_vault_has_no_recovery_key_to_show(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    session, _ = create_session(folder, PASSPHRASE, demo=True, kdf=vault.FAST_TEST_KDF)
    session.close()
    with pytest.raises(vault.NoRecoveryKey):
        key_management.show_recovery_key(folder, PASSPHRASE)


# ---------------------------------------------------------------------------------------------
# Changing the passphrase re-wraps K only


def test_changing_the_passphrase_rewraps_only_the_key(folder, made, memory_keyring):
    session, recovery = made
    session.close()
    database = vault.vault_paths(folder).database
    before = database.read_bytes()
    vault.change_passphrase(folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=memory_keyring)
    assert database.read_bytes() == before
    with pytest.raises(vault.WrongPassphrase):
        unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    reopened = unlock_session(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring)
    assert case_names(reopened) == ["Amina Testperson"]
    reopened.close()
    # The recovery key is unchanged, and can still be shown.
    assert (
        key_management.show_recovery_key(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring)
        == recovery
    )


# ---------------------------------------------------------------------------------------------
# Rotating the database key


def test_rotation_re_encrypts_under_a_new_key_after_a_backup(folder, made, memory_keyring):
    session, recovery = made
    old_key = session.unlocked.database_key
    result = rotate_database_key(
        session, PASSPHRASE, backup_folder=folder / "backups", keyring_backend=memory_keyring
    )
    new_key = session.unlocked.database_key
    assert new_key != old_key
    assert result.new_recovery_key == ""  # the stored copy let the same sheet keep working
    # The open session keeps working under the new key, and the rotation is audited.
    session.services.create_case(new_case("Second Testperson"))
    recorded = actions(session)
    assert recorded.count("key_rotated") == 1
    assert recorded[recorded.index("key_rotated") + 1 :] == ["create"] * (
        len(recorded) - recorded.index("key_rotated") - 1
    )
    session.close()

    database = vault.vault_paths(folder).database
    assert not key_opens(database, old_key)
    assert key_opens(database, new_key)
    assert read_envelope(vault.vault_paths(folder)).pending is None
    reopened = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert sorted(case_names(reopened)) == ["Amina Testperson", "Second Testperson"]
    assert reopened.services.check().ok
    reopened.close()
    # The backup was taken under the old key, before anything changed.
    assert key_opens(result.backup.path / "waypost.db", old_key)
    # The same recovery sheet still opens the vault.
    from tests.keyring_memory import MemoryKeyring

    recovered = recover_session(folder, recovery, NEW_PASSPHRASE, keyring_backend=MemoryKeyring())
    assert len(case_names(recovered)) == 2
    recovered.close()


def test_rotation_with_a_wrong_passphrase_changes_nothing(folder, made, memory_keyring):
    session, _ = made
    paths = vault.vault_paths(folder)
    keys_before = paths.keys.read_bytes()
    with pytest.raises(vault.WrongPassphrase):
        rotate_database_key(
            session, "wrong wrong", backup_folder=folder / "backups", keyring_backend=memory_keyring
        )
    assert paths.keys.read_bytes() == keys_before
    assert key_opens(paths.database, session.unlocked.database_key)
    assert not (folder / "backups").exists() or not any((folder / "backups").iterdir())


def test_a_vault_without_a_recovery_copy_gets_a_new_recovery_key_on_rotation(
    folder, made, memory_keyring
):
    session, old_recovery = made
    keys = vault.vault_paths(folder).keys
    doc = json.loads(keys.read_text())
    del doc["wrapped_keys"]["recovery_key_copy"]
    keys.write_text(json.dumps(doc))
    result = rotate_database_key(
        session, PASSPHRASE, backup_folder=folder / "backups", keyring_backend=memory_keyring
    )
    assert result.new_recovery_key and result.new_recovery_key != old_recovery
    session.close()
    from tests.keyring_memory import MemoryKeyring

    with pytest.raises(vault.WrongRecoveryKey):
        recover_session(folder, old_recovery, NEW_PASSPHRASE, keyring_backend=MemoryKeyring())
    recovered = recover_session(
        folder, result.new_recovery_key, NEW_PASSPHRASE, keyring_backend=MemoryKeyring()
    )
    assert case_names(recovered) == ["Amina Testperson"]
    recovered.close()


@pytest.mark.parametrize("crash_point", ["before_rekey", "after_rekey"])
def test_an_interrupted_rotation_still_unlocks_and_is_settled(
    folder, made, memory_keyring, crash_point
):
    """keys.json holds both keys while the database changes; the next unlock finds which."""
    session, _ = made
    start = key_management.begin_rotation(
        vault.open_envelope(folder, PASSPHRASE, keyring_backend=memory_keyring),
        session.unlocked.database_key,
    )
    if crash_point == "after_rekey":
        session.store.rekey(start.new_key)
    session.store.close()  # the process dies here: keys.json still says "pending"
    assert read_envelope(vault.vault_paths(folder)).pending is not None

    reopened = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    expected = start.new_key if crash_point == "after_rekey" else start.current_key
    assert reopened.unlocked.database_key == expected
    assert case_names(reopened) == ["Amina Testperson"]
    assert reopened.services.check().ok
    reopened.close()
    assert read_envelope(vault.vault_paths(folder)).pending is None
    again = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert again.unlocked.database_key == expected
    again.close()


def test_a_passphrase_change_during_an_interrupted_rotation_keeps_both_keys(
    folder, made, memory_keyring
):
    session, _ = made
    start = key_management.begin_rotation(
        vault.open_envelope(folder, PASSPHRASE, keyring_backend=memory_keyring),
        session.unlocked.database_key,
    )
    session.store.rekey(start.new_key)
    session.store.close()
    vault.change_passphrase(folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=memory_keyring)
    reopened = unlock_session(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring)
    assert reopened.unlocked.database_key == start.new_key
    reopened.close()


def test_the_unlocked_vault_never_shows_the_pending_key(folder, made, memory_keyring):
    session, _ = made
    unlocked = replace(session.unlocked, pending_key=b"\x01" * 32)
    assert "01" * 8 not in repr(unlocked)
