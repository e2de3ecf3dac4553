"""Typed application settings, as descriptors over QSettings (Electrum's ConfigVar).

Settings hold preferences only, never personal data: QSettings files are not encrypted. Values
are stored as plain ints, bools and strings; nothing is ever pickled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any, Final, Generic, TypeVar, overload

from PySide6.QtCore import QSettings

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
    """Turn what QSettings hands back into ``kind``, or None if it cannot be.

    INI files give back strings ("5", "true"); the Windows registry and macOS plists give back
    native values. Both must read the same.
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

    Writing a value of the wrong type, or one ``validate`` rejects, raises instead of storing it.
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
        raw = obj.qsettings.value(self.key)
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
        obj.qsettings.setValue(self.key, value)

    def reset(self, obj: AppSettings) -> None:
        obj.qsettings.remove(self.key)

    def _is_valid(self, value: T) -> bool:
        return self._validate is None or self._validate(value)


class AppSettings:
    """The application's preferences. Pass a QSettings to use another store (tests do)."""

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

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._qsettings = (
            qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)
        )

    @property
    def qsettings(self) -> QSettings:
        return self._qsettings

    def sync(self) -> None:
        self._qsettings.sync()
