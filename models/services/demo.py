"""Synthetic demo data: a caseload that looks like a Victim Navigator's, describing nobody.

Everything is drawn from one ``random.Random(seed)`` and dated relative to ``ctx.today()``, so
the same seed and count always give the same references, names, dates and notes. Names are
common given and family names from ``resources/demo/names.json`` combined at random; phone
numbers are in Ofcom's drama range (07700 900xxx), email domains are reserved example domains,
and addresses are in towns that do not exist with ZZ postcodes.

Rows are written in batches with the driver's executemany, inside one transaction, so that
100,000 cases take seconds rather than minutes. The audit log gets a single entry for the whole
fill (it never holds personal data, synthetic or not).
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from models import search_index
from models.base import Base
from models.entities import Case, Person, ReferenceCounter
from models.enums import (
    AuditAction,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    DatePrecision,
    ExploitationType,
    Gender,
    PoliceEngagement,
    ReferralSource,
)
from models.rules.case_reference import format_reference
from models.rules.police_forces import POLICE_FORCES
from models.rules.search_terms import fold
from models.services import audit
from models.services.context import ServiceContext

T = TypeVar("T")

# Cases opened over roughly the three years before "today", a little denser recently.
SPAN_DAYS = 3 * 365
STRATEGIC_SHARE = 0.15
BATCH_CASES = 2000
MIN_AGE = 16
MAX_AGE = 55


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    people: int
    contacts: int
    consents: int


# --- The names file ------------------------------------------------------------------------


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


# --- Fixed vocabularies ----------------------------------------------------------------------

# English names for the languages in names.json, used only in the wording of contact notes.
LANGUAGE_NAMES: dict[str, str] = {
    "am": "Amharic", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali",
    "ckb": "Kurdish Sorani", "cs": "Czech", "en": "English", "es": "Spanish", "fa": "Farsi",
    "hi": "Hindi", "ig": "Igbo", "kmr": "Kurdish Kurmanji", "lt": "Lithuanian", "pa": "Punjabi",
    "pl": "Polish", "prs": "Dari", "ps": "Pashto", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "so": "Somali", "sq": "Albanian", "ta": "Tamil", "th": "Thai",
    "ti": "Tigrinya", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "yo": "Yoruba", "zh": "Mandarin",
}  # fmt: skip

# Where cases sit: the programme's host forces and Border Force carry most of the caseload.
FORCE_WEIGHTS: dict[str, float] = {
    "Metropolitan Police Service": 20,
    "Essex Police": 15,
    "Greater Manchester Police": 11,
    "West Yorkshire Police": 10,
    "Surrey Police": 8,
    "Kent Police": 7,
    "Border Force": 5,
    "West Midlands Police": 3,
    "Thames Valley Police": 2,
    "Hertfordshire Constabulary": 2,
    "Sussex Police": 1.5,
    "Police Scotland": 1.5,
    "British Transport Police": 1.5,
    "National Crime Agency": 1,
    "Lancashire Constabulary": 1,
    "Merseyside Police": 1,
    "South Yorkshire Police": 1,
}
OTHER_FORCE_WEIGHT = 0.25
# When Border Force refers, the case sits with Border Force or a force policing a port.
PORT_FORCES: dict[str, float] = {
    "Border Force": 13,
    "Kent Police": 2.5,
    "Essex Police": 2,
    "Metropolitan Police Service": 1.5,
    "Sussex Police": 0.5,
    "Police Scotland": 0.5,
}
PORTS = (
    "Port of Dover",
    "Heathrow Airport",
    "Stansted Airport",
    "Gatwick Airport",
    "Harwich International Port",
    "Port of Tilbury",
    "Manchester Airport",
    "Glasgow Airport",
    "Edinburgh Airport",
)
SUPPORT_REFERRALS: dict[ReferralSource, float] = {
    ReferralSource.POLICE_FORCE: 48,
    ReferralSource.BORDER_FORCE: 14,
    ReferralSource.NGO: 16,
    ReferralSource.LOCAL_AUTHORITY: 9,
    ReferralSource.HEALTH: 5,
    ReferralSource.SELF: 3,
    ReferralSource.OTHER: 5,
}
STRATEGIC_REFERRALS: dict[ReferralSource, float] = {
    ReferralSource.POLICE_FORCE: 80,
    ReferralSource.BORDER_FORCE: 15,
    ReferralSource.OTHER: 5,
}
STRATEGIC_EXPLOITATION: dict[ExploitationType, float] = {
    ExploitationType.LABOUR: 4,
    ExploitationType.SEXUAL: 3,
    ExploitationType.CRIMINAL: 3,
    ExploitationType.DOMESTIC_SERVITUDE: 0.5,
    ExploitationType.ORGAN_HARVESTING: 0.05,
}
FINAL_ENGAGEMENT: dict[PoliceEngagement, float] = {
    PoliceEngagement.ENGAGED: 86,
    PoliceEngagement.CONSIDERING: 4,
    PoliceEngagement.DECLINED: 6,
    PoliceEngagement.WITHDRAWN: 4,
}

OPERATION_WORDS = (
    "Alder", "Anvil", "Arden", "Aspen", "Avocet", "Bantam", "Barrow", "Bastion", "Beacon",
    "Bittern", "Blackthorn", "Bracken", "Bramble", "Brigantine", "Buttress", "Calder",
    "Caraway", "Cascade", "Chalice", "Cinder", "Clarion", "Cobalt", "Copper", "Coracle",
    "Cormorant", "Corrie", "Curlew", "Damask", "Dunlin", "Ember", "Escarp", "Falconer",
    "Fathom", "Fennel", "Fieldfare", "Flint", "Foxglove", "Gannet", "Garnet", "Gorse",
    "Granite", "Greylag", "Halyard", "Harrier", "Hawthorn", "Heron", "Hollyhock", "Ironwood",
    "Jackdaw", "Juniper", "Kelpie", "Kestrel", "Kittiwake", "Lantern", "Larch", "Lodestar",
    "Longbow", "Lugger", "Malachite", "Mallard", "Marram", "Merlin", "Millstone", "Moorhen",
    "Nettle", "Nightjar", "Oakapple", "Obsidian", "Osprey", "Oxbow", "Pennant", "Peregrine",
    "Pibroch", "Pinnacle", "Plover", "Quarry", "Quillwort", "Rampart", "Redshank", "Ridgeway",
    "Rowan", "Saltire", "Samphire", "Sandpiper", "Sextant", "Shingle", "Siskin", "Skerry",
    "Sorrel", "Spinnaker", "Starling", "Stonechat", "Tamarisk", "Tansy", "Teasel", "Thistle",
    "Thornback", "Tideway", "Topaz", "Turnstone", "Umber", "Vantage", "Verdigris", "Wagtail",
    "Waymark", "Wheatear", "Whinchat", "Wildfire", "Willowherb", "Windlass", "Wren", "Yarrow",
)  # fmt: skip

FICTIONAL_TOWNS = (
    "Exampleton",
    "Sampleford",
    "Demoport",
    "Fictonbury",
    "Testwick",
    "Nowhere Magna",
    "Madeupton",
    "Placeholder St Mary",
)
STREETS = (
    "Lantern", "Willow", "Harbour", "Orchard", "Meadow", "Kestrel", "Juniper", "Quarry",
    "Chapel", "Mill", "Station", "Victoria", "Albion", "Rosebank", "Foundry", "Canal",
)  # fmt: skip
STREET_KINDS = ("Road", "Street", "Close", "Lane", "Terrace", "Court", "Gardens")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")

# What a case summary says about how the exploitation was found, by type.
EXPLOITATION_STORIES: dict[ExploitationType, tuple[str, ...]] = {
    ExploitationType.SEXUAL: (
        "Found during a welfare visit to a residential brothel.",
        "Advertised online and moved between short-let flats.",
        "Controlled through a debt said to be owed for travel and rent.",
    ),
    ExploitationType.LABOUR: (
        "Worked long hours at a hand car wash for little or no pay.",
        "Debt bondage for the cost of the journey; worked on farms and in packing houses.",
        "Crew on a fishing vessel; identity documents held by the skipper.",
        "Worked in a nail bar and slept in the room above it.",
        "Recruited abroad for care work; wages taken to repay recruitment fees.",
    ),
    ExploitationType.CRIMINAL: (
        "Made to tend a cannabis grow in a rented house.",
        "Exploited to carry drugs on a county line.",
        "Forced to shoplift in several towns and hand over the goods.",
    ),
    ExploitationType.DOMESTIC_SERVITUDE: (
        "Kept as a live-in domestic worker in a private household; passport withheld.",
        "Cared for a family's children without pay and was not allowed out alone.",
    ),
    ExploitationType.ORGAN_HARVESTING: (
        "Coerced to travel for the removal of a kidney; intercepted before surgery.",
    ),
    ExploitationType.OTHER: ("Forced marriage arranged by relatives abroad.",),
}
ARRIVAL_ROUTES = (
    ("Arrived in the UK by small boat.", 5.0),
    ("Arrived concealed in a lorry.", 3.0),
    ("Arrived by air on a visitor visa arranged by the exploiters.", 2.0),
)
STRATEGIC_STORIES = (
    "Investigation into labour exploitation across a chain of hand car washes.",
    "Investigation into a network moving women between brothels in several counties.",
    "Cannabis grows staffed by people trafficked from abroad; several addresses.",
    "Organised crime group facilitating lorry crossings and collecting travel debts.",
    "Nail bars suspected of employing trafficked workers under debt bondage.",
    "Care homes recruiting overseas workers on sponsored visas and withholding pay.",
    "County lines operation exploiting young people to carry drugs.",
    "Fishing vessels with crew working excessive hours and documents withheld.",
)
OPERATION_PLACES = (
    "hand car washes",
    "nail bars",
    "a cannabis grow",
    "residential brothels",
    "care homes",
    "a farm and packing house",
    "a fishing vessel",
    "asylum accommodation",
)

# Contact note templates. {name}: how the survivor is addressed; {via}: " (Albanian interpreter)"
# or ""; {force}, {op}, {place}, {port}: the case's force and operation, and places.
Template = tuple[ContactKind, str]
SUPPORT_INTAKE: tuple[Template, ...] = (
    (ContactKind.MEETING, "First meeting with {name}{via}. Explained the navigator's role and "
     "that support does not depend on talking to the police. Immediate needs: clothes, phone."),
    (ContactKind.VISIT, "Initial visit to {name} at emergency accommodation{via}. Agreed a "
     "support plan; first recovery assessment booked."),
)  # fmt: skip
POLICE_INTAKE: Template = (
    ContactKind.PHONE_CALL,
    "Referral call from {force}; spoke to {name}{via} the same day and arranged to meet tomorrow.",
)
SUPPORT_NOTES: tuple[Template, ...] = (
    (ContactKind.VISIT, "Home visit to {name}. Discussed recovery goals; {name} says sleep is "
     "better. Food voucher bought from the flexible budget."),
    (ContactKind.VISIT, "Visited {name}{via}. Reviewed the support plan; GP registration still "
     "outstanding, will chase the surgery."),
    (ContactKind.VISIT, "Went with {name} to a GP appointment. Referral made to talking "
     "therapies."),
    (ContactKind.VISIT, "Visit to safe accommodation. {name} worried about immigration status; "
     "went through the NRM process again."),
    (ContactKind.VISIT, "Dropped off clothing and a mobile phone (flexible budget). {name} "
     "settled but isolated; signposted to English classes nearby."),
    (ContactKind.VISIT, "Recovery assessment with {name}{via} across the six domains. Safety and "
     "legal status still score lowest."),
    (ContactKind.PHONE_CALL, "Call with {name}{via}. Checked in after the move to new "
     "accommodation; no concerns raised."),
    (ContactKind.PHONE_CALL, "{name} called, upset after a message from someone linked to the "
     "exploiters. Safety plan reviewed; officer in the case told, with consent."),
    (ContactKind.PHONE_CALL, "Called the solicitor about a legal aid appointment for {name}. "
     "Appointment booked for next week."),
    (ContactKind.PHONE_CALL, "Returned a missed call from {name}{via}: needed help reading a "
     "letter from the Home Office."),
    (ContactKind.PHONE_CALL, "Update from the officer in the case ({force}): suspects still on "
     "bail. Will tell {name} at the next visit."),
    (ContactKind.MEETING, "Multi-agency meeting with {force}, the local authority and the "
     "support provider about {name}'s accommodation."),
    (ContactKind.MEETING, "Met {name}{via} and the officer in the case together to explain how "
     "a video-recorded interview works."),
    (ContactKind.MEETING, "Safeguarding strategy meeting with {force}; plan for {name} agreed."),
    (ContactKind.MESSAGE, "Text to {name} confirming Thursday's appointment."),
    (ContactKind.OTHER, "Wrote to the housing team supporting {name}'s request for a transfer "
     "(damp flat, ground floor, triggering for PTSD)."),
)  # fmt: skip
# The NRM's two decisions: Reasonable Grounds early on, Conclusive Grounds months later.
NRM_FIRST_DAYS = 90
NRM_CONCLUSIVE_AFTER_DAYS = 200
REASONABLE_GROUNDS: Template = (
    ContactKind.MESSAGE,
    "{name} messaged: Reasonable Grounds decision is positive. Recovery period now running.",
)
CONCLUSIVE_GROUNDS: Template = (
    ContactKind.OTHER,
    "Conclusive Grounds decision received for {name}: positive. Next steps discussed at the "
    "following visit.",
)
# Court notes in the order a case goes through court; the first can come only this long after
# the survivor started engaging with the police.
COURT_AFTER_DAYS = 120
COURT_NOTES: tuple[Template, ...] = (
    (ContactKind.COURT, "Attended the Plea and Trial Preparation Hearing; trial date fixed. "
     "Explained it to {name}{via}."),
    (ContactKind.COURT, "Court familiarisation visit with {name}{via} before the trial; special "
     "measures (screens) confirmed by witness care."),
    (ContactKind.COURT, "Supported {name} while giving evidence; trial continues next week."),
    (ContactKind.COURT, "Sentencing hearing attended. Explained the outcome to {name}{via}."),
)  # fmt: skip
SUPPORT_CLOSING: tuple[Template, ...] = (
    (ContactKind.MEETING, "Closing meeting with {name}{via}. Recovery goals met; moving on to "
     "independent accommodation. Told how to get back in touch."),
    (ContactKind.PHONE_CALL, "Final call with {name}: safe return home arranged with the "
     "partner organisation there. Case closed."),
    (ContactKind.OTHER, "No contact from {name} for three months despite calls and letters. "
     "Case closed; can be reopened at any time."),
)  # fmt: skip
STRATEGIC_NOTES: tuple[Template, ...] = (
    (ContactKind.MEETING, "Advised the SIO on a victim engagement strategy for {op}."),
    (ContactKind.MEETING, "Day of action ({op}) at {place}: spoke with potential victims "
     "alongside {force} officers."),
    (ContactKind.MEETING, "Briefed the {force} investigation team on indicators of "
     "exploitation and on NRM referrals."),
    (ContactKind.OTHER, "Reviewed the case file for {op}; suggested lines of enquiry linking "
     "to another force's investigation."),
    (ContactKind.VISIT, "Joined a Border Force operation at {port}; welfare conversations with "
     "arrivals."),
    (ContactKind.PHONE_CALL, "Call with the officer in the case about NRM referrals for people "
     "identified in {op}."),
    (ContactKind.MESSAGE, "Sent {force} the local support services list for {op}."),
)  # fmt: skip
# A case opened recently has had time for fewer notes: one more for each fortnight open.
MAX_NOTES = 8
NOTE_EVERY_DAYS = 14


# --- Random helpers --------------------------------------------------------------------------


class _Weighted:
    """A weighted choice with precomputed cumulative weights (fast for repeated draws)."""

    def __init__(self, items: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice``, about twice as fast (it matters a few million times over)."""
    return items[int(rng.random() * len(items))]


def _sample(rng: random.Random, items: Sequence[T], count: int) -> list[T]:
    """``count`` distinct items in random order (``rng.sample`` without its type checks)."""
    pool = list(items)
    for i in range(count):
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]


def _between(rng: random.Random, start: date, end: date) -> date:
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=int(rng.random() * (span + 1)))


def _dates(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    return sorted(_between(rng, start, end) for _ in range(count))


def _email_part(value: str) -> str:
    return "".join(ch for ch in fold(value).lower() if ch.isascii() and ch.isalnum())


_fold_word = lru_cache(maxsize=1 << 16)(fold)


def _fold(value: str) -> str:
    """``fold``, a word at a time with a cache: the same result, much faster.

    Folding works character by character (NFKD never reorders marks across a space), so
    folding each space-separated word and joining them again gives exactly ``fold(value)``.
    """
    if value.isascii():
        return value
    return " ".join(map(_fold_word, value.split(" ")))


# --- Storage format --------------------------------------------------------------------------
#
# Rows go to the driver as tuples already in SQLite's storage format, skipping SQLAlchemy's
# per-value processing (most of the cost at 100,000 cases). ``_check_storage`` proves, on every
# run, that the formats below are exactly what the mapped column types would have written.

COLUMNS: dict[str, tuple[str, ...]] = {
    "person": (
        "id", "reference", "given_names", "family_name", "known_as", "date_of_birth",
        "date_of_birth_precision", "estimated_age", "estimated_age_on", "age_disputed", "gender",
        "nationalities", "interpreter_needed", "phone", "email", "safe_address", "version",
        "created_at", "updated_at",
    ),
    "person_language": ("person_id", "position", "language", "preferred_for_documents"),
    "dependant": ("person_id", "name", "relationship_to_person", "year_of_birth", "in_uk"),
    "case": (
        "id", "reference", "kind", "person_id", "title", "owner", "status", "opened_on",
        "closed_on", "referral_source", "police_force", "operation_name", "crime_reference",
        "organised_immigration_crime", "police_engagement", "summary", "version", "created_at",
        "updated_at",
    ),
    "case_exploitation": ("case_id", "type"),
    "case_status_change": ("case_id", "status", "effective_on", "recorded_at", "recorded_by"),
    "engagement_change": ("case_id", "engagement", "effective_on", "recorded_at", "recorded_by"),
    "contact_log_entry": (
        "case_id", "occurred_on", "kind", "note", "author", "version", "created_at", "updated_at",
    ),
    "consent": (
        "person_id", "recipient", "state", "given_on", "withdrawn_on", "scope", "recorded_by",
        "version", "created_at", "updated_at",
    ),
}  # fmt: skip
# Parents before children, for the foreign keys.
TABLE_ORDER = tuple(COLUMNS)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(value: list[str]) -> str:
    return json.dumps(value)


# Working hours, to the minute, as stored after the date.
_TIMES = tuple(
    f"{hour:02d}:{minute:02d}:00.000000" for hour in range(8, 18) for minute in range(60)
)


class _IsoDates(dict[date, str]):
    """Stored forms of the dates a fill uses, each formatted once (a few thousand at most)."""

    def __missing__(self, key: date) -> str:
        value = self[key] = key.isoformat()
        return value


def _check_storage(session: Session) -> None:
    """Refuse to run if the schema or the column types no longer match the formats above."""
    dialect = session.get_bind().dialect
    tables = Base.metadata.tables
    for name, columns in COLUMNS.items():
        actual = {column.name for column in tables[name].columns}
        if set(columns) - actual or actual - set(columns) - {"id"}:
            raise RuntimeError(f"demo data is out of date with the {name!r} table")

    def stored(table: str, column: str, value: object) -> object:
        column_type = tables[table].c[column].type.dialect_impl(dialect)
        process = column_type.bind_processor(dialect)
        return value if process is None else process(value)

    sample_day = date(2001, 2, 3)
    sample_time = datetime(2001, 2, 3, 9, 5, tzinfo=UTC)
    checks = (
        (stored("case", "opened_on", sample_day), _day(sample_day)),
        (stored("case", "created_at", sample_time), f"{_IsoDates()[sample_day]} {_TIMES[65]}"),
        (stored("person", "nationalities", ["AL", "GB"]), _json(["AL", "GB"])),
        (stored("case", "organised_immigration_crime", True), True),
    )
    for expected, ours in checks:
        if expected != ours:
            raise RuntimeError("demo data no longer matches the database's storage format")


# --- Building the rows -----------------------------------------------------------------------


@dataclass
class _Rows:
    """Rows for one batch, as tuples in ``COLUMNS`` order."""

    tables: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {name: [] for name in COLUMNS}
    )
    search: list[dict[str, object]] = field(default_factory=list)

    def count(self, table: str) -> int:
        return len(self.tables[table])


@dataclass(frozen=True)
class _PersonFacts:
    """What the case, its notes and its search row need to know about the survivor."""

    group: NameGroup
    given_names: str
    family_name: str
    known_as: str
    address_as: str
    interpreter: str  # the interpreter's language, or "" when none is needed


class _Generator:
    def __init__(self, rng: random.Random, today: date, user: str) -> None:
        names = load_names()
        self.rng = rng
        self.today = today
        self.user = user
        self.aliases = names.aliases
        self.groups = _Weighted([(g, g.weight) for g in names.groups])
        self.group_languages = {g.key: _Weighted(g.languages) for g in names.groups}
        self.group_exploitation = {g.key: _Weighted(g.exploitation) for g in names.groups}
        forces = dict.fromkeys(POLICE_FORCES, OTHER_FORCE_WEIGHT) | FORCE_WEIGHTS
        self.forces = _Weighted(list(forces.items()))
        self.port_forces = _Weighted(list(PORT_FORCES.items()))
        self.support_referrals = _Weighted(list(SUPPORT_REFERRALS.items()))
        self.strategic_referrals = _Weighted(list(STRATEGIC_REFERRALS.items()))
        self.strategic_exploitation = _Weighted(list(STRATEGIC_EXPLOITATION.items()))
        self.final_engagement = _Weighted(list(FINAL_ENGAGEMENT.items()))
        self.routes = _Weighted(ARRIVAL_ROUTES)
        self.iso = _IsoDates()
        self.at = " " + _TIMES[0]  # the time of day this case's rows were recorded
        self.nationalities = {g.key: _json([g.nationality]) for g in names.groups}
        self.scopes: dict[frozenset[ConsentScope], str] = {}

    # People

    def person(self, person_id: int, reference: str, opened: date, rows: _Rows) -> _PersonFacts:
        rng = self.rng
        group: NameGroup = self.groups.pick(rng)
        r = rng.random()
        if r < 0.01:
            gender = Gender.NON_BINARY
        elif r < 0.025:
            gender = Gender.NOT_STATED
        elif rng.random() < group.female_share:
            gender = Gender.FEMALE
        else:
            gender = Gender.MALE
        female = gender is Gender.FEMALE or (gender is not Gender.MALE and rng.random() < 0.5)
        given = _pick(rng, group.given_female if female else group.given_male)
        family_index = int(rng.random() * len(group.family))
        family = (group.family_female if female else group.family)[family_index]
        words = given.split()
        known_as = ""
        if group.known_as_last_given and rng.random() < group.known_as_last_given:
            known_as = words[-1]
        elif rng.random() < 0.04:
            known_as = _pick(rng, self.aliases)

        low, high, mode = group.age
        age = max(MIN_AGE, min(MAX_AGE, round(rng.triangular(low, high, mode))))
        born = date.fromordinal(opened.toordinal() - int(age * 365.25) - int(rng.random() * 365))
        dob: date | None = None
        precision = DatePrecision.DAY
        estimated_age: int | None = None
        estimated_on: date | None = None
        disputed = False
        r = rng.random()
        if r < 0.5:
            dob = born
            disputed = age < 18 and rng.random() < 0.3
        elif r < 0.65:
            dob, precision = born.replace(day=1), DatePrecision.MONTH
        elif r < 0.75:
            dob, precision = date(born.year, 1, 1), DatePrecision.YEAR
        else:
            estimated_age, estimated_on = age, opened
            disputed = rng.random() < (0.8 if age < 20 else 0.5)

        languages = [self.group_languages[group.key].pick(rng)]
        for tag, chance in group.also_speaks:
            if tag not in languages and rng.random() < chance:
                languages.append(tag)
        preferred = languages[0]
        if "en" in languages and rng.random() < group.english_documents:
            preferred = "en"
        interpreter = "" if preferred == "en" else LANGUAGE_NAMES.get(preferred, "community")
        rows.tables["person_language"].extend(
            (person_id, position, tag, tag == preferred) for position, tag in enumerate(languages)
        )

        phone = f"07700 900{int(rng.random() * 1000):03d}" if rng.random() < 0.85 else ""
        email = ""
        if rng.random() < 0.25:
            local = f"{_email_part(words[0])}.{_email_part(family)}{rng.randint(1, 99)}"
            email = f"{local}@{_pick(rng, EMAIL_DOMAINS)}"
        r = rng.random()
        if r < 0.55:
            address = (
                f"Flat {rng.randint(1, 12)}, {rng.randint(1, 180)} {_pick(rng, STREETS)} "
                f"{_pick(rng, STREET_KINDS)}\n{_pick(rng, FICTIONAL_TOWNS)}\n"
                f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}"
                f"{_pick(rng, POSTCODE_LETTERS)}{_pick(rng, POSTCODE_LETTERS)}"
            )
        elif r < 0.8:
            address = "Safe house: address held by the support provider (demo data)"
        else:
            address = ""

        if rng.random() < 0.18:
            self._dependants(person_id, group, family_index, opened.year - age, opened, rows)

        created = self.iso[opened] + self.at
        rows.tables["person"].append(
            (
                person_id,
                reference,
                given,
                family,
                known_as,
                _day(dob),
                precision,
                estimated_age,
                _day(estimated_on),
                disputed,
                gender,
                self.nationalities[group.key],
                bool(interpreter),
                phone,
                email,
                address,
                1,
                created,
                created,
            )
        )
        address_as = known_as or (words[-1] if group.known_as_last_given else words[0])
        return _PersonFacts(group, given, family, known_as, address_as, interpreter)

    def _dependants(
        self,
        person_id: int,
        group: NameGroup,
        family_index: int,
        born_year: int,
        opened: date,
        rows: _Rows,
    ) -> None:
        rng = self.rng
        for _ in range(_pick(rng, (1, 1, 1, 2, 2, 3))):
            female = rng.random() < 0.5
            if born_year + 17 <= opened.year and rng.random() < 0.9:
                relationship = "daughter" if female else "son"
                year: int | None = rng.randint(born_year + 17, opened.year)
            else:
                relationship = "partner"
                year = born_year + rng.randint(-6, 6) if rng.random() < 0.7 else None
            given = _pick(rng, group.given_female if female else group.given_male)
            family = (group.family_female if female else group.family)[family_index]
            in_uk = rng.random() < 0.45
            rows.tables["dependant"].append(
                (person_id, f"{given} {family}", relationship, year, in_uk)
            )

    # Cases

    def case(
        self, case_id: int, person_id: int | None, reference: str, opened: date, rows: _Rows
    ) -> None:
        rng = self.rng
        today = self.today
        iso = self.iso
        self.at = at = " " + _pick(rng, _TIMES)
        strategic = person_id is None
        age_days = (today - opened).days

        # Status, closing date and the status history that leads to them.
        if strategic:
            closed_share = 0.1 + 0.75 * age_days / SPAN_DAYS
        else:
            closed_share = 0.55 * age_days / SPAN_DAYS
        if (age_days < 30 and rng.random() < 0.55) or (age_days < 120 and rng.random() < 0.1):
            status = CaseStatus.REFERRED
        elif age_days >= 14 and rng.random() < closed_share:
            status = CaseStatus.CLOSED
        elif rng.random() < 0.08:
            status = CaseStatus.ON_HOLD
        else:
            status = CaseStatus.ACTIVE
        closed_on: date | None = None
        end = today
        if status is CaseStatus.CLOSED:
            closed_on = opened + timedelta(days=max(7, int(age_days * rng.uniform(0.15, 1.0))))
            closed_on = end = min(closed_on, today)
        history = self._status_history(status, opened, end)

        # Survivor, referral and force.
        person = None if person_id is None else self.person(person_id, reference, opened, rows)
        referrals = self.strategic_referrals if strategic else self.support_referrals
        referral: ReferralSource = referrals.pick(rng)
        forces = self.port_forces if referral is ReferralSource.BORDER_FORCE else self.forces
        force: str = forces.pick(rng)

        # Police engagement is the survivor's choice: a strategic advice case has nobody to ask.
        if strategic:
            engagements = [(PoliceEngagement.NOT_YET_ASKED, opened)]
        else:
            engagements = self._engagement_history(status, referral, opened, end)
        engaged_on = next((d for e, d in engagements if e is PoliceEngagement.ENGAGED), None)

        # Exploitation, organised immigration crime, operation and crime reference.
        if person is None:
            picker = self.strategic_exploitation
        else:
            picker = self.group_exploitation[person.group.key]
        types: set[ExploitationType] = {picker.pick(rng)}
        if rng.random() < (0.25 if strategic else 0.15):
            types.add(picker.pick(rng))
        oic = rng.random() < (0.55 if person is None else person.group.oic)
        operation = ""
        if strategic or rng.random() < 0.3:
            operation = f"Operation {_pick(rng, OPERATION_WORDS)}"
        crime_reference = ""
        if (strategic or engaged_on is not None) and rng.random() < 0.85:
            initials = "".join(w[0] for w in force.replace("-", " ").split() if w[0].isupper())
            number = int(rng.random() * 1_000_000)
            crime_reference = f"{initials}/{number:06d}/{opened.year % 100:02d}"
        if person is None:
            summary = _pick(rng, STRATEGIC_STORIES)
        else:
            summary = _pick(rng, EXPLOITATION_STORIES[min(types)])
            if oic:
                summary = f"{summary} {self.routes.pick(rng)}"

        # A case on hold has gone quiet: its notes stop when it was put on hold.
        notes_end = history[-1][1] if status is CaseStatus.ON_HOLD else end
        police_referral = referral in (ReferralSource.POLICE_FORCE, ReferralSource.BORDER_FORCE)
        notes = self._contacts(
            person, police_referral, operation, force, opened, notes_end, engaged_on, closed_on
        )
        created = iso[opened] + at
        last_day = max(history[-1][1], engagements[-1][1], notes[-1][0])
        user = self.user
        rows.tables["case"].append(
            (
                case_id,
                reference,
                CaseKind.STRATEGIC_ADVICE if strategic else CaseKind.SUPPORT_PLAN,
                person_id,
                operation if strategic else "",
                user,
                status,
                iso[opened],
                _day(closed_on),
                referral,
                force,
                operation,
                crime_reference,
                oic,
                engagements[-1][0],
                summary,
                1,
                created,
                iso[last_day] + at,
            )
        )
        rows.tables["case_exploitation"].extend((case_id, t) for t in sorted(types))
        rows.tables["case_status_change"].extend(
            (case_id, s, iso[d], iso[d] + at, user) for s, d in history
        )
        rows.tables["engagement_change"].extend(
            (case_id, e, iso[d], iso[d] + at, user) for e, d in engagements
        )
        contact_rows = rows.tables["contact_log_entry"]
        for day, kind, note in notes:
            stored = iso[day]
            contact_rows.append((case_id, stored, kind, note, user, 1, stored + at, stored + at))
        if person_id is not None:
            court_days = [day for day, kind, _ in notes if kind is ContactKind.COURT]
            self._consents(person_id, engagements, court_days, opened, end, rows)

        # The search row: the same texts as cases.reindex_case, folded as index_case does.
        references = [reference, operation, crime_reference]
        names = [operation if strategic else ""]
        if person is not None:
            references.append(reference)  # the survivor's reference is the case's
            names += [person.given_names, person.family_name, person.known_as]
        reference_text, names_text, notes_text = search_index.case_search_text(
            references, names, [note for *_, note in notes]
        )
        rows.search.append(
            {
                "id": case_id,
                "reference": reference_text,
                "names": _fold(names_text),
                "notes": "\n".join(_fold(line) for line in notes_text.split("\n")),
            }
        )

    def _status_history(
        self, status: CaseStatus, opened: date, end: date
    ) -> list[tuple[CaseStatus, date]]:
        rng = self.rng
        if status is CaseStatus.REFERRED:
            return [(CaseStatus.REFERRED, opened)]
        history = [(CaseStatus.REFERRED, opened)] if rng.random() < 0.7 else []
        start = opened
        if history:
            start = _between(rng, opened, min(end, opened + timedelta(days=21)))
        history.append((CaseStatus.ACTIVE, start))
        if status is CaseStatus.ON_HOLD:
            history.append((CaseStatus.ON_HOLD, _between(rng, start, end)))
        elif status is CaseStatus.CLOSED:
            if rng.random() < 0.15:
                history.append((CaseStatus.ON_HOLD, _between(rng, start, end)))
            history.append((CaseStatus.CLOSED, end))
        elif rng.random() < 0.1:
            paused, resumed = _dates(rng, start, end, 2)
            history += [(CaseStatus.ON_HOLD, paused), (CaseStatus.ACTIVE, resumed)]
        return history

    def _engagement_history(
        self, status: CaseStatus, referral: ReferralSource, opened: date, end: date
    ) -> list[tuple[PoliceEngagement, date]]:
        rng = self.rng
        history = [(PoliceEngagement.NOT_YET_ASKED, opened)]
        if status is CaseStatus.REFERRED:
            if rng.random() < 0.3:
                history.append((PoliceEngagement.CONSIDERING, _between(rng, opened, end)))
            return history
        final: PoliceEngagement = self.final_engagement.pick(rng)
        police_referral = referral in (ReferralSource.POLICE_FORCE, ReferralSource.BORDER_FORCE)
        if final is PoliceEngagement.ENGAGED and police_referral and rng.random() < 0.5:
            return [(PoliceEngagement.ENGAGED, opened)]
        steps: list[PoliceEngagement] = []
        if final in (PoliceEngagement.ENGAGED, PoliceEngagement.DECLINED):
            r = rng.random()
            if final is PoliceEngagement.ENGAGED and r < 0.05:
                steps.append(PoliceEngagement.DECLINED)  # changed their mind later
            elif r < 0.45:
                steps.append(PoliceEngagement.CONSIDERING)
            steps.append(final)
        elif final is PoliceEngagement.CONSIDERING:
            steps.append(final)
        else:
            steps.append(PoliceEngagement.ENGAGED)
        # Most decisions come within the first weeks; a withdrawal can come much later.
        decided_by = min(end, opened + timedelta(days=90))
        history += zip(steps, _dates(rng, opened, decided_by, len(steps)), strict=True)
        if final is PoliceEngagement.WITHDRAWN:
            history.append((final, _between(rng, history[-1][1], end)))
        return history

    def _contacts(
        self,
        person: _PersonFacts | None,
        police_referral: bool,
        operation: str,
        force: str,
        opened: date,
        end: date,
        engaged_on: date | None,
        closed_on: date | None,
    ) -> list[tuple[date, ContactKind, str]]:
        """Two to eight dated notes from the opening to ``end``, oldest first.

        A survivor's log starts with an intake note within a fortnight and, for a closed case,
        ends with a closing note on the closing date; NRM decisions and court hearings come in
        their real order. No note repeats within a case.
        """
        rng = self.rng
        values = {
            "force": force,
            "op": operation,
            "place": _pick(rng, OPERATION_PLACES),
            "port": _pick(rng, PORTS),
            "name": "",
            "via": "",
        }
        count = rng.randint(2, min(MAX_NOTES, 2 + (end - opened).days // NOTE_EVERY_DAYS))
        if person is None:
            count = min(count, len(STRATEGIC_NOTES))
            days = _dates(rng, opened, end, count)
            chosen = _sample(rng, STRATEGIC_NOTES, count)
            return [(d, k, t.format_map(values)) for d, (k, t) in zip(days, chosen, strict=True)]

        values["name"] = person.address_as
        if person.interpreter:
            values["via"] = f" ({person.interpreter} interpreter)"
        first = _between(rng, opened, min(end, opened + timedelta(days=NOTE_EVERY_DAYS)))
        intake = _pick(rng, (*SUPPORT_INTAKE, POLICE_INTAKE) if police_referral else SUPPORT_INTAKE)
        plan: list[tuple[date, Template]] = [(first, intake)]
        middle = count - 1 - (closed_on is not None)
        generic = _sample(rng, SUPPORT_NOTES, middle)
        court = list(COURT_NOTES)
        court_from = None if engaged_on is None else engaged_on + timedelta(days=COURT_AFTER_DAYS)
        reasonable_by = opened + timedelta(days=NRM_FIRST_DAYS)
        conclusive_from = opened + timedelta(days=NRM_CONCLUSIVE_AFTER_DAYS)
        nrm = [REASONABLE_GROUNDS, CONCLUSIVE_GROUNDS]
        for day in _dates(rng, first, end, middle):
            if court_from is not None and day >= court_from and court and rng.random() < 0.35:
                template = court.pop(0)
            elif nrm and nrm[0] is REASONABLE_GROUNDS and day <= reasonable_by:
                template = nrm.pop(0) if rng.random() < 0.3 else generic.pop()
            elif nrm and day >= conclusive_from and rng.random() < 0.2:
                template = nrm.pop()
                nrm.clear()
            else:
                template = generic.pop()
            plan.append((day, template))
        if closed_on is not None:
            plan.append((closed_on, _pick(rng, SUPPORT_CLOSING)))
        return [(day, kind, text.format_map(values)) for day, (kind, text) in plan]

    def _consents(
        self,
        person_id: int,
        engagements: list[tuple[PoliceEngagement, date]],
        court_days: list[date],
        opened: date,
        end: date,
        rows: _Rows,
    ) -> None:
        rng = self.rng
        engaged_on = next((d for e, d in engagements if e is PoliceEngagement.ENGAGED), None)
        final, final_on = engagements[-1]
        if engaged_on is not None and rng.random() < 0.92:
            scope = {ConsentScope.IDENTITY, ConsentScope.CONTACT_DETAILS}
            scope.add(ConsentScope.SUPPORT_SUMMARY)
            if rng.random() < 0.6:
                scope.add(ConsentScope.NRM_STATUS)
            if court_days or rng.random() < 0.3:
                scope.add(ConsentScope.COURT_SUPPORT_NEEDS)
            if rng.random() < 0.15:
                scope.add(ConsentScope.RECOVERY_SCORES)
            withdrawn = final_on if final is PoliceEngagement.WITHDRAWN else None
            self._consent(rows, person_id, ConsentRecipient.POLICE, engaged_on, withdrawn, scope)
        if court_days and rng.random() < 0.8:
            given = _between(rng, engaged_on or opened, court_days[0])
            scope = {ConsentScope.IDENTITY, ConsentScope.COURT_SUPPORT_NEEDS}
            self._consent(rows, person_id, ConsentRecipient.CPS, given, None, scope)
        if (end - opened).days >= 14 and rng.random() < 0.35:
            scope = {ConsentScope.SUPPORT_SUMMARY, ConsentScope.RECOVERY_SCORES}
            if rng.random() < 0.5:
                scope.add(ConsentScope.CONTACT_DETAILS)
            given = _between(rng, opened, end)
            self._consent(rows, person_id, ConsentRecipient.OTHER_NGO, given, None, scope)
        # Someone who will not talk to the police may still let intelligence go anonymously.
        not_engaging = final in (PoliceEngagement.DECLINED, PoliceEngagement.CONSIDERING)
        if not_engaging and rng.random() < 0.15:
            scope = {ConsentScope.SUPPORT_SUMMARY}
            given = _between(rng, final_on, end)
            recipient = ConsentRecipient.ANONYMOUS_REPORTING
            self._consent(rows, person_id, recipient, given, None, scope)

    def _scope(self, scope: set[ConsentScope]) -> str:
        key = frozenset(scope)
        stored = self.scopes.get(key)
        if stored is None:
            stored = self.scopes[key] = _json(sorted(s.value for s in scope))
        return stored

    def _consent(
        self,
        rows: _Rows,
        person_id: int,
        recipient: ConsentRecipient,
        given_on: date,
        withdrawn_on: date | None,
        scope: set[ConsentScope],
    ) -> None:
        created = self.iso[given_on] + self.at
        updated = created if withdrawn_on is None else self.iso[withdrawn_on] + self.at
        state = ConsentState.GIVEN if withdrawn_on is None else ConsentState.WITHDRAWN
        rows.tables["consent"].append(
            (
                person_id,
                recipient,
                state,
                self.iso[given_on],
                _day(withdrawn_on),
                self._scope(scope),
                self.user,
                1,
                created,
                updated,
            )
        )


# --- Writing ---------------------------------------------------------------------------------

# While filling: a bigger page cache (fewer pages spilled to the WAL, encrypted and read back),
# and no incremental merging of the full-text index (it still merges when segments pile up).
FILL_CACHE_KIB = 64 * 1024
FTS_DEFAULT_AUTOMERGE = 4


@contextmanager
def _bulk_mode(connection: Connection) -> Iterator[None]:
    """Tune the connection for one large transaction, then put every setting back."""
    cache_size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    automerge = connection.exec_driver_sql(
        "SELECT v FROM case_search_config WHERE k = 'automerge'"
    ).scalar()
    fts_config = "INSERT INTO case_search (case_search, rank) VALUES ('automerge', ?)"
    connection.exec_driver_sql(f"PRAGMA cache_size = -{FILL_CACHE_KIB}")
    connection.exec_driver_sql(fts_config, (0,))
    try:
        yield
    finally:
        try:
            connection.exec_driver_sql(fts_config, (int(automerge or FTS_DEFAULT_AUTOMERGE),))
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size or -2000)}")


def _insert_sql(dialect: Dialect, table: str) -> str:
    preparer = dialect.identifier_preparer
    columns = COLUMNS[table]
    return (
        f"INSERT INTO {preparer.format_table(Base.metadata.tables[table])} "
        f"({', '.join(preparer.quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )


def _write(connection: Connection, statements: dict[str, str], rows: _Rows) -> None:
    """Insert one batch with the driver's executemany, parents first."""
    for table in TABLE_ORDER:
        batch = rows.tables[table]
        if batch:
            connection.exec_driver_sql(statements[table], batch)
    if rows.search:
        connection.exec_driver_sql(search_index.INSERT_SQL, rows.search)


def populate_demo(ctx: ServiceContext, cases: int, seed: int = 1) -> DemoSummary:
    """Add ``cases`` synthetic cases to the vault, in one transaction.

    The same seed, count and ``ctx.today()`` give the same data. References continue from the
    vault's counters, numbered in opening-date order. A vault that already has cases keeps
    them; the demo cases are added alongside.
    """
    if cases < 0:
        raise ValueError("the number of demo cases cannot be negative")
    if cases == 0:
        return DemoSummary(cases=0, people=0, contacts=0, consents=0)
    rng = random.Random(seed)
    today = ctx.today()
    generator = _Generator(rng, today, ctx.user)
    # Opening dates first, so that references can be numbered in date order.
    plan = sorted(
        (today - timedelta(days=int(SPAN_DAYS * rng.random() ** 1.25)), i,
         rng.random() < STRATEGIC_SHARE)
        for i in range(cases)
    )  # fmt: skip
    totals = dict.fromkeys(COLUMNS, 0)
    with ctx.store.session() as session:
        _check_storage(session)
        connection = session.connection()
        case_id = session.scalar(select(func.max(Case.id))) or 0
        person_id = session.scalar(select(func.max(Person.id))) or 0
        counters = {c.year: c for c in session.scalars(select(ReferenceCounter))}
        numbers = {year: c.last_number for year, c in counters.items()}
        plan_end = case_id + cases
        statements = {table: _insert_sql(connection.dialect, table) for table in COLUMNS}
        with _bulk_mode(connection):
            rows = _Rows()
            for opened, _, strategic in plan:
                numbers[opened.year] = numbers.get(opened.year, 0) + 1
                reference = format_reference(opened.year, numbers[opened.year])
                case_id += 1
                survivor: int | None = None
                if not strategic:
                    person_id += 1
                    survivor = person_id
                generator.case(case_id, survivor, reference, opened, rows)
                if rows.count("case") >= BATCH_CASES or case_id == plan_end:
                    _write(connection, statements, rows)
                    for table in COLUMNS:
                        totals[table] += rows.count(table)
                    rows = _Rows()
        for year, number in numbers.items():
            counter = counters.get(year)
            if counter is None:
                session.add(ReferenceCounter(year=year, last_number=number))
            else:
                counter.last_number = number
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, "demo_data", None)
    return DemoSummary(
        cases=totals["case"],
        people=totals["person"],
        contacts=totals["contact_log_entry"],
        consents=totals["consent"],
    )
