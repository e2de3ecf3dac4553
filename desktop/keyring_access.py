"""The device secret S in the operating system's keyring (service "Waypost").

Only a real system keyring may hold S: file-based backends are refused, and a chainer is
narrowed to its best acceptable backend. Every write is read back and compared before
keys.json may refer to it, and whatever a backend raises becomes one of the vault's errors.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import logging
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from desktop.key_wrapping import KEY_BYTES
from desktop.vault_errors import (
    DeviceSecretMissing,
    KeyringLocked,
    KeyringUnavailable,
    KeyringWriteFailed,
    VaultError,
)

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# The keyring package is imported on first use, not at start-up: it pulls in urllib and
# http.client (~0.15 s), and the unlock window must paint before that matters.

__all__ = [
    "KEYRING_SERVICE",
    "forget_device_secret",
    "keyring_errors",
    "load_device_secret",
    "resolve_keyring",
    "secret_check",
    "store_device_secret",
]

log = logging.getLogger(__name__)

KEYRING_SERVICE: Final = "Waypost"


def _rejection(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold a device secret, as a user message, or None if usable."""
    from keyring.backends import fail, null

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
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import chainer

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
def keyring_errors(*, hide_cause: bool = False) -> Iterator[None]:
    """Translate whatever a keyring backend raises into the vault's own errors.

    Backends raise more than ``KeyringError`` (D-Bus and OS errors leak through), and any of
    them means the same to the user: the keyring could not be used. ``hide_cause`` drops the
    cause from tracebacks for calls whose arguments include a secret.
    """
    import keyring.errors

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


def secret_check(vault_id: str, secret: bytes) -> str:
    """A public fingerprint of S, so a *different* S is told apart from a wrong passphrase.

    S is 256 uniformly random bits, so a hash of it gives nothing away. (There is no check
    value for the passphrase: one would let a stolen keys.json be attacked without S.)
    """
    digest = hashlib.sha256(
        b"waypost device secret check v1\0" + vault_id.encode("ascii") + b"\0" + secret
    ).hexdigest()
    return digest[:32]


def store_device_secret(backend: KeyringBackend, username: str, secret: bytes) -> None:
    """Write S to the keyring, read it back, and raise unless it came back identical."""
    text = _encode_secret(secret)
    with keyring_errors(hide_cause=True):
        backend.set_password(KEYRING_SERVICE, username, text)
    try:
        with keyring_errors():
            stored = backend.get_password(KEYRING_SERVICE, username)
    except VaultError:
        forget_device_secret(backend, username)
        raise
    if stored != text:
        forget_device_secret(backend, username)
        raise KeyringWriteFailed()


def forget_device_secret(backend: KeyringBackend, username: str) -> None:
    """Best-effort removal of a device secret this module just wrote and will not use."""
    try:
        backend.delete_password(KEYRING_SERVICE, username)
    except Exception as exc:
        # Harmless: an unreferenced random value. Logged without the value or the vault.
        log.warning("could not remove an unused keyring entry (%s)", type(exc).__name__)


def load_device_secret(backend: KeyringBackend, vault_id: str, username: str, check: str) -> bytes:
    """Read S from the keyring entry ``username``; ``check`` is keys.json's fingerprint of S."""
    with keyring_errors():
        text: object = backend.get_password(KEYRING_SERVICE, username)
    if text is None:
        raise DeviceSecretMissing()
    try:
        secret = base64.b64decode(str(text).encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        secret = b""
    if len(secret) != KEY_BYTES or not secrets.compare_digest(
        secret_check(vault_id, secret), check
    ):
        raise DeviceSecretMissing(
            "The device secret in this computer's keyring does not belong to this vault (for "
            "example, the keyring was restored from another computer). Open the vault with its "
            "recovery key; you will then choose a passphrase for this computer."
        )
    return secret
