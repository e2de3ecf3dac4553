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

This module imports neither Qt nor SQLAlchemy: the command line and the GUI both use it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import secrets
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Final

import keyring
import keyring.errors
from argon2.exceptions import HashingError
from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from desktop.files import atomic_write_bytes, ensure_private_dir, fsync_dir

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

PathArg = str | os.PathLike[str]

KEYRING_SERVICE: Final = "Waypost"

ENVELOPE_FORMAT: Final = "waypost-keys"
ENVELOPE_VERSION: Final = 1
FAILURES_FORMAT: Final = "waypost-unlock-failures"
FAILURES_VERSION: Final = 1

KEY_BYTES: Final = 32  # K, S and every derived wrapping key: AES-256
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12  # AES-GCM's standard 96-bit nonce
RECOVERY_KEY_BYTES: Final = 20  # 160 bits = 32 base32 characters = 8 groups of 4
RECOVERY_GROUP: Final = 4
_WRAPPED_LEN: Final = KEY_BYTES + 16  # ciphertext plus GCM tag

# A real keys.json is about 1 KiB. Anything far larger is not ours; refuse before parsing.
_MAX_ENVELOPE_BYTES: Final = 64 * 1024
_MAX_FAILURES_BYTES: Final = 4 * 1024 * 1024
# Enough for hours of guessing at ~0.35 s a try; the oldest are dropped (and counted) beyond it.
_MAX_FAILURE_RECORDS: Final = 10_000

# Crockford's base32 alphabet: no I, L, O or U, so nothing on a printed sheet is ambiguous.
_CROCKFORD: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_DECODE: Final[dict[str, int]] = {
    **{c: i for i, c in enumerate(_CROCKFORD)},
    "I": 1,
    "L": 1,
    "O": 0,
}
# Separators people type or that word processors substitute for a hyphen.
_RECOVERY_SEPARATORS: Final = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2212")

# Purposes of the two wrappings of K. Each is bound into the AES-GCM associated data together
# with the vault ID, so a wrapping cannot be moved to another vault or reused as another kind.
_PURPOSE_DEVICE: Final = "passphrase_and_device"
_PURPOSE_DEMO: Final = "passphrase_only"
_PURPOSE_RECOVERY: Final = "recovery_key"


# --------------------------------------------------------------------------------------------
# Errors


class VaultError(Exception):
    """Base of every vault failure. ``user_message`` is safe to show and to log.

    ``code`` is a short, fixed identifier for the audit log (see ``record_failed_unlock``).
    """

    code: ClassVar[str] = "vault_error"
    default_message: ClassVar[str] = "The vault could not be opened."

    def __init__(self, user_message: str | None = None) -> None:
        self.user_message: str = user_message or self.default_message
        super().__init__(self.user_message)


class VaultNotFound(VaultError):
    code = "vault_not_found"
    default_message = (
        "No Waypost vault was found in this folder. Choose the folder that holds the vault's "
        "keys.json file, or create a new vault."
    )


class VaultAlreadyExists(VaultError):
    code = "vault_already_exists"
    default_message = (
        "This folder already holds a Waypost vault (or its database). Open that vault instead, "
        "or choose an empty folder for a new one. Nothing was changed."
    )


class VaultUnreadable(VaultError):
    code = "vault_unreadable"
    default_message = (
        "Waypost could not read the vault's key file (keys.json): the system refused access or "
        "the disk reported an error. Check that the folder is available and that you own it. "
        "Nothing was changed."
    )


class VaultWriteFailed(VaultError):
    code = "vault_write_failed"
    default_message = (
        "Waypost could not save the vault's key file (keys.json): the disk may be full or "
        "read-only. Nothing was changed; free some space or choose another folder and try again."
    )


class EnvelopeDamaged(VaultError):
    code = "envelope_damaged"
    default_message = (
        "The vault's key file (keys.json) is damaged or is not a Waypost key file, so the vault "
        "cannot be opened. Nothing was changed. Restore keys.json from a backup copy of this "
        "folder."
    )


class WrongPassphrase(VaultError):
    code = "wrong_passphrase"
    default_message = "Wrong passphrase. Check Caps Lock and the keyboard layout, then try again."


class KeyringUnavailable(VaultError):
    code = "keyring_unavailable"
    default_message = (
        "No system keyring is available, so Waypost cannot use this vault's device secret. "
        "Start your desktop's keyring (GNOME Keyring or KWallet on Linux, Keychain on macOS, "
        "Credential Manager on Windows) and try again."
    )


class KeyringLocked(VaultError):
    code = "keyring_locked"
    default_message = (
        "The system keyring is locked, so Waypost cannot read this vault's device secret. "
        "Unlock the keyring (log in to your desktop session, or unlock the \u201cLogin\u201d "
        "keyring in your desktop's passwords tool), then try again."
    )


class DeviceSecretMissing(VaultError):
    code = "device_secret_missing"
    default_message = (
        "This computer's keyring does not hold the device secret for this vault (for example, "
        "the vault was copied from another computer or the keyring was reset). Open the vault "
        "with its recovery key; you will then choose a passphrase for this computer."
    )


class WrongRecoveryKey(VaultError):
    code = "wrong_recovery_key"
    default_message = (
        "That recovery key does not open this vault. Check it against the recovery sheet, "
        "character by character, and make sure the sheet belongs to this vault."
    )


class NoRecoveryKey(VaultError):
    code = "no_recovery_key"
    default_message = (
        "This is a demo vault: it has no recovery key and opens with its passphrase only."
    )


class KeyringWriteFailed(VaultError):
    code = "keyring_write_failed"
    default_message = (
        "The system keyring did not store the device secret correctly (reading it back gave a "
        "different value), so nothing was changed. Try again; if it keeps happening, the "
        "keyring may be faulty."
    )


# Reason codes accepted by record_failed_unlock: a fixed list, so that nothing personal (or a
# passphrase passed by mistake) can ever reach the failure log.
_VAULT_ERRORS: Final[list[type[VaultError]]] = [VaultError, *VaultError.__subclasses__()]
FAILURE_REASONS: Final[frozenset[str]] = frozenset(
    {cls.code for cls in _VAULT_ERRORS}
    | {
        "database_integrity_failed",
        "database_open_failed",
        "unexpected_error",
        # Written by this module itself, so the audit log shows gaps in the failure log.
        "failure_log_damaged",
        "failure_records_dropped",
    }
)
_LOG_DAMAGED: Final = "failure_log_damaged"
_RECORDS_DROPPED: Final = "failure_records_dropped"


# --------------------------------------------------------------------------------------------
# Data


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
class UnlockedVault:
    folder: Path
    vault_id: str
    # Never in repr: a logged or printed UnlockedVault must not show the database key.
    database_key: bytes = field(repr=False)
    demo: bool = False


@dataclass(frozen=True)
class VaultPaths:
    folder: Path
    database: Path
    wal: Path
    shm: Path
    keys: Path
    backups: Path
    failures: Path


def vault_paths(folder: PathArg) -> VaultPaths:
    root = Path(folder)
    return VaultPaths(
        folder=root,
        database=root / "waypost.db",
        wal=root / "waypost.db-wal",
        shm=root / "waypost.db-shm",
        keys=root / "keys.json",
        backups=root / "backups",
        failures=root / "unlock-failures.json",
    )


def vault_exists(folder: PathArg) -> bool:
    return vault_paths(folder).keys.is_file()


@dataclass(frozen=True)
class _Wrapped:
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class _Envelope:
    vault_id: str
    created_at: str
    demo: bool
    kdf: KdfParams
    salt: bytes
    keyring_username: str | None  # None for a demo vault
    device_secret_check: str | None  # None for a demo vault
    unlock: _Wrapped
    recovery: _Wrapped | None  # None for a demo vault


# --------------------------------------------------------------------------------------------
# Recovery key text


def format_recovery_key(raw: bytes) -> str:
    """Show a 160-bit recovery key as 8 groups of 4 Crockford base32 characters."""
    if len(raw) != RECOVERY_KEY_BYTES:
        raise ValueError(f"a recovery key is {RECOVERY_KEY_BYTES} bytes")
    number = int.from_bytes(raw, "big")
    length = RECOVERY_KEY_BYTES * 8 // 5
    chars = [_CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(length))]
    groups = ["".join(chars[i : i + RECOVERY_GROUP]) for i in range(0, length, RECOVERY_GROUP)]
    return "-".join(groups)


def parse_recovery_key(text: str) -> bytes:
    """Read a recovery key as typed: any case, with or without spaces and dashes.

    I and L are read as 1, and O as 0, as in Crockford's base32, because they are easy to
    mistype from paper. Raises ``WrongRecoveryKey`` (whose message never repeats the input).
    """
    if not isinstance(text, str):
        raise TypeError("recovery key must be text")
    # NFKC turns full-width and other look-alike digits and letters into plain ones.
    cleaned = [
        c
        for c in unicodedata.normalize("NFKC", text).upper()
        if not c.isspace() and c not in _RECOVERY_SEPARATORS
    ]
    length = RECOVERY_KEY_BYTES * 8 // 5
    groups = length // RECOVERY_GROUP
    if len(cleaned) != length:
        raise WrongRecoveryKey(
            f"A recovery key has {length} characters ({groups} groups of {RECOVERY_GROUP}); "
            f"{len(cleaned)} were entered. Check the recovery sheet and try again."
        )
    number = 0
    for c in cleaned:
        value = _CROCKFORD_DECODE.get(c)
        if value is None:
            raise WrongRecoveryKey(
                "A recovery key contains only the digits 0-9 and the letters A-Z except I, L, "
                "O and U. Check the recovery sheet and try again."
            )
        number = (number << 5) | value
    return number.to_bytes(RECOVERY_KEY_BYTES, "big")


# --------------------------------------------------------------------------------------------
# Keyring


def _rejection(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold a device secret, as a user message, or None if usable."""
    if isinstance(backend, null.Keyring | fail.Keyring):
        return KeyringUnavailable.default_message
    module = type(backend).__module__
    # keyrings.alt's backends keep secrets in files (plain text, base64, or encrypted with a
    # password prompted on the terminal); keyrings.cryptfile is of the same kind.
    if module == "keyrings.alt" or module.startswith(("keyrings.alt.", "keyrings.cryptfile")):
        return (
            "The only keyring available keeps secrets in a file, which Waypost does not use for "
            "a vault's device secret. Set up the system keyring (GNOME Keyring or KWallet on "
            "Linux, Keychain on macOS, Credential Manager on Windows) and try again."
        )
    return None


def resolve_keyring(keyring_backend: KeyringBackend | None = None) -> KeyringBackend:
    """Return the keyring to keep device secrets in, or raise ``KeyringUnavailable``.

    ``None`` means the platform default (``keyring.get_keyring()``). A chainer is replaced by
    its highest-priority acceptable backend, so a secret can never land in a file backend that
    happens to be chained behind a real keyring.
    """
    backend = keyring_backend
    if backend is None:
        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # any failure to initialise means: no keyring to use
            raise KeyringUnavailable() from exc
    if not isinstance(backend, KeyringBackend):
        raise TypeError("keyring_backend must be a keyring.backend.KeyringBackend")
    if isinstance(backend, chainer.ChainerBackend):
        try:
            candidates: list[KeyringBackend] = list(backend.backends)
        except Exception:
            candidates = []
        usable = [b for b in candidates if _rejection(b) is None]
        if not usable:
            reasons = [r for b in candidates if (r := _rejection(b)) is not None]
            raise KeyringUnavailable(reasons[-1] if reasons else None)
        return usable[0]
    reason = _rejection(backend)
    if reason is not None:
        raise KeyringUnavailable(reason)
    return backend


_KEYRING_ERROR_MESSAGE: Final = (
    "The system keyring reported an error, so this vault's device secret could not be read or "
    "stored. Nothing was changed. Try again; if it keeps happening, restart your session."
)


@contextlib.contextmanager
def _keyring_errors(*, hide_cause: bool = False) -> Iterator[None]:
    """Translate whatever a keyring backend raises into the vault's own errors.

    Backends raise more than ``KeyringError`` (D-Bus and OS errors leak through), and any of
    them means the same to the user: the keyring could not be used. ``hide_cause`` drops the
    cause from tracebacks for calls whose arguments include a secret.
    """
    try:
        yield
    except keyring.errors.KeyringLocked as exc:
        error: VaultError = KeyringLocked()
        cause: BaseException | None = exc
    except keyring.errors.NoKeyringError as exc:
        error, cause = KeyringUnavailable(), exc
    except Exception as exc:
        error, cause = KeyringUnavailable(_KEYRING_ERROR_MESSAGE), exc
    else:
        return
    if hide_cause:
        raise error from None
    raise error from cause


def _encode_secret(secret: bytes) -> str:
    return base64.b64encode(secret).decode("ascii")


def _secret_check(vault_id: str, secret: bytes) -> str:
    """A public fingerprint of S, so a *different* S is told apart from a wrong passphrase.

    S is 256 uniformly random bits, so a hash of it gives nothing away. (There is no check
    value for the passphrase: one would let a stolen keys.json be attacked without S.)
    """
    digest = hashlib.sha256(
        b"waypost device secret check v1\0" + vault_id.encode("ascii") + b"\0" + secret
    ).hexdigest()
    return digest[:32]


def _store_device_secret(backend: KeyringBackend, username: str, secret: bytes) -> None:
    """Write S to the keyring, read it back, and raise unless it came back identical."""
    text = _encode_secret(secret)
    with _keyring_errors(hide_cause=True):
        backend.set_password(KEYRING_SERVICE, username, text)
    try:
        with _keyring_errors():
            stored = backend.get_password(KEYRING_SERVICE, username)
    except VaultError:
        _forget_device_secret(backend, username)
        raise
    if stored != text:
        _forget_device_secret(backend, username)
        raise KeyringWriteFailed()


def _forget_device_secret(backend: KeyringBackend, username: str) -> None:
    """Best-effort removal of a device secret this module just wrote and will not use."""
    try:
        backend.delete_password(KEYRING_SERVICE, username)
    except Exception as exc:
        # Harmless: an unreferenced random value. Logged without the value or the vault.
        log.warning("could not remove an unused keyring entry (%s)", type(exc).__name__)


def _load_device_secret(backend: KeyringBackend, env: _Envelope) -> bytes:
    assert env.keyring_username is not None and env.device_secret_check is not None
    with _keyring_errors():
        text: object = backend.get_password(KEYRING_SERVICE, env.keyring_username)
    if text is None:
        raise DeviceSecretMissing()
    try:
        secret = base64.b64decode(str(text).encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        secret = b""
    if len(secret) != KEY_BYTES or not secrets.compare_digest(
        _secret_check(env.vault_id, secret), env.device_secret_check
    ):
        raise DeviceSecretMissing(
            "The device secret in this computer's keyring does not belong to this vault (for "
            "example, the keyring was restored from another computer). Open the vault with its "
            "recovery key; you will then choose a passphrase for this computer."
        )
    return secret


# --------------------------------------------------------------------------------------------
# Key derivation and wrapping


def _passphrase_bytes(passphrase: str) -> bytes:
    if not isinstance(passphrase, str):
        raise TypeError("passphrase must be text")
    # NFC so the same passphrase typed on another system (macOS composes differently) matches.
    try:
        return unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError:
        # ``from None``: the encode error object holds the whole passphrase.
        raise ValueError("the passphrase contains characters that cannot be used") from None


def _check_new_passphrase(passphrase: str) -> None:
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


def _hkdf(material: bytes, vault_id: str, purpose: str) -> bytes:
    info = f"waypost v1 {purpose} wrapping key\0{vault_id}".encode("ascii")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(material)


def _aad(vault_id: str, purpose: str) -> bytes:
    return f"{ENVELOPE_FORMAT} v{ENVELOPE_VERSION}\0{vault_id}\0{purpose}".encode("ascii")


def _wrap(wrapping_key: bytes, database_key: bytes, vault_id: str, purpose: str) -> _Wrapped:
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, database_key, _aad(vault_id, purpose))
    return _Wrapped(nonce=nonce, ciphertext=ciphertext)


def _unwrap(wrapping_key: bytes, wrapped: _Wrapped, vault_id: str, purpose: str) -> bytes | None:
    try:
        key = AESGCM(wrapping_key).decrypt(
            wrapped.nonce, wrapped.ciphertext, _aad(vault_id, purpose)
        )
    except InvalidTag:
        return None
    return key if len(key) == KEY_BYTES else None


def _unlock_wrapping_key(
    vault_id: str, passphrase: str, salt: bytes, kdf: KdfParams, secret: bytes | None
) -> bytes:
    """The unlock key: HKDF(Argon2id(passphrase) || S), or HKDF(Argon2id(passphrase)) for a demo
    vault (``secret`` None). The two are told apart by the HKDF info and the AES-GCM AAD."""
    material = _argon2(passphrase, salt, kdf)
    if secret is None:
        return _hkdf(material, vault_id, _PURPOSE_DEMO)
    return _hkdf(material + secret, vault_id, _PURPOSE_DEVICE)


def _unlock_purpose(env: _Envelope) -> str:
    return _PURPOSE_DEMO if env.demo else _PURPOSE_DEVICE


# --------------------------------------------------------------------------------------------
# keys.json


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _envelope_json(env: _Envelope) -> bytes:
    def wrapped(w: _Wrapped) -> dict[str, str]:
        return {
            "cipher": "aes-256-gcm",
            "nonce": _b64(w.nonce),
            "ciphertext": _b64(w.ciphertext),
        }

    wrapped_keys = {_unlock_purpose(env): wrapped(env.unlock)}
    if env.recovery is not None:
        wrapped_keys[_PURPOSE_RECOVERY] = wrapped(env.recovery)
    document: dict[str, Any] = {
        "format": ENVELOPE_FORMAT,
        "version": ENVELOPE_VERSION,
        "vault_id": env.vault_id,
        "created_at": env.created_at,
        "updated_at": _now_iso(),
        "demo": env.demo,
        "kdf": {
            "algorithm": "argon2id",
            "argon2_version": ARGON2_VERSION,
            "passphrase_normalization": "NFC",
            "time_cost": env.kdf.time_cost,
            "memory_cost_kib": env.kdf.memory_cost_kib,
            "parallelism": env.kdf.parallelism,
            "salt": _b64(env.salt),
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
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


class _Malformed(Exception):
    """Internal: keys.json does not have the expected shape."""


def _get(mapping: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise _Malformed(key)
    value = mapping[key]
    # bool is an int in Python; never accept true/false where a number is expected.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Malformed(key)
    return value


def _get_b64(mapping: Any, key: str, length: int) -> bytes:
    try:
        value = base64.b64decode(_get(mapping, key, str).encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError) as exc:
        raise _Malformed(key) from exc
    if len(value) != length:
        raise _Malformed(key)
    return value


def _get_wrapped(mapping: Any, purpose: str) -> _Wrapped:
    item = _get(mapping, purpose, dict)
    if _get(item, "cipher", str) != "aes-256-gcm":
        raise _Malformed("cipher")
    return _Wrapped(
        nonce=_get_b64(item, "nonce", NONCE_BYTES),
        ciphertext=_get_b64(item, "ciphertext", _WRAPPED_LEN),
    )


def _parse_envelope(data: bytes) -> _Envelope:
    """Parse keys.json strictly; raise ``EnvelopeDamaged`` with a message safe to show."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EnvelopeDamaged() from None
    try:
        if _get(document, "format", str) != ENVELOPE_FORMAT:
            raise _Malformed("format")
        version = _get(document, "version", int)
        if version > ENVELOPE_VERSION:
            raise EnvelopeDamaged(
                "This vault's key file was written by a newer version of Waypost. Update "
                "Waypost to open it. Nothing was changed."
            )
        if version != ENVELOPE_VERSION:
            raise _Malformed("version")
        vault_id = _get(document, "vault_id", str)
        if str(uuid.UUID(vault_id)) != vault_id:
            raise _Malformed("vault_id")
        created_at = _get(document, "created_at", str)
        demo = _get(document, "demo", bool)
        kdf_doc = _get(document, "kdf", dict)
        if (
            _get(kdf_doc, "algorithm", str) != "argon2id"
            or _get(kdf_doc, "argon2_version", int) != ARGON2_VERSION
            or _get(kdf_doc, "passphrase_normalization", str) != "NFC"
        ):
            raise _Malformed("kdf")
        kdf = KdfParams(
            time_cost=_get(kdf_doc, "time_cost", int),
            memory_cost_kib=_get(kdf_doc, "memory_cost_kib", int),
            parallelism=_get(kdf_doc, "parallelism", int),
        )
        salt = _get_b64(kdf_doc, "salt", SALT_BYTES)
        if _get(document, "key_derivation", str) != "hkdf-sha256":
            raise _Malformed("key_derivation")
        wrapped_doc = _get(document, "wrapped_keys", dict)
        if demo:
            if document.get("keyring") is not None or set(wrapped_doc) != {_PURPOSE_DEMO}:
                raise _Malformed("demo")
            return _Envelope(
                vault_id=vault_id,
                created_at=created_at,
                demo=True,
                kdf=kdf,
                salt=salt,
                keyring_username=None,
                device_secret_check=None,
                unlock=_get_wrapped(wrapped_doc, _PURPOSE_DEMO),
                recovery=None,
            )
        keyring_doc = _get(document, "keyring", dict)
        username = _get(keyring_doc, "username", str)
        # The entry must be this vault's own, under Waypost's own service: a tampered file
        # must not be able to point us at another application's secret.
        if _get(keyring_doc, "service", str) != KEYRING_SERVICE or not (
            username == vault_id or username.startswith(vault_id + ":")
        ):
            raise _Malformed("keyring")
        check = _get(keyring_doc, "device_secret_check", str)
        if len(check) != 32 or any(c not in "0123456789abcdef" for c in check):
            raise _Malformed("device_secret_check")
        if set(wrapped_doc) != {_PURPOSE_DEVICE, _PURPOSE_RECOVERY}:
            raise _Malformed("wrapped_keys")
        return _Envelope(
            vault_id=vault_id,
            created_at=created_at,
            demo=False,
            kdf=kdf,
            salt=salt,
            keyring_username=username,
            device_secret_check=check,
            unlock=_get_wrapped(wrapped_doc, _PURPOSE_DEVICE),
            recovery=_get_wrapped(wrapped_doc, _PURPOSE_RECOVERY),
        )
    except (_Malformed, ValueError, TypeError):
        raise EnvelopeDamaged() from None


def _read_envelope(paths: VaultPaths) -> _Envelope:
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
    return _parse_envelope(data)


def _verify_envelope(
    data: bytes, database_key: bytes, unlock_key: bytes, recovery_key: bytes | None
) -> None:
    """Check a new keys.json opens before it replaces the old one: a bug must not lock out."""
    env = _parse_envelope(data)
    ok = _unwrap(unlock_key, env.unlock, env.vault_id, _unlock_purpose(env)) == database_key
    if recovery_key is not None:
        assert env.recovery is not None
        wrapping = _hkdf(recovery_key, env.vault_id, _PURPOSE_RECOVERY)
        ok = ok and _unwrap(wrapping, env.recovery, env.vault_id, _PURPOSE_RECOVERY) == database_key
    if not ok:
        raise VaultError(
            "Waypost's check of the new key file failed, so it was not saved. Nothing was "
            "changed. Please report this problem."
        )


def _keys_file_is(paths: VaultPaths, data: bytes) -> bool:
    """Whether keys.json holds exactly ``data`` (to learn if a failed write got through)."""
    try:
        return paths.keys.read_bytes() == data
    except OSError:
        return False


def _write_envelope(paths: VaultPaths, data: bytes) -> None:
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
    kdf: KdfParams = KdfParams(),  # frozen, so one shared default is safe
    demo: bool = False,
) -> tuple[UnlockedVault, str]:
    """Make a new vault's key envelope; return the unlocked vault and the recovery key text.

    The recovery key is shown once and never stored. A demo vault has no recovery key (the
    returned text is empty) and uses no keyring. Nothing is written to disk or keyring when a
    check fails; a keyring entry written before a later failure is removed again.
    """
    _check_new_passphrase(passphrase)
    paths = vault_paths(folder)
    if any(p.exists() or p.is_symlink() for p in (paths.keys, paths.database, paths.wal)):
        raise VaultAlreadyExists()
    backend = None if demo else resolve_keyring(keyring_backend)

    vault_id = str(uuid.uuid4())
    database_key = secrets.token_bytes(KEY_BYTES)
    salt = secrets.token_bytes(SALT_BYTES)
    created_at = _now_iso()

    if demo:
        unlock_key = _unlock_wrapping_key(vault_id, passphrase, salt, kdf, None)
        env = _Envelope(
            vault_id=vault_id,
            created_at=created_at,
            demo=True,
            kdf=kdf,
            salt=salt,
            keyring_username=None,
            device_secret_check=None,
            unlock=_wrap(unlock_key, database_key, vault_id, _PURPOSE_DEMO),
            recovery=None,
        )
        data = _envelope_json(env)
        _verify_envelope(data, database_key, unlock_key, None)
        _write_new_envelope(paths, data)
        return UnlockedVault(paths.folder, vault_id, database_key, demo=True), ""

    assert backend is not None
    secret = secrets.token_bytes(KEY_BYTES)
    recovery_raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
    unlock_key = _unlock_wrapping_key(vault_id, passphrase, salt, kdf, secret)
    recovery_wrapping = _hkdf(recovery_raw, vault_id, _PURPOSE_RECOVERY)
    env = _Envelope(
        vault_id=vault_id,
        created_at=created_at,
        demo=False,
        kdf=kdf,
        salt=salt,
        keyring_username=vault_id,
        device_secret_check=_secret_check(vault_id, secret),
        unlock=_wrap(unlock_key, database_key, vault_id, _PURPOSE_DEVICE),
        recovery=_wrap(recovery_wrapping, database_key, vault_id, _PURPOSE_RECOVERY),
    )
    data = _envelope_json(env)
    _verify_envelope(data, database_key, unlock_key, recovery_raw)

    # The keyring first: keys.json must never refer to a secret that is not stored.
    _store_device_secret(backend, vault_id, secret)
    try:
        _write_new_envelope(paths, data)
    except BaseException:
        if not _keys_file_is(paths, data):
            _forget_device_secret(backend, vault_id)
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
    _write_envelope(paths, data)


def unlock(
    folder: PathArg, passphrase: str, *, keyring_backend: KeyringBackend | None = None
) -> UnlockedVault:
    """Open the envelope with the passphrase (and this computer's device secret)."""
    paths = vault_paths(folder)
    env = _read_envelope(paths)
    secret = None
    if not env.demo:
        # The keyring before Argon2: a missing keyring is reported at once, not after 0.4 s.
        secret = _load_device_secret(resolve_keyring(keyring_backend), env)
    wrapping = _unlock_wrapping_key(env.vault_id, passphrase, env.salt, env.kdf, secret)
    database_key = _unwrap(wrapping, env.unlock, env.vault_id, _unlock_purpose(env))
    if database_key is None:
        raise WrongPassphrase()
    return UnlockedVault(paths.folder, env.vault_id, database_key, demo=env.demo)


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
    env = _read_envelope(paths)
    if env.demo or env.recovery is None:
        raise NoRecoveryKey()
    _check_new_passphrase(new_passphrase)
    recovery_raw = parse_recovery_key(recovery_key)
    backend = resolve_keyring(keyring_backend)
    recovery_wrapping = _hkdf(recovery_raw, env.vault_id, _PURPOSE_RECOVERY)
    database_key = _unwrap(recovery_wrapping, env.recovery, env.vault_id, _PURPOSE_RECOVERY)
    if database_key is None:
        raise WrongRecoveryKey()

    assert env.keyring_username is not None
    with _keyring_errors():
        existing = backend.get_password(KEYRING_SERVICE, env.vault_id)
    username = env.vault_id if existing is None else f"{env.vault_id}:{secrets.token_hex(4)}"
    secret = secrets.token_bytes(KEY_BYTES)
    kdf = kdf or env.kdf
    salt = secrets.token_bytes(SALT_BYTES)
    unlock_key = _unlock_wrapping_key(env.vault_id, new_passphrase, salt, kdf, secret)
    new_env = _Envelope(
        vault_id=env.vault_id,
        created_at=env.created_at,
        demo=False,
        kdf=kdf,
        salt=salt,
        keyring_username=username,
        device_secret_check=_secret_check(env.vault_id, secret),
        unlock=_wrap(unlock_key, database_key, env.vault_id, _PURPOSE_DEVICE),
        recovery=env.recovery,
    )
    data = _envelope_json(new_env)
    _verify_envelope(data, database_key, unlock_key, recovery_raw)

    _store_device_secret(backend, username, secret)
    try:
        _write_envelope(paths, data)
    except BaseException:
        if not _keys_file_is(paths, data):
            _forget_device_secret(backend, username)
        raise
    if env.keyring_username != username:
        with contextlib.suppress(Exception):
            if backend.get_password(KEYRING_SERVICE, env.keyring_username) is not None:
                _forget_device_secret(backend, env.keyring_username)
    return UnlockedVault(paths.folder, env.vault_id, database_key, demo=False)


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
    paths = vault_paths(folder)
    env = _read_envelope(paths)
    _check_new_passphrase(new_passphrase)
    secret = None
    if not env.demo:
        secret = _load_device_secret(resolve_keyring(keyring_backend), env)
    purpose = _unlock_purpose(env)
    old_key = _unlock_wrapping_key(env.vault_id, old_passphrase, env.salt, env.kdf, secret)
    database_key = _unwrap(old_key, env.unlock, env.vault_id, purpose)
    if database_key is None:
        raise WrongPassphrase()
    kdf = kdf or env.kdf
    salt = secrets.token_bytes(SALT_BYTES)
    unlock_key = _unlock_wrapping_key(env.vault_id, new_passphrase, salt, kdf, secret)
    new_env = _Envelope(
        vault_id=env.vault_id,
        created_at=env.created_at,
        demo=env.demo,
        kdf=kdf,
        salt=salt,
        keyring_username=env.keyring_username,
        device_secret_check=env.device_secret_check,
        unlock=_wrap(unlock_key, database_key, env.vault_id, purpose),
        recovery=env.recovery,
    )
    data = _envelope_json(new_env)
    _verify_envelope(data, database_key, unlock_key, None)
    _write_envelope(paths, data)


# --------------------------------------------------------------------------------------------
# Failed unlock attempts (kept outside the database, which is locked when they happen)


def _read_failures(path: Path) -> tuple[list[dict[str, str]], int, bool]:
    """Return (records, dropped count, damaged) from unlock-failures.json."""
    try:
        with open(path, "rb") as f:
            data = f.read(_MAX_FAILURES_BYTES + 1)
    except FileNotFoundError:
        return [], 0, False
    except OSError:
        return [], 0, True
    if len(data) > _MAX_FAILURES_BYTES:
        return [], 0, True
    try:
        document = json.loads(data.decode("utf-8"))
        if (
            _get(document, "format", str) != FAILURES_FORMAT
            or _get(document, "version", int) != FAILURES_VERSION
        ):
            return [], 0, True
        dropped = _get(document, "dropped", int)
        records: list[dict[str, str]] = []
        damaged = False
        for item in _get(document, "failures", list):
            if (
                isinstance(item, dict)
                and isinstance(item.get("at"), str)
                and item.get("reason") in FAILURE_REASONS
                and _parse_utc(item["at"]) is not None
            ):
                records.append({"at": item["at"], "reason": item["reason"]})
            else:
                damaged = True
        return records, max(dropped, 0), damaged
    except (UnicodeDecodeError, ValueError, RecursionError, _Malformed):
        return [], 0, True


def _parse_utc(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def record_failed_unlock(folder: PathArg, reason: str) -> None:
    """Note a failed unlock in unlock-failures.json, to be audited after the next unlock.

    ``reason`` must be one of ``FAILURE_REASONS`` (a ``VaultError.code``). Only that file is
    written (0600, atomically); the database, its WAL and keys.json are never touched. Nothing
    is written outside an existing vault folder. A write failure is logged, not raised, so it
    cannot hide the failure being recorded.
    """
    if reason not in FAILURE_REASONS:
        # The value is not echoed: it might be a passphrase passed by mistake.
        raise ValueError("unknown failed-unlock reason code")
    paths = vault_paths(folder)
    if not paths.folder.is_dir() or not (paths.keys.exists() or paths.database.exists()):
        return
    records, dropped, damaged = _read_failures(paths.failures)
    if damaged:
        records.append({"at": _now_iso(), "reason": _LOG_DAMAGED})
    records.append({"at": datetime.now(UTC).isoformat(), "reason": reason})
    if len(records) > _MAX_FAILURE_RECORDS:
        dropped += len(records) - _MAX_FAILURE_RECORDS
        records = records[-_MAX_FAILURE_RECORDS:]
    document = {
        "format": FAILURES_FORMAT,
        "version": FAILURES_VERSION,
        "dropped": dropped,
        "failures": records,
    }
    try:
        atomic_write_bytes(paths.failures, (json.dumps(document) + "\n").encode("utf-8"), 0o600)
    except OSError as exc:
        log.warning("could not record a failed unlock (%s)", type(exc).__name__)


def take_failed_unlocks(folder: PathArg) -> list[tuple[datetime, str]]:
    """Return the recorded failed unlocks, oldest first, and clear them.

    A damaged log is reported as one ``failure_log_damaged`` entry, and records dropped for
    space as one ``failure_records_dropped`` entry, so the audit log still shows that
    something happened.
    """
    paths = vault_paths(folder)
    if not paths.failures.exists():
        return []
    records, dropped, damaged = _read_failures(paths.failures)
    result: list[tuple[datetime, str]] = []
    for record in records:
        moment = _parse_utc(record["at"])
        if moment is not None:
            result.append((moment.astimezone(UTC), record["reason"]))
    if dropped:
        first = result[0][0] if result else datetime.now(UTC)
        result.insert(0, (first, _RECORDS_DROPPED))
    if damaged:
        result.append((datetime.now(UTC), _LOG_DAMAGED))
    try:
        os.unlink(paths.failures)
        fsync_dir(paths.folder)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not clear the failed-unlock records (%s)", type(exc).__name__)
    return result
