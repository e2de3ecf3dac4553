"""The builder's small pieces: headings with their English, cells, tables, mirroring."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from models.dto import NavigatorProfileDTO, PrintablePlanDTO
from models.reports.catalog import Catalog, Heading
from models.reports.plan_pdf.styles import Styles
from models.reports.text import Direction as TextDirection
from models.reports.text import MultiScriptParagraph, TextStyle


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class BuilderBase:
    """The small pieces every section of the plan is built from, in one language and one
    direction."""

    def __init__(
        self,
        plan: PrintablePlanDTO,
        navigator: NavigatorProfileDTO | None,
        texts: Catalog,
        *,
        rtl: bool,
        styles: Styles,
        printed_on: date,
    ) -> None:
        self.plan = plan
        self.navigator = navigator or NavigatorProfileDTO()
        self.texts = texts
        self.rtl = rtl
        self.s = styles
        self.printed_on = printed_on
        self.large = styles.scale > 1

    # -- small pieces ----------------------------------------------------------------------

    def h(self, msgid: str, **values: object) -> Heading:
        heading = self.texts.heading(msgid)
        return heading.format(**values) if values else heading

    def direction(self, text: str) -> TextDirection:
        """Content in a right-to-left plan reads right to left if it holds any RTL letter;
        otherwise (an English name, a phone number) it keeps its own direction."""
        return "rtl" if self.rtl and has_rtl(text) else "auto"

    def para(self, text: str, style: TextStyle) -> MultiScriptParagraph:
        return MultiScriptParagraph(text, style, self.direction(text))

    def heading(
        self, heading: Heading, style: TextStyle, english: TextStyle, *, keep: bool = True
    ) -> list[Flowable]:
        """The text, then the English under it in smaller grey type when there is one."""
        if heading.english is None:
            main = self.para(heading.text, style)
            main.keepWithNext = keep
            return [main]
        main = self.para(heading.text, replace(style, space_after=0))
        main.keepWithNext = True
        under = MultiScriptParagraph(
            heading.english, replace(english, space_after=max(english.space_after, 1)), "ltr"
        )
        under.keepWithNext = keep
        return [main, under]

    def cell(self, heading: Heading, style: TextStyle, english: TextStyle) -> list[Flowable]:
        """A fixed text for a table cell: no keep-with-next, no space around it."""
        flowables = [self.para(heading.text, replace(style, space_before=0, space_after=0))]
        if heading.english is not None:
            flowables.append(
                MultiScriptParagraph(
                    heading.english, replace(english, space_before=0, space_after=0), "ltr"
                )
            )
        return flowables

    def value(self, text: str, style: TextStyle | None = None) -> MultiScriptParagraph:
        chosen = style or self.s.body
        return self.para(text, replace(chosen, space_before=0, space_after=0))

    def columns(self, cells: Sequence[Any]) -> list[Any]:
        """Cells in reading order, placed for the page's direction."""
        return list(reversed(cells)) if self.rtl else list(cells)

    def widths(self, widths: Sequence[float]) -> list[float]:
        return list(reversed(widths)) if self.rtl else list(widths)

    def pad(self, points: float) -> float:
        return points * self.s.scale

    def table(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        commands: Sequence[tuple[Any, ...]] = (),
        *,
        repeat: int = 0,
        split_in_row: bool = False,
    ) -> Table:
        table = Table(
            rows,
            colWidths=list(widths),
            repeatRows=repeat,
            splitInRow=1 if split_in_row else 0,
            hAlign="RIGHT" if self.rtl else "LEFT",
        )
        base: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad(5)),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad(5)),
            ("TOPPADDING", (0, 0), (-1, -1), self.pad(3)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad(4)),
        ]
        table.setStyle(TableStyle([*base, *commands]))
        return table
