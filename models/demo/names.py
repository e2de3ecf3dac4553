"""The synthetic names file: nationalities as the programme sees them, with their names.

Names are common given and family names from ``resources/demo/names.json``, combined at random
by ``people``; nobody real is described.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from models.enums import ExploitationType


@dataclass(frozen=True)
class NameGroup:
    """One nationality as the programme sees it: names, languages and a rough profile."""

    key: str
    nationality: str  # ISO 3166-1 alpha-2
    weight: float
    female_share: float
    age: tuple[int, int, int]  # youngest, oldest, most common at referral
    languages: tuple[tuple[str, float], ...]  # first language (BCP 47) and its weight
    also_speaks: tuple[tuple[str, float], ...]  # further languages and their likelihood
    english_documents: float  # chance an English speaker prefers English documents
    oic: float  # chance the case is linked to organised immigration crime
    known_as_last_given: float  # chance of being known by the last given name (Vietnamese)
    exploitation: tuple[tuple[ExploitationType, float], ...]
    given_female: tuple[str, ...]
    given_male: tuple[str, ...]
    family: tuple[str, ...]
    family_female: tuple[str, ...]  # same order as ``family``: Kowalski / Kowalska


@dataclass(frozen=True)
class NameData:
    groups: tuple[NameGroup, ...]
    aliases: tuple[str, ...]

    def language_tags(self) -> set[str]:
        tags: set[str] = set()
        for group in self.groups:
            tags.update(tag for tag, _ in group.languages)
            tags.update(tag for tag, _ in group.also_speaks)
        return tags


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("names.json: expected a list of non-empty strings")
    return tuple(value)


def _weights(value: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise ValueError("names.json: expected an object of weights")
    return tuple((str(k), float(v)) for k, v in value.items())


def _group(raw: dict[str, Any]) -> NameGroup:
    family = _strings(raw["family"])
    family_female = _strings(raw.get("family_female", raw["family"]))
    if len(family_female) != len(family):
        raise ValueError(f"names.json: {raw['key']}: family_female must match family")
    low, high, mode = (int(n) for n in raw["age"])
    return NameGroup(
        key=str(raw["key"]),
        nationality=str(raw["nationality"]),
        weight=float(raw["weight"]),
        female_share=float(raw["female_share"]),
        age=(low, high, mode),
        languages=_weights(raw["languages"]),
        also_speaks=_weights(raw.get("also_speaks", {})),
        english_documents=float(raw.get("english_documents", 0.0)),
        oic=float(raw.get("oic", 0.0)),
        known_as_last_given=float(raw.get("known_as_last_given", 0.0)),
        exploitation=tuple(
            (ExploitationType(kind), weight) for kind, weight in _weights(raw["exploitation"])
        ),
        given_female=_strings(raw["given_female"]),
        given_male=_strings(raw["given_male"]),
        family=family,
        family_female=family_female,
    )


@cache
def load_names() -> NameData:
    """The synthetic names shipped in the ``resources`` package (never read by source path)."""
    resource = resources.files("resources") / "demo" / "names.json"
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return NameData(
        groups=tuple(_group(g) for g in raw["groups"]),
        aliases=_strings(raw["aliases"]),
    )
