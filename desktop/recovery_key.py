"""The recovery key as people see it: 160 random bits as 8 groups of 4 characters.

The text is what goes on the printed recovery sheet, so it avoids look-alike characters and
reads back whatever a person is likely to type from paper.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from desktop.vault_errors import WrongRecoveryKey

__all__ = ["RECOVERY_GROUP", "RECOVERY_KEY_BYTES", "format_recovery_key", "parse_recovery_key"]

RECOVERY_KEY_BYTES: Final = 20  # 160 bits = 32 base32 characters = 8 groups of 4
RECOVERY_GROUP: Final = 4

# Crockford's base32 alphabet: no I, L, O or U, so nothing on a printed sheet is ambiguous.
_CROCKFORD: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_DECODE: Final[dict[str, int]] = {
    **{c: i for i, c in enumerate(_CROCKFORD)},
    "I": 1,
    "L": 1,
    "O": 0,
}
# Separators people type or that word processors substitute for a hyphen.
_RECOVERY_SEPARATORS: Final = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2212")


def format_recovery_key(raw: bytes) -> str:
    """Show a 160-bit recovery key as 8 groups of 4 Crockford base32 characters."""
    if len(raw) != RECOVERY_KEY_BYTES:
        raise ValueError(f"a recovery key is {RECOVERY_KEY_BYTES} bytes")
    number = int.from_bytes(raw, "big")
    length = RECOVERY_KEY_BYTES * 8 // 5
    chars = [_CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(length))]
    groups = ["".join(chars[i : i + RECOVERY_GROUP]) for i in range(0, length, RECOVERY_GROUP)]
    return "-".join(groups)


def parse_recovery_key(text: str) -> bytes:
    """Read a recovery key as typed: any case, with or without spaces and dashes.

    I and L are read as 1, and O as 0, as in Crockford's base32, because they are easy to
    mistype from paper. Raises ``WrongRecoveryKey`` (whose message never repeats the input).
    """
    if not isinstance(text, str):
        raise TypeError("recovery key must be text")
    # NFKC turns full-width and other look-alike digits and letters into plain ones.
    cleaned = [
        c
        for c in unicodedata.normalize("NFKC", text).upper()
        if not c.isspace() and c not in _RECOVERY_SEPARATORS
    ]
    length = RECOVERY_KEY_BYTES * 8 // 5
    groups = length // RECOVERY_GROUP
    if len(cleaned) != length:
        raise WrongRecoveryKey(
            f"A recovery key has {length} characters ({groups} groups of {RECOVERY_GROUP}); "
            f"{len(cleaned)} were entered. Check the recovery sheet and try again."
        )
    number = 0
    for c in cleaned:
        value = _CROCKFORD_DECODE.get(c)
        if value is None:
            raise WrongRecoveryKey(
                "A recovery key contains only the digits 0-9 and the letters A-Z except I, L, "
                "O and U. Check the recovery sheet and try again."
            )
        number = (number << 5) | value
    return number.to_bytes(RECOVERY_KEY_BYTES, "big")
