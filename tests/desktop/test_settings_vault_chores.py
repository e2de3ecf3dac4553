"""Settings: Keys and recovery, and Backups, driven through the real app.

Real windows, real SQLCipher files, the real key envelope; the worker is synchronous and the
keyring in memory (DESIGN.md section 6).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import text

from desktop import vault
from desktop.backups import list_backups
from desktop.session import create_session, unlock_session
from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource
from models.store import key_opens
from tests.desktop.test_app_flow import controller_for, settings, unlock_with  # noqa: F401
from ui.settings.backups_group import RestoreDialog
from ui.settings.key_dialogs import (
    AskPassphraseDialog,
    ChangePassphraseDialog,
    ShowRecoveryKeyDialog,
)

PASSPHRASE = "lantern orchard velvet ninety"
NEW_PASSPHRASE = "copper harbour quietly seventeen lanterns"


def new_case(given: str) -> NewCase:
    return NewCase(
        fields=CaseFields(
            kind=CaseKind.SUPPORT_PLAN,
            opened_on=date(2026, 11, 1),
            referral_source=ReferralSource.POLICE_FORCE,
            police_force="Kent Police",
        ),
        person=PersonFields(given_names=given, family_name="Testperson"),
    )


@pytest.fixture
def made(tmp_path: Path, memory_keyring) -> tuple[Path, str]:
    folder = tmp_path / "v"
    folder.mkdir()
    session, recovery = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    session.services.create_case(new_case("First"))
    session.close()
    return folder, recovery


def open_app(controller_for, folder: Path):  # noqa: F811
    controller = controller_for(folder)
    unlock_with(controller, PASSPHRASE)
    main = controller.main_window
    assert main is not None
    return controller, main


def audit_actions(controller) -> list[str]:
    with controller.session.store.read_session() as db:
        return list(db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars())


def test_unlocking_after_a_change_takes_one_backup_and_says_so(controller_for, made):  # noqa: F811
    folder, _ = made
    controller, main = open_app(controller_for, folder)
    backups = list_backups(folder / "backups")
    assert len(backups) == 1 and backups[0].reason == "unlock"
    assert "Backed up" in main.statusBar().currentMessage()
    # Settings shows it too (it listed the backups before this one was taken).
    assert "(1 kept)" in main.settings_page.backups_group.latest_label.text()
    assert "backup" in audit_actions(controller)
    # Nothing changed since: locking and unlocking again takes no second backup.
    controller.lock(reason="manual")
    unlock_with(controller, PASSPHRASE)
    assert len(list_backups(folder / "backups")) == 1


def test_an_unavailable_backup_folder_is_said_and_the_vault_still_opens(
    controller_for,  # noqa: F811
    made,
    settings,  # noqa: F811
    tmp_path,
):
    folder, _ = made
    settings.backup_folder = str(tmp_path / "usb-drive-not-plugged-in" / "backups")
    controller, main = open_app(controller_for, folder)
    assert controller.session is not None
    message = main.statusBar().currentMessage()
    assert message.startswith("Automatic backup failed") and "USB" in message


def test_changing_the_passphrase_in_settings(controller_for, made, memory_keyring):  # noqa: F811
    folder, _ = made
    controller, main = open_app(controller_for, folder)
    keys = main.settings_page.keys_group
    keys.change_button.click()
    dialog = keys.active_dialog
    assert isinstance(dialog, ChangePassphraseDialog)
    dialog.current_edit.setText(PASSPHRASE)
    for name in ("newPassphraseEdit", "repeatPassphraseEdit"):
        dialog.findChild(QLineEdit, name).setText(NEW_PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert "passphrase was changed" in keys.messages.text()
    assert "passphrase_changed" in audit_actions(controller)
    controller.lock(reason="manual")
    with pytest.raises(vault.WrongPassphrase):
        vault.unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    vault.unlock(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring)


def test_showing_the_recovery_key_asks_for_the_passphrase_first(controller_for, made):  # noqa: F811
    folder, recovery = made
    controller, main = open_app(controller_for, folder)
    keys = main.settings_page.keys_group

    keys.show_button.click()
    ask = keys.active_dialog
    assert isinstance(ask, AskPassphraseDialog)
    ask.passphrase_edit.setText("not my passphrase")
    ask.ok_button.click()
    assert keys.active_dialog is None
    assert "Wrong passphrase" in keys.messages.text()

    keys.show_button.click()
    ask = keys.active_dialog
    ask.passphrase_edit.setText(PASSPHRASE)
    ask.ok_button.click()
    shown = keys.active_dialog
    assert isinstance(shown, ShowRecoveryKeyDialog)
    assert shown.page.key_text().split() == recovery.split("-")
    assert shown.done_button.isEnabled()  # an existing key needs no "I wrote it down"
    shown.done_button.click()
    assert "recovery_key_shown" in audit_actions(controller)


def test_rotating_the_key_in_settings_backs_up_first_and_keeps_working(
    controller_for,  # noqa: F811
    made,
    memory_keyring,
):
    folder, _ = made
    controller, main = open_app(controller_for, folder)
    old_key = controller.session.unlocked.database_key
    keys = main.settings_page.keys_group
    keys.rotate_button.click()
    keys.active_dialog.passphrase_edit.setText(PASSPHRASE)
    keys.active_dialog.ok_button.click()
    assert "encrypted under a new key" in keys.messages.text()
    newest = list_backups(folder / "backups")[0]
    assert newest.reason == "key_rotation" and key_opens(newest.path / "waypost.db", old_key)
    # The app keeps working on the re-encrypted vault.
    controller.session.services.create_case(new_case("AfterRotation"))
    database = vault.vault_paths(folder).database
    assert not key_opens(database, old_key)
    controller.lock(reason="manual")
    reopened = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert reopened.services.count_cases() == 2 and reopened.services.check().ok
    reopened.close()


def test_back_up_now_then_restore_from_settings(controller_for, made):  # noqa: F811
    folder, _ = made
    controller, main = open_app(controller_for, folder)
    backups_group = main.settings_page.backups_group
    backups_group.backup_button.click()
    assert "Backed up" in backups_group.messages.text()
    assert "2 kept" in backups_group.latest_label.text()

    controller.session.services.create_case(new_case("Later"))
    assert controller.session.services.count_cases() == 2
    backups_group.restore_button.click()
    dialog = backups_group.active_dialog
    assert isinstance(dialog, RestoreDialog)
    assert dialog.list.count() == 2
    dialog.restore_button.click()  # the newest: taken before "Later" was added

    assert controller.main_window is not None and controller.main_window is not main
    assert controller.session.services.count_cases() == 1
    assert "restore" in audit_actions(controller)
    kept = list(folder.glob("replaced-*/waypost.db"))
    assert len(kept) == 1


def test_restore_lists_the_usb_folder_and_the_vaults_own_migration_backups(
    controller_for,  # noqa: F811
    made,
    settings,  # noqa: F811
    tmp_path,
):
    from desktop.backups import take_backup

    folder, _ = made
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.backup_folder = str(usb)
    controller, main = open_app(controller_for, folder)
    assert len(list_backups(usb)) == 1  # the automatic one went to the USB drive
    # Backups before an update always go to the vault's own folder.
    take_backup(controller.session.store, folder, folder / "backups", reason="migration")

    backups_group = main.settings_page.backups_group
    backups_group.restore_button.click()
    dialog = backups_group.active_dialog
    assert isinstance(dialog, RestoreDialog)
    labels = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert len(labels) == 2 and "before migration" in labels[0]
    dialog.reject()
