"""The GUI's unlock flow: real windows, real SQLCipher files, the real key envelope.

The database worker runs synchronously (DESIGN.md section 6) and the keyring is in memory,
because the operating system's keyring is outside the program's control.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit

from desktop import vault
from desktop.app import AppController
from desktop.session import create_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile
from models.enums import AuditAction
from ui.operations import SynchronousWorker

PASSPHRASE = "lantern orchard velvet ninety"


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(SettingsFile(tmp_path / "settings.json"))


def make_vault(folder: Path, keyring) -> None:
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=keyring, kdf=vault.FAST_TEST_KDF
    )
    session.close()


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (folder / "waypost.db", folder / "waypost.db-wal", folder / "keys.json")
        if p.exists()
    }


@pytest.fixture
def controller_for(qtbot, settings, memory_keyring):
    made: list[AppController] = []

    def build(folder: Path, *, keyring=memory_keyring, demo: bool = False) -> AppController:
        controller = AppController(
            vault_folder=folder,
            demo=demo,
            settings=settings,
            worker=SynchronousWorker(),
            keyring_backend=keyring,
        )
        made.append(controller)
        controller.start()
        return controller

    yield build
    for controller in made:
        if controller.main_window is not None:
            controller.main_window.close_for_lock()
        controller.shutdown()
        for window in (controller.main_window, controller.unlock_window):
            if window is not None:
                window.close()
        guard = getattr(controller, "vault_guard", None)
        if guard is not None:
            guard.release()  # the vault's lock file and local socket, not left to the GC


def unlock_with(controller: AppController, passphrase: str) -> None:
    window = controller.unlock_window
    assert window is not None and window.isVisible()
    field = window.findChild(QLineEdit, "passphraseEdit")
    field.setText(passphrase)
    field.returnPressed.emit()


def test_unlock_opens_the_main_window_with_the_caseload(
    controller_for, tmp_path: Path, memory_keyring
) -> None:
    make_vault(tmp_path / "v", memory_keyring)
    controller = controller_for(tmp_path / "v")
    unlock_with(controller, PASSPHRASE)
    assert controller.main_window is not None and controller.main_window.isVisible()
    assert controller.unlock_window is None
    assert controller.session is not None


def test_wrong_passphrase_says_so_and_touches_no_file(
    controller_for, tmp_path: Path, memory_keyring
) -> None:
    make_vault(tmp_path / "v", memory_keyring)
    before = hashes(tmp_path / "v")
    controller = controller_for(tmp_path / "v")
    unlock_with(controller, "not it at all")
    assert "Wrong passphrase" in controller.unlock_window.error_text()
    assert controller.main_window is None
    assert hashes(tmp_path / "v") == before
    # The attempt is audited after the next successful unlock.
    unlock_with(controller, PASSPHRASE)
    with controller.session.store.read_session() as db:
        from sqlalchemy import text

        actions = db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars().all()
    assert AuditAction.FAILED_UNLOCK.value in actions


def test_no_keyring_is_named_and_touches_no_file(controller_for, tmp_path: Path, memory_keyring):
    from keyring.backends import fail

    make_vault(tmp_path / "v", memory_keyring)
    before = hashes(tmp_path / "v")
    controller = controller_for(tmp_path / "v", keyring=fail.Keyring())
    unlock_with(controller, PASSPHRASE)
    message = controller.unlock_window.error_text()
    assert "keyring" in message.lower() and "Wrong passphrase" not in message
    assert hashes(tmp_path / "v") == before


def test_locked_keyring_is_named(controller_for, tmp_path: Path, memory_keyring, locked_keyring):
    make_vault(tmp_path / "v", memory_keyring)
    locked_keyring.entries.update(memory_keyring.entries)
    before = hashes(tmp_path / "v")
    controller = controller_for(tmp_path / "v", keyring=locked_keyring)
    unlock_with(controller, PASSPHRASE)
    assert "locked" in controller.unlock_window.error_text().lower()
    assert hashes(tmp_path / "v") == before


def test_missing_device_secret_offers_the_recovery_key(
    controller_for, tmp_path: Path, memory_keyring
) -> None:
    from PySide6.QtWidgets import QPushButton

    make_vault(tmp_path / "v", memory_keyring)
    before = hashes(tmp_path / "v")
    memory_keyring.entries.clear()  # this computer lost its keyring
    controller = controller_for(tmp_path / "v")
    unlock_with(controller, PASSPHRASE)
    window = controller.unlock_window
    assert "recovery key" in window.error_text().lower()
    assert window.findChild(QPushButton, "recoveryButton").isVisibleTo(window)
    assert hashes(tmp_path / "v") == before


def test_damaged_database_offers_restore_and_restoring_keeps_the_damaged_copy(
    controller_for, tmp_path: Path, memory_keyring, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QPushButton

    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    # A backup exists from an earlier day.
    from desktop.backups import take_backup
    from desktop.session import unlock_session

    session = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    take_backup(session.store, folder, folder / "backups", reason="manual")
    session.close()
    db = folder / "waypost.db"
    damaged = bytearray(db.read_bytes())
    damaged[len(damaged) // 2] ^= 0x5A
    db.write_bytes(bytes(damaged))
    before = hashes(folder)

    controller = controller_for(folder)
    unlock_with(controller, PASSPHRASE)
    window = controller.unlock_window
    assert "damaged" in window.error_text()
    assert "Wrong passphrase" not in window.error_text()
    assert window.findChild(QPushButton, "restoreButton").isVisibleTo(window)
    assert hashes(folder) == before

    # The navigator picks the newest backup in the list (a dialog outside our widgets).
    monkeypatch.setattr(
        QInputDialog,
        "getItem",
        staticmethod(lambda parent, title, label, items, *a: (items[0], True)),
    )
    window.findChild(QPushButton, "restoreButton").click()
    assert controller.main_window is not None
    kept = list(folder.glob("replaced-*/waypost.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(damaged)


def test_ctrl_l_locks_and_audits_it(controller_for, tmp_path: Path, memory_keyring, qtbot):
    make_vault(tmp_path / "v", memory_keyring)
    controller = controller_for(tmp_path / "v")
    unlock_with(controller, PASSPHRASE)
    main = controller.main_window
    store = controller.session.store
    qtbot.waitUntil(main.isActiveWindow)  # unlocking hands the keyboard to the main window
    # Whichever widget has focus (the search field, here), Ctrl+L locks.
    qtbot.keyClick(main.focusWidget() or main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.main_window is None
    assert controller.session is None
    assert controller.unlock_window is not None and controller.unlock_window.isVisible()
    # The database was closed after writing the lock entry: reopen to check it.
    from desktop.session import unlock_session

    reopened = unlock_session(tmp_path / "v", PASSPHRASE, keyring_backend=memory_keyring)
    try:
        rows = reopened.services.check()
        assert rows.audit_chain.ok
        with reopened.store.read_session() as db:
            from sqlalchemy import text

            actions = db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars().all()
        assert actions[-2:] == [AuditAction.LOCK.value, AuditAction.UNLOCK.value]
    finally:
        reopened.close()
    assert store is not None


def test_idle_time_locks_the_vault_and_says_why(controller_for, tmp_path, memory_keyring, qtbot):
    make_vault(tmp_path / "v", memory_keyring)
    controller = controller_for(tmp_path / "v")
    unlock_with(controller, PASSPHRASE)
    assert controller.main_window is not None
    controller.idle_lock.set_timeout_ms(150)
    controller.idle_lock.start()
    qtbot.waitUntil(lambda: controller.main_window is None, timeout=5000)
    assert controller.session is None
    assert "Locked after" in controller.unlock_window.notice_text()


def test_first_run_creates_a_vault_and_shows_the_recovery_key_once(
    controller_for, tmp_path: Path, memory_keyring
) -> None:
    folder = tmp_path / "new-vault"
    controller = controller_for(folder)
    wizard = controller._wizard
    assert wizard.isVisible() and controller.unlock_window is None
    wizard.next()  # the folder page: the default folder is fine
    fields = [f for f in wizard.passphrase_page.findChildren(QLineEdit) if f.isVisibleTo(wizard)]
    for field in fields[:2]:
        field.setText(PASSPHRASE)
    wizard.next()  # "Create vault"
    assert vault.vault_exists(folder)
    key_text = wizard.recovery_key_page.key_text()
    assert len(vault.parse_recovery_key(key_text)) == vault.RECOVERY_KEY_BYTES
    wizard.recovery_key_page.findChild(QCheckBox).setChecked(True)
    wizard.accept()
    assert controller.main_window is not None and controller.main_window.isVisible()
    assert wizard.recovery_key_page.key_text() == ""  # not kept in the widgets


def test_demo_vault_is_created_on_first_unlock_without_a_keyring(
    controller_for, tmp_path: Path
) -> None:
    from keyring.backends import fail

    controller = controller_for(tmp_path / "demo", keyring=fail.Keyring(), demo=True)
    unlock_with(controller, "waypost-demo")
    assert controller.main_window is not None
    assert controller.session.demo
    assert controller.session.services.count_cases() > 0
    QApplication.processEvents()


def test_idle_minutes_set_in_settings_are_saved_and_applied(
    controller_for, tmp_path: Path, memory_keyring, settings
) -> None:
    make_vault(tmp_path / "v", memory_keyring)
    controller = controller_for(tmp_path / "v")
    unlock_with(controller, PASSPHRASE)
    main = controller.main_window
    from ui.main_window import PAGE_SETTINGS

    main.show_page(PAGE_SETTINGS)
    main.settings_page.idle_minutes.setValue(12)
    assert settings.idle_lock_minutes == 12
    assert controller.idle_lock.timeout_ms() == 12 * 60 * 1000
    assert "12 min" in main.lock_hint.text()
    # The next start uses it too.
    assert AppSettings(SettingsFile(settings.store.path)).idle_lock_minutes == 12
