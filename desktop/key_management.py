"""Key chores on an existing vault's envelope: show or replace the recovery key, and the two
envelope steps of a database key rotation.

Each operation first proves the passphrase (and this computer's device secret) by unwrapping
K, so nothing here can be done by someone who only walked up to an unlocked laptop. keys.json
is only ever replaced atomically, after the new envelope has been checked to open.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from desktop import vault
from desktop.envelope import (
    Envelope,
    PendingKeys,
    envelope_json,
    read_envelope,
    unlock_purpose,
    verify_envelope,
)
from desktop.key_wrapping import (
    PURPOSE_RECOVERY,
    PURPOSE_RECOVERY_COPY,
    hkdf,
    open_sealed,
    wrap,
)
from desktop.recovery_key import RECOVERY_KEY_BYTES, format_recovery_key
from desktop.vault import OpenedEnvelope, open_envelope
from desktop.vault_errors import NoRecoveryKey, VaultError
from desktop.vault_layout import PathArg, vault_paths

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

__all__ = [
    "NoRecoveryKeyCopy",
    "RotationStart",
    "begin_rotation",
    "cancel_rotation",
    "check_rotation_key",
    "replace_recovery_key",
    "settle_rotation",
    "show_recovery_key",
]


class NoRecoveryKeyCopy(VaultError):
    code = "no_recovery_key_copy"
    default_message = (
        "This vault was created before Waypost kept a copy of its recovery key, so the key "
        "cannot be shown again. Use \u201cReplace recovery key\u201d to make a new one and print "
        "a new recovery sheet."
    )


def _recovery_raw(opened: OpenedEnvelope) -> bytes | None:
    env = opened.env
    if env.recovery_copy is None:
        return None
    wrapping = hkdf(opened.database_key, env.vault_id, PURPOSE_RECOVERY_COPY)
    raw = open_sealed(wrapping, env.recovery_copy, env.vault_id, PURPOSE_RECOVERY_COPY)
    if raw is None or len(raw) != RECOVERY_KEY_BYTES:
        return None
    return raw


def _save(
    opened: OpenedEnvelope, new_env: Envelope, key: bytes, recovery_raw: bytes | None
) -> None:
    data = envelope_json(new_env)
    verify_envelope(data, key, opened.unlock_key, recovery_raw)
    vault.write_envelope(opened.paths, data)


def show_recovery_key(
    folder: PathArg, passphrase: str, *, keyring_backend: KeyringBackend | None = None
) -> str:
    """The vault's recovery key, as on the recovery sheet, after the passphrase is proven."""
    opened = open_envelope(folder, passphrase, keyring_backend=keyring_backend)
    if opened.env.demo:
        raise NoRecoveryKey()
    raw = _recovery_raw(opened)
    if raw is None:
        raise NoRecoveryKeyCopy()
    return format_recovery_key(raw)


def replace_recovery_key(
    folder: PathArg, passphrase: str, *, keyring_backend: KeyringBackend | None = None
) -> str:
    """Make a new recovery key for K and return its text; the old sheet stops opening this
    vault (it still opens backups taken before, which carry their own keys.json)."""
    opened = open_envelope(folder, passphrase, keyring_backend=keyring_backend)
    env = opened.env
    if env.demo:
        raise NoRecoveryKey()
    if env.pending is not None:
        raise VaultError(
            "A database key rotation was interrupted. Lock and unlock the vault once to finish "
            "it, then replace the recovery key. Nothing was changed."
        )
    raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
    key = opened.database_key
    new_env = replace(
        env,
        recovery=wrap(
            hkdf(raw, env.vault_id, PURPOSE_RECOVERY), key, env.vault_id, PURPOSE_RECOVERY
        ),
        recovery_copy=vault.seal_recovery_copy(key, raw, env.vault_id),
    )
    _save(opened, new_env, key, raw)
    return format_recovery_key(raw)


@dataclass(frozen=True)
class RotationStart:
    """What the first step of a rotation hands to the second."""

    current_key: bytes = field(repr=False)
    new_key: bytes = field(repr=False)
    # The recovery key text when a new one had to be made (a vault without a stored copy):
    # the navigator must print a new sheet. Empty when the recovery key is unchanged.
    new_recovery_key: str = field(default="", repr=False)


def begin_rotation(opened: OpenedEnvelope, expected_key: bytes) -> RotationStart:
    """Write keys.json holding K and the new key K' (pending), before the database changes.

    ``opened`` proves the passphrase (``vault.open_envelope``); ``expected_key`` is the key the
    open database uses: a keys.json that does not wrap it (a restore or another rotation
    happened meanwhile) is refused rather than guessed at.
    """
    env = opened.env
    check_rotation_key(opened, expected_key)
    new_key = secrets.token_bytes(len(expected_key))
    purpose = unlock_purpose(env)
    recovery_text = ""
    pending_recovery = pending_copy = None
    if not env.demo:
        raw = _recovery_raw(opened)
        if raw is None:
            raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
            recovery_text = format_recovery_key(raw)
        wrapping = hkdf(raw, env.vault_id, PURPOSE_RECOVERY)
        pending_recovery = wrap(wrapping, new_key, env.vault_id, PURPOSE_RECOVERY)
        pending_copy = vault.seal_recovery_copy(new_key, raw, env.vault_id)
    pending = PendingKeys(
        unlock=wrap(opened.unlock_key, new_key, env.vault_id, purpose),
        recovery=pending_recovery,
        recovery_copy=pending_copy,
    )
    _save(opened, replace(env, pending=pending), opened.database_key, None)
    return RotationStart(opened.database_key, new_key, recovery_text)


def check_rotation_key(opened: OpenedEnvelope, expected_key: bytes) -> None:
    if not secrets.compare_digest(opened.database_key, expected_key):
        raise VaultError(
            "The vault's key file no longer matches the open database (was the vault restored "
            "or changed in another window?). Lock and unlock, then try again. Nothing was "
            "changed."
        )


def settle_rotation(folder: PathArg, *, pending_key: bytes | None, working_key: bytes) -> bool:
    """After the database opened with ``working_key``, make keys.json say only that key.

    ``pending_key`` is K' as unwrapped at unlock. If the database is under K', the pending
    wrappings become the vault's; if it is still under K, they are dropped. Returns True when
    keys.json was rewritten.
    """
    paths = vault_paths(folder)
    env = read_envelope(paths)
    pending = env.pending
    if pending is None:
        return False
    if pending_key is not None and secrets.compare_digest(pending_key, working_key):
        new_env = replace(
            env,
            unlock=pending.unlock,
            recovery=pending.recovery,
            recovery_copy=pending.recovery_copy,
            pending=None,
        )
    else:
        new_env = replace(env, pending=None)
    vault.write_envelope(paths, envelope_json(new_env))
    return True


def cancel_rotation(folder: PathArg) -> None:
    """Drop a pending rotation after the rekey failed (the database is still under K)."""
    paths = vault_paths(folder)
    env = read_envelope(paths)
    if env.pending is not None:
        vault.write_envelope(paths, envelope_json(replace(env, pending=None)))
