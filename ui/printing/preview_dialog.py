"""A dialog that shows a PDF and offers Print…, Save… and Close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.base_dialog import BaseDialog
from ui.printing import pdf_output

__all__ = ["PdfPreviewDialog"]


class PdfPreviewDialog(BaseDialog):
    """Preview PDF bytes, then print or save them. Reopens at the size it was left.

    Signals ``printed()`` after pages were sent to a printer and ``saved(str path)`` after the
    file was written.
    """

    printed = Signal()
    saved = Signal(str)

    def __init__(
        self,
        pdf_bytes: bytes,
        *,
        title: str = "Preview",
        suggested_name: str = "document.pdf",
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setWindowTitle(title)
        self.setObjectName("pdfPreviewDialog")
        self.resize(760, 900)
        self._suggested_name = suggested_name
        self._pdf_bytes = b""
        self._document: QPdfDocument | None = None

        self._view = QPdfView(self)
        self._view.setObjectName("pdfView")
        self._view.setAccessibleName("Document preview")
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._pages_label = QLabel(self)
        self._pages_label.setObjectName("pageCountLabel")
        self._pages_label.setAccessibleName("Page count")

        self._print_button = QPushButton("&Print…", self)
        self._print_button.setAccessibleName("Print")
        self._print_button.setDefault(True)
        self._print_button.clicked.connect(self.print_document)

        self._save_button = QPushButton("&Save…", self)
        self._save_button.setAccessibleName("Save as PDF")
        self._save_button.clicked.connect(self.save_document)

        buttons = QDialogButtonBox(self)
        buttons.addButton(self._print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self._save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)

        footer = QHBoxLayout()
        footer.addWidget(self._pages_label)
        footer.addStretch(1)
        footer.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self._view, 1)
        layout.addLayout(footer)

        # Ctrl+P and Ctrl+S as well as the Alt mnemonics (a button's own shortcut would replace
        # its mnemonic).
        QShortcut(QKeySequence.StandardKey.Print, self, self._print_button.click)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_button.click)

        self.set_pdf(pdf_bytes)
        self._view.setFocus()

    # -- public API ---------------------------------------------------------------------------

    def set_pdf(self, pdf_bytes: bytes) -> None:
        """Show other PDF bytes (for example after the document was rebuilt)."""
        document = pdf_output.load_pdf_document(pdf_bytes, self)
        old, self._document = self._document, document
        self._pdf_bytes = pdf_bytes
        self._view.setDocument(document)
        if old is not None:
            old.deleteLater()
        count = document.pageCount()
        self._pages_label.setText("1 page" if count == 1 else f"{count} pages")

    def page_count(self) -> int:
        return self._document.pageCount() if self._document is not None else 0

    def pdf_bytes(self) -> bytes:
        return self._pdf_bytes

    def print_document(self) -> bool:
        if pdf_output.print_pdf(self, self._pdf_bytes):
            self.printed.emit()
            return True
        return False

    def save_document(self) -> Path | None:
        path = pdf_output.save_pdf(self, self._pdf_bytes, self._suggested_name)
        if path is not None:
            self.saved.emit(str(path))
        return path
