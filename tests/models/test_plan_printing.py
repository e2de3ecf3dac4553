"""Printing support plans through the services: the navigator's details kept in the vault,
which version gets printed, the PDF, and the PRINT entry in the audit log."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models.dto import (
    CaseFields,
    CaseloadQuery,
    NavigatorProfileDTO,
    NewCase,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
)
from models.entities import AuditEntry
from models.enums import AuditAction, CaseKind, PlanStatus, RecoveryDomain, ReferralSource
from models.errors import NotFoundError, ValidationError
from models.migrations import runner
from models.services.context import ServiceContext
from models.services.facade import Services
from models.services.plan_printing import NoPlanToPrint, UnknownPrintLanguage, print_language
from models.store import open_store
from tests.models.old_schema import add_audit_head, drop_audit_head

from .conftest import TODAY, support_case

SECRET = "Zarathustra-sentinel"
PROFILE = NavigatorProfileDTO(
    display_name="  Jane   Smith ",
    organisation="Hope Navigators (Kent)",
    work_phone="01632 960 001",
    work_email="jane.smith@example.org",
)


def audit_entries(services: Services) -> list[tuple[str, str, int | None]]:
    with services.ctx.store.read_session() as session:
        return [
            (e.action, e.entity_type, e.entity_id)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def plan_content(language: str = "ar") -> PlanDraftDTO:
    return PlanDraftDTO(
        language=language,
        survivor_priorities=f"أريد أن أشعر بالأمان {SECRET}",
        safety_plan="اتصل بالرقم 999",
        goals=(
            PlanGoalDTO(
                RecoveryDomain.MENTAL_HEALTH,
                "أريد أن أنام جيدا.",
                date(2027, 1, 15),
                (PlanActionDTO("موعد مع الطبيب", "Navigator", date(2026, 12, 5)),),
            ),
        ),
    )


def case_with_plan(services: Services, *, agree: bool = True) -> tuple[str, int]:
    """A support plan case with a plan (agreed, or a draft): its reference and version ID."""
    detail = services.create_case(support_case(given="Amina", family="Haddad"))
    draft = services.start_plan_draft(detail.id)
    saved = services.save_plan_draft(draft.id, draft.version, plan_content())
    if agree:
        saved = services.agree_plan(saved.id, saved.version, TODAY, True)
    return detail.reference, saved.id


# --- The navigator's details ----------------------------------------------------------------


def test_navigator_details_are_empty_until_saved_then_kept_normalised(
    services: Services,
) -> None:
    assert services.navigator_profile() == NavigatorProfileDTO()
    assert services.navigator_profile().is_empty
    saved = services.save_navigator_profile(PROFILE)
    assert saved.display_name == "Jane Smith"
    assert services.navigator_profile() == saved
    assert not saved.is_empty
    changed = services.save_navigator_profile(
        NavigatorProfileDTO(display_name="Jane Smith", organisation="Hope")
    )
    assert services.navigator_profile() == changed
    assert changed.work_email == ""


def test_saving_navigator_details_is_audited_without_their_content(services: Services) -> None:
    services.save_navigator_profile(PROFILE)
    services.save_navigator_profile(PROFILE)  # the same again: nothing written
    services.save_navigator_profile(NavigatorProfileDTO(display_name="J. Smith"))
    assert audit_entries(services) == [
        (AuditAction.CREATE, "navigator_profile", 1),
        (AuditAction.EDIT, "navigator_profile", 1),
    ]


def test_navigator_details_are_validated_by_field(services: Services) -> None:
    with pytest.raises(ValidationError) as info:
        services.save_navigator_profile(
            NavigatorProfileDTO(
                display_name="x" * 201, work_phone="call me maybe", work_email="jane at example"
            )
        )
    assert [p.field for p in info.value.problems] == ["display_name", "work_phone", "work_email"]
    assert "call me" not in info.value.user_message and "jane at" not in info.value.user_message
    assert services.navigator_profile().is_empty


def test_migration_0003_adds_the_navigator_profile_to_an_existing_vault(tmp_path: Path) -> None:
    key = os.urandom(32)
    path = tmp_path / "waypost.db"
    old = open_store(path, key, create=True, migrate=False)
    try:
        runner.upgrade(old.engine, "0002")
        add_audit_head(old)
        ctx = ServiceContext(store=old, user="navigator.one", today=lambda: TODAY)
        reference, version_id = case_with_plan(Services(ctx))
    finally:
        drop_audit_head(old)
        old.close()

    store = open_store(path, key)
    try:
        assert runner.current_revision(store.engine) == runner.head_revision()
        services = Services(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY))
        assert services.navigator_profile().is_empty
        services.save_navigator_profile(PROFILE)
        assert services.plan_version_to_print(reference) == version_id
        assert services.check().ok
    finally:
        store.close()


# --- Which version is printed ---------------------------------------------------------------


def test_the_plan_in_force_is_printed_rather_than_a_newer_draft(services: Services) -> None:
    reference, agreed_id = case_with_plan(services)
    assert services.plan_version_to_print(reference) == agreed_id
    assert services.plan_version_to_print(f" {reference.lower()} ") == agreed_id
    case_id = services.caseload_rows(services.caseload_ids(CaseloadQuery()))[0].id
    draft = services.start_plan_draft(case_id)
    assert draft.id != agreed_id
    assert services.plan_version_to_print(reference) == agreed_id


def test_a_draft_is_printed_when_nothing_was_agreed(services: Services) -> None:
    reference, draft_id = case_with_plan(services, agree=False)
    assert services.plan_version_to_print(reference) == draft_id
    rendered = services.prepare_support_plan(draft_id)
    assert rendered.status is PlanStatus.DRAFTED
    text = PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text()
    assert "DRAFT" in text and "This is a draft. It has not been agreed yet." in text


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("WP-2026-0999", "There is no case WP-2026-0999 in this vault."),
        ("not a reference", "That is not a case reference."),
    ],
)
def test_no_such_case_is_said_plainly(services: Services, reference: str, message: str) -> None:
    with pytest.raises(NoPlanToPrint) as info:
        services.plan_version_to_print(reference)
    assert message in info.value.user_message


def test_strategic_advice_cases_and_cases_without_a_plan_have_nothing_to_print(
    services: Services,
) -> None:
    advice = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 5, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                operation_name="Operation Larch",
            )
        )
    )
    with pytest.raises(NoPlanToPrint, match="strategic advice case"):
        services.plan_version_to_print(advice.reference)
    plain = services.create_case(support_case())
    with pytest.raises(NoPlanToPrint, match="has no support plan yet"):
        services.plan_version_to_print(plain.reference)


# --- The PDF and the audit ------------------------------------------------------------------


def test_prepare_builds_the_pdf_with_the_navigators_details_and_writes_nothing(
    services: Services,
) -> None:
    reference, version_id = case_with_plan(services)
    services.save_navigator_profile(PROFILE)
    before = audit_entries(services)
    rendered = services.prepare_support_plan(version_id)
    assert audit_entries(services) == before  # building is not printing
    assert rendered.file_name == f"support-plan-{reference}-v1.pdf"
    assert rendered.language == "ar" and rendered.version_number == 1
    assert not rendered.large_type
    reader = PdfReader(io.BytesIO(rendered.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Jane Smith" in text and "jane.smith@example.org" in text
    assert reference in text and "Amina" in text
    assert reader.metadata is not None and reader.metadata.title == f"Support plan {reference}"
    assert "Amina" not in str(dict(reader.metadata))
    assert services.render_support_plan(version_id)[:5] == b"%PDF-"


def test_prepare_takes_a_language_and_large_type(services: Services) -> None:
    _reference, version_id = case_with_plan(services)
    rendered = services.prepare_support_plan(version_id, language="VI", large_type=True)
    assert rendered.language == "vi" and rendered.large_type
    assert PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"]["/Lang"] == "vi"
    with pytest.raises(UnknownPrintLanguage) as info:
        services.prepare_support_plan(version_id, language="xx")
    assert "ar (Arabic)" in info.value.user_message and "vi (Vietnamese)" in info.value.user_message


def test_print_languages_are_the_shipped_catalogs(services: Services) -> None:
    languages = services.plan_print_languages()
    codes = [language.code for language in languages]
    assert codes[0] == "en"
    assert {"ar", "fa", "ti", "vi", "sq", "ro", "pl", "ckb"} <= set(codes)
    arabic = next(language for language in languages if language.code == "ar")
    assert arabic.direction == "rtl" and arabic.native_name == "العربية"
    assert print_language("fa-IR") == "fa" and print_language(" Ti ") == "ti"
    for bad in ("", "xx", "english"):
        with pytest.raises(UnknownPrintLanguage):
            print_language(bad)


def test_recording_a_print_names_the_version_only(services: Services) -> None:
    _reference, version_id = case_with_plan(services)
    services.record_plan_printed(version_id)
    assert audit_entries(services)[-1] == (AuditAction.PRINT, "support_plan", version_id)
    with services.ctx.store.read_session() as session:
        for entry in session.scalars(select(AuditEntry)):
            assert SECRET not in " ".join(str(v) for v in vars(entry).values())
    with pytest.raises(NotFoundError):
        services.record_plan_printed(version_id + 100)
    assert services.check().audit_chain.ok
