"""Export the Agenda's upcoming dates to an .ics file for another calendar (e.g. Outlook).

The file holds case references and kinds of date only. It is built on the database worker,
written owner-only, and recorded in the audit log; if the record fails the file is removed, so
nothing leaves the vault unrecorded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from models.dto import RenderedFileDTO
from models.errors import WaypostError
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.printing.pdf_output import write_private_file

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["CALENDAR_DAYS", "export_calendar"]

CALENDAR_DAYS = 90  # a quarter ahead: hearings and NRM dates are known weeks in advance


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home())


def export_calendar(
    parent: QWidget,
    services: Services,
    worker: Worker,
    change_bus: ChangeBus | None,
    report: Callable[[bool, str], None],
) -> None:
    """Build, ask where to save, write and record; ``report(ok, text)`` says how it went."""

    def failed(error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        report(False, f"The calendar could not be exported. {message}")

    def built(rendered: RenderedFileDTO) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            "Export to calendar",
            str(_documents_folder() / rendered.file_name),
            "Calendar files (*.ics)",
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".ics":
            path = path.with_name(f"{path.name}.ics")
        try:
            write_private_file(path, rendered.data)
        except OSError as error:
            report(False, f"The calendar could not be saved to {path}: {error.strerror or error}")
            return

        def recorded(_result: None) -> None:
            if change_bus is not None:
                change_bus.publish(Changes(audit=True))
            report(True, f"The next {CALENDAR_DAYS} days were exported to {path}.")

        def not_recorded(error: BaseException) -> None:
            with contextlib.suppress(OSError):
                path.unlink()
            report(
                False,
                "The export could not be recorded in the audit log, so the file was removed "
                "again. Please try again.",
            )

        worker.submit(services.record_calendar_export, recorded, not_recorded)

    worker.submit(lambda: services.prepare_calendar(CALENDAR_DAYS), built, failed)
