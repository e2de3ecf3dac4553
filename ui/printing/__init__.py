"""Preview, print and save PDFs built by ``models.reports``."""

from ui.printing.pdf_output import (
    PdfLoadError,
    load_pdf_document,
    print_pdf,
    render_to_printer,
    save_pdf,
    write_private_file,
)
from ui.printing.preview_dialog import PdfPreviewDialog

__all__ = [
    "PdfLoadError",
    "PdfPreviewDialog",
    "load_pdf_document",
    "print_pdf",
    "render_to_printer",
    "save_pdf",
    "write_private_file",
]
