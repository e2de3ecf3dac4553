"""Helpers for the backup and restore tests: a real vault, and a fingerprint of a folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop import vault
from desktop.session import VaultSession, create_session, unlock_session
from tests.models.conftest import support_case

PASSPHRASE = "lantern orchard velvet ninety"
NEW_PASSPHRASE = "copper meadow lantern forty two"


def make_vault(folder: Path, keyring) -> tuple[VaultSession, str]:
    """A real vault (fast Argon2), open; returns the session and the recovery key."""
    folder.mkdir(parents=True, exist_ok=True)
    return create_session(folder, PASSPHRASE, keyring_backend=keyring, kdf=vault.FAST_TEST_KDF)


def open_vault(folder: Path, keyring, passphrase: str = PASSPHRASE) -> VaultSession:
    return unlock_session(folder, passphrase, keyring_backend=keyring)


def add_case(session: VaultSession, family: str = "Marker") -> str:
    return session.services.create_case(support_case(family=family)).reference


def references(session: VaultSession) -> set[str]:
    services = session.services
    from models.dto import CaseloadQuery

    return {row.reference for row in services.caseload_rows(services.caseload_ids(CaseloadQuery()))}


def folder_state(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and folder under ``folder`` (dot-files too): SHA-256 for files, "dir" for
    folders. Equal states mean nothing was changed, added or left behind."""
    state: dict[str, str] = {}
    if not folder.exists():
        return state
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative.split("/")[0] in skip:
            continue
        state[relative] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return state
