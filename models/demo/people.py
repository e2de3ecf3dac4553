"""Synthetic survivors: a person row, their languages and dependants.

Names come from one nationality's lists, combined at random; phone numbers are in Ofcom's drama
range (07700 900xxx), email domains are reserved example domains, and addresses are in towns
that do not exist with ZZ postcodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.demo.fill import Fill
from models.demo.names import NameGroup
from models.demo.randomness import pick
from models.demo.rows import Rows, iso_day
from models.demo.vocabulary import (
    EMAIL_DOMAINS,
    FICTIONAL_TOWNS,
    LANGUAGE_NAMES,
    POSTCODE_LETTERS,
    STREET_KINDS,
    STREETS,
)
from models.enums import DatePrecision, Gender
from models.rules.search_terms import fold

MIN_AGE = 16
MAX_AGE = 55


@dataclass(frozen=True)
class PersonFacts:
    """What the case, its notes and its search row need to know about the survivor."""

    group: NameGroup
    given_names: str
    family_name: str
    known_as: str
    address_as: str
    interpreter: str  # the interpreter's language, or "" when none is needed
    language: str  # the language they prefer for documents (BCP 47)
    children: bool  # whether they have a son or daughter


def add_person(fill: Fill, person_id: int, reference: str, opened: date, rows: Rows) -> PersonFacts:
    """Add a survivor's person, language and dependant rows; return what their case needs."""
    rng = fill.rng
    group: NameGroup = fill.groups.pick(rng)
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
    given = pick(rng, group.given_female if female else group.given_male)
    family_index = int(rng.random() * len(group.family))
    family = (group.family_female if female else group.family)[family_index]
    words = given.split()
    known_as = ""
    if group.known_as_last_given and rng.random() < group.known_as_last_given:
        known_as = words[-1]
    elif rng.random() < 0.04:
        known_as = pick(rng, fill.aliases)

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

    languages = [fill.group_languages[group.key].pick(rng)]
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
        email = f"{local}@{pick(rng, EMAIL_DOMAINS)}"
    r = rng.random()
    if r < 0.55:
        address = (
            f"Flat {rng.randint(1, 12)}, {rng.randint(1, 180)} {pick(rng, STREETS)} "
            f"{pick(rng, STREET_KINDS)}\n{pick(rng, FICTIONAL_TOWNS)}\n"
            f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}"
            f"{pick(rng, POSTCODE_LETTERS)}{pick(rng, POSTCODE_LETTERS)}"
        )
    elif r < 0.8:
        address = "Safe house: address held by the support provider (demo data)"
    else:
        address = ""

    children = False
    if rng.random() < 0.18:
        children = _dependants(
            fill, person_id, group, family_index, opened.year - age, opened, rows
        )

    created = fill.iso[opened] + fill.at
    rows.tables["person"].append(
        (
            person_id,
            reference,
            given,
            family,
            known_as,
            iso_day(dob),
            precision,
            estimated_age,
            iso_day(estimated_on),
            disputed,
            gender,
            fill.nationalities[group.key],
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
    return PersonFacts(group, given, family, known_as, address_as, interpreter, preferred, children)


def _dependants(
    fill: Fill,
    person_id: int,
    group: NameGroup,
    family_index: int,
    born_year: int,
    opened: date,
    rows: Rows,
) -> bool:
    """Add a survivor's dependants; return whether any is their son or daughter."""
    rng = fill.rng
    children = False
    for _ in range(pick(rng, (1, 1, 1, 2, 2, 3))):
        female = rng.random() < 0.5
        if born_year + 17 <= opened.year and rng.random() < 0.9:
            relationship = "daughter" if female else "son"
            children = True
            year: int | None = rng.randint(born_year + 17, opened.year)
        else:
            relationship = "partner"
            year = born_year + rng.randint(-6, 6) if rng.random() < 0.7 else None
        given = pick(rng, group.given_female if female else group.given_male)
        family = (group.family_female if female else group.family)[family_index]
        in_uk = rng.random() < 0.45
        rows.tables["dependant"].append((person_id, f"{given} {family}", relationship, year, in_uk))
    return children


def _email_part(value: str) -> str:
    return "".join(ch for ch in fold(value).lower() if ch.isascii() and ch.isalnum())
