"""Where a vault's files live inside its folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PathArg", "VaultPaths", "vault_exists", "vault_paths"]

PathArg = str | os.PathLike[str]


@dataclass(frozen=True)
class VaultPaths:
    folder: Path
    database: Path
    wal: Path
    shm: Path
    keys: Path
    backups: Path
    failures: Path


def vault_paths(folder: PathArg) -> VaultPaths:
    root = Path(folder)
    return VaultPaths(
        folder=root,
        database=root / "waypost.db",
        wal=root / "waypost.db-wal",
        shm=root / "waypost.db-shm",
        keys=root / "keys.json",
        backups=root / "backups",
        failures=root / "unlock-failures.json",
    )


def vault_exists(folder: PathArg) -> bool:
    return vault_paths(folder).keys.is_file()
