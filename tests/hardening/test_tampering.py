"""A damaged or tampered vault database is reported as damage at unlock, and left as it was.

One real vault is made per module (several cases, and a long note later shortened, so the file
has free pages too); every case below damages a copy of its folder and unlocks that copy with
the right passphrase. The promise (DESIGN.md section 3): the key was right, so the navigator is
told the database is damaged and offered a restore from backup (VaultDatabaseDamaged), never
"wrong passphrase", never a crash, and the damaged file is not touched.

SQLCipher 4 file layout, checked by the fixture: pages of 4096 bytes; page 1 starts with the
16-byte salt; every page ends with an 80-byte reserve, a 16-byte IV then a 64-byte HMAC-SHA512
over the page's ciphertext, its IV and its page number.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from desktop import vault
from desktop.session import VaultDatabaseDamaged, create_session, unlock_session
from models.dto import ContactDraft
from models.enums import ContactKind
from tests.keyring_memory import MemoryKeyring
from tests.models.conftest import support_case

PASSPHRASE = "lantern orchard velvet ninety"
TODAY = date(2026, 11, 25)
PAGE = 4096
SALT = 16
IV = 16
HMAC = 64
RESERVE = IV + HMAC

Mutation = Callable[[bytearray], bytearray]

# Cases detected across the module, printed at the end (the "tamper cases detected").
_detected: list[str] = []


@dataclass(frozen=True)
class SourceVault:
    folder: Path
    keyring: MemoryKeyring
    size: int

    @property
    def pages(self) -> int:
        return self.size // PAGE


def _database_facts(database: Path, key: bytes) -> dict[str, str]:
    """Read pragmas from the file opened immutable, so reading cannot change it."""
    uri = f"file:{quote(str(database))}?mode=ro&immutable=1"
    conn = sqlcipher.connect(uri, uri=True)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return {
            name: str(conn.execute(f"PRAGMA {name}").fetchone()[0])
            for name in ("cipher_page_size", "cipher_hmac_algorithm", "freelist_count")
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SourceVault]:
    keyring = MemoryKeyring()
    folder = tmp_path_factory.mktemp("tamper-source") / "vault"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=keyring, kdf=vault.FAST_TEST_KDF, today=lambda: TODAY
    )
    try:
        case_ids = [session.services.create_case(support_case(given=f"G{n}")).id for n in range(6)]
        # A long note shortened later: its overflow pages go to the free list.
        visit = date(2026, 11, 1)
        entry = session.services.add_contact(
            case_ids[0], ContactDraft(visit, ContactKind.VISIT, "Visited at the hostel. " * 2000)
        )
        session.services.update_contact(
            entry.id, entry.version, ContactDraft(visit, ContactKind.VISIT, "Visited.")
        )
        key = session.unlocked.database_key
    finally:
        session.close()  # locking checkpoints the WAL into waypost.db
    database = folder / "waypost.db"
    wal = folder / "waypost.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "the WAL was not checkpointed"
    facts = _database_facts(database, key)
    assert facts["cipher_page_size"] == str(PAGE)
    assert facts["cipher_hmac_algorithm"] == "HMAC_SHA512"  # so the reserve is 16 + 64 bytes
    # Free pages exist, so the "every page" flips below land in some of them.
    assert int(facts["freelist_count"]) > 0
    size = database.stat().st_size
    assert size % PAGE == 0 and size // PAGE > 20
    yield SourceVault(folder, keyring, size)
    print(f"\ntamper cases detected: {len(_detected)}")


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")  # SQLite's shared-memory index
    }


def _outcome(source: SourceVault, work: Path, mutate: Mutation) -> str:
    """Damage a fresh copy, unlock it, and describe what a navigator would see."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source.folder, work)
    database = work / "waypost.db"
    database.write_bytes(bytes(mutate(bytearray(database.read_bytes()))))
    before = _digests(work)
    try:
        session = unlock_session(work, PASSPHRASE, keyring_backend=source.keyring)
    except VaultDatabaseDamaged as error:
        if "damaged" not in error.user_message or "backup" not in error.user_message:
            return f"damage reported without offering a backup: {error.user_message!r}"
        if "passphrase" in error.user_message.lower():
            return f"damage reported as a passphrase problem: {error.user_message!r}"
        if error.unlocked.folder != work:
            return "the error does not carry the unlocked vault needed to restore"
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    else:
        session.close()
        return "opened"
    after = _digests(work)
    if after != before:
        changed = sorted(
            name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
        )
        return f"the unlock attempt changed {changed}"
    return "damaged"


def _expect_damage(source: SourceVault, work: Path, cases: dict[str, Mutation]) -> None:
    wrong = {
        label: outcome
        for label, mutate in cases.items()
        if (outcome := _outcome(source, work, mutate)) != "damaged"
    }
    assert wrong == {}
    _detected.extend(cases)
    print(f"{len(cases)} tamper cases detected")


def _flip(position: int, bit: int = 0) -> Mutation:
    def mutate(data: bytearray) -> bytearray:
        data[position] ^= 1 << bit
        return data

    return mutate


def _flips(positions: dict[str, int]) -> dict[str, Mutation]:
    # A different bit each time, so no one bit position is the only one tried.
    return {label: _flip(pos, n % 8) for n, (label, pos) in enumerate(positions.items())}


def _reserve_start(page: int) -> int:
    """Offset of a page's IV (page numbers from 1)."""
    return page * PAGE - RESERVE


# Flipped bits ---------------------------------------------------------------------------------


def test_a_flipped_bit_in_the_salt_is_detected(source: SourceVault, tmp_path: Path) -> None:
    _expect_damage(source, tmp_path / "v", _flips({f"salt byte {i}": i for i in range(SALT)}))


def test_a_flipped_bit_in_the_rest_of_page_one_is_detected(
    source: SourceVault, tmp_path: Path
) -> None:
    offsets = [
        SALT,
        17,
        18,
        21,
        24,
        28,
        40,
        52,
        60,
        92,
        96,
        99,
        100,
        101,
        500,
        2048,
        PAGE - RESERVE - 1,
    ]
    reserve = _reserve_start(1)
    positions = {f"page 1 byte {o}": o for o in offsets}
    positions |= {
        "page 1 IV first": reserve,
        "page 1 IV last": reserve + IV - 1,
        "page 1 HMAC first": reserve + IV,
        "page 1 HMAC last": PAGE - 1,
    }
    _expect_damage(source, tmp_path / "v", _flips(positions))


def test_a_flipped_bit_in_the_middle_of_every_page_is_detected(
    source: SourceVault, tmp_path: Path
) -> None:
    every_page = range(1, source.pages + 1)
    positions = {f"page {p} middle": (p - 1) * PAGE + PAGE // 2 for p in every_page}
    # The first encrypted byte too, on a sample of pages (every one would double the runtime).
    positions |= {f"page {p} first byte": (p - 1) * PAGE for p in every_page[1::8]}
    _expect_damage(source, tmp_path / "v", _flips(positions))


def test_a_flipped_bit_in_every_page_reserve_is_detected(
    source: SourceVault, tmp_path: Path
) -> None:
    # One flip per page, taking the IV, the HMAC and the page's last byte in turn (page 1's
    # reserve has a test of its own).
    positions: dict[str, int] = {}
    for p in range(2, source.pages + 1):
        if p % 3 == 0:
            positions[f"page {p} IV"] = _reserve_start(p) + p % IV
        elif p % 3 == 1:
            positions[f"page {p} HMAC"] = _reserve_start(p) + IV + p % HMAC
        else:
            positions[f"page {p} last byte"] = p * PAGE - 1
    _expect_damage(source, tmp_path / "v", _flips(positions))


def test_a_flipped_last_byte_of_the_file_is_detected(source: SourceVault, tmp_path: Path) -> None:
    cases = {f"last byte, bit {bit}": _flip(source.size - 1, bit) for bit in range(8)}
    _expect_damage(source, tmp_path / "v", cases)


# Whole pages ----------------------------------------------------------------------------------


def _zero_page(page: int) -> Mutation:
    def mutate(data: bytearray) -> bytearray:
        data[(page - 1) * PAGE : page * PAGE] = bytes(PAGE)
        return data

    return mutate


def _swap_pages(first: int) -> Mutation:
    def mutate(data: bytearray) -> bytearray:
        a = slice((first - 1) * PAGE, first * PAGE)
        b = slice(first * PAGE, (first + 1) * PAGE)
        data[a], data[b] = data[b], data[a]
        return data

    return mutate


def test_a_zeroed_page_or_two_swapped_pages_are_detected(
    source: SourceVault, tmp_path: Path
) -> None:
    # SQLCipher reads an all-zero page as a short read rather than a bad HMAC, so these need
    # its full integrity check, not just a read.
    middle = source.pages // 2
    cases = {f"page {p} zeroed": _zero_page(p) for p in (1, 2, middle, source.pages)}
    cases |= {f"pages {p} and {p + 1} swapped": _swap_pages(p) for p in (1, middle)}
    _expect_damage(source, tmp_path / "v", cases)


def test_a_truncated_file_is_detected(source: SourceVault, tmp_path: Path) -> None:
    def cut_to(length: int) -> Mutation:
        return lambda data: data[:length]

    last_page = source.size - PAGE
    half = (source.pages // 2) * PAGE
    cases = {
        "last page cut off": cut_to(last_page),
        "cut in the middle of the last page": cut_to(last_page + PAGE // 2),
        "cut one byte short": cut_to(source.size - 1),
        "cut to half its pages": cut_to(half),
        "cut in the middle of a middle page": cut_to(half + 1000),
        "cut to page 1": cut_to(PAGE),
        "cut in the middle of page 1": cut_to(PAGE // 2),
        "cut to the salt": cut_to(SALT),
        "cut to nothing": cut_to(0),
    }
    _expect_damage(source, tmp_path / "v", cases)


def test_a_file_of_zeros_is_detected(source: SourceVault, tmp_path: Path) -> None:
    cases = {
        "zeros, same length": lambda data: bytearray(len(data)),
        "zeros, one page": lambda data: bytearray(PAGE),
    }
    _expect_damage(source, tmp_path / "v", cases)


def test_an_extra_page_appended_is_detected(source: SourceVault, tmp_path: Path) -> None:
    cases = {
        "a page of zeros appended": lambda data: data + bytes(PAGE),
        "a page of random bytes appended": lambda data: data + os.urandom(PAGE),
        "a copy of the last page appended": lambda data: data + data[-PAGE:],
        "half a page appended": lambda data: data + os.urandom(PAGE // 2),
    }
    _expect_damage(source, tmp_path / "v", cases)


def test_the_untouched_copy_opens(source: SourceVault, tmp_path: Path) -> None:
    """The control: the same procedure without damage opens, so the cases above fail on the
    damage and not on the copying."""
    assert _outcome(source, tmp_path / "v", lambda data: data) == "opened"
