"""Money as integer pence: parsing what a navigator types and writing amounts for people.

Never a float: "12.30" is read digit by digit, so no amount is ever rounded on the way in.
"""

from __future__ import annotations

import re

# Commas only between thousands: "12,50" (a decimal comma) must not become £1,250.00.
_AMOUNT = re.compile(r"^(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{1,2}))?$")
MAX_PENCE = 10_000_000 * 100  # £10 million: far above any allocation, well inside 64 bits
# More whole-pound digits than the maximum has is too large, however many: checked before int()
# reads them, which refuses a pasted number of over 4300 digits with an error of its own.
_MAX_POUND_DIGITS = len(str(MAX_PENCE // 100))


class MoneyFormatError(ValueError):
    """The text is not an amount of money (the message says what is expected)."""


def parse_pounds(text: str) -> int:
    """ "12", "12.5", "£12.50", "1,234.56" → pence. Raises MoneyFormatError otherwise."""
    cleaned = text.strip().replace("£", "").replace(" ", "")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise MoneyFormatError("Type an amount in pounds, such as 12.50.")
    pound_digits = match.group("pounds").replace(",", "").lstrip("0") or "0"
    if len(pound_digits) > _MAX_POUND_DIGITS:
        raise MoneyFormatError("That amount is too large.")
    pence_text = (match.group("pence") or "").ljust(2, "0")
    pence = int(pound_digits) * 100 + int(pence_text)
    if pence > MAX_PENCE:
        raise MoneyFormatError("That amount is too large.")
    return pence


def pounds_text(pence: int) -> str:
    """1234550 → "12345.50" (plain, for CSV); negative amounts keep their sign."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def format_pence(pence: int) -> str:
    """1234550 → "£12,345.50"; -250 → "-£2.50"."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"
