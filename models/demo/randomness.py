"""Random helpers: weighted and uniform choices, samples and dates from one ``random.Random``.

These replace the standard ``rng.choice``/``rng.sample`` for speed, so they consume the random
stream in their own way: changing one changes every demo vault a seed gives.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, TypeVar

T = TypeVar("T")


class Weighted:
    """A weighted choice with precomputed cumulative weights (fast for repeated draws)."""

    def __init__(self, items: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice``, about twice as fast (it matters a few million times over)."""
    return items[int(rng.random() * len(items))]


def sample(rng: random.Random, items: Sequence[T], count: int) -> list[T]:
    """``count`` distinct items in random order (``rng.sample`` without its type checks)."""
    pool = list(items)
    for i in range(count):
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]


def between(rng: random.Random, start: date, end: date) -> date:
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=int(rng.random() * (span + 1)))


def dates(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    return sorted(between(rng, start, end) for _ in range(count))
