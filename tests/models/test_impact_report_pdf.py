# ruff: noqa: RUF001 - an en dash in expected text, on purpose
"""The programme impact report PDF as a funder reads it: the evaluation's table, shares with
their denominators, the numbered counting rules and the period, read back with pypdf and
rendered with pdftoppm. Built from a hand-made DTO (``impact_samples``, no vault)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.dto import ImpactFigureDTO, ImpactReportDTO
from models.reports.impact_report import (
    build_impact_report,
    figure_text,
    impact_report_file_name,
    months_text,
)
from tests.models.impact_samples import END, FIGURES, START, evaluation
from tests.models.summary_samples import all_text, dark_share, render, squash

EVALUATION_ROWS = (
    ("Support plan cases", "62"),
    ("Strategic advice cases", "40"),
    ("People trained: police and law enforcement", "648"),
    ("People trained: other stakeholders", "138"),
    ("Repatriations supported", "5"),
    ("Operations attended", "79"),
)


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return build_impact_report(evaluation(), organisation="Justice and Care")


@pytest.fixture(scope="module")
def text(report_pdf: bytes) -> str:
    return squash(all_text(report_pdf))


def test_the_evaluation_table_rows_are_there_in_order(text: str) -> None:
    places = []
    for label, value in EVALUATION_ROWS:
        row = f"{label} {value}"
        assert row in text
        places.append(text.index(row))
    assert places == sorted(places)


def test_the_other_counts_follow(text: str) -> None:
    for row in (
        "Potential victims identified 31",
        "Strategic advice given 20",
        "Family members supported 10",
        "Suspects arrested 12",
        "Convictions 4",
        "Combined sentences 27 years 6 months",
    ):
        assert row in text
    assert text.index("Operations attended 79") < text.index("Potential victims identified 31")


def test_shares_print_their_denominator(text: str) -> None:
    assert "86% (50 of 58)" in text
    assert "89% (40 of 45)" in text
    assert "33% (15 of 45)" in text


def test_a_share_with_nothing_to_count_says_no_records(text: str) -> None:
    assert "Trainees reporting improved knowledge – (no records)" in text


def test_title_period_and_footer(text: str, report_pdf: bytes) -> None:
    assert "Programme impact" in text
    assert "1 April 2026 to 31 March 2027" in text
    pages = len(PdfReader(io.BytesIO(report_pdf)).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_the_footnote_numbers_every_rule(text: str) -> None:
    notes = text[text.index("Notes") :]
    assert "Period: 1 April 2026 to 31 March 2027" in notes
    for number, figure in enumerate(
        [*[f for f in FIGURES if not f.is_share], *[f for f in FIGURES if f.is_share]], start=1
    ):
        assert f"{number}. {figure.label}: {figure.rule}" in notes


def test_charts_are_titled(text: str) -> None:
    for title in ("Operations by location", "People trained by audience", "Cases by kind"):
        assert title in text


def test_narrowed_report_says_so() -> None:
    pdf = build_impact_report(evaluation(navigator="navigator.one", police_force="Essex Police"))
    text = squash(all_text(pdf))
    assert "Narrowed to navigator navigator.one and police force Essex Police." in text


def test_metadata_is_neutral() -> None:
    pdf = build_impact_report(evaluation(navigator="navigator.one", police_force="Essex Police"))
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    values = " ".join(str(value) for value in meta.values())
    assert meta.title == "Programme impact" and meta.author == "Waypost"
    assert "navigator.one" not in values and "Essex" not in values


def test_an_unknown_figure_and_breakdown_render_by_label() -> None:
    extra = ImpactFigureDTO("boats_met", "Small boats met", 7, "Boats met at the quay.", 7)
    base = evaluation()
    odd = replace(base, figures=(*base.figures, extra), breakdowns=())
    text = squash(all_text(build_impact_report(odd)))
    assert "Small boats met 7" in text
    assert "Small boats met: Boats met at the quay." in text


def test_an_empty_report_still_builds() -> None:
    empty = ImpactReportDTO(START, END, None, None, date(2027, 4, 2), (), ())
    text = squash(all_text(build_impact_report(empty)))
    assert "Programme impact" in text and "No figures were counted." in text


def test_none_counts_print_no_records() -> None:
    figure = ImpactFigureDTO("convictions", "Convictions", None, "rule")
    assert figure_text(figure) == "– (no records)"


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (330, "27 years 6 months"),
        (0, "0 months"),
        (1, "1 month"),
        (11, "11 months"),
        (12, "1 year"),
        (13, "1 year 1 month"),
        (24, "2 years"),
    ],
)
def test_months_are_years_and_months(months: int, words: str) -> None:
    assert months_text(months) == words


def test_file_name_holds_the_period_only() -> None:
    assert (
        impact_report_file_name(START, END, "pdf") == "impact-report-2026-04-01-to-2027-03-31.pdf"
    )
    assert impact_report_file_name(START, END, ".json").endswith(".json")


def test_the_first_page_renders_with_ink(report_pdf: bytes, tmp_path: Path) -> None:
    [page] = render(report_pdf, tmp_path)
    width, height = page.size
    assert height > width  # portrait
    assert dark_share(page) > 0.01
    assert dark_share(page, (0, 0, width, height // 8)) > 0.01  # the title at the top
