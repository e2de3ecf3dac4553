"""The preferences file: a small JSON object, replaced atomically on every change.

QSettings rewrites its INI file in place, so a crash or a full disk in the middle of a write
could leave it empty or half written. This store writes through ``atomic_write_bytes`` (a
temporary file, fsync, rename, folder fsync; mode 0600): readers see the old file or the new
one, whole. A write that fails raises ``SettingsWriteFailed`` and changes nothing, neither the
file nor the values this object holds.

Values are ints, bools and strings only (preferences, never personal data). A file that is
damaged or hand-edited into something else is read as "no settings" (so every setting has its
default) and is left as it is until the next successful change replaces it.
"""

from __future__ import annotations

import errno
import json
import logging
from pathlib import Path
from typing import Final, Protocol

from platformdirs import user_config_path

from desktop.files import atomic_write_bytes

__all__ = [
    "SETTINGS_FILE_NAME",
    "SettingsFile",
    "SettingsStore",
    "SettingsWriteFailed",
    "StoredValue",
    "default_settings_path",
]

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME: Final = "settings.json"
# A preferences file is a few hundred bytes; anything far larger is not ours.
MAX_SETTINGS_BYTES: Final = 256 * 1024

StoredValue = int | bool | str


class SettingsWriteFailed(Exception):
    """The settings could not be saved. ``user_message`` is safe to show and to log."""

    default_message: Final = (
        "Waypost could not save its settings: the disk may be full or read-only. The previous "
        "settings are unchanged. Free some space, then change the setting again."
    )

    def __init__(self, user_message: str | None = None) -> None:
        self.user_message: str = user_message or self.default_message
        super().__init__(self.user_message)


class SettingsStore(Protocol):
    """What ``desktop.settings.Setting`` needs from a store (a subset of QSettings' API)."""

    def value(self, key: str) -> object: ...

    def setValue(self, key: str, value: StoredValue) -> None: ...  # QSettings' name

    def remove(self, key: str) -> None: ...

    def sync(self) -> None: ...


def default_settings_path() -> Path:
    """``settings.json`` in the platform's config folder (XDG_CONFIG_HOME on Linux)."""
    return user_config_path("Waypost", appauthor=False) / SETTINGS_FILE_NAME


def _reason(error: OSError) -> str:
    """The error's code (ENOSPC, EACCES...), never its text: that holds the file's path."""
    return errno.errorcode.get(error.errno or 0, type(error).__name__)


class SettingsFile:
    """Preferences kept in one JSON file; every change is written at once, atomically."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_settings_path()
        self._values: dict[str, StoredValue] = self._load()

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def value(self, key: str) -> object:
        """The stored value, or None when there is none."""
        return self._values.get(key)

    def setValue(self, key: str, value: StoredValue) -> None:  # QSettings' name
        if type(value) not in (int, bool, str):
            raise TypeError("a setting must be an int, a bool or a str")
        self._replace({**self._values, key: value})

    def remove(self, key: str) -> None:
        if key in self._values:
            self._replace({k: v for k, v in self._values.items() if k != key})

    def sync(self) -> None:
        """Nothing to do: every change has already been written to disk."""

    # ----------------------------------------------------------------------------------------

    def _replace(self, values: dict[str, StoredValue]) -> None:
        """Write ``values`` as the whole file; only then make them this object's values."""
        data = (json.dumps(values, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
        try:
            # 0700 when made here; an existing folder (perhaps a symlink kept with the user's
            # dotfiles) is left as it is: the file itself is 0600 and holds no personal data.
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_bytes(self.path, data, 0o600)
        except OSError as error:
            if not self._file_holds(data):
                log.warning("settings not saved: %s", _reason(error))
                raise SettingsWriteFailed() from None
            # The rename landed and only the folder's fsync failed: the new file is in place.
            log.warning("settings were saved but their folder could not be flushed")
        self._values = values

    def _file_holds(self, data: bytes) -> bool:
        try:
            return self.path.read_bytes() == data
        except OSError:
            return False

    def _load(self) -> dict[str, StoredValue]:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read(MAX_SETTINGS_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as error:
            log.warning("settings file unreadable (%s); using defaults", _reason(error))
            return {}
        try:
            document = json.loads(data.decode("utf-8")) if len(data) <= MAX_SETTINGS_BYTES else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            document = None
        if not isinstance(document, dict):
            # Never the contents: a hand-edited file could hold anything.
            log.warning("settings file damaged; using defaults until a setting is changed")
            return {}
        values = {
            k: v for k, v in document.items() if isinstance(k, str) and type(v) in (int, bool, str)
        }
        if len(values) != len(document):
            log.warning(
                "ignored %d settings value(s) of an unknown kind", len(document) - len(values)
            )
        return values
