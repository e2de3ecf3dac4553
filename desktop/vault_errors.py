"""The vault's failures: one exception per thing that can go wrong, each with a safe message.

A ``user_message`` never contains a passphrase, a recovery key, key material or a file path
(paths can contain the worker's name), so it is safe to show and to log.
"""

from __future__ import annotations

from typing import ClassVar, Final

__all__ = [
    "FAILURE_REASONS",
    "DeviceSecretMissing",
    "EnvelopeDamaged",
    "KeyringLocked",
    "KeyringUnavailable",
    "KeyringWriteFailed",
    "NoRecoveryKey",
    "VaultAlreadyExists",
    "VaultError",
    "VaultNotFound",
    "VaultUnreadable",
    "VaultWriteFailed",
    "WrongPassphrase",
    "WrongRecoveryKey",
]


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
        # Written by desktop/failed_unlocks.py itself, so the audit log shows gaps in the
        # failure log.
        "failure_log_damaged",
        "failure_records_dropped",
    }
)
