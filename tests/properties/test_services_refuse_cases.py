"""Invalid cases, survivors, contact notes, consent, profiles and police exports are refused
with a clear message, and the vault is left exactly as it was: no row written, no audit entry,
no file delivered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from models.dto import (
    CaseEdit,
    CaseFields,
    ConsentDTO,
    ContactDraft,
    NavigatorProfileDTO,
    NewCase,
    PersonFields,
    PoliceRecipientDTO,
)
from models.enums import ConsentRecipient, ConsentScope, ExportField
from models.errors import ValidationError
from models.rules.police_export import FIELD_SCOPES, ExportRefused
from models.rules.validation import validate_case, validate_consent, validate_contact
from models.services.navigator_profile import validate_profile
from models.services.police_export import MIN_PASSWORD_LENGTH
from tests.properties.services_refuse_shared import World, assert_refused, open_world
from tests.properties.validators_drafts import (
    case_fields,
    consents,
    contact_drafts,
    person_fields,
    police_recipients,
    profiles,
)
from tests.properties.validators_shared import TODAY, marked, optional, texts

# Each example does real database work: fewer of them than the pure properties.
service_examples = settings(max_examples=25)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from open_world(tmp_path_factory)


@service_examples
@given(fields=case_fields(marked(texts())), person=optional(person_fields()))
def test_an_invalid_new_case_is_refused_and_changes_nothing(
    world: World, fields: CaseFields, person: PersonFields | None
) -> None:
    assume(validate_case(fields, person, TODAY))
    assert_refused(
        world.store, lambda: world.services.create_case(NewCase(fields, person)), ValidationError
    )


@service_examples
@given(fields=case_fields(), person=person_fields(marked(texts())))
def test_an_invalid_case_edit_is_refused_and_changes_nothing(
    world: World, fields: CaseFields, person: PersonFields
) -> None:
    assume(validate_case(fields, person, TODAY))
    case = world.services.refresh_case(world.support.id)
    assert case.person is not None
    edit = CaseEdit(case.id, case.version, fields, case.person.version, person)
    assert_refused(world.store, lambda: world.services.update_case(edit), ValidationError)


@service_examples
@given(draft=contact_drafts(marked(texts())), editing=st.booleans())
def test_an_invalid_contact_note_is_refused_and_changes_nothing(
    world: World, draft: ContactDraft, editing: bool
) -> None:
    assume(validate_contact(draft, TODAY))
    services, contact = world.services, world.contact
    if editing:
        assert_refused(
            world.store,
            lambda: services.update_contact(contact.id, contact.version, draft),
            ValidationError,
        )
    else:
        assert_refused(
            world.store, lambda: services.add_contact(world.support.id, draft), ValidationError
        )


@service_examples
@given(consent=consents(version=st.none()))
def test_invalid_consent_is_refused_and_changes_nothing(world: World, consent: ConsentDTO) -> None:
    assume(validate_consent(consent, TODAY))
    current = {c.recipient: c for c in world.services.consents(world.person_id)}
    consent = ConsentDTO(
        consent.recipient,
        consent.state,
        consent.given_on,
        consent.withdrawn_on,
        consent.scope,
        version=current[consent.recipient].version,
    )
    assert_refused(
        world.store,
        lambda: world.services.record_consent(world.person_id, consent),
        ValidationError,
    )


@service_examples
@given(profile=profiles(marked(texts())))
def test_an_invalid_navigator_profile_is_refused_and_changes_nothing(
    world: World, profile: NavigatorProfileDTO
) -> None:
    assume(validate_profile(profile))
    assert_refused(
        world.store, lambda: world.services.save_navigator_profile(profile), ValidationError
    )


def _recipient_is_invalid(recipient: PoliceRecipientDTO) -> bool:
    officer, role, force = (
        " ".join(t.split()) for t in (recipient.officer, recipient.role, recipient.force)
    )
    return not officer or not force or len(officer) > 200 or len(role) > 100 or len(force) > 100


@service_examples
@given(
    recipient=police_recipients(marked(texts())) | police_recipients(),
    password=optional(texts()),
)
def test_a_police_export_to_an_unnamed_recipient_or_with_a_short_password_is_refused(
    world: World, recipient: PoliceRecipientDTO, password: str | None
) -> None:
    short_password = password is not None and len(password) < MIN_PASSWORD_LENGTH
    assume(_recipient_is_invalid(recipient) or short_password)
    delivered: list[str] = []
    assert_refused(
        world.store,
        lambda: world.services.export_police_summary(
            world.support.id,
            recipient,
            lambda name, pdf: delivered.append(name),
            password=password,
        ),
        ValidationError,
    )
    assert delivered == [], "a refused export still delivered a file"


@service_examples
@given(
    to_cps=st.booleans(),
    fields=st.frozensets(st.sampled_from(ExportField), min_size=1),
)
def test_a_police_export_outside_the_survivors_consent_is_refused(
    world: World, to_cps: bool, fields: frozenset[ExportField]
) -> None:
    # The survivor consented to share everything with the police and only their identity with
    # the CPS; the trend charts need the scores they are drawn from.
    identity = {f for f, scope in FIELD_SCOPES.items() if scope is ConsentScope.IDENTITY}
    allowed = fields <= (identity if to_cps else set(ExportField)) and not (
        ExportField.RECOVERY_TRENDS in fields and ExportField.RECOVERY_SCORES not in fields
    )
    assume(not allowed)
    recipient = PoliceRecipientDTO(
        ConsentRecipient.CPS if to_cps else ConsentRecipient.POLICE,
        force="Kent Police",
        officer="DC Sam Patel",
        role="Officer in the case",
    )
    delivered: list[str] = []
    assert_refused(
        world.store,
        lambda: world.services.export_police_summary(
            world.support.id, recipient, lambda name, pdf: delivered.append(name), fields=fields
        ),
        ExportRefused,
    )
    assert delivered == []


def test_a_field_outside_consent_is_named_in_words(world: World) -> None:
    """Regression: the refusal named the fields by their codes ("recovery_scores")."""
    recipient = PoliceRecipientDTO(ConsentRecipient.CPS, "CPS South East", "A. Lawyer", "")
    error = assert_refused(
        world.store,
        lambda: world.services.export_police_summary(
            world.support.id,
            recipient,
            lambda name, pdf: None,
            fields={ExportField.NAME, ExportField.RECOVERY_SCORES, ExportField.DATE_OF_BIRTH},
        ),
        ExportRefused,
    )
    assert "does not cover: recovery scores." in error.user_message
