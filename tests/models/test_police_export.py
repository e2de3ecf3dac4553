"""Police summaries and recovery summaries through the services, on a real SQLCipher vault.

The acceptance test of issue 4: a police summary carries only what the survivor's consent for
that recipient allows, checked at the moment of export; never the safe address; every page says
OFFICIAL-SENSITIVE, whom it is for and its export reference; each export is registered and
audited; and a password encrypts it with AES-256.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from sqlalchemy import func, inspect, select

from models.dto import (
    AssessmentDraft,
    CaseEdit,
    CaseFields,
    ConsentDTO,
    ContactDraft,
    DomainScoreDTO,
    LanguageDTO,
    NewCase,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PoliceRecipientDTO,
    SupportGivenDTO,
)
from models.entities import AuditEntry, ExportRecord
from models.enums import (
    ActionStatus,
    AssessmentKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    ExportField,
    Gender,
    RecoveryDomain,
    ReferralSource,
)
from models.errors import ValidationError
from models.rules.police_export import ExportRefused
from models.services.facade import Services
from models.services.recovery_summary import NoRecoveryToSummarise

from .conftest import TODAY

# The survivor's details: each distinctive, so that finding one in a PDF cannot be chance.
GIVEN, FAMILY, KNOWN_AS = "Lirije", "Xhafaj", "Birdie Quill"
PHONE, EMAIL = "07700 900417", "lirije.quill@example.net"
BORN = date(1999, 4, 17)
SAFE_ADDRESS = "Flat 9, Juniper Mews, Margate CT9 7ZX"
SECRET_NOTE = "Zarathustra-sentinel"

IDENTITY_WORDS = (GIVEN, FAMILY, KNOWN_AS, "17 Apr 1999", "1999", "Eritrea", "Tigrinya", "Female")
CONTACT_WORDS = (PHONE, "900417", EMAIL, "example.net")
ADDRESS_WORDS = (SAFE_ADDRESS, "Juniper", "CT9 7ZX", "Margate")


def in_raw_bytes(words: str, pdf: bytes) -> bool:
    """Whether ``words`` appear in the file as stored (uncompressed text, metadata). Short or
    all-digit words are not looked for: compressed streams and the cross-reference table could
    hold them by chance."""
    if len(words) < 6 or words.replace(" ", "").isdigit():
        return False
    return words.encode() in pdf


KENT = PoliceRecipientDTO(
    ConsentRecipient.POLICE, "Kent Police", "DC Sam Patel", "Officer in the case"
)
SCORES_AND_SUPPORT = (ConsentScope.RECOVERY_SCORES, ConsentScope.SUPPORT_SUMMARY)
PASSWORD = "amber-otter-harbour-41"


class Outbox:
    """A ``deliver`` that keeps what it is given, as the file dialog would write it."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def __call__(self, file_name: str, pdf: bytes) -> None:
        self.files[file_name] = pdf

    @property
    def only(self) -> tuple[str, bytes]:
        ((name, pdf),) = self.files.items()
        return name, pdf


def never_deliver(file_name: str, pdf: bytes) -> None:
    raise AssertionError("nothing may be delivered when the export is refused")


def page_texts(pdf: bytes, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (tables wrap their cells)."""
    return " ".join(text.split())


def scored(value: int) -> tuple[DomainScoreDTO, ...]:
    return tuple(
        DomainScoreDTO(
            domain=d,
            survivor_score=value,
            navigator_score=min(value + 1, 5),
            survivor_note=f"{SECRET_NOTE} {SAFE_ADDRESS}",
            goal=f"Feel safe {SECRET_NOTE}",
        )
        for d in RecoveryDomain
    )


def survivor_case(services: Services) -> tuple[int, int]:
    """A support plan case whose survivor has every detail a summary must keep out unless
    consent allows it; with two assessments, contacts and a referral. (case ID, person ID)"""
    detail = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=date(2026, 3, 2),
                referral_source=ReferralSource.POLICE_FORCE,
                police_force="Kent Police",
            ),
            person=PersonFields(
                given_names=GIVEN,
                family_name=FAMILY,
                known_as=KNOWN_AS,
                date_of_birth=BORN,
                gender=Gender.FEMALE,
                nationalities=("ER",),
                languages=(LanguageDTO("ti"),),
                phone=PHONE,
                email=EMAIL,
                safe_address=SAFE_ADDRESS,
            ),
        )
    )
    assert detail.person is not None
    case_id = detail.id
    services.record_assessment(
        case_id, AssessmentDraft(AssessmentKind.INTAKE, date(2026, 3, 10), scored(2))
    )
    services.record_assessment(
        case_id, AssessmentDraft(AssessmentKind.REVIEW, date(2026, 7, 10), scored(3))
    )
    for on, kind in (
        (date(2026, 3, 5), ContactKind.VISIT),
        (date(2026, 4, 1), ContactKind.PHONE_CALL),
        (date(2026, 4, 9), ContactKind.REFERRAL),
    ):
        services.add_contact(case_id, ContactDraft(on, kind, f"Met at {SAFE_ADDRESS}"))
    return case_id, detail.person.id


def agree_plan(services: Services, case_id: int, goals: Iterable[PlanGoalDTO]) -> None:
    draft = services.start_plan_draft(case_id)
    content = PlanDraftDTO(language="en", survivor_priorities=SECRET_NOTE, goals=tuple(goals))
    saved = services.save_plan_draft(draft.id, draft.version, content)
    services.agree_plan(saved.id, saved.version, TODAY, True)


def goal(domain: RecoveryDomain, *statuses: ActionStatus) -> PlanGoalDTO:
    return PlanGoalDTO(
        domain=domain,
        survivor_words=f"I want {domain.value}",
        actions=tuple(
            PlanActionDTO(f"Step {i}", "Navigator", status=s) for i, s in enumerate(statuses)
        ),
    )


def give_consent(
    services: Services,
    person_id: int,
    *scopes: ConsentScope,
    recipient: ConsentRecipient = ConsentRecipient.POLICE,
) -> ConsentDTO:
    current = next(c for c in services.consents(person_id) if c.recipient is recipient)
    return services.record_consent(
        person_id,
        ConsentDTO(
            recipient=recipient,
            state=ConsentState.GIVEN,
            given_on=date(2026, 6, 1),
            scope=frozenset(scopes),
            version=current.version,
        ),
    )


def withdraw_consent(services: Services, person_id: int) -> None:
    current = next(
        c for c in services.consents(person_id) if c.recipient is ConsentRecipient.POLICE
    )
    services.record_consent(
        person_id,
        dataclasses.replace(current, state=ConsentState.WITHDRAWN, withdrawn_on=TODAY),
    )


def export_rows(services: Services) -> int:
    with services.ctx.store.read_session() as session:
        return session.scalar(select(func.count()).select_from(ExportRecord)) or 0


def export_audit(services: Services) -> list[AuditEntry]:
    with services.ctx.store.read_session() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT))
        )


def audit_count(services: Services) -> int:
    with services.ctx.store.read_session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def assert_nothing_exported(services: Services, case_id: int) -> None:
    assert services.export_register(case_id) == []
    assert export_rows(services) == 0
    assert export_audit(services) == []


# --- The acceptance test ----------------------------------------------------------------------


def test_a_police_summary_carries_only_what_consent_allows(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    agree_plan(
        services,
        case_id,
        [
            goal(RecoveryDomain.SAFETY, ActionStatus.DONE),
            goal(RecoveryDomain.PHYSICAL_HEALTH, ActionStatus.DONE, ActionStatus.NOT_STARTED),
        ],
    )
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    options = services.police_export_options(case_id)
    assert options.refusal == ""
    assert options.allowed == {
        ExportField.RECOVERY_SCORES,
        ExportField.RECOVERY_TRENDS,
        ExportField.SUPPORT_GIVEN,
    }
    assert options.default_force == "Kent Police"

    outbox = Outbox()
    record = services.export_police_summary(case_id, KENT, deliver=outbox)
    name, pdf = outbox.only
    assert name == f"police-summary-{record.reference}.pdf"

    pages = page_texts(pdf)
    assert len(pages) >= 2  # so that "every page" below means something
    for number, text in enumerate(pages, start=1):
        one_line = flat(text)
        assert "OFFICIAL-SENSITIVE" in one_line, number
        assert "DC Sam Patel, Officer in the case, Kent Police" in one_line, number
        assert f"Export reference {record.reference}" in one_line, number
        assert f"Page {number} of {len(pages)}" in one_line, number

    text = flat("\n".join(pages))
    # What consent allows: the scores, the trends and the support given.
    assert "Change in each domain" in text
    assert "Overall (out of 30) 12 18 +6" in text
    assert "Trends over time" in text
    assert "Contacts with the navigator 2" in text
    assert "Referrals to other services 1" in text
    assert "1 of 2 goals met" in text
    # What it does not: identity and contact details, and never the safe address or a note.
    assert "About the survivor" not in text
    for words in (
        *IDENTITY_WORDS,
        *CONTACT_WORDS,
        *ADDRESS_WORDS,
        SECRET_NOTE,
        "Feel safe",
        "I want",
    ):
        for number, page in enumerate(pages, start=1):
            assert words not in page and words not in flat(page), (words, number)
        assert not in_raw_bytes(words, pdf), words
    assert GIVEN not in name and FAMILY not in name


def test_identity_consent_shows_the_name_but_never_the_safe_address(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, ConsentScope.IDENTITY, ConsentScope.RECOVERY_SCORES)
    outbox = Outbox()
    services.export_police_summary(case_id, KENT, deliver=outbox)
    text = flat("\n".join(page_texts(outbox.only[1])))
    assert "About the survivor" in text
    assert f"Name {GIVEN} {FAMILY}" in text
    assert f"Known as {KNOWN_AS}" in text
    assert "Born 17 Apr 1999 (27)" in text
    assert "Nationality Eritrea" in text and "Tigrinya" in text
    for words in (*CONTACT_WORDS, *ADDRESS_WORDS):
        assert words not in text, words
    assert "Support given" not in text  # no consent for the support summary


def test_even_consent_to_everything_never_sends_the_safe_address(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *ConsentScope)
    outbox = Outbox()
    record = services.export_police_summary(case_id, KENT, deliver=outbox)
    assert set(record.fields) == set(ExportField)
    _, pdf = outbox.only
    text = flat("\n".join(page_texts(pdf)))
    assert PHONE in text and EMAIL in text and GIVEN in text
    for words in (*ADDRESS_WORDS, SECRET_NOTE):
        assert words not in text, words
        assert not in_raw_bytes(words, pdf), words


def test_the_navigator_can_narrow_what_is_sent(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    outbox = Outbox()
    record = services.export_police_summary(
        case_id, KENT, deliver=outbox, fields=[ExportField.SUPPORT_GIVEN]
    )
    assert record.fields == (ExportField.SUPPORT_GIVEN,)
    text = flat("\n".join(page_texts(outbox.only[1])))
    assert "Contacts with the navigator 2" in text
    assert "Change in each domain" not in text and "Trends over time" not in text
    assert "Included Support given (counts)" in text


def test_trend_charts_cannot_be_sent_without_the_scores_they_draw(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    with pytest.raises(ExportRefused):
        services.export_police_summary(
            case_id, KENT, deliver=never_deliver, fields=[ExportField.RECOVERY_TRENDS]
        )
    assert_nothing_exported(services, case_id)
    outbox = Outbox()
    services.export_police_summary(
        case_id,
        KENT,
        deliver=outbox,
        fields=[ExportField.RECOVERY_SCORES, ExportField.RECOVERY_TRENDS],
    )
    assert "Trends over time" in flat("\n".join(page_texts(outbox.only[1])))


# --- Refusals ---------------------------------------------------------------------------------


def test_withdrawn_consent_refuses_the_export_and_records_nothing(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    withdraw_consent(services, person_id)

    options = services.police_export_options(case_id)
    assert options.allowed == frozenset()
    assert "withdrew" in options.refusal
    with pytest.raises(ExportRefused) as info:
        services.export_police_summary(case_id, KENT, deliver=never_deliver)
    assert "withdrew" in info.value.user_message
    with pytest.raises(ExportRefused):
        services.preview_police_summary(case_id, KENT)
    assert_nothing_exported(services, case_id)


def test_a_withdrawal_after_the_dialog_opened_takes_effect_at_once(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    options = services.police_export_options(case_id)
    assert options.allowed
    services.preview_police_summary(case_id, KENT, options.allowed)

    withdraw_consent(services, person_id)
    with pytest.raises(ExportRefused):
        services.export_police_summary(case_id, KENT, deliver=never_deliver, fields=options.allowed)
    assert_nothing_exported(services, case_id)


def test_no_consent_recorded_means_nothing_goes(services: Services) -> None:
    case_id, _ = survivor_case(services)
    options = services.police_export_options(case_id)
    assert options.allowed == frozenset() and "has not given consent" in options.refusal
    with pytest.raises(ExportRefused):
        services.export_police_summary(case_id, KENT, deliver=never_deliver)
    assert_nothing_exported(services, case_id)


def test_consent_to_the_police_is_not_consent_to_the_cps(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    cps = dataclasses.replace(KENT, recipient=ConsentRecipient.CPS, force="CPS South East")
    assert services.police_export_options(case_id, ConsentRecipient.CPS).allowed == frozenset()
    with pytest.raises(ExportRefused):
        services.export_police_summary(case_id, cps, deliver=never_deliver)
    give_consent(services, person_id, ConsentScope.SUPPORT_SUMMARY, recipient=ConsentRecipient.CPS)
    record = services.export_police_summary(case_id, cps, deliver=Outbox())
    assert (record.recipient, record.fields) == (ConsentRecipient.CPS, (ExportField.SUPPORT_GIVEN,))


def test_a_police_summary_goes_to_law_enforcement_only(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *ConsentScope, recipient=ConsentRecipient.OTHER_NGO)
    ngo = dataclasses.replace(KENT, recipient=ConsentRecipient.OTHER_NGO)
    with pytest.raises(ExportRefused):
        services.police_export_options(case_id, ConsentRecipient.OTHER_NGO)
    with pytest.raises(ExportRefused):
        services.export_police_summary(case_id, ngo, deliver=never_deliver)
    assert_nothing_exported(services, case_id)


def test_asking_for_a_field_outside_consent_is_refused(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    with pytest.raises(ExportRefused) as info:
        services.export_police_summary(
            case_id,
            KENT,
            deliver=never_deliver,
            fields=[ExportField.RECOVERY_SCORES, ExportField.NAME],
        )
    assert "name" in info.value.user_message
    with pytest.raises(ExportRefused):
        services.preview_police_summary(case_id, KENT, [ExportField.PHONE])
    assert_nothing_exported(services, case_id)


def test_a_strategic_advice_case_has_nothing_to_export(services: Services) -> None:
    case_id = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                operation_name="Operation Larch",
            )
        )
    ).id
    assert "no survivor" in services.police_export_options(case_id).refusal
    with pytest.raises(ExportRefused):
        services.export_police_summary(case_id, KENT, deliver=never_deliver)
    assert_nothing_exported(services, case_id)


def test_the_recipient_must_be_named(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    nameless = PoliceRecipientDTO(ConsentRecipient.POLICE, "  ", " ", "")
    with pytest.raises(ValidationError) as info:
        services.export_police_summary(case_id, nameless, deliver=never_deliver)
    assert {p.field for p in info.value.problems} == {"officer", "force"}
    assert_nothing_exported(services, case_id)


def test_a_failed_delivery_records_nothing(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    audit_before = audit_count(services)

    def disk_full(file_name: str, pdf: bytes) -> None:
        raise OSError("No space left on device")

    with pytest.raises(OSError):
        services.export_police_summary(case_id, KENT, deliver=disk_full)
    assert_nothing_exported(services, case_id)
    assert audit_count(services) == audit_before
    # The number was not used up: the next export is still the first of the year.
    record = services.export_police_summary(case_id, KENT, deliver=Outbox())
    assert record.reference.startswith("EX-2026-0001-")


# --- The register and the audit log -------------------------------------------------------------


def test_an_export_is_registered_and_audited_without_personal_data(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    audit_before = audit_count(services)
    record = services.export_police_summary(case_id, KENT, deliver=Outbox())

    (listed,) = services.export_register(case_id)
    assert listed == record
    assert re.fullmatch(r"EX-2026-0001-[0-9A-Z]{4}", listed.reference)
    assert (listed.case_id, listed.document, listed.recipient) == (
        case_id,
        "police_summary",
        ConsentRecipient.POLICE,
    )
    assert (listed.force, listed.officer, listed.role) == (
        "Kent Police",
        "DC Sam Patel",
        "Officer in the case",
    )
    assert listed.fields == (
        ExportField.RECOVERY_SCORES,
        ExportField.RECOVERY_TRENDS,
        ExportField.SUPPORT_GIVEN,
    )
    assert listed.encrypted is False and listed.exported_by == "navigator.one"
    assert listed.exported_at.tzinfo is not None

    assert audit_count(services) == audit_before + 1
    (entry,) = export_audit(services)
    assert (entry.entity_type, entry.entity_id, entry.user) == (
        "export",
        record.id,
        "navigator.one",
    )
    values = " ".join(str(getattr(entry, c.key)) for c in inspect(AuditEntry).columns)
    for words in (GIVEN, FAMILY, KNOWN_AS, "Patel", "Kent", record.reference):
        assert words not in values
    history = [(r.action, r.entity_type, r.entity_id) for r in services.case_history(case_id)]
    assert (AuditAction.EXPORT, "export", record.id) in history
    assert services.check().audit_chain.ok


def test_each_export_gets_the_next_number_and_its_own_reference(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    first = services.export_police_summary(case_id, KENT, deliver=Outbox())
    second = services.export_police_summary(
        case_id, dataclasses.replace(KENT, officer="DS Ada Okafor"), deliver=Outbox()
    )
    assert first.reference != second.reference
    assert first.reference.startswith("EX-2026-0001-")
    assert second.reference.startswith("EX-2026-0002-")
    # Newest first, as the register is read.
    assert [r.id for r in services.export_register(case_id)] == [second.id, first.id]
    assert services.export_register(case_id + 100) == []


def test_the_recipient_is_recorded_as_entered_less_stray_spaces(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    messy = PoliceRecipientDTO(ConsentRecipient.POLICE, " Kent   Police ", "DC  Sam Patel", "")
    outbox = Outbox()
    record = services.export_police_summary(case_id, messy, deliver=outbox)
    assert (record.force, record.officer, record.role) == ("Kent Police", "DC Sam Patel", "")
    for text in page_texts(outbox.only[1]):
        assert "For DC Sam Patel, Kent Police" in flat(text)


# --- Encryption ---------------------------------------------------------------------------------


def test_a_password_encrypts_the_pdf_with_aes_256(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    outbox = Outbox()
    record = services.export_police_summary(case_id, KENT, deliver=outbox, password=PASSWORD)
    assert record.encrypted is True
    assert services.export_register(case_id)[0].encrypted is True
    _, pdf = outbox.only

    locked = PdfReader(io.BytesIO(pdf))
    assert locked.is_encrypted
    assert locked.decrypt("wrong-password-123") == 0  # PasswordType.NOT_DECRYPTED
    with pytest.raises(FileNotDecryptedError):
        locked.pages[0].extract_text()
    assert not PdfReader(io.BytesIO(pdf)).decrypt("")

    opened = PdfReader(io.BytesIO(pdf))
    assert opened.decrypt(PASSWORD) != 0
    encryption = opened.trailer["/Encrypt"]
    assert (encryption["/V"], encryption["/R"]) == (5, 6)  # AES-256, the PDF 2.0 handler
    for text in page_texts(pdf, PASSWORD):
        assert record.reference in flat(text) and "OFFICIAL-SENSITIVE" in text


@pytest.mark.parametrize("password", ["", "short", "eleven-char"])
def test_a_short_password_is_refused_before_anything_is_sent(
    services: Services, password: str
) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    with pytest.raises(ValidationError) as info:
        services.export_police_summary(case_id, KENT, deliver=never_deliver, password=password)
    assert [p.field for p in info.value.problems] == ["password"]
    assert_nothing_exported(services, case_id)


# --- The preview --------------------------------------------------------------------------------


def test_the_preview_is_marked_as_such_and_records_nothing(services: Services) -> None:
    case_id, person_id = survivor_case(services)
    give_consent(services, person_id, *SCORES_AND_SUPPORT)
    audit_before = audit_count(services)
    pdf = services.preview_police_summary(case_id, KENT)
    pages = page_texts(pdf)
    for text in pages:
        one_line = flat(text)
        assert "PREVIEW" in one_line and "not exported" in one_line
        assert "OFFICIAL-SENSITIVE" in one_line and "DC Sam Patel" in one_line
        assert "EX-2026" not in one_line
    text = flat("\n".join(pages))
    assert "Change in each domain" in text
    for words in (*IDENTITY_WORDS, *CONTACT_WORDS, *ADDRESS_WORDS):
        assert words not in text, words
    assert_nothing_exported(services, case_id)
    assert audit_count(services) == audit_before
    # The preview follows the navigator's narrowing too.
    narrowed = flat(
        "\n".join(
            page_texts(services.preview_police_summary(case_id, KENT, [ExportField.SUPPORT_GIVEN]))
        )
    )
    assert "Support given" in narrowed and "Change in each domain" not in narrowed


# --- The recovery summary and the support given -------------------------------------------------


def test_support_given_counts_contacts_referrals_and_goals_met(services: Services) -> None:
    case_id, _ = survivor_case(services)
    assert services.recovery_summary(case_id).support == SupportGivenDTO(2, 1, 0, 0)
    # A draft plan's goals are not counted: they were never agreed.
    draft = services.start_plan_draft(case_id)
    services.save_plan_draft(
        draft.id,
        draft.version,
        PlanDraftDTO(goals=(goal(RecoveryDomain.SAFETY, ActionStatus.DONE),)),
    )
    assert services.recovery_summary(case_id).support == SupportGivenDTO(2, 1, 0, 0)


def test_a_goal_met_then_left_out_of_the_next_plan_still_counts(services: Services) -> None:
    case_id, _ = survivor_case(services)
    housing = goal(RecoveryDomain.SAFETY, ActionStatus.DONE)
    dropped = goal(RecoveryDomain.LEGAL_STATUS, ActionStatus.DROPPED)
    agree_plan(services, case_id, [housing, dropped])
    assert services.recovery_summary(case_id).support == SupportGivenDTO(2, 1, 1, 2)

    # Version 2 leaves the met goal out and adds a new one not yet done.
    draft = services.start_plan_draft(case_id)
    gp = goal(RecoveryDomain.PHYSICAL_HEALTH, ActionStatus.IN_PROGRESS)
    content = dataclasses.replace(
        draft.content, goals=(*(g for g in draft.content.goals if g.key != housing.key), gp)
    )
    saved = services.save_plan_draft(draft.id, draft.version, content)
    services.agree_plan(saved.id, saved.version, TODAY, True)
    assert services.recovery_summary(case_id).support == SupportGivenDTO(2, 1, 1, 3)


def test_the_recovery_summary_shows_the_name_but_no_contact_details_or_notes(
    services: Services,
) -> None:
    case_id, _ = survivor_case(services)
    reference = services.open_case(case_id).reference
    assert services.recovery_summary_case(reference.lower()) == case_id

    summary = services.recovery_summary(case_id)
    assert summary.identity is not None
    assert (summary.identity.name, summary.identity.known_as) == (f"{GIVEN} {FAMILY}", KNOWN_AS)
    assert summary.identity.phone == "" and summary.identity.email == ""
    assert all(
        d.survivor_note == d.navigator_note == d.goal == ""
        for a in summary.assessments
        for d in a.scores
    )
    audit_before = audit_count(services)
    rendered = services.prepare_recovery_summary(case_id)
    assert audit_count(services) == audit_before  # building writes nothing
    assert rendered.file_name == f"recovery-summary-{reference}.pdf"
    text = flat("\n".join(page_texts(rendered.pdf)))
    assert GIVEN in text and "Change in each domain" in text
    for words in (*CONTACT_WORDS, *ADDRESS_WORDS, SECRET_NOTE):
        assert words not in text, words

    services.record_recovery_summary_printed(case_id)
    history = [(r.action, r.entity_type, r.entity_id) for r in services.case_history(case_id)]
    assert (AuditAction.PRINT, "recovery_summary", case_id) in history


def test_nothing_to_summarise_is_said_plainly(services: Services) -> None:
    with pytest.raises(NoRecoveryToSummarise, match="not a case reference"):
        services.recovery_summary_case("hello")
    with pytest.raises(NoRecoveryToSummarise, match="no case WP-2026-0099"):
        services.recovery_summary_case("WP-2026-0099")
    detail = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=date(2026, 3, 2),
                referral_source=ReferralSource.SELF,
            ),
            person=PersonFields(given_names=GIVEN),
        )
    )
    with pytest.raises(NoRecoveryToSummarise, match="no recovery assessment yet"):
        services.recovery_summary(detail.id)
    strategic = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                operation_name="Operation Larch",
            )
        )
    )
    with pytest.raises(NoRecoveryToSummarise, match="strategic advice"):
        services.recovery_summary_case(strategic.reference)


def test_a_closed_case_can_still_be_summarised(services: Services) -> None:
    case_id, _ = survivor_case(services)
    detail = services.open_case(case_id)
    assert detail.person is not None
    services.update_case(
        CaseEdit(
            case_id=detail.id,
            case_version=detail.version,
            fields=dataclasses.replace(detail.fields, status=CaseStatus.CLOSED, closed_on=TODAY),
            person_version=detail.person.version,
            person=detail.person.fields,
        )
    )
    assert len(services.recovery_summary(case_id).assessments) == 2
