"""Saves the open draft about two seconds after the navigator stops typing, on the worker.

One save runs at a time. What is typed while a save runs is saved after it. A refused save
(changed elsewhere, no longer a draft, invalid) stops autosaving until the navigator edits again
(invalid) or the plan is reloaded (the others), so the same refusal is not repeated every two
seconds; nothing typed is touched either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from models.dto import PlanDraftDTO, PlanVersionDTO
from models.errors import ValidationError
from ui.operations import Worker

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["AUTOSAVE_DELAY_MS", "DraftAutosaver"]

AUTOSAVE_DELAY_MS = 2000
PENDING_TEXT = "Saving shortly…"


class DraftAutosaver(QObject):
    """``saved(PlanVersionDTO, changed: bool)`` after each save (``changed``: the store moved
    on); ``failed(BaseException)`` when a save was refused; ``status_changed(str)`` carries the
    quiet status line ("Saving…", "Draft saved 14:32")."""

    saved = Signal(object, bool)
    failed = Signal(object)
    status_changed = Signal(str)

    def __init__(
        self,
        services: Services,
        worker: Worker,
        content: Callable[[], PlanDraftDTO],
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._content = content
        self._clock = clock
        self._version: PlanVersionDTO | None = None
        self._baseline: PlanDraftDTO | None = None  # what the store holds, as the form shows it
        self._in_flight: PlanDraftDTO | None = None
        self._halted = False
        self._invalid = False  # halted by a validation problem, not by a refusal
        self._then: list[Callable[[], None]] = []
        self._status = ""
        self._saved_status = ""  # "Draft saved 14:32", shown again when nothing is left to save
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)

    # -- public API ---------------------------------------------------------------------------

    @property
    def version(self) -> PlanVersionDTO | None:
        return self._version

    @property
    def halted(self) -> bool:
        return self._halted

    def start(self, version: PlanVersionDTO) -> None:
        """Autosave ``version`` (a draft), whose content the form now shows."""
        self.timer.stop()
        self._version = version
        self._baseline = self._content()
        self._in_flight = None
        self._halted = self._invalid = False
        self._then.clear()
        self._saved_status = ""
        self._set_status("")

    def stop(self) -> None:
        """Nothing to autosave (an agreed or older version is shown)."""
        self.timer.stop()
        self._version = None
        self._baseline = None
        self._halted = False
        self._then.clear()
        self._set_status("")

    def edited(self) -> None:
        if self._version is None:
            return
        if self._halted and not self._invalid:
            self._set_status("Not saved")
            return
        self._halted = False  # an invalid draft is tried again once it is edited
        self._set_status(PENDING_TEXT)
        self.timer.start()

    def has_unsaved_changes(self) -> bool:
        if self._version is None:
            return False
        return self._in_flight is not None or self._content() != self._baseline

    def flush(self, then: Callable[[], None] | None = None) -> None:
        """Save now if anything is unsaved; run ``then`` once everything is saved (never, if a
        save is refused)."""
        self.timer.stop()
        if then is not None:
            self._then.append(then)
        if self._in_flight is not None:
            return  # _on_saved comes back here
        if self._version is None or self._halted:
            self._then.clear()
            return
        draft = self._content()
        if draft == self._baseline:
            if self._status == PENDING_TEXT:  # typed, then undone
                self._set_status(self._saved_status)
            self._run_then()
            return
        if not self._worker.accepting:
            # The vault locked (its worker stopped) while the timer ran: nothing to save into.
            self._then.clear()
            return
        version_id, expected = self._version.id, self._version.version
        self._in_flight = draft
        self._set_status("Saving…")
        services = self._services
        self._worker.submit(
            lambda: services.save_plan_draft(version_id, expected, draft),
            self._on_saved,
            self._on_failed,
        )

    # -- internals ----------------------------------------------------------------------------

    def resume(self) -> None:
        """Try again after a validation problem (Ctrl+S), without waiting for an edit."""
        if self._invalid:
            self._halted = self._invalid = False

    def _on_saved(self, result: PlanVersionDTO) -> None:
        if self._version is None or self._in_flight is None or result.id != self._version.id:
            self._in_flight = None
            return  # the plan was reloaded meanwhile
        changed = result.version != self._version.version
        self._version = result
        self._baseline = self._in_flight
        self._in_flight = None
        self._saved_status = f"Draft saved {self._clock():%H:%M}"
        self._set_status(self._saved_status)
        self.saved.emit(result, changed)
        if self._content() != self._baseline:
            if self._then:
                self.flush()
            else:
                self._set_status(PENDING_TEXT)
                self.timer.start()
        else:
            self._run_then()

    def _on_failed(self, error: BaseException) -> None:
        self._in_flight = None
        self._then.clear()
        self._halted = True
        self._invalid = isinstance(error, ValidationError)
        self._set_status("Not saved")
        self.failed.emit(error)

    def _set_status(self, text: str) -> None:
        self._status = text
        self.status_changed.emit(text)

    def _run_then(self) -> None:
        then, self._then = self._then, []
        for callback in then:
            callback()
