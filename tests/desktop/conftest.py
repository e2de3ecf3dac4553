"""Qt fixtures for the desktop integration tests."""

import os

# Before any Qt import: with no display the qapp fixture would abort.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

import ui  # noqa: F401 - guards PySide6 6.12.0 refcount bugs (ui/qt_refcount_guard.py)


@pytest.fixture
def ini_settings(tmp_path):
    """A QSettings in a temporary INI file, so tests never touch the real user settings."""
    return QSettings(str(tmp_path / "waypost.ini"), QSettings.Format.IniFormat)
