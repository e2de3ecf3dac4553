"""The key envelope: what a user would notice when unlocking, recovering and failing.

Every failure test checks the promise of DESIGN.md section 3: no failure path changes the
database, its WAL or keys.json (compared by SHA-256), and no message shows a secret.
"""

import base64
import hashlib
import json
import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from desktop import files, vault
from desktop.vault import (
    FAST_TEST_KDF,
    KEYRING_SERVICE,
    DeviceSecretMissing,
    EnvelopeDamaged,
    KdfParams,
    KeyringLocked,
    KeyringUnavailable,
    KeyringWriteFailed,
    NoRecoveryKey,
    VaultAlreadyExists,
    VaultError,
    VaultNotFound,
    VaultWriteFailed,
    WrongPassphrase,
    WrongRecoveryKey,
    change_passphrase,
    create_vault,
    format_recovery_key,
    parse_recovery_key,
    record_failed_unlock,
    resolve_keyring,
    take_failed_unlocks,
    unlock,
    unlock_with_recovery_key,
    vault_exists,
    vault_paths,
)
from tests.keyring_memory import BrokenKeyring, LockedKeyring, MemoryKeyring, MisstoringKeyring

PASSPHRASE = "correct horse battery staple \u00e9t\u00e9"
NEW_PASSPHRASE = "a completely different passphrase 42"
RECOVERY_FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$")


# ---------------------------------------------------------------------------------------------
# Helpers


def make_vault(folder: Path, backend: KeyringBackend) -> tuple[vault.UnlockedVault, str]:
    """A vault plus stand-ins for its database and WAL, so their hashes can be compared."""
    unlocked, recovery = create_vault(
        folder, PASSPHRASE, keyring_backend=backend, kdf=FAST_TEST_KDF
    )
    paths = vault_paths(folder)
    paths.database.write_bytes(os.urandom(4096))
    paths.wal.write_bytes(os.urandom(2048))
    return unlocked, recovery


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in the vault folder: catches changed, added and removed files."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def waypost_entries(backend: MemoryKeyring) -> dict[str, str]:
    return {
        user: pw for (service, user), pw in backend.entries.items() if service == KEYRING_SERVICE
    }


def assert_no_secret_in(error: BaseException, *secrets: str) -> None:
    shown = f"{error} {getattr(error, 'user_message', '')} {error!r}"
    for secret in secrets:
        assert secret not in shown
        assert secret.lower() not in shown.lower()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "vault"


# ---------------------------------------------------------------------------------------------
# Round trips


def test_create_then_unlock_gives_the_same_database_key(folder, memory_keyring):
    created, recovery = make_vault(folder, memory_keyring)

    opened = unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)

    assert len(created.database_key) == 32
    assert opened.database_key == created.database_key
    assert opened.vault_id == created.vault_id
    assert opened.demo is False
    assert opened.folder == folder
    assert vault_exists(folder)
    assert RECOVERY_FORMAT.match(recovery)
    # The device secret is in the keyring under "Waypost" / vault ID, as 32 bytes of text.
    stored = memory_keyring.get_password("Waypost", created.vault_id)
    assert stored is not None
    assert len(base64.b64decode(stored)) == 32


def test_two_vaults_get_different_keys_and_ids(tmp_path, memory_keyring):
    a, _ = make_vault(tmp_path / "a", memory_keyring)
    b, _ = make_vault(tmp_path / "b", memory_keyring)
    assert a.database_key != b.database_key
    assert a.vault_id != b.vault_id
    assert unlock(tmp_path / "b", PASSPHRASE, keyring_backend=memory_keyring).database_key == (
        b.database_key
    )


def test_passphrase_matches_whatever_unicode_normalisation_was_typed(folder, memory_keyring):
    created, _ = create_vault(
        folder, "caf\u00e9 au lait", keyring_backend=memory_keyring, kdf=FAST_TEST_KDF
    )
    # The same text in decomposed form, as some systems produce it from the keyboard.
    opened = unlock(folder, "cafe\u0301 au lait", keyring_backend=memory_keyring)
    assert opened.database_key == created.database_key


def test_unlocked_vault_repr_does_not_show_the_database_key(folder, memory_keyring):
    created, _ = make_vault(folder, memory_keyring)
    shown = repr(created) + str(created)
    assert created.database_key.hex() not in shown
    assert repr(created.database_key) not in shown


def test_keys_json_is_a_versioned_waypost_envelope(folder, memory_keyring):
    created, _ = make_vault(folder, memory_keyring)
    doc = json.loads(vault_paths(folder).keys.read_text())
    assert doc["format"] == "waypost-keys"
    assert doc["version"] == 2
    assert doc["vault_id"] == created.vault_id
    assert doc["demo"] is False
    assert doc["keyring"]["service"] == "Waypost"
    assert doc["keyring"]["username"] == created.vault_id
    assert doc["kdf"]["algorithm"] == "argon2id"
    assert doc["kdf"]["memory_cost_kib"] == FAST_TEST_KDF.memory_cost_kib
    assert datetime.fromisoformat(doc["created_at"]).tzinfo is not None


def test_keys_json_holds_no_passphrase_and_no_key_in_any_encoding(folder, memory_keyring):
    created, recovery = make_vault(folder, memory_keyring)
    raw = vault_paths(folder).keys.read_bytes()
    text = raw.decode()
    device_secret = base64.b64decode(memory_keyring.get_password("Waypost", created.vault_id))
    recovery_raw = parse_recovery_key(recovery)

    assert PASSPHRASE not in text
    assert PASSPHRASE.encode() not in raw
    for secret in (created.database_key, device_secret, recovery_raw):
        assert secret not in raw
        assert secret.hex() not in text.lower()
        assert base64.b64encode(secret).decode() not in text
        assert base64.b64encode(secret).decode().rstrip("=") not in text
        assert base64.urlsafe_b64encode(secret).decode().rstrip("=") not in text
        assert base64.b32encode(secret).decode().rstrip("=") not in text.upper()
    assert recovery not in text
    assert recovery.replace("-", "") not in text.upper()


def test_default_kdf_is_argon2id_with_at_least_64_mib():
    # The unlock cost budget of DESIGN.md: about 64 MiB, so GPU guessing stays expensive.
    assert KdfParams().memory_cost_kib >= 64 * 1024
    with pytest.raises(ValueError):
        KdfParams(time_cost=0)
    with pytest.raises(ValueError):
        KdfParams(memory_cost_kib=10**9)


# ---------------------------------------------------------------------------------------------
# Files and permissions


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_vault_folder_is_0700_and_keys_json_is_0600_even_with_a_permissive_umask(folder):
    backend = MemoryKeyring()
    old_umask = os.umask(0)
    try:
        make_vault(folder, backend)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    keys = vault_paths(folder).keys
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600

    change_passphrase(folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=backend)
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_an_existing_open_folder_is_made_private(folder, memory_keyring):
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    make_vault(folder, memory_keyring)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_atomic_write_replaces_whole_file_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "f.json"
    target.write_bytes(b"old")
    files.atomic_write_bytes(target, b"new contents", mode=0o600)
    assert target.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json"]
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_atomic_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"old")

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", no_rename)
    with pytest.raises(OSError):
        files.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_ensure_private_dir_creates_parents_and_a_0700_leaf(tmp_path):
    leaf = files.ensure_private_dir(tmp_path / "a" / "b" / "vault")
    assert leaf.is_dir()
    assert stat.S_IMODE(leaf.stat().st_mode) == 0o700


# ---------------------------------------------------------------------------------------------
# Failures: told apart, and nothing changed


def _copy_into(target: MemoryKeyring, source: MemoryKeyring) -> MemoryKeyring:
    target.entries.update(source.entries)
    return target


def _damage(path: Path, how: str) -> None:
    doc = json.loads(path.read_text())
    if how == "not_json":
        path.write_bytes(b"\x00\xffnot json at all")
        return
    if how == "truncated":
        path.write_bytes(path.read_bytes()[:100])
        return
    if how == "empty":
        path.write_bytes(b"")
        return
    if how == "wrong_format":
        doc["format"] = "something-else"
    elif how == "missing_salt":
        del doc["kdf"]["salt"]
    elif how == "short_ciphertext":
        doc["wrapped_keys"]["passphrase_and_device"]["ciphertext"] = base64.b64encode(
            b"x" * 10
        ).decode()
    elif how == "bad_base64":
        doc["wrapped_keys"]["passphrase_and_device"]["nonce"] = "!!!not base64!!!"
    elif how == "absurd_memory_cost":
        doc["kdf"]["memory_cost_kib"] = 2**40
    elif how == "foreign_keyring_entry":
        doc["keyring"]["username"] = "someone-else"
    elif how == "list_not_object":
        doc = [doc]
    path.write_text(json.dumps(doc))


FAILURES = [
    # (name, what the test does, expected error)
    "wrong_passphrase",
    "no_keyring_backend",
    "null_keyring_backend",
    "default_keyring_is_fail",
    "keyring_raises_unexpected_error",
    "keyring_locked",
    "device_secret_missing",
    "device_secret_replaced",
    "wrong_recovery_key",
    "malformed_recovery_key",
    "recovery_with_locked_keyring",
    "recovery_readback_mismatch",
    "recovery_keys_json_write_fails",
    "change_passphrase_wrong_old",
    "change_passphrase_no_keyring",
    "create_over_existing_vault",
]


@pytest.mark.parametrize("failure", FAILURES)
def test_each_failure_is_told_apart_and_changes_no_file(failure, folder, monkeypatch):
    backend = MemoryKeyring()
    created, recovery = make_vault(folder, backend)
    entry = backend.get_password(KEYRING_SERVICE, created.vault_id)
    other_recovery = format_recovery_key(os.urandom(20))

    def run() -> None:
        if failure == "wrong_passphrase":
            unlock(folder, PASSPHRASE + "x", keyring_backend=backend)
        elif failure == "no_keyring_backend":
            unlock(folder, PASSPHRASE, keyring_backend=fail.Keyring())
        elif failure == "null_keyring_backend":
            unlock(folder, PASSPHRASE, keyring_backend=null.Keyring())
        elif failure == "default_keyring_is_fail":
            unlock(folder, PASSPHRASE)  # the autouse fixture made the default fail.Keyring
        elif failure == "keyring_raises_unexpected_error":
            unlock(folder, PASSPHRASE, keyring_backend=BrokenKeyring())
        elif failure == "keyring_locked":
            unlock(folder, PASSPHRASE, keyring_backend=_copy_into(LockedKeyring(), backend))
        elif failure == "device_secret_missing":
            backend.delete_password(KEYRING_SERVICE, created.vault_id)
            unlock(folder, PASSPHRASE, keyring_backend=backend)
        elif failure == "device_secret_replaced":
            backend.set_password(
                KEYRING_SERVICE, created.vault_id, base64.b64encode(os.urandom(32)).decode()
            )
            unlock(folder, PASSPHRASE, keyring_backend=backend)
        elif failure == "wrong_recovery_key":
            unlock_with_recovery_key(
                folder, other_recovery, NEW_PASSPHRASE, keyring_backend=backend
            )
        elif failure == "malformed_recovery_key":
            unlock_with_recovery_key(folder, recovery[:-3], NEW_PASSPHRASE, keyring_backend=backend)
        elif failure == "recovery_with_locked_keyring":
            unlock_with_recovery_key(
                folder,
                recovery,
                NEW_PASSPHRASE,
                keyring_backend=_copy_into(LockedKeyring(), backend),
            )
        elif failure == "recovery_readback_mismatch":
            unlock_with_recovery_key(
                folder,
                recovery,
                NEW_PASSPHRASE,
                keyring_backend=_copy_into(MisstoringKeyring(), backend),
            )
        elif failure == "recovery_keys_json_write_fails":

            def disk_full(path, data, mode=0o600):
                raise OSError(28, "No space left on device")

            monkeypatch.setattr(vault, "atomic_write_bytes", disk_full)
            unlock_with_recovery_key(folder, recovery, NEW_PASSPHRASE, keyring_backend=backend)
        elif failure == "change_passphrase_wrong_old":
            change_passphrase(folder, "not it", NEW_PASSPHRASE, keyring_backend=backend)
        elif failure == "change_passphrase_no_keyring":
            change_passphrase(folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=fail.Keyring())
        elif failure == "create_over_existing_vault":
            create_vault(folder, NEW_PASSPHRASE, keyring_backend=backend, kdf=FAST_TEST_KDF)
        else:  # pragma: no cover
            raise AssertionError(failure)

    expected = {
        "wrong_passphrase": WrongPassphrase,
        "no_keyring_backend": KeyringUnavailable,
        "null_keyring_backend": KeyringUnavailable,
        "default_keyring_is_fail": KeyringUnavailable,
        "keyring_raises_unexpected_error": KeyringUnavailable,
        "keyring_locked": KeyringLocked,
        "device_secret_missing": DeviceSecretMissing,
        "device_secret_replaced": DeviceSecretMissing,
        "wrong_recovery_key": WrongRecoveryKey,
        "malformed_recovery_key": WrongRecoveryKey,
        "recovery_with_locked_keyring": KeyringLocked,
        "recovery_readback_mismatch": KeyringWriteFailed,
        "recovery_keys_json_write_fails": VaultWriteFailed,
        "change_passphrase_wrong_old": WrongPassphrase,
        "change_passphrase_no_keyring": KeyringUnavailable,
        "create_over_existing_vault": VaultAlreadyExists,
    }[failure]
    entries_before = dict(backend.entries)
    if failure == "device_secret_missing":
        entries_before.pop((KEYRING_SERVICE, created.vault_id))
    before = snapshot(folder)

    with pytest.raises(expected) as caught:
        run()

    assert type(caught.value) is expected
    assert snapshot(folder) == before
    if failure not in ("device_secret_replaced",):
        # Nothing was added to or removed from the keyring either.
        assert backend.entries == entries_before
    assert_no_secret_in(caught.value, PASSPHRASE, NEW_PASSPHRASE, recovery, other_recovery, entry)
    assert_no_secret_in(caught.value, created.database_key.hex(), str(folder))
    # And the vault still opens the normal way afterwards (unless the test broke the keyring).
    if failure not in ("device_secret_missing", "device_secret_replaced"):
        assert unlock(folder, PASSPHRASE, keyring_backend=backend).database_key == (
            created.database_key
        )


def test_failure_messages_say_what_happened(folder, memory_keyring):
    created, _ = make_vault(folder, memory_keyring)

    with pytest.raises(WrongPassphrase) as wrong:
        unlock(folder, "nope", keyring_backend=memory_keyring)
    assert wrong.value.user_message.startswith("Wrong passphrase")

    with pytest.raises(KeyringUnavailable) as none:
        unlock(folder, PASSPHRASE, keyring_backend=fail.Keyring())
    assert "no system keyring" in none.value.user_message.lower()

    with pytest.raises(KeyringLocked) as locked:
        unlock(folder, PASSPHRASE, keyring_backend=_copy_into(LockedKeyring(), memory_keyring))
    assert "locked" in locked.value.user_message
    assert "unlock" in locked.value.user_message.lower()

    memory_keyring.delete_password(KEYRING_SERVICE, created.vault_id)
    with pytest.raises(DeviceSecretMissing) as missing:
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert "recovery key" in missing.value.user_message

    for error in (wrong, none, locked, missing):
        assert "corrupt" not in error.value.user_message.lower()


@pytest.mark.parametrize(
    "how",
    [
        "not_json",
        "truncated",
        "empty",
        "wrong_format",
        "missing_salt",
        "short_ciphertext",
        "bad_base64",
        "absurd_memory_cost",
        "foreign_keyring_entry",
        "list_not_object",
    ],
)
def test_damaged_keys_json_is_reported_and_left_alone(how, folder, memory_keyring):
    make_vault(folder, memory_keyring)
    _damage(vault_paths(folder).keys, how)
    before = snapshot(folder)

    for attempt in (
        lambda: unlock(folder, PASSPHRASE, keyring_backend=memory_keyring),
        lambda: change_passphrase(folder, PASSPHRASE, "x y z", keyring_backend=memory_keyring),
        lambda: unlock_with_recovery_key(
            folder, format_recovery_key(bytes(20)), "x y z", keyring_backend=memory_keyring
        ),
    ):
        with pytest.raises(EnvelopeDamaged) as caught:
            attempt()
        assert "keys.json" in caught.value.user_message
        assert snapshot(folder) == before


def test_keys_json_from_a_newer_version_asks_for_an_update(folder, memory_keyring):
    make_vault(folder, memory_keyring)
    keys = vault_paths(folder).keys
    doc = json.loads(keys.read_text())
    doc["version"] = 3
    keys.write_text(json.dumps(doc))
    with pytest.raises(EnvelopeDamaged) as caught:
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert "newer version" in caught.value.user_message


def test_missing_keys_json_next_to_a_database_is_not_found_and_nothing_is_created(
    folder, memory_keyring
):
    make_vault(folder, memory_keyring)
    vault_paths(folder).keys.unlink()
    before = snapshot(folder)
    with pytest.raises(VaultNotFound) as caught:
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    # Not "no vault here": the database is there and the user is told to restore its key file.
    assert "keys.json" in caught.value.user_message
    assert "backup" in caught.value.user_message
    assert snapshot(folder) == before
    assert not vault_exists(folder)


def test_unlocking_an_empty_folder_is_not_found(tmp_path, memory_keyring):
    with pytest.raises(VaultNotFound):
        unlock(tmp_path, PASSPHRASE, keyring_backend=memory_keyring)
    assert list(tmp_path.iterdir()) == []


def test_a_real_vault_cannot_be_downgraded_to_passphrase_only(folder, memory_keyring):
    """Editing keys.json into a 'demo' envelope must not open the vault without S."""
    make_vault(folder, memory_keyring)
    keys = vault_paths(folder).keys
    doc = json.loads(keys.read_text())
    doc["demo"] = True
    doc["keyring"] = None
    wrapped = doc["wrapped_keys"]
    doc["wrapped_keys"] = {"passphrase_only": wrapped["passphrase_and_device"]}
    keys.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)


def test_a_wrapping_copied_from_another_vault_does_not_open(tmp_path, memory_keyring):
    make_vault(tmp_path / "a", memory_keyring)
    make_vault(tmp_path / "b", memory_keyring)
    a_keys = vault_paths(tmp_path / "a").keys
    doc_a = json.loads(a_keys.read_text())
    doc_b = json.loads(vault_paths(tmp_path / "b").keys.read_text())
    doc_a["wrapped_keys"] = doc_b["wrapped_keys"]
    a_keys.write_text(json.dumps(doc_a))
    with pytest.raises(WrongPassphrase):
        unlock(tmp_path / "a", PASSPHRASE, keyring_backend=memory_keyring)


# ---------------------------------------------------------------------------------------------
# Keyring backends


class _FilePlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's plaintext file backend (rejected by module name)."""


_FilePlaintextKeyring.__module__ = "keyrings.alt.file"


def _chainer_of(*backends: KeyringBackend) -> chainer.ChainerBackend:
    class TestChainer(chainer.ChainerBackend):
        viable = False  # never offered to keyring's own discovery

    TestChainer.backends = list(backends)  # type: ignore[misc]
    return TestChainer()


@pytest.mark.parametrize(
    "backend",
    [null.Keyring(), fail.Keyring(), _FilePlaintextKeyring()],
    ids=["null", "fail", "plaintext-file"],
)
def test_unsafe_or_absent_keyrings_are_rejected(backend):
    with pytest.raises(KeyringUnavailable):
        resolve_keyring(backend)


def test_plaintext_keyring_rejection_says_why():
    with pytest.raises(KeyringUnavailable) as caught:
        resolve_keyring(_FilePlaintextKeyring())
    assert "file" in caught.value.user_message


def test_chainer_uses_its_best_safe_backend_and_never_a_file_one():
    safe = MemoryKeyring()
    assert resolve_keyring(_chainer_of(_FilePlaintextKeyring(), safe)) is safe
    with pytest.raises(KeyringUnavailable):
        resolve_keyring(_chainer_of(_FilePlaintextKeyring(), fail.Keyring()))
    with pytest.raises(KeyringUnavailable):
        resolve_keyring(_chainer_of())


def test_default_keyring_is_used_when_none_is_given(monkeypatch):
    with pytest.raises(KeyringUnavailable):
        resolve_keyring()  # the autouse fixture made the default fail.Keyring
    default = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", default)
    assert resolve_keyring() is default


def test_a_real_vault_is_never_created_without_a_keyring(folder):
    for backend in (fail.Keyring(), null.Keyring(), None):
        with pytest.raises(KeyringUnavailable):
            create_vault(folder, PASSPHRASE, keyring_backend=backend, kdf=FAST_TEST_KDF)
        assert not folder.exists()


def test_create_with_a_keyring_that_stores_the_wrong_value_fails_and_writes_nothing(
    folder, misstoring_keyring
):
    with pytest.raises(KeyringWriteFailed) as caught:
        create_vault(folder, PASSPHRASE, keyring_backend=misstoring_keyring, kdf=FAST_TEST_KDF)
    assert not vault_paths(folder).keys.exists()
    assert misstoring_keyring.writes == 1
    # The bad entry it wrote is removed again.
    assert waypost_entries(misstoring_keyring) == {}
    assert_no_secret_in(caught.value, PASSPHRASE)


def test_create_with_a_locked_keyring_says_locked_and_writes_nothing(folder, locked_keyring):
    with pytest.raises(KeyringLocked):
        create_vault(folder, PASSPHRASE, keyring_backend=locked_keyring, kdf=FAST_TEST_KDF)
    assert not folder.exists()


def test_create_that_cannot_write_keys_json_leaves_no_keyring_entry(
    folder, memory_keyring, monkeypatch
):
    def disk_full(path, data, mode=0o600):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vault, "atomic_write_bytes", disk_full)
    with pytest.raises(VaultWriteFailed):
        create_vault(folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=FAST_TEST_KDF)
    assert not vault_paths(folder).keys.exists()
    assert waypost_entries(memory_keyring) == {}


def test_create_refuses_a_folder_holding_a_database_without_keys(folder, memory_keyring):
    folder.mkdir()
    (folder / "waypost.db").write_bytes(b"someone's data")
    with pytest.raises(VaultAlreadyExists):
        create_vault(folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=FAST_TEST_KDF)
    assert (folder / "waypost.db").read_bytes() == b"someone's data"
    assert not vault_paths(folder).keys.exists()
    assert memory_keyring.writes == 0


# ---------------------------------------------------------------------------------------------
# Recovery key


def test_recovery_key_opens_the_vault_on_a_new_computer(folder, memory_keyring):
    created, recovery = make_vault(folder, memory_keyring)
    new_computer = MemoryKeyring()

    with pytest.raises(DeviceSecretMissing):
        unlock(folder, PASSPHRASE, keyring_backend=new_computer)

    # Typed from the sheet: lower case, spaces instead of dashes.
    typed = recovery.lower().replace("-", " ")
    recovered = unlock_with_recovery_key(
        folder, typed, NEW_PASSPHRASE, keyring_backend=new_computer, kdf=FAST_TEST_KDF
    )
    assert recovered.database_key == created.database_key
    assert recovered.vault_id == created.vault_id
    assert list(waypost_entries(new_computer)) == [created.vault_id]

    # From now on the new passphrase opens it on the new computer; the old one does not.
    assert unlock(folder, NEW_PASSPHRASE, keyring_backend=new_computer).database_key == (
        created.database_key
    )
    with pytest.raises(WrongPassphrase):
        unlock(folder, PASSPHRASE, keyring_backend=new_computer)
    # The old computer's secret no longer matches this copy of the vault.
    with pytest.raises(DeviceSecretMissing):
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    # The same recovery sheet still works.
    again = unlock_with_recovery_key(folder, recovery, "third one", keyring_backend=MemoryKeyring())
    assert again.database_key == created.database_key


def test_recovery_after_a_forgotten_passphrase_on_the_same_computer(folder, memory_keyring):
    created, recovery = make_vault(folder, memory_keyring)
    recovered = unlock_with_recovery_key(
        folder, recovery, NEW_PASSPHRASE, keyring_backend=memory_keyring
    )
    assert recovered.database_key == created.database_key
    assert unlock(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring).database_key == (
        created.database_key
    )
    with pytest.raises(WrongPassphrase):
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    # The old device secret was replaced, not left behind: one entry for this vault.
    assert len(waypost_entries(memory_keyring)) == 1
    assert all(user.startswith(created.vault_id) for user in waypost_entries(memory_keyring))


def test_recovery_key_text_round_trip_and_alphabet():
    for _ in range(200):
        raw = os.urandom(20)
        text = format_recovery_key(raw)
        assert RECOVERY_FORMAT.match(text), text
        assert not set(text) & set("ILOU")
        assert parse_recovery_key(text) == raw


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.lower(),
        lambda t: t.replace("-", ""),
        lambda t: t.replace("-", " "),
        lambda t: "  " + t.replace("-", " \u2013 ") + "\n",
        lambda t: t.replace("1", "l").replace("0", "O"),
        lambda t: t.replace("1", "I").replace("0", "o"),
    ],
    ids=["lower", "no-dashes", "spaces", "en-dashes", "l-for-1", "I-for-1"],
)
def test_recovery_key_parsing_is_tolerant(variant):
    raw = bytes.fromhex("0123456789abcdef0011223344556677deadbeef")
    assert parse_recovery_key(variant(format_recovery_key(raw))) == raw


@pytest.mark.parametrize("bad", ["", "ABCD-EFGH", "U" * 32, "!" * 32, "0" * 33])
def test_malformed_recovery_keys_are_refused_without_echoing_them(bad):
    with pytest.raises(WrongRecoveryKey) as caught:
        parse_recovery_key(bad)
    if bad:
        assert bad not in caught.value.user_message


def test_recovery_key_is_160_bits():
    assert len(parse_recovery_key(format_recovery_key(bytes(range(20))))) * 8 == 160
    with pytest.raises(ValueError):
        format_recovery_key(bytes(16))


# ---------------------------------------------------------------------------------------------
# Changing the passphrase


def test_change_passphrase_rewraps_the_same_key(folder, memory_keyring):
    created, recovery = make_vault(folder, memory_keyring)
    paths = vault_paths(folder)
    db_before = snapshot(folder)
    writes_before = memory_keyring.writes
    keys_before = paths.keys.read_bytes()

    change_passphrase(folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=memory_keyring)

    assert paths.keys.read_bytes() != keys_before
    with pytest.raises(WrongPassphrase):
        unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert unlock(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring).database_key == (
        created.database_key
    )
    # The database and WAL were not rewritten, and the keyring was not written to.
    after = snapshot(folder)
    for name in ("waypost.db", "waypost.db-wal"):
        assert after[name] == db_before[name]
    assert memory_keyring.writes == writes_before
    # The recovery sheet still opens it.
    assert unlock_with_recovery_key(
        folder, recovery, "third", keyring_backend=MemoryKeyring()
    ).database_key == (created.database_key)


def test_change_passphrase_can_move_to_new_kdf_parameters(folder, memory_keyring):
    make_vault(folder, memory_keyring)
    stronger = KdfParams(time_cost=2, memory_cost_kib=2048, parallelism=1)
    change_passphrase(
        folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=memory_keyring, kdf=stronger
    )
    doc = json.loads(vault_paths(folder).keys.read_text())
    assert (doc["kdf"]["time_cost"], doc["kdf"]["memory_cost_kib"]) == (2, 2048)
    assert unlock(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring)


def test_empty_new_passphrase_is_refused(folder, memory_keyring):
    with pytest.raises(ValueError):
        create_vault(folder, "", keyring_backend=memory_keyring, kdf=FAST_TEST_KDF)
    assert not folder.exists()


# ---------------------------------------------------------------------------------------------
# Demo vaults


def test_demo_vault_opens_with_no_keyring_at_all(folder):
    # The default keyring is fail.Keyring here (autouse fixture): a demo must not need one.
    created, recovery = create_vault(folder, "demo", kdf=FAST_TEST_KDF, demo=True)
    assert created.demo is True
    assert recovery == ""
    doc = json.loads(vault_paths(folder).keys.read_text())
    assert doc["demo"] is True
    assert doc["keyring"] is None

    opened = unlock(folder, "demo", keyring_backend=fail.Keyring())
    assert opened.database_key == created.database_key
    assert opened.demo is True
    assert unlock(folder, "demo").database_key == created.database_key
    with pytest.raises(WrongPassphrase):
        unlock(folder, "not demo")


def test_demo_vault_has_no_recovery_key_and_refuses_recovery_unchanged(folder):
    create_vault(folder, "demo", kdf=FAST_TEST_KDF, demo=True)
    before = snapshot(folder)
    with pytest.raises(NoRecoveryKey):
        unlock_with_recovery_key(
            folder, format_recovery_key(bytes(20)), "x", keyring_backend=MemoryKeyring()
        )
    assert snapshot(folder) == before


def test_demo_vault_passphrase_can_change(folder):
    created, _ = create_vault(folder, "demo", kdf=FAST_TEST_KDF, demo=True)
    change_passphrase(folder, "demo", "demo 2")
    assert unlock(folder, "demo 2").database_key == created.database_key
    with pytest.raises(WrongPassphrase):
        unlock(folder, "demo")


# ---------------------------------------------------------------------------------------------
# Failed unlock records


def test_failed_unlocks_are_recorded_then_taken_once(folder, memory_keyring):
    make_vault(folder, memory_keyring)
    before = snapshot(folder)
    start = datetime.now(UTC) - timedelta(seconds=1)

    record_failed_unlock(folder, "wrong_passphrase")
    record_failed_unlock(folder, KeyringLocked.code)

    failures_file = vault_paths(folder).failures
    if os.name != "nt":
        assert stat.S_IMODE(failures_file.stat().st_mode) == 0o600
    after = snapshot(folder)
    for name in ("waypost.db", "waypost.db-wal", "keys.json"):
        assert after[name] == before[name]

    taken = take_failed_unlocks(folder)
    assert [reason for _, reason in taken] == ["wrong_passphrase", "keyring_locked"]
    for moment, _ in taken:
        assert moment.tzinfo is not None
        assert start <= moment <= datetime.now(UTC) + timedelta(seconds=1)
    assert take_failed_unlocks(folder) == []
    assert not failures_file.exists()


def test_failure_reason_must_be_a_known_code_and_is_not_echoed(folder, memory_keyring):
    make_vault(folder, memory_keyring)
    with pytest.raises(ValueError) as caught:
        record_failed_unlock(folder, PASSPHRASE)
    assert PASSPHRASE not in str(caught.value)
    assert not vault_paths(folder).failures.exists()


def test_every_vault_error_code_can_be_recorded():
    # The unlock failures (desktop/vault_errors.py); backup, lock and key-chore errors happen
    # after an unlock and are never recorded as failed unlocks.
    unlock_errors = [
        c for c in VaultError.__subclasses__() if c.__module__ == VaultError.__module__
    ]
    assert len(unlock_errors) >= 10
    for cls in unlock_errors:
        assert cls.code in vault.FAILURE_REASONS


def test_damaged_failure_log_is_reported_not_lost_silently(folder, memory_keyring):
    make_vault(folder, memory_keyring)
    vault_paths(folder).failures.write_bytes(b"{broken")
    record_failed_unlock(folder, "wrong_passphrase")
    reasons = [reason for _, reason in take_failed_unlocks(folder)]
    assert reasons == ["failure_log_damaged", "wrong_passphrase"]


def test_failed_unlock_outside_a_vault_writes_nothing(tmp_path):
    record_failed_unlock(tmp_path, "wrong_passphrase")
    record_failed_unlock(tmp_path / "missing", "wrong_passphrase")
    assert list(tmp_path.iterdir()) == []
