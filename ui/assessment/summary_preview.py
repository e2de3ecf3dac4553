"""Preview a case's recovery summary for printing: built on the database worker, shown with QtPdf.

Only printing or saving it is recorded in the audit log (``PRINT``, ``recovery_summary``, the
case's ID); previewing is not. The suggested file name holds the case reference, never a name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from models.dto import RenderedDocumentDTO
from ui.operations import ChangeBus, Changes, Worker
from ui.printing import PdfPreviewDialog

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["PREPARING_MESSAGE", "RecoverySummaryPreview", "open_recovery_preview"]

PREPARING_MESSAGE = "Preparing the recovery summary…"


class RecoverySummaryPreview(PdfPreviewDialog):
    """The PDF preview; printing or saving records a ``PRINT`` audit entry (on the worker)."""

    def __init__(
        self,
        rendered: RenderedDocumentDTO,
        *,
        services: Services,
        worker: Worker,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        change_bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(
            rendered.pdf,
            title=f"Recovery summary {rendered.case_reference}",
            suggested_name=rendered.file_name,
            parent=parent,
            settings=settings,
        )
        self.setObjectName("recoverySummaryPreview")
        self._rendered = rendered
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self.printed.connect(self._record_print)
        self.saved.connect(lambda _path: self._record_print())

    def rendered(self) -> RenderedDocumentDTO:
        return self._rendered

    def _record_print(self) -> None:
        services, case_id, bus = self._services, self._rendered.case_id, self._bus

        def publish(_result: None) -> None:
            if bus is not None:
                bus.publish(Changes(cases=frozenset({case_id}), audit=True))

        self._worker.submit(lambda: services.record_recovery_summary_printed(case_id), publish)


def open_recovery_preview(
    parent: QWidget | None,
    services: Services,
    worker: Worker,
    case_id: int,
    *,
    on_failed: Callable[[BaseException], None],
    settings: QSettings | None = None,
    change_bus: ChangeBus | None = None,
    on_shown: Callable[[RecoverySummaryPreview], None] | None = None,
) -> None:
    """Build the case's recovery summary on the worker (busy cursor), then show it in a
    window-modal :class:`RecoverySummaryPreview` that deletes itself when closed.

    ``on_failed`` receives the error when it cannot be built (``NoRecoveryToSummarise`` says
    why there is nothing to summarise yet)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def done(rendered: RenderedDocumentDTO) -> None:
        QApplication.restoreOverrideCursor()
        dialog = RecoverySummaryPreview(
            rendered,
            services=services,
            worker=worker,
            parent=parent,
            settings=settings,
            change_bus=change_bus,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if on_shown is not None:
            on_shown(dialog)

    def failed(error: BaseException) -> None:
        QApplication.restoreOverrideCursor()
        on_failed(error)

    worker.submit(lambda: services.prepare_recovery_summary(case_id), done, failed)
