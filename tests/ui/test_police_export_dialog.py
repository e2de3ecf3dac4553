"""Exporting a police summary: consent decides what may go, the preview is the real PDF, and an
export is written, numbered and recorded, or refused with nothing left behind.

Offscreen, with the synchronous worker and a real encrypted vault.
"""

from __future__ import annotations

import io
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit

from models.dto import (
    AssessmentDraft,
    CaseFields,
    ConsentDTO,
    DomainScoreDTO,
    NewCase,
    PersonFields,
)
from models.enums import (
    AssessmentKind,
    CaseKind,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ExportField,
    RecoveryDomain,
    ReferralSource,
)
from ui.case.history_tab import HistoryTab
from ui.export.encryption_box import MISMATCH_TEXT, SEPARATE_CHANNEL_TEXT, too_short_text
from ui.export.field_chooser import NOT_COVERED, SAFE_ADDRESS_NOTE
from ui.export.passwords import PASSWORD_ALPHABET, generate_password
from ui.export.police_export_dialog import (
    NOTHING_CHOSEN_TEXT,
    NOTHING_EXPORTED,
    PoliceExportDialog,
)
from ui.operations import Changes
from ui.widgets.message_bar import MessageKind

from .conftest import UI_TODAY

SCORE_FIELDS = {ExportField.RECOVERY_SCORES, ExportField.RECOVERY_TRENDS}
SCORES_HEADING = "Change in each domain"
TRENDS_HEADING = "Trends over time"
PERSONAL = ("Thi Hoa", "Nguy", "07700", "hoa@example.org", "Example Road", "Flat 2")


# -- set-up -------------------------------------------------------------------------------------


def make_case(services, scopes: frozenset[ConsentScope] | None) -> tuple[int, int]:
    """A support case with a survivor, two assessments and (unless ``scopes`` is None) police
    consent covering ``scopes``. Returns (case ID, person ID)."""
    case = services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.SUPPORT_PLAN,
                opened_on=date(2026, 3, 2),
                referral_source=ReferralSource.POLICE_FORCE,
                police_force="Kent Police",
            ),
            person=PersonFields(
                given_names="Thi Hoa",
                family_name="Nguyễn",
                phone="07700 900123",
                email="hoa@example.org",
                safe_address="Flat 2, 10 Example Road",
            ),
        )
    )
    for kind, on, score in (
        (AssessmentKind.INTAKE, date(2026, 3, 10), 2),
        (AssessmentKind.REVIEW, date(2026, 9, 10), 4),
    ):
        services.record_assessment(
            case.id,
            AssessmentDraft(
                kind,
                on,
                tuple(
                    DomainScoreDTO(domain=d, survivor_score=score, navigator_score=score)
                    for d in RecoveryDomain
                ),
            ),
        )
    assert case.person is not None
    if scopes is not None:
        services.record_consent(
            case.person.id,
            ConsentDTO(
                ConsentRecipient.POLICE,
                ConsentState.GIVEN,
                given_on=date(2026, 3, 5),
                scope=scopes,
            ),
        )
    return case.id, case.person.id


@pytest.fixture
def scores_case(vault_services) -> tuple[int, int]:
    return make_case(vault_services, frozenset({ConsentScope.RECOVERY_SCORES}))


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """Answer the save dialog (outside the program's control) with a path; record the asks."""
    asked: list[str] = []
    answer = {"path": str(tmp_path / "exports" / "summary")}
    (tmp_path / "exports").mkdir()

    def fake(_parent, _caption, directory, _filter):
        asked.append(directory)
        return answer["path"], "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return answer, asked


def open_dialog(qtbot, case_id, services, worker, bus, ini_settings) -> PoliceExportDialog:
    dialog = PoliceExportDialog(case_id, services, worker, bus, settings=ini_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def wait_for_preview(qtbot, dialog: PoliceExportDialog, previous: bytes = b"") -> str:
    """Wait for a preview other than ``previous``; return its text."""
    qtbot.waitUntil(
        lambda: dialog.preview_pdf() not in (b"", previous) and not dialog.is_building_preview()
    )
    return pdf_text(dialog.preview_pdf())


def pdf_text(pdf: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


def name_officer(dialog: PoliceExportDialog, officer: str = "DC Sam Patel") -> None:
    dialog.recipient_form.officer.setText(officer)


# -- what consent allows --------------------------------------------------------------------


def test_scores_only_consent_offers_the_scores_and_never_identity_or_contact(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)

    reference = vault_services.refresh_case(case_id).reference
    assert dialog.windowTitle() == f"Export police summary — {reference}"
    assert "Thi Hoa" not in dialog.windowTitle()
    assert dialog.recipient_form.force.force() == "Kent Police"  # the case's force
    assert dialog.recipient_form.role.currentText() == "Officer in the case"
    assert dialog.fields.title().replace("&", "") == (
        "What the survivor agreed to share with the police"
    )
    for field, box in dialog.fields.boxes.items():
        allowed = field in SCORE_FIELDS
        assert box.isEnabled() is allowed, field
        assert box.isChecked() is allowed, field
        assert (NOT_COVERED in box.text()) is not allowed, field
    assert dialog.fields.chosen() == SCORE_FIELDS
    assert dialog.fields.safe_address_note.text() == SAFE_ADDRESS_NOTE
    assert not any("address" in box.text().lower() for box in dialog.fields.boxes.values())
    assert dialog.export_button.isEnabled()

    # A field outside the consent cannot be ticked, by mouse or by keyboard.
    name_box = dialog.fields.boxes[ExportField.NAME]
    qtbot.mouseClick(name_box, Qt.MouseButton.LeftButton)
    name_box.setFocus()
    qtbot.keyClick(name_box, Qt.Key.Key_Space)
    assert not name_box.isChecked()
    assert ExportField.NAME not in dialog.fields.chosen()


def test_the_preview_is_the_pdf_with_the_scores_and_nothing_personal(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)

    text = wait_for_preview(qtbot, dialog)

    assert SCORES_HEADING in text and TRENDS_HEADING in text
    assert "PREVIEW" in text
    assert "DC Sam Patel" in text and "Kent Police" in text
    for personal in PERSONAL:
        assert personal not in text, personal
    assert dialog.preview_view.document().pageCount() == len(
        PdfReader(io.BytesIO(dialog.preview_pdf())).pages
    )
    assert "as it will be sent" in dialog.preview_status.text()
    assert dialog.preview_view.isVisible() and not dialog.preview_placeholder.isVisible()


def test_unticking_narrows_the_preview_and_nothing_ticked_cannot_be_exported(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)
    first = dialog.preview_pdf() or b""
    text = wait_for_preview(qtbot, dialog, first)
    assert TRENDS_HEADING in text

    dialog.fields.boxes[ExportField.RECOVERY_TRENDS].setChecked(False)
    text = wait_for_preview(qtbot, dialog, dialog.preview_pdf())

    assert TRENDS_HEADING not in text
    assert SCORES_HEADING in text

    dialog.fields.boxes[ExportField.RECOVERY_SCORES].setChecked(False)
    qtbot.waitUntil(lambda: dialog.preview_placeholder.text() == NOTHING_CHOSEN_TEXT)
    assert dialog.preview_placeholder.isVisible()
    assert dialog.preview_pdf() == b""
    assert not dialog.export_button.isEnabled()


def test_typing_rebuilds_the_preview_once_after_a_pause(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case, monkeypatch
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    shown = wait_for_preview(qtbot, dialog)
    assert "officer not named yet" in shown  # previewed before the officer is typed
    builds: list[str] = []
    real = vault_services.preview_police_summary

    def counting(case, recipient, fields):
        builds.append(recipient.officer)
        return real(case, recipient, fields)

    monkeypatch.setattr(vault_services, "preview_police_summary", counting)

    for typed in ("D", "DC", "DC ", "DC S", "DC Sam", "DC Sam Patel"):
        dialog.recipient_form.officer.setText(typed)
    assert dialog.preview_status.text() == "Building preview…"

    text = wait_for_preview(qtbot, dialog, dialog.preview_pdf())
    assert builds == ["DC Sam Patel"]
    assert "DC Sam Patel" in text


# -- refusals -------------------------------------------------------------------------------


def test_no_consent_shows_the_refusal_and_export_is_disabled(
    qtbot, vault_services, sync_worker, change_bus, ini_settings
):
    case_id, _person = make_case(vault_services, None)
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    requested: list[bool] = []
    dialog.consent_tab_requested.connect(lambda: requested.append(True))

    refusal = dialog.fields.refusal
    assert refusal.isVisible()
    assert "has not given consent" in refusal.text()
    assert "Consent tab" in refusal.text()
    assert not any(box.isVisible() for box in dialog.fields.boxes.values())
    assert dialog.fields.chosen() == frozenset()
    assert not dialog.export_button.isEnabled()
    assert not dialog.encryption.encrypt.isEnabled()
    assert dialog.preview_pdf() == b""
    assert "Nothing can be sent to the police" in dialog.preview_placeholder.text()
    assert dialog.preview_placeholder.isVisible() and not dialog.preview_view.isVisible()

    dialog.export()  # even if called, nothing happens
    assert vault_services.export_register(case_id) == []

    assert dialog.fields.consent_button.isVisible()
    dialog.fields.consent_button.click()
    assert requested == [True]
    assert not dialog.isVisible()


def test_switching_to_the_cps_reads_that_consent(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    kind = dialog.recipient_form.kind

    kind.setCurrentIndex(kind.findData(ConsentRecipient.CPS.value))

    assert "has not given consent" in dialog.fields.refusal.text()
    assert dialog.fields.title().replace("&", "").endswith("the Crown Prosecution Service")
    assert dialog.recipient_form.role.currentText() == "Reviewing lawyer"
    assert not dialog.export_button.isEnabled()

    kind.setCurrentIndex(kind.findData(ConsentRecipient.POLICE.value))

    assert dialog.fields.refusal.isHidden()
    assert dialog.fields.chosen() == SCORE_FIELDS
    assert dialog.export_button.isEnabled()


def test_withdrawal_after_opening_refuses_the_export_and_leaves_nothing(
    qtbot,
    vault_services,
    sync_worker,
    change_bus,
    ini_settings,
    scores_case,
    save_to,
    published,
    tmp_path,
):
    case_id, person_id = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)
    wait_for_preview(qtbot, dialog)
    assert dialog.export_button.isEnabled()

    current = vault_services.consents(person_id)
    police = next(c for c in current if c.recipient is ConsentRecipient.POLICE)
    vault_services.record_consent(
        person_id,
        ConsentDTO(
            ConsentRecipient.POLICE,
            ConsentState.WITHDRAWN,
            given_on=police.given_on,
            withdrawn_on=UI_TODAY,
            scope=police.scope,
            version=police.version,
        ),
    )

    dialog.export_button.click()

    answer, asked = save_to
    assert len(asked) == 1  # it asked where, then the service refused
    assert dialog.messages.kind() is MessageKind.ERROR
    assert "withdrew their consent" in dialog.messages.text()
    assert NOTHING_EXPORTED in dialog.messages.text()
    assert not Path(answer["path"] + ".pdf").exists()
    assert list((tmp_path / "exports").iterdir()) == []
    assert vault_services.export_register(case_id) == []
    assert published == []
    assert dialog.last_export() is None
    # The dialog now shows what the consent allows: nothing.
    assert "withdrew" in dialog.fields.refusal.text()
    assert not dialog.export_button.isEnabled()


def test_a_consent_change_elsewhere_shows_at_once_and_keeps_the_navigators_choices(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case
):
    case_id, person_id = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    dialog.fields.boxes[ExportField.RECOVERY_TRENDS].setChecked(False)
    police = next(
        c for c in vault_services.consents(person_id) if c.recipient is ConsentRecipient.POLICE
    )
    widened = vault_services.record_consent(
        person_id,
        ConsentDTO(
            ConsentRecipient.POLICE,
            ConsentState.GIVEN,
            given_on=police.given_on,
            scope=police.scope | {ConsentScope.SUPPORT_SUMMARY},
            version=police.version,
        ),
    )

    change_bus.publish(Changes(cases=frozenset({case_id}), audit=True))  # as the Consent tab does

    assert dialog.fields.chosen() == {ExportField.RECOVERY_SCORES, ExportField.SUPPORT_GIVEN}
    assert not dialog.fields.boxes[ExportField.RECOVERY_TRENDS].isChecked()  # still unticked
    assert dialog.fields.boxes[ExportField.RECOVERY_TRENDS].isEnabled()

    vault_services.record_consent(
        person_id,
        ConsentDTO(
            ConsentRecipient.POLICE,
            ConsentState.WITHDRAWN,
            given_on=widened.given_on,
            withdrawn_on=UI_TODAY,
            scope=widened.scope,
            version=widened.version,
        ),
    )
    change_bus.publish(Changes(cases=frozenset({case_id}), audit=True))

    assert "withdrew" in dialog.fields.refusal.text()
    assert dialog.preview_pdf() == b""
    assert not dialog.export_button.isEnabled()

    dialog.close()
    change_bus.publish(Changes(cases=frozenset({case_id})))  # a closed dialog stays quiet


# -- exporting ------------------------------------------------------------------------------


def test_export_writes_the_file_where_chosen_and_records_it(
    qtbot,
    vault_services,
    sync_worker,
    change_bus,
    ini_settings,
    scores_case,
    save_to,
    published,
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)
    exported: list[object] = []
    dialog.exported.connect(exported.append)

    dialog.export_button.click()

    answer, asked = save_to
    case_reference = vault_services.refresh_case(case_id).reference
    assert Path(asked[0]).name == f"police-summary-{case_reference}.pdf"
    written = Path(answer["path"] + ".pdf")  # ".pdf" added to the chosen name
    assert written.exists()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    register = vault_services.export_register(case_id)
    assert len(register) == 1
    record = register[0]
    assert record.reference.startswith("EX-2026-0001-")
    assert (record.officer, record.role, record.force) == (
        "DC Sam Patel",
        "Officer in the case",
        "Kent Police",
    )
    assert set(record.fields) == SCORE_FIELDS and not record.encrypted
    text = pdf_text(written.read_bytes())
    assert record.reference in text
    assert "PREVIEW" not in text
    assert SCORES_HEADING in text
    for personal in PERSONAL:
        assert personal not in text, personal

    assert dialog.reference_label.text() == f"Exported as {record.reference}"
    assert dialog.messages.kind() is MessageKind.SUCCESS
    assert f"Exported as {record.reference}; recorded in the case history" in (
        dialog.messages.text()
    )
    assert exported == [record]
    assert published == [Changes(cases=frozenset({case_id}), audit=True)]

    history = HistoryTab(case_id, vault_services, sync_worker)
    qtbot.addWidget(history)
    history.refresh()
    _when, action, what, who = history.rows()[0]
    assert (action, who) == ("Exported", "navigator.test")
    assert what == (
        f"police summary {record.reference} to DC Sam Patel, Officer in the case, Kent Police"
    )


def test_export_refuses_until_the_officer_is_named(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case, save_to
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)

    dialog.export_button.click()

    _answer, asked = save_to
    assert asked == []  # not even asked where to save
    assert dialog.messages.kind() is MessageKind.ERROR
    assert "Name the officer the summary goes to." in dialog.messages.text()
    assert dialog.recipient_form.officer.property("invalid") is True
    assert vault_services.export_register(case_id) == []


def test_encrypted_export_opens_only_with_the_password(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case, save_to
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)
    box = dialog.encryption
    assert not box.password.isEnabled()

    qtbot.mouseClick(box.generate, Qt.MouseButton.LeftButton)

    password = box.password.text()
    assert box.encrypt.isChecked()
    assert box.confirm.text() == password
    assert box.password.echoMode() is QLineEdit.EchoMode.Normal  # shown, to read it out
    assert SEPARATE_CHANNEL_TEXT in box.note.text() and "by phone" in box.note.text()

    dialog.export_button.click()

    answer, _asked = save_to
    data = Path(answer["path"] + ".pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert not reader.decrypt("not-the-password-at-all")
    with pytest.raises(Exception):  # noqa: B017 - pypdf's error type varies by version
        PdfReader(io.BytesIO(data)).pages[0].extract_text()
    text = pdf_text(data, password)
    record = vault_services.export_register(case_id)[0]
    assert record.encrypted
    assert record.reference in text
    assert "encrypted" in dialog.messages.text() and "by phone" in dialog.messages.text()

    history = HistoryTab(case_id, vault_services, sync_worker)
    qtbot.addWidget(history)
    history.refresh()
    assert history.rows()[0][2].endswith("Kent Police (encrypted)")


def test_a_short_or_mismatched_password_is_explained_and_kept(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case, save_to
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)
    box = dialog.encryption
    box.encrypt.setChecked(True)
    box.password.setText("short")
    box.confirm.setText("short")

    dialog.export_button.click()

    assert too_short_text() in dialog.messages.text()
    assert "12 characters" in box.problem_label.text()
    assert box.password.text() == "short" and box.confirm.text() == "short"
    assert box.password.property("invalid") is True

    box.password.setText("correct horse battery")
    box.confirm.setText("correct horse battery!")
    dialog.export_button.click()

    assert MISMATCH_TEXT in dialog.messages.text()
    assert box.problem_label.text() == MISMATCH_TEXT
    assert box.confirm.text() == "correct horse battery!"
    _answer, asked = save_to
    assert asked == []
    assert vault_services.export_register(case_id) == []


def test_a_file_that_cannot_be_written_is_not_recorded(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case, save_to, tmp_path
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)
    answer, _asked = save_to
    answer["path"] = str(tmp_path / "no such folder" / "summary.pdf")

    dialog.export_button.click()

    assert dialog.messages.kind() is MessageKind.ERROR
    assert "could not be saved" in dialog.messages.text()
    assert NOTHING_EXPORTED in dialog.messages.text()
    assert vault_services.export_register(case_id) == []
    assert dialog.export_button.isEnabled()  # the navigator can choose another place


def test_the_open_case_history_refreshes_after_an_export(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case, save_to
):
    from ui.case.workspace import CaseWorkspace

    case_id, _person = scores_case
    workspace = CaseWorkspace(case_id, vault_services, sync_worker, change_bus)
    qtbot.addWidget(workspace)
    assert workspace.history is not None
    before = len(workspace.history.rows())
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    name_officer(dialog)

    dialog.export_button.click()

    reference = vault_services.export_register(case_id)[0].reference
    qtbot.waitUntil(lambda: len(workspace.history.rows()) > before)
    assert workspace.history.rows()[0][2].startswith(f"police summary {reference} to ")


# -- keyboard -------------------------------------------------------------------------------


def test_every_control_is_reachable_with_tab_and_esc_closes(
    qtbot, vault_services, sync_worker, change_bus, ini_settings, scores_case
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, sync_worker, change_bus, ini_settings)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.encryption.encrypt.setChecked(True)  # so the password fields take focus too
    form, box = dialog.recipient_form, dialog.encryption
    expected = [
        form.kind,
        form.force,
        form.officer,
        form.role,
        dialog.fields.boxes[ExportField.RECOVERY_SCORES],
        dialog.fields.boxes[ExportField.RECOVERY_TRENDS],
        box.encrypt,
        box.password,
        box.generate,
        box.confirm,
        box.show_password,
        dialog.preview_view,
        dialog.export_button,
        dialog.close_button,
    ]
    form.kind.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.kind)

    reached = []
    for _ in range(len(expected) + 4):
        widget = QApplication.focusWidget()
        # An editable combo's line edit holds the focus for its combo.
        if widget is not None and isinstance(widget.parent(), QComboBox):
            widget = widget.parent()
        if widget not in reached:
            reached.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert [w for w in reached if w in expected] == expected

    # Mnemonics: each caption names its field.
    assert form.labels["officer"].text() == "&Officer (required)"
    assert form.labels["officer"].buddy() is form.officer
    assert box.password_label.buddy() is box.password
    assert dialog.export_button.text() == "&Export…"

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_generated_passwords_are_long_readable_and_different():
    first, second = generate_password(), generate_password()
    assert first != second
    assert len(first) >= 20
    assert set(first.replace("-", "")) <= set(PASSWORD_ALPHABET)
    assert not set("01IOL") & set(first)


def test_preview_and_export_on_the_database_thread(
    qtbot, vault_services, db_worker, change_bus, ini_settings, scores_case, save_to
):
    case_id, _person = scores_case
    dialog = open_dialog(qtbot, case_id, vault_services, db_worker, change_bus, ini_settings)
    qtbot.waitUntil(lambda: dialog.options() is not None)
    name_officer(dialog)
    dialog.fields.boxes[ExportField.RECOVERY_TRENDS].setChecked(False)
    qtbot.waitUntil(lambda: not dialog.is_building_preview() and dialog.preview_pdf() != b"")
    text = pdf_text(dialog.preview_pdf())
    assert "DC Sam Patel" in text and TRENDS_HEADING not in text

    dialog.export_button.click()
    assert not dialog.close_button.isEnabled()  # no closing while the export runs
    qtbot.waitUntil(lambda: dialog.last_export() is not None)

    answer, _asked = save_to
    assert Path(answer["path"] + ".pdf").exists()
    assert dialog.close_button.isEnabled()
    assert [r.reference for r in vault_services.export_register(case_id)] == [
        dialog.last_export().reference
    ]
