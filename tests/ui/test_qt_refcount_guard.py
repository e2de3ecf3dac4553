"""The app survives PySide6 6.12.0's reference leaks (see ui/qt_refcount_guard.py)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import ui  # applies the guard
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Emitter(QObject):
    ping = Signal(bool)

app = QApplication([])
label = QLabel()
emitter = Emitter()
emitter.ping.connect(lambda flag: None)
for _ in range(20000):
    label.setText("still here")
    emitter.ping.emit(True)
print("survived")
"""


def test_a_long_session_of_qt_calls_and_signals_does_not_crash() -> None:
    # A fresh interpreter: the crash happens when a singleton is freed, and would kill pytest.
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
