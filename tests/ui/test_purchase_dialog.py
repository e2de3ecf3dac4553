"""The purchase dialog against a real SQLCipher vault, with database work run synchronously:
a purchase typed in a few keystrokes, the approval rule above the threshold, the overspend
question, amounts that are not amounts, receipts attached (and refused), stale changes, the
status a purchase may move to, and Esc."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from models.dto import AllocationDraft
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus, ReceiptType
from models.services.purchases import STALE_PURCHASE_MESSAGE
from ui.case import discard_prompt
from ui.operations import Changes
from ui.purchases.purchase_dialog import (
    DISCARD_QUESTION,
    NOT_SAVED_TITLE,
    OVERSPEND_NOT_SAVED,
    PurchaseDialog,
)

from .conftest import UI_TODAY
from .purchase_support import (
    YEAR_END,
    YEAR_START,
    new_case,
    pdf_bytes,
    png_bytes,
    press,
    programme_allocation,
    record,
    stored,
)

TAB = Qt.Key.Key_Tab
ENTER = Qt.Key.Key_Return
SAVE = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
APPROVAL_MESSAGE = (
    "Purchases over £100.00 need approval before they are paid: record who approved it and when."
)


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch):
    """A dialog closed at teardown must not wait on a question nobody answers; tests about
    the question replace this answer with their own."""
    monkeypatch.setattr(discard_prompt, "ask_discard", lambda *_args: True)


@pytest.fixture
def case_id(vault_services) -> int:
    return new_case(vault_services)


@pytest.fixture
def published(change_bus) -> list[Changes]:
    seen: list[Changes] = []
    change_bus.changed.connect(seen.append)
    return seen


@pytest.fixture
def open_dialog(qtbot, vault_services, sync_worker, change_bus, ini_settings):
    def make(**kwargs) -> PurchaseDialog:
        dialog = PurchaseDialog(
            vault_services,
            sync_worker,
            change_bus,
            today=lambda: UI_TODAY,
            settings=ini_settings,
            **kwargs,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    return make


def test_a_paid_purchase_typed_in_a_few_keystrokes(
    qtbot, vault_services, case_id, open_dialog, published
):
    allocation = programme_allocation(vault_services)
    dialog = open_dialog(case_id=case_id)
    saved = []
    dialog.saved.connect(saved.append)
    assert QApplication.focusWidget() is dialog.amount
    assert dialog.windowTitle() == "New purchase"
    assert "WP-" in dialog.intro.text()

    press(qtbot, "45", TAB, "c", TAB, "Primark", TAB, "Winter coat", ENTER)

    (purchase,) = stored(vault_services, case_id)
    assert purchase.draft == replace(
        purchase.draft,
        purchased_on=UI_TODAY,
        category=PurchaseCategory.CLOTHING,
        amount_pence=45_00,
        payment_method=PaymentMethod.CARD,
        status=PurchaseStatus.PAID,
        supplier="Primark",
        purpose="Winter coat",
        case_id=case_id,
        allocation_id=allocation.id,
        approved_by="",
        approved_on=None,
    )
    assert saved == [purchase]
    assert published == [Changes(cases=frozenset({case_id}), audit=True, budget=True)]
    # The dialog stays open for the receipt, now changing the stored purchase.
    assert dialog.isVisible()
    assert dialog.messages.text() == (
        "Saved: £45.00 clothing from Primark, paid. Attach its receipt now (Enter), or close (Esc)."
    )
    assert dialog.attach_button.isEnabled()
    assert QApplication.focusWidget() is dialog.attach_button
    assert not dialog.has_unsaved_changes()
    assert dialog.amount.text() == "45.00"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("s", PurchaseCategory.SAFETY_EQUIPMENT),
        ("r", PurchaseCategory.REPATRIATION),
        ("p", PurchaseCategory.COMMUNICATION),  # "Phone and internet"
        ("o", PurchaseCategory.OTHER),
    ],
)
def test_the_category_jumps_to_the_first_letter_typed(qtbot, case_id, open_dialog, key, expected):
    dialog = open_dialog(case_id=case_id)
    press(qtbot, TAB)
    assert QApplication.focusWidget() is dialog.category
    assert dialog.category.value() is PurchaseCategory.CLOTHING
    press(qtbot, key)
    assert dialog.category.value() is expected


def test_a_programme_cost_belongs_to_no_case(qtbot, vault_services, open_dialog, published):
    dialog = open_dialog()
    assert dialog.intro.text() == "A programme cost, not bought for one survivor."
    press(qtbot, "£1,234.50", TAB, "t", TAB, TAB, "Training venue", ENTER)
    (purchase,) = stored(vault_services)
    assert purchase.draft.case_id is None
    assert purchase.draft.amount_pence == 1234_50  # needs approval: requested, not paid
    assert purchase.draft.status is PurchaseStatus.REQUESTED
    assert published == [Changes(cases=frozenset(), audit=True, budget=True)]


def test_above_the_threshold_it_is_requested_and_paid_needs_an_approver(
    qtbot, vault_services, case_id, open_dialog
):
    dialog = open_dialog(case_id=case_id)
    assert not dialog.approval_shown() and dialog.approval_hint.isHidden()

    press(qtbot, "99.99")
    assert dialog.status_value() is PurchaseStatus.PAID
    assert dialog.approval_hint.isHidden()
    press(qtbot, Qt.Key.Key_Backspace, Qt.Key.Key_Backspace, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace, Qt.Key.Key_Backspace, "150")
    assert dialog.amount.text() == "150"
    assert dialog.status_value() is PurchaseStatus.REQUESTED
    assert dialog.approval_shown()
    assert dialog.approval_hint.isVisible()
    assert dialog.approval_hint.text() == "Over £100.00: needs approval before it is paid"

    press(qtbot, TAB, TAB, "Argos", TAB, "Panic alarm and phone")
    dialog.status.setFocus()
    press(qtbot, "p")  # picked by hand: Paid
    assert dialog.status_value() is PurchaseStatus.PAID
    press(qtbot, SAVE)

    assert stored(vault_services) == []
    assert dialog.isVisible()
    assert dialog.messages.text() == f"{NOT_SAVED_TITLE}\n• {APPROVAL_MESSAGE}"
    assert dialog.approved_by.property("invalid") is True
    assert QApplication.focusWidget() is dialog.approved_by
    # Nothing typed was lost.
    assert (dialog.amount.text(), dialog.supplier.text(), dialog.purpose.text()) == (
        "150",
        "Argos",
        "Panic alarm and phone",
    )
    assert dialog.status_value() is PurchaseStatus.PAID

    # Once picked, the status no longer follows the amount.
    dialog.amount.setFocus()
    dialog.amount.selectAll()
    press(qtbot, "20")
    assert dialog.status_value() is PurchaseStatus.PAID
    dialog.amount.selectAll()
    press(qtbot, "150")
    assert dialog.status_value() is PurchaseStatus.PAID

    dialog.approved_by.setFocus()
    press(qtbot, "Sam Okafor", TAB, Qt.Key.Key_Up, ENTER)  # Up fills in today
    (purchase,) = stored(vault_services)
    assert purchase.draft.status is PurchaseStatus.PAID
    assert (purchase.draft.approved_by, purchase.draft.approved_on) == ("Sam Okafor", UI_TODAY)
    assert dialog.approved_by.property("invalid") is False


@pytest.mark.parametrize("typed", ["12.345", "abc", "12.5.0", ""])
def test_an_amount_that_is_not_an_amount_says_so_and_saves_nothing(
    qtbot, vault_services, case_id, open_dialog, typed
):
    dialog = open_dialog(case_id=case_id)
    press(qtbot, typed, TAB, TAB, "Boots", TAB, "Toiletries", ENTER)
    assert stored(vault_services) == []
    assert dialog.messages.text() == (
        f"{NOT_SAVED_TITLE}\n• Type an amount in pounds, such as 12.50."
    )
    assert dialog.amount.property("invalid") is True
    assert dialog.labels["amount_pence"].property("invalid") is True
    assert QApplication.focusWidget() is dialog.amount
    assert (dialog.amount.text(), dialog.purpose.text()) == (typed, "Toiletries")

    press(qtbot, "12.50", ENTER)  # the wrong amount was selected: typing replaces it
    (purchase,) = stored(vault_services)
    assert purchase.draft.amount_pence == 12_50
    assert dialog.amount.property("invalid") is False


def test_a_bad_amount_and_a_missing_purpose_are_both_listed(qtbot, case_id, open_dialog):
    dialog = open_dialog(case_id=case_id)
    press(qtbot, "ten pounds", ENTER)
    assert dialog.messages.text() == (
        f"{NOT_SAVED_TITLE}\n• Type an amount in pounds, such as 12.50.\n"
        "• Say in a sentence what the purchase was for."
    )
    assert dialog.purpose.property("invalid") is True


def test_overspending_asks_and_no_records_nothing_yes_records_it(
    qtbot, vault_services, case_id, open_dialog, monkeypatch, published
):
    programme_allocation(vault_services, pence=50_00, name="Small pot")
    questions = []
    answer = QMessageBox.StandardButton.No

    def ask(parent, title, text, *_args):
        questions.append((parent, title, text))
        return answer

    monkeypatch.setattr(QMessageBox, "question", ask)
    dialog = open_dialog(case_id=case_id)
    press(qtbot, "60", TAB, TAB, "EE", TAB, "Pay-as-you-go phone", ENTER)

    assert len(questions) == 1
    parent, _title, text = questions[0]
    assert parent is dialog
    assert text.startswith("This purchase of £60.00 would overspend “Small pot”")
    assert "£10.00 over" in text
    assert stored(vault_services) == []
    assert published == []
    assert dialog.isVisible()
    assert dialog.messages.text() == OVERSPEND_NOT_SAVED
    assert (dialog.amount.text(), dialog.purpose.text()) == ("60", "Pay-as-you-go phone")

    answer = QMessageBox.StandardButton.Yes
    press(qtbot, ENTER)
    assert len(questions) == 2
    (purchase,) = stored(vault_services)
    assert (purchase.draft.amount_pence, purchase.allocation_name) == (60_00, "Small pot")
    assert published == [Changes(cases=frozenset({case_id}), audit=True, budget=True)]


def test_the_allocation_defaults_to_the_navigators_own_covering_the_date(
    qtbot, vault_services, case_id, open_dialog
):
    programme = programme_allocation(vault_services)
    own = vault_services.save_allocation(
        AllocationDraft("My float", date(2026, 10, 1), date(2026, 12, 31), 300_00, "navigator.test")
    )
    vault_services.save_allocation(
        AllocationDraft("Someone else's", YEAR_START, YEAR_END, 300_00, "other.navigator")
    )
    dialog = open_dialog(case_id=case_id)
    assert dialog.allocation_id() == own.id
    assert dialog.allocation.currentText() == "My float (1 Oct 2026 to 31 Dec 2026, yours)"
    dialog.date.setDate(date(2026, 9, 30))  # before the navigator's own float
    assert dialog.allocation_id() == programme.id
    dialog.date.setDate(date(2025, 9, 30))  # nothing covers it
    assert dialog.allocation_id() is None
    # Picked by hand, it stays.
    dialog.allocation.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    picked = dialog.allocation_id()
    assert picked is not None and picked == dialog.allocation.itemData(1)
    dialog.date.setDate(date(2026, 11, 1))
    assert dialog.allocation_id() == picked


def test_recent_suppliers_are_offered_as_you_type(qtbot, vault_services, case_id, open_dialog):
    record(vault_services, case_id, 10_00, supplier="Primark")
    record(vault_services, case_id, 12_00, supplier="primark")
    record(vault_services, None, 5_00, supplier="Trainline")
    dialog = open_dialog(case_id=case_id)
    completer = dialog.supplier.completer()
    assert sorted(completer.model().stringList()) == ["Trainline", "primark"]
    dialog.supplier.setFocus()
    press(qtbot, "rain")
    assert completer.popup().isVisible()
    assert completer.currentCompletion() == "Trainline"


def test_a_png_receipt_is_stored_exactly_and_shown(
    qtbot, vault_services, case_id, open_dialog, monkeypatch, tmp_path, published
):
    purchase = record(vault_services, case_id, 45_00)
    picture = png_bytes(37, 23)
    path = tmp_path / "till receipt.png"
    path.write_bytes(picture)
    asked = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *args, **kwargs: asked.append(args) or (str(path), "")),
    )
    dialog = open_dialog(purchase_id=purchase.id)
    assert dialog.receipts_hint.text().startswith("No receipt yet.")
    assert dialog.view_button.isHidden()
    dialog.attach_button.click()

    assert len(asked) == 1
    (info,) = vault_services.purchase(purchase.id).receipts
    assert vault_services.receipt_content(info.id) == (ReceiptType.PNG, picture)
    assert dialog.receipt_list.count() == 1
    kilobytes = max(1, (len(picture) + 512) // 1024)
    assert dialog.receipt_list.item(0).text() == f"Receipt 1 · PNG · {kilobytes} KB"
    assert dialog.messages.text() == "Receipt attached."
    assert published == [Changes(cases=frozenset({case_id}), audit=True, budget=True)]
    assert not dialog.has_unsaved_changes()

    dialog.receipt_list.setFocus()
    press(qtbot, ENTER)  # views it; it does not save and close the dialog
    viewer = dialog.viewer
    assert viewer is not None and dialog.isVisible()
    qtbot.waitUntil(viewer.is_loaded)
    assert viewer.kind() is ReceiptType.PNG
    assert viewer.image_size() == QSize(37, 23)
    assert viewer.shown_size() == QSize(37, 23)  # small: shown at its own size
    viewer.close()


def test_a_pdf_receipt_attached_right_after_the_first_save(
    qtbot, vault_services, case_id, open_dialog, monkeypatch, tmp_path
):
    document = pdf_bytes(3)
    path = tmp_path / "invoice.pdf"
    path.write_bytes(document)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    dialog = open_dialog(case_id=case_id)
    assert not dialog.attach_button.isEnabled()
    assert dialog.receipts_hint.text().startswith("Save the purchase first")
    press(qtbot, "80", TAB, "t", TAB, "Trainline", TAB, "Return fare to Crown Court", ENTER)
    assert QApplication.focusWidget() is dialog.attach_button
    press(qtbot, ENTER)  # Attach receipt…

    (purchase,) = stored(vault_services, case_id)
    (info,) = purchase.receipts
    assert info.media_type is ReceiptType.PDF and info.size_bytes == len(document)
    assert vault_services.receipt_content(info.id) == (ReceiptType.PDF, document)
    assert dialog.receipt_list.item(0).text().startswith("Receipt 1 · PDF · ")

    dialog.view_button.click()
    viewer = dialog.viewer
    qtbot.waitUntil(viewer.is_loaded)
    assert viewer.kind() is ReceiptType.PDF
    assert viewer.page_count() == 3
    assert viewer.pdf_view.document().pageCount() == 3
    viewer.close()


def test_a_receipt_over_10_mb_is_refused_and_nothing_is_stored(
    qtbot, vault_services, case_id, open_dialog, monkeypatch, tmp_path, published
):
    purchase = record(vault_services, case_id, 45_00)
    path = tmp_path / "huge scan.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    dialog = open_dialog(purchase_id=purchase.id)
    dialog.attach_button.click()

    assert vault_services.purchase(purchase.id).receipts == ()
    assert dialog.receipt_list.count() == 0
    text = dialog.messages.text()
    assert text.startswith("The receipt was not attached. That file is 11")
    assert "receipts can be at most 10 MB" in text
    assert published == []
    assert dialog.attach_button.isEnabled()  # another file can be tried


def test_a_file_that_is_not_a_receipt_is_refused(
    qtbot, vault_services, case_id, open_dialog, monkeypatch, tmp_path
):
    purchase = record(vault_services, case_id, 45_00)
    path = tmp_path / "notes.txt"
    path.write_text("not a receipt")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    dialog = open_dialog(purchase_id=purchase.id)
    dialog.attach_button.click()
    assert dialog.messages.text() == (
        "The receipt was not attached. A receipt must be a PDF, a JPEG or a PNG file."
    )
    assert vault_services.purchase(purchase.id).receipts == ()
    # A file gone missing since it was chosen is refused without quoting its path.
    path.unlink()
    dialog.attach_button.click()
    assert "could not be read" in dialog.messages.text()
    assert str(tmp_path) not in dialog.messages.text()


def test_a_purchase_changed_elsewhere_is_refused_and_keeps_what_was_typed(
    qtbot, vault_services, case_id, open_dialog
):
    purchase = record(vault_services, case_id, 45_00, purpose="Winter coat")
    dialog = open_dialog(purchase_id=purchase.id)
    assert dialog.purpose.text() == "Winter coat"
    vault_services.update_purchase(
        purchase.id, purchase.version, replace(purchase.draft, purpose="Coat and boots")
    )
    dialog.purpose.setFocus()
    dialog.purpose.selectAll()
    press(qtbot, "Coat, scarf and gloves", SAVE)

    assert dialog.isVisible()
    assert dialog.messages.text() == STALE_PURCHASE_MESSAGE + " What you entered is still here."
    assert dialog.purpose.text() == "Coat, scarf and gloves"
    assert vault_services.purchase(purchase.id).draft.purpose == "Coat and boots"

    (reload,) = dialog.messages.action_buttons()
    reload.click()
    assert dialog.purpose.text() == "Coat and boots"
    press(qtbot, SAVE)  # now against the current version: saved, and the dialog closes
    assert not dialog.isVisible()


def test_editing_offers_only_the_statuses_the_purchase_may_move_to(
    qtbot, vault_services, case_id, open_dialog
):
    requested = record(
        vault_services, case_id, 150_00, status=PurchaseStatus.REQUESTED, purpose="Laptop"
    )
    paid = record(vault_services, case_id, 20_00)
    cancelled = record(vault_services, case_id, 30_00, status=PurchaseStatus.REQUESTED)
    vault_services.update_purchase(
        cancelled.id, cancelled.version, replace(cancelled.draft, status=PurchaseStatus.CANCELLED)
    )
    expected = {
        requested.id: [
            PurchaseStatus.REQUESTED,
            PurchaseStatus.APPROVED,
            PurchaseStatus.PAID,
            PurchaseStatus.CANCELLED,
        ],
        paid.id: [PurchaseStatus.PAID, PurchaseStatus.REFUNDED],
        cancelled.id: [PurchaseStatus.CANCELLED],
    }
    for purchase_id, statuses in expected.items():
        dialog = open_dialog(purchase_id=purchase_id)
        assert dialog.status_options() == statuses
        assert dialog.status_value() is statuses[0]
        dialog.reject()

    # Approving a requested purchase: who and when, then it is approved.
    dialog = open_dialog(purchase_id=requested.id)
    assert dialog.approval_shown()
    dialog.status.setFocus()
    press(qtbot, "a")
    assert dialog.status_value() is PurchaseStatus.APPROVED
    dialog.approved_by.setFocus()
    press(qtbot, "Programme manager", TAB, "24/11/2026", SAVE)
    assert not dialog.isVisible()
    approved = vault_services.purchase(requested.id).draft
    assert approved.status is PurchaseStatus.APPROVED
    assert approved.approved_on == date(2026, 11, 24)


def test_escape_with_changes_asks_and_keeps_them_unless_discarded(
    qtbot, vault_services, case_id, open_dialog, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        discard_prompt, "ask_discard", lambda parent, text: asked.append(text) or False
    )
    dialog = open_dialog(case_id=case_id)
    press(qtbot, Qt.Key.Key_Escape)  # nothing typed: it just closes
    assert asked == [] and not dialog.isVisible()

    dialog = open_dialog(case_id=case_id)
    press(qtbot, "12", Qt.Key.Key_Escape)
    assert asked == [DISCARD_QUESTION]
    assert dialog.isVisible() and dialog.amount.text() == "12"

    monkeypatch.setattr(discard_prompt, "ask_discard", lambda *_a: True)
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert stored(vault_services) == []


def test_on_the_database_thread_enter_before_the_budget_is_read_still_saves(
    qtbot, vault_services, db_worker, change_bus, ini_settings, case_id
):
    """The dialog is usable at once; a save asked for before its defaults arrive waits for
    them (the allocation, the threshold) and then records what was typed."""
    allocation = programme_allocation(vault_services)
    gate = threading.Event()
    db_worker.submit(lambda: gate.wait(10))  # the worker is busy when the dialog opens
    dialog = PurchaseDialog(
        vault_services,
        db_worker,
        change_bus,
        case_id=case_id,
        today=lambda: UI_TODAY,
        settings=ini_settings,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    press(qtbot, "45", TAB, "c", TAB, "Primark", TAB, "Winter coat", ENTER)
    assert dialog.allocation_id() is None  # not read yet
    assert dialog.purchase() is None

    gate.set()
    qtbot.waitUntil(lambda: dialog.purchase() is not None)
    (purchase,) = stored(vault_services, case_id)
    assert (purchase.draft.amount_pence, purchase.draft.allocation_id) == (45_00, allocation.id)
    assert purchase.draft.purpose == "Winter coat"
