import os
import tempfile

# Before anything can import Qt: with no display, the qapp fixture would abort.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings (dialogs remember their size there) and platformdirs write under XDG_CONFIG_HOME on
# Linux: a private folder for the run, so no test reads or writes the real user's settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="waypost-test-config-")

import keyring.core
import pytest
from hypothesis import HealthCheck, settings
from keyring.backends import fail

from tests.keyring_memory import LockedKeyring, MemoryKeyring, MisstoringKeyring

# Property-based tests: no deadline (a shared CI machine has pauses that are not the code's
# fault), a bounded number of examples so the suite stays inside CI's budget, and no example
# database written into the working tree.
settings.register_profile(
    "waypost",
    deadline=None,
    max_examples=60,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("waypost")

# ---------------------------------------------------------------------------------------------
# Keyring


@pytest.fixture(autouse=True)
def _no_default_keyring(monkeypatch):
    """Make the *default* keyring a failing one in every test.

    Tests must never read or write the developer's real login keyring, and must not depend on
    whether one is running. Code under test that asks for the default keyring therefore sees
    "no keyring"; pass a backend explicitly (``memory_keyring``, or the real Secret Service in
    tests/integration) instead.
    """
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """A fresh, empty in-memory keyring (a new computer's keyring, say)."""
    return MemoryKeyring()


@pytest.fixture
def misstoring_keyring() -> MisstoringKeyring:
    """A faulty keyring whose writes store a different value than the one given."""
    return MisstoringKeyring()


@pytest.fixture
def locked_keyring() -> LockedKeyring:
    """A keyring that is there but locked: every call raises keyring's ``KeyringLocked``."""
    return LockedKeyring()
