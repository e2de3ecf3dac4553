"""The case workspace against a real SQLCipher vault, with database work run synchronously."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from models.dto import (
    AssessmentDraft,
    CaseEdit,
    CaseFields,
    ConsentDTO,
    ContactDraft,
    DomainScoreDTO,
    NewCase,
    PersonFields,
    PoliceRecipientDTO,
)
from models.enums import (
    AssessmentKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    RecoveryDomain,
    ReferralSource,
)
from ui.case import discard_prompt
from ui.case.consent_tab import NO_SURVIVOR_TEXT
from ui.case.contacts_tab import EMPTY_TEXT
from ui.case.overview_tab import HIDDEN_ADDRESS
from ui.case.workspace import CHANGED_ELSEWHERE_TEXT, CaseWorkspace
from ui.operations import Changes

OPENED = date(2026, 3, 2)


def support_case(known_as: str = "Hoa") -> NewCase:
    return NewCase(
        fields=CaseFields(
            kind=CaseKind.SUPPORT_PLAN,
            opened_on=OPENED,
            referral_source=ReferralSource.POLICE_FORCE,
            police_force="Essex Police",
        ),
        person=PersonFields(
            given_names="Thi Hoa",
            family_name="Nguyễn",
            known_as=known_as,
            email="hoa@example.org",
            safe_address="Flat 2\n10 Example Road",
        ),
    )


class DeferredWorker:
    """Holds submitted work until ``run_all``, like a busy database thread."""

    def __init__(self) -> None:
        self.jobs: list = []

    accepting = True  # the Worker interface: never shut down in these tests

    def submit(self, work, on_done=None, on_error=None) -> None:
        self.jobs.append((work, on_done, on_error))

    def run_all(self) -> None:
        while self.jobs:
            work, on_done, _on_error = self.jobs.pop(0)
            result = work()
            if on_done is not None:
                on_done(result)


@pytest.fixture
def case_id(vault_services) -> int:
    return vault_services.create_case(support_case()).id


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def no_questions(monkeypatch) -> list[str]:
    """Answer "discard" to every "discard your edits?" question, and record the questions."""
    asked: list[str] = []

    def ask(_parent, message: str) -> bool:
        asked.append(message)
        return True

    monkeypatch.setattr(discard_prompt, "ask_discard", ask)
    return asked


def open_workspace(qtbot, case_id, services, worker, bus) -> CaseWorkspace:
    workspace = CaseWorkspace(case_id, services, worker, bus)
    qtbot.addWidget(workspace)
    workspace.resize(1200, 800)
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow)
    return workspace


def test_shows_loading_then_the_reference_and_name(qtbot, vault_services, case_id, change_bus):
    worker = DeferredWorker()
    workspace = CaseWorkspace(case_id, vault_services, worker, change_bus)
    qtbot.addWidget(workspace)
    assert workspace._pages.currentWidget() is workspace.loading_label
    assert workspace.loading_label.text() == "Loading…"

    worker.run_all()

    reference = vault_services.open_case(case_id).reference
    assert workspace.reference_label.text() == reference
    assert workspace.name_label.text() == "Hoa (Thi Hoa Nguyễn)"
    assert "Support plan · Referred · Opened 2 Mar 2026" in workspace.meta_label.text()
    overview = workspace.overview
    assert overview.survivor.values["Known as"].text() == "Hoa"


def test_overview_hides_the_safe_address_until_asked(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    overview = workspace.overview
    assert HIDDEN_ADDRESS in overview.address_value.text()
    assert "Example Road" not in overview.address_value.text()
    assert (
        overview.findChild(type(overview.address_value), "safeAddressNote")
        .text()
        .startswith("Never exported")
    )

    overview.address_value.linkActivated.emit("show")

    assert "10 Example Road" in overview.address_value.text()


def test_edit_and_ctrl_s_saves(qtbot, vault_services, case_id, sync_worker, change_bus, published):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.show_tab("details")
    details = workspace.details
    assert not details.save_button.isEnabled()

    details.case_form.operation.setFocus()
    qtbot.keyClicks(details.case_form.operation, "Op Kestrel")
    assert details.save_button.isEnabled()
    assert workspace.has_unsaved_changes()
    qtbot.keyClick(details.case_form.operation, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert vault_services.open_case(case_id).fields.operation_name == "Op Kestrel"
    assert details.messages.text() == "Saved."
    assert not workspace.has_unsaved_changes()
    assert not details.save_button.isEnabled()
    assert published == [Changes(cases=frozenset({case_id}), caseload=True, audit=True)]


def test_invalid_input_shows_the_messages_and_saves_nothing(
    qtbot, vault_services, case_id, sync_worker, change_bus, published
):
    before = vault_services.open_case(case_id)
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    details = workspace.details
    details.case_form.opened_on.setDate(date(2027, 1, 5))
    details.survivor_form.email.setText("not an email")

    details.save()

    text = details.messages.text()
    assert "The opened date cannot be in the future." in text
    assert "The email address does not look right." in text
    assert details.survivor_form.email.property("invalid") is True
    assert details.case_form.opened_on.date_edit().property("invalid") is True
    assert details.survivor_form.email.text() == "not an email"  # nothing typed is lost
    after = vault_services.open_case(case_id)
    assert after.version == before.version
    assert after.person.fields.email == "hoa@example.org"
    assert published == []


def test_stale_edit_is_refused_and_keeps_what_was_typed(
    qtbot, vault_services, case_id, sync_worker, change_bus, published
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    # Another window saves a change, without this workspace hearing of it.
    seen = vault_services.open_case(case_id)
    vault_services.update_case(
        CaseEdit(
            case_id=case_id,
            case_version=seen.version,
            fields=replace(seen.fields, crime_reference="42/999/26"),
            person_version=seen.person.version,
            person=seen.person.fields,
        )
    )
    details = workspace.details
    details.survivor_form.known_as.setText("Hoa N")

    details.save()

    assert "was not saved" in details.stale_banner.text()
    assert details.survivor_form.known_as.text() == "Hoa N"
    assert details.has_unsaved_changes()
    stored = vault_services.open_case(case_id)
    assert stored.fields.crime_reference == "42/999/26"
    assert stored.person.fields.known_as == "Hoa"
    assert published == []

    # "Copy my edits" puts a plain-text list of the edit on the clipboard.
    copy = next(b for b in details.stale_banner.action_buttons() if "Copy" in b.text())
    copy.click()
    clipboard = QGuiApplication.clipboard().text()
    assert "Known as: Hoa N" in clipboard
    assert "Given names" not in clipboard  # only what changed


def test_reload_after_a_stale_edit_shows_the_other_change(
    qtbot, vault_services, case_id, sync_worker, change_bus, no_questions
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    seen = vault_services.open_case(case_id)
    vault_services.update_case(
        CaseEdit(
            case_id=case_id,
            case_version=seen.version,
            fields=replace(seen.fields, crime_reference="42/999/26"),
            person_version=seen.person.version,
            person=seen.person.fields,
        )
    )
    details = workspace.details
    details.survivor_form.known_as.setText("Hoa N")
    details.save()

    reload = next(b for b in details.stale_banner.action_buttons() if "Reload" in b.text())
    reload.click()

    assert no_questions  # the navigator was asked before their edit was discarded
    assert details.case_form.crime_reference.text() == "42/999/26"
    assert details.survivor_form.known_as.text() == "Hoa"
    assert details.stale_banner.text() == ""


def test_change_elsewhere_reloads_silently_without_edits(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    seen = vault_services.open_case(case_id)
    vault_services.update_case(
        CaseEdit(
            case_id=case_id,
            case_version=seen.version,
            fields=replace(seen.fields, status=CaseStatus.ACTIVE),
            person_version=seen.person.version,
            person=seen.person.fields,
        )
    )

    change_bus.publish(Changes(cases=frozenset({case_id}), caseload=True, audit=True))

    assert workspace.changed_banner.text() == ""
    assert "Active" in workspace.meta_label.text()
    assert workspace.details.case_form.status.currentText() == "Active"


def test_change_elsewhere_with_unsaved_edits_shows_the_banner(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.details.survivor_form.phone.setText("07700 900123")
    seen = vault_services.open_case(case_id)
    vault_services.update_case(
        CaseEdit(
            case_id=case_id,
            case_version=seen.version,
            fields=replace(seen.fields, status=CaseStatus.ACTIVE),
            person_version=seen.person.version,
            person=seen.person.fields,
        )
    )

    change_bus.publish(Changes(cases=frozenset({case_id}), caseload=True, audit=True))

    assert workspace.changed_banner.text() == CHANGED_ELSEWHERE_TEXT
    assert workspace.details.survivor_form.phone.text() == "07700 900123"
    assert workspace.details.case_form.status.currentText() == "Referred"


def test_another_cases_change_is_ignored(qtbot, vault_services, case_id, sync_worker, change_bus):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.details.survivor_form.phone.setText("07700 900123")
    change_bus.publish(Changes(cases=frozenset({case_id + 100}), caseload=True))
    assert workspace.changed_banner.text() == ""
    assert workspace.details.survivor_form.phone.text() == "07700 900123"


def test_closing_with_unsaved_edits_asks(qtbot, vault_services, case_id, sync_worker, change_bus):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    asked: list[str] = []

    def keep_editing(_parent, message):
        asked.append(message)
        return False

    assert workspace.confirm_close(keep_editing) is True
    assert asked == []  # nothing to lose, nothing asked

    workspace.details.case_form.operation.setText("Op Kestrel")
    assert workspace.confirm_close(keep_editing) is False
    assert "unsaved edits to the case details" in asked[0]
    assert workspace.details.case_form.operation.text() == "Op Kestrel"
    assert workspace.confirm_close(lambda _p, _m: True) is True


def test_closed_date_only_with_closed_status(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    form = workspace.details.case_form
    assert not form.closed_on.isEnabled()
    form.status.set_value(CaseStatus.CLOSED)
    assert form.closed_on.isEnabled()
    assert form.closed_on.date() == date(2026, 11, 25)  # today in the vault
    workspace.details.save()
    stored = vault_services.open_case(case_id)
    assert stored.fields.status is CaseStatus.CLOSED
    assert stored.fields.closed_on == date(2026, 11, 25)


def test_contacts_tab_adds_a_note_at_the_top(
    qtbot, vault_services, case_id, sync_worker, change_bus, published
):
    vault_services.add_contact(case_id, ContactDraft(date(2026, 11, 1), ContactKind.VISIT, "Older"))
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.show_tab("contacts")
    contacts = workspace.contacts
    contacts.kind.set_value(ContactKind.PHONE_CALL)
    contacts.note.setFocus()
    qtbot.keyClicks(contacts.note, "Confirmed the interpreter for Tuesday.")
    qtbot.keyClick(contacts.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    top = contacts.list.topLevelItem(0)
    assert [top.text(i) for i in range(4)] == [
        "25 Nov 2026",
        "Phone call",
        "navigator.test",
        "Confirmed the interpreter for Tuesday.",
    ]
    assert contacts.list.topLevelItemCount() == 2
    assert contacts.note.toPlainText() == ""
    stored = vault_services.contacts(case_id)
    assert stored[0].note == "Confirmed the interpreter for Tuesday."
    assert workspace.overview.last_contact.values["Note"].text().startswith("Confirmed")
    assert published[-1] == Changes(cases=frozenset({case_id}), audit=True)


def test_contacts_tab_empty_state_and_refused_empty_note(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    contacts = workspace.contacts
    assert contacts._stack.currentWidget() is contacts.empty_label
    assert contacts.empty_label.text() == EMPTY_TEXT
    contacts.save()
    assert "Write a note for the contact." in contacts.messages.text()
    assert vault_services.contacts(case_id) == []


def test_editing_a_note_changed_elsewhere_is_refused(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    entry = vault_services.add_contact(
        case_id, ContactDraft(date(2026, 11, 1), ContactKind.VISIT, "First version")
    )
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    contacts = workspace.contacts
    contacts.list.setCurrentItem(contacts.list.topLevelItem(0))
    contacts.edit_selected()
    vault_services.update_contact(
        entry.id, entry.version, ContactDraft(date(2026, 11, 1), ContactKind.VISIT, "Elsewhere")
    )
    contacts.note.setPlainText("My correction")

    contacts.save()

    assert "was not saved" in contacts.messages.text()
    assert contacts.note.toPlainText() == "My correction"
    assert vault_services.contacts(case_id)[0].note == "Elsewhere"


def test_consent_tab_records_consent_with_a_scope(
    qtbot, vault_services, case_id, sync_worker, change_bus, published
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.show_tab("consent")
    police = workspace.consent.groups[ConsentRecipient.POLICE]
    police.state.set_value(ConsentState.GIVEN)
    assert police.given_on.date() == date(2026, 11, 25)

    police.save()  # no scope yet: refused, nothing stored
    assert "Choose what the survivor agreed to share." in police.messages.text()
    person_id = workspace.detail().person.id
    assert vault_services.consents(person_id)[0].version is None

    police.scope[ConsentScope.SUPPORT_SUMMARY].setChecked(True)
    police.save()

    stored = {c.recipient: c for c in vault_services.consents(person_id)}
    assert stored[ConsentRecipient.POLICE].state is ConsentState.GIVEN
    assert stored[ConsentRecipient.POLICE].scope == frozenset({ConsentScope.SUPPORT_SUMMARY})
    assert stored[ConsentRecipient.POLICE].given_on == date(2026, 11, 25)
    assert stored[ConsentRecipient.CPS].version is None
    assert police.messages.text() == "Saved."
    assert published[-1] == Changes(cases=frozenset({case_id}), audit=True)


def test_consent_changed_elsewhere_is_refused(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    person_id = workspace.detail().person.id
    vault_services.record_consent(
        person_id,
        ConsentDTO(ConsentRecipient.CPS, ConsentState.WITHDRAWN, withdrawn_on=date(2026, 11, 1)),
    )
    cps = workspace.consent.groups[ConsentRecipient.CPS]
    cps.state.set_value(ConsentState.GIVEN)
    cps.scope[ConsentScope.IDENTITY].setChecked(True)

    cps.save()

    assert "was not saved" in cps.messages.text()
    assert cps.scope[ConsentScope.IDENTITY].isChecked()
    stored = {c.recipient: c for c in vault_services.consents(person_id)}
    assert stored[ConsentRecipient.CPS].state is ConsentState.WITHDRAWN


def test_strategic_advice_case_has_no_consent(qtbot, vault_services, sync_worker, change_bus):
    case = vault_services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=OPENED,
                referral_source=ReferralSource.BORDER_FORCE,
                title="Advice on port screening",
            )
        )
    )
    workspace = open_workspace(qtbot, case.id, vault_services, sync_worker, change_bus)
    assert workspace.name_label.text() == "Advice on port screening"
    assert workspace.consent.notice.text() == NO_SURVIVOR_TEXT
    assert workspace.consent.groups == {}
    assert workspace.details.survivor_form.isHidden()

    workspace.details.case_form.operation.setText("Op Harbour")
    workspace.details.save()
    assert vault_services.open_case(case.id).fields.operation_name == "Op Harbour"


def test_history_tab_lists_views_and_edits(qtbot, vault_services, case_id, sync_worker, change_bus):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    history = workspace.history
    first = [(action, what) for _when, action, what, _who in history.rows()]
    assert first[0] == ("Viewed", "case")
    assert ("Created", "case") in first

    workspace.details.survivor_form.known_as.setText("Hoa N")
    workspace.details.save()

    rows = history.rows()
    assert [(r[1], r[2]) for r in rows[:2]] == [("Edited", "case"), ("Edited", "survivor")]
    assert rows[0][3] == "navigator.test"
    actions = {r.action for r in vault_services.case_history(case_id)}
    assert {AuditAction.VIEW, AuditAction.EDIT, AuditAction.CREATE} <= actions
    assert len(rows) == len(vault_services.case_history(case_id))


def test_history_names_assessments_and_exports_in_plain_words(
    qtbot, vault_services, case_id, sync_worker, change_bus, tmp_path
):
    person_id = vault_services.refresh_case(case_id).person.id
    vault_services.record_assessment(
        case_id,
        AssessmentDraft(
            AssessmentKind.INTAKE,
            date(2026, 3, 10),
            tuple(
                DomainScoreDTO(domain=d, survivor_score=3, navigator_score=3)
                for d in RecoveryDomain
            ),
        ),
    )
    vault_services.record_consent(
        person_id,
        ConsentDTO(
            ConsentRecipient.POLICE,
            ConsentState.GIVEN,
            given_on=OPENED,
            scope=frozenset({ConsentScope.RECOVERY_SCORES}),
        ),
    )
    record = vault_services.export_police_summary(
        case_id,
        PoliceRecipientDTO(
            ConsentRecipient.POLICE, "Essex Police", "DC Sam Patel", "Officer in the case"
        ),
        lambda name, pdf: (tmp_path / name).write_bytes(pdf),
        password="a long enough password",
    )

    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    rows = [(action, what) for _when, action, what, _who in workspace.history.rows()]

    assert (
        "Exported",
        f"police summary {record.reference} to DC Sam Patel, Officer in the case, "
        "Essex Police (encrypted)",
    ) in rows
    assert ("Created", "recovery assessment") in rows
    assert not any(what in ("export", "assessment") for _action, what in rows)
    history_list = workspace.history.list
    exported = next(
        history_list.topLevelItem(i)
        for i in range(history_list.topLevelItemCount())
        if history_list.topLevelItem(i).text(1) == "Exported"
    )
    assert exported.toolTip(2) == "Police. Included: Recovery scores and changes, " + (
        "Recovery trend charts."
    )


def test_typing_while_a_save_runs_is_kept(qtbot, vault_services, case_id, change_bus):
    worker = DeferredWorker()
    workspace = CaseWorkspace(case_id, vault_services, worker, change_bus)
    qtbot.addWidget(workspace)
    worker.run_all()
    details = workspace.details
    details.case_form.operation.setText("Op Kestrel")
    details.save()
    assert not details.save_button.isEnabled()  # no second save while one runs

    details.case_form.crime_reference.setText("42/1/26")  # typed before the save finished
    worker.run_all()

    assert vault_services.open_case(case_id).fields.operation_name == "Op Kestrel"
    assert details.case_form.crime_reference.text() == "42/1/26"
    assert details.has_unsaved_changes()
    details.save()
    worker.run_all()
    stored = vault_services.open_case(case_id).fields
    assert (stored.operation_name, stored.crime_reference) == ("Op Kestrel", "42/1/26")
    assert not details.has_unsaved_changes()


def test_every_field_on_the_details_tab_has_a_mnemonic_label(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    details = workspace.details

    def target(widget: QWidget) -> QWidget:
        while widget.focusProxy() is not None:
            widget = widget.focusProxy()
        return widget

    labelled = {}
    for caption in details.findChildren(QLabel):
        if caption.buddy() is not None:
            assert "&" in caption.text(), caption.text()
            labelled[target(caption.buddy())] = caption.text()
    inputs = [
        w
        for w in details.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox)
        and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)  # their own line edits
    ]
    # Date of birth and estimated age are labelled by their radio buttons (which move the focus
    # to them); the precision sits beside the date of birth.
    survivor = details.survivor_form
    exempt = {survivor.date_of_birth.date_edit(), survivor.estimated_age, survivor.precision}
    assert "&" in survivor.dob_choice.text() and "&" in survivor.estimate_choice.text()
    missing = [w.accessibleName() for w in inputs if w not in labelled and w not in exempt]
    assert missing == []


def test_escape_moves_focus_to_the_tabs_and_keeps_the_edit(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.show_tab("details")
    field = workspace.details.case_form.operation
    field.setFocus()
    qtbot.keyClicks(field, "Op K")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert workspace.tabs.tabBar().hasFocus()
    assert field.text() == "Op K"

    qtbot.keyClick(
        workspace.tabs.tabBar(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert workspace.tabs.currentWidget() is workspace.contacts
    bar = workspace.tabs.tabBar()
    qtbot.keyClick(bar, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(bar, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert workspace.tabs.currentWidget() is workspace.overview


def test_ctrl_s_on_the_consent_tab_saves_the_focused_group_only(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.details.case_form.operation.setText("Op Kestrel")  # unsaved, on another tab
    workspace.show_tab("consent")
    police = workspace.consent.groups[ConsentRecipient.POLICE]
    police.state.set_value(ConsentState.GIVEN)
    police.scope[ConsentScope.IDENTITY].setChecked(True)
    police.scope[ConsentScope.IDENTITY].setFocus()

    qtbot.keyClick(
        police.scope[ConsentScope.IDENTITY], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )

    person_id = workspace.detail().person.id
    assert vault_services.consents(person_id)[0].scope == frozenset({ConsentScope.IDENTITY})
    assert vault_services.open_case(case_id).fields.operation_name == ""
    assert workspace.details.has_unsaved_changes()


def test_nationalities_are_typed_and_shown_as_country_names(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    workspace.show_tab("details")
    field = workspace.details.survivor_form.nationalities
    field.setText("Eritrean, Sudan")
    workspace.save()
    assert vault_services.open_case(case_id).person.fields.nationalities == ("ER", "SD")
    qtbot.waitUntil(lambda: field.text() == "Eritrea, Sudan")
    assert workspace.overview.survivor.values["Nationalities"].text() == "Eritrea, Sudan"

    field.setText("Eritrea, Narnia")
    workspace.save()
    assert "not a country Waypost knows" in workspace.details.messages.text()
    assert field.text() == "Eritrea, Narnia"  # nothing typed is lost
    assert vault_services.open_case(case_id).person.fields.nationalities == ("ER", "SD")


def test_closing_the_case_asks_the_recovery_tab_for_the_closing_assessment(
    qtbot, vault_services, case_id, sync_worker, change_bus
):
    from models.dto import AssessmentDraft, DomainScoreDTO
    from models.enums import AssessmentKind, RecoveryDomain

    scores = tuple(DomainScoreDTO(domain, 2, 2) for domain in RecoveryDomain)
    vault_services.record_assessment(
        case_id, AssessmentDraft(AssessmentKind.INTAKE, date(2026, 3, 3), scores)
    )
    workspace = open_workspace(qtbot, case_id, vault_services, sync_worker, change_bus)
    texts = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert texts == [
        "Overview", "Details", "Contacts", "Support plan", "Recovery", "Purchases",
        "NRM and court", "Consent", "History",
    ]  # fmt: skip
    recovery = workspace.recovery
    assert recovery.due_label.text().startswith("Review assessment overdue")

    workspace.show_tab("details")
    workspace.details.case_form.status.set_value(CaseStatus.CLOSED)
    qtbot.keyClick(
        workspace.details.case_form.status, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )

    assert vault_services.open_case(case_id).fields.status is CaseStatus.CLOSED
    assert recovery.due_label.text() == "Closing assessment due today"
    # Ctrl+S on the Recovery tab saves what it saves on any tab that edits nothing: the details.
    workspace.details.case_form.operation.setText("Op Kestrel")
    workspace.show_tab("recovery")
    assert workspace.tabs.currentWidget() is recovery
    recovery.list.setFocus()
    qtbot.keyClick(recovery.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert vault_services.open_case(case_id).fields.operation_name == "Op Kestrel"
