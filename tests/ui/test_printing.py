"""Preview, print and save PDFs: pages shown, pages printed, files written owner-only."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from ui.printing import (
    PdfLoadError,
    PdfPreviewDialog,
    load_pdf_document,
    pdf_output,
    print_pdf,
    render_to_printer,
    save_pdf,
)


def make_pdf(pages: int, *, size=A4) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 48)
        pdf.drawString(72, size[1] - 144, f"Page {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def pdf_printer(tmp_path) -> QPrinter:
    """A printer that writes a PDF file, standing in for the one chosen in the print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    return printer


class AcceptingPrintDialog:
    """The system print dialog, answered "Print" (it is outside the program's control)."""

    pages: tuple[int, int] | None = None

    def __init__(self, printer, parent=None):
        self.printer = printer

    def setWindowTitle(self, title):
        pass

    def setMinMax(self, low, high):
        AcceptingPrintDialog.pages = (low, high)

    def setOption(self, option, on=True):
        pass

    def exec(self):
        return QDialog.DialogCode.Accepted


class CancellingPrintDialog(AcceptingPrintDialog):
    def exec(self):
        return QDialog.DialogCode.Rejected


# -- preview --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pages", "shown"), [(1, "1 page"), (3, "3 pages")])
def test_preview_shows_the_document_and_its_page_count(qtbot, ini_settings, pages, shown):
    dialog = PdfPreviewDialog(make_pdf(pages), title="Support plan", settings=ini_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.page_count() == pages
    assert dialog.findChild(QLabel, "pageCountLabel").text() == shown
    assert dialog.windowTitle() == "Support plan"


def test_preview_buttons_have_mnemonics_and_names(qtbot, ini_settings):
    dialog = PdfPreviewDialog(make_pdf(1), settings=ini_settings)
    qtbot.addWidget(dialog)
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    assert set(buttons) >= {"&Print…", "&Save…", "&Close"}
    assert all(b.accessibleName() for b in buttons.values())


def test_preview_can_show_a_rebuilt_document(qtbot, ini_settings):
    dialog = PdfPreviewDialog(make_pdf(1), settings=ini_settings)
    qtbot.addWidget(dialog)
    dialog.set_pdf(make_pdf(2))
    assert dialog.page_count() == 2
    assert dialog.findChild(QLabel, "pageCountLabel").text() == "2 pages"


def test_preview_save_button_saves_the_shown_pdf(qtbot, ini_settings, tmp_path, monkeypatch):
    pdf = make_pdf(2)
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = PdfPreviewDialog(pdf, suggested_name="plan.pdf", settings=ini_settings)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.saved) as blocker:
        qtbot.mouseClick(
            next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Save…"),
            Qt.MouseButton.LeftButton,
        )
    assert blocker.args == [str(target)]
    assert target.read_bytes() == pdf


def test_garbage_is_not_loaded_as_a_pdf(qapp):
    with pytest.raises(PdfLoadError):
        load_pdf_document(b"this is not a PDF")


# -- save -----------------------------------------------------------------------------------------


def test_save_pdf_writes_the_bytes_owner_only(qapp, tmp_path, monkeypatch):
    pdf = make_pdf(1)
    target = tmp_path / "out.pdf"
    asked: list[str] = []

    def fake_dialog(parent, caption, directory, filter_):
        asked.append(directory)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    assert save_pdf(None, pdf, "recovery.pdf") == target
    assert target.read_bytes() == pdf
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert asked[0].endswith("recovery.pdf")
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_save_pdf_makes_an_existing_file_owner_only(qapp, tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    save_pdf(None, make_pdf(1), "out.pdf")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"%PDF")


def test_save_pdf_adds_the_suffix_and_returns_none_when_cancelled(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x"), ""))
    assert save_pdf(None, make_pdf(1), "x.pdf") == tmp_path / "x.pdf"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert save_pdf(None, make_pdf(1), "y.pdf") is None
    assert not (tmp_path / "y.pdf").exists()


# -- print ----------------------------------------------------------------------------------------


def test_print_pdf_renders_every_page_to_the_chosen_printer(qapp, pdf_printer, monkeypatch):
    monkeypatch.setattr(pdf_output, "QPrintDialog", AcceptingPrintDialog)
    assert print_pdf(None, make_pdf(3), printer=pdf_printer) is True
    assert AcceptingPrintDialog.pages == (1, 3)

    printed = PdfReader(pdf_printer.outputFileName())
    assert len(printed.pages) == 3
    # Each page carries an image of the original page, and the paper matches it (A4).
    assert all("/XObject" in page["/Resources"] for page in printed.pages)
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_print_pdf_does_nothing_when_the_dialog_is_cancelled(qapp, pdf_printer, monkeypatch):
    monkeypatch.setattr(pdf_output, "QPrintDialog", CancellingPrintDialog)
    assert print_pdf(None, make_pdf(2), printer=pdf_printer) is False
    assert not Path(pdf_printer.outputFileName()).exists()


def test_landscape_documents_print_landscape(qapp, pdf_printer, monkeypatch):
    monkeypatch.setattr(pdf_output, "QPrintDialog", AcceptingPrintDialog)
    assert print_pdf(None, make_pdf(1, size=landscape(A4)), printer=pdf_printer)
    box = PdfReader(pdf_printer.outputFileName()).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_render_to_printer_honours_a_page_range(qapp, pdf_printer):
    document = load_pdf_document(make_pdf(5))
    pdf_printer.setPrintRange(QPrinter.PrintRange.PageRange)
    pdf_printer.setFromTo(2, 3)
    assert render_to_printer(document, pdf_printer) == 2
    assert len(PdfReader(pdf_printer.outputFileName()).pages) == 2


def test_preview_ctrl_s_saves(qtbot, ini_settings, tmp_path, monkeypatch):
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = PdfPreviewDialog(make_pdf(1), settings=ini_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.exists()
