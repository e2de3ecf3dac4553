"""Properties of money as integer pence (models/rules/money.py): whatever a navigator types or
pastes into an amount box is read as exact whole pence or refused with MoneyFormatError and a
message, never a crash and never a float; and every amount written out reads back the same."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from models.rules.money import (
    MAX_PENCE,
    MoneyFormatError,
    format_pence,
    parse_pounds,
    pounds_text,
)

# What an amount box sees: digits (ASCII and other scripts), separators, signs, exponents,
# currency signs and spaces, in any order.
AMOUNT_ALPHABET = "0123456789.,£$€ -+eE_\u00a0\u0660\u0661\u0662\u0663\u096a\uff11\U0001d7ce"
amount_like = st.text(alphabet=AMOUNT_ALPHABET, max_size=24)
pence_in_range = st.integers(min_value=0, max_value=MAX_PENCE)
any_pence = st.integers(min_value=-(10**15), max_value=10**15)


def read(text: str) -> int | None:
    """The pence ``parse_pounds`` reads, or None when it refuses with its own error."""
    try:
        pence = parse_pounds(text)
    except MoneyFormatError as error:
        assert str(error).strip(), "a refusal must say what is expected"
        return None
    assert type(pence) is int, f"parse_pounds returned {type(pence).__name__}, not int pence"
    return pence


@given(st.one_of(st.text(), amount_like))
@example("£-0.001")
@example("1e9")
@example("12,50")
@example("1,2,3")
@example(",123")
@example("1.")
@example(".5")
@example("NaN")
@example("∞")
@example("9" * 5000)
def test_any_text_is_read_as_whole_pence_in_range_or_refused(text: str) -> None:
    pence = read(text)
    if pence is not None:
        assert 0 <= pence <= MAX_PENCE
        # What was read is what pounds_text writes back, and that reads back the same.
        assert read(pounds_text(pence)) == pence
        assert read(format_pence(pence)) == pence


@given(st.integers(min_value=1, max_value=3000))
def test_a_number_with_any_count_of_thousands_groups_is_read_or_refused(groups: int) -> None:
    # A pasted figure like "1,000,000,…,000": far beyond the largest amount, so refused with
    # the money error (not Python's own error about converting very long numbers).
    text = "1" + ",000" * groups
    pence = read(text)
    if groups <= 2:
        assert pence == 10 ** (3 * groups) * 100
    else:
        assert pence is None


@given(pence_in_range)
def test_every_amount_written_out_reads_back_exactly(pence: int) -> None:
    assert parse_pounds(pounds_text(pence)) == pence
    assert parse_pounds(format_pence(pence)) == pence
    assert parse_pounds(" " + format_pence(pence).replace(",", "") + " ") == pence


@given(
    st.integers(min_value=0, max_value=MAX_PENCE // 100),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(
        ["{p}.{c:02d}", "£{p}.{c:02d}", "£{p:,}.{c:02d}", "{p:,}.{c:02d}", "£ {p}.{c:02d}"]
    ),
)
def test_pounds_and_pence_are_read_digit_by_digit(pounds: int, pence: int, form: str) -> None:
    value = pounds * 100 + pence
    typed = form.format(p=pounds, c=pence)
    assert read(typed) == (value if value <= MAX_PENCE else None)


@given(st.integers(min_value=0, max_value=10**7 - 1), st.integers(min_value=0, max_value=9))
def test_one_decimal_place_is_tenths_of_a_pound(pounds: int, tenths: int) -> None:
    assert read(f"{pounds}.{tenths}") == pounds * 100 + tenths * 10


@given(st.integers(min_value=MAX_PENCE + 1, max_value=10**14))
def test_more_than_the_maximum_is_refused_as_too_large(pence: int) -> None:
    with pytest.raises(MoneyFormatError, match="too large"):
        parse_pounds(pounds_text(pence))


@given(pence_in_range.filter(lambda p: p > 0), st.sampled_from(["-", "\u2212", "(", "+"]))
def test_a_signed_or_negative_amount_is_refused(pence: int, sign: str) -> None:
    assert read(sign + pounds_text(pence)) is None


@given(pence_in_range, st.integers(min_value=3, max_value=6))
def test_more_than_two_decimal_places_is_refused_not_rounded(pence: int, places: int) -> None:
    assert read(pounds_text(pence) + "1".rjust(places - 2, "0")) is None


# Every script's decimal digits, as Python's ``\d`` and ``int()`` both read them: any decimal
# digit gives its script's zero, and the script's other digits follow it.
script_zeros = st.characters(categories=["Nd"]).map(lambda ch: chr(ord(ch) - unicodedata.digit(ch)))


@given(script_zeros, pence_in_range)
def test_digits_of_any_script_mean_the_same_amount(zero: str, pence: int) -> None:
    ascii_text = pounds_text(pence)
    other_script = "".join(chr(ord(zero) + int(ch)) if ch.isdigit() else ch for ch in ascii_text)
    assert read(other_script) == pence


@given(pence_in_range, st.integers(min_value=0, max_value=6000))
def test_leading_zeros_change_nothing_however_many(pence: int, zeros: int) -> None:
    assert read("0" * zeros + pounds_text(pence)) == pence


# Regression examples for the bug the properties above found: a pasted number longer than
# Python's int() will read (4300 digits) crashed with ValueError("Exceeds the limit …"), which
# the amount boxes do not catch, instead of being refused as too large.


def test_a_pasted_number_of_thousands_of_digits_is_refused_as_too_large() -> None:
    with pytest.raises(MoneyFormatError, match="That amount is too large"):
        parse_pounds("1" + ",000" * 1434)
    with pytest.raises(MoneyFormatError, match="That amount is too large"):
        parse_pounds("9" * 5000)


def test_ten_or_more_whole_pound_digits_is_too_large_not_a_format_error() -> None:
    with pytest.raises(MoneyFormatError, match="That amount is too large"):
        parse_pounds("1000000000")


def test_thousands_of_leading_zeros_are_still_the_amount() -> None:
    assert parse_pounds("0" * 5000 + "12.50") == 1250


@given(any_pence)
def test_written_amounts_keep_sign_and_value_without_a_float(pence: int) -> None:
    plain, shown = pounds_text(pence), format_pence(pence)
    assert re.fullmatch(r"-?\d+\.\d\d", plain)
    assert re.fullmatch(r"-?£\d{1,3}(,\d{3})*\.\d\d", shown)
    assert int(plain.replace(".", "")) == pence
    assert int(shown.replace("£", "").replace(",", "").replace(".", "")) == pence
    assert plain.startswith("-") == shown.startswith("-") == (pence < 0)
