"""The child side of the kill harness (tests/hardening/test_crash_safety.py).

Run as ``python -m tests.hardening.crash_workload`` from the repository root. The process
imports the models once, says ``SERVING``, then serves runs: for each JSON command read on
stdin it forks a worker that opens the vault and writes until the test kills it with SIGKILL.
Importing SQLAlchemy and the services takes over a second; forking a process that has already
imported them takes milliseconds, so 60 runs cost seconds instead of minutes. Each worker is a
real process with its own database connection, killed as a crashing app would be.

Lines on stdout, one ``os.write`` each (a pipe write of under PIPE_BUF bytes is atomic, so a
kill never leaves half a line):

- ``READY <pid>``: the worker has opened the vault and is about to write;
- ``BEGIN <kind> <label>``: a unit of work has started (it is not committed yet);
- ``ACK <kind> <label>``: that unit of work has committed;
- ``ERROR <text>``: the worker failed by itself (the test fails);
- ``EXIT <pid> <status>``: written by the server once the killed worker has been reaped.

Each command carries the test vault's raw database key as hex (through the stdin pipe, not the
command line, which other users can see); no Argon2 runs, so a worker starts in milliseconds.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select, text

from desktop import vault
from desktop.backups import take_backup
from models.dto import CaseFields, ContactDraft, NewCase, PersonFields, PurchaseDraft
from models.entities import Case, ContactLogEntry
from models.enums import (
    AuditAction,
    CaseKind,
    ContactKind,
    PaymentMethod,
    PurchaseCategory,
    PurchaseStatus,
    ReferralSource,
)
from models.services import audit
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import Store, open_store

TODAY: Final = date(2026, 11, 25)
USER: Final = "navigator.crash"
BATCH_ROWS: Final = 20
BATCH_PREFIX: Final = "crash-batch "
# Two test passphrases for the demo vault whose keys.json is rewritten under the kill.
PASSPHRASES: Final = ("harbour lantern quiet seventy", "orchard velvet copper ninety")
# A tiny page cache makes SQLite spill uncommitted pages into the WAL in the middle of a batch,
# so a kill there leaves uncommitted frames on disk: the hard case for "all or nothing".
SPILLING_CACHE_PAGES: Final = 8
_FILLER: Final = "x" * 900


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("ascii", "backslashreplace"))


def database_key(command: dict[str, Any]) -> bytes:
    return bytes.fromhex(command["key"])


def open_vault(command: dict[str, Any]) -> Store:
    """Open the test's vault for writing. The test created it at the newest schema and checks
    it after every kill, so the worker skips the integrity check and the migration lookup
    (together most of a worker's start-up)."""
    return open_store(Path(command["database"]), database_key(command), verify=False, migrate=False)


def batch_note(label: str, row: int) -> str:
    return f"{BATCH_PREFIX}{label} row {row:02d} {_FILLER}"


def batch_label(note: str) -> str:
    """The batch a contact note belongs to (the inverse of ``batch_note``)."""
    return note.removeprefix(BATCH_PREFIX).split(" ", 1)[0]


# --------------------------------------------------------------------------------------------
# Workloads (each runs in a forked worker and never returns on its own)


def write_records(command: dict[str, Any]) -> None:
    """Cases, contact notes and purchases through the services, and 20-row batches."""
    rng = random.Random(command["seed"])
    store = open_vault(command)
    services = Services(ServiceContext(store=store, user=USER, today=lambda: TODAY))
    with store.read_session() as session:
        case_ids = list(session.scalars(select(Case.id)))
    say(f"READY {os.getpid()}")
    run = command["run"]
    for step in range(1_000_000):
        choice = rng.random()
        if choice < 0.2 or not case_ids:
            case = services.create_case(new_case(rng))
            case_ids.append(case.id)
            say(f"ACK case {case.id}")
        elif choice < 0.5:
            draft = ContactDraft(
                occurred_on=TODAY - timedelta(days=rng.randrange(60)),
                kind=rng.choice(list(ContactKind)),
                note=f"Crash test note {run}.{step}",
            )
            entry = services.add_contact(rng.choice(case_ids), draft)
            say(f"ACK contact {entry.id}")
        elif choice < 0.7:
            purchase = services.record_purchase(_purchase(rng, rng.choice(case_ids)))
            say(f"ACK purchase {purchase.id}")
        else:
            label = f"{run}.{step}"
            say(f"BEGIN batch {label}")
            _write_batch(store, rng.choice(case_ids), label)
            say(f"ACK batch {label}")


def new_case(rng: random.Random) -> NewCase:
    return NewCase(
        fields=CaseFields(
            kind=CaseKind.SUPPORT_PLAN,
            opened_on=TODAY - timedelta(days=rng.randrange(365)),
            referral_source=ReferralSource.POLICE_FORCE,
            police_force="Kent Police",
        ),
        person=PersonFields(given_names="Test", family_name=f"Crash{rng.randrange(10_000)}"),
    )


def _purchase(rng: random.Random, case_id: int) -> PurchaseDraft:
    return PurchaseDraft(
        purchased_on=TODAY - timedelta(days=rng.randrange(30)),
        category=PurchaseCategory.CLOTHING,
        amount_pence=rng.randrange(1_00, 40_00),
        payment_method=PaymentMethod.CARD,
        status=PurchaseStatus.PAID,
        supplier="Corner shop",
        purpose="Winter coat",
        case_id=case_id,
    )


def _write_batch(store: Store, case_id: int, label: str) -> None:
    """One unit of work of BATCH_ROWS contact notes, each audited, committed together."""
    with store.session() as session:
        session.execute(text(f"PRAGMA cache_size = {SPILLING_CACHE_PAGES}"))
        for row in range(BATCH_ROWS):
            entry = ContactLogEntry(
                case_id=case_id,
                occurred_on=TODAY,
                kind=ContactKind.OTHER,
                note=batch_note(label, row),
                author=USER,
            )
            session.add(entry)
            session.flush()
            audit.append(session, AuditAction.CREATE, USER, "contact", entry.id)


def take_backups(command: dict[str, Any]) -> None:
    """Back the vault up again and again, as unlock, migrations and "Back up now" do."""
    store = open_vault(command)
    vault_folder, backup_folder = Path(command["folder"]), Path(command["backups"])
    say(f"READY {os.getpid()}")
    for step in range(1_000_000):
        say(f"BEGIN backup {step}")
        made = take_backup(store, vault_folder, backup_folder, reason="manual")
        say(f"ACK backup {made.path.name}")


def change_passphrases(command: dict[str, Any]) -> None:
    """Change a demo vault's passphrase back and forth between the two test passphrases."""
    folder = Path(command["folder"])
    current, other = PASSPHRASES
    try:
        vault.unlock(folder, current)
    except vault.WrongPassphrase:
        current, other = other, current
    say(f"READY {os.getpid()}")
    for step in range(1_000_000):
        say(f"BEGIN passphrase {step}")
        vault.change_passphrase(folder, current, other)
        current, other = other, current
        say(f"ACK passphrase {PASSPHRASES.index(current)}")


WORKLOADS: Final[dict[str, Callable[[dict[str, Any]], None]]] = {
    "write": write_records,
    "backup": take_backups,
    "passphrase": change_passphrases,
}


# --------------------------------------------------------------------------------------------
# The server


def _run_worker(command: dict[str, Any]) -> None:
    """In the forked worker: run the workload; never return into the server's loop."""
    try:
        WORKLOADS[command["mode"]](command)
        say("ERROR the workload ended by itself")
    except BaseException as error:  # any failure must reach the test
        detail = "".join(traceback.format_exception_only(error)).strip().replace("\n", " | ")
        say(f"ERROR {detail}"[:3000])
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(1)


def serve() -> None:
    say("SERVING")
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _run_worker(command)
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {pid} {status}")


if __name__ == "__main__":
    serve()
