"""Flowables of the printed plan: the ruled paragraph and the rule under a domain heading."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from models.reports.plan_pdf.layout import ACCENT, RULE
from models.reports.text import MultiScriptParagraph


class Ruled(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph set in from the start edge, with a thin accent rule beside it.

    It splits across pages as the paragraph does, so a long passage in the survivor's own words
    never overflows a page.
    """

    def __init__(self, child: MultiScriptParagraph, *, color: str = ACCENT) -> None:
        super().__init__()
        self.child = child
        self.color = color
        self.indent = 4 * mm
        self.rule = 1.6
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _w, height = self.child.wrap(availWidth - self.indent, availHeight)
        self.width, self.height = availWidth, height
        return availWidth, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self.child.split(availWidth - self.indent, availHeight)
        if len(parts) == 1 and parts[0] is self.child:
            return [self]
        return [Ruled(part, color=self.color) for part in parts]

    def getSpaceBefore(self) -> float:
        return float(self.child.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.child.getSpaceAfter())

    def draw(self) -> None:
        # The rule stands at the side the paragraph starts from: the right for Arabic script.
        rtl = self.child.direction == "rtl"
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(HexColor(self.color))
        x = self.width - self.rule if rtl else 0.0
        canvas.rect(x, 0, self.rule, self.height, stroke=0, fill=1)
        canvas.restoreState()
        self.child.drawOn(canvas, 0.0 if rtl else self.indent, 0)


class Rule(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A thin full-width line under a domain heading."""

    def __init__(self, thickness: float) -> None:
        super().__init__()
        self.thickness = thickness
        self.spaceAfter = 2.0
        self.keepWithNext = True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.thickness + 1

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(HexColor(RULE))
        self.canv.rect(0, 0, self.width, self.thickness, stroke=0, fill=1)
        self.canv.restoreState()
