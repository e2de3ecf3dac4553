"""The retention rule: which backups survive 7 daily, 4 weekly and 12 monthly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules.backup_retention import backups_to_keep

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def _days(count: int, *, hour: int = 9) -> list[datetime]:
    return [START.replace(hour=hour) + timedelta(days=n) for n in range(count)]


def test_nothing_to_keep_when_there_are_no_backups() -> None:
    assert backups_to_keep([]) == frozenset()


def test_a_single_backup_is_kept_even_with_every_count_zero() -> None:
    assert backups_to_keep([START], daily=0, weekly=0, monthly=0) == {START}


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_and_12_months() -> None:
    taken = _days(365)  # 1 Jan to 31 Dec 2026, one a day
    kept = sorted(backups_to_keep(taken), reverse=True)
    newest = taken[-1]
    # The last 7 days, each by its own backup.
    assert kept[:7] == [newest - timedelta(days=n) for n in range(7)]
    # The newest backup of each of the last 4 ISO weeks (Sundays, bar the current week).
    weeks = {(t.isocalendar()[0], t.isocalendar()[1]) for t in kept}
    assert len(weeks) >= 4
    # One per month for 12 months: the last day of each month (the newest in it).
    month_ends = {t for t in kept if (t + timedelta(days=1)).month != t.month}
    assert {(t.year, t.month) for t in month_ends} == {(2026, m) for m in range(1, 13)}
    assert len(kept) <= 7 + 4 + 12
    # Nothing older than 12 months' newest backups survives.
    assert min(kept) == datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


def test_several_backups_in_a_day_keep_only_the_newest_of_that_day() -> None:
    morning, noon, evening = (START.replace(hour=h) for h in (8, 12, 18))
    # A day later, only that day's newest is left of the three.
    next_day = evening + timedelta(days=1, hours=1)
    assert backups_to_keep([morning, noon, evening, next_day]) == {evening, next_day}


def test_everything_from_the_last_24_hours_is_kept() -> None:
    morning, noon, evening = (START.replace(hour=h) for h in (8, 12, 18))
    assert backups_to_keep([morning, noon, evening]) == {morning, noon, evening}
    day_before = evening - timedelta(hours=25)
    assert backups_to_keep([day_before, morning, noon, evening], daily=1, weekly=0, monthly=0) == {
        morning,
        noon,
        evening,
    }


def test_days_without_backups_do_not_count_towards_the_seven() -> None:
    # Backups on alternate days: the last 7 days *that have backups* are kept.
    taken = [START + timedelta(days=2 * n) for n in range(20)]
    kept = backups_to_keep(taken, weekly=0, monthly=0)
    assert kept == set(taken[-7:])


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        backups_to_keep([START], daily=-1)


# Properties ------------------------------------------------------------------------------------

moments = st.lists(
    st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    min_size=1,
    max_size=80,
)
counts = st.integers(min_value=0, max_value=10)


@settings(max_examples=80)
@given(taken=moments, daily=counts, weekly=counts, monthly=counts)
def test_properties_of_the_scheme(taken, daily, weekly, monthly) -> None:
    kept = backups_to_keep(taken, daily=daily, weekly=weekly, monthly=monthly)
    # Never deletes the newest, and keeps only backups it was given.
    assert max(taken) in kept
    assert kept <= set(taken)
    # At most one per counted day, week and month, besides the last 24 hours' backups.
    recent = {t for t in taken if max(taken) - t < timedelta(hours=24)}
    assert len(kept - recent) <= daily + weekly + monthly
    # Idempotent: applied to what it kept, it keeps all of it.
    assert backups_to_keep(sorted(kept), daily=daily, weekly=weekly, monthly=monthly) == kept
    # Order of the input does not matter.
    assert backups_to_keep(list(reversed(taken)), daily=daily, weekly=weekly, monthly=monthly) == (
        kept
    )


@settings(max_examples=60)
@given(taken=moments)
def test_keeps_the_newest_of_each_of_the_last_seven_days_with_backups(taken) -> None:
    kept = backups_to_keep(taken)
    days = sorted({t.date() for t in taken}, reverse=True)[:7]
    for day in days:
        newest_that_day = max(t for t in taken if t.date() == day)
        assert newest_that_day in kept
    # And of the last four ISO weeks and twelve months with backups.
    for bucket, limit in ((lambda t: t.isocalendar()[:2], 4), (lambda t: (t.year, t.month), 12)):
        buckets = sorted({bucket(t) for t in taken}, reverse=True)[:limit]
        for b in buckets:
            assert max(t for t in taken if bucket(t) == b) in kept
