"""Failed writes (issue 8, section 1): a full disk in the middle of a write changes nothing.

The disk is the one thing simulated: ``os.write``, as desktop/files.py calls it, writes the
first half of the data and then fails with ENOSPC, as a disk that fills up part-way does.
Everything else is real: the key envelope, the settings file, the windows.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from desktop import files, vault
from desktop.app import AppController
from desktop.session import create_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile, SettingsWriteFailed
from ui.operations import SynchronousWorker

PASSPHRASE = "lantern orchard velvet ninety"
NEW_PASSPHRASE = "harbour copper quiet seventy"


class FullDisk:
    """Stands in for ``os.write``: the first call writes half its data, every later call
    fails with ENOSPC."""

    def __init__(self) -> None:
        self._write = os.write
        self.calls = 0
        self.bytes_written = 0

    def __call__(self, fd: int, data: bytes | memoryview) -> int:
        self.calls += 1
        if self.calls == 1 and len(data) > 1:
            written = self._write(fd, bytes(data[: len(data) // 2]))
            self.bytes_written += written
            return written
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@contextmanager
def full_disk() -> Iterator[FullDisk]:
    disk = FullDisk()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files.os, "write", disk)
        yield disk
    # The write really was attempted, and part of it reached the disk.
    assert disk.calls >= 2 and disk.bytes_written > 0


def names_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# ---------------------------------------------------------------------------------------------
# keys.json


def test_a_full_disk_while_changing_the_passphrase_leaves_keys_json_as_it_was(
    tmp_path: Path, memory_keyring, caplog
) -> None:
    folder = tmp_path / "vault"
    made, _ = vault.create_vault(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    keys = vault.vault_paths(folder).keys
    before, files_before = keys.read_bytes(), names_in(folder)

    with full_disk(), pytest.raises(vault.VaultWriteFailed) as failed:
        vault.change_passphrase(folder, PASSPHRASE, NEW_PASSPHRASE, keyring_backend=memory_keyring)

    message = failed.value.user_message
    assert "disk may be full" in message and "Nothing was changed" in message
    assert str(tmp_path) not in message and str(tmp_path) not in caplog.text
    assert keys.read_bytes() == before
    assert names_in(folder) == files_before, "a temporary file was left behind"
    opened = vault.unlock(folder, PASSPHRASE, keyring_backend=memory_keyring)
    assert opened.database_key == made.database_key
    with pytest.raises(vault.WrongPassphrase):
        vault.unlock(folder, NEW_PASSPHRASE, keyring_backend=memory_keyring)


# ---------------------------------------------------------------------------------------------
# Settings


def test_a_full_disk_while_saving_a_setting_leaves_the_file_and_the_value_as_they_were(
    tmp_path: Path, caplog
) -> None:
    path = tmp_path / "config" / "settings.json"
    settings = AppSettings(SettingsFile(path))
    settings.idle_lock_minutes = 15
    settings.vault_folder = "/srv/vaults/team"
    before = path.read_bytes()

    with caplog.at_level(logging.WARNING), full_disk():
        with pytest.raises(SettingsWriteFailed) as failed:
            settings.idle_lock_minutes = 30
        with pytest.raises(SettingsWriteFailed):
            AppSettings.vault_folder.reset(settings)

    message = failed.value.user_message
    assert "could not save its settings" in message
    assert "disk may be full" in message and "previous settings are unchanged" in message
    assert str(tmp_path) not in caplog.text and "ENOSPC" in caplog.text
    assert path.read_bytes() == before
    assert names_in(path.parent) == ["settings.json"], "a temporary file was left behind"
    assert settings.idle_lock_minutes == 15  # in memory too
    assert settings.vault_folder == "/srv/vaults/team"
    again = AppSettings(SettingsFile(path))
    assert (again.idle_lock_minutes, again.vault_folder) == (15, "/srv/vaults/team")


def test_a_full_disk_at_the_first_setting_creates_no_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    settings = AppSettings(SettingsFile(path))
    with full_disk(), pytest.raises(SettingsWriteFailed):
        settings.idle_lock_minutes = 30
    assert names_in(path.parent) == []
    assert settings.idle_lock_minutes == 5


# ---------------------------------------------------------------------------------------------
# Through the GUI


@pytest.fixture
def unlocked_controller(qtbot, tmp_path: Path, memory_keyring) -> Iterator[AppController]:
    folder = tmp_path / "vault"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    session.close()
    controller = AppController(
        vault_folder=folder,
        demo=False,
        settings=AppSettings(SettingsFile(tmp_path / "config" / "settings.json")),
        worker=SynchronousWorker(),
        keyring_backend=memory_keyring,
    )
    controller.start()
    window = controller.unlock_window
    assert window is not None
    field = window.findChild(QLineEdit, "passphraseEdit")
    assert field is not None
    field.setText(PASSPHRASE)
    field.returnPressed.emit()
    assert controller.main_window is not None
    yield controller
    if controller.main_window is not None:
        controller.main_window.close_for_lock()
    controller.shutdown()
    for shown in (controller.main_window, controller.unlock_window):
        if shown is not None:
            shown.close()


def read_and_close_the_message_box(seen: list[tuple[str, str, object]], tries: int = 50) -> None:
    """Once the (modal) message box is up, note what it says and close it, as a user would."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen.append((box.windowTitle(), box.text(), box.parentWidget()))
        box.close()
    elif tries:
        QTimer.singleShot(10, lambda: read_and_close_the_message_box(seen, tries - 1))


def test_changing_the_idle_lock_on_a_full_disk_tells_the_user_and_changes_nothing(
    unlocked_controller: AppController, tmp_path: Path
) -> None:
    from ui.main_window import PAGE_SETTINGS

    controller = unlocked_controller
    main = controller.main_window
    assert main is not None
    main.show_page(PAGE_SETTINGS)
    minutes = main.settings_page.idle_minutes
    minutes.setValue(12)
    settings_file = tmp_path / "config" / "settings.json"
    before = settings_file.read_bytes()

    seen: list[tuple[str, str, object]] = []
    QTimer.singleShot(0, lambda: read_and_close_the_message_box(seen))
    with full_disk():
        minutes.setValue(30)

    assert seen == [("Settings not saved", SettingsWriteFailed.default_message, main)]
    assert settings_file.read_bytes() == before
    assert controller.settings.idle_lock_minutes == 12
    assert minutes.value() == 12  # the field shows what is really in force
    assert controller.idle_lock.timeout_ms() == 12 * 60 * 1000
    assert "12 min" in main.lock_hint.text()
