"""Logs and error messages redact personal data (issue 8, "No leaks": redaction).

The log filter `waypost` installs at start-up (desktop/log_redaction.py) is tested on records
like those SQLAlchemy, keyring and Waypost itself write; the error messages on screen are
tested where the GUI shows them: a failed database job, a case that cannot be opened, an
unlock that fails in an unexpected way.
"""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop import vault
from desktop.app import GENERIC_OPEN_FAILURE, AppController
from desktop.log_redaction import REDACTED, RedactingFilter, configure_logging, redact_text
from desktop.session import create_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile
from ui.operations import GENERIC_FAILURE_MESSAGE, DatabaseWorker, SynchronousWorker

PASSPHRASE = "lantern orchard velvet ninety"


# --- Redaction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "jane.doe@example.org",
        "+44 7700 900123",
        "07700 900123",
        "(020) 7946 0958",
        "0044 20 7946 0958",
        "AB123456C",
        "AB 12 34 56 C",
        "SW1A 1AA",
        "M1 1AE",
        "03/04/1990",
        "1990-04-03",
        "3 April 1990",
        "passport 123456789",
        "name 'Jane Doe'",
    ],
)
def test_personal_data_patterns_are_redacted(text: str) -> None:
    redacted = redact_text(f"before {text} after")
    assert REDACTED in redacted
    assert redacted.startswith("before ") and redacted.endswith(" after")
    for part in text.replace("'", " ").split():
        if part not in ("name", "passport"):
            assert part not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Case WP-2026-0042 opened",
        "export EX-2026-0007-K7QD written",
        "couldn't open the vault's file",
        "unlock failed with ValueError after 0.001234 s",
        "PySide6 6.12.0",
    ],
)
def test_references_and_plain_messages_are_kept(text: str) -> None:
    assert redact_text(text) == text


def test_the_home_folder_is_shortened_to_a_tilde() -> None:
    assert redact_text(str(Path.home() / "vaults" / "w.db")) == str(Path("~/vaults/w.db"))


def _record(name: str, msg: str, args: object, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, exc_info)  # type: ignore[arg-type]


def test_a_third_party_record_keeps_its_wording_but_not_its_arguments() -> None:
    record = _record("sqlalchemy.engine.Engine", "[generated in %s] %r", ("0.01s", ("Amina",)))
    assert RedactingFilter().filter(record)
    assert record.getMessage() == f"[generated in {REDACTED}] {REDACTED}"
    mapped = _record("keyring.backend", "stored %(user)s", ({"user": "Amina"},))
    RedactingFilter().filter(mapped)
    assert mapped.getMessage() == f"stored {REDACTED}"
    allowed = _record("alembic.runtime.migration", "Running upgrade %s -> %s", ("0007", "0008"))
    RedactingFilter().filter(allowed)
    assert allowed.getMessage() == "Running upgrade 0007 -> 0008"


def test_an_exception_in_a_log_shows_its_type_and_frames_but_not_its_text() -> None:
    try:
        name, address = "Amina Haddad", "amina@example.org"
        try:
            raise KeyError(name)
        except KeyError as inner:
            raise ValueError(f"bad value for {address}") from inner
    except ValueError:
        exc_info = sys.exc_info()
    record = _record("models.services.cases", "could not save: %s", (exc_info[1],), exc_info)
    RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "Amina" not in text and "amina@" not in text
    assert "could not save: ValueError" in text
    assert "KeyError: [redacted]" in text and "ValueError: [redacted]" in text
    assert "direct cause" in text and "test_redaction.py" in text  # the frames are kept
    assert traceback.format_exception(*exc_info)[-1].startswith("ValueError: bad value")


def test_configure_logging_is_warning_by_default_and_debug_on_request() -> None:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        handler = configure_logging({})
        assert root.level == logging.WARNING
        assert configure_logging({"WAYPOST_DEBUG": "1"}) is handler  # one stderr handler
        assert root.level == logging.DEBUG
        assert all(any(isinstance(f, RedactingFilter) for f in h.filters) for h in root.handlers)
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers


# --- Error messages on screen -------------------------------------------------------------------


def test_a_worker_job_failing_with_personal_data_shows_only_the_generic_message(
    qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    worker = DatabaseWorker()
    try:
        with qtbot.waitSignal(worker.failed, timeout=5000) as failed:
            worker.submit(lambda: (_ for _ in ()).throw(RuntimeError("Amina <amina@example.org>")))
    finally:
        worker.shutdown(wait=True)
    assert failed.args == [GENERIC_FAILURE_MESSAGE]
    assert "Amina" not in caplog.text and "RuntimeError" in caplog.text


def test_a_case_that_fails_to_open_does_not_quote_the_database_error(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from sqlalchemy.exc import IntegrityError

    from models.services.context import ServiceContext
    from models.services.facade import Services
    from models.store import open_store
    from ui.case.workspace import CaseWorkspace
    from ui.operations import ChangeBus

    store = open_store(tmp_path / "w.db", os.urandom(32), create=True)
    try:
        services = Services(ServiceContext(store=store, user="nav", today=date.today))
        # SQLAlchemy's own text lists the statement's parameters: here, the survivor's name.
        error = IntegrityError("UPDATE person SET known_as=?", ("Amina Haddad",), Exception("x"))
        assert "Amina Haddad" in str(error)

        def refuse(case_id: int):
            raise error

        monkeypatch.setattr(services, "open_case", refuse)
        workspace = CaseWorkspace(1, services, SynchronousWorker(), ChangeBus())
        qtbot.addWidget(workspace)
        shown = workspace.error_label.text()
        assert "could not be opened" in shown and GENERIC_FAILURE_MESSAGE in shown
        assert "Amina" not in shown
    finally:
        store.close()


def test_an_unexpected_unlock_failure_shows_the_generic_message(
    qtbot, tmp_path: Path, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import session as session_module

    folder = tmp_path / "v"
    folder.mkdir()
    created, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    created.close()

    def broken(*_args, **_kwargs):
        raise OSError(f"cannot read {Path.home()}/Amina Haddad/notes.txt")

    monkeypatch.setattr(session_module, "unlock_session", broken)
    controller = AppController(
        vault_folder=folder,
        demo=False,
        settings=AppSettings(SettingsFile(tmp_path / "settings.json")),
        worker=SynchronousWorker(),
        keyring_backend=memory_keyring,
    )
    controller.start()
    QApplication.processEvents()  # start()'s queued warm-up, before the worker shuts down
    try:
        field = controller.unlock_window.findChild(QLineEdit, "passphraseEdit")
        field.setText(PASSPHRASE)
        field.returnPressed.emit()
        assert controller.unlock_window.error_text() == GENERIC_OPEN_FAILURE
    finally:
        controller.shutdown()
        controller.unlock_window.close()


def test_an_uncaught_exception_in_the_gui_is_logged_redacted(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import log_redaction

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    log_redaction.install_excepthook()
    log_redaction.install_on([caplog.handler])
    name = "Amina Haddad"
    try:
        {}[name]
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert "Unexpected error (KeyError)" in caplog.text
    assert "KeyError: [redacted]" in caplog.text
    assert "Amina" not in caplog.text


def test_qt_warnings_go_through_the_redacting_log(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtCore import QtMsgType

    from desktop import log_redaction

    log_redaction.install_on([caplog.handler])
    log_redaction.forward_qt_message(
        QtMsgType.QtWarningMsg, None, f"QFile::open: cannot open {Path.home()}/amina@example.org"
    )
    (record,) = [r for r in caplog.records if r.name == "waypost.qt"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "QFile::open: cannot open ~/[redacted]"
