"""What one fill shares across its cases: the random stream, weighted choices and caches."""

from __future__ import annotations

import random
from datetime import date

from models.demo.names import load_names
from models.demo.randomness import Weighted
from models.demo.rows import TIMES, IsoDates, json_text
from models.demo.vocabulary import (
    ARRIVAL_ROUTES,
    FINAL_ENGAGEMENT,
    FORCE_WEIGHTS,
    OTHER_FORCE_WEIGHT,
    PORT_FORCES,
    STRATEGIC_EXPLOITATION,
    STRATEGIC_REFERRALS,
    SUPPORT_REFERRALS,
)
from models.enums import ConsentScope
from models.rules.police_forces import POLICE_FORCES


class Fill:
    """State for one ``populate_demo`` call; every draw comes from ``rng``, in a fixed order."""

    def __init__(self, rng: random.Random, today: date, user: str) -> None:
        names = load_names()
        self.rng = rng
        self.today = today
        self.user = user
        self.aliases = names.aliases
        self.groups = Weighted([(g, g.weight) for g in names.groups])
        self.group_languages = {g.key: Weighted(g.languages) for g in names.groups}
        self.group_exploitation = {g.key: Weighted(g.exploitation) for g in names.groups}
        forces = dict.fromkeys(POLICE_FORCES, OTHER_FORCE_WEIGHT) | FORCE_WEIGHTS
        self.forces = Weighted(list(forces.items()))
        self.port_forces = Weighted(list(PORT_FORCES.items()))
        self.support_referrals = Weighted(list(SUPPORT_REFERRALS.items()))
        self.strategic_referrals = Weighted(list(STRATEGIC_REFERRALS.items()))
        self.strategic_exploitation = Weighted(list(STRATEGIC_EXPLOITATION.items()))
        self.final_engagement = Weighted(list(FINAL_ENGAGEMENT.items()))
        self.routes = Weighted(ARRIVAL_ROUTES)
        self.iso = IsoDates()
        self.at = " " + TIMES[0]  # the time of day this case's rows were recorded
        self.nationalities = {g.key: json_text([g.nationality]) for g in names.groups}
        self.scopes: dict[frozenset[ConsentScope], str] = {}
