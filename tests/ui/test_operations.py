"""The database worker: order, threads, errors, busy state and shutdown."""

import logging
import sys
import threading

import pytest

from ui.operations import (
    GENERIC_FAILURE_MESSAGE,
    ChangeBus,
    Changes,
    DatabaseWorker,
    SynchronousWorker,
    Worker,
)

PERSONAL = "Jane Example, 12 Acacia Road"


def test_work_and_callbacks_run_in_submission_order(qtbot, db_worker):
    ran: list[int] = []
    delivered: list[int] = []
    for i in range(50):
        db_worker.submit(lambda i=i: ran.append(i) or i, delivered.append)

    qtbot.waitUntil(lambda: len(delivered) == 50)
    assert ran == list(range(50))
    assert delivered == list(range(50))


def test_one_job_at_a_time_so_a_slow_write_is_never_overtaken(qtbot, db_worker):
    gate = threading.Event()
    events: list[str] = []

    def slow_save():
        events.append("save started")
        assert gate.wait(5)
        events.append("save finished")

    db_worker.submit(slow_save)
    db_worker.submit(lambda: events.append("reload"))
    qtbot.waitUntil(lambda: events == ["save started"])
    gate.set()
    qtbot.waitUntil(lambda: len(events) == 3)
    assert events == ["save started", "save finished", "reload"]


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot, db_worker):
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work():
        seen["work"] = threading.get_ident()
        return 42

    def done(value):
        seen["done"] = threading.get_ident()
        seen["value"] = value

    db_worker.submit(work, done)
    qtbot.waitUntil(lambda: "done" in seen)
    assert seen["work"] != gui
    assert seen["done"] == gui
    assert seen["value"] == 42


def test_errors_arrive_on_the_gui_thread_at_on_error_and_the_worker_survives(qtbot, db_worker):
    gui = threading.get_ident()
    errors: list[tuple[BaseException, int]] = []
    after: list[str] = []
    failures: list[str] = []
    db_worker.failed.connect(failures.append)

    def broken():
        raise ValueError(PERSONAL)

    db_worker.submit(broken, on_error=lambda e: errors.append((e, threading.get_ident())))
    db_worker.submit(lambda: "still working", after.append)

    qtbot.waitUntil(lambda: after == ["still working"])
    [(error, thread)] = errors
    assert isinstance(error, ValueError)
    assert str(error) == PERSONAL
    assert thread == gui
    assert failures == []


def test_unhandled_error_reports_a_generic_message_and_logs_only_the_type(qtbot, db_worker, caplog):
    caplog.set_level(logging.DEBUG)

    def broken():
        raise KeyError(PERSONAL)

    with qtbot.waitSignal(db_worker.failed, timeout=5000) as blocker:
        db_worker.submit(broken, on_done=lambda _: pytest.fail("on_done after an error"))

    [message] = blocker.args
    assert message == GENERIC_FAILURE_MESSAGE
    assert "Jane" not in message
    assert "KeyError" in caplog.text
    assert "Jane" not in caplog.text
    assert "Acacia" not in caplog.text


def test_busy_turns_on_once_and_off_only_after_the_last_callback(qtbot, db_worker):
    gate = threading.Event()
    busy: list[bool] = []
    delivered: list[int] = []
    db_worker.busy_changed.connect(busy.append)
    db_worker.busy_changed.connect(lambda b: b or delivered.append(-1))

    db_worker.submit(lambda: gate.wait(5) and 1, delivered.append)
    db_worker.submit(lambda: 2, delivered.append)
    db_worker.submit(lambda: 3, delivered.append)
    assert busy == [True]
    assert db_worker.busy

    gate.set()
    qtbot.waitUntil(lambda: busy == [True, False])
    # -1 marks the moment busy went off: after every result was delivered.
    assert delivered == [1, 2, 3, -1]
    assert not db_worker.busy


def test_follow_up_work_from_a_callback_keeps_the_status_busy(qtbot, db_worker):
    busy: list[bool] = []
    db_worker.busy_changed.connect(busy.append)
    results: list[str] = []

    db_worker.submit(
        lambda: "saved",
        lambda r: (results.append(r), db_worker.submit(lambda: "reloaded", results.append)),
    )
    qtbot.waitUntil(lambda: results == ["saved", "reloaded"])
    qtbot.waitUntil(lambda: busy == [True, False])


def test_shutdown_finishes_queued_work_and_delivers_results_before_returning(qapp):
    worker = DatabaseWorker()
    busy: list[bool] = []
    worker.busy_changed.connect(busy.append)
    saved: list[int] = []
    confirmed: list[int] = []
    for i in range(20):
        worker.submit(lambda i=i: saved.append(i) or i, confirmed.append)

    # No event loop runs between submit and shutdown: delivery is shutdown's doing.
    worker.shutdown(wait=True)

    assert saved == list(range(20))
    assert confirmed == list(range(20))
    assert busy == [True, False]
    assert not worker.running


def test_shutdown_survives_a_callback_that_raises(qapp, caplog):
    worker = DatabaseWorker()
    confirmed: list[int] = []

    def bad_view(_):
        raise RuntimeError(PERSONAL)

    worker.submit(lambda: 1, bad_view)
    worker.submit(lambda: 2, confirmed.append)
    worker.shutdown(wait=True)

    assert confirmed == [2]
    assert "RuntimeError" in caplog.text
    assert "Jane" not in caplog.text


def test_no_work_is_accepted_after_shutdown(qapp):
    worker = DatabaseWorker()
    worker.shutdown(wait=True)
    with pytest.raises(RuntimeError):
        worker.submit(lambda: None)


def test_shutdown_without_waiting_still_finishes_work(qtbot):
    worker = DatabaseWorker()
    gate = threading.Event()
    delivered: list[str] = []
    worker.submit(lambda: gate.wait(5) and "saved", delivered.append)

    worker.shutdown(wait=False)
    assert worker.running
    gate.set()

    qtbot.waitUntil(lambda: delivered == ["saved"])
    qtbot.waitUntil(lambda: not worker.running)
    worker.shutdown(wait=True)


def test_submit_from_another_thread_is_refused(qtbot, db_worker):
    errors: list[BaseException] = []
    # Work on the worker thread that tries to queue more work gets the refusal as its error.
    db_worker.submit(lambda: db_worker.submit(lambda: None), on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], RuntimeError)


def _worker_interface(worker: Worker) -> Worker:
    return worker


def test_synchronous_worker_delivers_before_submit_returns(qtbot):
    worker = _worker_interface(SynchronousWorker())
    gui = threading.get_ident()
    busy: list[bool] = []
    worker.busy_changed.connect(busy.append)
    seen: list[tuple[str, int]] = []

    worker.submit(lambda: "loaded", lambda r: seen.append((r, threading.get_ident())))

    assert seen == [("loaded", gui)]
    assert busy == [True, False]


def test_synchronous_worker_routes_errors_like_the_threaded_one(qtbot, caplog):
    worker = SynchronousWorker()
    failures: list[str] = []
    worker.failed.connect(failures.append)
    errors: list[BaseException] = []

    def broken():
        raise ValueError(PERSONAL)

    worker.submit(broken, on_error=errors.append)
    assert [type(e) for e in errors] == [ValueError]
    assert failures == []

    worker.submit(broken)
    assert failures == [GENERIC_FAILURE_MESSAGE]
    assert "Jane" not in caplog.text

    worker.shutdown()
    with pytest.raises(RuntimeError):
        worker.submit(lambda: None)


def test_change_bus_tells_views_what_changed_and_stays_quiet_otherwise(qtbot):
    bus = ChangeBus()
    received: list[Changes] = []
    bus.changed.connect(received.append)

    bus.publish(Changes())
    assert received == []

    bus.publish(Changes(cases=frozenset({7})) | Changes(caseload=True))
    assert received == [Changes(cases=frozenset({7}), caseload=True, audit=False)]


def test_changes_merge_keeps_every_case():
    merged = Changes(cases=frozenset({1}), audit=True) | Changes(cases=frozenset({2}))
    assert merged.cases == {1, 2}
    assert merged.audit
    assert not merged.caseload
    assert not merged.empty
    assert Changes().empty


def test_a_long_session_of_actions_does_not_exhaust_pythons_true(qtbot):
    # PySide6 6.12.0 drops a reference to True on every emit(); unguarded, Python 3.11 aborts
    # after a few hundred actions ("bool_dealloc"). ui/qt_refcount_guard.py, applied on import
    # of the ui package, gives True a count that cannot run out (immortal from Python 3.12).
    worker = SynchronousWorker()
    for _ in range(2000):
        worker.submit(lambda: None)
    assert sys.getrefcount(True) > 1_000_000_000
