"""Typed settings over the JSON settings file: defaults, round trips, bad values, damaged files.

Failed writes (a full disk) are in tests/hardening/test_failed_writes.py.
"""

import json
import logging
import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.settings import AppSettings, Setting, import_legacy_settings
from desktop.settings_file import SettingsFile, default_settings_path


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def reopen(path: Path) -> AppSettings:
    """A fresh AppSettings on the same file, as after restarting the app."""
    return AppSettings(SettingsFile(path))


def test_defaults_when_nothing_is_stored_and_reading_writes_nothing(path):
    settings = reopen(path)
    assert settings.idle_lock_minutes == 5
    assert settings.vault_folder == ""
    assert not path.exists()


def test_values_survive_a_restart(path):
    settings = reopen(path)
    settings.idle_lock_minutes = 15
    folder = "/home/nav/Vaults, 2025/Équipe Nord"
    settings.vault_folder = folder

    again = reopen(path)
    assert again.idle_lock_minutes == 15
    assert isinstance(again.idle_lock_minutes, int)
    assert again.vault_folder == folder


@pytest.mark.parametrize("minutes", [0, 241, -1])
def test_out_of_range_idle_minutes_are_refused_and_not_stored(path, minutes):
    settings = reopen(path)
    settings.idle_lock_minutes = 30
    with pytest.raises(ValueError):
        settings.idle_lock_minutes = minutes
    assert reopen(path).idle_lock_minutes == 30


@pytest.mark.parametrize("minutes", [1, 240])
def test_idle_minutes_boundaries_are_accepted(path, minutes):
    settings = reopen(path)
    settings.idle_lock_minutes = minutes
    assert reopen(path).idle_lock_minutes == minutes


@pytest.mark.parametrize("value", ["10", 10.0, True, None])
def test_wrong_types_are_refused(path, value):
    settings = reopen(path)
    with pytest.raises(TypeError):
        settings.idle_lock_minutes = value
    assert not path.exists()


@pytest.mark.parametrize("stored", ["9999", 0, 9999, "ten", "", 5.5, True, None, [5], {"m": 5}])
def test_a_hand_edited_bad_value_falls_back_to_the_default(path, stored):
    path.parent.mkdir()
    path.write_text(json.dumps({"security/idle_lock_minutes": stored}), encoding="utf-8")
    assert reopen(path).idle_lock_minutes == 5


def test_a_hand_edited_value_as_text_is_read_as_an_int(path):
    path.parent.mkdir()
    path.write_text('{"security/idle_lock_minutes": " 45 "}', encoding="utf-8")
    assert reopen(path).idle_lock_minutes == 45


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"security/idle_lock_minutes": 45, "vault/last_folder": "/srv/v',  # cut short
        b"[45]",
        b'"45"',
        b"\xff\xfe\x00garbage SECRET-MARKER-7Q",
        b"[security]\nidle_lock_minutes=45\n",  # an INI file, not JSON
        b'{"pad": "' + b"x" * 300_000 + b'"}',
        b"[" * 100_000 + b"]" * 100_000,  # deep enough to exhaust the parser's recursion
    ],
)
def test_a_damaged_file_reads_as_defaults_and_is_kept_until_the_next_change(path, content, caplog):
    path.parent.mkdir()
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="desktop.settings_file"):
        settings = reopen(path)
        assert settings.idle_lock_minutes == 5
        assert settings.vault_folder == ""
    assert "damaged" in caplog.text
    assert "SECRET-MARKER" not in caplog.text and "idle_lock_minutes=45" not in caplog.text
    assert path.read_bytes() == content  # reading never rewrites it

    settings.idle_lock_minutes = 20
    assert json.loads(path.read_text(encoding="utf-8")) == {"security/idle_lock_minutes": 20}
    assert reopen(path).idle_lock_minutes == 20


def test_reset_returns_to_the_default(path):
    settings = reopen(path)
    settings.idle_lock_minutes = 60
    settings.vault_folder = "/srv/vaults"
    AppSettings.idle_lock_minutes.reset(settings)
    assert settings.idle_lock_minutes == 5
    again = reopen(path)
    assert again.idle_lock_minutes == 5
    assert again.vault_folder == "/srv/vaults"


def test_the_file_is_plain_json_readable_only_by_its_owner(path):
    settings = reopen(path)
    settings.idle_lock_minutes = 12
    settings.vault_folder = "/srv/vaults"
    settings.sync()
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "security/idle_lock_minutes": 12,
        "vault/last_folder": "/srv/vaults",
    }
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # Replaced by rename: no temporary file is left beside it.
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


class _Flags(AppSettings):
    show_tips: Setting[bool] = Setting("ui/show_tips", True)


@pytest.mark.parametrize("value", [False, True])
def test_bool_settings_round_trip(path, value):
    flags = _Flags(SettingsFile(path))
    flags.show_tips = value
    again = _Flags(SettingsFile(path))
    assert again.show_tips is value


def test_a_setting_must_have_a_supported_type_and_a_valid_default():
    with pytest.raises(TypeError):
        Setting("x", 1.5)
    with pytest.raises(ValueError):
        Setting("x", 0, validate=lambda v: v > 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CONFIG_HOME is Linux's")
def test_the_default_file_is_in_the_config_folder_named_by_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_settings_path() == tmp_path / "xdg" / "Waypost" / "settings.json"
    settings = AppSettings()
    settings.idle_lock_minutes = 9
    stored = json.loads((tmp_path / "xdg" / "Waypost" / "settings.json").read_text())
    assert stored["security/idle_lock_minutes"] == 9


def test_values_an_older_version_kept_in_qsettings_are_carried_over(tmp_path, path):
    legacy = QSettings(str(tmp_path / "Waypost.conf"), QSettings.Format.IniFormat)
    legacy.setValue("security/idle_lock_minutes", "45")
    legacy.setValue("vault/last_folder", "/srv/vaults/team")
    legacy.setValue("agenda/last_session_on", "not a date")
    legacy.setValue("DialogGeometry/NotesDialog", "kept by Qt")
    legacy.sync()

    store = SettingsFile(path)
    assert import_legacy_settings(AppSettings, legacy, store) == 2
    again = reopen(path)
    assert again.idle_lock_minutes == 45
    assert again.vault_folder == "/srv/vaults/team"
    assert again.last_session_on == ""
    assert "DialogGeometry" not in path.read_text(encoding="utf-8")
