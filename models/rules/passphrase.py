"""How strong a vault passphrase is, as a pure function over zxcvbn.

The passphrase is never stored or logged here: only the score and zxcvbn's generic feedback
leave this module, and neither quotes the text typed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

MIN_LENGTH: Final = 12
MIN_SCORE: Final = 3
# zxcvbn's matching grows worse than linearly with length (about 0.2 s at 100 characters), and
# a prefix of 100 characters that scores well is a strong passphrase whatever follows it.
SCORED_PREFIX: Final = 100

LABELS: Final[tuple[str, ...]] = ("Very weak", "Weak", "Fair", "Good", "Strong")

TOO_SHORT_SUGGESTION: Final = f"Use at least {MIN_LENGTH} characters."

# Words anyone attacking a Waypost vault would try first.
_APP_WORDS: Final[tuple[str, ...]] = ("waypost", "navigator", "victim", "vault")

# zxcvbn() rebinds a module-level dictionary for the user inputs on every call, so two threads
# scoring at once could score against each other's words.
_zxcvbn_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class PassphraseAssessment:
    score: int
    label: str
    warning: str
    suggestions: tuple[str, ...]
    acceptable: bool


def assess_passphrase(text: str, user_inputs: Sequence[str] = ()) -> PassphraseAssessment:
    """Score ``text`` from 0 (very weak) to 4 (strong).

    A passphrase is acceptable for a vault when it scores at least ``MIN_SCORE`` and has at
    least ``MIN_LENGTH`` characters. ``user_inputs`` are words the passphrase should not lean
    on, such as the navigator's name.
    """
    if not text:
        # zxcvbn raises IndexError on the empty string.
        return PassphraseAssessment(
            score=0,
            label=LABELS[0],
            warning="",
            suggestions=(TOO_SHORT_SUGGESTION,),
            acceptable=False,
        )
    result = _zxcvbn(text[:SCORED_PREFIX], [*_APP_WORDS, *user_inputs])
    score = min(max(int(result["score"]), 0), len(LABELS) - 1)
    feedback: dict[str, Any] = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "")
    suggestions = tuple(str(s) for s in feedback.get("suggestions") or ())
    long_enough = len(text) >= MIN_LENGTH
    if not long_enough:
        # zxcvbn happily rates an 11-character random string "Strong"; say why it is refused.
        suggestions = (TOO_SHORT_SUGGESTION, *suggestions)
    return PassphraseAssessment(
        score=score,
        label=LABELS[score],
        warning=warning,
        suggestions=suggestions,
        acceptable=long_enough and score >= MIN_SCORE,
    )


def _zxcvbn(text: str, user_inputs: list[str]) -> dict[str, Any]:
    # Imported here so that merely importing the rules does not load zxcvbn's frequency lists
    # on the way to the unlock window.
    from zxcvbn import zxcvbn

    with _zxcvbn_lock:
        result: dict[str, Any] = zxcvbn(text, user_inputs=user_inputs, max_length=SCORED_PREFIX)
    return result
