"""A second start on an open vault brings the first window forward instead of opening it twice.

The first Waypost to open a vault holds its lock (desktop/instance_lock.py) and listens on a
local socket (a Unix domain socket, or a named pipe on Windows). A later start that finds the
vault locked connects, sends ``raise``, waits up to two seconds for ``ok``, and exits without
opening anything; the first process shows, raises and activates its current window.

The socket's name is a hash of the user ID and the vault folder's resolved path: the path
itself can contain the user's name and must not appear in /tmp or in the list of pipes. The
socket is reachable by its owner only (``UserAccessOption``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.instance_lock import VaultInUse, VaultLock, VaultLockFailed
from desktop.vault_errors import VaultNotFound

__all__ = [
    "RAISE_TIMEOUT_MS",
    "InstanceServer",
    "VaultGuard",
    "announce_vault_in_use",
    "ask_to_raise",
    "bring_to_front",
    "server_name",
]

log = logging.getLogger(__name__)

RAISE_TIMEOUT_MS = 2000
_RAISE = b"raise\n"
_ACK = b"ok\n"
# A client that connects and never finishes its message is dropped after this long.
_CLIENT_TIMEOUT_MS = 5000
_MAX_MESSAGE = 64


def _user_id() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return os.environ.get("USERNAME", "")  # Windows: pipes are per machine, not per user


def server_name(folder: str | os.PathLike[str]) -> str:
    """The local socket's name for this user and this vault folder (no path in it)."""
    resolved = os.path.normcase(str(Path(folder).resolve()))
    digest = hashlib.sha256(f"{_user_id()}\0{resolved}".encode()).hexdigest()
    return f"waypost-{digest[:32]}"


class InstanceServer(QObject):
    """Listens for later starts on the same vault; calls ``on_raise`` when one arrives."""

    def __init__(
        self,
        folder: str | os.PathLike[str],
        on_raise: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self._on_raise = on_raise
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. Call only while holding the vault's lock: it first removes any
        socket of the same name, which can only be a leftover from a crashed Waypost."""
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("could not listen for other Waypost starts: %s", self._server.errorString())
        return False

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            received = bytearray()
            socket.readyRead.connect(lambda s=socket, r=received: self._read(s, r))
            socket.disconnected.connect(socket.deleteLater)
            QTimer.singleShot(_CLIENT_TIMEOUT_MS, socket, socket.abort)
            if socket.bytesAvailable():
                self._read(socket, received)

    def _read(self, socket: QLocalSocket, received: bytearray) -> None:
        received.extend(socket.read(_MAX_MESSAGE).data())
        if b"\n" not in received and len(received) < _MAX_MESSAGE:
            return
        if bytes(received) == _RAISE:
            # Answer first: the other process is waiting, and raising may take a moment.
            socket.write(_ACK)
            socket.flush()
            self._on_raise()
        socket.disconnectFromServer()


def ask_to_raise(folder: str | os.PathLike[str], timeout_ms: int = RAISE_TIMEOUT_MS) -> bool:
    """Ask the Waypost that has ``folder`` open to come to the front; True if it answered.

    Runs a local event loop while it waits, so it works before ``QApplication.exec`` and also
    when the other end is in this same process (as in the tests).
    """
    socket = QLocalSocket()
    loop = QEventLoop()
    reply = bytearray()
    finished = False

    def finish() -> None:
        nonlocal finished
        finished = True
        loop.quit()

    def send() -> None:
        socket.write(_RAISE)
        socket.flush()

    def receive() -> None:
        reply.extend(socket.readAll().data())
        if b"\n" in reply:
            finish()

    socket.connected.connect(send)
    socket.readyRead.connect(receive)
    socket.errorOccurred.connect(lambda _error: finish())
    socket.disconnected.connect(finish)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(finish)
    timer.start(timeout_ms)
    socket.connectToServer(server_name(folder))
    if not finished:  # a refused connection is reported at once, before the loop would run
        loop.exec()
    timer.stop()
    if socket.bytesAvailable():
        reply.extend(socket.readAll().data())
    socket.abort()
    return bytes(reply).startswith(_ACK)


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise, raise and activate ``window`` (and a dialog open over it)."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()
    # Where the window manager refuses to hand over focus, at least flash the taskbar entry.
    QApplication.alert(window)
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not window:
        modal.raise_()
        modal.activateWindow()


class VaultGuard(QObject):
    """Holds the lock of the vault this process uses, and answers later starts on it.

    ``front_window`` returns the window to bring forward (the unlock window, the main window
    or the first-run wizard), or None.
    """

    def __init__(
        self, front_window: Callable[[], QWidget | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._front_window = front_window
        self._lock: VaultLock | None = None
        self._server: InstanceServer | None = None
        self.refusal: VaultInUse | None = None
        """Why the last ``hold`` failed, if it did."""
        self.holder_answered = False
        """Whether the process holding the vault came forward when the last ``hold`` failed."""

    @property
    def held_folder(self) -> Path | None:
        return self._lock.folder if self._lock is not None else None

    def hold(self, folder: Path, *, ask_holder_to_raise: bool = True) -> bool:
        """Lock ``folder`` for this process, giving up any vault held before.

        False if another process has it (``refusal`` says so; that process is asked to come to
        the front unless ``ask_holder_to_raise`` is false); the lock held before is kept then.
        True also when there is nothing to lock yet (no folder: a first run) or the lock file
        cannot be made; opening the vault will then say what is wrong, if anything is.
        """
        self.refusal, self.holder_answered = None, False
        if self._lock is not None and _same_folder(self._lock.folder, folder):
            return True
        try:
            lock = VaultLock.acquire(folder)
        except VaultInUse as error:
            self.refusal = error
            if ask_holder_to_raise:
                self.holder_answered = ask_to_raise(folder)
            return False
        except VaultNotFound:
            self.release()
            return True  # a first run: the folder is made, and then locked, after set-up
        except VaultLockFailed:
            log.warning("the vault's lock file could not be created; continuing without it")
            self.release()
            return True
        self.release()
        self._lock = lock
        self._server = InstanceServer(folder, self._raise_front_window, parent=self)
        # Without the server a later start still finds the lock; it just cannot raise us.
        self._server.listen()
        return True

    def release(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            server.deleteLater()
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def _raise_front_window(self) -> None:
        window = self._front_window()
        if window is not None:
            bring_to_front(window)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def announce_vault_in_use(refusal: VaultInUse, *, holder_answered: bool) -> int:
    """Tell the person at a second start why nothing opened; return the exit status.

    If the first Waypost came forward, its window says enough: a line on stderr will do.
    Otherwise (it is busy, or the lock is held by a ``waypost`` command) a message box says it.
    """
    print(refusal.user_message, file=sys.stderr)
    if holder_answered:
        return 0
    QMessageBox.warning(None, "Vault already open", refusal.user_message)
    return 1
