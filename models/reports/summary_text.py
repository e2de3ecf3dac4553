"""Paragraphs for the summaries: reportlab's own for plain left-to-right text, the multi-script
text layer for anything else.

Nearly everything in a summary is fixed English, dates and digits; only a survivor's name or
language, say, may be in Arabic script or Tigrinya. reportlab's ``Paragraph`` lays out plain
text several times faster than the text layer, which keeps a summary well inside its time
budget, and both draw with the same bundled Noto Sans, so the page looks the same either way.
Text that needs more than Noto Sans (another script, right-to-left letters, combining marks)
goes through :class:`~models.reports.text.MultiScriptParagraph`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from models.reports.fonts import FontFamily, covers, font_name
from models.reports.text import MultiScriptParagraph, TextStyle

__all__ = ["is_plain", "para"]

_ALIGNMENTS = {"left": TA_LEFT, "start": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@lru_cache(maxsize=4096)
def _plain_char(char: str) -> bool:
    if char.isascii():
        return True
    return (
        covers(FontFamily.SANS, char)
        and unicodedata.bidirectional(char) not in ("R", "AL", "AN", "RLE", "RLO", "RLI")
        and not unicodedata.combining(char)
        and unicodedata.category(char) not in ("Cf", "Mn", "Mc", "Me")
    )


def is_plain(text: str) -> bool:
    """Whether Noto Sans alone, left to right and unshaped, prints ``text`` right."""
    return text.isascii() or all(_plain_char(ch) for ch in unicodedata.normalize("NFC", text))


@lru_cache(maxsize=128)
def _paragraph_style(style: TextStyle) -> ParagraphStyle:
    return ParagraphStyle(
        f"summary-{hash(style)}",
        fontName=font_name(bold=style.bold),
        fontSize=style.size,
        leading=style.line_height,
        # A Color, not the hex string: reportlab would parse the string at every line drawn.
        textColor=HexColor(style.color),
        alignment=_ALIGNMENTS.get(style.align, TA_LEFT),
        spaceBefore=style.space_before,
        spaceAfter=style.space_after,
    )


def para(text: str, style: TextStyle) -> Flowable:
    """A paragraph of ``text`` in ``style``, laid out by whichever engine prints it right."""
    if is_plain(text):
        normal = unicodedata.normalize("NFC", text)
        return Paragraph(escape(normal).replace("\n", "<br/>"), _paragraph_style(style))
    return MultiScriptParagraph(text, style)
