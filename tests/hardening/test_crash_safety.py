"""Crash safety (issue 8, section 1): SIGKILL a writing Waypost process at many points.

One real SQLCipher vault lives through every run, as a laptop's vault lives through months of
crashes. Each run forks a worker that writes through the real services (cases, contact notes,
purchases) and in explicit 20-row units of work, acknowledging each commit on stdout; the test
kills it with SIGKILL at a seeded random moment, right after an acknowledgement, or inside a
20-row unit of work. After every kill the vault is reopened as the app does at unlock and must
hold every acknowledged record, no unit of work in part, and pass SQLCipher's page check,
SQLite's integrity check and the audit chain. Kills also land in the middle of backups and of
passphrase changes (keys.json).

The figures are printed (``pytest -s``) and written to ``crash-figures.json`` in tmp_path.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop import vault
from desktop.backup_errors import BackupError
from desktop.backups import list_backups, verify_backup
from models.entities import Case, ContactLogEntry, Purchase
from models.errors import DatabaseDamaged
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import Store, open_store
from tests.hardening.crash_workload import (
    BATCH_PREFIX,
    BATCH_ROWS,
    PASSPHRASES,
    TODAY,
    USER,
    batch_label,
    new_case,
)
from tests.hardening.kill_harness import KillPlan, RunLog, WorkloadServer

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="SIGKILL and fork: Linux and macOS only"
)

SEED = 20261125
WRITE_RUNS = 60
BACKUP_EVERY = 7  # one backup run after every 7 writing runs: 8 in all
PASSPHRASE_RUNS = 6
MAX_DELAY_S = 0.25
BATCH_KILL_WINDOW_S = 0.05  # a 20-row batch takes roughly 30-150 ms
BACKUP_KILL_WINDOW_S = 0.15  # a backup set takes roughly 100 ms to 1 s


@dataclass
class Figures:
    runs: int = 0
    backup_runs: int = 0
    acknowledged_commits: int = 0
    acknowledged_records: int = 0
    records_lost: int = 0
    half_present_batches: int = 0
    integrity_failures: int = 0
    kills_at_a_random_moment: int = 0
    kills_right_after_an_ack: int = 0
    kills_inside_a_batch: int = 0
    batches_committed_before_their_ack: int = 0
    kills_inside_a_backup: int = 0
    backups_checked: int = 0
    damaged_backups_listed: int = 0
    backups_interrupted_mid_write: int = 0
    runtime_s: float = 0.0


@dataclass
class Ledger:
    """Everything any worker ever acknowledged: it must all be in the vault, forever. And
    every record found missing, or batch found in part, after any kill (each counted once)."""

    cases: set[int]
    contacts: set[int]
    purchases: set[int]
    batches: set[str]
    lost: set[str] = field(default_factory=set)
    half_present: set[str] = field(default_factory=set)

    def add(self, log: RunLog) -> None:
        self.cases.update(int(i) for i in log.acknowledged("case"))
        self.contacts.update(int(i) for i in log.acknowledged("contact"))
        self.purchases.update(int(i) for i in log.acknowledged("purchase"))
        self.batches.update(log.acknowledged("batch"))

    def records(self) -> int:
        return (
            len(self.cases)
            + len(self.contacts)
            + len(self.purchases)
            + BATCH_ROWS * len(self.batches)
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkloadServer]:
    started = WorkloadServer(tmp_path_factory.mktemp("workload") / "stderr.txt")
    yield started
    started.close()


def open_checked(database: Path, key: bytes) -> Store | None:
    """Open as the app does at unlock; None if the vault reports damage."""
    try:
        return open_store(database, key, verify=True)
    except DatabaseDamaged:
        return None


def check_vault(database: Path, key: bytes, ledger: Ledger, figures: Figures) -> dict[str, int]:
    """Reopen the vault after a kill and count what a navigator would find wrong."""
    store = open_checked(database, key)
    if store is None:
        figures.integrity_failures += 1
        return {}
    try:
        report = Services(ServiceContext(store=store, user=USER, today=lambda: TODAY)).check()
        if not (report.integrity.cipher_ok and report.integrity.sqlite_ok):
            figures.integrity_failures += 1
        if not report.audit_chain.ok:
            figures.integrity_failures += 1
        with store.read_session() as session:
            cases = set(session.scalars(select(Case.id)))
            purchases = set(session.scalars(select(Purchase.id)))
            batch_note = ContactLogEntry.note.startswith(BATCH_PREFIX, autoescape=True)
            contacts = set(session.scalars(select(ContactLogEntry.id).where(~batch_note)))
            rows = Counter(
                batch_label(note)
                for note in session.scalars(select(ContactLogEntry.note).where(batch_note))
            )
    finally:
        store.close()
    assert cases, "the vault is empty after a kill"
    ledger.lost.update(f"case {i}" for i in ledger.cases - cases)
    ledger.lost.update(f"contact {i}" for i in ledger.contacts - contacts)
    ledger.lost.update(f"purchase {i}" for i in ledger.purchases - purchases)
    for label in ledger.batches:
        ledger.lost.update(f"batch {label} row {i}" for i in range(rows[label], BATCH_ROWS))
    ledger.half_present.update(label for label, n in rows.items() if n != BATCH_ROWS)
    figures.records_lost = len(ledger.lost)
    figures.half_present_batches = len(ledger.half_present)
    return rows


def check_backups(backup_dir: Path, key: bytes, log: RunLog, figures: Figures) -> None:
    """Every backup listed is whole (manifest, hash, both integrity checks); partial ones are
    never listed; the last acknowledged backup, or a newer one, is there."""
    figures.backups_interrupted_mid_write += sum(
        1 for p in backup_dir.glob(".*") if p.name.endswith((".partial", ".deleting"))
    )
    listed = list_backups(backup_dir)
    for info in listed:
        assert not info.path.name.startswith("."), "a partial backup is listed"
        try:
            verify_backup(info.path, key)
        except BackupError:
            figures.damaged_backups_listed += 1
        figures.backups_checked += 1
    acknowledged = log.acknowledged("backup")
    if acknowledged:
        assert listed and listed[0].path.name >= acknowledged[-1], "an acknowledged backup is gone"


def write_plan(rng: random.Random, run: int) -> KillPlan:
    """Kill at a random moment, right after an acknowledgement, or inside a 20-row batch (a
    batch takes tens of milliseconds, and spills uncommitted pages into the WAL)."""
    match run % 3:
        case 0:
            return KillPlan(rng.uniform(0.0, MAX_DELAY_S))
        case 1:
            return KillPlan(1.0, trigger="ACK", count=rng.randint(1, 6))
        case _:
            then = rng.uniform(0.0, BATCH_KILL_WINDOW_S)
            return KillPlan(1.0, trigger="BEGIN", count=rng.randint(1, 2), then=then)


def backup_plan(rng: random.Random, backup_run: int) -> KillPlan:
    """Kill as the 1st or the 2nd backup starts (so the 1st is whole and listed), or at a
    random moment inside the 1st (most likely while the database is being copied)."""
    match backup_run % 3:
        case 0:
            return KillPlan(5.0, trigger="BEGIN", count=1)
        case 1:
            return KillPlan(5.0, trigger="BEGIN", count=2)
        case _:
            return KillPlan(5.0, trigger="BEGIN", then=rng.uniform(0.0, BACKUP_KILL_WINDOW_S))


def report(figures: Figures | PassphraseFigures, tmp_path: Path, name: str) -> None:
    figures_json = json.dumps(asdict(figures), indent=2)
    (tmp_path / name).write_text(figures_json, encoding="utf-8")
    print(f"\n{name}:\n{figures_json}")


def test_sigkill_at_many_points_loses_no_acknowledged_record(
    server: WorkloadServer, tmp_path: Path
) -> None:
    started = time.monotonic()
    rng = random.Random(SEED)
    # A real vault folder (keys.json beside the database), so backups can be taken of it.
    folder = tmp_path / "vault"
    unlocked, _ = vault.create_vault(folder, PASSPHRASES[0], demo=True, kdf=vault.FAST_TEST_KDF)
    db_key = unlocked.database_key
    database, backups = folder / "waypost.db", folder / "backups"
    store = open_store(database, db_key, create=True)
    first = Services(ServiceContext(store=store, user=USER, today=lambda: TODAY))
    ledger = Ledger({first.create_case(new_case(rng)).id}, set(), set(), set())
    store.close()
    figures = Figures()

    for run in range(WRITE_RUNS):
        command: dict[str, Any] = {
            "mode": "write",
            "database": str(database),
            "key": db_key.hex(),
            "run": run,
            "seed": rng.randrange(2**32),
        }
        plan = write_plan(rng, run)
        log = server.run(command, plan)
        figures.runs += 1
        figures.kills_at_a_random_moment += plan.trigger is None
        figures.kills_right_after_an_ack += plan.trigger == "ACK"
        figures.acknowledged_commits += len(log.words("ACK"))
        ledger.add(log)
        rows = check_vault(database, db_key, ledger, figures)
        unfinished = log.unfinished("batch")
        if unfinished is not None:
            figures.kills_inside_a_batch += 1
            figures.batches_committed_before_their_ack += rows.get(unfinished, 0) == BATCH_ROWS

        if (run + 1) % BACKUP_EVERY == 0:
            plan = backup_plan(rng, figures.backup_runs)
            command = {"mode": "backup", "database": str(database), "key": db_key.hex()}
            command.update(folder=str(folder), backups=str(backups))
            log = server.run(command, plan)
            figures.backup_runs += 1
            figures.kills_inside_a_backup += log.unfinished("backup") is not None
            check_vault(database, db_key, ledger, figures)
            check_backups(backups, db_key, log, figures)

    figures.acknowledged_records = ledger.records()
    figures.runtime_s = round(time.monotonic() - started, 1)
    report(figures, tmp_path, "crash-figures.json")

    assert figures.runs >= 50
    assert figures.backup_runs >= 5
    assert figures.records_lost == 0
    assert figures.half_present_batches == 0
    assert figures.integrity_failures == 0
    assert figures.damaged_backups_listed == 0
    assert figures.backups_checked > 0
    assert figures.kills_inside_a_backup >= 5
    # The harness really did kill inside units of work and after acknowledgements.
    assert figures.kills_inside_a_batch > 0
    assert figures.acknowledged_records > WRITE_RUNS


@dataclass
class PassphraseFigures:
    runs: int = 0
    changes_acknowledged: int = 0
    damaged_key_files: int = 0
    wrong_database_key: int = 0
    killed_during_a_change: int = 0
    temporary_key_files_left: int = 0  # the kill came inside the write of keys.json itself
    runtime_s: float = 0.0


def test_sigkill_during_passphrase_changes_never_damages_keys_json(
    server: WorkloadServer, tmp_path: Path
) -> None:
    started = time.monotonic()
    rng = random.Random(SEED + 1)
    folder = tmp_path / "demo-vault"
    unlocked, _ = vault.create_vault(folder, PASSPHRASES[0], demo=True, kdf=vault.FAST_TEST_KDF)
    figures = PassphraseFigures()

    for run in range(PASSPHRASE_RUNS):
        plan = (
            KillPlan(rng.uniform(0.0, MAX_DELAY_S))
            if run % 2 == 0
            else KillPlan(1.0, trigger="BEGIN", count=rng.randint(2, 6))
        )
        log = server.run({"mode": "passphrase", "folder": str(folder)}, plan)
        figures.runs += 1
        acknowledged = log.acknowledged("passphrase")
        figures.changes_acknowledged += len(acknowledged)
        in_flight = log.unfinished("passphrase") is not None
        figures.killed_during_a_change += in_flight
        left = list(folder.glob(".keys.json.*.tmp"))
        figures.temporary_key_files_left += len(left)
        for leftover in left:  # counted once, not again after the next run
            leftover.unlink()

        opened_with: int | None = None
        for index, passphrase in enumerate(PASSPHRASES):
            try:
                opened = vault.unlock(folder, passphrase)
            except vault.WrongPassphrase:
                continue
            except vault.EnvelopeDamaged:
                figures.damaged_key_files += 1
                break
            opened_with = index
            figures.wrong_database_key += opened.database_key != unlocked.database_key
            break
        assert opened_with is not None, f"keys.json opens with neither passphrase (run {run})"
        if acknowledged and not in_flight:
            # Nothing was under way: the last acknowledged passphrase must be the one in force.
            assert opened_with == int(acknowledged[-1])

    figures.runtime_s = round(time.monotonic() - started, 1)
    report(figures, tmp_path, "passphrase-crash-figures.json")
    assert figures.runs >= 5
    assert figures.damaged_key_files == 0
    assert figures.wrong_database_key == 0
    assert figures.changes_acknowledged > 0
