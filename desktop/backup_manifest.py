"""A backup set's manifest.json: what the backup is, checked strictly when read.

A backup set is a folder ``waypost-backup-<UTC stamp>`` holding ``waypost.db`` (an encrypted
copy), ``keys.json`` (the key envelope at that moment) and ``manifest.json``. The manifest
holds no personal data and no paths: the vault's ID, when and why the backup was taken, the
database's size and SHA-256, keys.json's SHA-256, the audit row that marks the last change,
the schema revision, and a one-way check value of the database key (so a backup taken under
an older key is told apart from a damaged one).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from desktop.backup_errors import BackupDamaged
from desktop.json_fields import Malformed, get_field
from desktop.key_wrapping import hkdf

__all__ = [
    "DATABASE_NAME",
    "KEYS_NAME",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "MANIFEST_VERSION",
    "REASONS",
    "SET_PREFIX",
    "Manifest",
    "database_key_check",
    "manifest_json",
    "parse_manifest",
    "set_name",
]

MANIFEST_FORMAT: Final = "waypost-backup"
MANIFEST_VERSION: Final = 1
SET_PREFIX: Final = "waypost-backup-"
STAMP_FORMAT: Final = "%Y%m%dT%H%M%S%fZ"
DATABASE_NAME: Final = "waypost.db"
KEYS_NAME: Final = "keys.json"
MANIFEST_NAME: Final = "manifest.json"
MAX_MANIFEST_BYTES: Final = 64 * 1024
REASONS: Final = frozenset({"unlock", "manual", "migration", "key_rotation", "before_restore"})

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_KEY_CHECK_PURPOSE: Final = "backup_key_check"
_DAMAGED: Final = (
    "This backup's description (manifest.json) is missing or damaged, so the backup cannot "
    "be trusted. Nothing was changed. Choose another backup."
)


@dataclass(frozen=True)
class Manifest:
    vault_id: str
    taken_at: datetime  # aware, UTC
    reason: str
    database_bytes: int
    database_sha256: str
    keys_sha256: str  # keys.json's bytes: a key file that still parses is not enough
    last_change_id: int
    last_change_hash: str  # "" when the vault has no change yet
    schema_revision: str | None
    key_check: str


def set_name(taken_at: datetime) -> str:
    return SET_PREFIX + taken_at.astimezone(UTC).strftime(STAMP_FORMAT)


def database_key_check(database_key: bytes, vault_id: str) -> str:
    """A one-way value that tells whether two database keys are the same (HKDF, 128 bits)."""
    return hkdf(database_key, vault_id, _KEY_CHECK_PURPOSE)[:16].hex()


def manifest_json(manifest: Manifest) -> bytes:
    document: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "vault_id": manifest.vault_id,
        "taken_at": manifest.taken_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "reason": manifest.reason,
        "database_bytes": manifest.database_bytes,
        "database_sha256": manifest.database_sha256,
        "keys_sha256": manifest.keys_sha256,
        "last_change_id": manifest.last_change_id,
        "last_change_hash": manifest.last_change_hash,
        "schema_revision": manifest.schema_revision,
        "database_key_check": manifest.key_check,
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def _matching(value: str, pattern: re.Pattern[str], name: str) -> str:
    if not pattern.fullmatch(value):
        raise Malformed(name)
    return value


def _parse(document: Any) -> Manifest:
    if get_field(document, "format", str) != MANIFEST_FORMAT:
        raise Malformed("format")
    version = get_field(document, "version", int)
    if version > MANIFEST_VERSION:
        raise BackupDamaged(
            "This backup was written by a newer version of Waypost. Update Waypost to restore "
            "it. Nothing was changed."
        )
    if version != MANIFEST_VERSION:
        raise Malformed("version")
    vault_id = get_field(document, "vault_id", str)
    if str(uuid.UUID(vault_id)) != vault_id:
        raise Malformed("vault_id")
    taken_at = datetime.fromisoformat(get_field(document, "taken_at", str))
    if taken_at.tzinfo is None:
        raise Malformed("taken_at")
    reason = get_field(document, "reason", str)
    if reason not in REASONS:
        raise Malformed("reason")
    size = get_field(document, "database_bytes", int)
    change_id = get_field(document, "last_change_id", int)
    if size < 0 or change_id < 0:
        raise Malformed("numbers")
    change_hash = get_field(document, "last_change_hash", str)
    if change_hash:
        _matching(change_hash, _HEX64, "last_change_hash")
    if "schema_revision" not in document:
        raise Malformed("schema_revision")
    revision = document["schema_revision"]
    if revision is not None and (not isinstance(revision, str) or not revision):
        raise Malformed("schema_revision")
    return Manifest(
        vault_id=vault_id,
        taken_at=taken_at.astimezone(UTC),
        reason=reason,
        database_bytes=size,
        database_sha256=_matching(get_field(document, "database_sha256", str), _HEX64, "sha"),
        keys_sha256=_matching(get_field(document, "keys_sha256", str), _HEX64, "keys_sha"),
        last_change_id=change_id,
        last_change_hash=change_hash,
        schema_revision=revision,
        key_check=_matching(get_field(document, "database_key_check", str), _HEX32, "key"),
    )


def parse_manifest(data: bytes) -> Manifest:
    """Parse manifest.json strictly; raise ``BackupDamaged`` (a safe message) if it is not."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise BackupDamaged(_DAMAGED)
    try:
        return _parse(json.loads(data.decode("utf-8")))
    except (Malformed, UnicodeDecodeError, ValueError, TypeError, RecursionError, OverflowError):
        raise BackupDamaged(_DAMAGED) from None
