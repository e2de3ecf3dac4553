"""The whole plan: the story in print order and the finished A4 document."""

from __future__ import annotations

import functools
import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from models.dto import NavigatorProfileDTO, PrintablePlanDTO
from models.enums import PlanStatus
from models.reports.catalog import SOURCE_LANGUAGE, catalog
from models.reports.fonts import register_fonts
from models.reports.plan_pdf.contacts import ContactsSection
from models.reports.plan_pdf.goals import GoalsSection
from models.reports.plan_pdf.header import HeaderSection
from models.reports.plan_pdf.layout import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, WIDTH
from models.reports.plan_pdf.naming import (
    is_rtl_language,
    language_names,
    pdf_language_tag,
    support_plan_title,
)
from models.reports.plan_pdf.pages import NumberedCanvas, footer, watermark
from models.reports.plan_pdf.styles import make_styles


class PlanBuilder(HeaderSection, GoalsSection, ContactsSection):
    """Turns one plan into platypus flowables, in one language and one direction."""

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.title_block()
        story += self.details_block()
        story += self.priorities_block()
        story += self.goals_block()
        story += self.safety_block()
        story += self.contacts_block()
        story += self.signatures_block()
        story += self.guidance_block()
        return story


def build_support_plan(
    plan: PrintablePlanDTO,
    *,
    navigator: NavigatorProfileDTO | None,
    language: str | None = None,
    large_type: bool = False,
    printed_on: date,
) -> bytes:
    """Build the printed plan (A4) and return the PDF bytes.

    ``language`` overrides the plan's own language for the fixed headings and the layout
    direction (the survivor's words print as written). A language without a catalog prints
    English headings; a right-to-left one is still laid out right to left.
    """
    register_fonts()
    tag = pdf_language_tag(language or plan.language or SOURCE_LANGUAGE)
    texts = catalog(tag)
    rtl = is_rtl_language(tag)
    styles = make_styles(
        rtl=rtl,
        heading_language=tag,
        content_language=pdf_language_tag(plan.language or tag),
        large=large_type,
    )
    builder = PlanBuilder(plan, navigator, texts, rtl=rtl, styles=styles, printed_on=printed_on)

    buffer = io.BytesIO()
    status = "draft" if plan.status is PlanStatus.DRAFTED else plan.status.value
    names = language_names(tag)
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=support_plan_title(plan.case_reference),
        author="Waypost",
        subject=(
            f"Waypost support plan, version {plan.version_number} ({status}), in "
            f"{names[1] if names else tag}"
        ),
        creator="Waypost",
        lang=tag,
        displayDocTitle=1,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = PageTemplate(id="plan", frames=[frame])
    if plan.status is PlanStatus.DRAFTED:
        template.onPage = watermark(styles.watermark)
    doc.addPageTemplates([template])
    doc.build(
        builder.story(),
        canvasmaker=functools.partial(
            NumberedCanvas, decorate=footer(builder, plan.case_reference)
        ),
    )
    return buffer.getvalue()
