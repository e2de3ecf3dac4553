"""Restoring a damaged or truncated backup: refused with a clear message, and nothing changes.

Hypothesis damages a real backup set in every way a drive, a copy or a person could: the
database truncated or with bytes flipped (with the manifest left alone, or rewritten to match
so only the integrity checks can catch it), the manifest or key file deleted, garbled,
truncated or edited. Each time the restore must refuse with a message that says nothing was
changed, and the vault's folder must be byte-for-byte as before, with no aside folder and no
temporary file left behind. The backup itself is never modified by the attempt.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import vault
from desktop.backups import restore_backup, take_backup
from tests.desktop.backup_support import add_case, folder_state, make_vault
from tests.keyring_memory import MemoryKeyring

REFUSAL_WORDS = ("Nothing was changed", "nothing was changed", "Nothing was restored")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    """One vault and one good backup set for the module (built once: it takes a second)."""
    root = tmp_path_factory.mktemp("restore-properties")
    keyring = MemoryKeyring()
    session, recovery_key = make_vault(root / "vault", keyring)
    try:
        add_case(session)
        backup = take_backup(session.store, session.folder, root / "backups", reason="manual")
    finally:
        session.close()
    unlocked = vault.unlock(
        root / "vault", "lantern orchard velvet ninety", keyring_backend=keyring
    )
    return {
        "folder": root / "vault",
        "backup": backup.path,
        "key": unlocked.database_key,
        "recovery_key": recovery_key,
        "keyring": keyring,
        "state": folder_state(root / "vault"),
    }


def _rewrite_manifest(backup: Path, **changes: object) -> None:
    path = backup / "manifest.json"
    document = json.loads(path.read_text())
    document.update(changes)
    path.write_text(json.dumps(document, indent=2))


def _rehash_database(backup: Path) -> None:
    data = (backup / "waypost.db").read_bytes()
    _rewrite_manifest(
        backup, database_bytes=len(data), database_sha256=hashlib.sha256(data).hexdigest()
    )


def _flip(path: Path, flips: list[tuple[float, int]]) -> None:
    data = bytearray(path.read_bytes())
    masks: dict[int, int] = {}
    for where, mask in flips:
        at = min(int(where * len(data)), len(data) - 1)
        masks[at] = masks.get(at, 0) ^ mask
    if not any(masks.values()):  # two flips of one byte that cancel out: flip it once
        masks = {min(int(flips[0][0] * len(data)), len(data) - 1): flips[0][1]}
    for at, mask in masks.items():
        data[at] ^= mask
    path.write_bytes(bytes(data))


def _truncate(path: Path, fraction: float, *, keep_at_most: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: min(int(fraction * len(data)), keep_at_most)])


fractions = st.floats(min_value=0, max_value=1, allow_nan=False)
flips = st.lists(
    st.tuples(fractions, st.integers(min_value=1, max_value=255)), min_size=1, max_size=4
)
critical_fields = st.sampled_from(
    [
        "format",
        "version",
        "vault_id",
        "database_bytes",
        "database_sha256",
        "keys_sha256",
        "database_key_check",
    ]
)
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=70),
    st.just(str(uuid.uuid4())),
    st.just("0" * 64),
    st.just("0" * 32),
)

damages = st.one_of(
    st.tuples(st.just("truncate database"), fractions, st.booleans()),
    st.tuples(st.just("flip database"), flips, st.booleans()),
    st.tuples(st.just("delete"), st.sampled_from(["manifest.json", "keys.json", "waypost.db"])),
    st.tuples(st.just("garble"), st.sampled_from(["manifest.json", "keys.json"]), st.binary()),
    st.tuples(st.just("truncate"), st.sampled_from(["manifest.json", "keys.json"]), fractions),
    st.tuples(st.just("flip keys"), flips),
    st.tuples(st.just("edit manifest"), critical_fields, odd_values),
)


def _damage(backup: Path, damage: tuple) -> None:
    kind = damage[0]
    if kind == "truncate database":
        database = backup / "waypost.db"
        _truncate(database, damage[1], keep_at_most=database.stat().st_size - 1)
        if damage[2]:
            _rehash_database(backup)
    elif kind == "flip database":
        _flip(backup / "waypost.db", damage[1])
        if damage[2]:
            _rehash_database(backup)
    elif kind == "delete":
        (backup / damage[1]).unlink()
    elif kind == "garble":
        (backup / damage[1]).write_bytes(damage[2])
    elif kind == "truncate":
        path = backup / damage[1]
        # Dropping only the final newline leaves the same JSON: that is not damage.
        _truncate(path, damage[2], keep_at_most=path.stat().st_size - 2)
    elif kind == "flip keys":
        _flip(backup / "keys.json", damage[1])
    elif kind == "edit manifest":
        field, value = damage[1], damage[2]
        current = json.loads((backup / "manifest.json").read_text())[field]
        if value == current or (isinstance(value, int) and value == current):
            value = f"{current}x"  # an edit must change something
        _rewrite_manifest(backup, **{field: value})


@settings(max_examples=25)
@given(damage=damages)
def test_a_damaged_backup_is_refused_and_the_vault_is_unchanged(source, damage) -> None:
    with tempfile.TemporaryDirectory(prefix="waypost-damaged-") as scratch:
        backup = Path(scratch) / source["backup"].name
        shutil.copytree(source["backup"], backup)
        _damage(backup, damage)
        damaged_state = folder_state(backup)

        with pytest.raises(vault.VaultError) as refused:
            restore_backup(source["folder"], backup, database_key=source["key"])

        message = refused.value.user_message
        assert any(words in message for words in REFUSAL_WORDS), message
        assert scratch not in message and str(source["folder"]) not in message
        # The vault: byte-identical, no replaced-* folder, no .restore-* file left.
        assert folder_state(source["folder"]) == source["state"]
        # The backup: left exactly as it was found.
        assert folder_state(backup) == damaged_state


def test_the_undamaged_backup_does_restore(source, tmp_path: Path) -> None:
    """The control: without damage the same call succeeds (so the refusals above are real)."""
    folder = tmp_path / "vault"
    shutil.copytree(source["folder"], folder)
    aside = restore_backup(folder, source["backup"], database_key=source["key"])
    assert (aside / "waypost.db").is_file()
    assert (folder / "waypost.db").read_bytes() == (source["backup"] / "waypost.db").read_bytes()


@settings(max_examples=25)
@given(damage=damages)
def test_a_damaged_backup_is_refused_on_a_new_computer_and_nothing_is_written(
    source, damage
) -> None:
    from desktop.backups import restore_to_new_computer

    with tempfile.TemporaryDirectory(prefix="waypost-new-computer-") as scratch:
        backup = Path(scratch) / source["backup"].name
        shutil.copytree(source["backup"], backup)
        _damage(backup, damage)
        target = Path(scratch) / "new-vault"
        new_computer = MemoryKeyring()

        with pytest.raises(vault.VaultError) as refused:
            restore_to_new_computer(
                target,
                backup,
                source["recovery_key"],
                "copper meadow lantern forty two",
                keyring_backend=new_computer,
            )

        assert any(words in refused.value.user_message for words in REFUSAL_WORDS)
        assert not target.exists() and not new_computer.entries
