"""Print a PDF by rendering its pages to a QPrinter, or save it as an owner-only file."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

__all__ = [
    "PdfLoadError",
    "load_pdf_document",
    "print_pdf",
    "render_to_printer",
    "save_pdf",
    "write_private_file",
]

# Pages are rasterised before they go to the printer. Above 300 dpi an A4 page costs more than
# 35 MB of memory for no visible gain on office printers, so the rendering resolution is capped.
MAX_RENDER_DPI = 300


class PdfLoadError(RuntimeError):
    """The bytes could not be opened as a PDF."""


def load_pdf_document(pdf_bytes: bytes, parent: QObject | None = None) -> QPdfDocument:
    """Open PDF bytes in a QPdfDocument. The buffer is owned by the document."""
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        error = document.error()
        document.close()
        if parent is not None:
            document.deleteLater()
        raise PdfLoadError(f"could not open the PDF ({error.name})")
    return document


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the pages the printer asks for (all, or its from/to range). Returns pages drawn."""
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(count, printer.toPage() or count)
    dpi = min(printer.resolution(), MAX_RENDER_DPI)

    painter = QPainter()
    if not painter.begin(printer):
        return 0
    drawn = 0
    try:
        for index in range(first - 1, last):
            if drawn and not printer.newPage():
                break
            points = document.pagePointSize(index)
            image = document.render(
                index,
                QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)),
            )
            # Fit the page into the printable area, keeping its proportions, top-centred.
            area = QRectF(painter.viewport())
            scale = min(area.width() / points.width(), area.height() / points.height())
            width, height = points.width() * scale, points.height() * scale
            target = QRectF(area.x() + (area.width() - width) / 2, area.y(), width, height)
            painter.setWindow(painter.viewport())
            painter.drawImage(target, image)
            drawn += 1
    finally:
        painter.end()
    return drawn


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, *, printer: QPrinter | None = None) -> bool:
    """Ask the user for a printer and print the PDF. Returns True if pages were sent.

    ``printer`` is for callers that already hold a configured QPrinter (and for tests); by
    default a new high-resolution printer is offered in the print dialog.
    """
    document = load_pdf_document(pdf_bytes)
    try:
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the PDF carries its own margins
        # Offer paper of the document's own size and orientation. QPageSize describes paper
        # upright (A4 is 595 x 842), and only then recognises a standard size.
        first = document.pagePointSize(0)
        upright = QSizeF(min(first.width(), first.height()), max(first.width(), first.height()))
        printer.setPageSize(
            QPageSize(
                upright, QPageSize.Unit.Point, matchPolicy=QPageSize.SizeMatchPolicy.FuzzyMatch
            )
        )
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape
            if first.width() > first.height()
            else QPageLayout.Orientation.Portrait
        )
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print")
        dialog.setMinMax(1, document.pageCount())
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return render_to_printer(document, printer) > 0
    finally:
        document.close()


def _default_location(suggested_name: str) -> str:
    suggested = Path(suggested_name)
    if suggested.is_absolute():
        return str(suggested)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(folder or Path.home()) / suggested.name)


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only (0600), replacing it atomically."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def save_pdf(parent: QWidget | None, pdf_bytes: bytes, suggested_name: str) -> Path | None:
    """Ask where to save the PDF and write it owner-only. Returns the path, or None if cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Save PDF", _default_location(suggested_name), "PDF documents (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        write_private_file(path, pdf_bytes)
    except OSError as error:
        QMessageBox.warning(
            parent,
            "Could not save",
            f"The PDF could not be saved to {path}.\n\n{error.strerror or error}",
        )
        return None
    return path
