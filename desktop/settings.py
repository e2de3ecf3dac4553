"""Typed application settings, as descriptors over a settings store (Electrum's ConfigVar).

The store is ``desktop.settings_file.SettingsFile``: a JSON file replaced atomically on every
change, so a crash or a full disk never leaves half a file (a failed change raises
``SettingsWriteFailed`` and changes nothing). Settings hold preferences only, never personal
data: the file is not encrypted. Values are plain ints, bools and strings; nothing is pickled.
The dialogs' sizes stay in QSettings (ui/), which Qt writes through QSaveFile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, overload

from desktop.settings_file import SettingsFile, SettingsStore, SettingsWriteFailed

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

__all__ = ["AppSettings", "Setting", "SettingsWriteFailed", "import_legacy_settings"]

log = logging.getLogger(__name__)

T = TypeVar("T", int, bool, str)

ORGANIZATION: Final = "Waypost"
APPLICATION: Final = "Waypost"

IDLE_LOCK_MIN_MINUTES: Final = 1
IDLE_LOCK_MAX_MINUTES: Final = 240

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def in_range(low: int, high: int) -> Callable[[int], bool]:
    return lambda value: low <= value <= high


def _iso_date_or_empty(text: str) -> bool:
    if not text:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _parse(kind: type, raw: object) -> Any:
    """Turn what a store hands back into ``kind``, or None if it cannot be.

    The JSON file gives back native values; a hand-edited file, or the QSettings INI file that
    older versions wrote, may give back strings ("5", "true"). Both must read the same.
    """
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int):
            return raw != 0
        if isinstance(raw, str):
            text = raw.strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        return None
    if kind is int:
        if isinstance(raw, bool):
            return None
        if isinstance(raw, int):
            return raw
        if isinstance(raw, str):
            try:
                return int(raw.strip())
            except ValueError:
                return None
        return None
    if isinstance(raw, str):
        return raw
    return None


class Setting(Generic[T]):
    """One typed setting. Reading a missing, mistyped or invalid value gives the default.

    Writing a value of the wrong type, or one ``validate`` rejects, raises instead of storing it;
    a write the disk refuses raises ``SettingsWriteFailed`` and the old value stays.
    """

    def __init__(
        self, key: str, default: T, *, validate: Callable[[T], bool] | None = None
    ) -> None:
        kind = type(default)
        if kind not in (bool, int, str):
            raise TypeError("A setting must be an int, a bool or a str")
        if validate is not None and not validate(default):
            raise ValueError(f"The default for {key} is not valid")
        self.key = key
        self.default: T = default
        self.kind: type[T] = kind
        self._validate: Callable[[T], bool] | None = validate
        self.name = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Setting[T]: ...

    @overload
    def __get__(self, obj: AppSettings, owner: type | None = None) -> T: ...

    def __get__(self, obj: AppSettings | None, owner: type | None = None) -> Setting[T] | T:
        if obj is None:
            return self
        raw = obj.store.value(self.key)
        if raw is None:
            return self.default
        value = _parse(self.kind, raw)
        if value is None or not self._is_valid(value):
            # The key only: a hand-edited file could hold anything.
            log.warning("Ignoring an invalid stored value for setting %s", self.key)
            return self.default
        result: T = value
        return result

    def __set__(self, obj: AppSettings, value: T) -> None:
        # type() rather than isinstance(): True must not pass for an int setting.
        if type(value) is not self.kind:
            raise TypeError(f"{self.name} must be a {self.kind.__name__}")
        if not self._is_valid(value):
            raise ValueError(f"{value!r} is not a valid value for {self.name}")
        obj.store.setValue(self.key, value)

    def reset(self, obj: AppSettings) -> None:
        obj.store.remove(self.key)

    def _is_valid(self, value: T) -> bool:
        return self._validate is None or self._validate(value)


class AppSettings:
    """The application's preferences. Pass a store to use another file (tests do)."""

    idle_lock_minutes: Setting[int] = Setting(
        "security/idle_lock_minutes",
        5,
        validate=in_range(IDLE_LOCK_MIN_MINUTES, IDLE_LOCK_MAX_MINUTES),
    )
    vault_folder: Setting[str] = Setting("vault/last_folder", "")
    """The folder the last vault was opened from; a path, not personal data."""
    last_session_on: Setting[str] = Setting(
        "agenda/last_session_on", "", validate=_iso_date_or_empty
    )
    """The day of the last unlock (YYYY-MM-DD), for the Agenda's "since your last session" line;
    a date only, never a count or anything about a case."""
    backup_folder: Setting[str] = Setting("backup/folder", "")
    """Where backups go ("" = the vault's own backups folder); a path, not personal data. It
    can be an encrypted USB drive."""

    def __init__(self, store: SettingsStore | None = None) -> None:
        if store is None:
            store = SettingsFile()
            if not store.exists:
                from PySide6.QtCore import QSettings

                import_legacy_settings(type(self), QSettings(ORGANIZATION, APPLICATION), store)
        self._store: SettingsStore = store

    @property
    def store(self) -> SettingsStore:
        return self._store

    def sync(self) -> None:
        self._store.sync()


def import_legacy_settings(kind: type[AppSettings], legacy: QSettings, store: SettingsStore) -> int:
    """Copy the valid values an older version kept in QSettings into ``store``, once.

    Without this an upgrade would forget the vault folder, and a navigator whose vault is not
    in the default place would be shown the first-run wizard. Returns how many were copied.
    """
    copied = 0
    for setting in (v for c in kind.__mro__ for v in vars(c).values() if isinstance(v, Setting)):
        value = _parse(setting.kind, legacy.value(setting.key))
        if value is None or not setting._is_valid(value):
            continue
        try:
            store.setValue(setting.key, value)
        except SettingsWriteFailed:
            # Defaults this time; the import is tried again at the next start.
            return copied
        copied += 1
    return copied
