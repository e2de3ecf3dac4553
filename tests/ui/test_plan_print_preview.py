"""Previewing a support plan for printing, and the navigator's details in Settings.

Offscreen, with the synchronous worker and a real encrypted vault.
"""

from __future__ import annotations

import io
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox
from sqlalchemy import select

from models.dto import (
    CaseFields,
    NavigatorProfileDTO,
    NewCase,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
)
from models.entities import AuditEntry
from models.enums import AuditAction, CaseKind, RecoveryDomain, ReferralSource
from ui.operations import ChangeBus
from ui.plan.print_preview import PlanPreviewDialog, open_plan_preview
from ui.printing import pdf_output
from ui.settings_page import PROFILE_SAVED, SettingsPage

from .conftest import UI_TODAY


def plan_version(services, *, agree: bool = True) -> int:
    case = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=date(2026, 3, 2),
                referral_source=ReferralSource.NGO,
            ),
            person=PersonFields(given_names="Amina", family_name="Haddad"),
        )
    )
    draft = services.start_plan_draft(case.id)
    content = PlanDraftDTO(
        language="ar",
        survivor_priorities="أريد أن أشعر بالأمان.",
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
    saved = services.save_plan_draft(draft.id, draft.version, content)
    if agree:
        saved = services.agree_plan(saved.id, saved.version, UI_TODAY, True)
    return saved.id


def print_audits(services) -> list[int | None]:
    """The version IDs of the PRINT entries, oldest first."""
    with services.ctx.store.read_session() as session:
        return list(
            session.scalars(
                select(AuditEntry.entity_id)
                .where(AuditEntry.action == AuditAction.PRINT)
                .where(AuditEntry.entity_type == "support_plan")
                .order_by(AuditEntry.id)
            )
        )


@pytest.fixture
def window(qtbot):
    main = QMainWindow()
    qtbot.addWidget(main)
    return main


def open_preview(window, services, worker, version_id, ini_settings, **options):
    shown: list[PlanPreviewDialog] = []
    open_plan_preview(
        window,
        services,
        worker,
        version_id,
        settings=ini_settings,
        on_shown=shown.append,
        **options,
    )
    assert len(shown) == 1
    return shown[0]


def test_preview_opens_with_every_page_and_no_personal_data_in_the_file_name(
    qtbot, window, vault_services, sync_worker, ini_settings
):
    version_id = plan_version(vault_services)
    dialog = open_preview(window, vault_services, sync_worker, version_id, ini_settings)
    pages = len(PdfReader(io.BytesIO(dialog.pdf_bytes())).pages)
    assert pages >= 2
    assert dialog.page_count() == pages
    rendered = dialog.rendered()
    assert rendered.file_name.startswith("support-plan-WP-") and rendered.file_name.endswith(
        "-v1.pdf"
    )
    assert "Amina" not in rendered.file_name and "Amina" not in dialog.windowTitle()
    assert dialog.windowTitle().startswith("Support plan WP-")
    assert dialog.language.currentData() == "ar"
    assert QApplication.overrideCursor() is None  # the busy cursor is gone
    assert print_audits(vault_services) == []  # previewing is not printing
    dialog.close()


def test_saving_records_a_print_and_writes_the_file_owner_only(
    qtbot, window, vault_services, sync_worker, ini_settings, tmp_path, monkeypatch
):
    version_id = plan_version(vault_services)
    bus = ChangeBus()
    published = []
    bus.changed.connect(published.append)
    dialog = open_preview(
        window, vault_services, sync_worker, version_id, ini_settings, change_bus=bus
    )
    target = tmp_path / "plan.pdf"
    offered = []

    def fake_dialog(parent, caption, suggested, filters):
        offered.append(Path(suggested).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    dialog.save_document()
    assert offered == [dialog.rendered().file_name]
    assert target.read_bytes() == dialog.pdf_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert print_audits(vault_services) == [version_id]
    assert published and published[-1].audit

    # Cancelling the save records nothing more.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    dialog.save_document()
    assert print_audits(vault_services) == [version_id]
    dialog.close()


def test_printing_records_a_print(
    qtbot, window, vault_services, sync_worker, ini_settings, monkeypatch
):
    version_id = plan_version(vault_services)
    dialog = open_preview(window, vault_services, sync_worker, version_id, ini_settings)
    calls = []
    monkeypatch.setattr(
        pdf_output, "print_pdf", lambda parent, data, **k: calls.append(data) or True
    )
    assert dialog.print_document()
    assert calls == [dialog.pdf_bytes()]
    assert print_audits(vault_services) == [version_id]
    monkeypatch.setattr(pdf_output, "print_pdf", lambda parent, data, **k: False)
    assert not dialog.print_document()  # cancelled in the print dialog
    assert print_audits(vault_services) == [version_id]
    dialog.close()


def test_the_plan_can_be_shown_in_another_language_and_in_large_type(
    qtbot, window, vault_services, sync_worker, ini_settings
):
    version_id = plan_version(vault_services)
    dialog = open_preview(window, vault_services, sync_worker, version_id, ini_settings)
    first_pages = dialog.page_count()
    dialog.language.setCurrentIndex(dialog.language.findData("vi"))
    reader = PdfReader(io.BytesIO(dialog.pdf_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    assert dialog.rendered().language == "vi"
    dialog.large_type.setChecked(True)
    assert dialog.rendered().large_type and dialog.page_count() > first_pages
    assert dialog.language.isEnabled() and dialog.status.text() == ""
    assert print_audits(vault_services) == []
    dialog.close()


def test_large_type_can_be_asked_for_at_once(
    qtbot, window, vault_services, sync_worker, ini_settings
):
    version_id = plan_version(vault_services, agree=False)
    dialog = open_preview(
        window, vault_services, sync_worker, version_id, ini_settings, large_type=True
    )
    assert dialog.large_type.isChecked() and dialog.rendered().large_type
    assert "(draft)" in dialog.windowTitle()
    dialog.close()


def test_a_plan_that_cannot_be_built_says_so_and_restores_the_cursor(
    qtbot, window, vault_services, sync_worker, ini_settings, monkeypatch
):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    shown = []
    open_plan_preview(
        window, vault_services, sync_worker, 999, settings=ini_settings, on_shown=shown.append
    )
    assert shown == []
    assert warnings == ["That version of the support plan no longer exists in this vault."]
    assert QApplication.overrideCursor() is None


# --- Settings: the navigator's details -------------------------------------------------------


def settings_page(qtbot, services, worker) -> SettingsPage:
    page = SettingsPage(
        idle_minutes=10,
        on_idle_minutes_changed=lambda minutes: None,
        vault_folder="/tmp/vault",
        demo=False,
        on_lock_now=lambda: None,
        services=services,
        worker=worker,
    )
    qtbot.addWidget(page)
    return page


def test_settings_saves_the_navigators_details_in_the_vault(qtbot, vault_services, sync_worker):
    page = settings_page(qtbot, vault_services, sync_worker)
    group = page.navigator_details
    assert group is not None
    assert group.display_name.text() == "" and group.save_button.isEnabled()
    group.display_name.setText("Jane Smith")
    group.organisation.setText("Hope Navigators")
    group.work_phone.setText("01632 960 001")
    group.work_email.setText("jane.smith@example.org")
    group.save_button.click()
    assert group.messages.text() == PROFILE_SAVED
    assert vault_services.navigator_profile() == NavigatorProfileDTO(
        "Jane Smith", "Hope Navigators", "01632 960 001", "jane.smith@example.org"
    )
    # A new page (after the next unlock) shows what was saved.
    second = settings_page(qtbot, vault_services, sync_worker)
    assert second.navigator_details is not None
    assert second.navigator_details.work_email.text() == "jane.smith@example.org"


def test_settings_marks_details_that_do_not_look_right(qtbot, vault_services, sync_worker):
    page = settings_page(qtbot, vault_services, sync_worker)
    group = page.navigator_details
    assert group is not None
    group.work_email.setText("not an email")
    group.save_button.click()
    assert "The work email address does not look right." in group.messages.text()
    assert group.work_email.property("invalid") is True
    assert group.display_name.property("invalid") in (None, False)
    assert vault_services.navigator_profile().is_empty


def test_settings_without_services_has_no_details_group(qtbot):
    page = SettingsPage(
        idle_minutes=10,
        on_idle_minutes_changed=lambda minutes: None,
        vault_folder="/tmp/vault",
        demo=True,
        on_lock_now=lambda: None,
    )
    qtbot.addWidget(page)
    assert page.navigator_details is None
