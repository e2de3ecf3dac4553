"""Preview a support plan for printing: built on the database worker, shown with QtPdf.

The plan can be shown again with its headings in another language, or in large type, before it
is printed or saved. Each print and each save is recorded in the audit log (``PRINT``, the plan
version's ID). The suggested file name is the case reference and version, never the name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from models.dto import PrintLanguageDTO, RenderedPlanDTO
from models.enums import PlanStatus
from models.services.facade import Services
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.printing import PdfPreviewDialog

__all__ = ["PREPARING_MESSAGE", "PlanPreviewDialog", "open_plan_preview"]

PREPARING_MESSAGE = "Preparing the plan…"
FAILED_TITLE = "Could not prepare the plan"


def _status_bar_message(parent: QWidget | None, text: str) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        if text:
            window.statusBar().showMessage(text)
        else:
            window.statusBar().clearMessage()


def _error_text(error: BaseException) -> str:
    # Core errors carry a message safe to show; anything else shows the generic one.
    message = getattr(error, "user_message", None)
    return message if isinstance(message, str) and message else GENERIC_FAILURE_MESSAGE


def _title(rendered: RenderedPlanDTO) -> str:
    draft = " (draft)" if rendered.status is PlanStatus.DRAFTED else ""
    return f"Support plan {rendered.case_reference}, version {rendered.version_number}{draft}"


def _language_label(language: PrintLanguageDTO) -> str:
    name = language.name_in_english
    if language.native_name and language.native_name != name:
        name = f"{name} — {language.native_name}"
    return name if language.reviewed else f"{name} (with English; translation not yet checked)"


class PlanPreviewDialog(PdfPreviewDialog):
    """The PDF preview, with a choice of heading language and large type above it.

    Changing either rebuilds the plan on the worker and shows the new PDF. Printing or saving
    records a ``PRINT`` audit entry for the version (on the worker).
    """

    def __init__(
        self,
        rendered: RenderedPlanDTO,
        languages: list[PrintLanguageDTO],
        *,
        services: Services,
        worker: Worker,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        change_bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(
            rendered.pdf,
            title=_title(rendered),
            suggested_name=rendered.file_name,
            parent=parent,
            settings=settings,
        )
        self.setObjectName("planPreviewDialog")
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._rendered = rendered
        self._busy = False

        self.language = QComboBox(self)
        self.language.setObjectName("planLanguage")
        self.language.setAccessibleName("Language of the headings")
        for language in languages:
            self.language.addItem(_language_label(language), language.code)
        index = self.language.findData(rendered.language.split("-", 1)[0])
        if index < 0:
            # A plan language with no catalog prints English headings; show it by its code.
            self.language.insertItem(0, f"{rendered.language} (English headings)", "")
            index = 0
        self.language.setCurrentIndex(index)
        language_label = QLabel("&Headings in", self)
        language_label.setBuddy(self.language)

        self.large_type = QCheckBox("&Large type", self)
        self.large_type.setAccessibleName("Large type")
        self.large_type.setChecked(rendered.large_type)

        self.status = QLabel("", self)
        self.status.setObjectName("previewStatus")
        self.status.setAccessibleName("Preview status")

        bar = QHBoxLayout()
        bar.addWidget(language_label)
        bar.addWidget(self.language, 1)
        bar.addSpacing(12)
        bar.addWidget(self.large_type)
        bar.addSpacing(12)
        bar.addWidget(self.status)
        bar.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, bar)

        self.language.currentIndexChanged.connect(self._rebuild)
        self.large_type.toggled.connect(self._rebuild)
        self.printed.connect(self._record_print)
        self.saved.connect(lambda _path: self._record_print())

    # -- public API ---------------------------------------------------------------------------

    def rendered(self) -> RenderedPlanDTO:
        return self._rendered

    # -- rebuilding ---------------------------------------------------------------------------

    def _chosen_language(self) -> str | None:
        code = self.language.currentData()
        return code if isinstance(code, str) and code else None

    def _rebuild(self) -> None:
        if self._busy:
            return
        self._set_busy(True)
        services = self._services
        version_id = self._rendered.version_id
        language = self._chosen_language()
        large = self.large_type.isChecked()
        self._worker.submit(
            lambda: services.prepare_support_plan(version_id, language=language, large_type=large),
            self._show_rendered,
            self._rebuild_failed,
        )

    def _show_rendered(self, rendered: RenderedPlanDTO) -> None:
        self._set_busy(False)
        self._rendered = rendered  # same version, so the same suggested file name
        self.setWindowTitle(_title(rendered))
        self.set_pdf(rendered.pdf)

    def _rebuild_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        QMessageBox.warning(self, FAILED_TITLE, _error_text(error))
        # Put the controls back to what the shown PDF is.
        index = self.language.findData(self._rendered.language.split("-", 1)[0])
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(index, 0))
        self.language.blockSignals(False)
        self.large_type.blockSignals(True)
        self.large_type.setChecked(self._rendered.large_type)
        self.large_type.blockSignals(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.language, self.large_type):
            widget.setEnabled(not busy)
        self.status.setText(PREPARING_MESSAGE if busy else "")
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    # -- audit --------------------------------------------------------------------------------

    def _record_print(self) -> None:
        services = self._services
        version_id = self._rendered.version_id
        bus = self._bus

        def publish(_result: None) -> None:
            if bus is not None:
                bus.publish(Changes(audit=True))

        self._worker.submit(lambda: services.record_plan_printed(version_id), publish)


def open_plan_preview(
    parent: QWidget | None,
    services: Services,
    worker: Worker,
    version_id: int,
    *,
    language: str | None = None,
    large_type: bool = False,
    settings: QSettings | None = None,
    change_bus: ChangeBus | None = None,
    on_shown: Callable[[PlanPreviewDialog], None] | None = None,
) -> None:
    """Build the plan version's PDF on the worker (busy cursor, "Preparing the plan…"), then
    show it in a :class:`PlanPreviewDialog` (window-modal; it deletes itself when closed).

    ``on_shown`` receives the dialog once it is open (for callers and tests that need it).
    """
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    _status_bar_message(parent, PREPARING_MESSAGE)

    def work() -> tuple[RenderedPlanDTO, list[PrintLanguageDTO]]:
        rendered = services.prepare_support_plan(
            version_id, language=language, large_type=large_type
        )
        return rendered, services.plan_print_languages()

    def done(result: tuple[RenderedPlanDTO, list[PrintLanguageDTO]]) -> None:
        QApplication.restoreOverrideCursor()
        _status_bar_message(parent, "")
        rendered, languages = result
        dialog = PlanPreviewDialog(
            rendered,
            languages,
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
        _status_bar_message(parent, "")
        QMessageBox.warning(parent, FAILED_TITLE, _error_text(error))

    worker.submit(work, done, failed)
