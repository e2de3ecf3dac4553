"""A seal over the database file as it was left at lock, so an unlock can skip the full check.

Why: the full check at unlock (SQLCipher's HMAC over every page, then SQLite's structural check)
decrypts the whole file. That is what proves a flipped byte anywhere (even in a free page) is
reported at unlock, but it costs about 2 s per 10,000 cases, far over the unlock budget.

At lock, once the write-ahead log is folded into the database, Waypost records
HMAC-SHA256(seal key, file size || SHA-256 of the file) beside it (``waypost.db.seal``, 0600),
the seal key being derived from the database key. At the next unlock, if the write-ahead log is
empty and the file's digest still matches the seal, not one byte changed since a session that
had itself been checked, so the full check is skipped. Hashing runs at disk speed with no
decryption: about 0.1 s per 100 MB here.

Anything else (no seal, a damaged seal, a file changed by a crash, a restore, a key rotation,
or tampering) fails to match and the full check runs as before. The seal cannot be forged
without the database key, and it holds nothing but a MAC.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from pathlib import Path

from desktop.files import atomic_write_bytes

__all__ = [
    "SEAL_SUFFIX",
    "DigestInAdvance",
    "remove_seal",
    "seal_matches",
    "seal_path",
    "write_seal",
]

log = logging.getLogger(__name__)

SEAL_SUFFIX = ".seal"
_FORMAT = 1
_SEAL_KEY_LABEL = b"waypost database seal v1"
_CHUNK = 1 << 20


def seal_path(database: Path) -> Path:
    return database.with_name(database.name + SEAL_SUFFIX)


def _wal_is_empty(database: Path) -> bool:
    wal = database.with_name(database.name + "-wal")
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True


Identity = tuple[int, int, int]  # size, modification time (ns), inode


def _identity(database: Path) -> Identity:
    found = database.stat()
    return found.st_size, found.st_mtime_ns, found.st_ino


def _digest(database: Path, stop: threading.Event | None = None) -> tuple[Identity, bytes] | None:
    """The file's identity and SHA-256, or None if it changed while being read (or stopped)."""
    before = _identity(database)
    digest = hashlib.sha256()
    with database.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if stop is not None and stop.is_set():
                return None
            digest.update(chunk)
    if _identity(database) != before:
        return None
    return before, digest.digest()


class DigestInAdvance:
    """The file's digest, read on a thread while the passphrase is being stretched (hashing
    and Argon2 both release the GIL), so an unlock waits for whichever is slower, not both."""

    def __init__(self, database: Path) -> None:
        self._database = database
        self._stop = threading.Event()
        self._found: tuple[Identity, bytes] | None = None
        self._thread = threading.Thread(target=self._run, name="seal-digest", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._found = _digest(self._database, self._stop)
        except OSError:
            self._found = None

    def result(self) -> tuple[Identity, bytes] | None:
        """The digest, if the file is still the one that was read; else None."""
        self._thread.join()
        if self._found is None:
            return None
        try:
            return self._found if _identity(self._database) == self._found[0] else None
        except OSError:
            return None

    def cancel(self) -> None:
        """Not needed after all (the unlock failed, or there was no seal): stop reading."""
        self._stop.set()


def _mac(key: bytes, size: int, digest: bytes) -> str:
    seal_key = hmac.digest(key, _SEAL_KEY_LABEL, "sha256")
    return hmac.new(seal_key, size.to_bytes(8, "big") + digest, "sha256").hexdigest()


def _file_mac(database: Path, key: bytes, advance: DigestInAdvance | None = None) -> str | None:
    found = advance.result() if advance is not None else None
    if found is None:
        found = _digest(database)
    if found is None:
        return None
    (size, _mtime, _inode), digest = found
    return _mac(key, size, digest)


def seal_matches(database: Path, key: bytes, advance: DigestInAdvance | None = None) -> bool:
    """True only when the database is byte for byte the file sealed at the last lock."""
    try:
        recorded = json.loads(seal_path(database).read_bytes())
        if not isinstance(recorded, dict) or recorded.get("format") != _FORMAT:
            return False
        expected = recorded.get("mac")
        if not isinstance(expected, str) or not _wal_is_empty(database):
            return False
        actual = _file_mac(database, key, advance)
        return actual is not None and hmac.compare_digest(expected, actual)
    except (OSError, ValueError):
        return False  # no seal, unreadable, or not JSON: check the whole database instead


def write_seal(database: Path, key: bytes) -> bool:
    """Seal the closed database. Returns False (and leaves no seal) when it cannot: the next
    unlock then runs the full check, which is slower but never wrong."""
    try:
        if not _wal_is_empty(database):
            remove_seal(database)
            return False
        mac = _file_mac(database, key)
        if mac is None:  # changed while being read: nothing to vouch for
            remove_seal(database)
            return False
        payload = {"format": _FORMAT, "mac": mac}
        atomic_write_bytes(seal_path(database), json.dumps(payload).encode("ascii"))
        return True
    except OSError as error:
        log.warning("could not seal the database at lock (%s)", type(error).__name__)
        remove_seal(database)
        return False


def remove_seal(database: Path) -> None:
    try:
        seal_path(database).unlink(missing_ok=True)
    except OSError as error:
        # A stale seal cannot match a changed file, so leaving it is safe, only untidy.
        log.warning("could not remove the database seal (%s)", type(error).__name__)
