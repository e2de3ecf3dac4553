"""The spend charts: figures from paid purchases only, every month of the period present, bars
drawn in whole pixels from integer pence, and the figures readable as text."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QImage

from models.dto import SpendDTO
from models.enums import PurchaseCategory, PurchaseStatus
from ui.budget.spend_chart import (
    BAR_COLOUR,
    GRID_COLOUR,
    CategorySpendChart,
    MonthlySpendChart,
    SpendChart,
    month_label,
    nice_ceiling,
    short_pounds,
)

from .budget_support import YEAR_END, YEAR_START, buy

FOOD, TRAVEL, CLOTHING = PurchaseCategory.FOOD, PurchaseCategory.TRAVEL, PurchaseCategory.CLOTHING


def record_year(services) -> None:
    buy(services, date(2026, 4, 2), FOOD, 45_50)
    buy(services, date(2026, 4, 30), FOOD, 12_00)
    buy(services, date(2026, 6, 3), TRAVEL, 90_00, supplier="Trainline")
    buy(services, date(2026, 6, 9), TRAVEL, 250_00, supplier="Trainline")  # approved, then paid
    buy(services, date(2026, 11, 1), CLOTHING, 30_01, supplier="Primark")
    # Not spend: promised but not paid, cancelled, or before the year.
    buy(services, date(2026, 7, 1), CLOTHING, 20_00, status=PurchaseStatus.REQUESTED)
    buy(services, date(2026, 3, 31), FOOD, 99_00)


def test_the_points_are_the_paid_spend_per_category_and_month(qtbot, vault_services):
    record_year(vault_services)
    chart = SpendChart()
    qtbot.addWidget(chart)
    chart.set_spend(vault_services.spend(YEAR_START, YEAR_END), YEAR_START, YEAR_END)

    by_category, by_month = chart.points()
    assert dict(by_category) == {TRAVEL: 340_00, FOOD: 57_50, CLOTHING: 30_01}
    assert [c for c, _p in by_category] == [TRAVEL, FOOD, CLOTHING]  # largest first
    assert all(isinstance(p, int) for _c, p in by_category)
    expected_months = {"2026-04": 57_50, "2026-06": 340_00, "2026-11": 30_01}
    assert [key for key, _p in by_month] == [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
        "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03",
    ]  # fmt: skip
    assert {k: p for k, p in by_month if p} == expected_months
    assert chart.total_label.text() == "Paid in this period: £427.51"


def test_the_accessible_descriptions_list_the_figures(qtbot):
    chart = SpendChart()
    qtbot.addWidget(chart)
    spend = SpendDTO(
        by_category=((FOOD, 57_50), (TRAVEL, 340_00)),
        by_month=(("2026-04", 57_50), ("2026-05", 0), ("2026-06", 340_00)),
        total_pence=397_50,
    )
    chart.set_spend(spend, date(2026, 4, 1), date(2026, 6, 30))
    text = chart.by_category.accessibleDescription()
    assert "Travel £340.00" in text and "Food and essentials £57.50" in text
    assert text.index("Travel") < text.index("Food")
    assert "Total £397.50" in text and "1 Apr 2026 to 30 Jun 2026" in text
    months = chart.by_month.accessibleDescription()
    assert "April 2026 £57.50; May 2026 £0.00; June 2026 £340.00" in months
    assert chart.by_month.toolTip() == months


def test_nothing_paid_says_so(qtbot):
    chart = SpendChart()
    qtbot.addWidget(chart)
    chart.set_spend(SpendDTO((), (("2026-04", 0),), 0))
    assert chart.points() == ([], [("2026-04", 0)])
    assert "nothing paid" in chart.by_category.accessibleDescription()
    # No axis to read "£0 … £0": the month chart says nothing was paid instead.
    chart.by_month.resize(300, 160)
    image = chart.by_month.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 300, 3) for y in range(0, 160, 3)}
    assert GRID_COLOUR.rgb() not in colours and BAR_COLOUR.rgb() not in colours


def _bar_runs(image: QImage, colour: QColor, *, horizontal: bool) -> list[int]:
    """The length of each separate bar of ``colour``: horizontal bars measured along their
    row, vertical bars along their column."""
    target = colour.rgb()
    outer = image.height() if horizontal else image.width()
    inner = image.width() if horizontal else image.height()
    lengths: list[int] = []
    previous = 0
    for a in range(outer):
        run = sum(
            1
            for b in range(inner)
            if (image.pixel(b, a) if horizontal else image.pixel(a, b)) == target
        )
        if run and not previous:
            lengths.append(run)
        elif run and previous:
            lengths[-1] = max(lengths[-1], run)
        previous = run
    return lengths


def test_category_bars_are_whole_pixels_in_proportion(qtbot):
    chart = CategorySpendChart()
    qtbot.addWidget(chart)
    chart.resize(500, 120)
    chart.set_points([(FOOD, 30_00), (TRAVEL, 90_00), (CLOTHING, 0)])
    chart.show()
    longest, shorter = _bar_runs(chart.grab().toImage(), BAR_COLOUR, horizontal=True)
    assert longest > 100
    assert shorter == longest * 30_00 // 90_00


def test_month_bars_are_whole_pixels_in_proportion(qtbot):
    chart = MonthlySpendChart()
    qtbot.addWidget(chart)
    chart.resize(400, 220)
    chart.set_points([("2026-04", 50_00), ("2026-05", 0), ("2026-06", 100_00)])
    chart.show()
    image = chart.grab().toImage()
    heights = _bar_runs(image, BAR_COLOUR, horizontal=False)
    assert len(heights) == 2  # no bar for the month with nothing paid
    first, second = heights
    assert second > 50
    assert first == second // 2  # £50 and £100 under a £100 axis


def test_compact_amounts_and_axis_tops_use_integers():
    assert short_pounds(95_099) == "£950"
    assert short_pounds(1_234_56) == "£1.2k"
    assert short_pounds(120_000_00) == "£120k"
    assert short_pounds(3_456_789_00) == "£3.4m"
    assert short_pounds(-250) == "-£2"
    assert nice_ceiling(0) == 100
    assert nice_ceiling(101) == 200
    assert nice_ceiling(340_00) == 500_00
    assert nice_ceiling(500_00) == 500_00
    assert month_label("2027-01") == "January 2027"
