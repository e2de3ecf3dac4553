"""Child process of `waypost bench`: start the GUI as `waypost --vault DIR` does and exit as
soon as the unlock window has been painted, printing PAINTED. The parent times it from
process start. Offscreen, with private settings, so nothing on the machine changes."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="waypost-bench-")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from desktop.app import AppController
    from desktop.settings import AppSettings

    app = QApplication(sys.argv[:1])
    controller = AppController(vault_folder=Path(sys.argv[1]), demo=False, settings=AppSettings())

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print("PAINTED", flush=True)
                app.quit()
            return False

    watch = PaintWatch()
    if not controller.start() or controller.unlock_window is None:
        print("NOT-SHOWN", flush=True)
        return 1
    controller.unlock_window.installEventFilter(watch)
    app.exec()
    controller.shutdown()
    controller.vault_guard.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
