"""A keyring kept in a JSON file, for command-line tests that run Waypost in a subprocess.

The operating system's keyring is outside the program's control, so the subprocess tests
select this backend with PYTHON_KEYRING_BACKEND=tests.keyring_file.FileKeyring and point
WAYPOST_TEST_KEYRING_FILE at a file in the test's tmp_path: each test has its own "computer".
The real Secret Service is exercised by tests/integration/test_secret_service.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "WAYPOST_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1
    viable = False  # never chosen by discovery; only by PYTHON_KEYRING_BACKEND

    def _path(self) -> Path:
        return Path(os.environ[ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def _save(self, entries: dict[str, str]) -> None:
        self._path().write_text(json.dumps(entries))

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._load()
        entries[f"{service}/{username}"] = password
        self._save(entries)

    def delete_password(self, service: str, username: str) -> None:
        entries = self._load()
        if entries.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(entries)
