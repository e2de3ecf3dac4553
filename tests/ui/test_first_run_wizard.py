"""The first-run wizard: a folder, a strong passphrase, then the recovery key, shown once."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWizard,
)

import ui.printing
from ui.setup.first_run_wizard import FirstRunWizard

STRONG = "Orchard lantern quietly 47 snowfall"
KEY = "K7QF-3MZP-W2XA-9HDC-R4TB-8NEV-6JYL-5SUG"
VAULT_ID = "3f2a9c1e-7b4d-4e0a-9c55-2d1f6a8b0e13"


@pytest.fixture
def wizard(qtbot, tmp_path):
    w = FirstRunWizard(str(tmp_path / "vault"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def button(w: QWizard, which: QWizard.WizardButton):
    return w.button(which)


def next_enabled(w: QWizard) -> bool:
    which = (
        QWizard.WizardButton.CommitButton
        if w.currentPage().isCommitPage()
        else QWizard.WizardButton.NextButton
    )
    return button(w, which).isVisible() and button(w, which).isEnabled()


def set_passphrases(w: FirstRunWizard, first: str, second: str) -> None:
    w.findChild(QLineEdit, "newPassphraseEdit").setText(first)
    w.findChild(QLineEdit, "repeatPassphraseEdit").setText(second)


def reason(w: FirstRunWizard) -> str:
    return w.findChild(QLabel, "passphraseReason").text()


def to_passphrase_page(w: FirstRunWizard) -> None:
    assert w.currentId() == FirstRunWizard.FOLDER_PAGE
    w.next()
    assert w.currentId() == FirstRunWizard.PASSPHRASE_PAGE


def to_recovery_key_page(qtbot, w: FirstRunWizard) -> None:
    to_passphrase_page(w)
    set_passphrases(w, STRONG, STRONG)
    w.create_requested.connect(
        lambda folder, passphrase: w.show_recovery_key(KEY, vault_id=VAULT_ID)
    )
    w.next()
    assert w.currentId() == FirstRunWizard.RECOVERY_KEY_PAGE


# -- page 1 -------------------------------------------------------------------------------------


def test_folder_page_offers_the_default_folder(wizard, tmp_path):
    assert wizard.findChild(QLineEdit, "folderEdit").text() == str(tmp_path / "vault")
    assert next_enabled(wizard)


def test_folder_that_already_holds_a_vault_is_refused_with_a_warning(qtbot, wizard, tmp_path):
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keys.json").write_text("{}")
    folder = wizard.findChild(QLineEdit, "folderEdit")
    folder.setText(str(existing))
    assert not next_enabled(wizard)
    assert "already holds a Waypost vault" in wizard.folder_page.warning_text()

    folder.setText(str(tmp_path / "new"))
    assert next_enabled(wizard)
    assert wizard.folder_page.warning_text() == ""


def test_choose_button_fills_the_folder_from_the_file_dialog(qtbot, wizard, tmp_path, monkeypatch):
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(chosen))
    qtbot.mouseClick(wizard.findChild(QPushButton, "chooseFolderButton"), Qt.MouseButton.LeftButton)
    assert wizard.vault_folder() == str(chosen)


# -- page 2 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ("", "", "Choose a passphrase"),
        ("password123", "password123", "Not strong enough"),
        ("summer2024!", "summer2024!", "Not strong enough"),
        (STRONG, "", "Type the passphrase again"),
        (STRONG, STRONG + "x", "do not match"),
    ],
)
def test_create_is_disabled_for_weak_or_mismatched_passphrases_with_the_reason(
    qtbot, wizard, first, second, why
):
    to_passphrase_page(wizard)
    set_passphrases(wizard, first, second)
    assert not next_enabled(wizard)
    assert why in reason(wizard)
    # Pressing Enter does nothing either.
    with qtbot.assertNotEmitted(wizard.create_requested):
        wizard.next()
    assert wizard.currentId() == FirstRunWizard.PASSPHRASE_PAGE


def test_strong_matching_passphrase_enables_create_vault(qtbot, wizard):
    to_passphrase_page(wizard)
    qtbot.keyClicks(wizard.findChild(QLineEdit, "newPassphraseEdit"), STRONG)
    qtbot.keyClicks(wizard.findChild(QLineEdit, "repeatPassphraseEdit"), STRONG)
    assert next_enabled(wizard)
    assert "both match" in reason(wizard)
    assert button(wizard, QWizard.WizardButton.CommitButton).text() == "&Create vault"


def test_create_requested_carries_folder_and_passphrase_and_waits(qtbot, wizard, tmp_path):
    to_passphrase_page(wizard)
    set_passphrases(wizard, STRONG, STRONG)
    with qtbot.waitSignal(wizard.create_requested) as blocker:
        qtbot.keyClick(wizard.findChild(QLineEdit, "repeatPassphraseEdit"), Qt.Key.Key_Return)
    assert blocker.args == [str(tmp_path / "vault"), STRONG]

    # Waiting for the caller: still on page 2, busy, nothing can be pressed twice.
    assert wizard.currentId() == FirstRunWizard.PASSPHRASE_PAGE
    assert wizard.is_busy()
    assert not next_enabled(wizard)
    assert not button(wizard, QWizard.WizardButton.CancelButton).isEnabled()
    with qtbot.assertNotEmitted(wizard.create_requested):
        wizard.next()
    wizard.reject()  # Esc while the vault is being made
    assert wizard.isVisible()

    wizard.show_recovery_key(KEY, vault_id=VAULT_ID)
    assert wizard.currentId() == FirstRunWizard.RECOVERY_KEY_PAGE
    # The passphrase does not linger in the widgets once the vault exists.
    assert wizard.findChild(QLineEdit, "newPassphraseEdit").text() == ""
    assert wizard.findChild(QLineEdit, "repeatPassphraseEdit").text() == ""


def test_show_error_keeps_the_user_on_the_passphrase_page(qtbot, wizard):
    to_passphrase_page(wizard)
    set_passphrases(wizard, STRONG, STRONG)
    with qtbot.waitSignal(wizard.create_requested):
        wizard.next()
    wizard.show_error("Could not create the folder: permission denied.")

    assert wizard.currentId() == FirstRunWizard.PASSPHRASE_PAGE
    assert not wizard.is_busy()
    assert wizard.passphrase_page.error_text() == "Could not create the folder: permission denied."
    assert next_enabled(wizard)
    assert button(wizard, QWizard.WizardButton.CancelButton).isEnabled()
    with qtbot.waitSignal(wizard.create_requested):
        wizard.next()  # try again


# -- page 3 -------------------------------------------------------------------------------------


def test_recovery_key_is_shown_in_large_monospace_groups(qtbot, wizard):
    to_recovery_key_page(qtbot, wizard)
    label = wizard.findChild(QLabel, "recoveryKeyLabel")
    assert label.isVisible()
    assert wizard.recovery_key_page.key_text() == "K7QF  3MZP  W2XA  9HDC\nR4TB  8NEV  6JYL  5SUG"
    assert label.fontInfo().fixedPitch()
    assert label.fontInfo().pointSizeF() > wizard.font().pointSizeF() * 1.5


def test_finish_is_disabled_until_the_key_is_acknowledged(qtbot, wizard):
    to_recovery_key_page(qtbot, wizard)
    finish = button(wizard, QWizard.WizardButton.FinishButton)
    assert finish.isVisible()
    assert not finish.isEnabled()
    assert not button(wizard, QWizard.WizardButton.BackButton).isVisible()
    assert not button(wizard, QWizard.WizardButton.CancelButton).isVisible()

    wizard.reject()  # Esc: the key must not be lost by accident
    assert wizard.isVisible()

    wizard.findChild(QCheckBox, "confirmKeyCheck").setChecked(True)
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    # The key is gone from the widgets once the wizard is finished.
    assert wizard.findChild(QLabel, "recoveryKeyLabel").text() == ""
    assert wizard.vault_folder()  # the folder is still there for the caller


def test_print_sends_a_recovery_sheet_with_the_key(qtbot, wizard, monkeypatch):
    printed: list[bytes] = []
    monkeypatch.setattr(ui.printing, "print_pdf", lambda parent, pdf: printed.append(pdf) or True)
    to_recovery_key_page(qtbot, wizard)
    qtbot.mouseClick(wizard.findChild(QPushButton, "printSheetButton"), Qt.MouseButton.LeftButton)

    [pdf] = printed
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Waypost recovery key" in text
    for group in KEY.split("-"):
        assert group in text
    assert VAULT_ID in text


def test_save_as_pdf_writes_an_owner_only_sheet_and_warns_about_it(
    qtbot, wizard, tmp_path, monkeypatch
):
    target = tmp_path / "sheet"  # no suffix: ".pdf" is added
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(target), "PDF documents (*.pdf)"),
    )
    to_recovery_key_page(qtbot, wizard)
    qtbot.mouseClick(wizard.findChild(QPushButton, "saveSheetButton"), Qt.MouseButton.LeftButton)

    saved = Path(str(target) + ".pdf")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "9HDC" in PdfReader(saved).pages[0].extract_text()
    status = wizard.findChild(QLabel, "sheetStatus")
    assert status.isVisible()
    assert str(saved) in status.text()
    assert "Do not leave it on this computer" in status.text()
    # Saving is not the same as keeping it safe: the box is still for the user to tick.
    assert not button(wizard, QWizard.WizardButton.FinishButton).isEnabled()
