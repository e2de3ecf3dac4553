"""The translation catalogs of the printed support plan, and the strict .po reader."""

from __future__ import annotations

import string
import unicodedata
from importlib.resources import files
from pathlib import Path

import pytest

from models.enums import ActionStatus, RecoveryDomain
from models.reports import plan_headings as H
from models.reports.catalog import (
    SOURCE_LANGUAGE,
    CatalogError,
    Heading,
    available_languages,
    catalog,
    load_po_file,
    parse_po_text,
)

REQUIRED_LANGUAGES = {"en", "sq", "ar", "fa", "ti", "vi", "ro", "pl", "ckb"}
RTL_LANGUAGES = {"ar", "fa", "ckb"}
SHIPPED = sorted(info.code for info in available_languages())
TRANSLATED = [code for code in SHIPPED if code != SOURCE_LANGUAGE]


def _header(**overrides: str) -> str:
    fields = {
        "Language": "sq",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Waypost-Language-Name": "Albanian",
        "X-Waypost-Native-Name": "Shqip",
        "X-Waypost-Direction": "ltr",
        "X-Waypost-Reviewed": "no",
        "X-Waypost-Reviewer": "",
        "X-Waypost-Review-Date": "",
    }
    fields.update({k.replace("_", "-"): v for k, v in overrides.items()})
    lines = "".join(f'"{name}: {value}\\n"\n' for name, value in fields.items())
    return f'msgid ""\nmsgstr ""\n{lines}\n'


def _po(body: str, **header: str) -> str:
    return _header(**header) + body


def _placeholders(text: str) -> set[str]:
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}


# --- The shipped catalogs -------------------------------------------------------------------


def test_the_required_languages_are_shipped() -> None:
    assert set(SHIPPED) >= REQUIRED_LANGUAGES


def test_english_is_listed_first() -> None:
    assert available_languages()[0].code == "en"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalog_parses_with_full_metadata(code: str) -> None:
    info = catalog(code).info
    assert info.code == code
    assert info.name_in_english and info.native_name
    assert info.direction in ("ltr", "rtl")


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalog_is_found_through_the_resources_package(code: str) -> None:
    node = files("resources") / "translations" / f"{code}.po"
    assert node.is_file()
    assert load_po_file(Path(str(node))).info == catalog(code).info


@pytest.mark.parametrize("code", SHIPPED)
def test_every_heading_has_a_non_empty_msgstr_in_every_catalog(code: str) -> None:
    cat = catalog(code)
    missing = [
        msgid
        for msgid in H.ALL_HEADINGS
        if (entry := cat.entry(msgid)) is None or not entry.msgstr.strip()
    ]
    assert missing == []


@pytest.mark.parametrize("code", SHIPPED)
def test_no_catalog_has_entries_the_plan_does_not_use(code: str) -> None:
    assert catalog(code).msgids() == set(H.ALL_HEADINGS)


@pytest.mark.parametrize("code", SHIPPED)
def test_placeholders_survive_translation(code: str) -> None:
    cat = catalog(code)
    for msgid in H.ALL_HEADINGS:
        entry = cat.entry(msgid)
        assert entry is not None
        assert _placeholders(entry.msgstr) == _placeholders(msgid), msgid
    page = cat.heading(H.PAGE_X_OF_Y).format(page=2, pages=5)
    assert "2" in page.text and "5" in page.text and "{" not in page.text


@pytest.mark.parametrize("code", SHIPPED)
def test_fixed_numbers_survive_translation(code: str) -> None:
    cat = catalog(code)
    for msgid in (H.IN_DANGER_CALL_999, H.POLICE_AMBULANCE_FIRE):
        assert "999" in cat.heading(msgid).text


@pytest.mark.parametrize("code", SHIPPED)
def test_catalog_text_is_nfc_with_no_stray_whitespace(code: str) -> None:
    cat = catalog(code)
    for msgid in H.ALL_HEADINGS:
        text = cat.heading(msgid).text
        assert unicodedata.is_normalized("NFC", text), msgid
        assert text == text.strip() and "  " not in text and "\n" not in text, msgid


@pytest.mark.parametrize("code", ["fa", "ckb"])
def test_persian_script_catalogs_use_persian_yeh_and_keheh(code: str) -> None:
    # Arabic yeh (U+064A) and kaf (U+0643) look wrong in Farsi and Sorani.
    cat = catalog(code)
    for msgid in H.ALL_HEADINGS:
        text = cat.heading(msgid).text
        assert "\u064a" not in text and "\u0643" not in text, msgid


def test_arabic_uses_arabic_yeh_and_kaf() -> None:
    cat = catalog("ar")
    for msgid in H.ALL_HEADINGS:
        text = cat.heading(msgid).text
        assert "\u06cc" not in text and "\u06a9" not in text, msgid


def test_source_catalog_repeats_each_msgid() -> None:
    cat = catalog("en")
    for msgid in H.ALL_HEADINGS:
        assert cat.heading(msgid) == Heading(msgid, None)


def test_every_constant_in_plan_headings_is_listed() -> None:
    constants = {
        value
        for name, value in vars(H).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, str)
    }
    assert constants == set(H.ALL_HEADINGS)
    assert len(H.ALL_HEADINGS) == len(set(H.ALL_HEADINGS))
    assert set(H.DOMAIN_HEADINGS) | set(H.ACTION_STATUSES) <= set(H.ALL_HEADINGS)
    assert len(H.DOMAIN_HEADINGS) == 6 and len(H.ACTION_STATUSES) == 4


def test_every_domain_and_action_status_has_a_heading_in_enum_order() -> None:
    assert tuple(H.DOMAIN_HEADING[d] for d in RecoveryDomain) == H.DOMAIN_HEADINGS
    assert tuple(H.ACTION_STATUS_HEADING[s] for s in ActionStatus) == H.ACTION_STATUSES


# --- Review state and the English beside ----------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_shipped_translations_are_honestly_unreviewed(code: str) -> None:
    # No fluent reader has checked these yet. Flip this test only with a named reviewer.
    info = catalog(code).info
    assert info.reviewed is False
    assert info.reviewer == "" and info.review_date == ""


@pytest.mark.parametrize("code", TRANSLATED)
def test_unreviewed_catalog_prints_english_beside(code: str) -> None:
    heading = catalog(code).heading(H.MY_GOALS)
    assert heading.english == "My goals"
    assert heading.text != "My goals"


def test_english_beside_is_formatted_too() -> None:
    heading = catalog("pl").heading(H.PAGE_X_OF_Y).format(page=1, pages=3)
    assert heading == Heading("Strona 1 z 3", "Page 1 of 3")


def test_english_beside_is_dropped_when_the_translation_is_the_english() -> None:
    cat = parse_po_text(_po('msgid "Email"\nmsgstr "Email"\n'))
    assert cat.heading("Email") == Heading("Email", None)


def test_reviewed_catalog_prints_no_english(tmp_path: Path) -> None:
    path = tmp_path / "sq.po"
    path.write_text(
        _po(
            'msgid "My goals"\nmsgstr "Qëllimet e mia"\n',
            X_Waypost_Reviewed="yes",
            X_Waypost_Reviewer="A. Reader, Example Refugee Project",
            X_Waypost_Review_Date="2026-12-01",
        ),
        encoding="utf-8",
    )
    cat = load_po_file(path)
    assert cat.reviewed and cat.info.reviewer == "A. Reader, Example Refugee Project"
    assert cat.heading("My goals") == Heading("Qëllimet e mia", None)


def test_reviewed_catalog_must_name_its_reviewer() -> None:
    with pytest.raises(CatalogError, match="reviewer"):
        parse_po_text(_po("", X_Waypost_Reviewed="yes"))


def test_review_flag_must_be_yes_or_no() -> None:
    with pytest.raises(CatalogError, match="yes or no"):
        parse_po_text(_po("", X_Waypost_Reviewed="mostly"))


def test_fuzzy_entry_falls_back_to_english_alone() -> None:
    cat = parse_po_text(
        _po(
            '#, fuzzy\nmsgid "My goals"\nmsgstr "Qëllimet e mia"\n\n'
            '#, python-brace-format, fuzzy\nmsgid "Goal {number}"\nmsgstr "Qëllimi {number}"\n'
        )
    )
    assert cat.heading("My goals") == Heading("My goals", None)
    assert cat.heading("Goal {number}").format(number=2) == Heading("Goal 2", None)
    entry = cat.entry("My goals")
    assert entry is not None and entry.fuzzy


def test_missing_and_empty_entries_fall_back_to_english_alone() -> None:
    cat = parse_po_text(_po('msgid "My goals"\nmsgstr ""\n'))
    assert cat.heading("My goals") == Heading("My goals", None)
    assert cat.heading("Not in the file") == Heading("Not in the file", None)
    assert not cat.has_translation("My goals")


def test_a_translation_that_loses_a_placeholder_falls_back_to_english() -> None:
    cat = parse_po_text(_po('msgid "Page {page} of {pages}"\nmsgstr "Faqja {page}"\n'))
    assert cat.heading("Page {page} of {pages}") == Heading("Page {page} of {pages}", None)


# --- Direction and language look-up ---------------------------------------------------------


@pytest.mark.parametrize("code", SHIPPED)
def test_direction(code: str) -> None:
    expected = "rtl" if code in RTL_LANGUAGES else "ltr"
    assert catalog(code).direction == expected


@pytest.mark.parametrize("lang", ["xx", "de", "", "../en", "en/../../x", "ku", "ar;drop"])
def test_unknown_language_gives_english(lang: str) -> None:
    cat = catalog(lang)
    assert cat.code == "en"
    assert cat.heading(H.MY_GOALS) == Heading("My goals", None)


@pytest.mark.parametrize(("lang", "code"), [("AR", "ar"), ("fa-IR", "fa"), ("ckb_IQ", "ckb")])
def test_language_codes_are_normalised(lang: str, code: str) -> None:
    assert catalog(lang).code == code


def test_catalogs_are_cached() -> None:
    assert catalog("ar") is catalog("ar")
    assert catalog("fa-IR") is catalog("fa")


# --- The parser -----------------------------------------------------------------------------


def test_parser_joins_multi_line_strings_and_decodes_escapes() -> None:
    cat = parse_po_text(
        _po(
            "# A translator comment\n"
            "#. An extracted comment\n"
            "#: plan.py:12\n"
            'msgid ""\n'
            '"Line one\\n"\n'
            '"Say \\"hello\\"\\tand a \\\\ backslash"\n'
            'msgstr ""\n'
            '"Rreshti një\\n"\n'
            '"Thuaj \\"tungjatjeta\\"\\tdhe një \\\\ vijë"\n'
        )
    )
    msgid = 'Line one\nSay "hello"\tand a \\ backslash'
    assert cat.heading(msgid).text == 'Rreshti një\nThuaj "tungjatjeta"\tdhe një \\ vijë'


def test_parser_keys_entries_by_context() -> None:
    cat = parse_po_text(
        _po(
            'msgctxt "column"\nmsgid "Status"\nmsgstr "Gjendja"\n\n'
            'msgid "Status"\nmsgstr "Statusi"\n'
        )
    )
    assert cat.heading("Status", context="column").text == "Gjendja"
    assert cat.heading("Status").text == "Statusi"


def test_parser_ignores_obsolete_entries_and_a_bom() -> None:
    cat = parse_po_text(
        "\ufeff" + _po('#~ msgid "Old"\n#~ msgstr "E vjetër"\n\nmsgid "New"\nmsgstr "E re"\n')
    )
    assert cat.msgids() == {"New"}


def test_parser_reads_header_metadata() -> None:
    cat = parse_po_text(
        _po(
            "",
            Language="ar",
            X_Waypost_Direction="rtl",
            X_Waypost_Language_Name="Arabic",
            X_Waypost_Native_Name="العربية",
        )
    )
    assert (cat.code, cat.direction, cat.info.native_name) == ("ar", "rtl", "العربية")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('msgid "A"\nmsgstr "B\n', "double quotes"),
        ('msgid "A"\nmsgstr "B\\x41"\n', "unsupported escape"),
        ('msgid "A"\nmsgstr "B"C"\n', "unescaped double quote"),
        ('msgid "A"\nmsgstr "B\\"\n', "lone backslash"),
        ('msgid "A"\n', "no msgstr"),
        ('msgstr "B"\n', "no msgid"),
        ('msgid "A"\nmsgid "A2"\nmsgstr "B"\n', "second msgid"),
        ('msgid "A"\nmsgstr "B"\nmsgctxt "x"\n', "no msgid"),
        ('msgid "A"\nmsgstr "B"\n\nmsgid "A"\nmsgstr "C"\n', "duplicate"),
        ('msgid "A"\nmsgid_plural "As"\nmsgstr[0] "B"\n', "plural"),
        ('msgid "A"\nmsgstr "B"\nbogus "C"\n', "unexpected text"),
        ('"orphan"\n', "no msgid, msgstr or msgctxt"),
        ('msgid "A"\n# a comment\nmsgstr "B"\n', "comment inside an entry"),
        ('msgid "A"\nmsgstr"B"\n', "space between"),
    ],
)
def test_parser_refuses_malformed_entries_with_a_line_number(body: str, problem: str) -> None:
    with pytest.raises(CatalogError, match=problem) as raised:
        parse_po_text(_po(body), origin="test.po")
    assert raised.value.user_message.startswith("test.po:")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ({"Content_Type": "text/plain; charset=ISO-8859-1"}, "charset=UTF-8"),
        ({"X_Waypost_Direction": "up"}, "ltr or rtl"),
        ({"Language": ""}, "no Language"),
        ({"Language": "not a code"}, "not a language code"),
        ({"X_Waypost_Native_Name": ""}, "no X-Waypost-Native-Name"),
        ({"Plural_Forms": ""}, "no Plural-Forms"),
    ],
)
def test_parser_refuses_a_bad_header(header: dict[str, str], problem: str) -> None:
    with pytest.raises(CatalogError, match=problem):
        parse_po_text(_po("", **header))


def test_parser_needs_a_header_first() -> None:
    with pytest.raises(CatalogError, match="no header"):
        parse_po_text('msgid "A"\nmsgstr "B"\n')
    with pytest.raises(CatalogError, match="first entry"):
        parse_po_text('msgid "A"\nmsgstr "B"\n\n' + _header())


def test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sq.po"
    path.write_bytes(_po('msgid "A"\nmsgstr "Ç"\n').encode("cp1250"))
    with pytest.raises(CatalogError, match="not UTF-8"):
        load_po_file(path)
