"""What the validator and "refuse and change nothing" properties share: strategies for hostile
input and the checks that a refusal is clear. It holds no tests itself.

A refusal is clear when every problem names a field the navigator can find (a field of the
input, or a parameter of the validator) and says, in a plain English sentence, what to fix,
without quoting what was typed (messages can reach a log).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from hypothesis import settings
from hypothesis import strategies as st

from models.errors import FieldProblem, ValidationError, WaypostError

T = TypeVar("T")

# The vault's today in every property (the services get it through ServiceContext.today).
TODAY = date(2026, 11, 25)
DAY = timedelta(days=1)

# For properties over DTOs with many free-text fields (each example costs milliseconds to
# build): half the suite's examples, so that these files stay within their time budget.
big_inputs = settings(max_examples=30)

# Typed text carries this marker, so that a message quoting it can be told apart from a message
# that happens to use the same word.
MARK = "Qz7Xq"

# The limits the validators use, and one either side of each: where off-by-one mistakes live.
_LENGTHS_NEAR_LIMITS = (0, 1, 2, 3, 19, 20, 21, 35, 36, 39, 40, 41, 99, 100, 101, 119, 120, 121)
_LONG_LENGTHS = (199, 200, 201, 999, 1000, 1001, 1999, 2000, 2001, 10_000, 20_000, 20_001)

_AWKWARD_PIECES = (
    " ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u00ad",  # soft hyphen
    "\ufeff",  # byte order mark
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "مرحبا بك",
    "שלום",
    "ትግርኛ",
    "Nguyễn",
    "Nguye\u0302\u0303n",  # the same name, decomposed (as macOS types it)
    "🙂",
    "👩🏽‍⚖️",
    "🏳️‍🌈",
    "'; DROP TABLE person; --",
    "%s %d {0} {name}",
    "None",
)


def texts(max_size: int = 24) -> st.SearchStrategy[str]:
    """Anything a navigator could type or paste: empty, blank, control characters, right-to-left
    and invisible marks, emoji, and text just under, at and over every length limit."""
    pieces = st.one_of(st.text(max_size=max_size), st.sampled_from(_AWKWARD_PIECES))
    mixed = st.lists(pieces, max_size=4).map("".join)
    sized = st.builds(
        lambda unit, size: (unit * size)[:size],
        st.text(min_size=1, max_size=3) | st.sampled_from(("x", "é", "🙂", " ", "ab ")),
        st.sampled_from(_LENGTHS_NEAR_LIMITS + _LONG_LENGTHS),
    )
    return st.one_of(st.just(""), mixed, sized)


def marked(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The same text with MARK in it, so a message echoing it can be caught."""
    return st.builds(lambda text, at: text[:at] + MARK + text[at:], strategy, st.integers(0, 50))


def dates() -> st.SearchStrategy[date]:
    """Any day from year 1 to 9999, weighted towards the days around TODAY."""
    return st.one_of(
        st.dates(),
        st.dates(TODAY - timedelta(days=800), TODAY + timedelta(days=800)),
        st.sampled_from((date.min, date.max, TODAY, TODAY + DAY, TODAY - DAY)),
    )


def integers() -> st.SearchStrategy[int]:
    """Small, negative and huge whole numbers, 64-bit edges included."""
    return st.one_of(
        st.integers(-3, 130),
        st.integers(),
        st.sampled_from((-(2**63), 2**63 - 1, 2**63, 2**64, 10**30)),
    )


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def tuples_of(
    strategy: st.SearchStrategy[T], max_size: int = 4
) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


# -- Checks ---------------------------------------------------------------------------------------

# Signs that a message is Python talking, not Waypost.
_NOT_PLAIN_ENGLISH = ("Traceback", "Error", "Exception", "None", "{", "}", "<", ">", "_", "\\x")


def field_names(*dataclass_types: type) -> frozenset[str]:
    return frozenset(f.name for kind in dataclass_types for f in dataclasses.fields(kind))


def _resolves(root: object, path: str) -> bool:
    """Whether "goals.0.actions.1.who" leads somewhere inside ``root``."""
    current = root
    for part in path.split("."):
        if isinstance(current, tuple | list) and part.isdigit():
            if int(part) >= len(current):
                return False
            current = current[int(part)]
        elif dataclasses.is_dataclass(current) and part in field_names(type(current)):
            current = getattr(current, part)
        else:
            return False
    return True


def assert_plain_message(message: str) -> None:
    assert isinstance(message, str)
    assert message, "an empty message"
    assert message == message.strip(), f"stray spaces around {message!r}"
    assert message[0].isupper(), f"not a sentence: {message!r}"
    assert message.endswith("."), f"not a sentence: {message!r}"
    assert len(message) <= 320, f"too long to read in a dialog: {message!r}"
    for sign in _NOT_PLAIN_ENGLISH:
        assert sign not in message, f"{sign!r} in {message!r}"
    assert MARK not in message, f"the message quotes what was typed: {message!r}"


def assert_clear_problems(
    problems: object, fields: Collection[str] = (), roots: Sequence[object] = ()
) -> None:
    """Every problem names one of ``fields`` (or a path inside one of ``roots``) and says what
    to fix in plain English."""
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, FieldProblem)
        assert problem.field in fields or any(_resolves(r, problem.field) for r in roots), (
            f"{problem.field!r} is not a field the navigator can find"
        )
        assert_plain_message(problem.message)


def assert_deterministic(validate: Callable[[], T]) -> T:
    first = validate()
    assert validate() == first, "the same input gave a different answer"
    return first


def problem_fields(problems: Iterable[FieldProblem]) -> set[str]:
    return {p.field for p in problems}


def assert_plain_refusal(error: WaypostError) -> None:
    """A refusal the navigator is shown: plain sentences; for a ValidationError, every problem
    listed in the message."""
    text = error.user_message
    assert text and MARK not in text
    for sign in ("Traceback", "Exception", "{", "}", "<", ">", "\\x"):
        assert sign not in text, f"{sign!r} in {text!r}"
    if isinstance(error, ValidationError):
        assert error.problems, "a ValidationError with no problems says nothing"
        assert text.startswith("Please correct the following:")
        for problem in error.problems:
            assert_plain_message(problem.message)
            assert problem.message in text
    else:
        assert_plain_message(text)
