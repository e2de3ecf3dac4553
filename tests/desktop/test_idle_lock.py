"""The idle lock: input keeps the vault open; nothing else does."""

import time

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QTimerEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.idle_lock import IdleLock


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def field(qtbot):
    widget = QLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def lock(qapp):
    idle = IdleLock(minutes=5)
    yield idle
    idle.stop()


def test_locks_after_the_timeout_with_no_input(qtbot, lock):
    lock.set_timeout_ms(50)
    started = time.monotonic()
    with qtbot.waitSignal(lock.idle_timeout, timeout=5000):
        lock.start()
    assert time.monotonic() - started >= 0.045
    assert not lock.active


def test_a_key_press_postpones_the_lock(qtbot, lock, field):
    lock.set_timeout_ms(300)
    pressed_at: list[float] = []

    def type_a_key():
        QTest.keyClick(field, Qt.Key.Key_A)
        pressed_at.append(time.monotonic())

    lock.start()
    with qtbot.waitSignal(lock.idle_timeout, timeout=5000):
        QTimer.singleShot(200, type_a_key)
    locked_at = time.monotonic()

    assert field.text() == "a"
    # Timers never fire early, so without the key press it would have locked at 300 ms; with
    # it, not before 300 ms after the key.
    assert locked_at - pressed_at[0] >= 0.29


def test_input_resets_the_countdown_and_paints_or_timers_do_not(qtbot, lock, field):
    lock.set_timeout_ms(60_000)
    lock.start()
    qtbot.waitUntil(lambda: lock.remaining_ms() <= 59_700, timeout=5000)

    field.repaint()
    QApplication.sendEvent(field, QTimerEvent(0x7FFF))
    QApplication.sendEvent(field, QEvent(QEvent.Type.UpdateRequest))
    assert lock.remaining_ms() <= 59_700

    QTest.mouseMove(field, QPoint(5, 5))
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    assert lock.remaining_ms() > 59_700

    qtbot.waitUntil(lambda: lock.remaining_ms() <= 59_700, timeout=5000)
    QTest.keyClick(field, Qt.Key.Key_B)
    assert lock.remaining_ms() > 59_700


def test_constant_repainting_does_not_keep_the_vault_open(qtbot, lock, field):
    repaints: list[int] = []

    def repaint():
        field.update()
        field.repaint()
        repaints.append(1)

    ticker = QTimer()
    ticker.timeout.connect(repaint)
    ticker.start(10)
    lock.set_timeout_ms(150)
    try:
        with qtbot.waitSignal(lock.idle_timeout, timeout=5000):
            lock.start()
    finally:
        ticker.stop()
    assert repaints


def test_locks_on_the_first_input_after_the_laptop_slept(qtbot, field):
    # Qt timers stop while the machine sleeps; the clock the lock reads does not.
    clock = FakeClock()
    lock = IdleLock(minutes=5, clock=clock)
    lock.start()
    clock.now += 6 * 60

    with qtbot.waitSignal(lock.idle_timeout, timeout=1000):
        QTest.keyClick(field, Qt.Key.Key_X)

    # The keystroke must not land in the form that is about to be hidden.
    assert field.text() == ""
    assert not lock.active


def test_locks_soon_after_waking_even_without_input(qtbot):
    clock = FakeClock()
    lock = IdleLock(minutes=5, clock=clock, heartbeat_ms=20)
    lock.start()
    clock.now += 6 * 60
    with qtbot.waitSignal(lock.idle_timeout, timeout=2000):
        pass


def test_stopped_lock_ignores_time_and_input(qtbot, lock, field):
    fired: list[bool] = []
    lock.idle_timeout.connect(lambda: fired.append(True))
    lock.set_timeout_ms(30)
    lock.start()
    lock.stop()
    QTest.keyClick(field, Qt.Key.Key_A)
    with qtbot.assertNotEmitted(lock.idle_timeout, wait=200):
        pass
    assert lock.remaining_ms() is None
    assert field.text() == "a"


def test_changing_the_minutes_applies_to_the_running_countdown(qtbot, field):
    clock = FakeClock()
    lock = IdleLock(minutes=5, clock=clock)
    lock.start()
    lock.set_minutes(1)
    assert lock.remaining_ms() == 60_000
    clock.now += 61
    with qtbot.waitSignal(lock.idle_timeout, timeout=1000):
        QTest.keyClick(field, Qt.Key.Key_A)


@pytest.mark.parametrize("minutes", [0, -5])
def test_a_timeout_of_less_than_a_minute_is_refused(qapp, minutes):
    with pytest.raises(ValueError):
        IdleLock(minutes=minutes)
