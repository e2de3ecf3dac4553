"""Run database work off the GUI thread, and tell views what changed.

SQLite has one writer, so every user action runs on one worker thread, strictly in the order it
was submitted, and its result comes back to the GUI thread (Anki's ``aqt/operations``). Views do
not poll and do not reach into each other: they refresh from the ``Changes`` published on the
``ChangeBus``.

Exception text never reaches a log or the generic failure message, because it may quote what a
navigator typed (a name, an address). Only the exception type is logged.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, SignalInstance

log = logging.getLogger(__name__)

T = TypeVar("T")

GENERIC_FAILURE_MESSAGE = (
    "Something went wrong and your last action may not have been saved. Please try again."
)


@dataclass(frozen=True, slots=True)
class Changes:
    """What one action changed; views decide from it whether to refresh."""

    cases: frozenset[int] = frozenset()
    """IDs of cases whose details changed."""
    caseload: bool = False
    """The caseload list may have gained or lost rows, or changed order."""
    audit: bool = False
    """New audit entries were written."""
    budget: bool = False
    """Purchases, receipts or allocations changed (balances and purchase lists may move)."""

    @property
    def empty(self) -> bool:
        return not (self.cases or self.caseload or self.audit or self.budget)

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        return Changes(
            cases=self.cases | other.cases,
            caseload=self.caseload or other.caseload,
            audit=self.audit or other.audit,
            budget=self.budget or other.budget,
        )


NO_CHANGES = Changes()


class ChangeBus(QObject):
    """The one place views learn that data changed. ``changed`` carries a ``Changes``."""

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        # An action that changed nothing must not make every view re-query.
        if not changes.empty:
            self.changed.emit(changes)


class Worker(Protocol):
    """What UI code may rely on, whether work runs on a thread or synchronously in tests."""

    @property
    def busy_changed(self) -> SignalInstance: ...

    @property
    def failed(self) -> SignalInstance: ...

    @property
    def accepting(self) -> bool:
        """False once ``shutdown`` was called: submitting then raises."""
        ...

    def submit(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None: ...

    def shutdown(self, wait: bool = True) -> None: ...


@dataclass(frozen=True, slots=True)
class _Job:
    work: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None


@dataclass(frozen=True, slots=True)
class _Outcome:
    job: _Job
    result: Any
    error: BaseException | None


def _report_unhandled(failed: SignalInstance, error: BaseException) -> None:
    log.error("Database work failed with %s", type(error).__name__)
    failed.emit(GENERIC_FAILURE_MESSAGE)


class _WorkerThread(QThread):
    def __init__(
        self, jobs: queue.SimpleQueue[_Job | None], finished_job: Callable[[_Outcome], None]
    ) -> None:
        super().__init__()
        self._jobs = jobs
        self._finished_job = finished_job

    def run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                outcome = _Outcome(job, job.work(), None)
            except BaseException as error:
                # Catch everything: if this thread died, every later action would hang.
                outcome = _Outcome(job, None, error)
            self._finished_job(outcome)
            # Drop the references here, or the last result (personal data) would stay alive on
            # this thread until the next job arrives.
            del job, outcome


class DatabaseWorker(QObject):
    """Runs submitted work on one thread, in order; calls back on the GUI thread.

    Create it, and call ``submit`` and ``shutdown``, from the GUI thread only.
    """

    busy_changed = Signal(bool)
    failed = Signal(str)
    # Emitted on the worker thread; queued to the GUI thread. It carries nothing: outcomes wait
    # in ``_outcomes`` so that ``shutdown`` can deliver them without spinning the event loop.
    _job_finished = Signal()

    def __init__(self, parent: QObject | None = None, *, name: str = "waypost-database") -> None:
        super().__init__(parent)
        self._owner_thread = threading.get_ident()
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._outcomes: deque[_Outcome] = deque()
        self._pending = 0
        self._accepting = True
        self._job_finished.connect(self._deliver_next, Qt.ConnectionType.QueuedConnection)
        # No QObject parent: Qt aborts the process if a running QThread is destroyed with it.
        self._thread = _WorkerThread(self._jobs, self._on_job_finished)
        self._thread.setObjectName(name)
        app = QCoreApplication.instance()
        if app is not None:
            # A forgotten shutdown must not turn quitting into a crash.
            app.aboutToQuit.connect(self._on_about_to_quit)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    @property
    def accepting(self) -> bool:
        return self._accepting

    def submit(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        if threading.get_ident() != self._owner_thread:
            raise RuntimeError("DatabaseWorker.submit() must be called from the GUI thread")
        if not self._accepting:
            raise RuntimeError("The database worker has been shut down")
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._jobs.put(_Job(work, on_done, on_error))

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking work; let queued work finish.

        With ``wait``, block until the queue is drained and the thread has stopped, and run every
        outstanding callback before returning, so nothing is still in flight when the vault
        closes. Callbacks that raise are logged (type only) rather than interrupting the lock.
        """
        if self._accepting:
            self._accepting = False
            self._jobs.put(None)
        if not wait:
            return
        self._thread.wait()
        while self._outcomes:
            outcome = self._outcomes.popleft()
            try:
                self._dispatch(outcome)
            except Exception as error:
                log.error(
                    "A database callback failed during shutdown with %s", type(error).__name__
                )

    def _on_job_finished(self, outcome: _Outcome) -> None:
        # Worker thread. deque.append is atomic, so no lock is needed.
        self._outcomes.append(outcome)
        self._job_finished.emit()

    def _deliver_next(self) -> None:
        try:
            outcome = self._outcomes.popleft()
        except IndexError:
            return  # shutdown() already delivered it
        # Exceptions from a callback propagate to Qt like any slot's, one outcome per call, so
        # a bug in one view does not swallow the callbacks queued after it.
        self._dispatch(outcome)

    def _dispatch(self, outcome: _Outcome) -> None:
        try:
            job = outcome.job
            if outcome.error is None:
                if job.on_done is not None:
                    job.on_done(outcome.result)
            elif job.on_error is not None:
                log.debug("Database work failed with %s", type(outcome.error).__name__)
                job.on_error(outcome.error)
            else:
                _report_unhandled(self.failed, outcome.error)
        finally:
            self._pending -= 1
            # After the callback, so that follow-up work it submits keeps the status busy
            # instead of flickering idle and busy again.
            if self._pending == 0:
                self.busy_changed.emit(False)

    def _on_about_to_quit(self) -> None:
        self.shutdown(wait=True)


class SynchronousWorker(QObject):
    """The ``Worker`` interface, running work at once on the calling thread (for UI tests)."""

    busy_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._depth = 0
        self._accepting = True

    @property
    def busy(self) -> bool:
        return self._depth > 0

    @property
    def running(self) -> bool:
        return self._accepting

    @property
    def accepting(self) -> bool:
        return self._accepting

    def submit(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        if not self._accepting:
            raise RuntimeError("The database worker has been shut down")
        self._depth += 1
        if self._depth == 1:
            self.busy_changed.emit(True)
        try:
            try:
                result = work()
            except Exception as error:
                # Exception, not BaseException: in the GUI thread Ctrl+C must still interrupt.
                if on_error is not None:
                    on_error(error)
                else:
                    _report_unhandled(self.failed, error)
                return
            if on_done is not None:
                on_done(result)
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.busy_changed.emit(False)

    def shutdown(self, wait: bool = True) -> None:
        self._accepting = False
