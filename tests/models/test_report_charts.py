"""The recovery trend charts: what each drawing holds, checked on its shapes.

The survivor's line is solid with round markers and the navigator's dashed with square ones, so
the tests tell them apart by shape (``Circle``, ``Rect``) and dash, as a reader without colour
would.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String

from models.enums import AssessmentKind, Perspective, RecoveryDomain
from models.reports.charts import series_points, trend_chart, trend_legend
from tests.models.summary_samples import FOUR, INTAKE, REVIEW_PARTIAL, assessment, many_reviews

MENTAL = RecoveryDomain.MENTAL_HEALTH
FINANCIAL = RecoveryDomain.FINANCIAL_STABILITY


def shapes(drawing: Drawing, kind: type) -> list:
    return [shape for shape in drawing.contents if isinstance(shape, kind)]


def texts(drawing: Drawing) -> list[str]:
    return [shape.text for shape in shapes(drawing, String)]


def test_series_skip_unscored_points() -> None:
    survivor = series_points(FOUR, FINANCIAL, Perspective.SURVIVOR)
    assert survivor == [(date(2026, 3, 2), 1), (date(2026, 7, 6), 2), (date(2027, 3, 1), 3)]
    assert len(series_points(FOUR, FINANCIAL, Perspective.NAVIGATOR)) == 4


def test_series_are_in_date_order_whatever_the_input_order() -> None:
    points = series_points(tuple(reversed(FOUR)), MENTAL, Perspective.SURVIVOR)
    assert [day for day, _score in points] == sorted(day for day, _score in points)


def test_two_lines_told_apart_by_dash_and_marker() -> None:
    chart = trend_chart(FOUR, FINANCIAL)
    lines = shapes(chart, PolyLine)
    assert len(lines) == 2
    dashed = [line for line in lines if line.strokeDashArray]
    solid = [line for line in lines if not line.strokeDashArray]
    assert len(dashed) == 1 and len(solid) == 1
    assert len(solid[0].points) == 2 * 3  # the survivor skipped the unscored review
    assert len(dashed[0].points) == 2 * 4
    assert len(shapes(chart, Circle)) == 3  # survivor markers
    assert len(shapes(chart, Rect)) == 4  # navigator markers
    assert texts(chart)[0] == "Financial stability"


def test_points_sit_at_their_dates_and_scores() -> None:
    chart = trend_chart(FOUR, MENTAL)
    circles = sorted(shapes(chart, Circle), key=lambda c: c.cx)
    xs = [c.cx for c in circles]
    days = [(a.assessed_on - INTAKE.assessed_on).days for a in FOUR]
    # Proportional to time: the gaps between points are in the ratio of the gaps between dates.
    for i in (1, 2):
        ratio = (xs[i + 1] - xs[i]) / (xs[1] - xs[0])
        assert ratio == pytest.approx((days[i + 1] - days[i]) / (days[1] - days[0]), rel=1e-6)
    # Mental health, survivor: 1, 2, 3, 4 -- each higher than the last, evenly.
    ys = [c.cy for c in circles]
    assert ys == sorted(ys)
    assert ys[3] - ys[2] == pytest.approx(ys[1] - ys[0])


def test_a_single_assessment_still_shows_its_points() -> None:
    chart = trend_chart((INTAKE,), MENTAL, width=160.0)
    assert shapes(chart, PolyLine) == []
    [circle] = shapes(chart, Circle)
    [square] = shapes(chart, Rect)
    assert circle.cx == pytest.approx(square.x + square.width / 2)
    assert 16.0 < circle.cx < 160.0 - 6.0  # inside the plot
    assert "Mar 2026" in texts(chart)


def test_a_domain_nobody_scored_says_so() -> None:
    blank = assessment(9, AssessmentKind.INTAKE, date(2026, 3, 2), [None] * 6, [None] * 6)
    chart = trend_chart((blank,), MENTAL)
    assert "Not scored yet" in texts(chart)
    assert shapes(chart, Circle) == [] and shapes(chart, Rect) == []


def test_the_y_axis_runs_from_1_to_5() -> None:
    chart = trend_chart(FOUR, MENTAL)
    ticks = [s for s in shapes(chart, String) if s.text in {"1", "2", "3", "4", "5"}]
    assert [s.text for s in sorted(ticks, key=lambda s: s.y)] == ["1", "2", "3", "4", "5"]


def test_date_labels_never_overlap_and_keep_the_first_and_last() -> None:
    reviews = many_reviews(40)
    chart = trend_chart(reviews, MENTAL)
    labels = [s for s in shapes(chart, String) if s.textAnchor == "middle" and " 20" in s.text]
    assert 2 <= len(labels) < 40
    labels.sort(key=lambda s: s.x)
    for left, right in itertools.pairwise(labels):
        half = (len(left.text) + len(right.text)) * 0.6 * left.fontSize / 2
        assert right.x - left.x > half  # rough widths: about 0.6 em per character
    first, last = reviews[0].assessed_on, reviews[-1].assessed_on
    assert labels[0].text == first.strftime("%b %Y")
    assert labels[-1].text == last.strftime("%b %Y")


def test_many_points_get_smaller_markers() -> None:
    few = shapes(trend_chart(FOUR, MENTAL), Circle)[0].r
    many = shapes(trend_chart(many_reviews(30), MENTAL), Circle)[0].r
    assert many < few


def test_the_legend_names_both_lines() -> None:
    legend = trend_legend(400.0)
    assert texts(legend) == ["Survivor's own score", "Navigator's score"]
    samples = shapes(legend, Line)
    assert [bool(line.strokeDashArray) for line in samples] == [False, True]
    assert len(shapes(legend, Circle)) == 1 and len(shapes(legend, Rect)) == 1


def test_charts_cover_time_in_proportion_even_with_a_gap() -> None:
    late = assessment(
        5,
        AssessmentKind.REVIEW,
        REVIEW_PARTIAL.assessed_on + timedelta(days=700),
        [5] * 6,
        [5] * 6,
    )
    chart = trend_chart((INTAKE, REVIEW_PARTIAL, late), MENTAL)
    xs = sorted(c.cx for c in shapes(chart, Circle))
    assert (xs[2] - xs[1]) > 2 * (xs[1] - xs[0])
