"""The top of the plan: the title, the draft notice and the details table."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer

from models.enums import PlanStatus
from models.reports import plan_headings as H
from models.reports.catalog import Heading
from models.reports.plan_pdf.base import BuilderBase
from models.reports.plan_pdf.layout import DRAFT, PANEL, RULE, WIDTH
from models.reports.plan_pdf.naming import format_date, language_label
from models.reports.text import MultiScriptParagraph


class HeaderSection(BuilderBase):
    """The title block and the table of the plan's details."""

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
        strong = replace(s.strong, color=DRAFT)
        cell = self.cell(notice, strong, replace(s.small_english, color=DRAFT))
        return self.table(
            [[cell]],
            [WIDTH],
            [
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor(DRAFT)),
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
        rows.append((self.h(H.DATE_AGREED), [self.value(format_date(agreed))]))
        if plan.reviewed_on is not None:
            rows.append((self.h(H.DATE_REVIEWED), [self.value(format_date(plan.reviewed_on))]))
        rows.append(
            (self.h(H.LANGUAGE), [self.value(language_label(plan.language or "en", rtl=self.rtl))])
        )
        # The language and the name or agency on lines of their own: joined on one line, an
        # English agency name and a right-to-left language name would mix their directions.
        interpreter: list[Flowable] = [
            self.value(text)
            for text in (
                language_label(plan.interpreter_language, rtl=self.rtl)
                if plan.interpreter_language
                else "",
                plan.interpreter_name_or_agency,
            )
            if text
        ]
        if not interpreter:
            interpreter = self.cell(self.h(H.NO_INTERPRETER), s.body, s.small_english)
        rows.append((self.h(H.INTERPRETER), interpreter))
        printed = self.h(H.PRINTED_ON, date=format_date(self.printed_on))

        label_width = 0.3 * WIDTH
        table_rows = [
            self.columns([self.cell(label, s.label, s.label_english), value])
            for label, value in rows
        ]
        table = self.table(
            table_rows,
            self.widths([label_width, WIDTH - label_width]),
            [
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, HexColor(RULE)),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(PANEL)),
                ("TOPPADDING", (0, 0), (-1, -1), self.pad(4)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad(5)),
            ],
        )
        out: list[Flowable] = [table, Spacer(1, self.pad(3))]
        out += self.heading(printed, replace(s.muted, space_after=0), s.small_english, keep=False)
        return out
