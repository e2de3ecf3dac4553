"""Synthetic support plans: versions, goals in the survivor's own words, and their actions.

Most active and on-hold survivors (and some whose case has closed) have a plan agreed a few weeks
after their case became active. A plan that has run for months may have a second version: agreed
(the first is then superseded) or still a draft (the first stays in force until it is agreed);
a few are marked reviewed instead. Some newly referred survivors have a first draft only. Every
agreed version satisfies ``rules.support_plan.validate_agreement``, and content is stored as
``normalise_draft`` leaves it (goals grouped by domain, keys unique and kept across versions).

Actions' statuses are those recorded when the version was saved (an agreed version never
changes), so an action past its date and not done is overdue, and a goal's review date that has
come is due: both feed the Agenda.

Plans draw from their own random stream, seeded from the fill's seed, so the cases, survivors
and notes a seed gives are the same with or without them. Dates are day ordinals here, and most
choices are one draw from a table built once per fill: at 100,000 cases this runs a few hundred
thousand times.
"""

from __future__ import annotations

import random
from datetime import date
from itertools import combinations, permutations

from models.demo.people import PersonFacts
from models.demo.plan_vocabulary import (
    ACTIONS,
    CHILDREN_ACTIONS,
    CHILDREN_GOAL,
    CHILDREN_GOALS,
    DOMAIN_WEIGHTS,
    GOALS,
    INTERPRETER,
    INTERPRETER_AGENCIES,
    LONG_GOALS,
    LONG_OWN_GOALS,
    OWN_GOALS,
    PRIORITY_WORDS,
    SAFETY,
    SAFETY_FIRST,
    SAFETY_LINES,
    SOCIAL,
)
from models.demo.randomness import Weighted, pick
from models.demo.rows import TIMES, OrdinalDates, Rows
from models.enums import ActionStatus, CaseStatus, PlanStatus, RecoveryDomain

# An action: what, who, by when (a day ordinal), status, key.
Action = tuple[str, str, int, ActionStatus, str]
# A goal: domain, the survivor's words, review date (a day ordinal, or 0 for none), key, actions.
Goal = tuple[RecoveryDomain, str, int, str, list[Action]]
# What the whole plan says besides its goals: language, interpreter's language and agency,
# the survivor's priorities and the safety plan.
Header = tuple[str, str, str, str, str]

# Which cases have a plan, by the case's status.
PLAN_SHARE = {CaseStatus.ACTIVE: 0.9, CaseStatus.ON_HOLD: 0.8, CaseStatus.CLOSED: 0.35}
REFERRED_DRAFT_SHARE = 0.3
# Of plans agreed more than five months before the case's end (today, unless on hold or closed).
SECOND_VERSION_SHARE = {CaseStatus.ACTIVE: 0.6, CaseStatus.ON_HOLD: 0.3, CaseStatus.CLOSED: 0.2}
SECOND_DRAFT_SHARE = 0.25  # of active cases' second versions: still being drafted
REVIEWED_SHARE = 0.1
# How many goals a plan has (a first draft has fewer), and actions a goal has.
GOAL_COUNTS = {2: 5.0, 3: 4.5, 4: 2.0, 5: 0.7, 6: 0.3}
FIRST_DRAFT_GOAL_COUNTS = {1: 2.0, 2: 3.0, 3: 2.0, 4: 1.0}
ACTION_COUNTS = {1: 6.0, 2: 3.0, 3: 1.0}
# Plans in one of the languages of OWN_GOALS with one or two goals in the survivor's own words.
OWN_WORDS_SHARE = 0.5
LONG_GOAL_SHARE = 0.05
LONG_OWN_GOAL_SHARE = 0.3  # of a translated safety goal, where there is a long one
CHILDREN_GOAL_SHARE = 0.5
OWN_REVIEW_DATE_SHARE = 0.25  # goals reviewed on a date of their own, not the plan's
NO_REVIEW_DATE_SHARE = 0.04
EMPTY_DRAFT_GOAL_SHARE = 0.1  # goals of a first draft with no action yet
INTERPRETER_RECORDED_SHARE = 0.92
PAIR_PRIORITIES_SHARE = 0.6

FINISHED = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
DOMAINS = tuple(RecoveryDomain)
DOMAIN_INDEX = {domain: i for i, domain in enumerate(DOMAINS)}

# uuid4's version and variant bits, set on 128 random bits: keys look like new_plan_key()'s.
_KEY_MASK = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_KEY_BITS = (0x4000 << 64) | (0x8000 << 48)


def _action_draws() -> tuple[tuple[int, ActionStatus], ...]:
    """Days until a new action is due, and its status when written down: mostly not started or
    in progress, a few already done. One fixed table, drawn from with one random number."""
    table = random.Random(20261125)
    draws = []
    for _ in range(500):
        r = table.random()
        status = (
            ActionStatus.NOT_STARTED
            if r < 0.5
            else ActionStatus.IN_PROGRESS
            if r < 0.9
            else ActionStatus.DONE
        )
        draws.append((21 + int(table.random() * 111), status))
    return tuple(draws)


def _domain_sets(counts: dict[int, float]) -> Weighted:
    """Which domains a plan's goals are in, in domain order: the common ones most often."""
    choices: list[tuple[tuple[RecoveryDomain, ...], float]] = []
    for count, count_weight in counts.items():
        sets = list(combinations(DOMAINS, count))
        weights = []
        for chosen in sets:
            weight = 1.0
            for domain in DOMAINS:
                share = DOMAIN_WEIGHTS[domain]
                weight *= share if domain in chosen else 1 - share
            weights.append(weight)
        total = sum(weights)
        choices += [(s, count_weight * w / total) for s, w in zip(sets, weights, strict=True)]
    return Weighted(choices)


class Plans:
    """The support plans of one fill: call ``add`` once per support case, in case order."""

    def __init__(
        self, seed: int, today: date, user: str, last_version_id: int, last_goal_id: int
    ) -> None:
        self.rng = random.Random(f"waypost demo support plans {seed}")
        self.today = today.toordinal()
        self.user = user
        self.iso = OrdinalDates()
        self.version_id = last_version_id
        self.goal_id = last_goal_id
        self.count = 0  # cases given a plan
        self.domain_sets = _domain_sets(GOAL_COUNTS)
        self.first_draft_domain_sets = _domain_sets(FIRST_DRAFT_GOAL_COUNTS)
        self.action_counts = Weighted(list(ACTION_COUNTS.items()))
        self.action_draws = _action_draws()
        # Each domain's actions, with or without interpreter and children's ones.
        self.pools: dict[tuple[RecoveryDomain, bool, bool], tuple[tuple[str, str], ...]] = {}
        for domain, actions in ACTIONS.items():
            for interpreter in (False, True):
                pool = tuple(a for a in actions if interpreter or a[1] != INTERPRETER)
                for children in (False, True):
                    extra = CHILDREN_ACTIONS if children and domain is SOCIAL else ()
                    self.pools[domain, interpreter, children] = extra + pool
        # Every ordered choice of 1-3 actions from each pool, to draw from at once.
        self.choices = {
            (*key, count): tuple(permutations(pool, count))
            for key, pool in self.pools.items()
            for count in ACTION_COUNTS
        }
        self.pair_priorities = tuple(
            f"{a[0].upper()}{a[1:]} comes first, then {b}."
            for first, second in permutations(DOMAINS, 2)
            for a in PRIORITY_WORDS[first]
            for b in PRIORITY_WORDS[second]
        )
        self.three_priorities = tuple(
            f"{a[0].upper()}{a[1:]} comes first, then {b} and {c}."
            for first, second, third in permutations(DOMAINS, 3)
            for a in PRIORITY_WORDS[first]
            for b in PRIORITY_WORDS[second]
            for c in PRIORITY_WORDS[third]
        )
        self.safety_plans = tuple(
            "\n".join((SAFETY_FIRST, *lines))
            for count in (2, 3)
            for lines in permutations(SAFETY_LINES, count)
        )

    # The plan as a whole -----------------------------------------------------------------------

    def add(
        self,
        case_id: int,
        status: CaseStatus,
        history: list[tuple[CaseStatus, date]],
        opened: date,
        end: date,
        person: PersonFacts,
        rows: Rows,
    ) -> None:
        """Add the plan of one support case, if it has one. ``end`` is the last day anything
        happened on the case: today, or when it was put on hold or closed."""
        rng = self.rng
        today = self.today
        if status is CaseStatus.REFERRED:
            if rng.random() < REFERRED_DRAFT_SHARE:
                started = opened.toordinal()
                started += int(rng.random() * (today - started + 1))
                self._first_draft(case_id, person, started, rows)
            return
        if rng.random() >= PLAN_SHARE[status]:
            return
        active_on = next(day for s, day in history if s is CaseStatus.ACTIVE).toordinal()
        last = end.toordinal()
        agreed = active_on + 5 + int(rng.random() * 31)
        if agreed > last:
            if status is CaseStatus.ACTIVE:
                drafted = active_on + int(rng.random() * (today - active_on + 1))
                self._first_draft(case_id, person, drafted, rows)
                return
            if last - opened.toordinal() < 3:
                return  # it went quiet or closed before there was time for a plan
            agreed = last  # agreed in a hurry, just before the case went quiet or closed
        self.count += 1
        at = " " + pick(rng, TIMES)
        header = self._header(person)
        goals = self._goals(person, agreed, self.domain_sets.pick(rng))
        started = max(opened.toordinal(), agreed - int(rng.random() * 8))
        saves = 1 + int(rng.random() * 4)
        span = last - agreed
        r = rng.random()
        if span > 150 and r < SECOND_VERSION_SHARE[status]:
            if status is CaseStatus.ACTIVE and rng.random() < SECOND_DRAFT_SHARE:
                # A new version is being drafted; the first stays in force until it is agreed.
                first = self._emit(
                    rows, case_id, 1, PlanStatus.AGREED, None, header, goals, at,
                    started, agreed, saves + 2, agreed,
                )  # fmt: skip
                drafted = today - int(rng.random() * 41)
                saved = drafted + int(rng.random() * (today - drafted + 1))
                self._emit(
                    rows, case_id, 2, PlanStatus.DRAFTED, first, self._revise_header(header),
                    self._revise(goals, drafted, person), at,
                    drafted, saved, 1 + int(rng.random() * 6),
                )  # fmt: skip
                return
            agreed_again = last - 10 - int(rng.random() * min(110, span - 70))
            first = self._emit(
                rows, case_id, 1, PlanStatus.SUPERSEDED, None, header, goals, at,
                started, agreed_again, saves + 3, agreed,
            )  # fmt: skip
            self._emit(
                rows, case_id, 2, PlanStatus.AGREED, first, self._revise_header(header),
                self._revise(goals, agreed_again, person), at,
                agreed_again - int(rng.random() * 15), agreed_again, 2 + int(rng.random() * 5),
                agreed_again,
            )  # fmt: skip
            return
        if span > 130 and r > 1 - REVIEWED_SHARE:
            first_review = min((goal[2] for goal in goals if goal[2]), default=0)
            if first_review and first_review <= last:
                # Reviewed with the survivor around the first review date, and left unchanged.
                reviewed = first_review + int(rng.random() * (min(last - first_review, 30) + 1))
                self._emit(
                    rows, case_id, 1, PlanStatus.REVIEWED, None, header, goals, at,
                    started, reviewed, saves + 3, agreed, reviewed,
                )  # fmt: skip
                return
        self._emit(
            rows, case_id, 1, PlanStatus.AGREED, None, header, goals, at,
            started, agreed, saves + 2, agreed,
        )  # fmt: skip

    def _first_draft(self, case_id: int, person: PersonFacts, started: int, rows: Rows) -> None:
        """A first plan still being drafted: fewer goals, and not every goal has an action."""
        rng = self.rng
        self.count += 1
        domains = self.first_draft_domain_sets.pick(rng)
        goals = self._goals(person, started, domains, draft=True)
        saved = started + int(rng.random() * (self.today - started + 1))
        self._emit(
            rows, case_id, 1, PlanStatus.DRAFTED, None, self._header(person), goals,
            " " + pick(rng, TIMES), started, saved, 1 + int(rng.random() * 6),
        )  # fmt: skip

    def _header(self, person: PersonFacts) -> Header:
        rng = self.rng
        interpreter_language = agency = ""
        if person.interpreter:
            interpreter_language = person.language
            if rng.random() < INTERPRETER_RECORDED_SHARE:
                agency = pick(rng, INTERPRETER_AGENCIES)
        return (
            person.language,
            interpreter_language,
            agency,
            self._priorities(),
            pick(rng, self.safety_plans),
        )

    def _revise_header(self, header: Header) -> Header:
        rng = self.rng
        language, interpreter_language, agency, priorities, safety_plan = header
        r = rng.random()
        if r < 0.3:
            priorities = self._priorities()
        if r > 0.7:
            safety_plan = pick(rng, self.safety_plans)
        return language, interpreter_language, agency, priorities, safety_plan

    def _priorities(self) -> str:
        rng = self.rng
        if rng.random() < PAIR_PRIORITIES_SHARE:
            return pick(rng, self.pair_priorities)
        return pick(rng, self.three_priorities)

    # Goals and actions -------------------------------------------------------------------------

    def _goals(
        self,
        person: PersonFacts,
        as_of: int,
        domains: tuple[RecoveryDomain, ...],
        draft: bool = False,
    ) -> list[Goal]:
        """Goals in ``domains`` (in domain order), each with its actions, as of ``as_of``."""
        rng = self.rng
        random_ = rng.random
        bits = rng.getrandbits
        own = -1
        also_own = -1
        if person.language in OWN_GOALS and random_() < OWN_WORDS_SHARE:
            own = int(random_() * len(domains))
            if len(domains) > 1 and random_() < 0.35:
                also_own = (own + 1) % len(domains)
        plan_review = as_of + 105 + int(random_() * 31)
        interpreter = bool(person.interpreter)
        children = person.children
        choices = self.choices
        counts = self.action_counts
        draws = self.action_draws
        goals: list[Goal] = []
        for i, domain in enumerate(domains):
            words = self._words(domain, person, i in (own, also_own))
            actions: list[Action] = []
            if not draft or random_() >= EMPTY_DRAFT_GOAL_SHARE:
                table = choices[domain, interpreter, children, counts.pick(rng)]
                for what, who in table[int(random_() * len(table))]:
                    days, status = draws[int(random_() * len(draws))]  # ``pick``, inlined
                    key = f"{bits(128) & _KEY_MASK | _KEY_BITS:032x}"
                    actions.append((what, who, as_of + days, status, key))
            review = plan_review if random_() >= OWN_REVIEW_DATE_SHARE else self._review(as_of)
            key = f"{bits(128) & _KEY_MASK | _KEY_BITS:032x}"
            goals.append((domain, words, review, key, actions))
        return goals

    def _review(self, as_of: int) -> int:
        """A goal's own review date, around four months on (0: none)."""
        r = self.rng.random()
        if r < NO_REVIEW_DATE_SHARE:
            return 0
        return as_of + 91 + int(r * 90)

    def _words(self, domain: RecoveryDomain, person: PersonFacts, own: bool) -> str:
        rng = self.rng
        r = rng.random()
        children = person.children and domain is SOCIAL and r < CHILDREN_GOAL_SHARE
        if own:
            language = person.language
            if children:
                return CHILDREN_GOALS[language]
            long = LONG_OWN_GOALS.get(language)
            if long is not None and domain is SAFETY and r < LONG_OWN_GOAL_SHARE:
                return long
            return pick(rng, OWN_GOALS[language][domain])
        if children:
            return CHILDREN_GOAL
        if r < LONG_GOAL_SHARE and domain in LONG_GOALS:
            return LONG_GOALS[domain]
        return pick(rng, GOALS[domain])

    def _new_action(
        self, domain: RecoveryDomain, person: PersonFacts, as_of: int, taken: set[str]
    ) -> list[Action]:
        """One action not already under the goal (none if the domain has run out)."""
        rng = self.rng
        pool = self.pools[domain, bool(person.interpreter), person.children]
        pool = tuple(a for a in pool if a[0] not in taken)
        if not pool:
            return []
        what, who = pick(rng, pool)
        days, status = pick(rng, self.action_draws)
        key = f"{rng.getrandbits(128) & _KEY_MASK | _KEY_BITS:032x}"
        return [(what, who, as_of + days, status, key)]

    def _revise(self, goals: list[Goal], as_of: int, person: PersonFacts) -> list[Goal]:
        """The next version, as saved on ``as_of``: progress on the actions, a goal met and
        left out, new actions and perhaps a new goal. Keys carry over."""
        rng = self.rng
        plan_review = as_of + 105 + int(rng.random() * 31)
        revised: list[Goal] = []
        dropped_goal = False
        for domain, words, _, key, actions in goals:
            moved: list[Action] = []
            for what, who, by_when, status, action_key in actions:
                if status not in FINISHED:
                    r = rng.random()
                    if by_when < as_of:
                        if r < 0.65:
                            status = ActionStatus.DONE
                        elif r < 0.72:
                            status = ActionStatus.DROPPED
                        else:  # not done yet: a new date
                            status = ActionStatus.IN_PROGRESS
                            by_when = as_of + 14 + int(r * 60)
                    elif r < 0.4:
                        status = ActionStatus.IN_PROGRESS
                moved.append((what, who, by_when, status, action_key))
            finished = all(action[3] in FINISHED for action in moved)
            r = rng.random()
            if finished and not dropped_goal and len(goals) > 2 and r < 0.4:
                dropped_goal = True  # met: not carried into the new version
                continue
            if (finished or r < 0.3) and len(moved) < max(ACTION_COUNTS):
                moved += self._new_action(domain, person, as_of, {a[0] for a in moved})
            review = plan_review if rng.random() >= OWN_REVIEW_DATE_SHARE else self._review(as_of)
            revised.append((domain, words, review, key, moved))
        if rng.random() < 0.35 and len(goals) < len(DOMAINS):
            used = {goal[0] for goal in goals}
            domain = pick(rng, [d for d in DOMAINS if d not in used])
            revised += self._goals(person, as_of, (domain,))
            revised.sort(key=lambda goal: DOMAIN_INDEX[goal[0]])
        return revised

    # Rows --------------------------------------------------------------------------------------

    def _emit(
        self,
        rows: Rows,
        case_id: int,
        number: int,
        status: PlanStatus,
        based_on: int | None,
        header: Header,
        goals: list[Goal],
        at: str,
        created: int,
        updated: int,
        counter: int,
        agreed: int = 0,
        reviewed: int = 0,
    ) -> int:
        """Add one version's rows; return its ID. ``agreed`` and ``reviewed`` are 0 for none.

        Values are plain ``str`` and ``int``, never enum members or ``bool``: the driver binds
        exact types directly but looks up an adapter for subclasses, which costs microseconds
        a value (``check_storage`` confirms the stored forms are the same)."""
        iso = self.iso
        self.version_id += 1
        version_id = self.version_id
        language, interpreter_language, agency, priorities, safety_plan = header
        rows.tables["plan_version"].append(
            (
                version_id,
                case_id,
                number,
                status.value,
                based_on,
                language,
                interpreter_language,
                agency,
                priorities,
                safety_plan,
                iso[agreed] if agreed else None,
                1 if agreed else 0,
                self.user if agreed else "",
                iso[reviewed] if reviewed else None,
                self.user,
                counter,
                iso[created] + at,
                iso[updated] + at,
            )
        )
        goal_rows = rows.tables["plan_goal"]
        action_rows = rows.tables["plan_action"]
        goal_id = self.goal_id
        for position, (domain, words, review, key, actions) in enumerate(goals):
            goal_id += 1
            goal_rows.append(
                (
                    goal_id,
                    version_id,
                    position,
                    key,
                    domain.value,
                    words,
                    iso[review] if review else None,
                )
            )
            for j, (what, who, by_when, action_status, action_key) in enumerate(actions):
                action_rows.append(
                    (goal_id, j, action_key, what, who, iso[by_when], action_status.value)
                )
        self.goal_id = goal_id
        return version_id
