"""Strict reading of the vault folder's small JSON files (keys.json, unlock-failures.json).

Both files may have been damaged or tampered with, so every field is checked for presence and
type before it is used.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

__all__ = ["Malformed", "b64", "get_b64", "get_field", "now_iso"]


class Malformed(Exception):
    """Internal: a JSON file does not have the expected shape."""


def get_field(mapping: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise Malformed(key)
    value = mapping[key]
    # bool is an int in Python; never accept true/false where a number is expected.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise Malformed(key)
    return value


def get_b64(mapping: Any, key: str, length: int) -> bytes:
    try:
        value = base64.b64decode(get_field(mapping, key, str).encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError) as exc:
        raise Malformed(key) from exc
    if len(value) != length:
        raise Malformed(key)
    return value


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
