"""Run the real `waypost` command line in a subprocess, on real vault files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD_PASSPHRASE = "violet harbour tractor seventeen"


@dataclass
class Result:
    code: int
    out: str
    err: str


class Waypost:
    """``waypost`` with its own home folder and keyring file (one computer)."""

    def __init__(self, tmp_path: Path, keyring_file: Path) -> None:
        self.tmp_path = tmp_path
        self.keyring_file = keyring_file
        self.backend = "tests.keyring_file.FileKeyring"

    def run(self, *args: str, passphrase: str | None = GOOD_PASSPHRASE, **env: str) -> Result:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("WAYPOST_", "PYTHON_KEYRING"))
        }
        environment.update(
            HOME=str(self.tmp_path / "home"),
            XDG_DATA_HOME=str(self.tmp_path / "home" / "data"),
            PYTHONPATH=str(REPO_ROOT),
            PYTHON_KEYRING_BACKEND=self.backend,
            WAYPOST_TEST_KEYRING_FILE=str(self.keyring_file),
        )
        if passphrase is not None:
            environment["WAYPOST_PASSPHRASE"] = passphrase
        environment.update(env)
        done = subprocess.run(
            [sys.executable, "-m", "desktop", *args],
            capture_output=True,
            text=True,
            env=environment,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            timeout=300,
        )
        return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def waypost(tmp_path: Path) -> Waypost:
    (tmp_path / "home").mkdir()
    return Waypost(tmp_path, tmp_path / "keyring.json")


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of the files DESIGN.md says no failure may touch."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("waypost.db", "waypost.db-wal", "keys.json")
        if (folder / name).exists()
    }
