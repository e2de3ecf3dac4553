"""Page geometry, colours and the other fixed measures of the printed plan."""

from __future__ import annotations

from typing import Final

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FOOTER_Y = 10 * mm

INK = "#1F2933"
MUTED = "#52606D"
ENGLISH = "#616E7C"
ACCENT = "#2C5F7C"
RULE = "#BCCCDC"
PANEL = "#F0F4F8"
DRAFT = "#9B2C2C"
WATERMARK = "#EEF0F2"

WHO_ME: Final = frozenset({"me", "survivor", "the survivor", "client", "myself", "self"})
WHO_NAVIGATOR: Final = frozenset(
    {"navigator", "my navigator", "the navigator", "victim navigator", "support worker"}
)

# An action this long (in characters) may be taller than a page, so its row may be cut.
LONG_CELL = 600
