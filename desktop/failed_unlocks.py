"""Failed unlock attempts, kept in unlock-failures.json until the next successful unlock.

They are kept outside the database, which is locked when they happen; after an unlock they are
taken out and written to the audit log. Only fixed reason codes are stored, never what was
typed.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from desktop.files import atomic_write_bytes, fsync_dir
from desktop.json_fields import Malformed, get_field, now_iso
from desktop.vault_errors import FAILURE_REASONS
from desktop.vault_layout import PathArg, vault_paths

__all__ = ["record_failed_unlock", "take_failed_unlocks"]

log = logging.getLogger(__name__)

FAILURES_FORMAT: Final = "waypost-unlock-failures"
FAILURES_VERSION: Final = 1

_MAX_FAILURES_BYTES: Final = 4 * 1024 * 1024
# Enough for hours of guessing at ~0.35 s a try; the oldest are dropped (and counted) beyond it.
_MAX_FAILURE_RECORDS: Final = 10_000

# Written by this module itself (both are in FAILURE_REASONS), so the audit log shows gaps in
# the failure log.
_LOG_DAMAGED: Final = "failure_log_damaged"
_RECORDS_DROPPED: Final = "failure_records_dropped"


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
            get_field(document, "format", str) != FAILURES_FORMAT
            or get_field(document, "version", int) != FAILURES_VERSION
        ):
            return [], 0, True
        dropped = get_field(document, "dropped", int)
        records: list[dict[str, str]] = []
        damaged = False
        for item in get_field(document, "failures", list):
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
    except (UnicodeDecodeError, ValueError, RecursionError, Malformed):
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
        records.append({"at": now_iso(), "reason": _LOG_DAMAGED})
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
