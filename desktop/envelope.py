"""keys.json, the key envelope: its data model, its JSON form and its strict parsing.

keys.json holds K wrapped for the unlock key and (except in a demo vault) for the recovery
key, plus what is needed to derive them again: the Argon2id parameters and salt, and the
keyring entry holding the device secret. It is parsed strictly, because a damaged or
tampered file must be refused, not half-read.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Final

from argon2.low_level import ARGON2_VERSION

from desktop.json_fields import Malformed, b64, get_b64, get_field, now_iso
from desktop.key_wrapping import (
    ENVELOPE_FORMAT,
    ENVELOPE_VERSION,
    NONCE_BYTES,
    PURPOSE_DEMO,
    PURPOSE_DEVICE,
    PURPOSE_RECOVERY,
    PURPOSE_RECOVERY_COPY,
    SALT_BYTES,
    WRAPPED_LEN,
    KdfParams,
    Wrapped,
    hkdf,
    unwrap,
)
from desktop.keyring_access import KEYRING_SERVICE
from desktop.recovery_key import RECOVERY_KEY_BYTES
from desktop.vault_errors import EnvelopeDamaged, VaultError, VaultNotFound, VaultUnreadable
from desktop.vault_layout import VaultPaths

__all__ = [
    "Envelope",
    "PendingKeys",
    "envelope_json",
    "parse_envelope",
    "read_envelope",
    "unlock_purpose",
    "verify_envelope",
]

# A real keys.json is about 1 KiB. Anything far larger is not ours; refuse before parsing.
_MAX_ENVELOPE_BYTES: Final = 64 * 1024
_SEALED_RECOVERY_LEN: Final = RECOVERY_KEY_BYTES + 16  # the recovery key plus the GCM tag


@dataclass(frozen=True)
class PendingKeys:
    """A database key rotation under way: the new key K' wrapped like K.

    keys.json holds K and K' while ``PRAGMA rekey`` runs, so a crash at any moment leaves a
    vault that opens: unlock tries K, then K', and finishes (or drops) the rotation.
    """

    unlock: Wrapped
    recovery: Wrapped | None  # None for a demo vault
    recovery_copy: Wrapped | None


@dataclass(frozen=True)
class Envelope:
    vault_id: str
    created_at: str
    demo: bool
    kdf: KdfParams
    salt: bytes
    keyring_username: str | None  # None for a demo vault
    device_secret_check: str | None  # None for a demo vault
    unlock: Wrapped
    recovery: Wrapped | None  # None for a demo vault
    # The recovery key sealed under K (None for a demo vault, and for vaults made before it
    # existed: those can replace their recovery key but not show the old one).
    recovery_copy: Wrapped | None = None
    pending: PendingKeys | None = None


def unlock_purpose(env: Envelope) -> str:
    return PURPOSE_DEMO if env.demo else PURPOSE_DEVICE


def envelope_json(env: Envelope) -> bytes:
    def wrapped(w: Wrapped) -> dict[str, str]:
        return {
            "cipher": "aes-256-gcm",
            "nonce": b64(w.nonce),
            "ciphertext": b64(w.ciphertext),
        }

    def wrapped_set(
        unlock: Wrapped, recovery: Wrapped | None, copy: Wrapped | None
    ) -> dict[str, dict[str, str]]:
        keys = {unlock_purpose(env): wrapped(unlock)}
        if recovery is not None:
            keys[PURPOSE_RECOVERY] = wrapped(recovery)
        if copy is not None:
            keys[PURPOSE_RECOVERY_COPY] = wrapped(copy)
        return keys

    wrapped_keys = wrapped_set(env.unlock, env.recovery, env.recovery_copy)
    document: dict[str, Any] = {
        "format": ENVELOPE_FORMAT,
        "version": ENVELOPE_VERSION,
        "vault_id": env.vault_id,
        "created_at": env.created_at,
        "updated_at": now_iso(),
        "demo": env.demo,
        "kdf": {
            "algorithm": "argon2id",
            "argon2_version": ARGON2_VERSION,
            "passphrase_normalization": "NFC",
            "time_cost": env.kdf.time_cost,
            "memory_cost_kib": env.kdf.memory_cost_kib,
            "parallelism": env.kdf.parallelism,
            "salt": b64(env.salt),
        },
        "keyring": None
        if env.demo
        else {
            "service": KEYRING_SERVICE,
            "username": env.keyring_username,
            "device_secret_check": env.device_secret_check,
        },
        "key_derivation": "hkdf-sha256",
        "wrapped_keys": wrapped_keys,
    }
    if env.pending is not None:
        p = env.pending
        document["pending_rotation"] = {
            "wrapped_keys": wrapped_set(p.unlock, p.recovery, p.recovery_copy)
        }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def _get_wrapped(mapping: Any, purpose: str, length: int = WRAPPED_LEN) -> Wrapped:
    item = get_field(mapping, purpose, dict)
    if get_field(item, "cipher", str) != "aes-256-gcm":
        raise Malformed("cipher")
    return Wrapped(
        nonce=get_b64(item, "nonce", NONCE_BYTES),
        ciphertext=get_b64(item, "ciphertext", length),
    )


def _get_wrapped_set(
    wrapped_doc: Any, *, demo: bool, version: int
) -> tuple[Wrapped, Wrapped | None, Wrapped | None]:
    """The wrappings of one key: (unlock, recovery, recovery copy), strictly checked."""
    if not isinstance(wrapped_doc, dict):
        raise Malformed("wrapped_keys")
    names = set(wrapped_doc)
    if demo:
        if names != {PURPOSE_DEMO}:
            raise Malformed("demo")
        return _get_wrapped(wrapped_doc, PURPOSE_DEMO), None, None
    required = {PURPOSE_DEVICE, PURPOSE_RECOVERY}
    allowed = required | ({PURPOSE_RECOVERY_COPY} if version >= 2 else set())
    if not required <= names <= allowed:
        raise Malformed("wrapped_keys")
    copy = (
        _get_wrapped(wrapped_doc, PURPOSE_RECOVERY_COPY, _SEALED_RECOVERY_LEN)
        if PURPOSE_RECOVERY_COPY in names
        else None
    )
    return (
        _get_wrapped(wrapped_doc, PURPOSE_DEVICE),
        _get_wrapped(wrapped_doc, PURPOSE_RECOVERY),
        copy,
    )


def _get_pending(document: Any, *, demo: bool, version: int) -> PendingKeys | None:
    pending = document.get("pending_rotation") if isinstance(document, dict) else None
    if pending is None:
        return None
    if version < 2:
        raise Malformed("pending_rotation")
    unlock, recovery, copy = _get_wrapped_set(
        get_field(pending, "wrapped_keys", dict), demo=demo, version=version
    )
    return PendingKeys(unlock=unlock, recovery=recovery, recovery_copy=copy)


def parse_envelope(data: bytes) -> Envelope:
    """Parse keys.json strictly; raise ``EnvelopeDamaged`` with a message safe to show."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EnvelopeDamaged() from None
    try:
        if get_field(document, "format", str) != ENVELOPE_FORMAT:
            raise Malformed("format")
        version = get_field(document, "version", int)
        if version > ENVELOPE_VERSION:
            raise EnvelopeDamaged(
                "This vault's key file was written by a newer version of Waypost. Update "
                "Waypost to open it. Nothing was changed."
            )
        if version not in (1, ENVELOPE_VERSION):
            raise Malformed("version")
        vault_id = get_field(document, "vault_id", str)
        if str(uuid.UUID(vault_id)) != vault_id:
            raise Malformed("vault_id")
        created_at = get_field(document, "created_at", str)
        demo = get_field(document, "demo", bool)
        kdf_doc = get_field(document, "kdf", dict)
        if (
            get_field(kdf_doc, "algorithm", str) != "argon2id"
            or get_field(kdf_doc, "argon2_version", int) != ARGON2_VERSION
            or get_field(kdf_doc, "passphrase_normalization", str) != "NFC"
        ):
            raise Malformed("kdf")
        kdf = KdfParams(
            time_cost=get_field(kdf_doc, "time_cost", int),
            memory_cost_kib=get_field(kdf_doc, "memory_cost_kib", int),
            parallelism=get_field(kdf_doc, "parallelism", int),
        )
        salt = get_b64(kdf_doc, "salt", SALT_BYTES)
        if get_field(document, "key_derivation", str) != "hkdf-sha256":
            raise Malformed("key_derivation")
        wrapped_doc = get_field(document, "wrapped_keys", dict)
        unlock, recovery, copy = _get_wrapped_set(wrapped_doc, demo=demo, version=version)
        pending = _get_pending(document, demo=demo, version=version)
        if demo:
            if document.get("keyring") is not None:
                raise Malformed("demo")
            return Envelope(
                vault_id=vault_id,
                created_at=created_at,
                demo=True,
                kdf=kdf,
                salt=salt,
                keyring_username=None,
                device_secret_check=None,
                unlock=unlock,
                recovery=None,
                pending=pending,
            )
        keyring_doc = get_field(document, "keyring", dict)
        username = get_field(keyring_doc, "username", str)
        # The entry must be this vault's own, under Waypost's own service: a tampered file
        # must not be able to point us at another application's secret.
        if get_field(keyring_doc, "service", str) != KEYRING_SERVICE or not (
            username == vault_id or username.startswith(vault_id + ":")
        ):
            raise Malformed("keyring")
        check = get_field(keyring_doc, "device_secret_check", str)
        if len(check) != 32 or any(c not in "0123456789abcdef" for c in check):
            raise Malformed("device_secret_check")
        return Envelope(
            vault_id=vault_id,
            created_at=created_at,
            demo=False,
            kdf=kdf,
            salt=salt,
            keyring_username=username,
            device_secret_check=check,
            unlock=unlock,
            recovery=recovery,
            recovery_copy=copy,
            pending=pending,
        )
    except (Malformed, ValueError, TypeError):
        raise EnvelopeDamaged() from None


def read_envelope(paths: VaultPaths) -> Envelope:
    try:
        with open(paths.keys, "rb") as f:
            data = f.read(_MAX_ENVELOPE_BYTES + 1)
    except FileNotFoundError:
        if paths.database.exists():
            raise VaultNotFound(
                "This folder holds a Waypost database but not its key file (keys.json), so it "
                "cannot be opened. Nothing was changed. Put keys.json back from a backup copy "
                "of this folder."
            ) from None
        raise VaultNotFound() from None
    except OSError:
        raise VaultUnreadable() from None
    if len(data) > _MAX_ENVELOPE_BYTES:
        raise EnvelopeDamaged()
    return parse_envelope(data)


def verify_envelope(
    data: bytes, database_key: bytes, unlock_key: bytes, recovery_key: bytes | None
) -> None:
    """Check a new keys.json opens before it replaces the old one: a bug must not lock out."""
    env = parse_envelope(data)
    ok = unwrap(unlock_key, env.unlock, env.vault_id, unlock_purpose(env)) == database_key
    if recovery_key is not None:
        assert env.recovery is not None
        wrapping = hkdf(recovery_key, env.vault_id, PURPOSE_RECOVERY)
        ok = ok and unwrap(wrapping, env.recovery, env.vault_id, PURPOSE_RECOVERY) == database_key
    if not ok:
        raise VaultError(
            "Waypost's check of the new key file failed, so it was not saved. Nothing was "
            "changed. Please report this problem."
        )
