"""The unlock window is painted before the heavy modules are imported (DESIGN.md section 5:
start to unlock window within 0.5 s). Started through the real entry point, as `waypost --vault
DIR` is, in a fresh interpreter; the modules loaded are read at the window's first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

app = QApplication(["waypost"])
HEAVY = ("sqlalchemy", "alembic", "cryptography", "argon2", "keyring", "reportlab", "zxcvbn",
         "models", "desktop.vault", "desktop.envelope", "desktop.session")

class Watch(QObject):
    def eventFilter(self, watched, event):
        # An application filter runs before the window's own (the warm-up starts there).
        if event.type() == QEvent.Type.Paint and type(watched).__name__ == "UnlockWindow":
            loaded = sorted(
                {m for m in sys.modules for h in HEAVY if m == h or m.startswith(h + ".")}
            )
            print("LOADED " + json.dumps(loaded), flush=True)
            app.removeEventFilter(self)
            app.quit()
        return False

watch = Watch()
app.installEventFilter(watch)
sys.argv = ["waypost", "--vault", sys.argv[1]]
from desktop.__main__ import main
main()
"""


def test_nothing_heavy_is_imported_before_the_unlock_window_is_painted(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir(mode=0o700)
    (folder / "keys.json").write_text("{}")  # a vault folder, as far as the unlock window goes
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
        },
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, result.stderr[-2000:]
    assert json.loads(lines[0].removeprefix("LOADED ")) == []
