"""The end of the plan: keeping safe, contacts and emergency numbers, signatures, guidance."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from models.reports import plan_headings as H
from models.reports.plan_pdf.base import BuilderBase
from models.reports.plan_pdf.flowables import Ruled
from models.reports.plan_pdf.layout import ACCENT, DRAFT, INK, MUTED, PANEL, RULE, WIDTH

HELPLINE_NUMBER: Final = "08000 121 700"


class ContactsSection(BuilderBase):
    """Keeping safe, the navigator and emergency panels, signatures and guidance."""

    def safety_block(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [CondPageBreak(self.pad(90))]
        out += self.heading(self.h(H.KEEPING_SAFE), s.section, s.section_english)
        text = self.plan.safety_plan.strip() or "—"
        safety = Ruled(self.para(text, replace(s.words, space_before=2, space_after=4)))
        safety.keepWithNext = True  # "call 999" stays with the plan it belongs to
        out.append(safety)
        danger = self.h(H.IN_DANGER_CALL_999)
        out += self.heading(
            danger, replace(s.strong, color=DRAFT, space_before=3), s.small_english, keep=False
        )
        return out

    def contacts_block(self) -> list[Flowable]:
        s = self.s
        navigator = self.navigator
        half = WIDTH if self.large else (WIDTH - 8.0) / 2
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
                HexColor(MUTED),
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
            self.h(H.YOUR_NAVIGATOR), replace(s.strong, color=ACCENT), s.small_english
        )
        navigator_cell += [Spacer(1, self.pad(3)), nav_table]

        emergency_cell: list[Flowable] = self.cell(
            self.h(H.EMERGENCY_NUMBERS), replace(s.strong, color=ACCENT), s.small_english
        )
        emergency_cell.append(Spacer(1, self.pad(4)))
        emergency_cell += self.cell(self.h(H.MODERN_SLAVERY_HELPLINE), s.strong, s.small_english)
        emergency_cell.append(self.value(HELPLINE_NUMBER, s.big_number))
        emergency_cell += self.cell(self.h(H.HELPLINE_FREE_24_HOURS), s.body, s.small_english)
        emergency_cell.append(Spacer(1, self.pad(6)))
        emergency_cell += self.cell(self.h(H.POLICE_AMBULANCE_FIRE), s.strong, s.small_english)

        panel_style: list[tuple[Any, ...]] = [
            ("BOX", (0, 0), (-1, -1), 0.8, HexColor(RULE)),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(PANEL)),
            ("TOPPADDING", (0, 0), (-1, -1), self.pad(7)),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad(8)),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad(8)),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad(8)),
        ]
        if self.large:
            # Large type: one panel above the other, so numbers and addresses keep whole.
            return [
                Spacer(1, self.pad(12)),
                KeepTogether([self.table([[navigator_cell]], [WIDTH], panel_style)]),
                Spacer(1, self.pad(6)),
                KeepTogether([self.table([[emergency_cell]], [WIDTH], panel_style)]),
            ]
        gap = 8.0
        panels = self.table(
            [self.columns([navigator_cell, "", emergency_cell])],
            self.widths([(WIDTH - gap) / 2, gap, (WIDTH - gap) / 2]),
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
        half = WIDTH / 2 - self.pad(10)

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
                    ("LINEBELOW", (0, 0), (0, 0), 0.8, HexColor(INK)),
                    ("LINEBELOW", (0, 2), (0, 2), 0.8, HexColor(INK)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ],
            )

        both = self.table(
            [self.columns([signature(H.SIGNED_SURVIVOR), signature(H.SIGNED_NAVIGATOR)])],
            [WIDTH / 2, WIDTH / 2],
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
