"""Case references safe to print on documents: WP-2026-0042."""

from __future__ import annotations

import re

PREFIX = "WP"
# At most nine digits: far more cases than a year will have, and a pasted run of thousands of
# digits is refused here rather than by int() with an error of its own.
_PATTERN = re.compile(r"^WP-(\d{4})-(\d{4,9})$")


def format_reference(year: int, number: int) -> str:
    if number < 1:
        raise ValueError("reference numbers start at 1")
    return f"{PREFIX}-{year:04d}-{number:04d}"


def parse_reference(reference: str) -> tuple[int, int] | None:
    match = _PATTERN.match(reference.strip().upper())
    if not match:
        return None
    number = int(match.group(2))
    # "WP-2026-0000" names no case: numbers start at 1, as format_reference insists.
    return (int(match.group(1)), number) if number >= 1 else None
