"""The vault against a real Secret Service (gnome-keyring over D-Bus), as on a Linux laptop.

Run headless inside a throwaway session, as .ci/run does:

    HOME=$(mktemp -d) dbus-run-session -- sh -c \
        'echo -n ci-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
         WAYPOST_REQUIRE_SECRET_SERVICE=1 pytest tests/integration/test_secret_service.py'

Without a reachable Secret Service these tests skip, unless WAYPOST_REQUIRE_SECRET_SERVICE=1
(set in CI), where a missing service is a failure: a skipped keyring test proves nothing.
"""

import base64
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from keyring.backends import SecretService

from desktop.vault import (
    FAST_TEST_KDF,
    KEYRING_SERVICE,
    DeviceSecretMissing,
    WrongPassphrase,
    create_vault,
    resolve_keyring,
    unlock,
    unlock_with_recovery_key,
    vault_paths,
)

pytestmark = pytest.mark.secret_service

PASSPHRASE = "integration passphrase \u00fc"
NEW_PASSPHRASE = "after recovery on this computer"
REQUIRED = os.environ.get("WAYPOST_REQUIRE_SECRET_SERVICE") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"WAYPOST_REQUIRE_SECRET_SERVICE=1 but {reason}")
    pytest.skip(reason)


def _waypost_items(prefix: str) -> list[tuple[str, bytes]]:
    """(username, secret) of every Waypost item whose username starts with ``prefix``,
    read straight from the Secret Service rather than through the keyring package."""
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        collection = secretstorage.get_default_collection(connection)
        return [
            (item.get_attributes()["username"], item.get_secret())
            for item in collection.search_items({"service": KEYRING_SERVICE})
            if item.get_attributes().get("username", "").startswith(prefix)
        ]


def _delete_waypost_items(prefix: str) -> None:
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        collection = secretstorage.get_default_collection(connection)
        for item in collection.search_items({"service": KEYRING_SERVICE}):
            if item.get_attributes().get("username", "").startswith(prefix):
                item.delete()


@pytest.fixture
def secret_service() -> Iterator[SecretService.Keyring]:
    """The real Secret Service backend, explicitly (never the default keyring)."""
    try:
        SecretService.Keyring.priority  # noqa: B018 - raises when no service is reachable
    except Exception as exc:
        _unavailable(f"no Secret Service is reachable ({exc})")
    backend = SecretService.Keyring()
    try:
        backend.get_password(KEYRING_SERVICE, "waypost-test-probe")
    except Exception as exc:
        _unavailable(f"the Secret Service cannot be used ({type(exc).__name__}: {exc})")
    yield backend


@pytest.fixture
def created_ids() -> Iterator[list[str]]:
    """Vault IDs made by a test; their keyring entries are removed afterwards."""
    ids: list[str] = []
    yield ids
    for vault_id in ids:
        _delete_waypost_items(vault_id)


def _file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def test_round_trip_through_the_real_secret_service(tmp_path, secret_service, created_ids):
    folder = tmp_path / "vault"
    created, _ = create_vault(folder, PASSPHRASE, keyring_backend=secret_service, kdf=FAST_TEST_KDF)
    created_ids.append(created.vault_id)

    # Stored under service "Waypost", username = vault ID, as the text of 32 random bytes.
    items = _waypost_items(created.vault_id)
    assert [username for username, _ in items] == [created.vault_id]
    assert len(base64.b64decode(items[0][1])) == 32

    # A new backend object, as a later run of the app would make, opens the vault.
    opened = unlock(folder, PASSPHRASE, keyring_backend=SecretService.Keyring())
    assert opened.database_key == created.database_key
    with pytest.raises(WrongPassphrase):
        unlock(folder, PASSPHRASE + "!", keyring_backend=secret_service)


def test_secret_is_visible_to_other_secret_service_clients(tmp_path, secret_service, created_ids):
    """libsecret's own command line finds the entry: it really is in the system keyring."""
    if shutil.which("secret-tool") is None:
        _unavailable("secret-tool (libsecret-tools) is not installed")
    created, _ = create_vault(
        tmp_path / "vault", PASSPHRASE, keyring_backend=secret_service, kdf=FAST_TEST_KDF
    )
    created_ids.append(created.vault_id)
    looked_up = subprocess.run(
        ["secret-tool", "lookup", "service", KEYRING_SERVICE, "username", created.vault_id],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    assert looked_up.strip() == secret_service.get_password(KEYRING_SERVICE, created.vault_id)


def test_deleted_device_secret_is_missing_and_recovery_restores_it(
    tmp_path, secret_service, created_ids
):
    folder = tmp_path / "vault"
    created, recovery = create_vault(
        folder, PASSPHRASE, keyring_backend=secret_service, kdf=FAST_TEST_KDF
    )
    created_ids.append(created.vault_id)
    paths = vault_paths(folder)
    paths.database.write_bytes(os.urandom(4096))
    paths.wal.write_bytes(os.urandom(1024))

    secret_service.delete_password(KEYRING_SERVICE, created.vault_id)
    before = _file_hashes(folder)
    with pytest.raises(DeviceSecretMissing) as caught:
        unlock(folder, PASSPHRASE, keyring_backend=secret_service)
    assert "recovery key" in caught.value.user_message
    assert _file_hashes(folder) == before

    recovered = unlock_with_recovery_key(
        folder, recovery, NEW_PASSPHRASE, keyring_backend=secret_service
    )
    assert recovered.database_key == created.database_key
    assert unlock(folder, NEW_PASSPHRASE, keyring_backend=secret_service).database_key == (
        created.database_key
    )
    assert len(_waypost_items(created.vault_id)) == 1
    after = _file_hashes(folder)
    assert after["waypost.db"] == before["waypost.db"]
    assert after["waypost.db-wal"] == before["waypost.db-wal"]


def test_forgotten_passphrase_recovery_replaces_the_old_secret(
    tmp_path, secret_service, created_ids
):
    folder = tmp_path / "vault"
    created, recovery = create_vault(
        folder, PASSPHRASE, keyring_backend=secret_service, kdf=FAST_TEST_KDF
    )
    created_ids.append(created.vault_id)
    unlock_with_recovery_key(folder, recovery, NEW_PASSPHRASE, keyring_backend=secret_service)
    assert len(_waypost_items(created.vault_id)) == 1
    assert unlock(folder, NEW_PASSPHRASE, keyring_backend=secret_service).database_key == (
        created.database_key
    )


def test_secret_service_is_accepted_and_is_the_default_here(secret_service):
    assert resolve_keyring(secret_service) is secret_service
    # In a fresh process (no test fixtures), the app's default keyring is the Secret Service.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from desktop.vault import resolve_keyring; print(type(resolve_keyring()).__module__)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert probe.stdout.strip() in {"keyring.backends.SecretService", "keyring.backends.libsecret"}
