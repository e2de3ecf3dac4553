"""Key derivation and wrapping: Argon2id, HKDF-SHA256 and AES-256-GCM.

The database key K is wrapped (AES-256-GCM) by keys derived with HKDF-SHA256, either from
Argon2id(passphrase) joined with the device secret S, from Argon2id(passphrase) alone (a demo
vault), or from the recovery key (DESIGN.md section 3).
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from typing import Final

from argon2.exceptions import HashingError
from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.vault_errors import VaultError

__all__ = [
    "ENVELOPE_FORMAT",
    "ENVELOPE_VERSION",
    "FAST_TEST_KDF",
    "KEY_BYTES",
    "NONCE_BYTES",
    "PURPOSE_DEMO",
    "PURPOSE_DEVICE",
    "PURPOSE_RECOVERY",
    "PURPOSE_RECOVERY_COPY",
    "SALT_BYTES",
    "WRAPPED_LEN",
    "KdfParams",
    "Wrapped",
    "check_new_passphrase",
    "hkdf",
    "open_sealed",
    "seal",
    "unlock_wrapping_key",
    "unwrap",
    "wrap",
]

# The key envelope's format name and version: written in keys.json (desktop/envelope.py) and
# bound into every wrapping's associated data.
ENVELOPE_FORMAT: Final = "waypost-keys"
# Version 2 added the optional recovery-key copy and the pending key rotation; version 1 files
# are still read. The associated data keeps saying "v1" (AAD_VERSION): it is bound into every
# existing wrapping, so changing it would lock every older vault out.
ENVELOPE_VERSION: Final = 2
AAD_VERSION: Final = 1

KEY_BYTES: Final = 32  # K, S and every derived wrapping key: AES-256
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12  # AES-GCM's standard 96-bit nonce
WRAPPED_LEN: Final = KEY_BYTES + 16  # ciphertext plus GCM tag

# Purposes of the two wrappings of K. Each is bound into the AES-GCM associated data together
# with the vault ID, so a wrapping cannot be moved to another vault or reused as another kind.
PURPOSE_DEVICE: Final = "passphrase_and_device"
PURPOSE_DEMO: Final = "passphrase_only"
PURPOSE_RECOVERY: Final = "recovery_key"
# The recovery key R itself, sealed under a key derived from K, so that a navigator who has
# unlocked the vault can see R again (anyone holding K can already read everything R protects).
PURPOSE_RECOVERY_COPY: Final = "recovery_key_copy"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters.

    The defaults take about 0.35 s on the reference machine (2 cores, Debian 12), inside the
    0.3-0.5 s budget of DESIGN.md; 64 MiB makes guessing on GPUs expensive.
    """

    time_cost: int = 8
    memory_cost_kib: int = 65536
    parallelism: int = 4

    def __post_init__(self) -> None:
        # Limits also stop a tampered keys.json from asking for absurd memory or time.
        if not 1 <= self.parallelism <= 64:
            raise ValueError("parallelism must be between 1 and 64")
        if not 8 * self.parallelism <= self.memory_cost_kib <= 4 * 1024 * 1024:
            raise ValueError("memory_cost_kib must be between 8*parallelism and 4 GiB")
        if not 1 <= self.time_cost <= 100:
            raise ValueError("time_cost must be between 1 and 100")


# Tests only: a real vault made with these would be cheap to attack.
FAST_TEST_KDF: Final = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)


@dataclass(frozen=True)
class Wrapped:
    nonce: bytes
    ciphertext: bytes


def _passphrase_bytes(passphrase: str) -> bytes:
    if not isinstance(passphrase, str):
        raise TypeError("passphrase must be text")
    # NFC so the same passphrase typed on another system (macOS composes differently) matches.
    try:
        return unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError:
        # ``from None``: the encode error object holds the whole passphrase.
        raise ValueError("the passphrase contains characters that cannot be used") from None


def check_new_passphrase(passphrase: str) -> None:
    # Strength is judged by the UI (zxcvbn); here only what would make a vault unusable.
    if not _passphrase_bytes(passphrase):
        raise ValueError("the passphrase must not be empty")


def _argon2(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    try:
        return hash_secret_raw(
            secret=_passphrase_bytes(passphrase),
            salt=salt,
            time_cost=kdf.time_cost,
            memory_cost=kdf.memory_cost_kib,
            parallelism=kdf.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
            version=ARGON2_VERSION,
        )
    except HashingError:
        # In practice: the memory Argon2 needs could not be allocated.
        raise VaultError(
            "Waypost could not check the passphrase: the computer may be short of free memory. "
            "Close other programs and try again. Nothing was changed."
        ) from None


def hkdf(material: bytes, vault_id: str, purpose: str) -> bytes:
    info = f"waypost v1 {purpose} wrapping key\0{vault_id}".encode("ascii")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(material)


def _aad(vault_id: str, purpose: str) -> bytes:
    return f"{ENVELOPE_FORMAT} v{AAD_VERSION}\0{vault_id}\0{purpose}".encode("ascii")


def wrap(wrapping_key: bytes, database_key: bytes, vault_id: str, purpose: str) -> Wrapped:
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, database_key, _aad(vault_id, purpose))
    return Wrapped(nonce=nonce, ciphertext=ciphertext)


def unwrap(wrapping_key: bytes, wrapped: Wrapped, vault_id: str, purpose: str) -> bytes | None:
    try:
        key = AESGCM(wrapping_key).decrypt(
            wrapped.nonce, wrapped.ciphertext, _aad(vault_id, purpose)
        )
    except InvalidTag:
        return None
    return key if len(key) == KEY_BYTES else None


def seal(wrapping_key: bytes, secret: bytes, vault_id: str, purpose: str) -> Wrapped:
    """AES-256-GCM over a secret of any length (the recovery key is 20 bytes, not 32)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, secret, _aad(vault_id, purpose))
    return Wrapped(nonce=nonce, ciphertext=ciphertext)


def open_sealed(wrapping_key: bytes, sealed: Wrapped, vault_id: str, purpose: str) -> bytes | None:
    try:
        return AESGCM(wrapping_key).decrypt(
            sealed.nonce, sealed.ciphertext, _aad(vault_id, purpose)
        )
    except InvalidTag:
        return None


def unlock_wrapping_key(
    vault_id: str, passphrase: str, salt: bytes, kdf: KdfParams, secret: bytes | None
) -> bytes:
    """The unlock key: HKDF(Argon2id(passphrase) || S), or HKDF(Argon2id(passphrase)) for a demo
    vault (``secret`` None). The two are told apart by the HKDF info and the AES-GCM AAD."""
    material = _argon2(passphrase, salt, kdf)
    if secret is None:
        return hkdf(material, vault_id, PURPOSE_DEMO)
    return hkdf(material + secret, vault_id, PURPOSE_DEVICE)
