# ruff: noqa: RUF001 - en dashes and Arabic script in expected text, on purpose
"""The recovery summary PDF: what a reader outside the charity sees, read back with pypdf.

The summaries are built from hand-made DTOs (no vault). Expected numbers come from the sample
assessments in ``summary_samples``: survivor 8 -> 21 and navigator 7 -> 20 out of 30, with the
views differing in mental health, social connection and legal status at the closing assessment.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.dto import IdentityDTO, SupportGivenDTO
from models.enums import AssessmentKind
from models.reports.recovery_summary import build_recovery_summary, recovery_summary_file_name
from models.reports.summary_text import is_plain
from tests.models.summary_samples import (
    CLOSING,
    IDENTITY,
    INTAKE,
    REFERENCE,
    SECRET_GOAL,
    SECRET_NOTE,
    all_text,
    assessment,
    dark_share,
    many_reviews,
    pages_text,
    render,
    summary,
)

DOMAIN_NAMES = (
    "Mental health",
    "Physical health",
    "Financial stability",
    "Social connection",
    "Safety",
    "Legal status",
)


@pytest.fixture(scope="module")
def full_pdf() -> bytes:
    return build_recovery_summary(summary())


@pytest.fixture(scope="module")
def full_text(full_pdf: bytes) -> str:
    return all_text(full_pdf)


# -- file name and metadata --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("WP-2026-0042", "recovery-summary-WP-2026-0042.pdf"),
        (" WP/2026 0042 ", "recovery-summary-WP-2026-0042.pdf"),
        ("", "recovery-summary-case.pdf"),
    ],
)
def test_file_name_is_the_case_reference_only(reference: str, expected: str) -> None:
    assert recovery_summary_file_name(reference) == expected


def test_metadata_is_neutral(full_pdf: bytes) -> None:
    info = PdfReader(io.BytesIO(full_pdf)).metadata
    assert info is not None
    assert info.title == "Recovery summary"
    assert info.author == "Waypost"
    values = " ".join(str(value) for value in info.values())
    for personal in ("Amina", "Haile", "Mimi", "Jane Smith"):
        assert personal not in values


# -- the opening, the details and the identity ---------------------------------------------------


def test_opening_and_details(full_text: str) -> None:
    assert full_text.startswith("Recovery summary")
    for expected in (
        "Case reference WP-2026-0042",
        "Case opened 2 Mar 2026",
        "Prepared on 4 Mar 2027",
        "Prepared by Jane Smith, Hope Navigators (Kent)",
    ):
        assert expected in full_text


def test_identity_shows_only_the_fields_that_hold_something(full_text: str) -> None:
    for expected in (
        "About the survivor",
        "Name Amina Haile",
        "Known as Mimi",
        "Date of birth or age Born 2 Mar 1998 (28)",
        "Gender Woman",
        "Nationality Eritrea",
        "Languages Tigrinya (interpreter needed)",
        "Phone 07700 900123",
    ):
        assert expected in full_text
    assert "Email" not in full_text  # empty in the sample


def test_no_identity_section_when_identity_is_none() -> None:
    text = all_text(build_recovery_summary(summary(identity=None)))
    assert "About the survivor" not in text
    for value in ("Amina", "Mimi", "Eritrea", "07700 900123", "Born 2 Mar 1998"):
        assert value not in text
    assert "Change in each domain" in text  # the rest is still there


def test_identity_with_one_field_shows_one_row() -> None:
    text = all_text(build_recovery_summary(summary(identity=IdentityDTO(name="Amina Haile"))))
    assert "About the survivor Name Amina Haile" in text
    for label in ("Known as", "Gender", "Nationality", "Phone", "Date of birth"):
        assert label not in text


def test_names_in_other_scripts_print_and_extract() -> None:
    identity = replace(IDENTITY, name="أمينة حيلي", known_as="ሰላም")
    assert not is_plain(identity.name)
    text = all_text(build_recovery_summary(summary(identity=identity)))
    squashed = unicodedata.normalize("NFKC", text).replace(" ", "")
    assert "أمينةحيلي" in squashed
    assert "Known as ሰላም" in text


# -- scores and change -------------------------------------------------------------------------


def test_scale_is_explained_once_in_plain_words(full_text: str) -> None:
    assert "from 1, in crisis with the greatest need, to 5, thriving without help" in full_text
    assert "never averaged" in full_text
    assert full_text.count("Levels: 1 Crisis") == 1


def test_change_table_has_each_domain_with_both_views(full_text: str) -> None:
    expected = (
        "Mental health 1 4 +3 1 3 +2 Views differ by 1 "
        "Physical health 2 4 +2 1 4 +3 "
        "Financial stability 1 3 +2 1 3 +2 "
        "Social connection 1 3 +2 2 4 +2 Views differ by 1 "
        "Safety 2 4 +2 1 4 +3 "
        "Legal status 1 3 +2 1 2 +1 Views differ by 1 "
        "Overall (out of 30) 8 21 +13 7 20 +13"
    )
    assert expected in full_text
    assert full_text.count("Views differ by") == 3
    assert (
        "Comparing the intake assessment on 2 Mar 2026 with the latest assessment (closing) "
        "on 1 Mar 2027." in full_text
    )


def test_improvement_by_each_perspective(full_text: str) -> None:
    assert (
        "In the survivor's own view, recovery improved overall: from 8 to 21 out of 30 (+13)."
        in full_text
    )
    assert (
        "In the navigator's view, recovery improved overall: from 7 to 20 out of 30 (+13)."
        in full_text
    )


def test_equal_overall_is_not_improved_and_one_point_more_is() -> None:
    intake = assessment(1, AssessmentKind.INTAKE, date(2026, 3, 2), [3] * 6, [3] * 6)
    # Survivor: the same total (18) with one domain up and one down; navigator: 19.
    latest = assessment(
        2, AssessmentKind.REVIEW, date(2026, 7, 6), [4, 2, 3, 3, 3, 3], [4, 3, 3, 3, 3, 3]
    )
    text = all_text(build_recovery_summary(summary((intake, latest))))
    assert (
        "In the survivor's own view, recovery did not improve overall: from 18 to 18 out of 30 "
        "(no change)." in text
    )
    assert "In the navigator's view, recovery improved overall: from 18 to 19 out of 30 (+1)." in (
        text
    )
    assert "Mental health 3 4 +1 3 4 +1 Physical health 3 2 -1 3 3 0 " in text
    assert "Overall (out of 30) 18 18 0 18 19 +1" in text


def test_a_fall_overall_is_not_improved() -> None:
    intake = assessment(1, AssessmentKind.INTAKE, date(2026, 3, 2), [3] * 6, [3] * 6)
    latest = assessment(2, AssessmentKind.REVIEW, date(2026, 7, 6), [2] + [3] * 5, [3] * 6)
    text = all_text(build_recovery_summary(summary((intake, latest))))
    assert "recovery did not improve overall: from 18 to 17 out of 30 (-1)." in text


def test_missing_scores_show_a_dash_and_no_overall_comparison() -> None:
    latest = replace(
        CLOSING,
        scores=tuple(
            replace(entry, survivor_score=None) if entry.domain.value == "safety" else entry
            for entry in CLOSING.scores
        ),
    )
    text = all_text(build_recovery_summary(summary((INTAKE, latest))))
    assert "Safety 2 – – 1 4 +3" in text
    assert "Overall (out of 30) 8 – – 7 20 +13" in text
    assert (
        "In the survivor's own view, there is no overall comparison: not every domain was "
        "scored at both assessments." in text
    )
    assert "In the navigator's view, recovery improved overall" in text


def test_intake_only_says_change_cannot_be_shown_yet() -> None:
    text = all_text(build_recovery_summary(summary((INTAKE,))))
    assert "Only the intake assessment, on 2 Mar 2026, has been done so far." in text
    assert "Mental health 1 – – 1 – –" in text
    assert text.count("change cannot be shown yet: only the intake assessment has been done") == 2


def test_assessments_are_listed_oldest_first(full_text: str) -> None:
    expected = (
        "Assessments Date Assessment Survivor's overall Navigator's overall "
        "2 Mar 2026 Intake 8 out of 30 7 out of 30 "
        "6 Jul 2026 Review 13 out of 30 13 out of 30 "
        "9 Nov 2026 Review Not every domain scored 16 out of 30 "
        "1 Mar 2027 Closing 21 out of 30 20 out of 30"
    )
    assert expected in full_text


def test_notes_and_goals_are_never_printed(full_text: str) -> None:
    assert SECRET_NOTE not in full_text
    assert SECRET_GOAL not in full_text


def test_no_assessments_means_no_score_sections() -> None:
    text = all_text(build_recovery_summary(summary(())))
    for absent in ("Change in each domain", "Levels:", "Assessments", "Trends over time"):
        assert absent not in text
    assert "This summary shows the support Hope Navigators (Kent) has given." in text
    assert "Support given" in text


# -- trends -------------------------------------------------------------------------------------


def test_trend_charts_show_every_domain_with_a_legend(full_text: str) -> None:
    assert "Trends over time" in full_text
    assert "Survivor's own score" in full_text
    assert "Navigator's score" in full_text
    for name in DOMAIN_NAMES:
        assert full_text.count(name) == 2  # its row in the table and its chart's title
    assert "Mar 2026" in full_text and "Mar 2027" in full_text  # the charts' date axis


def test_no_trend_charts_unless_asked() -> None:
    text = all_text(build_recovery_summary(summary(show_trends=False)))
    assert "Trends over time" not in text
    assert "Survivor's own score" not in text
    for name in DOMAIN_NAMES:
        assert text.count(name) == 1


# -- support given ------------------------------------------------------------------------------


def test_support_given_counts(full_text: str) -> None:
    assert (
        "Support given Contacts with the navigator 23 Referrals to other services 4 "
        "Support plan goals 3 of 5 goals met" in full_text
    )


@pytest.mark.parametrize(
    ("support", "expected"),
    [
        (SupportGivenDTO(1, 0, 0, 1), "0 of 1 goal met"),
        (SupportGivenDTO(0, 0, 0, 0), "No goals in an agreed support plan yet"),
    ],
)
def test_goals_are_worded_for_one_and_for_none(support: SupportGivenDTO, expected: str) -> None:
    assert expected in all_text(build_recovery_summary(summary(support=support)))


def test_no_support_section_when_support_is_none() -> None:
    text = all_text(build_recovery_summary(summary(support=None)))
    assert "Support given" not in text
    assert "Contacts with the navigator" not in text
    assert "This summary shows how the survivor's recovery has changed." in text


# -- pages ----------------------------------------------------------------------------------------


def test_every_page_has_its_number_and_the_case_reference() -> None:
    pages = pages_text(build_recovery_summary(summary(many_reviews(40))))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Case {REFERENCE}" in text


def test_the_first_page_renders_with_ink(full_pdf: bytes, tmp_path: Path) -> None:
    [page] = render(full_pdf, tmp_path)
    width, height = page.size
    assert dark_share(page) > 0.01  # a blank page has none
    assert dark_share(page, (0, 0, width, height // 8)) > 0.01  # the title at the top
