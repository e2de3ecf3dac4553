"""Typed settings over QSettings: defaults, round trips, and bad values."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.settings import AppSettings, Setting


def reopen(settings: QSettings) -> AppSettings:
    """A fresh AppSettings on the same file, as after restarting the app."""
    settings.sync()
    return AppSettings(QSettings(settings.fileName(), QSettings.Format.IniFormat))


def test_defaults_when_nothing_is_stored(ini_settings):
    settings = AppSettings(ini_settings)
    assert settings.idle_lock_minutes == 5
    assert settings.vault_folder == ""


def test_values_survive_a_restart(ini_settings):
    settings = AppSettings(ini_settings)
    settings.idle_lock_minutes = 15
    folder = "/home/nav/Vaults, 2025/Équipe Nord"
    settings.vault_folder = folder

    again = reopen(ini_settings)
    assert again.idle_lock_minutes == 15
    assert isinstance(again.idle_lock_minutes, int)
    assert again.vault_folder == folder


@pytest.mark.parametrize("minutes", [0, 241, -1])
def test_out_of_range_idle_minutes_are_refused_and_not_stored(ini_settings, minutes):
    settings = AppSettings(ini_settings)
    settings.idle_lock_minutes = 30
    with pytest.raises(ValueError):
        settings.idle_lock_minutes = minutes
    assert reopen(ini_settings).idle_lock_minutes == 30


@pytest.mark.parametrize("minutes", [1, 240])
def test_idle_minutes_boundaries_are_accepted(ini_settings, minutes):
    settings = AppSettings(ini_settings)
    settings.idle_lock_minutes = minutes
    assert reopen(ini_settings).idle_lock_minutes == minutes


@pytest.mark.parametrize("value", ["10", 10.0, True, None])
def test_wrong_types_are_refused(ini_settings, value):
    settings = AppSettings(ini_settings)
    with pytest.raises(TypeError):
        settings.idle_lock_minutes = value


@pytest.mark.parametrize("stored", ["9999", "0", "ten", "", "@Invalid()"])
def test_a_hand_edited_bad_value_falls_back_to_the_default(tmp_path, stored):
    path = tmp_path / "waypost.ini"
    path.write_text(f"[security]\nidle_lock_minutes={stored}\n", encoding="utf-8")
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert settings.idle_lock_minutes == 5


def test_a_hand_edited_valid_value_is_read_as_an_int(tmp_path):
    path = tmp_path / "waypost.ini"
    path.write_text("[security]\nidle_lock_minutes= 45 \n", encoding="utf-8")
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert settings.idle_lock_minutes == 45


def test_reset_returns_to_the_default(ini_settings):
    settings = AppSettings(ini_settings)
    settings.idle_lock_minutes = 60
    AppSettings.idle_lock_minutes.reset(settings)
    assert reopen(ini_settings).idle_lock_minutes == 5


def test_the_file_holds_plain_text_not_pickles(ini_settings):
    settings = AppSettings(ini_settings)
    settings.idle_lock_minutes = 12
    settings.vault_folder = "/srv/vaults"
    settings.sync()
    text = Path(ini_settings.fileName()).read_text(encoding="utf-8")
    assert "idle_lock_minutes=12" in text
    assert "/srv/vaults" in text
    assert "@Variant" not in text


class _Flags(AppSettings):
    show_tips: Setting[bool] = Setting("ui/show_tips", True)


@pytest.mark.parametrize("value", [False, True])
def test_bool_settings_round_trip(ini_settings, value):
    flags = _Flags(ini_settings)
    flags.show_tips = value
    ini_settings.sync()
    again = _Flags(QSettings(ini_settings.fileName(), QSettings.Format.IniFormat))
    assert again.show_tips is value


def test_a_setting_must_have_a_supported_type_and_a_valid_default():
    with pytest.raises(TypeError):
        Setting("x", 1.5)
    with pytest.raises(ValueError):
        Setting("x", 0, validate=lambda v: v > 0)
