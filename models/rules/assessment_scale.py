"""Waypost's own anchored scale for the six recovery domains.

Each domain is scored 1 to 5, where 1 is the greatest need and 5 is doing well without help.
The one-line descriptors below were written for Waypost (they are not taken from any licensed
tool); they anchor each level so that two navigators, or a survivor and a navigator, mean the
same thing by a "3".
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from models.enums import RecoveryDomain

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
SCORES = tuple(range(LOWEST_SCORE, HIGHEST_SCORE + 1))

# The same short name for each level in every domain, for column headings and screen readers.
LEVEL_NAMES: Mapping[int, str] = MappingProxyType(
    {1: "Crisis", 2: "Struggling", 3: "Getting by with support", 4: "Steady", 5: "Thriving"}
)

_DESCRIPTORS: dict[RecoveryDomain, tuple[str, str, str, str, str]] = {
    RecoveryDomain.MENTAL_HEALTH: (
        "Overwhelmed most days; distress stops sleep, eating or daily tasks, or there is a risk "
        "of self-harm.",
        "Frequent distress or flashbacks that disrupt daily life; no therapeutic support yet.",
        "Distress is still there but manageable with support that is now in place.",
        "Mostly coping, using their own ways of managing; setbacks are short.",
        "Feels well in themselves and handles setbacks without needing support.",
    ),
    RecoveryDomain.PHYSICAL_HEALTH: (
        "Untreated injury, illness or pain needing urgent care; not registered with a doctor.",
        "Health problems affect daily life; care has been asked for but not yet received.",
        "Registered with a GP and getting treatment; some problems remain.",
        "Health needs are managed; attends appointments with little help.",
        "In good health and arranges their own care when needed.",
    ),
    RecoveryDomain.FINANCIAL_STABILITY: (
        "No money or means of support at all; basic needs depend on emergency help.",
        "Some support but not enough for food, clothes or travel; may be in debt to exploiters.",
        "Basic needs are met through support payments or benefits, with help to manage them.",
        "A steady income or entitlement, and manages a budget with occasional advice.",
        "Financially independent: earning or studying towards it, with savings or a plan.",
    ),
    RecoveryDomain.SOCIAL_CONNECTION: (
        "Isolated: no one to turn to, or only people linked to the exploitation.",
        "Few contacts; wary of others and rarely leaves their accommodation.",
        "Some trusted people (support workers, a community or faith group) they see regularly.",
        "A few friends or family they rely on, and takes part in activities they choose.",
        "A settled network of relationships and a sense of belonging where they live.",
    ),
    RecoveryDomain.SAFETY: (
        "In immediate danger: exploiters know where they are, or they have no safe place to stay.",
        "Feels unsafe; threats, contact from exploiters or unsuitable housing continue.",
        "In safe accommodation with a safety plan; some worry about being found.",
        "Feels mostly safe and knows what to do and whom to call if that changes.",
        "Feels safe and secure in settled accommodation, with no current threat.",
    ),
    RecoveryDomain.LEGAL_STATUS: (
        "No status or documents and at risk of removal or detention; no legal advice.",
        "Status unresolved; decisions pending with little understanding of the process.",
        "A lawyer is acting and they understand the next steps in their case.",
        "Leave to remain or a positive decision, with some matters still open.",
        "Settled status and documents in hand; no open legal matters about their stay.",
    ),
}

DESCRIPTORS: Mapping[RecoveryDomain, tuple[str, ...]] = MappingProxyType(_DESCRIPTORS)


def descriptor(domain: RecoveryDomain, score: int) -> str:
    """The one-line anchor for ``score`` in ``domain``; raises ValueError outside 1 to 5."""
    if not is_valid_score(score):
        raise ValueError(
            f"A recovery score is a whole number from {LOWEST_SCORE} to {HIGHEST_SCORE}."
        )
    return _DESCRIPTORS[domain][score - LOWEST_SCORE]


def is_valid_score(score: object) -> bool:
    return isinstance(score, int) and not isinstance(score, bool) and score in SCORES
