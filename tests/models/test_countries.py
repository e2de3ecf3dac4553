"""Nationalities: stored as ISO codes, typed and read as country names."""

from __future__ import annotations

import dataclasses

import pytest

from models.errors import ValidationError
from models.rules.countries import country_code, country_name, parse_countries
from models.services.facade import Services

from .conftest import support_case


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Eritrea", "ER"), ("eritrean", "ER"), ("ER", "ER"), ("  united   kingdom ", "GB"),
     ("UK", "GB"), ("Côte d'Ivoire", "CI"), ("Atlantis", None), ("", None)],
)  # fmt: skip
def test_what_a_navigator_types_becomes_a_code(typed: str, code: str | None) -> None:
    assert country_code(typed) == code


def test_parse_keeps_order_drops_repeats_and_reports_unknowns() -> None:
    assert parse_countries("Sudan, Eritrean, SD, Narnia,") == (("SD", "ER"), ("Narnia",))


def test_codes_are_shown_as_names() -> None:
    assert country_name("VN") == "Vietnam"
    assert country_name("zz") == "zz"


def test_an_unknown_nationality_is_refused_without_echoing_it(services: Services) -> None:
    new = support_case()
    bad = dataclasses.replace(
        new, person=dataclasses.replace(new.person, nationalities=("Narnia",))
    )
    with pytest.raises(ValidationError) as info:
        services.create_case(bad)
    assert [p.field for p in info.value.problems] == ["nationalities"]
    assert "Narnia" not in info.value.user_message
    good = dataclasses.replace(new, person=dataclasses.replace(new.person, nationalities=("ER",)))
    assert services.create_case(good).person.fields.nationalities == ("ER",)
