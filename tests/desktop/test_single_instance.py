"""A second start on an open vault raises the first window and opens nothing.

Two Waypost "processes" are two objects in this test process talking over a real local socket
(the client waits in a local event loop, so the server in this same thread can answer). One
test uses a real child process, killed with SIGKILL, to leave a stale socket behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.app import AppController
from desktop.instance_lock import VaultInUse, VaultLock
from desktop.session import create_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile
from desktop.single_instance import InstanceServer, ask_to_raise, server_name
from desktop.vault import FAST_TEST_KDF
from ui.operations import SynchronousWorker

PASSPHRASE = "lantern orchard velvet ninety"


@pytest.fixture
def server(qtbot, tmp_path: Path):
    made: list[InstanceServer] = []

    def listen(folder: Path, on_raise) -> InstanceServer:
        instance = InstanceServer(folder, on_raise)
        assert instance.listen()
        made.append(instance)
        return instance

    yield listen
    for instance in made:
        instance.close()


def test_a_raise_message_reaches_the_first_instance_and_is_acknowledged(
    server, tmp_path: Path
) -> None:
    raised: list[bool] = []
    server(tmp_path, lambda: raised.append(True))
    assert ask_to_raise(tmp_path) is True
    assert raised == [True]


def test_a_start_on_another_vault_reaches_nobody(server, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    raised: list[bool] = []
    server(tmp_path / "a", lambda: raised.append(True))
    assert ask_to_raise(tmp_path / "b") is False
    assert raised == []


def test_anything_but_raise_is_ignored(server, tmp_path: Path, qtbot) -> None:
    raised: list[bool] = []
    server(tmp_path, lambda: raised.append(True))
    client = QLocalSocket()
    client.connectToServer(server_name(tmp_path))
    assert client.waitForConnected(2000)
    client.write(b"open /etc/passwd\n")
    client.flush()
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert client.readAll().data() == b""
    assert raised == []


def test_the_socket_name_hides_the_path_but_identifies_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Jane Doe vault"
    folder.mkdir()
    name = server_name(folder)
    assert "Jane" not in name and str(tmp_path) not in name
    assert server_name(tmp_path / "x" / ".." / "Jane Doe vault") == name  # resolved first
    assert server_name(tmp_path) != name


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals; Windows pipes vanish with the process")
def test_a_socket_left_by_a_killed_instance_does_not_block_the_next(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "from desktop.single_instance import InstanceServer\n"
            "app = QCoreApplication([])\n"
            "server = InstanceServer(sys.argv[1], lambda: None)\n"
            "print('listening' if server.listen() else 'failed', flush=True)\n"
            "sys.stdin.read()\n",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "listening"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    # The crash left its socket file; the next instance (holding the lock) clears it.
    survivor = InstanceServer(tmp_path, lambda: None)
    try:
        assert survivor.listen()
    finally:
        survivor.close()


# ---------------------------------------------------------------------------------------------
# The app: two controllers on one vault


@pytest.fixture
def controllers(qtbot, tmp_path: Path, memory_keyring):
    made: list[AppController] = []

    def build(folder: Path, *, demo: bool = False) -> AppController:
        controller = AppController(
            vault_folder=folder,
            demo=demo,
            settings=AppSettings(SettingsFile(tmp_path / "settings.json")),
            worker=SynchronousWorker(),
            keyring_backend=memory_keyring,
        )
        made.append(controller)
        return controller

    yield build
    for controller in made:
        controller.shutdown()
        if controller.unlock_window is not None:
            controller.unlock_window.close()
        if getattr(controller, "vault_guard", None) is not None:
            controller.vault_guard.release()


def make_vault(folder: Path, keyring) -> Path:
    folder.mkdir()
    session, _ = create_session(folder, PASSPHRASE, keyring_backend=keyring, kdf=FAST_TEST_KDF)
    session.close()
    return folder


def test_a_second_start_raises_the_first_window_and_shows_nothing(
    controllers, tmp_path: Path, memory_keyring, qtbot
) -> None:
    # Windows left open by earlier tests in this process (a modal one, say) could keep the
    # activation for themselves: this test is about Waypost's windows only.
    for leftover in QApplication.topLevelWidgets():
        leftover.close()
    folder = make_vault(tmp_path / "v", memory_keyring)
    first = controllers(folder)
    assert first.start()
    # The navigator has put it out of the way since.
    first.unlock_window.showMinimized()
    assert first.unlock_window.isMinimized()

    second = controllers(folder)
    assert second.start() is False
    assert second.unlock_window is None and second.main_window is None
    assert isinstance(second.vault_guard.refusal, VaultInUse)
    assert "already open in another Waypost window" in second.vault_guard.refusal.user_message
    assert second.vault_guard.holder_answered
    assert not first.unlock_window.isMinimized()
    qtbot.waitUntil(first.unlock_window.isActiveWindow)

    # Once the first one quits, the vault opens normally.
    first.vault_guard.release()
    assert second.start() is True
    assert second.unlock_window is not None and second.unlock_window.isVisible()


def test_the_demo_vault_is_locked_from_the_first_start(controllers, tmp_path: Path) -> None:
    demo = controllers(tmp_path / "demo", demo=True)
    assert demo.start()
    with pytest.raises(VaultInUse):
        VaultLock.acquire(tmp_path / "demo")


def test_choosing_a_vault_open_elsewhere_keeps_this_one(
    controllers, tmp_path: Path, memory_keyring, monkeypatch
) -> None:
    ours = make_vault(tmp_path / "ours", memory_keyring)
    theirs = make_vault(tmp_path / "theirs", memory_keyring)
    other = controllers(theirs)
    assert other.start()
    controller = controllers(ours)
    assert controller.start()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args: str(theirs))
    )
    controller._choose_other_vault()
    assert controller.folder == ours
    assert "already open" in controller.unlock_window.error_text()
    assert controller.vault_guard.held_folder == ours


def test_choosing_another_vault_moves_the_lock(
    controllers, tmp_path: Path, memory_keyring, monkeypatch
) -> None:
    first = make_vault(tmp_path / "first", memory_keyring)
    second = make_vault(tmp_path / "second", memory_keyring)
    controller = controllers(first)
    assert controller.start()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args: str(second))
    )
    controller._choose_other_vault()
    assert controller.folder == second and controller.unlock_window.isVisible()
    VaultLock.acquire(first).release()  # given up
    with pytest.raises(VaultInUse):
        VaultLock.acquire(second)
