"""Properties of the case, survivor, contact, consent and navigator profile validators
(models/rules/validation.py, models/services/navigator_profile.validate_profile).

For any input: either no problems, or problems that name a field of the input and say in plain
English what to fix, never quoting what was typed; the same answer every time; and the
documented limits hold on both sides.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from models.dto import CaseFields, ConsentDTO, ContactDraft, NavigatorProfileDTO, PersonFields
from models.enums import (
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    Gender,
    PoliceEngagement,
    ReferralSource,
)
from models.rules.validation import (
    MAX_AGE,
    MAX_NAME,
    validate_case,
    validate_consent,
    validate_contact,
    validate_person,
)
from models.services.navigator_profile import validate_profile
from tests.properties.validators_drafts import (
    case_fields,
    consents,
    contact_drafts,
    person_fields,
    profiles,
)
from tests.properties.validators_shared import (
    DAY,
    TODAY,
    assert_clear_problems,
    assert_deterministic,
    big_inputs,
    dates,
    marked,
    optional,
    problem_fields,
    texts,
)

CASE_FIELDS = {f.name for f in dataclasses.fields(CaseFields)}
PERSON_FIELDS = {f.name for f in dataclasses.fields(PersonFields)}

# -- Valid samples: each field within its rules ---------------------------------------------------

plain_words = st.text(st.characters(codec="utf-8", categories=["L"]), min_size=1, max_size=30)


@st.composite
def valid_cases(draw: st.DrawFn) -> tuple[CaseFields, PersonFields]:
    opened = draw(st.dates(date(2000, 1, 1), TODAY))
    closed = draw(optional(st.dates(opened, TODAY)))
    fields = CaseFields(
        kind=CaseKind.SUPPORT_PLAN,
        opened_on=opened,
        referral_source=draw(st.sampled_from(ReferralSource)),
        status=CaseStatus.CLOSED if closed else draw(st.sampled_from(CaseStatus)),
        closed_on=closed,
        title=draw(plain_words),
    )
    if fields.status is CaseStatus.CLOSED and closed is None:
        fields = dataclasses.replace(fields, status=CaseStatus.ACTIVE)
    person = PersonFields(
        given_names=draw(plain_words),
        family_name=draw(plain_words),
        date_of_birth=draw(optional(st.dates(date(TODAY.year - MAX_AGE, 1, 1), TODAY))),
        nationalities=draw(st.lists(st.sampled_from(("ER", "VN", "AL", "GB")), max_size=2)),
        phone=draw(st.from_regex(r"[0-9+(][0-9+()\-. ]{3,28}[0-9]", fullmatch=True)),
        email=draw(st.sampled_from(("", "hoa@example.org", "a.b@mail.example.net"))),
    )
    return fields, dataclasses.replace(person, nationalities=tuple(person.nationalities))


# -- Any input: clear problems or none ------------------------------------------------------------


@big_inputs
@given(fields=case_fields(), person=optional(person_fields()))
def test_any_case_gets_clear_problems_or_none(
    fields: CaseFields, person: PersonFields | None
) -> None:
    problems = assert_deterministic(lambda: validate_case(fields, person, TODAY))
    assert_clear_problems(problems, CASE_FIELDS | PERSON_FIELDS | {"person"})


@big_inputs
@given(fields=case_fields(marked(texts())), person=person_fields(marked(texts())))
def test_case_problems_never_quote_what_was_typed(fields: CaseFields, person: PersonFields) -> None:
    assert_clear_problems(validate_case(fields, person, TODAY), CASE_FIELDS | PERSON_FIELDS)


@given(draft=contact_drafts(marked(texts())))
def test_any_contact_gets_clear_problems_or_none(draft: ContactDraft) -> None:
    problems = assert_deterministic(lambda: validate_contact(draft, TODAY))
    assert_clear_problems(problems, {"occurred_on", "kind", "note"})
    assert ("note" in problem_fields(problems)) == (not draft.note.strip())


@given(consent=consents())
def test_any_consent_gets_clear_problems_or_none(consent: ConsentDTO) -> None:
    problems = assert_deterministic(lambda: validate_consent(consent, TODAY))
    assert_clear_problems(problems, {f.name for f in dataclasses.fields(ConsentDTO)})


@given(profile=profiles(marked(texts())))
def test_any_profile_gets_clear_problems_or_none(profile: NavigatorProfileDTO) -> None:
    problems = assert_deterministic(lambda: validate_profile(profile))
    assert_clear_problems(problems, {f.name for f in dataclasses.fields(NavigatorProfileDTO)})


# -- The documented limits, on both sides ---------------------------------------------------------


@big_inputs
@given(sample=valid_cases(), opened_on=dates())
def test_a_case_cannot_open_in_the_future(
    sample: tuple[CaseFields, PersonFields], opened_on: date
) -> None:
    fields, person = sample
    fields = dataclasses.replace(fields, opened_on=opened_on, status=CaseStatus.ACTIVE)
    fields = dataclasses.replace(fields, closed_on=None)
    problems = validate_case(fields, person, TODAY)
    assert ("opened_on" in problem_fields(problems)) == (opened_on > TODAY)


@big_inputs
@given(sample=valid_cases(), closed_on=dates())
def test_a_case_closes_between_its_opening_and_today(
    sample: tuple[CaseFields, PersonFields], closed_on: date
) -> None:
    fields, person = sample
    fields = dataclasses.replace(fields, status=CaseStatus.CLOSED, closed_on=closed_on)
    problems = validate_case(fields, person, TODAY)
    in_range = fields.opened_on <= closed_on <= TODAY
    assert ("closed_on" in problem_fields(problems)) == (not in_range)


@big_inputs
@given(
    sample=valid_cases(),
    field=st.sampled_from(("title", "operation_name", "crime_reference")),
    length=st.integers(MAX_NAME - 3, MAX_NAME + 3),
)
def test_case_texts_are_limited_to_200_characters(
    sample: tuple[CaseFields, PersonFields], field: str, length: int
) -> None:
    fields, person = sample
    fields = dataclasses.replace(fields, **{field: "x" * length})
    problems = validate_case(fields, person, TODAY)
    assert (field in problem_fields(problems)) == (length > MAX_NAME)


@big_inputs
@given(sample=valid_cases(), age=st.integers(-5, 130) | st.integers())
def test_an_estimated_age_is_0_to_120(sample: tuple[CaseFields, PersonFields], age: int) -> None:
    _, person = sample
    person = dataclasses.replace(person, date_of_birth=None, estimated_age=age)
    problems = validate_person(person, TODAY)
    assert ("estimated_age" in problem_fields(problems)) == (not 0 <= age <= MAX_AGE)


@big_inputs
@given(sample=valid_cases(), born=dates())
def test_a_date_of_birth_is_past_and_within_120_years(
    sample: tuple[CaseFields, PersonFields], born: date
) -> None:
    _, person = sample
    person = dataclasses.replace(person, date_of_birth=born, estimated_age=None)
    problems = validate_person(person, TODAY)
    plausible = born <= TODAY and TODAY.year - born.year <= MAX_AGE
    assert ("date_of_birth" in problem_fields(problems)) == (not plausible)


@given(draft=contact_drafts(), occurred_on=st.sampled_from((TODAY - DAY, TODAY, TODAY + DAY)))
def test_a_contact_cannot_be_dated_in_the_future(draft: ContactDraft, occurred_on: date) -> None:
    problems = validate_contact(dataclasses.replace(draft, occurred_on=occurred_on), TODAY)
    assert ("occurred_on" in problem_fields(problems)) == (occurred_on > TODAY)


@given(given_on=dates(), withdrawn_on=optional(dates()))
def test_consent_dates_are_past_and_in_order(given_on: date, withdrawn_on: date | None) -> None:
    consent = ConsentDTO(
        recipient=ConsentRecipient.POLICE,
        state=ConsentState.WITHDRAWN if withdrawn_on else ConsentState.GIVEN,
        given_on=given_on,
        withdrawn_on=withdrawn_on,
        scope=frozenset({ConsentScope.IDENTITY}),
    )
    problems = validate_consent(consent, TODAY)
    in_order = given_on <= TODAY and (withdrawn_on is None or given_on <= withdrawn_on <= TODAY)
    assert (problems == []) == in_order


# -- Valid samples stay valid when something the rules do not look at changes ---------------------


@big_inputs
@given(
    sample=valid_cases(),
    summary=texts(),
    police_force=texts(),
    engagement=st.sampled_from(PoliceEngagement),
    gender=st.sampled_from(Gender),
    safe_address=texts(),
    interpreter=st.booleans(),
)
def test_a_valid_case_stays_valid_whatever_its_free_text(
    sample: tuple[CaseFields, PersonFields],
    summary: str,
    police_force: str,
    engagement: PoliceEngagement,
    gender: Gender,
    safe_address: str,
    interpreter: bool,
) -> None:
    fields, person = sample
    assert validate_case(fields, person, TODAY) == []
    fields = dataclasses.replace(
        fields, summary=summary, police_force=police_force, police_engagement=engagement
    )
    person = dataclasses.replace(
        person, gender=gender, safe_address=safe_address, interpreter_needed=interpreter
    )
    assert validate_case(fields, person, TODAY) == []


@given(note=plain_words, kind=st.sampled_from(ContactKind), on=st.dates(max_value=TODAY))
def test_a_valid_contact_stays_valid_whatever_its_kind(
    note: str, kind: ContactKind, on: date
) -> None:
    assert validate_contact(ContactDraft(on, ContactKind.VISIT, note), TODAY) == []
    assert validate_contact(ContactDraft(on, kind, f"  {note}\n"), TODAY) == []
