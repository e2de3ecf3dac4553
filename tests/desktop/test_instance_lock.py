"""One process at a time per vault: the operating-system lock on <vault>/.waypost.lock."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.instance_lock import LOCK_FILE_NAME, VaultInUse, VaultLock, VaultLockFailed
from desktop.vault_errors import VaultError, VaultNotFound

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX signals and modes")

# A child process that takes the lock, says so, and then waits until it is killed.
_HOLDER = """
import sys
from desktop.instance_lock import VaultLock
lock = VaultLock.acquire(sys.argv[1])
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path: Path):
    """Start a process that holds the lock on a folder; kill it at the end if still alive."""
    started: list[subprocess.Popen[str]] = []

    def start(folder: Path) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(child)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        return child

    yield start
    for child in started:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)


def test_a_second_lock_in_the_same_process_is_refused(tmp_path: Path) -> None:
    first = VaultLock.acquire(tmp_path)
    with pytest.raises(VaultInUse) as refused:
        VaultLock.acquire(tmp_path)
    assert "already open in another Waypost window" in refused.value.user_message
    assert "Nothing was changed" in refused.value.user_message
    assert isinstance(refused.value, VaultError)
    first.release()
    # Released: the next start gets it.
    VaultLock.acquire(tmp_path).release()


def test_the_context_manager_releases_even_when_the_work_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), VaultLock.acquire(tmp_path) as lock:
        assert lock.held
        with pytest.raises(VaultInUse):
            VaultLock.acquire(tmp_path)
        raise RuntimeError("the restore failed")
    assert not lock.held
    with VaultLock.acquire(tmp_path):
        pass


def test_locks_on_different_vaults_do_not_conflict(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with VaultLock.acquire(tmp_path / "a"), VaultLock.acquire(tmp_path / "b"):
        pass


def test_release_twice_is_harmless(tmp_path: Path) -> None:
    lock = VaultLock.acquire(tmp_path)
    lock.release()
    lock.release()
    assert not lock.held


@posix_only
def test_another_process_holding_the_lock_refuses_us_until_it_is_killed(
    tmp_path: Path, holder
) -> None:
    child = holder(tmp_path)
    with pytest.raises(VaultInUse):
        VaultLock.acquire(tmp_path)
    # A crash (SIGKILL: no clean-up code runs) must not leave the vault locked.
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=10) == -signal.SIGKILL
    with VaultLock.acquire(tmp_path) as lock:
        assert lock.held


@posix_only
def test_a_lock_released_in_this_process_can_be_taken_by_another(tmp_path: Path, holder) -> None:
    VaultLock.acquire(tmp_path).release()
    child = holder(tmp_path)  # would hang on readline if the lock were still held here
    assert child.poll() is None


@posix_only
def test_the_lock_file_is_private_and_holds_nothing(tmp_path: Path) -> None:
    with VaultLock.acquire(tmp_path):
        info = (tmp_path / LOCK_FILE_NAME).stat()
        assert stat.S_IMODE(info.st_mode) == 0o600
        assert info.st_size == 0


@posix_only
def test_a_symlink_at_the_lock_file_name_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    vault_folder = tmp_path / "vault"
    vault_folder.mkdir()
    (vault_folder / LOCK_FILE_NAME).symlink_to(elsewhere)
    with pytest.raises(VaultLockFailed) as refused:
        VaultLock.acquire(vault_folder)
    assert not elsewhere.exists()
    assert str(tmp_path) not in refused.value.user_message


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        VaultLock.acquire(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()
