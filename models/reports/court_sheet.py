"""The printed "what happens next" sheet: the survivor's court dates in plain words.

Built from a :class:`~models.dto.WhatHappensNextDTO` with reportlab, no Qt and no ``Session``.
It is for the survivor to keep, so it says in short sentences what each date is, what help the
court has agreed for them and who to call. It never shows a defendant's label, a charge, an
adjournment's reason or anything about another survivor.

Fixed texts are looked up in the printed-document catalogs (``models.reports.catalog``) like
the support plan's headings. No catalog translates them yet (the shipped ``.po`` files hold the
support plan's headings only), so every language prints them in English; a sheet asked for in
another language says so once near the top. Names and the court's name print as written, in
any script, through the multi-script text layer.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from models.dto import WhatHappensNextDTO
from models.enums import CourtEventKind, SpecialMeasure
from models.reports.catalog import SOURCE_LANGUAGE, Catalog, catalog
from models.reports.fonts import register_fonts
from models.reports.plan_pdf.base import has_rtl
from models.reports.plan_pdf.contacts import HELPLINE_NUMBER
from models.reports.plan_pdf.layout import (
    ACCENT,
    ENGLISH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PANEL,
    RULE,
    WIDTH,
)
from models.reports.plan_pdf.naming import format_date, is_rtl_language, pdf_language_tag
from models.reports.text import MultiScriptParagraph, TextStyle

__all__ = [
    "ALL_TEXTS",
    "HEARING_WORDS",
    "MEASURE_WORDS",
    "build_what_happens_next",
    "what_happens_next_file_name",
]

# --- Fixed texts (msgids: the English source, plain words, a reading age of about 9) ---------
TITLE: Final = "Your court case"
INTRO: Final = "This sheet tells you what happens next in the court case, and who can help you."
FOR_NAME: Final = "For {name}"
PRINTED_ON: Final = "Printed on {date}"
NOT_TRANSLATED: Final = (
    "This sheet is in English. Ask your navigator to go through it with you in your language."
)
NO_COURT_CASE: Final = (
    "There is no court case yet. If that changes, your navigator will tell you what happens next."
)
NEXT_DATES: Final = "The next dates"
NO_DATES: Final = (
    "There are no court dates yet. Your navigator will tell you as soon as there is one."
)
AT_COURT: Final = "At {court}"
DATE_MOVED: Final = "This date has changed before."
DATES_CHANGE: Final = (
    "Court dates often change. This is normal. Your navigator will tell you if a date changes."
)
YOUR_PART: Final = "Your part in the case"
YOU_ARE_A_WITNESS: Final = (
    "You are a witness. This means you may be asked to tell the court what happened to you."
)
NOT_A_WITNESS: Final = "You are not a witness at the moment. You do not need to go to court."
YOU_GAVE_VPS: Final = (
    "You gave a victim personal statement. This tells the judge how the crime has affected you."
)
HELP_IN_COURT: Final = "Help in court"
HELP_INTRO: Final = "The court has agreed this help for you when you give evidence:"
NO_HELP_YET: Final = "No help in court has been agreed yet. You can ask your navigator about it."
HELP_WAITING: Final = "Your navigator has asked for this help. The court has not decided yet:"
YOUR_NAVIGATOR: Final = "Your navigator"
NAME: Final = "Name"
ORGANISATION: Final = "Organisation"
PHONE: Final = "Phone"
EMAIL: Final = "Email"
HELPLINE: Final = "Modern Slavery Helpline (free, 24 hours): {number}"
IN_DANGER: Final = "If you are in danger now, call 999."
ASK_ANYTHING: Final = "You can ask your navigator about anything on this sheet."

HEARING_WORDS: Final[dict[CourtEventKind, tuple[str, str]]] = {
    CourtEventKind.FIRST_APPEARANCE: (
        "First hearing",
        "The people accused go to court for the first time. You do not need to go.",
    ),
    CourtEventKind.PTPH: (
        "Short hearing before the trial",
        "A short hearing where the people accused say whether they admit the charges. "
        "You do not usually need to go.",
    ),
    CourtEventKind.TRIAL_START: (
        "The trial starts",
        "The trial starts. You may be asked to give evidence.",
    ),
    CourtEventKind.RETRIAL_LISTED: (
        "The new trial starts",
        "The trial starts again from the beginning. You may be asked to give evidence again.",
    ),
    CourtEventKind.VERDICT: (
        "The decision",
        "The court says whether the people accused are guilty or not guilty.",
    ),
    CourtEventKind.SENTENCING: (
        "Sentencing",
        "The judge decides the punishment.",
    ),
}
"""Each kind of hearing on the sheet: a short name, then what it is in plain words."""

MEASURE_WORDS: Final[dict[SpecialMeasure, str]] = {
    SpecialMeasure.SCREENS: "A screen so you do not see the accused",
    SpecialMeasure.LIVE_LINK: (
        "A live video link, so you can give evidence from another room, not the courtroom"
    ),
    SpecialMeasure.VIDEO_RECORDED_EVIDENCE: (
        "Your video-recorded interview with the police is played in court as your evidence"
    ),
    SpecialMeasure.INTERMEDIARY: (
        "An intermediary: a person who helps you understand the questions and answer them"
    ),
    SpecialMeasure.CLEARING_PUBLIC_GALLERY: (
        "The public are asked to leave the courtroom while you give evidence"
    ),
}

ALL_TEXTS: Final = (
    TITLE,
    INTRO,
    FOR_NAME,
    PRINTED_ON,
    NOT_TRANSLATED,
    NO_COURT_CASE,
    NEXT_DATES,
    NO_DATES,
    AT_COURT,
    DATE_MOVED,
    DATES_CHANGE,
    YOUR_PART,
    YOU_ARE_A_WITNESS,
    NOT_A_WITNESS,
    YOU_GAVE_VPS,
    HELP_IN_COURT,
    HELP_INTRO,
    NO_HELP_YET,
    HELP_WAITING,
    YOUR_NAVIGATOR,
    NAME,
    ORGANISATION,
    PHONE,
    EMAIL,
    HELPLINE,
    IN_DANGER,
    ASK_ANYTHING,
    *(text for pair in HEARING_WORDS.values() for text in pair),
    *MEASURE_WORDS.values(),
)

_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9-]+")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def what_happens_next_file_name(case_reference: str) -> str:
    """``what-happens-next-WP-2026-0042.pdf``: no personal data in the default file name."""
    reference = _UNSAFE_IN_FILE_NAME.sub("-", case_reference.strip()).strip("-") or "case"
    return f"what-happens-next-{reference}.pdf"


def date_in_words(value: date) -> str:
    """``Tuesday 3 March 2027``."""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


class _Sheet:
    """Turns one sheet into flowables, in one language and one direction."""

    def __init__(self, sheet: WhatHappensNextDTO, texts: Catalog, *, tag: str) -> None:
        self.sheet = sheet
        # Texts shared with the support plan ("Your navigator", "Phone"...) may be translated
        # already; the sheet counts as translated once its own texts are. Until then it is all
        # English (no Arabic label beside an English value on a left-to-right page).
        self.translated = texts.is_source or texts.has_translation(TITLE)
        self.texts = texts if self.translated else catalog(SOURCE_LANGUAGE)
        self.rtl = is_rtl_language(tag) and self.translated
        align: Any = "right" if self.rtl else "start"

        def style(size: float, **kw: Any) -> TextStyle:
            kw.setdefault("language", tag)
            return TextStyle(size=size, align=align, **kw)

        self.title = style(24, bold=True, color=ACCENT, leading=28, space_after=2)
        self.section = style(15.5, bold=True, color=ACCENT, leading=21, space_before=7)
        self.body = style(11.5, leading=16, space_after=3)
        self.strong = style(12.5, bold=True, leading=18)
        self.when = style(13, bold=True, color=ACCENT, leading=18)
        self.muted = style(10.5, color=MUTED, leading=15)
        self.english = style(9, color=ENGLISH, leading=12, language=SOURCE_LANGUAGE)
        self.value_style = style(12, leading=17, language=None)

    # -- small pieces --------------------------------------------------------------------------

    def t(self, msgid: str, **values: object) -> str:
        heading = self.texts.heading(msgid)
        return heading.format(**values).text if values else heading.text

    def para(self, text: str, style: TextStyle) -> MultiScriptParagraph:
        direction: Any = "rtl" if self.rtl and has_rtl(text) else "auto"
        return MultiScriptParagraph(text, style, direction)

    def text(self, msgid: str, style: TextStyle, **values: object) -> list[Flowable]:
        """A fixed text, with the English under it when its catalog is not reviewed."""
        heading = self.texts.heading(msgid)
        if values:
            heading = heading.format(**values)
        out: list[Flowable] = [self.para(heading.text, style)]
        if heading.english is not None:
            out.append(MultiScriptParagraph(heading.english, self.english, "ltr"))
        return out

    def section_heading(self, msgid: str) -> list[Flowable]:
        flowables = self.text(msgid, self.section)
        for flowable in flowables:
            flowable.keepWithNext = True
        return flowables

    def panel(
        self, rows: list[list[Any]], widths: list[float], background: bool, *, lines: bool = True
    ) -> Table:
        if self.rtl:
            rows = [list(reversed(row)) for row in rows]
            widths = list(reversed(widths))
        table = Table(rows, colWidths=widths, hAlign="RIGHT" if self.rtl else "LEFT")
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        if background:
            commands += [
                ("BOX", (0, 0), (-1, -1), 0.8, HexColor(RULE)),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(PANEL)),
            ]
        elif lines:
            commands.append(("LINEBELOW", (0, 0), (-1, -2), 0.5, HexColor(RULE)))
        else:
            commands += [
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        table.setStyle(TableStyle(commands))
        return table

    # -- the parts -----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        story = self.top()
        if self.sheet.court_cases == 0:
            story += [Spacer(1, 10), *self.text(NO_COURT_CASE, self.strong)]
        else:
            story += self.dates()
            story += self.your_part()
            story += self.help_in_court()
        story += self.contacts()
        return story

    def top(self) -> list[Flowable]:
        sheet = self.sheet
        out = self.text(TITLE, self.title)
        if sheet.survivor_name.strip():
            out += self.text(FOR_NAME, self.strong, name=sheet.survivor_name.strip())
        out += self.text(INTRO, self.body)
        if not self.translated:
            out += self.text(NOT_TRANSLATED, replace(self.muted, space_after=2))
        return out

    def dates(self) -> list[Flowable]:
        out = self.section_heading(NEXT_DATES)
        hearings = self.sheet.hearings
        if not hearings:
            return [*out, *self.text(NO_DATES, self.body), *self.text(DATES_CHANGE, self.muted)]
        rows: list[list[Any]] = []
        date_width = 0.3 * WIDTH
        for hearing in hearings:
            name, meaning = HEARING_WORDS[hearing.kind]
            weekday, _, rest = date_in_words(hearing.on).partition(" ")
            when: list[Flowable] = [
                self.para(weekday, self.when),
                self.para(rest, self.when),
            ]
            what: list[Flowable] = [*self.text(name, self.strong), *self.text(meaning, self.body)]
            if hearing.court_name.strip():
                what += self.text(AT_COURT, self.muted, court=hearing.court_name.strip())
            if hearing.moved:
                what += self.text(DATE_MOVED, self.muted)
            rows.append([when, what])
        out.append(self.panel(rows, [date_width, WIDTH - date_width], background=False))
        out += [Spacer(1, 6), *self.text(DATES_CHANGE, self.strong)]
        return out

    def your_part(self) -> list[Flowable]:
        out = self.section_heading(YOUR_PART)
        out += self.text(YOU_ARE_A_WITNESS if self.sheet.witness else NOT_A_WITNESS, self.body)
        if self.sheet.victim_personal_statement:
            out += self.text(YOU_GAVE_VPS, self.body)
        return out

    def _measure_list(self, measures: tuple[SpecialMeasure, ...]) -> list[Flowable]:
        rows: list[list[Any]] = [
            [self.para("•", self.body), self.text(MEASURE_WORDS[m], self.body)] for m in measures
        ]
        panel = self.panel(rows, [18.0, WIDTH - 18.0], background=False, lines=False)
        return [panel] if rows else []

    def help_in_court(self) -> list[Flowable]:
        sheet = self.sheet
        out = self.section_heading(HELP_IN_COURT)
        if sheet.measures_granted:
            out += self.text(HELP_INTRO, self.body)
            out += self._measure_list(sheet.measures_granted)
        else:
            out += self.text(NO_HELP_YET, self.body)
        if sheet.measures_waiting:
            out += self.text(HELP_WAITING, replace(self.body, space_before=6))
            out += self._measure_list(sheet.measures_waiting)
        return out

    def contacts(self) -> list[Flowable]:
        navigator = self.sheet.navigator
        mine: list[Flowable] = self.text(YOUR_NAVIGATOR, replace(self.strong, color=ACCENT))
        if navigator is not None:
            for label, value in (
                (NAME, navigator.display_name),
                (ORGANISATION, navigator.organisation),
                (PHONE, navigator.work_phone),
                (EMAIL, navigator.work_email),
            ):
                if value.strip():
                    mine.append(self.para(f"{self.t(label)}: {value.strip()}", self.value_style))
        help_lines: list[Flowable] = self.text(HELPLINE, self.body, number=HELPLINE_NUMBER)
        help_lines += self.text(IN_DANGER, replace(self.strong, color="#9B2C2C"))
        half = WIDTH / 2
        panel = self.panel([[mine, help_lines]], [half, half], background=True)
        out: list[Flowable] = [Spacer(1, 8), KeepTogether([panel]), Spacer(1, 2)]
        ask = self.text(ASK_ANYTHING, self.muted)
        if self.sheet.printed_on is None:
            return out + ask
        printed = self.text(PRINTED_ON, self.muted, date=format_date(self.sheet.printed_on))
        row = [[ask, printed]]
        out.append(self.panel(row, [0.7 * WIDTH, 0.3 * WIDTH], background=False, lines=False))
        return out


def build_what_happens_next(sheet: WhatHappensNextDTO, *, language: str | None = None) -> bytes:
    """Build the sheet (A4) and return the PDF bytes. ``language`` overrides the sheet's own
    (the support plan's) language for the fixed texts."""
    register_fonts()
    tag = pdf_language_tag(language or sheet.language or SOURCE_LANGUAGE)
    builder = _Sheet(sheet, catalog(tag), tag=tag)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"What happens next {sheet.case_reference}".strip(),
        author="Waypost",
        subject="Waypost: what happens next in the court case",
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
    reference = sheet.case_reference

    def on_page(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont("Helvetica", 8.5)
        canvas.drawString(MARGIN_X, 10 * mm, f"{reference}  ·  {doc_.page}")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=on_page)])
    doc.build(builder.story())
    return buffer.getvalue()
