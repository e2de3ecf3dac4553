"""Look at a receipt kept in the vault: a photo or scan (JPEG, PNG) or a PDF.

The bytes are read on the database worker and shown from memory only: an image is decoded from
a buffer (turned upright as the camera recorded it), a PDF is opened by QPdfDocument from a
buffer. Nothing is ever written to disk, not even a temporary file, so a receipt never leaves
the encrypted vault by being looked at. There is deliberately no "Save" here.

Images open fitted to the window (never enlarged past their own size); Ctrl++ and Ctrl+- zoom,
Ctrl+0 fits again. PDFs open at the page width, every page one under the other; Ctrl+0 then
shows a whole page at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models.enums import ReceiptType
from models.errors import WaypostError
from ui.dialogs.base_dialog import BaseDialog
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.printing.pdf_output import PdfLoadError, load_pdf_document

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["LOADING_TEXT", "NOT_AN_IMAGE", "NOT_A_PDF", "ReceiptViewer"]

LOADING_TEXT = "Opening the receipt…"
NOT_AN_IMAGE = "This receipt could not be shown: its picture cannot be read."
NOT_A_PDF = "This receipt could not be shown: its PDF cannot be opened."
ZOOM_STEP = 1.25
MIN_ZOOM = 0.05
MAX_ZOOM = 8.0


class ReceiptViewer(BaseDialog):
    """Shows receipt ``receipt_id``. ``loaded`` fires once it is on screen; ``failed`` carries
    the message shown when it cannot be."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(
        self,
        services: Services,
        worker: Worker,
        receipt_id: int,
        parent: QWidget | None = None,
        *,
        title: str = "Receipt",
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setObjectName("receiptViewer")
        self.setWindowTitle(title)
        self._title = title
        self._receipt_id = receipt_id
        self._kind: ReceiptType | None = None
        self._image = QImage()
        self._document: QPdfDocument | None = None
        self._fit = True
        self._scale = 1.0
        self._error = ""
        self._closed = False  # the content may arrive after the window was closed

        self.status_label = QLabel(LOADING_TEXT, self)
        self.status_label.setObjectName("receiptStatus")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.image_label = QLabel(self)
        self.image_label.setObjectName("receiptImage")
        self.image_label.setAccessibleName("Receipt image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll = QScrollArea(self)
        self.image_scroll.setWidget(self.image_label)
        self.image_scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll.setWidgetResizable(False)
        self.image_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image_scroll.setStyleSheet("QScrollArea { background: #E4E7EB; }")
        self.image_scroll.viewport().installEventFilter(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setObjectName("receiptPdf")
        self.pdf_view.setAccessibleName("Receipt document")
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._no_document = QPdfDocument(self)  # shown once the receipt's is let go
        self.stack = QStackedWidget(self)
        for page in (self.status_label, self.image_scroll, self.pdf_view):
            self.stack.addWidget(page)

        self.info_label = QLabel(self)
        self.info_label.setObjectName("receiptInfo")
        self.info_label.setStyleSheet("color: #5A6270;")
        self.zoom_out_button = QPushButton("Zoom &out", self)
        self.zoom_out_button.setToolTip("Smaller (Ctrl+-)")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button = QPushButton("Zoom &in", self)
        self.zoom_in_button.setToolTip("Larger (Ctrl++)")
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = QPushButton("&Fit to window", self)
        self.fit_button.setToolTip("The whole receipt in the window (Ctrl+0)")
        self.fit_button.clicked.connect(self.fit_to_window)
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setAccessibleName("Zoom")
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setAutoDefault(False)  # Enter closes; it never zooms
        tools = QHBoxLayout()
        tools.addWidget(self.info_label, 1)
        tools.addWidget(self.zoom_label)
        tools.addWidget(self.zoom_out_button)
        tools.addWidget(self.zoom_in_button)
        tools.addWidget(self.fit_button)

        buttons = QDialogButtonBox(self)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        close.setAccessibleName("Close")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)
        self.resize(760, 860)

        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence("+"), self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence("-"), self.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit_to_window),
        ):
            QShortcut(keys, self, slot)
        self._set_tools_enabled(False)

        worker.submit(lambda: services.receipt_content(receipt_id), self._show, self._on_failed)

    # -- public API ---------------------------------------------------------------------------

    def receipt_id(self) -> int:
        return self._receipt_id

    def kind(self) -> ReceiptType | None:
        """The receipt's type once loaded."""
        return self._kind

    def is_loaded(self) -> bool:
        return self._kind is not None and not self._error

    def error_text(self) -> str:
        return self._error

    def image_size(self) -> QSize:
        """The picture's own size, upright (an empty size for a PDF or before loading)."""
        return self._image.size() if not self._image.isNull() else QSize()

    def shown_size(self) -> QSize:
        """The size the picture is drawn at now."""
        pixmap = self.image_label.pixmap()
        return pixmap.size() if pixmap is not None and not pixmap.isNull() else QSize()

    def page_count(self) -> int:
        return self._document.pageCount() if self._document is not None else 0

    def is_fitted(self) -> bool:
        return self._fit

    def zoom_in(self) -> None:
        self._zoom_to(self._current_scale() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_to(self._current_scale() / ZOOM_STEP)

    def fit_to_window(self) -> None:
        self._fit = True
        if self._document is not None:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)  # the whole page
        self._apply_zoom()

    def done(self, result: int) -> None:
        # Let the bytes go as soon as the window closes, not whenever it is deleted.
        self._closed = True
        self._release()
        super().done(result)

    # -- loading ------------------------------------------------------------------------------

    def _show(self, content: tuple[ReceiptType, bytes]) -> None:
        if self._closed or not isValid(self):
            return
        kind, data = content
        self._kind = kind
        if kind is ReceiptType.PDF:
            try:
                document = load_pdf_document(data, self)
            except PdfLoadError:
                self._fail(NOT_A_PDF)
                return
            self._document = document
            self.pdf_view.setDocument(document)
            pages = document.pageCount()
            self.info_label.setText(f"PDF · {pages} page{'s' if pages != 1 else ''}")
            self.stack.setCurrentWidget(self.pdf_view)
            self.pdf_view.setFocus()
        else:
            buffer = QBuffer()
            buffer.setData(QByteArray(data))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            reader = QImageReader(buffer)
            reader.setAutoTransform(True)  # phone photos: as the camera held them
            image = reader.read()
            buffer.close()
            if image.isNull():
                self._fail(NOT_AN_IMAGE)
                return
            self._image = image
            self.info_label.setText(f"{label(kind)} · {image.width()} by {image.height()} pixels")
            self.stack.setCurrentWidget(self.image_scroll)
            self.image_scroll.setFocus()
        self._set_tools_enabled(True)
        self._apply_zoom()
        self.loaded.emit()

    def _on_failed(self, error: BaseException) -> None:
        if self._closed or not isValid(self):
            return
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self._fail(f"This receipt could not be opened. {message}")

    def _fail(self, message: str) -> None:
        self._error = message
        self.status_label.setText(message)
        self.stack.setCurrentWidget(self.status_label)
        self._set_tools_enabled(False)
        self.failed.emit(message)

    def _release(self) -> None:
        self.image_label.clear()
        self._image = QImage()
        if self._document is not None:
            self.pdf_view.setDocument(self._no_document)
            self._document.close()
            self._document.deleteLater()
            self._document = None

    # -- zoom ---------------------------------------------------------------------------------

    def _set_tools_enabled(self, enabled: bool) -> None:
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(enabled)
        self.zoom_label.setVisible(enabled)

    def _fitted_scale(self) -> float:
        if self._image.isNull():
            return 1.0
        area = self.image_scroll.viewport().size()
        width = max(area.width() - 4, 1)
        height = max(area.height() - 4, 1)
        return min(width / self._image.width(), height / self._image.height(), 1.0)

    def _current_scale(self) -> float:
        if self._document is not None:
            if self.pdf_view.zoomMode() == QPdfView.ZoomMode.Custom:
                return self.pdf_view.zoomFactor()
            return 1.0
        return self._fitted_scale() if self._fit else self._scale

    def _zoom_to(self, scale: float) -> None:
        if self._kind is None or self._error:
            return
        self._fit = False
        self._scale = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        if self._document is not None:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(self._scale)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self._document is not None:
            mode = self.pdf_view.zoomMode()
            if mode == QPdfView.ZoomMode.FitToWidth:
                self.zoom_label.setText("Page width")
            elif mode == QPdfView.ZoomMode.FitInView:
                self.zoom_label.setText("Whole page")
            else:
                self.zoom_label.setText(f"{round(self.pdf_view.zoomFactor() * 100)}%")
            return
        if self._image.isNull():
            return
        scale = self._fitted_scale() if self._fit else self._scale
        size = QSize(
            max(1, round(self._image.width() * scale)), max(1, round(self._image.height() * scale))
        )
        pixmap = QPixmap.fromImage(
            self._image
            if size == self._image.size()
            else self._image.scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.image_label.setPixmap(pixmap)
        self.image_label.resize(pixmap.size())
        percent = f"{round(scale * 100)}%"
        self.zoom_label.setText(f"Fitted · {percent}" if self._fit else percent)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The picture's viewport changed size (the window was resized or first laid out).
        if (
            watched is self.image_scroll.viewport()
            and event.type() == QEvent.Type.Resize
            and self._fit
            and not self._image.isNull()
        ):
            self._apply_zoom()
        return super().eventFilter(watched, event)
