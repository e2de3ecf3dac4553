"""Vault files are owner-only: found when they are not, fixed on request, links never followed.

The GUI test unlocks a real vault with loosened permissions: the warning appears over the main
window, "Fix" makes the files private and writes the audit row.
"""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy import text

from desktop import vault
from desktop.app import AppController
from desktop.cli import unlock_for_cli
from desktop.file_permissions import (
    ProblemKind,
    fix_and_record,
    fix_permissions,
    permission_problems,
)
from desktop.session import create_session, unlock_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile
from models.enums import AuditAction
from ui.operations import SynchronousWorker

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")

PASSPHRASE = "lantern orchard velvet ninety"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def make_vault(folder: Path, keyring) -> None:
    """A real vault with a database, keys.json, a backup and a failed-unlock log."""
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=keyring, kdf=vault.FAST_TEST_KDF
    )
    session.close()
    vault.record_failed_unlock(folder, "wrong_passphrase")
    # A backup as the backup code leaves it: a private folder holding a private copy.
    (folder / "backups").mkdir(mode=0o700)
    copy = folder / "backups" / "waypost-20260101T000000Z.db"
    copy.write_bytes((folder / "waypost.db").read_bytes())
    os.chmod(copy, 0o600)


def loosen(folder: Path) -> dict[str, int]:
    """Permissions as a careless copy or a wrong umask leaves them."""
    backup = next((folder / "backups").glob("*.db"))
    loose = {
        ".": 0o755,
        "waypost.db": 0o644,
        "keys.json": 0o640,
        "unlock-failures.json": 0o604,
        "backups": 0o750,
        f"backups/{backup.name}": 0o644,
    }
    for relative, bits in loose.items():
        os.chmod(folder / relative, bits)
    return loose


def test_private_vault_has_no_problems(tmp_path: Path, memory_keyring) -> None:
    make_vault(tmp_path / "v", memory_keyring)
    assert permission_problems(tmp_path / "v") == []
    assert fix_permissions(tmp_path / "v") == 0


def test_loose_modes_are_found_and_fixed(tmp_path: Path, memory_keyring) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    loose = loosen(folder)

    problems = permission_problems(folder)
    assert {p.path: p.mode for p in problems} == loose
    assert all(p.kind is ProblemKind.TOO_OPEN and p.fixable for p in problems)
    wanted = {p.path: p.wanted for p in problems}
    assert wanted["."] == wanted["backups"] == 0o700
    assert wanted["waypost.db"] == wanted["keys.json"] == 0o600
    for problem in problems:  # no absolute path in anything shown to the user
        assert str(tmp_path) not in problem.describe()
    assert "0644" in next(p.describe() for p in problems if p.path == "waypost.db")

    assert fix_permissions(folder) == len(loose)
    assert permission_problems(folder) == []
    assert mode(folder) == 0o700
    assert mode(folder / "backups") == 0o700
    for relative in ("waypost.db", "keys.json", "unlock-failures.json"):
        assert mode(folder / relative) == 0o600
    assert all(mode(p) == 0o600 for p in (folder / "backups").glob("*.db"))
    # The vault still opens: only permissions changed.
    unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring).close()


def test_wal_and_shm_files_are_checked(tmp_path: Path, memory_keyring) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    session = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    try:  # while open, the -wal and -shm files exist
        for name in ("waypost.db-wal", "waypost.db-shm"):
            os.chmod(folder / name, 0o664)
        assert {p.path for p in permission_problems(folder)} == {
            "waypost.db-wal",
            "waypost.db-shm",
        }
        assert fix_permissions(folder) == 2
    finally:
        session.close()


def test_a_symlink_is_reported_and_neither_followed_nor_changed(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    folder.mkdir(mode=0o700)
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    (outside / "shared.txt").write_text("not the vault's")
    os.chmod(outside / "shared.txt", 0o644)
    (folder / "backups").symlink_to(outside)
    (folder / "keys.json").symlink_to(outside / "shared.txt")

    problems = permission_problems(folder)
    assert {(p.path, p.kind) for p in problems} == {
        ("backups", ProblemKind.SYMLINK),
        ("keys.json", ProblemKind.SYMLINK),
    }
    assert not any(p.fixable for p in problems)
    assert "symbolic link" in problems[0].describe()

    assert fix_permissions(folder) == 0
    # Nothing outside the vault folder changed, and nothing behind the links was looked at.
    assert mode(outside) == 0o755
    assert mode(outside / "shared.txt") == 0o644
    assert (folder / "backups").is_symlink()


def test_a_vault_folder_reached_through_a_link_is_checked(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (real / "waypost.db").write_bytes(b"x")
    os.chmod(real / "waypost.db", 0o644)
    (tmp_path / "link").symlink_to(real)
    assert [p.path for p in permission_problems(tmp_path / "link")] == ["waypost.db"]
    assert fix_permissions(tmp_path / "link") == 1
    assert mode(real / "waypost.db") == 0o600


def test_no_folder_means_no_problems(tmp_path: Path) -> None:
    assert permission_problems(tmp_path / "missing") == []
    assert fix_permissions(tmp_path / "missing") == 0


def test_fix_and_record_writes_the_audit_row(tmp_path: Path, memory_keyring) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    loosen(folder)
    session = unlock_session(folder, PASSPHRASE, keyring_backend=memory_keyring)
    try:
        assert fix_and_record(folder, session.services) == []
        assert fix_and_record(folder, session.services) == []  # nothing to fix: no second row
        assert audit_actions(session).count(AuditAction.PERMISSIONS_FIXED.value) == 1
    finally:
        session.close()


def test_the_cli_warns_on_stderr_with_the_count(
    tmp_path: Path, memory_keyring, monkeypatch, capsys
) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    os.chmod(folder / "waypost.db", 0o644)
    os.chmod(folder / "keys.json", 0o644)
    monkeypatch.setenv("WAYPOST_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("keyring.core._keyring_backend", memory_keyring)
    unlock_for_cli(argparse.Namespace(vault=str(folder))).close()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Warning: 2 item(s)" in captured.err
    assert "chmod -R go-rwx" in captured.err


# ---------------------------------------------------------------------------------------------
# The GUI


def audit_actions(session) -> list[str]:
    with session.store.read_session() as db:
        return list(db.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars())


@pytest.fixture
def controller(qtbot, memory_keyring, tmp_path: Path):
    built = AppController(
        vault_folder=tmp_path / "v",
        demo=False,
        settings=AppSettings(SettingsFile(tmp_path / "settings.json")),
        worker=SynchronousWorker(),
        keyring_backend=memory_keyring,
    )
    yield built
    if built.main_window is not None:
        built.main_window.close_for_lock()
        built.main_window.close()
    built.shutdown()
    if getattr(built, "vault_guard", None) is not None:
        built.vault_guard.release()


def unlock(controller: AppController) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert controller.start()
    field = controller.unlock_window.findChild(QLineEdit, "passphraseEdit")
    field.setText(PASSPHRASE)
    field.returnPressed.emit()
    assert controller.main_window is not None


def test_unlock_warns_and_fix_makes_the_files_private_and_audits_it(
    controller, tmp_path: Path, memory_keyring, qtbot
) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    loosen(folder)
    unlock(controller)

    warning = controller.permissions_warning
    assert warning is not None
    qtbot.waitUntil(warning.isVisible)
    assert "can be read by other users" in warning.text()
    assert "waypost.db: permissions 0644" in warning.detailedText()
    assert str(tmp_path) not in warning.text() + warning.detailedText()

    with qtbot.waitSignal(warning.fix_finished) as finished:
        warning.fix_button.click()
    assert finished.args == [0]
    assert not warning.isVisible()
    assert warning.outcome is None
    assert permission_problems(folder) == []
    assert mode(folder / "waypost.db") == 0o600
    assert AuditAction.PERMISSIONS_FIXED.value in audit_actions(controller.session)


def test_not_now_changes_nothing(controller, tmp_path: Path, memory_keyring, qtbot) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    loosen(folder)
    unlock(controller)
    warning = controller.permissions_warning
    qtbot.waitUntil(warning.isVisible)
    warning.later_button.click()
    assert not warning.isVisible()
    assert mode(folder / "waypost.db") == 0o644
    assert AuditAction.PERMISSIONS_FIXED.value not in audit_actions(controller.session)


def test_a_private_vault_unlocks_without_a_warning(controller, tmp_path, memory_keyring) -> None:
    make_vault(tmp_path / "v", memory_keyring)
    unlock(controller)
    assert controller.permissions_warning is None


def test_problems_left_after_the_fix_are_listed(
    controller, tmp_path: Path, memory_keyring, qtbot
) -> None:
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    os.chmod(folder / "keys.json", 0o644)
    (folder / "notes-link").symlink_to(tmp_path)
    unlock(controller)
    warning = controller.permissions_warning
    qtbot.waitUntil(warning.isVisible)
    with qtbot.waitSignal(warning.fix_finished) as finished:
        warning.fix_button.click()
    assert finished.args == [1]
    assert mode(folder / "keys.json") == 0o600
    assert warning.outcome is not None and warning.outcome.isVisible()
    assert "notes-link is a symbolic link" in warning.outcome.detailedText()


def test_only_unfixable_problems_offer_no_fix(controller, tmp_path: Path, memory_keyring, qtbot):
    folder = tmp_path / "v"
    make_vault(folder, memory_keyring)
    (folder / "notes-link").symlink_to(tmp_path)
    unlock(controller)
    warning = controller.permissions_warning
    qtbot.waitUntil(warning.isVisible)
    assert warning.fix_button is None
    assert "cannot fix them" in warning.text()
    assert "notes-link" in warning.detailedText()


def test_a_refused_fix_says_so(qtbot, tmp_path: Path) -> None:
    from desktop.file_permissions import PermissionProblem
    from ui.dialogs.permissions_warning import offer_permission_fix

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def refused() -> list[PermissionProblem]:
        raise PermissionError(1, "Operation not permitted")  # the system said no

    problem = PermissionProblem("keys.json", 0o644, 0o600, ProblemKind.TOO_OPEN)
    warning = offer_permission_fix(parent, [problem], fix=refused, worker=SynchronousWorker())
    with qtbot.waitSignal(warning.fix_finished) as finished:
        warning.fix_button.click()
    assert finished.args == [-1]
    assert warning.outcome is not None and warning.outcome.isVisible()
    assert "could not change the permissions" in warning.outcome.text()
