"""A key rotation killed at any moment never locks the navigator out.

keys.json holds both keys while PRAGMA rekey runs (desktop/key_rotation.py); after each SIGKILL
the vault must unlock with the passphrase, keep every case, and pass both integrity checks and
the audit chain.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from desktop import vault
from desktop.envelope import read_envelope
from desktop.session import create_session, unlock_session
from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource

PASSPHRASE = "rotation crash test passphrase"
RUNS = 8
REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _case(number: int) -> NewCase:
    return NewCase(
        fields=CaseFields(
            kind=CaseKind.SUPPORT_PLAN,
            opened_on=date(2026, 10, 1),
            referral_source=ReferralSource.POLICE_FORCE,
            police_force="Kent Police",
        ),
        person=PersonFields(given_names=f"Rotation{number}", family_name="Testperson"),
    )


def _kill_during_rotation(folder: Path, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.hardening.rotation_workload", str(folder), PASSPHRASE],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    lines: list[str] = []
    try:
        # Wait until the child is inside a rotation, then kill it a random moment later.
        target = rng.randint(1, 3)
        for line in child.stdout:
            lines.append(line.strip())
            if line.strip() == f"ROTATING {target}":
                break
        time.sleep(rng.uniform(0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return lines


def test_a_rotation_killed_at_any_moment_still_unlocks_with_every_case(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir()
    session, _ = create_session(folder, PASSPHRASE, demo=True, kdf=vault.FAST_TEST_KDF)
    for number in range(5):
        session.services.create_case(_case(number))
    session.close()

    rng = random.Random(20261126)
    completed = 0
    pending_after_kill = 0
    for _run in range(RUNS):
        lines = _kill_during_rotation(folder, rng)
        completed += sum(1 for line in lines if line.startswith("ROTATED"))
        if read_envelope(vault.vault_paths(folder)).pending is not None:
            pending_after_kill += 1
        reopened = unlock_session(folder, PASSPHRASE)
        try:
            assert reopened.services.count_cases() == 5
            report = reopened.services.check()
            assert report.ok, report.lines()
        finally:
            reopened.close()
        # Unlocking settled any interrupted rotation.
        assert read_envelope(vault.vault_paths(folder)).pending is None
    print(
        f"rotation kills: {RUNS}, rotations completed before a kill: {completed}, "
        f"kills that left a pending rotation: {pending_after_kill}"
    )
    # The kills must really have landed inside rotations some of the time.
    assert pending_after_kill >= 1
