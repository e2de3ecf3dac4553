"""Lock the vault after a period with no keyboard, mouse or touch input."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal


@functools.cache
def input_events() -> frozenset[QEvent.Type]:
    """The events that count as someone at the keyboard.

    Only what a person does counts: paints, timers and network events happen on an unattended
    laptop too, and must not keep the vault open. Built on first use, not at import: PySide6
    creates the large QEvent.Type enum lazily, and that costs ~0.1 s before the first window.
    """
    return frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TabletPress,
            QEvent.Type.TabletMove,
        }
    )


DEFAULT_HEARTBEAT_MS = 5_000


def _suspend_aware_clock() -> Callable[[], float]:
    # Qt timers and time.monotonic() stop while a laptop sleeps, so a vault left open when the lid
    # closed would stay open after it reopened for the rest of the timeout. CLOCK_BOOTTIME
    # (Linux) keeps counting through sleep; elsewhere wall-clock time does, and a clock jump
    # forward only locks early, which is the safe way to be wrong.
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return lambda: time.clock_gettime(boottime)
    return time.time


class IdleLock(QObject):
    """Emits ``idle_timeout`` once no input has arrived for the timeout; then stops itself.

    Call ``start()`` again after the vault is unlocked.
    """

    idle_timeout = Signal()

    def __init__(
        self,
        minutes: int = 5,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] | None = None,
        heartbeat_ms: int = DEFAULT_HEARTBEAT_MS,
    ) -> None:
        super().__init__(parent)
        if heartbeat_ms < 1:
            raise ValueError("heartbeat_ms must be positive")
        self._clock = clock if clock is not None else _suspend_aware_clock()
        self._heartbeat_ms = heartbeat_ms
        self._timeout_s = 0.0
        self._deadline = math.inf
        self._active = False
        # Input only moves the deadline; the timer re-reads the clock when it fires. Restarting
        # a timer on every mouse move would cost far more than storing one float.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._check)
        self.set_minutes(minutes)

    @property
    def active(self) -> bool:
        return self._active

    def timeout_ms(self) -> int:
        return round(self._timeout_s * 1000)

    def remaining_ms(self) -> int | None:
        """Milliseconds until the lock, or None when not watching."""
        if not self._active:
            return None
        return max(0, math.ceil((self._deadline - self._clock()) * 1000))

    def set_minutes(self, minutes: int) -> None:
        if minutes < 1:
            raise ValueError("The idle lock needs at least one minute")
        self.set_timeout_ms(minutes * 60_000)

    def set_timeout_ms(self, ms: int) -> None:
        if ms < 1:
            raise ValueError("The idle timeout must be positive")
        self._timeout_s = ms / 1000
        if self._active:
            self._deadline = self._clock() + self._timeout_s
            self._schedule()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("IdleLock needs a QApplication")
        if not self._active:
            app.installEventFilter(self)
            self._active = True
        self._deadline = self._clock() + self._timeout_s
        self._schedule()

    def stop(self) -> None:
        self._timer.stop()
        self._deadline = math.inf
        if self._active:
            self._active = False
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the application: keep the common path to one set lookup.
        if self._active and event.type() in input_events():
            now = self._clock()
            if now >= self._deadline:
                # The timeout passed while the timer could not run (the laptop slept). Lock now,
                # and swallow this input so a keystroke does not land in a form behind the lock.
                self._expire()
                return True
            self._deadline = now + self._timeout_s
        return False

    def _schedule(self) -> None:
        remaining_ms = math.ceil((self._deadline - self._clock()) * 1000)
        # The heartbeat bounds how long a sleep-and-wake can go unnoticed with no input.
        self._timer.start(max(1, min(remaining_ms, self._heartbeat_ms)))

    def _check(self) -> None:
        if not self._active:
            return
        if self._clock() >= self._deadline:
            self._expire()
        else:
            self._schedule()

    def _expire(self) -> None:
        self.stop()
        self.idle_timeout.emit()
