"""The police summary: the recovery summary narrowed to what the survivor agreed to share with
one police partner, carrying its protective marking, recipient and export reference.

Built from a :class:`~models.dto.PoliceSummaryDTO` (reportlab, no Qt, no ``Session``). What may
appear was decided before the DTO was made (``models.rules.police_export``): this module prints
what it is given and nothing else, section by section.

Every page carries, as UK Government Security Classification practice asks, the marking at the
top and the bottom, and with it the recipient, the date and the export reference, so a page
that strays from the rest still says what it is and whose it is. A preview has no reference
yet: it says "PREVIEW - not exported" in its place and carries a PREVIEW watermark, so a printed
preview is never mistaken for the document that was sent.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from models.dto import PoliceSummaryDTO
from models.enums import ExportField
from models.reports.export_labels import FIELD_LABELS
from models.reports.fonts import font_name
from models.reports.recovery_sections import summary_body
from models.reports.recovery_summary import TITLE as SUMMARY_TITLE
from models.reports.recovery_summary import lead_text
from models.reports.summary_blocks import cell, label_table, table
from models.reports.summary_pages import PageDecorator, build_pdf, rule, safe_file_part
from models.reports.summary_style import (
    DRAFT,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    WIDTH,
    S,
)
from models.reports.summary_text import para
from models.reports.text import TextStyle, draw_line, text_width
from models.rules.date_text import format_date

__all__ = [
    "FIELD_LABELS",
    "HANDLING_STATEMENT",
    "PREVIEW_REFERENCE",
    "TITLE",
    "build_police_summary",
    "police_summary_file_name",
]

TITLE: Final = "Police summary"
HANDLING_STATEMENT: Final = (
    "Shared with the survivor's consent for this recipient only. Do not copy or pass on."
)
PREVIEW_REFERENCE: Final = "PREVIEW \u2013 not exported"

# The same words as the export dialog (ui/labels.py), which models may not import.

_TOP_MARGIN = 25 * mm
_BOTTOM_MARGIN = 24 * mm
_MIN_HEADER_SIZE = 5.0


def police_summary_file_name(export_reference: str) -> str:
    """``police-summary-EX-2026-0007-K7QD.pdf``; a preview (no reference) is
    ``police-summary-preview.pdf``. No personal data in the file name."""
    return f"police-summary-{safe_file_part(export_reference, 'preview')}.pdf"


def included_text(fields: frozenset[ExportField]) -> str:
    """The labels of the fields sent, in the export dialog's order."""
    return ", ".join(FIELD_LABELS[field] for field in ExportField if field in fields) or "Nothing"


def _reference(content: PoliceSummaryDTO, preview: bool) -> str:
    return (
        PREVIEW_REFERENCE if preview or not content.export_reference else content.export_reference
    )


def handling_panel(content: PoliceSummaryDTO, *, preview: bool) -> list[Flowable]:
    """Who it is for, its reference, how to handle it and what it includes."""
    rows = [
        ("Prepared for", content.recipient.line or "Not named"),
        ("Export reference", _reference(content, preview)),
        ("Handling", HANDLING_STATEMENT),
        ("Included", included_text(content.fields)),
    ]
    styles = [S.value, S.flag if preview else S.value, replace(S.value, bold=True)]
    panel = label_table(
        rows,
        value_styles=styles,
        commands=[("LINEBEFORE", (0, 0), (0, -1), 3, HexColor(DRAFT))],
        ruled=False,
    )
    return [panel, Spacer(1, 6)]


def _preview_notice() -> list[Flowable]:
    notice = table(
        [
            [
                cell(
                    "PREVIEW \u2013 not exported. This is how the summary will look. It has not "
                    "been sent and has no export reference yet.",
                    replace(S.flag, size=10, leading=14),
                )
            ]
        ],
        [WIDTH],
        [
            ("BOX", (0, 0), (-1, -1), 1.2, HexColor(DRAFT)),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor("#FFF5F5")),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
    )
    return [notice, Spacer(1, 8)]


def header_lines(text: str, style: TextStyle, width: float) -> tuple[list[str], TextStyle]:
    """``text`` on one line if it fits, else on two balanced lines; smaller type only if even
    two lines are too wide. A recipient is never cut short: it is the point of the header."""
    if text_width(text, style, "ltr") <= width:
        return [text], style
    words = text.split(" ")
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(text_width(line, style, "ltr") for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    if best is None:  # one long word
        best = (text_width(text, style, "ltr"), [text])
    widest, lines = best
    if widest > width:
        style = replace(style, size=max(_MIN_HEADER_SIZE, style.size * width / widest))
    return lines, replace(style, leading=style.size * 1.25)


def _page_marks(content: PoliceSummaryDTO, *, preview: bool) -> PageDecorator:
    marking = content.marking
    lines, recipient_style = header_lines(
        f"For {content.recipient.line or 'the named recipient'}", S.footer_bold, WIDTH
    )
    reference = _reference(content, preview)
    reference_style = replace(S.footer_bold, color=DRAFT) if preview else S.footer_bold
    details = (
        f"Case {content.summary.case_reference}   \u00b7   "
        f"Prepared on {format_date(content.summary.prepared_on)}"
    )
    left, right, middle = MARGIN_X, PAGE_WIDTH - MARGIN_X, PAGE_WIDTH / 2

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        # Header: the marking, then whom the document is for (one line, or two if need be).
        draw_line(canvas, middle, PAGE_HEIGHT - 10 * mm, marking, S.marking, "center", "ltr")
        draw_line(canvas, left, PAGE_HEIGHT - 15.5 * mm, "\n".join(lines), recipient_style)
        rule(canvas, PAGE_HEIGHT - 20.5 * mm)
        # Footer: the reference, the case and the date, the page; then the marking again.
        y = 14 * mm
        rule(canvas, y + S.footer.size * 1.6)
        text = f"Export reference {reference}"
        width = draw_line(canvas, left, y, text, reference_style, "left", "ltr")
        draw_line(canvas, left + width + 12, y, details, S.footer, "left", "ltr")
        draw_line(canvas, right, y, f"Page {page} of {pages}", S.footer, "right", "ltr")
        draw_line(canvas, middle, 8 * mm, marking, S.marking, "center", "ltr")
        if preview:
            _preview_watermark(canvas)

    return decorate


def _preview_watermark(canvas: Canvas) -> None:
    """A large diagonal PREVIEW over the page, see-through so the text under it stays legible.

    It is drawn over the body, not under it: the tables' shaded panels would hide it."""
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(52)
    canvas.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.16))
    canvas.setFont(font_name(bold=True), 110)
    canvas.drawCentredString(0, -38, "PREVIEW")
    canvas.restoreState()


def build_police_summary(content: PoliceSummaryDTO, *, preview: bool = False) -> bytes:
    """Build the police summary (A4) and return the PDF bytes.

    ``preview`` marks every page as a preview (the DTO of a preview has no export reference; a
    DTO without one is marked the same way, so an unnumbered summary never looks sent).
    """
    preview = preview or not content.export_reference
    summary = content.summary
    story: list[Flowable] = _preview_notice() if preview else []
    story += [para(SUMMARY_TITLE, S.title), para(lead_text(summary), S.lead)]
    story += handling_panel(content, preview=preview)
    story += summary_body(summary)
    return build_pdf(
        story,
        title=TITLE,
        subject="Waypost recovery summary for a police partner",
        decorate=_page_marks(content, preview=preview),
        top_margin=_TOP_MARGIN,
        bottom_margin=_BOTTOM_MARGIN,
    )
