"""The police summary PDF: the marking, recipient, date and reference on every page, the preview
marks, the handling statement, and nothing the DTO does not hold.

Read back with pypdf (text, and where on the page it sits) and rendered with pdftoppm.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.dto import IdentityDTO, PoliceRecipientDTO
from models.enums import ConsentRecipient, ExportField
from models.reports.police_summary import (
    HANDLING_STATEMENT,
    build_police_summary,
    header_lines,
    police_summary_file_name,
)
from models.reports.summary_style import PAGE_HEIGHT, WIDTH, S
from models.reports.text import text_width
from tests.models.summary_samples import (
    EXPORT_REFERENCE,
    RECIPIENT_LINE,
    REFERENCE,
    SECRET_GOAL,
    SECRET_NOTE,
    all_text,
    dark_share,
    many_reviews,
    pages_text,
    placed_text,
    police,
    render,
    summary,
)

MARKING = "OFFICIAL-SENSITIVE"
PREVIEW_REFERENCE = "PREVIEW – not exported"  # noqa: RUF001 - the en dash is printed


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    """A summary of 30 assessments: several pages."""
    return build_police_summary(police(summary(many_reviews(30))))


@pytest.fixture(scope="module")
def long_preview() -> bytes:
    return build_police_summary(police(summary(many_reviews(30)), reference=""), preview=True)


# -- names and metadata -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("EX-2026-0007-K7QD", "police-summary-EX-2026-0007-K7QD.pdf"),
        ("", "police-summary-preview.pdf"),
    ],
)
def test_file_name_is_the_export_reference_only(reference: str, expected: str) -> None:
    assert police_summary_file_name(reference) == expected


def test_metadata_is_neutral(long_pdf: bytes) -> None:
    info = PdfReader(io.BytesIO(long_pdf)).metadata
    assert info is not None
    assert info.title == "Police summary"
    values = " ".join(str(value) for value in info.values())
    for personal in ("Amina", "Haile", "Sam Patel", "Jane Smith"):
        assert personal not in values


# -- every page -----------------------------------------------------------------------------------


def test_every_page_carries_marking_recipient_date_and_reference(long_pdf: bytes) -> None:
    pages = pages_text(long_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert text.count(MARKING) == 2, number
        assert f"For {RECIPIENT_LINE}" in text, number
        assert f"Export reference {EXPORT_REFERENCE}" in text, number
        assert "Prepared on 4 Mar 2027" in text, number
        assert f"Case {REFERENCE}" in text, number
        assert f"Page {number} of {len(pages)}" in text, number
        assert PREVIEW_REFERENCE not in text


def test_the_marking_is_at_the_top_and_the_bottom_of_each_page(long_pdf: bytes) -> None:
    pages = len(PdfReader(io.BytesIO(long_pdf)).pages)
    for index in range(pages):
        heights = sorted(p.y for p in placed_text(long_pdf, index) if p.text == MARKING)
        assert len(heights) == 2
        bottom, top = heights
        assert bottom < 30  # within about 1 cm of the bottom edge
        assert top > PAGE_HEIGHT - 40
        body = [p.y for p in placed_text(long_pdf, index) if MARKING not in p.text]
        assert all(bottom < y < top for y in body)  # nothing above or below the markings


def test_handling_statement_and_what_was_included(long_pdf: bytes) -> None:
    text = pages_text(long_pdf)[0]
    assert HANDLING_STATEMENT in text
    assert f"Prepared for {RECIPIENT_LINE}" in text
    assert (
        "Included Name, Known as, Date of birth or age, Gender, Nationality, Languages and "
        "interpreter, Phone, Email, Recovery scores and changes, Recovery trend charts, "
        "Support given (counts)" in text
    )


# -- previews -----------------------------------------------------------------------------------


def test_a_preview_says_so_on_every_page(long_preview: bytes) -> None:
    pages = pages_text(long_preview)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Export reference {PREVIEW_REFERENCE}" in text, number
        assert "PREVIEW" in text.replace(PREVIEW_REFERENCE, ""), number  # the watermark
        assert text.count(MARKING) == 2, number
        assert "EX-" not in text
    assert pages[0].startswith(f"{PREVIEW_REFERENCE}. This is how the summary will look.")


def test_no_reference_is_marked_as_a_preview_even_if_not_asked() -> None:
    text = all_text(build_police_summary(police(reference="")))
    assert f"Export reference {PREVIEW_REFERENCE}" in text


def test_the_sent_document_has_no_preview_marks() -> None:
    text = all_text(build_police_summary(police()))
    assert "PREVIEW" not in text


def watermark_share(pdf: bytes, tmp_path: Path) -> float:
    """The share of the middle of page 2 in the watermark's pale red (see-through over white).

    The charts' dark red navigator line and the red "Views differ" do not count."""
    [page] = render(pdf, tmp_path, first=2, last=2)
    width, height = page.size
    middle = page.crop((width // 4, height // 3, 3 * width // 4, 2 * height // 3))
    colours = middle.getcolors(maxcolors=1 << 20) or []
    pale_red = sum(
        count
        for count, (r, g, b) in colours
        if r > 235 and 195 < g < 235 and abs(g - b) < 10 and r - g > 12
    )
    return pale_red / (middle.size[0] * middle.size[1])


def test_a_preview_page_shows_a_pale_red_watermark(long_preview: bytes, tmp_path: Path) -> None:
    assert watermark_share(long_preview, tmp_path) > 0.05


def test_a_sent_page_has_no_watermark(long_pdf: bytes, tmp_path: Path) -> None:
    assert watermark_share(long_pdf, tmp_path) < 0.01  # antialiased edges of red lines


def test_pages_render_with_the_marking_inked_top_and_bottom(
    long_pdf: bytes, tmp_path: Path
) -> None:
    [page] = render(long_pdf, tmp_path)
    width, height = page.size
    assert dark_share(page) > 0.01
    assert dark_share(page, (width // 3, 0, 2 * width // 3, height // 25)) > 0.005
    assert dark_share(page, (width // 3, height - height // 25, 2 * width // 3, height)) > 0.005


# -- only what the DTO holds ----------------------------------------------------------------------


def test_only_the_sections_present_in_the_dto_appear() -> None:
    narrowed = summary(identity=None, show_trends=False, support=None)
    text = all_text(
        build_police_summary(police(narrowed, fields=frozenset({ExportField.RECOVERY_SCORES})))
    )
    for absent in (
        "About the survivor",
        "Amina",
        "07700 900123",
        "Trends over time",
        "Support given",
        "Contacts with the navigator",
        "goals met",
    ):
        assert absent not in text
    assert "Included Recovery scores and changes" in text
    assert "Phone" not in text and "Name" not in text
    assert "Overall (out of 30) 8 21 +13 7 20 +13" in text


def test_without_scores_there_are_no_score_sections() -> None:
    content = police(
        summary((), show_trends=False, identity=IdentityDTO(name="Amina Haile")),
        fields=frozenset({ExportField.NAME, ExportField.SUPPORT_GIVEN}),
    )
    text = all_text(build_police_summary(content))
    for absent in ("Change in each domain", "Levels:", "Assessments", "Trends over time"):
        assert absent not in text
    assert "Name Amina Haile" in text
    assert "Support plan goals 3 of 5 goals met" in text
    assert "Included Name, Support given (counts)" in text


def test_notes_and_goals_never_leave(long_pdf: bytes) -> None:
    text = all_text(long_pdf)
    assert SECRET_NOTE not in text and SECRET_GOAL not in text


def test_the_body_matches_the_recovery_summary() -> None:
    text = all_text(build_police_summary(police()))
    assert "Mental health 1 4 +3 1 3 +2 Views differ by 1" in text
    assert "In the survivor's own view, recovery improved overall" in text
    assert "Trends over time" in text


# -- the header for a long recipient ------------------------------------------------------------


def test_a_long_recipient_wraps_onto_two_lines_in_full() -> None:
    recipient = PoliceRecipientDTO(
        ConsentRecipient.CPS,
        "Crown Prosecution Service, South East Complex Casework Unit",
        "Ms Alexandra Fitzgerald-Montgomery",
        "Reviewing lawyer for the trafficking prosecution and victim liaison",
    )
    text = f"For {recipient.line}"
    lines, style = header_lines(text, S.footer_bold, WIDTH)
    assert len(lines) == 2
    assert " ".join(lines) == text
    assert all(text_width(line, style, "ltr") <= WIDTH for line in lines)
    pages = pages_text(build_police_summary(police(recipient=recipient)))
    for page in pages:
        assert text in page


def test_a_short_recipient_stays_on_one_line() -> None:
    lines, style = header_lines(f"For {RECIPIENT_LINE}", S.footer_bold, WIDTH)
    assert lines == [f"For {RECIPIENT_LINE}"]
    assert style.size == S.footer_bold.size


def test_the_preview_flag_does_not_change_the_body() -> None:
    def body(pdf: bytes) -> str:
        text = pages_text(pdf)[0]
        start = text.index("Case reference")
        return text[start : text.index(MARKING, start)]

    sent = body(build_police_summary(police()))
    preview = body(build_police_summary(police(reference=""), preview=True))
    assert "About the survivor Name Amina Haile" in sent
    assert preview == sent
