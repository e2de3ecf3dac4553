"""Case references safe to print on documents: WP-2026-0042."""

from __future__ import annotations

import re

PREFIX = "WP"
_PATTERN = re.compile(r"^WP-(\d{4})-(\d{4,})$")


def format_reference(year: int, number: int) -> str:
    if number < 1:
        raise ValueError("reference numbers start at 1")
    return f"{PREFIX}-{year:04d}-{number:04d}"


def parse_reference(reference: str) -> tuple[int, int] | None:
    match = _PATTERN.match(reference.strip().upper())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))
