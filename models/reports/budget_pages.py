"""The budget statement's page: A4 landscape, its text styles, and the footer.

Landscape because the purchase list has ten columns and a purpose that wraps: on a portrait page
the purpose column would be a few words wide and a month of purchases twice as many pages. The
margins, colours and type are the summaries' (``summary_style``), so the statement still looks
like every other Waypost document.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from models.reports.fonts import register_fonts
from models.reports.plan_pdf.pages import NumberedCanvas, PageDecorator
from models.reports.summary_style import DRAFT, MARGIN_X, RULE, S
from models.reports.text import draw_line

__all__ = [
    "FLAG_PANEL",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "RULE_MEDIUM",
    "RULE_THIN",
    "WIDTH",
    "B",
    "build_landscape_pdf",
    "statement_footer",
]

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
WIDTH: Final = PAGE_WIDTH - 2 * MARGIN_X
_TOP_MARGIN: Final = 14 * mm
_BOTTOM_MARGIN: Final = 18 * mm
_FOOTER_Y: Final = 10 * mm
# Rule weights in points, as the summaries draw them. Layout is the only place a float belongs
# in the statement's modules: the tables and money modules hold none (a test scans them).
RULE_THIN: Final = 0.4
RULE_MEDIUM: Final = 0.8
FLAG_PANEL: Final = "#FBEAEA"  # a pale red behind an overspent allocation
_RULE_ABOVE_FOOTER: Final = 13  # points: clear of the footer's 8 pt text


class B:
    """Styles the summaries have no use for: right-aligned amounts and the overspent flag."""

    amount = replace(S.cell, align="right")
    amount_bold = replace(amount, bold=True)
    amount_flag = replace(amount_bold, color=DRAFT)
    head_right = replace(S.head, align="right")
    flag = replace(S.flag, leading=S.cell.leading)


def statement_footer(month: str) -> PageDecorator:
    """ "Page X of Y" on the left and the statement's month on the right of every page, so a
    page that strays from the rest still says where it belongs."""

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(RULE_THIN)
        top = _FOOTER_Y + _RULE_ABOVE_FOOTER
        canvas.line(MARGIN_X, top, PAGE_WIDTH - MARGIN_X, top)
        canvas.restoreState()
        draw_line(canvas, MARGIN_X, _FOOTER_Y, f"Page {page} of {pages}", S.footer, "left", "ltr")
        right = PAGE_WIDTH - MARGIN_X
        draw_line(canvas, right, _FOOTER_Y, f"Budget statement, {month}", S.footer, "right", "ltr")

    return decorate


def build_landscape_pdf(
    story: Sequence[Flowable], *, title: str, subject: str, decorate: PageDecorator
) -> bytes:
    """Lay out ``story`` on A4 landscape pages; the metadata names the document, never a
    person (the statement lists case references only)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=_TOP_MARGIN,
        bottomMargin=_BOTTOM_MARGIN,
        title=title,
        author="Waypost",
        subject=subject,
        creator="Waypost",
        lang="en-GB",
        displayDocTitle=1,
    )
    frame = Frame(
        MARGIN_X,
        _BOTTOM_MARGIN,
        WIDTH,
        PAGE_HEIGHT - _TOP_MARGIN - _BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="statement", frames=[frame])])
    doc.build(list(story), canvasmaker=functools.partial(NumberedCanvas, decorate=decorate))
    return buffer.getvalue()
