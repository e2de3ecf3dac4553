"""`waypost bench`'s two figures that need real Qt widgets (offscreen): scrolling the caseload
model through 1,000 rows, and opening the workspace of the case with the most history.

The database work runs on a synchronous worker, so the figures are the full cost a navigator
waits for (the query and the widgets), not just the GUI thread's share."""

from __future__ import annotations

import os
import statistics
import time

from models.services.facade import Services

SCROLL_ROWS = 1000


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401 - the PySide6 6.12 guard, as in the app

    return QApplication.instance() or QApplication([])


def scroll_caseload(services: Services, repeats: int = 3) -> float:
    """A fresh caseload model; every cell of rows 0-999 asked for and shown (no placeholder)."""
    from PySide6.QtWidgets import QApplication

    from ui.caseload.model import PLACEHOLDER, CaseloadModel
    from ui.operations import SynchronousWorker

    _app()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        model = CaseloadModel(services, SynchronousWorker())
        model.refresh()
        rows = range(min(SCROLL_ROWS, model.rowCount()))
        columns = range(model.columnCount())
        pending = True
        while pending:
            pending = False
            for row in rows:
                for column in columns:
                    if model.data(model.index(row, column)) == PLACEHOLDER:
                        pending = True
            if pending:
                QApplication.processEvents()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def open_busiest_workspace(services: Services, case_id: int, repeats: int = 3) -> float:
    """The case workspace, from construction until it is shown with its details and contact
    log (the synchronous worker loads them inside the constructor's requests)."""
    from PySide6.QtWidgets import QApplication

    from ui.case.workspace import CaseWorkspace
    from ui.operations import ChangeBus, SynchronousWorker

    _app()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        workspace = CaseWorkspace(case_id, services, SynchronousWorker(), ChangeBus())
        workspace.show()
        QApplication.processEvents()
        times.append(time.perf_counter() - started)
        workspace.close()
        workspace.deleteLater()
        QApplication.processEvents()
    return statistics.median(times)
