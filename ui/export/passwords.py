"""Passwords for encrypted exports: strong, and easy to read out over the phone."""

from __future__ import annotations

import secrets

__all__ = ["PASSWORD_ALPHABET", "generate_password"]

# Capitals and digits without the look-alikes 0/O, 1/I/L: 31 symbols, so five groups of four
# carry about 99 bits, read out as "K7QD, M4TR, ..." without spelling letters twice.
PASSWORD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_GROUPS = 5
_GROUP_SIZE = 4


def generate_password() -> str:
    """ "K7QD-M4TR-9XWP-HB3N-2CFE": random (``secrets``), 24 characters with the dashes."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(_GROUP_SIZE))
        for _ in range(_GROUPS)
    )
