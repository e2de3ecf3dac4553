"""Which backups to keep: the newest of each of the last N days, ISO weeks and months.

The scheme is restic's ``forget --keep-daily/--keep-weekly/--keep-monthly``: walk the backups
newest first; a backup is kept if it is the newest of a calendar day that is not counted yet
while fewer than ``daily`` days have been counted, and likewise for ISO weeks and calendar
months. The newest backup, and every backup from the 24 hours before it, is always kept (like
restic's ``--keep-within 1d``). Each rule looks at every backup on its own, and a backup is kept
if any rule keeps it. Each rule keeps the newest backup of its newest buckets,
so the scheme is stable: applied to what it kept, it keeps all of it again.

Days, weeks and months are read from the datetimes as given (the caller passes UTC).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime, timedelta

__all__ = ["DAILY", "MONTHLY", "WEEKLY", "backups_to_keep"]

DAILY = 7
WEEKLY = 4
MONTHLY = 12
RECENT = timedelta(hours=24)


def _day(taken: datetime) -> Hashable:
    return taken.date()


def _iso_week(taken: datetime) -> Hashable:
    year, week, _ = taken.isocalendar()
    return (year, week)


def _month(taken: datetime) -> Hashable:
    return (taken.year, taken.month)


def backups_to_keep(
    taken: Sequence[datetime], *, daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> frozenset[datetime]:
    """The times (from ``taken``) of the backups to keep; every other backup may go."""
    if min(daily, weekly, monthly) < 0:
        raise ValueError("retention counts must not be negative")
    newest_first = sorted(set(taken), reverse=True)
    if not newest_first:
        return frozenset()
    # Everything from the newest backup's last 24 hours too: a backup taken by hand this
    # morning must not be pruned by this afternoon's automatic one.
    kept = {moment for moment in newest_first if newest_first[0] - moment < RECENT}
    rules: tuple[tuple[Callable[[datetime], Hashable], int], ...] = (
        (_day, daily),
        (_iso_week, weekly),
        (_month, monthly),
    )
    for bucket_of, limit in rules:
        counted: set[Hashable] = set()
        for moment in newest_first:
            if len(counted) >= limit:
                break
            bucket = bucket_of(moment)
            # Newest first, so the first backup seen in a bucket is that bucket's newest.
            if bucket not in counted:
                counted.add(bucket)
                kept.add(moment)
    return frozenset(kept)
