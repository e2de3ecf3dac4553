"""The A4 document around a summary's story: frame, metadata and what each page carries.

Pages are held back until the end (``NumberedCanvas``) so that every page can say "Page X of Y".
The PDF's metadata is neutral ("Recovery summary", author "Waypost"): a file's properties must
not give away who it is about, even when the file name does not.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from models.reports.fonts import register_fonts
from models.reports.plan_pdf.pages import NumberedCanvas, PageDecorator
from models.reports.summary_style import MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, RULE, WIDTH, S
from models.reports.text import draw_line

__all__ = ["PageDecorator", "build_pdf", "rule", "safe_file_part", "summary_footer"]


def safe_file_part(reference: str, fallback: str) -> str:
    """A reference as it may appear in a file name: letters, digits and dashes only."""
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in reference.strip())
    while "--" in kept:
        kept = kept.replace("--", "-")
    return kept.strip("-") or fallback


def rule(canvas: Canvas, y: float) -> None:
    """A thin line across the text width, between a header or footer and the page's body."""
    canvas.saveState()
    canvas.setStrokeColor(HexColor(RULE))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, y, PAGE_WIDTH - MARGIN_X, y)
    canvas.restoreState()


def summary_footer(case_reference: str) -> PageDecorator:
    """The recovery summary's footer: "Page X of Y" on the left, the case reference on the
    right."""

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        y = 11 * mm
        rule(canvas, y + S.footer.size * 1.6)
        draw_line(canvas, MARGIN_X, y, f"Page {page} of {pages}", S.footer, "left", "ltr")
        right = PAGE_WIDTH - MARGIN_X
        draw_line(canvas, right, y, f"Case {case_reference}", S.footer, "right", "ltr")

    return decorate


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    subject: str,
    decorate: PageDecorator,
    top_margin: float = 16 * mm,
    bottom_margin: float = 20 * mm,
) -> bytes:
    """Lay out ``story`` on A4 pages and return the PDF bytes.

    ``decorate`` draws over each page (header, footer, any watermark) once the page count is
    known.
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=top_margin,
        bottomMargin=bottom_margin,
        title=title,
        author="Waypost",
        subject=subject,
        creator="Waypost",
        lang="en-GB",
        displayDocTitle=1,
    )
    frame = Frame(
        MARGIN_X,
        bottom_margin,
        WIDTH,
        PAGE_HEIGHT - top_margin - bottom_margin,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = PageTemplate(id="summary", frames=[frame])
    doc.addPageTemplates([template])
    doc.build(list(story), canvasmaker=functools.partial(NumberedCanvas, decorate=decorate))
    return buffer.getvalue()
