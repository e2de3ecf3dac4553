"""Child process of `waypost bench`: start Waypost exactly as `waypost --vault DIR` does (the
console script's entry point, argument parsing, process hardening, logging, style sheet) and
exit as soon as the unlock window has been painted, printing PAINTED. The parent times it from
process start. Offscreen, with private settings, so nothing on the machine changes.

The only difference from a real start: the QApplication is made here first (run_app reuses
it), so that a watcher can be installed before any window exists."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # Offscreen, with private settings made by the parent (importing tempfile here would add
    # to the time measured, and Waypost does not import it before its first paint).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = sys.argv[1]
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication(["waypost"])

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and type(watched).__name__ == "UnlockWindow":
                print("PAINTED", flush=True)
                app.removeEventFilter(self)
                app.quit()
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)
    sys.argv = ["waypost", "--vault", folder]
    from desktop.__main__ import main as waypost_main

    return waypost_main()


if __name__ == "__main__":
    sys.exit(main())
