"""Properties of what leaves the vault and what a navigator types to find things: the police
summary's consent rules (models/rules/police_export.py), case references
(models/rules/case_reference.py), search words and the FTS5 query built from them
(models/rules/search_terms.py, models/search_index.py), and the language, country and police
force lookups. Whatever is typed is refused with the rule's own answer (None, an unknown part,
ExportRefused with a message) and never crashes; the FTS5 query always parses."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from models.dto import ConsentDTO
from models.enums import ConsentRecipient, ConsentScope, ConsentState, ExportField
from models.rules import police_export as export
from models.rules.case_reference import format_reference, parse_reference
from models.rules.countries import COUNTRY_NAMES, country_code, country_name, parse_countries
from models.rules.languages import LANGUAGE_NAMES, language_name
from models.rules.police_forces import POLICE_FORCES, TERRITORIAL_FORCES_ENGLAND_AND_WALES
from models.rules.search_terms import MIN_TOKEN, fold, search_tokens
from models.search_index import CREATE_SQL, match_expression

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))

# -- Consent and the police summary ---------------------------------------------------------

consents = st.builds(
    ConsentDTO,
    recipient=st.sampled_from(ConsentRecipient),
    state=st.sampled_from(ConsentState),
    given_on=st.none() | days,
    withdrawn_on=st.none() | days,
    scope=st.frozensets(st.sampled_from(ConsentScope)),
)


@given(st.none() | consents, days)
def test_a_summary_may_carry_only_fields_the_consent_covers_today(
    consent: ConsentDTO | None, today: date
) -> None:
    allowed = export.allowed_fields(consent, today)
    if allowed:
        assert consent is not None and consent.state is ConsentState.GIVEN
        assert consent.given_on is not None and consent.given_on <= today
        assert not export.is_withdrawn(consent)
        assert all(export.FIELD_SCOPES[f] in consent.scope for f in allowed)
    # Nothing may go exactly when the refusal says why (and a case with no survivor never).
    assert (export.refusal_reason(consent, today) == "") == bool(allowed)
    assert export.refusal_reason(consent, today, has_survivor=False) != ""


@given(
    st.frozensets(st.sampled_from(ExportField)), st.none() | st.sets(st.sampled_from(ExportField))
)
def test_the_navigator_may_narrow_what_is_sent_but_never_widen_it(
    allowed: frozenset[ExportField], requested: set[ExportField] | None
) -> None:
    try:
        chosen = export.chosen_fields(allowed, requested)
    except export.ExportRefused as refused:
        assert refused.user_message.strip()
        wanted = allowed if requested is None else frozenset(requested)
        trends_alone = (
            ExportField.RECOVERY_TRENDS in wanted and ExportField.RECOVERY_SCORES not in wanted
        )
        assert not wanted or not wanted <= allowed or trends_alone
        return
    assert chosen and chosen <= allowed
    assert chosen == (allowed if requested is None else frozenset(requested))
    assert ExportField.RECOVERY_TRENDS not in chosen or ExportField.RECOVERY_SCORES in chosen


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=0, max_value=99_999))
def test_export_references_are_numbered_with_a_random_crockford_tail(
    year: int, number: int
) -> None:
    reference = export.export_reference(year, number)
    assert re.fullmatch(rf"EX-{year}-{number:04d}-[0-9A-HJKMNP-TV-Z]{{4}}", reference)


def test_no_export_field_is_an_address() -> None:
    assert set(export.FIELD_SCOPES) == set(ExportField)
    assert not [f for f in ExportField if "address" in f.value]


# -- Case references ------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=1, max_value=999_999_999))
def test_a_reference_reads_back_as_its_year_and_number(year: int, number: int) -> None:
    reference = format_reference(year, number)
    assert parse_reference(reference) == (year, number)
    assert parse_reference(f"  {reference.lower()} ") == (year, number)


@given(st.integers(min_value=0, max_value=9999), st.integers(max_value=0))
def test_a_reference_number_below_one_is_refused_with_a_message(year: int, number: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        format_reference(year, number)


@given(
    st.text(max_size=30)
    | st.from_regex(r"\A\s*[Ww][Pp]-\d{1,5}-\d{1,12}\s*\Z")
    | st.builds(lambda n: f"WP-2026-{n}", st.integers(min_value=0, max_value=10**12))
)
@example("WP-2026-0000")
@example("WP-2026-" + "9" * 5000)
@example("WP-٢٠٢٦-٠٠٤٢")
def test_anything_typed_as_a_reference_is_refused_or_names_a_printable_reference(
    typed: str,
) -> None:
    """The command line formats what it parsed to look the case up: whatever parses must be a
    reference that can be formatted, and formatting it must read back the same."""
    parsed = parse_reference(typed)
    if parsed is not None:
        canonical = format_reference(*parsed)
        assert parse_reference(canonical) == parsed


# Regression example for the bug the property above found: "WP-2026-0000" parsed as number 0,
# which format_reference then refused with ValueError, so `waypost print-plan WP-2026-0000`
# ended in "unexpected error (ValueError)" instead of "That is not a case reference".


def test_reference_number_zero_or_absurdly_long_is_not_a_reference() -> None:
    assert parse_reference("WP-2026-0000") is None
    assert parse_reference("WP-2026-" + "9" * 5000) is None
    assert parse_reference("WP-2026-0001") == (2026, 1)


# -- Search words and the FTS5 query --------------------------------------------------------


@pytest.fixture(scope="module")
def search_table() -> Iterator[sqlite3.Connection]:
    """The case search table exactly as the vault creates it, in memory."""
    connection = sqlite3.connect(":memory:")
    connection.execute(CREATE_SQL)
    yield connection
    connection.close()


FTS_SYNTAX = st.sampled_from(
    [
        '"',
        "'",
        "*",
        "^",
        "(",
        ")",
        "NEAR",
        "NEAR(",
        "AND",
        "OR",
        "NOT",
        ":",
        "-",
        "+",
        "{",
        "}",
        "\\",
        "\x00",
        " ",
    ]
)
typed = st.lists(st.text(max_size=8) | FTS_SYNTAX, max_size=10).map("".join)


@given(typed)
@example('"unbalanced')
@example("NEAR(a b, 3)")
@example("names: ^start*")
@example("((( OR )))")
@example("Nguyễn Łukasz ß ﬁ ½ ²")
def test_any_text_typed_into_search_gives_a_query_that_parses(
    search_table: sqlite3.Connection, text: str
) -> None:
    tokens = search_tokens(text)
    assert all(len(t) >= MIN_TOKEN and re.fullmatch(r"\w+", t) for t in tokens)
    assert not any(unicodedata.combining(ch) for t in tokens for ch in t)
    query = match_expression(text)
    assert (query is None) == (not tokens)
    if query is not None:
        # Raises sqlite3.OperationalError ("fts5: syntax error") if the query does not parse.
        search_table.execute(
            "SELECT rowid FROM case_search WHERE case_search MATCH ?", (query,)
        ).fetchall()


# Names in any script Unicode had by version 3.2 (so known to FTS5's unicode61 tables, which
# are Unicode 6.1), without "_". Left out on purpose, as known limits: a mark or symbol newer
# than Unicode 6.1 glued to the front of a word ("ഀ00") is part of the word to FTS5 but a
# separator to the search words, so that word is not found; a word of underscores alone ("__")
# is no word to FTS5 and finds nothing.
name_characters = st.characters(exclude_categories=("Cs", "Co"), exclude_characters="_").filter(
    lambda ch: unicodedata.ucd_3_2_0.category(ch) != "Cn"
)


@given(st.text(alphabet=name_characters, max_size=40))
@example("Đặng Thị Nguyễn")
@example("তানিয়া রহমান")
@example("a_b")
@example("Łukasz Øster")
def test_a_name_searched_as_written_finds_its_case(
    search_table: sqlite3.Connection, name: str
) -> None:
    query = match_expression(name)
    if query is None:
        return
    with search_table:
        search_table.execute("DELETE FROM case_search")
        search_table.execute(
            "INSERT INTO case_search (rowid, reference, names, notes) VALUES (1, '', ?, '')",
            (fold(name),),
        )
    found = search_table.execute(
        "SELECT rowid FROM case_search WHERE case_search MATCH ?", (query,)
    ).fetchall()
    assert found == [(1,)]


# -- Lookups --------------------------------------------------------------------------------


@given(st.text(max_size=12) | st.sampled_from(sorted(LANGUAGE_NAMES)))
def test_a_language_tag_is_named_or_shown_as_it_is(tag: str) -> None:
    assert language_name(tag) == LANGUAGE_NAMES.get(tag, tag)


countries = st.sampled_from(sorted(COUNTRY_NAMES.items()))


@given(st.text(max_size=30))
def test_any_text_is_a_known_country_code_or_none(text: str) -> None:
    code = country_code(text)
    assert code is None or code in COUNTRY_NAMES
    assert isinstance(country_name(text), str)


@given(countries, st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s} "]))
def test_a_country_is_found_by_its_code_or_its_name_however_written(
    country: tuple[str, str], written: object
) -> None:
    code, name = country
    assert country_name(code) == name
    assert country_code(written(code)) == code  # type: ignore[operator]
    assert country_code(written(name)) == code  # type: ignore[operator]


@given(st.lists(st.text(max_size=10) | countries.map(lambda c: c[1]), max_size=6))
def test_typed_countries_split_into_known_codes_and_unknown_parts(parts: list[str]) -> None:
    text = ",".join(parts)
    codes, unknown = parse_countries(text)
    assert len(set(codes)) == len(codes) and all(c in COUNTRY_NAMES for c in codes)
    assert all(u == u.strip() and u for u in unknown)
    pieces = [p for p in text.split(",") if p.strip()]
    assert len(unknown) == sum(country_code(p) is None for p in pieces)
    assert set(codes) == {country_code(p) for p in pieces} - {None}


def test_the_police_forces_offered_are_each_named_once_trimmed() -> None:
    # Pure data: nothing to type into it, so the check is on the list itself.
    assert len(set(POLICE_FORCES)) == len(POLICE_FORCES)
    assert all(f == f.strip() and f for f in POLICE_FORCES)
    assert len(TERRITORIAL_FORCES_ENGLAND_AND_WALES) == 43
    assert list(TERRITORIAL_FORCES_ENGLAND_AND_WALES) == sorted(
        TERRITORIAL_FORCES_ENGLAND_AND_WALES
    )


def test_two_letters_search_names_and_references_and_a_third_searches_notes_too(
    search_table: sqlite3.Connection,
) -> None:
    with search_table:
        search_table.execute("DELETE FROM case_search")
        search_table.executemany(
            "INSERT INTO case_search (rowid, reference, names, notes) VALUES (?, ?, ?, ?)",
            [
                (1, "wp-2026-0001", "thu trang", ""),
                (2, "wp-2026-0002", "amara", "the hearing moved; thursday"),
            ],
        )

    def found(typed: str) -> list[int]:
        query = match_expression(typed)
        assert query is not None
        rows = search_table.execute(
            "SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rowid", (query,)
        )
        return [row[0] for row in rows]

    assert found("Th") == [1]  # not case 2's notes: "the", "thursday"
    assert found("Thu") == [1, 2]
    assert found("am th") == []  # both words must match: "th" in case 2's notes only
    assert found("ama hea") == [2]
