"""In-memory keyring backends for tests.

They subclass ``keyring.backend.KeyringBackend`` like a real backend, but are never *viable*:
keyring registers every subclass, and a viable test backend could be chosen by
``keyring.get_keyring()`` in place of the real one. Pass them explicitly instead.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring held in a dict: (service, username) -> password."""

    priority = 1
    viable = False  # never picked by keyring's own backend discovery

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.writes = 0

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writes += 1
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("No such password") from None


class MisstoringKeyring(MemoryKeyring):
    """A faulty keyring whose writes silently store something other than what was given."""

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password[::-1] + "corrupted")


class LockedKeyring(MemoryKeyring):
    """A keyring that exists but is locked: every operation raises ``KeyringLocked``.

    Set ``locked = False`` to unlock it (its entries are kept).
    """

    def __init__(self) -> None:
        super().__init__()
        self.locked = True

    def _check(self) -> None:
        if self.locked:
            raise KeyringLocked("Failed to unlock the collection!")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        super().delete_password(service, username)


class BrokenKeyring(MemoryKeyring):
    """A keyring whose every call fails with an unexpected error (as D-Bus failures do)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionError("the keyring daemon went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise ConnectionError("the keyring daemon went away")

    def delete_password(self, service: str, username: str) -> None:
        raise ConnectionError("the keyring daemon went away")
