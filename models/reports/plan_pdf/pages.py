"""Pages: the footer with "Page X of Y" and the case reference, the draft watermark."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from models.reports import plan_headings as H
from models.reports.plan_pdf.base import BuilderBase
from models.reports.plan_pdf.layout import FOOTER_Y, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH, RULE
from models.reports.text import TextStyle, draw_line

PageDecorator = Callable[[Canvas, int, int], None]


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Holds every page back until the end, so each footer can say how many pages there are."""

    def __init__(self, *args: Any, decorate: PageDecorator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


def footer(builder: BuilderBase, reference: str) -> PageDecorator:
    s = builder.s
    rtl = builder.rtl

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        top = FOOTER_Y + s.footer.size * 1.6
        canvas.line(MARGIN_X, top, PAGE_WIDTH - MARGIN_X, top)
        canvas.restoreState()
        page_text = builder.h(H.PAGE_X_OF_Y, page=page, pages=pages)
        start_x = PAGE_WIDTH - MARGIN_X if rtl else MARGIN_X
        end_x = MARGIN_X if rtl else PAGE_WIDTH - MARGIN_X
        side: Any = "right" if rtl else "left"
        other: Any = "left" if rtl else "right"
        width = draw_line(
            canvas,
            start_x,
            FOOTER_Y,
            page_text.text,
            s.footer,
            side,
            builder.direction(page_text.text),
        )
        if page_text.english is not None:
            gap = 6.0 * s.scale
            x = start_x - width - gap if rtl else start_x + width + gap
            draw_line(canvas, x, FOOTER_Y, f"({page_text.english})", s.footer_english, side, "ltr")
        draw_line(canvas, end_x, FOOTER_Y, reference, s.footer, other, "ltr")

    return decorate


def watermark(style: TextStyle) -> Callable[[Canvas, Any], None]:
    def on_page(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(50)
        draw_line(canvas, 0, -style.size * 0.35, "DRAFT", style, "center", "ltr")
        canvas.restoreState()

    return on_page
