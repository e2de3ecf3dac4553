"""The printed support plan: the survivor keeps it, in their own language where we can.

Built from a :class:`~models.dto.PrintablePlanDTO` with reportlab, no Qt and no ``Session``.

- Every piece of text goes through the multi-script text layer (``models.reports.text``), so
  Arabic-script, Ethiopic, Indic and Latin text with diacritics print right, in any mix.
- Fixed texts come from the catalog of the plan's language (``models.reports.catalog``). A
  catalog no fluent reader has checked prints the English under each fixed text, and says so
  once near the top.
- A right-to-left plan (Arabic, Farsi, Sorani, Urdu, Pashto...) is mirrored: text aligns right,
  the labels of a table sit on the right and its columns run from right to left.
- The file's metadata and default name carry the case reference, never the survivor's name.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from models.dto import (
    NavigatorProfileDTO,
    PrintableAction,
    PrintableGoal,
    PrintablePlanDTO,
)
from models.enums import PlanStatus, RecoveryDomain
from models.reports import plan_headings as H
from models.reports.catalog import SOURCE_LANGUAGE, Catalog, Heading, available_languages, catalog
from models.reports.fonts import register_fonts
from models.reports.text import (
    LARGE_TYPE_FACTOR,
    MultiScriptParagraph,
    TextStyle,
    draw_line,
    text_width,
)
from models.reports.text import Direction as TextDirection

__all__ = [
    "HELPLINE_NUMBER",
    "RTL_LANGUAGES",
    "build_support_plan",
    "is_rtl_language",
    "pdf_language_tag",
    "support_plan_file_name",
    "support_plan_title",
]

HELPLINE_NUMBER: Final = "08000 121 700"

RTL_LANGUAGES: Final = frozenset(
    {"ar", "fa", "prs", "ckb", "ur", "ps", "he", "yi", "dv", "sd", "ug", "ks", "pnb"}
)
"""Languages whose plans are laid out right to left (by primary language subtag)."""

# Languages a plan or an interpreter may use that have no catalog of their own: the name in the
# language itself, in a script the bundled fonts cover, and in English.
_OTHER_LANGUAGE_NAMES: Final[dict[str, tuple[str, str]]] = {
    "am": ("አማርኛ", "Amharic"),
    "bg": ("Български", "Bulgarian"),
    "cs": ("Čeština", "Czech"),
    "es": ("Español", "Spanish"),
    "fr": ("Français", "French"),
    "hi": ("हिन्दी", "Hindi"),
    "kmr": ("Kurmancî", "Kurdish (Kurmanji)"),
    "lt": ("Lietuvių", "Lithuanian"),
    "pa": ("ਪੰਜਾਬੀ", "Punjabi"),
    "prs": ("دری", "Dari"),
    "ps": ("پښتو", "Pashto"),
    "pt": ("Português", "Portuguese"),
    "ru": ("Русский", "Russian"),
    "sk": ("Slovenčina", "Slovak"),
    "so": ("Soomaali", "Somali"),
    "tr": ("Türkçe", "Turkish"),
    "uk": ("Українська", "Ukrainian"),
    "ur": ("اردو", "Urdu"),
}

# --- Page geometry and colours ---------------------------------------------------------------

_PAGE_WIDTH, _PAGE_HEIGHT = A4
_MARGIN_X = 18 * mm
_MARGIN_TOP = 16 * mm
_MARGIN_BOTTOM = 20 * mm
_WIDTH = _PAGE_WIDTH - 2 * _MARGIN_X
_FOOTER_Y = 10 * mm

_INK = "#1F2933"
_MUTED = "#52606D"
_ENGLISH = "#616E7C"
_ACCENT = "#2C5F7C"
_RULE = "#BCCCDC"
_PANEL = "#F0F4F8"
_DRAFT = "#9B2C2C"
_WATERMARK = "#EEF0F2"

_WHO_ME: Final = frozenset({"me", "survivor", "the survivor", "client", "myself", "self"})
_WHO_NAVIGATOR: Final = frozenset(
    {"navigator", "my navigator", "the navigator", "victim navigator", "support worker"}
)

# An action this long (in characters) may be taller than a page, so its row may be cut.
_LONG_CELL = 600

_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9-]+")


# --- Public helpers ----------------------------------------------------------------------------


def support_plan_title(case_reference: str) -> str:
    """The PDF title: the case reference, never the survivor's name."""
    return f"Support plan {case_reference}".strip()


def support_plan_file_name(case_reference: str, version_number: int) -> str:
    """``support-plan-WP-2026-0042-v2.pdf``: no personal data in the default file name."""
    reference = _UNSAFE_IN_FILE_NAME.sub("-", case_reference.strip()).strip("-") or "case"
    return f"support-plan-{reference}-v{version_number}.pdf"


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-", 1)[0]


def pdf_language_tag(tag: str) -> str:
    """A BCP 47 tag as PDF's /Lang wants it: ``fa_IR`` → ``fa-IR``; empty → ``en``."""
    parts = [p for p in tag.strip().replace("_", "-").split("-") if p]
    if not parts:
        return SOURCE_LANGUAGE
    head = parts[0].lower()
    rest = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in parts[1:]]
    return "-".join([head, *rest])


def is_rtl_language(tag: str) -> bool:
    """Whether a plan in ``tag`` is laid out right to left."""
    code = _primary(tag)
    if code in RTL_LANGUAGES:
        return True
    found = catalog(tag)
    return found.code == code and found.direction == "rtl"


# --- Styles -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Styles:
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


def _styles(*, rtl: bool, heading_language: str, content_language: str, large: bool) -> _Styles:
    align: Any = "right" if rtl else "start"

    def style(
        size: float,
        *,
        bold: bool = False,
        color: str = _INK,
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

    return _Styles(
        title=style(22, bold=True, color=_ACCENT, leading=30),
        title_english=style(11, color=_ENGLISH, after=2, language=SOURCE_LANGUAGE),
        section=style(15.5, bold=True, color=_ACCENT, before=12, leading=22),
        section_english=style(9.5, color=_ENGLISH, after=3, language=SOURCE_LANGUAGE),
        domain=style(13, bold=True, before=9, leading=19),
        domain_english=style(9, color=_ENGLISH, after=2, language=SOURCE_LANGUAGE),
        label=style(9.5, bold=True, color=_MUTED),
        label_english=style(8, color=_ENGLISH, leading=11, language=SOURCE_LANGUAGE),
        body=style(11, language=content_language),
        words=style(12, language=content_language, leading=19),
        strong=style(11, bold=True),
        muted=style(10, color=_MUTED),
        small_english=style(8.5, color=_ENGLISH, leading=12, language=SOURCE_LANGUAGE),
        big_number=style(17, bold=True, color=_ACCENT, leading=24),
        footer=style(8.5, color=_MUTED),
        footer_english=style(8, color=_ENGLISH, language=SOURCE_LANGUAGE),
        watermark=TextStyle(size=110, bold=True, color=_WATERMARK, language=SOURCE_LANGUAGE),
        scale=LARGE_TYPE_FACTOR if large else 1.0,
    )


# --- Flowables ----------------------------------------------------------------------------------


class _Ruled(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph set in from the start edge, with a thin accent rule beside it.

    It splits across pages as the paragraph does, so a long passage in the survivor's own words
    never overflows a page.
    """

    def __init__(self, child: MultiScriptParagraph, *, color: str = _ACCENT) -> None:
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
        return [_Ruled(part, color=self.color) for part in parts]

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


# --- Building the story -------------------------------------------------------------------------


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _format_date(value: date | None) -> str:
    """Digits only (25/11/2026): no month names to translate, read the same in every script."""
    if value is None:
        return "—"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _language_names(tag: str) -> tuple[str, str] | None:
    """(the name in the language itself, the name in English), if known."""
    code = _primary(tag)
    for info in available_languages():
        if info.code == code:
            return info.native_name, info.name_in_english
    return _OTHER_LANGUAGE_NAMES.get(code)


def _language_label(tag: str, *, rtl: bool) -> str:
    """The language's own name with the English in brackets (English first on a left-to-right
    page, so the line reads in the page's direction)."""
    names = _language_names(tag)
    if names is None:
        return tag
    native, english = names
    if native == english:
        return native
    return f"{native} ({english})" if rtl else f"{english} ({native})"


class _Builder:
    """Turns one plan into platypus flowables, in one language and one direction."""

    def __init__(
        self,
        plan: PrintablePlanDTO,
        navigator: NavigatorProfileDTO | None,
        texts: Catalog,
        *,
        rtl: bool,
        styles: _Styles,
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
        return "rtl" if self.rtl and _has_rtl(text) else "auto"

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

    # -- sections --------------------------------------------------------------------------

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

    def title_block(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = self.heading(self.h(H.PLAN_TITLE), s.title, s.title_english)
        if not self.texts.reviewed and not self.texts.is_source:
            note = self.h(H.ENGLISH_BESIDE_NOTE)
            out.append(self.para(note.text, replace(s.muted, space_before=2)))
            if note.english is not None:
                out.append(MultiScriptParagraph(note.english, s.small_english, "ltr"))
        out.append(Spacer(1, self.pad(6)))
        if self.plan.status is PlanStatus.DRAFTED:
            out.append(self.draft_notice())
        else:
            intro = self.h(H.PLAN_INTRO)
            out += self.heading(intro, replace(s.body, space_after=0), s.small_english, keep=False)
        out.append(Spacer(1, self.pad(6)))
        return out

    def draft_notice(self) -> Flowable:
        s = self.s
        notice = self.h(H.DRAFT_NOTICE)
        strong = replace(s.strong, color=_DRAFT)
        cell = self.cell(notice, strong, replace(s.small_english, color=_DRAFT))
        return self.table(
            [[cell]],
            [_WIDTH],
            [
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor(_DRAFT)),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor("#FFF5F5")),
                ("TOPPADDING", (0, 0), (-1, -1), self.pad(6)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad(7)),
                ("LEFTPADDING", (0, 0), (-1, -1), self.pad(8)),
                ("RIGHTPADDING", (0, 0), (-1, -1), self.pad(8)),
            ],
        )

    def details_block(self) -> list[Flowable]:
        s, plan = self.s, self.plan
        rows: list[tuple[Heading, list[Flowable]]] = [
            (self.h(H.NAME), [self.value(plan.survivor_name or "—", s.strong)]),
            (self.h(H.CASE_REFERENCE), [self.value(plan.case_reference)]),
            (self.h(H.VERSION), [self.value(str(plan.version_number))]),
        ]
        # A draft says so in a box at the top; its agreement date is simply not there yet.
        agreed = None if plan.status is PlanStatus.DRAFTED else plan.agreed_on
        rows.append((self.h(H.DATE_AGREED), [self.value(_format_date(agreed))]))
        if plan.reviewed_on is not None:
            rows.append((self.h(H.DATE_REVIEWED), [self.value(_format_date(plan.reviewed_on))]))
        rows.append(
            (self.h(H.LANGUAGE), [self.value(_language_label(plan.language or "en", rtl=self.rtl))])
        )
        # The language and the name or agency on lines of their own: joined on one line, an
        # English agency name and a right-to-left language name would mix their directions.
        interpreter: list[Flowable] = [
            self.value(text)
            for text in (
                _language_label(plan.interpreter_language, rtl=self.rtl)
                if plan.interpreter_language
                else "",
                plan.interpreter_name_or_agency,
            )
            if text
        ]
        if not interpreter:
            interpreter = self.cell(self.h(H.NO_INTERPRETER), s.body, s.small_english)
        rows.append((self.h(H.INTERPRETER), interpreter))
        printed = self.h(H.PRINTED_ON, date=_format_date(self.printed_on))

        label_width = 0.3 * _WIDTH
        table_rows = [
            self.columns([self.cell(label, s.label, s.label_english), value])
            for label, value in rows
        ]
        table = self.table(
            table_rows,
            self.widths([label_width, _WIDTH - label_width]),
            [
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, HexColor(_RULE)),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(_PANEL)),
                ("TOPPADDING", (0, 0), (-1, -1), self.pad(4)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad(5)),
            ],
        )
        out: list[Flowable] = [table, Spacer(1, self.pad(3))]
        out += self.heading(printed, replace(s.muted, space_after=0), s.small_english, keep=False)
        return out

    def priorities_block(self) -> list[Flowable]:
        s = self.s
        out = self.heading(self.h(H.MY_PRIORITIES), s.section, s.section_english)
        text = self.plan.survivor_priorities.strip() or "—"
        out.append(_Ruled(self.para(text, replace(s.words, space_before=2))))
        return out

    def goals_block(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [CondPageBreak(self.pad(120))]
        # Headings wait in ``pending`` and go into the same KeepTogether as the goal after them:
        # platypus does not keep a heading with a KeepTogether that follows it.
        pending: list[Flowable] = self.heading(self.h(H.MY_GOALS), s.section, s.section_english)
        by_domain = {domain.domain: domain.goals for domain in self.plan.domains}
        number = 0
        for domain in RecoveryDomain:
            pending += self.heading(self.h(H.DOMAIN_HEADING[domain]), s.domain, s.domain_english)
            pending.append(_Rule(self.pad(1.2)))
            goals = by_domain.get(domain, ())
            if not goals:
                pending += self.heading(
                    self.h(H.NO_GOALS_YET),
                    replace(s.muted, space_before=3),
                    s.small_english,
                    keep=False,
                )
                out += pending
                pending = []
            for goal in goals:
                number += 1
                # A goal's words stay on one page with the headings above them when they fit.
                words, actions = self.goal(number, goal)
                out.append(KeepTogether([*pending, *words]))
                out += actions
                pending = []
        return out

    def goal(self, number: int, goal: PrintableGoal) -> tuple[list[Flowable], list[Flowable]]:
        """The goal's label, words and review date (to keep together), then its actions (a
        table that may run on to the next page, repeating its header)."""
        s = self.s
        out: list[Flowable] = []
        label = self.h(H.GOAL_NUMBER, number=number)
        out += self.heading(
            label, replace(s.strong, space_before=6, color=_ACCENT), s.small_english
        )
        out += self.heading(
            self.h(H.IN_MY_WORDS), replace(s.label, space_before=2), s.label_english
        )
        words = goal.survivor_words.strip() or "—"
        out.append(_Ruled(self.para(words, replace(s.words, space_before=2, space_after=3))))
        if goal.review_date is not None:
            review = self.h(H.REVIEW_DATE)
            line = f"{review.text}: {_format_date(goal.review_date)}"
            out.append(self.para(line, replace(s.muted, space_before=1)))
            if review.english is not None:
                out.append(MultiScriptParagraph(review.english, s.small_english, "ltr"))
        rest: list[Flowable] = []
        if goal.actions:
            rest.append(Spacer(1, self.pad(3)))
            rest.append(self.actions_table(goal.actions))
        rest.append(Spacer(1, self.pad(4)))
        return out, rest

    def who(self, who: str) -> list[Flowable]:
        key = " ".join(who.split()).casefold()
        if key in _WHO_ME:
            return self.cell(self.h(H.WHO_ME), self.s.body, self.s.small_english)
        if key in _WHO_NAVIGATOR:
            return self.cell(self.h(H.WHO_MY_NAVIGATOR), self.s.body, self.s.small_english)
        return [self.value(who.strip() or "—")]

    def actions_table(self, actions: Sequence[PrintableAction]) -> Table:
        s = self.s
        header_style = replace(s.label, color=_INK)
        header = [
            self.cell(self.h(H.WHAT_WILL_HAPPEN), header_style, s.label_english),
            self.cell(self.h(H.WHO), header_style, s.label_english),
            self.cell(self.h(H.BY_WHEN), header_style, s.label_english),
            self.cell(self.h(H.STATUS), header_style, s.label_english),
        ]
        rows = [self.columns(header)]
        for action in actions:
            status = self.h(H.ACTION_STATUS_HEADING[action.status])
            rows.append(
                self.columns(
                    [
                        [self.value(action.what.strip() or "—")],
                        self.who(action.who),
                        [self.value(_format_date(action.by_when))],
                        self.cell(status, s.body, s.small_english),
                    ]
                )
            )
        # The date column fits a whole date; the rest share what is left.
        by_when = text_width("28/12/2026", s.body, "ltr") + 2 * self.pad(5) + 2
        rest = _WIDTH - by_when
        return self.table(
            rows,
            self.widths([0.5 * rest, 0.25 * rest, by_when, 0.25 * rest]),
            [
                ("BACKGROUND", (0, 0), (-1, 0), HexColor(_PANEL)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(_ACCENT)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, HexColor(_RULE)),
            ],
            repeat=1,
            # Rows move to the next page whole; only an action too long for any page is cut.
            split_in_row=any(len(a.what) > _LONG_CELL for a in actions),
        )

    def safety_block(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [CondPageBreak(self.pad(90))]
        out += self.heading(self.h(H.KEEPING_SAFE), s.section, s.section_english)
        text = self.plan.safety_plan.strip() or "—"
        safety = _Ruled(self.para(text, replace(s.words, space_before=2, space_after=4)))
        safety.keepWithNext = True  # "call 999" stays with the plan it belongs to
        out.append(safety)
        danger = self.h(H.IN_DANGER_CALL_999)
        out += self.heading(
            danger, replace(s.strong, color=_DRAFT, space_before=3), s.small_english, keep=False
        )
        return out

    def contacts_block(self) -> list[Flowable]:
        s = self.s
        navigator = self.navigator
        half = _WIDTH if self.large else (_WIDTH - 8.0) / 2
        label_width = 0.3 * half if self.large else 0.36 * half

        def line_or_value(text: str) -> list[Flowable]:
            return [self.value(text)] if text else [Spacer(1, self.pad(18))]

        nav_rows = [
            (self.h(H.NAME), navigator.display_name),
            (self.h(H.ORGANISATION), navigator.organisation),
            (self.h(H.PHONE), navigator.work_phone),
            (self.h(H.EMAIL), navigator.work_email),
        ]
        blank_lines = [
            (
                "LINEBELOW",
                (1 if not self.rtl else 0, i),
                (1 if not self.rtl else 0, i),
                0.5,
                HexColor(_MUTED),
            )
            for i, (_label, value) in enumerate(nav_rows)
            if not value
        ]
        nav_table = self.table(
            [
                self.columns([self.cell(label, s.label, s.label_english), line_or_value(value)])
                for label, value in nav_rows
            ],
            self.widths([label_width, half - label_width - 2 * self.pad(8)]),
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *blank_lines,
            ],
        )
        navigator_cell: list[Flowable] = self.cell(
            self.h(H.YOUR_NAVIGATOR), replace(s.strong, color=_ACCENT), s.small_english
        )
        navigator_cell += [Spacer(1, self.pad(3)), nav_table]

        emergency_cell: list[Flowable] = self.cell(
            self.h(H.EMERGENCY_NUMBERS), replace(s.strong, color=_ACCENT), s.small_english
        )
        emergency_cell.append(Spacer(1, self.pad(4)))
        emergency_cell += self.cell(self.h(H.MODERN_SLAVERY_HELPLINE), s.strong, s.small_english)
        emergency_cell.append(self.value(HELPLINE_NUMBER, s.big_number))
        emergency_cell += self.cell(self.h(H.HELPLINE_FREE_24_HOURS), s.body, s.small_english)
        emergency_cell.append(Spacer(1, self.pad(6)))
        emergency_cell += self.cell(self.h(H.POLICE_AMBULANCE_FIRE), s.strong, s.small_english)

        panel_style: list[tuple[Any, ...]] = [
            ("BOX", (0, 0), (-1, -1), 0.8, HexColor(_RULE)),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(_PANEL)),
            ("TOPPADDING", (0, 0), (-1, -1), self.pad(7)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad(8)),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad(8)),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad(8)),
        ]
        if self.large:
            # Large type: one panel above the other, so numbers and addresses keep whole.
            return [
                Spacer(1, self.pad(12)),
                KeepTogether([self.table([[navigator_cell]], [_WIDTH], panel_style)]),
                Spacer(1, self.pad(6)),
                KeepTogether([self.table([[emergency_cell]], [_WIDTH], panel_style)]),
            ]
        gap = 8.0
        panels = self.table(
            [self.columns([navigator_cell, "", emergency_cell])],
            self.widths([(_WIDTH - gap) / 2, gap, (_WIDTH - gap) / 2]),
            [
                *[
                    (cmd, (c, 0), (c, 0), *rest)
                    for c in (0, 2)
                    for cmd, _a, _b, *rest in panel_style
                ],
                ("LEFTPADDING", (1, 0), (1, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ],
        )
        return [Spacer(1, self.pad(12)), KeepTogether([panels])]

    def signatures_block(self) -> list[Flowable]:
        s = self.s
        half = _WIDTH / 2 - self.pad(10)

        def signature(msgid: str) -> Table:
            rows = [
                [Spacer(1, self.pad(30))],
                [self.cell(self.h(msgid), s.label, s.label_english)],
                [Spacer(1, self.pad(20))],
                [self.cell(self.h(H.DATE), s.label, s.label_english)],
            ]
            return self.table(
                rows,
                [half],
                [
                    ("LINEBELOW", (0, 0), (0, 0), 0.8, HexColor(_INK)),
                    ("LINEBELOW", (0, 2), (0, 2), 0.8, HexColor(_INK)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ],
            )

        both = self.table(
            [self.columns([signature(H.SIGNED_SURVIVOR), signature(H.SIGNED_NAVIGATOR)])],
            [_WIDTH / 2, _WIDTH / 2],
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)],
        )
        both.hAlign = "CENTER"
        return [Spacer(1, self.pad(10)), KeepTogether([both])]

    def guidance_block(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [Spacer(1, self.pad(10))]
        for msgid in (H.KEEP_SOMEWHERE_SAFE, H.ASK_IF_UNSURE):
            out += self.heading(
                self.h(msgid), replace(s.muted, space_before=2), s.small_english, keep=False
            )
        return [KeepTogether(out)]


class _Rule(Flowable):  # type: ignore[misc]  # reportlab has no type hints
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
        self.canv.setFillColor(HexColor(_RULE))
        self.canv.rect(0, 0, self.width, self.thickness, stroke=0, fill=1)
        self.canv.restoreState()


# --- Pages: footer with "Page X of Y", the draft watermark -----------------------------------

PageDecorator = Callable[[Canvas, int, int], None]


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
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


def _footer(builder: _Builder, reference: str) -> PageDecorator:
    s = builder.s
    rtl = builder.rtl

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(HexColor(_RULE))
        canvas.setLineWidth(0.5)
        top = _FOOTER_Y + s.footer.size * 1.6
        canvas.line(_MARGIN_X, top, _PAGE_WIDTH - _MARGIN_X, top)
        canvas.restoreState()
        page_text = builder.h(H.PAGE_X_OF_Y, page=page, pages=pages)
        start_x = _PAGE_WIDTH - _MARGIN_X if rtl else _MARGIN_X
        end_x = _MARGIN_X if rtl else _PAGE_WIDTH - _MARGIN_X
        side: Any = "right" if rtl else "left"
        other: Any = "left" if rtl else "right"
        width = draw_line(
            canvas,
            start_x,
            _FOOTER_Y,
            page_text.text,
            s.footer,
            side,
            builder.direction(page_text.text),
        )
        if page_text.english is not None:
            gap = 6.0 * s.scale
            x = start_x - width - gap if rtl else start_x + width + gap
            draw_line(canvas, x, _FOOTER_Y, f"({page_text.english})", s.footer_english, side, "ltr")
        draw_line(canvas, end_x, _FOOTER_Y, reference, s.footer, other, "ltr")

    return decorate


def _watermark(style: TextStyle) -> Callable[[Canvas, Any], None]:
    def on_page(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.translate(_PAGE_WIDTH / 2, _PAGE_HEIGHT / 2)
        canvas.rotate(50)
        draw_line(canvas, 0, -style.size * 0.35, "DRAFT", style, "center", "ltr")
        canvas.restoreState()

    return on_page


# --- The document -------------------------------------------------------------------------------


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
    styles = _styles(
        rtl=rtl,
        heading_language=tag,
        content_language=pdf_language_tag(plan.language or tag),
        large=large_type,
    )
    builder = _Builder(plan, navigator, texts, rtl=rtl, styles=styles, printed_on=printed_on)

    buffer = io.BytesIO()
    status = "draft" if plan.status is PlanStatus.DRAFTED else plan.status.value
    names = _language_names(tag)
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
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
        _MARGIN_X,
        _MARGIN_BOTTOM,
        _WIDTH,
        _PAGE_HEIGHT - _MARGIN_TOP - _MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = PageTemplate(id="plan", frames=[frame])
    if plan.status is PlanStatus.DRAFTED:
        template.onPage = _watermark(styles.watermark)
    doc.addPageTemplates([template])
    doc.build(
        builder.story(),
        canvasmaker=functools.partial(
            _NumberedCanvas, decorate=_footer(builder, plan.case_reference)
        ),
    )
    return buffer.getvalue()
