"""`waypost keys ...` run as a navigator would: show the recovery key again, change the
passphrase, rotate the database key; each refusal changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.instance_lock import VaultLock

from .conftest import GOOD_PASSPHRASE, Waypost, file_hashes

NEW_PASSPHRASE = "amber lighthouse tangent ninety"
RECOVERY = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Waypost, Path, str]:
    root = tmp_path_factory.mktemp("keys")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    created = waypost.run("init", "--vault", str(folder))
    assert created.code == 0, created.err
    recovery = RECOVERY.search(created.out)
    assert recovery is not None
    return waypost, folder, recovery.group(0)


def test_keys_chores_from_the_command_line(made) -> None:
    waypost, folder, recovery = made

    shown = waypost.run("keys", "show-recovery", "--vault", str(folder))
    assert shown.code == 0, shown.err
    assert recovery in shown.out

    wrong = waypost.run("keys", "show-recovery", "--vault", str(folder), passphrase="not it")
    assert wrong.code == 3 and "Wrong passphrase" in wrong.err and recovery not in wrong.out

    before = file_hashes(folder)
    weak = waypost.run(
        "keys", "passphrase", "--vault", str(folder), WAYPOST_NEW_PASSPHRASE="password1"
    )
    assert weak.code == 2 and "too weak" in weak.err
    assert file_hashes(folder)["keys.json"] == before["keys.json"]

    changed = waypost.run(
        "keys", "passphrase", "--vault", str(folder), WAYPOST_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert changed.code == 0, changed.err
    assert waypost.run("check", "--vault", str(folder)).code == 3  # the old one is refused
    assert waypost.run("check", "--vault", str(folder), passphrase=NEW_PASSPHRASE).code == 0

    # The app has the vault open: rotating is refused and nothing changes.
    before = file_hashes(folder)
    with VaultLock.acquire(folder):
        busy = waypost.run("keys", "rotate", "--vault", str(folder), passphrase=NEW_PASSPHRASE)
    assert busy.code == 3 and "already open" in busy.err
    assert file_hashes(folder) == before

    rotated = waypost.run("keys", "rotate", "--vault", str(folder), passphrase=NEW_PASSPHRASE)
    assert rotated.code == 0, rotated.err
    assert "re-encrypted" in rotated.out
    assert file_hashes(folder)["waypost.db"] != before["waypost.db"]
    backup = Path(re.search(r"taken first: (\S+)", rotated.out).group(1))
    assert (backup / "waypost.db").is_file()
    check = waypost.run("check", "--vault", str(folder), passphrase=NEW_PASSPHRASE)
    assert check.code == 0, check.err
    # The recovery sheet is unchanged by both.
    again = waypost.run("keys", "show-recovery", "--vault", str(folder), passphrase=NEW_PASSPHRASE)
    assert recovery in again.out
    assert GOOD_PASSPHRASE not in again.out + again.err
