"""The vault's key envelope: the passphrase, the keyring's device secret and the recovery key.

A vault folder holds ``waypost.db`` (SQLCipher, opened with a raw 256-bit key K) and
``keys.json``, the envelope that holds K wrapped twice with AES-256-GCM (DESIGN.md section 3):

1. by the *unlock key* = HKDF-SHA256(Argon2id(passphrase) || S), where S is a 32-byte device
   secret kept in the operating system's keyring (service "Waypost"). A copied vault folder is
   useless without this computer's keyring, and an unlocked laptop is useless without the
   passphrase;
2. by the *recovery key* R (160 random bits shown once as 8 groups of 4 characters), which opens
   the vault on a new computer or after the keyring is lost.

A demo vault (sample data only) is wrapped by the passphrase alone and has no recovery key, so
it works without any keyring. A real vault is never created that way.

Rules this module keeps, because the data are about trafficking survivors:

- no failure path writes to ``waypost.db``, its WAL or ``keys.json``; ``keys.json`` is only
  ever replaced atomically, and only after the new envelope has been checked to open;
- every keyring write is read back and compared before ``keys.json`` refers to it;
- exceptions and user messages never contain a passphrase, a recovery key, key material or a
  file path (paths can contain the worker's name).

This module is the public face of the vault; the work is done by small modules it re-exports
from: vault_errors (the failures), vault_layout (the files in a vault folder), recovery_key
(the recovery key's text), key_wrapping (Argon2id, HKDF, AES-GCM), keyring_access (the device
secret), envelope (keys.json) and failed_unlocks (unlock-failures.json).

None of these modules imports Qt or SQLAlchemy: the command line and the GUI both use them.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.envelope import (
    Envelope,
    PendingKeys,
    envelope_json,
    read_envelope,
    unlock_purpose,
    verify_envelope,
)
from desktop.failed_unlocks import record_failed_unlock, take_failed_unlocks
from desktop.files import atomic_write_bytes, ensure_private_dir
from desktop.json_fields import now_iso
from desktop.key_wrapping import (
    FAST_TEST_KDF,
    KEY_BYTES,
    PURPOSE_DEMO,
    PURPOSE_DEVICE,
    PURPOSE_RECOVERY,
    PURPOSE_RECOVERY_COPY,
    SALT_BYTES,
    KdfParams,
    Wrapped,
    check_new_passphrase,
    hkdf,
    seal,
    unlock_wrapping_key,
    unwrap,
    wrap,
)
from desktop.keyring_access import (
    KEYRING_SERVICE,
    forget_device_secret,
    keyring_errors,
    load_device_secret,
    resolve_keyring,
    secret_check,
    store_device_secret,
)
from desktop.recovery_key import RECOVERY_KEY_BYTES as RECOVERY_KEY_BYTES
from desktop.recovery_key import format_recovery_key, parse_recovery_key
from desktop.vault_errors import (
    FAILURE_REASONS,
    DeviceSecretMissing,
    EnvelopeDamaged,
    KeyringLocked,
    KeyringUnavailable,
    KeyringWriteFailed,
    NoRecoveryKey,
    VaultAlreadyExists,
    VaultError,
    VaultNotFound,
    VaultUnreadable,
    VaultWriteFailed,
    WrongPassphrase,
    WrongRecoveryKey,
)
from desktop.vault_layout import PathArg, VaultPaths, vault_exists, vault_paths

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

__all__ = [
    "FAILURE_REASONS",
    "FAST_TEST_KDF",
    "KEYRING_SERVICE",
    "DeviceSecretMissing",
    "EnvelopeDamaged",
    "KdfParams",
    "KeyringLocked",
    "KeyringUnavailable",
    "KeyringWriteFailed",
    "NoRecoveryKey",
    "OpenedEnvelope",
    "UnlockedVault",
    "VaultAlreadyExists",
    "VaultError",
    "VaultNotFound",
    "VaultPaths",
    "VaultUnreadable",
    "VaultWriteFailed",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "change_passphrase",
    "create_vault",
    "format_recovery_key",
    "open_envelope",
    "parse_recovery_key",
    "record_failed_unlock",
    "resolve_keyring",
    "take_failed_unlocks",
    "unlock",
    "unlock_with_recovery_key",
    "vault_exists",
    "vault_paths",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnlockedVault:
    folder: Path
    vault_id: str
    # Never in repr: a logged or printed UnlockedVault must not show the database key.
    database_key: bytes = field(repr=False)
    demo: bool = False
    # The new key of a rotation that was interrupted (keys.json still holds both): the
    # database is under one of the two, and opening it settles which (desktop/key_rotation.py).
    pending_key: bytes | None = field(default=None, repr=False)


def seal_recovery_copy(database_key: bytes, recovery_raw: bytes, vault_id: str) -> Wrapped:
    """The recovery key sealed under K, so it can be shown again to whoever can unlock."""
    wrapping = hkdf(database_key, vault_id, PURPOSE_RECOVERY_COPY)
    return seal(wrapping, recovery_raw, vault_id, PURPOSE_RECOVERY_COPY)


def _load_device_secret(backend: KeyringBackend, env: Envelope) -> bytes:
    assert env.keyring_username is not None and env.device_secret_check is not None
    return load_device_secret(backend, env.vault_id, env.keyring_username, env.device_secret_check)


# --------------------------------------------------------------------------------------------
# Writing keys.json (here rather than in desktop/envelope.py so that tests can make the
# write fail by replacing ``vault.atomic_write_bytes``)


def _keys_file_is(paths: VaultPaths, data: bytes) -> bool:
    """Whether keys.json holds exactly ``data`` (to learn if a failed write got through)."""
    try:
        return paths.keys.read_bytes() == data
    except OSError:
        return False


def write_envelope(paths: VaultPaths, data: bytes) -> None:
    """Replace keys.json atomically; ``VaultWriteFailed`` if the new file is not in place."""
    try:
        atomic_write_bytes(paths.keys, data, 0o600)
    except OSError:
        if _keys_file_is(paths, data):
            # The rename landed and only the directory fsync failed: the new file is in place.
            log.warning("keys.json was replaced but its folder could not be flushed")
            return
        raise VaultWriteFailed() from None


# --------------------------------------------------------------------------------------------
# Public operations


def create_vault(
    folder: PathArg,
    passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    kdf: KdfParams = KdfParams(),  # noqa: B008 - frozen, so one shared default is safe
    demo: bool = False,
) -> tuple[UnlockedVault, str]:
    """Make a new vault's key envelope; return the unlocked vault and the recovery key text.

    The recovery key is shown once and never stored. A demo vault has no recovery key (the
    returned text is empty) and uses no keyring. Nothing is written to disk or keyring when a
    check fails; a keyring entry written before a later failure is removed again.
    """
    check_new_passphrase(passphrase)
    paths = vault_paths(folder)
    if any(p.exists() or p.is_symlink() for p in (paths.keys, paths.database, paths.wal)):
        raise VaultAlreadyExists()
    backend = None if demo else resolve_keyring(keyring_backend)

    vault_id = str(uuid.uuid4())
    database_key = secrets.token_bytes(KEY_BYTES)
    salt = secrets.token_bytes(SALT_BYTES)
    created_at = now_iso()

    if demo:
        unlock_key = unlock_wrapping_key(vault_id, passphrase, salt, kdf, None)
        env = Envelope(
            vault_id=vault_id,
            created_at=created_at,
            demo=True,
            kdf=kdf,
            salt=salt,
            keyring_username=None,
            device_secret_check=None,
            unlock=wrap(unlock_key, database_key, vault_id, PURPOSE_DEMO),
            recovery=None,
        )
        data = envelope_json(env)
        verify_envelope(data, database_key, unlock_key, None)
        _write_new_envelope(paths, data)
        return UnlockedVault(paths.folder, vault_id, database_key, demo=True), ""

    assert backend is not None
    secret = secrets.token_bytes(KEY_BYTES)
    recovery_raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
    unlock_key = unlock_wrapping_key(vault_id, passphrase, salt, kdf, secret)
    recovery_wrapping = hkdf(recovery_raw, vault_id, PURPOSE_RECOVERY)
    env = Envelope(
        vault_id=vault_id,
        created_at=created_at,
        demo=False,
        kdf=kdf,
        salt=salt,
        keyring_username=vault_id,
        device_secret_check=secret_check(vault_id, secret),
        unlock=wrap(unlock_key, database_key, vault_id, PURPOSE_DEVICE),
        recovery=wrap(recovery_wrapping, database_key, vault_id, PURPOSE_RECOVERY),
        recovery_copy=seal_recovery_copy(database_key, recovery_raw, vault_id),
    )
    data = envelope_json(env)
    verify_envelope(data, database_key, unlock_key, recovery_raw)

    # The keyring first: keys.json must never refer to a secret that is not stored.
    store_device_secret(backend, vault_id, secret)
    try:
        _write_new_envelope(paths, data)
    except BaseException:
        if not _keys_file_is(paths, data):
            forget_device_secret(backend, vault_id)
        raise
    return (
        UnlockedVault(paths.folder, vault_id, database_key, demo=False),
        format_recovery_key(recovery_raw),
    )


def _write_new_envelope(paths: VaultPaths, data: bytes) -> None:
    try:
        ensure_private_dir(paths.folder)
    except OSError:
        raise VaultWriteFailed(
            "Waypost could not create the vault folder, or make it private to you. Choose "
            "another folder and try again."
        ) from None
    if paths.keys.exists() or paths.keys.is_symlink():
        # Another process made a vault here since the first check: never overwrite it.
        raise VaultAlreadyExists()
    write_envelope(paths, data)


@dataclass(frozen=True)
class OpenedEnvelope:
    """keys.json opened with the passphrase: what re-wrapping chores need besides K."""

    paths: VaultPaths
    env: Envelope
    unlock_key: bytes = field(repr=False)
    database_key: bytes = field(repr=False)
    device_secret: bytes | None = field(repr=False)  # None for a demo vault


def open_envelope(
    folder: PathArg, passphrase: str, *, keyring_backend: KeyringBackend | None = None
) -> OpenedEnvelope:
    """Prove the passphrase (and this computer's device secret) by unwrapping K."""
    paths = vault_paths(folder)
    env = read_envelope(paths)
    secret = None
    if not env.demo:
        # The keyring before Argon2: a missing keyring is reported at once, not after 0.4 s.
        secret = _load_device_secret(resolve_keyring(keyring_backend), env)
    wrapping = unlock_wrapping_key(env.vault_id, passphrase, env.salt, env.kdf, secret)
    database_key = unwrap(wrapping, env.unlock, env.vault_id, unlock_purpose(env))
    if database_key is None:
        raise WrongPassphrase()
    return OpenedEnvelope(paths, env, wrapping, database_key, secret)


def unlock(
    folder: PathArg, passphrase: str, *, keyring_backend: KeyringBackend | None = None
) -> UnlockedVault:
    """Open the envelope with the passphrase (and this computer's device secret)."""
    opened = open_envelope(folder, passphrase, keyring_backend=keyring_backend)
    env = opened.env
    pending_key = None
    if env.pending is not None:
        pending_key = unwrap(
            opened.unlock_key, env.pending.unlock, env.vault_id, unlock_purpose(env)
        )
    return UnlockedVault(
        opened.paths.folder,
        env.vault_id,
        opened.database_key,
        demo=env.demo,
        pending_key=pending_key,
    )


def unlock_with_recovery_key(
    folder: PathArg,
    recovery_key: str,
    new_passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    kdf: KdfParams | None = None,
) -> UnlockedVault:
    """Open the vault with its recovery key and set a new passphrase for this computer.

    A new device secret is stored and K is re-wrapped for it and the new passphrase; the
    recovery wrapping is kept, so the same recovery sheet still works. ``kdf=None`` keeps the
    vault's current Argon2 parameters.

    If this computer's keyring still holds the vault's old device secret (the passphrase was
    forgotten), the new secret goes under a new keyring entry and the old entry is removed only
    after the new keys.json is in place. A crash at any point leaves a vault that opens with the
    old passphrase (or, once the new keys.json is in place, the new one), and always with the
    recovery key.
    """
    paths = vault_paths(folder)
    env = read_envelope(paths)
    if env.demo or env.recovery is None:
        raise NoRecoveryKey()
    check_new_passphrase(new_passphrase)
    recovery_raw = parse_recovery_key(recovery_key)
    backend = resolve_keyring(keyring_backend)
    recovery_wrapping = hkdf(recovery_raw, env.vault_id, PURPOSE_RECOVERY)
    database_key = unwrap(recovery_wrapping, env.recovery, env.vault_id, PURPOSE_RECOVERY)
    if database_key is None:
        raise WrongRecoveryKey()

    assert env.keyring_username is not None
    with keyring_errors():
        existing = backend.get_password(KEYRING_SERVICE, env.vault_id)
    username = env.vault_id if existing is None else f"{env.vault_id}:{secrets.token_hex(4)}"
    secret = secrets.token_bytes(KEY_BYTES)
    kdf = kdf or env.kdf
    salt = secrets.token_bytes(SALT_BYTES)
    unlock_key = unlock_wrapping_key(env.vault_id, new_passphrase, salt, kdf, secret)
    pending_key = None
    pending = None
    if env.pending is not None and env.pending.recovery is not None:
        pending_key = unwrap(
            recovery_wrapping, env.pending.recovery, env.vault_id, PURPOSE_RECOVERY
        )
        if pending_key is not None:
            pending = PendingKeys(
                unlock=wrap(unlock_key, pending_key, env.vault_id, PURPOSE_DEVICE),
                recovery=env.pending.recovery,
                recovery_copy=env.pending.recovery_copy,
            )
    new_env = Envelope(
        vault_id=env.vault_id,
        created_at=env.created_at,
        demo=False,
        kdf=kdf,
        salt=salt,
        keyring_username=username,
        device_secret_check=secret_check(env.vault_id, secret),
        unlock=wrap(unlock_key, database_key, env.vault_id, PURPOSE_DEVICE),
        recovery=env.recovery,
        # Typing the recovery key proves it; vaults made before the copy existed get one now.
        recovery_copy=seal_recovery_copy(database_key, recovery_raw, env.vault_id),
        pending=pending,
    )
    data = envelope_json(new_env)
    verify_envelope(data, database_key, unlock_key, recovery_raw)

    store_device_secret(backend, username, secret)
    try:
        write_envelope(paths, data)
    except BaseException:
        if not _keys_file_is(paths, data):
            forget_device_secret(backend, username)
        raise
    if env.keyring_username != username:
        with contextlib.suppress(Exception):
            if backend.get_password(KEYRING_SERVICE, env.keyring_username) is not None:
                forget_device_secret(backend, env.keyring_username)
    return UnlockedVault(
        paths.folder, env.vault_id, database_key, demo=False, pending_key=pending_key
    )


def change_passphrase(
    folder: PathArg,
    old_passphrase: str,
    new_passphrase: str,
    *,
    keyring_backend: KeyringBackend | None = None,
    kdf: KdfParams | None = None,
) -> None:
    """Re-wrap K for a new passphrase. The database, S and the recovery key are unchanged.

    ``kdf=None`` keeps the vault's current Argon2 parameters; pass ``KdfParams()`` to move an
    old vault to the current defaults.
    """
    read_envelope(vault_paths(folder))  # a missing or damaged keys.json is said first
    check_new_passphrase(new_passphrase)
    opened = open_envelope(folder, old_passphrase, keyring_backend=keyring_backend)
    paths, env, old_key = opened.paths, opened.env, opened.unlock_key
    database_key, secret = opened.database_key, opened.device_secret
    purpose = unlock_purpose(env)
    kdf = kdf or env.kdf
    salt = secrets.token_bytes(SALT_BYTES)
    unlock_key = unlock_wrapping_key(env.vault_id, new_passphrase, salt, kdf, secret)
    pending = None
    if env.pending is not None:
        # An interrupted key rotation: its new key must open with the new passphrase too.
        pending_key = unwrap(old_key, env.pending.unlock, env.vault_id, purpose)
        if pending_key is not None:
            pending = replace(
                env.pending, unlock=wrap(unlock_key, pending_key, env.vault_id, purpose)
            )
    new_env = replace(
        env,
        kdf=kdf,
        salt=salt,
        unlock=wrap(unlock_key, database_key, env.vault_id, purpose),
        pending=pending,
    )
    data = envelope_json(new_env)
    verify_envelope(data, database_key, unlock_key, None)
    write_envelope(paths, data)
