"""The multi-script text layer for printed documents (reportlab, no Qt).

reportlab alone cannot print right-to-left text or fall back between fonts (``DESIGN.md``
section 4). This package splits text into runs by script with a bundled font for each, shapes the
runs that need it with HarfBuzz, wraps in logical order and only then reorders each line with the
Unicode Bidirectional Algorithm. Use :class:`MultiScriptParagraph` in platypus stories and
:func:`draw_line` on a canvas (headers, footers).
"""

from models.reports.text.flowable import MultiScriptParagraph, draw_line, text_width
from models.reports.text.ordering import Direction
from models.reports.text.style import LARGE_TYPE_FACTOR, Align, TextStyle

__all__ = [
    "LARGE_TYPE_FACTOR",
    "Align",
    "Direction",
    "MultiScriptParagraph",
    "TextStyle",
    "draw_line",
    "text_width",
]
