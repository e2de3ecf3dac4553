"""The text styles of one printed plan: direction, languages and large type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.reports.catalog import SOURCE_LANGUAGE
from models.reports.plan_pdf.layout import ACCENT, ENGLISH, INK, MUTED, WATERMARK
from models.reports.text import LARGE_TYPE_FACTOR, TextStyle


@dataclass(frozen=True, slots=True)
class Styles:
    title: TextStyle
    title_english: TextStyle
    section: TextStyle
    section_english: TextStyle
    domain: TextStyle
    domain_english: TextStyle
    label: TextStyle
    label_english: TextStyle
    body: TextStyle
    words: TextStyle
    strong: TextStyle
    muted: TextStyle
    small_english: TextStyle
    big_number: TextStyle
    footer: TextStyle
    footer_english: TextStyle
    watermark: TextStyle
    scale: float


def make_styles(*, rtl: bool, heading_language: str, content_language: str, large: bool) -> Styles:
    align: Any = "right" if rtl else "start"

    def style(
        size: float,
        *,
        bold: bool = False,
        color: str = INK,
        before: float = 0.0,
        after: float = 0.0,
        leading: float | None = None,
        language: str = heading_language,
    ) -> TextStyle:
        made = TextStyle(
            size=size,
            leading=leading,
            bold=bold,
            color=color,
            align=align,
            space_before=before,
            space_after=after,
            language=language,
        )
        return made.large(LARGE_TYPE_FACTOR) if large else made

    return Styles(
        title=style(22, bold=True, color=ACCENT, leading=30),
        title_english=style(11, color=ENGLISH, after=2, language=SOURCE_LANGUAGE),
        section=style(15.5, bold=True, color=ACCENT, before=12, leading=22),
        section_english=style(9.5, color=ENGLISH, after=3, language=SOURCE_LANGUAGE),
        domain=style(13, bold=True, before=9, leading=19),
        domain_english=style(9, color=ENGLISH, after=2, language=SOURCE_LANGUAGE),
        label=style(9.5, bold=True, color=MUTED),
        label_english=style(8, color=ENGLISH, leading=11, language=SOURCE_LANGUAGE),
        body=style(11, language=content_language),
        words=style(12, language=content_language, leading=19),
        strong=style(11, bold=True),
        muted=style(10, color=MUTED),
        small_english=style(8.5, color=ENGLISH, leading=12, language=SOURCE_LANGUAGE),
        big_number=style(17, bold=True, color=ACCENT, leading=24),
        footer=style(8.5, color=MUTED),
        footer_english=style(8, color=ENGLISH, language=SOURCE_LANGUAGE),
        watermark=TextStyle(size=110, bold=True, color=WATERMARK, language=SOURCE_LANGUAGE),
        scale=LARGE_TYPE_FACTOR if large else 1.0,
    )
