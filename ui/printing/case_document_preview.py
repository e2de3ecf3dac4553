"""Preview a document about one case, built on the database worker, then print or save it.

Only printing or saving is recorded (by ``record(case_id)`` on the worker); previewing is not.
The suggested file name is the document's own, which holds the case reference, never a name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from models.dto import RenderedDocumentDTO
from ui.operations import ChangeBus, Changes, Worker
from ui.printing.preview_dialog import PdfPreviewDialog

__all__ = ["CaseDocumentPreview", "open_case_document_preview"]


class CaseDocumentPreview(PdfPreviewDialog):
    """The PDF preview; printing or saving calls ``record`` on the worker and publishes the
    audit change for the case."""

    def __init__(
        self,
        rendered: RenderedDocumentDTO,
        *,
        title: str,
        record: Callable[[int], None],
        worker: Worker,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        change_bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(
            rendered.pdf,
            title=f"{title} {rendered.case_reference}",
            suggested_name=rendered.file_name,
            parent=parent,
            settings=settings,
        )
        self._rendered = rendered
        self._record = record
        self._worker = worker
        self._bus = change_bus
        self.printed.connect(self._record_print)
        self.saved.connect(lambda _path: self._record_print())

    def rendered(self) -> RenderedDocumentDTO:
        return self._rendered

    def _record_print(self) -> None:
        case_id, bus, record = self._rendered.case_id, self._bus, self._record

        def publish(_result: None) -> None:
            if bus is not None:
                bus.publish(Changes(cases=frozenset({case_id}), audit=True))

        self._worker.submit(lambda: record(case_id), publish)


def open_case_document_preview(
    parent: QWidget | None,
    worker: Worker,
    build: Callable[[], RenderedDocumentDTO],
    *,
    title: str,
    record: Callable[[int], None],
    on_failed: Callable[[BaseException], None],
    settings: QSettings | None = None,
    change_bus: ChangeBus | None = None,
    on_shown: Callable[[CaseDocumentPreview], None] | None = None,
) -> None:
    """Build the document on the worker (busy cursor), then show it in a window-modal preview
    that deletes itself when closed; ``on_failed`` receives the error if it cannot be built."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def done(rendered: RenderedDocumentDTO) -> None:
        QApplication.restoreOverrideCursor()
        dialog = CaseDocumentPreview(
            rendered,
            title=title,
            record=record,
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

    worker.submit(build, done, failed)
