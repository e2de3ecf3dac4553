"""Qt fixtures for the widget tests."""

import os

# Before any Qt import: with no display the qapp fixture would abort.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

import ui  # noqa: F401 - guards PySide6 6.12.0 refcount bugs (ui/qt_refcount_guard.py)
from ui.operations import DatabaseWorker


@pytest.fixture
def ini_settings(tmp_path):
    """A QSettings in a temporary INI file, so tests never touch the real user settings."""
    return QSettings(str(tmp_path / "waypost.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def db_worker(qapp):
    worker = DatabaseWorker()
    yield worker
    worker.shutdown(wait=True)


# --- A real SQLCipher vault database and the services bound to it -------------------------
from datetime import date  # noqa: E402

from models.services.context import ServiceContext  # noqa: E402
from models.services.facade import Services  # noqa: E402
from models.store import open_store  # noqa: E402
from ui.operations import ChangeBus, SynchronousWorker  # noqa: E402

UI_TODAY = date(2026, 11, 25)


@pytest.fixture
def vault_services(tmp_path):
    """Services over a real encrypted database in tmp_path, 'today' fixed at 2026-11-25."""
    store = open_store(tmp_path / "waypost.db", os.urandom(32), create=True)
    yield Services(ServiceContext(store=store, user="navigator.test", today=lambda: UI_TODAY))
    store.close()


@pytest.fixture
def sync_worker(qapp):
    """Runs database work immediately on the test thread (DESIGN.md section 6)."""
    worker = SynchronousWorker()
    yield worker
    worker.shutdown(wait=True)


@pytest.fixture
def change_bus(qapp):
    return ChangeBus()
