"""The survivor's priorities, then the goals of each recovery domain and their actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.colors import HexColor
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from models.dto import PrintableAction, PrintableGoal
from models.enums import RecoveryDomain
from models.reports import plan_headings as H
from models.reports.plan_pdf.base import BuilderBase
from models.reports.plan_pdf.flowables import Rule, Ruled
from models.reports.plan_pdf.layout import (
    ACCENT,
    INK,
    LONG_CELL,
    PANEL,
    RULE,
    WHO_ME,
    WHO_NAVIGATOR,
    WIDTH,
)
from models.reports.plan_pdf.naming import format_date
from models.reports.text import MultiScriptParagraph, text_width


class GoalsSection(BuilderBase):
    """Priorities, goals by domain and the table of each goal's actions."""

    def priorities_block(self) -> list[Flowable]:
        s = self.s
        out = self.heading(self.h(H.MY_PRIORITIES), s.section, s.section_english)
        text = self.plan.survivor_priorities.strip() or "—"
        out.append(Ruled(self.para(text, replace(s.words, space_before=2))))
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
            pending.append(Rule(self.pad(1.2)))
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
        out += self.heading(label, replace(s.strong, space_before=6, color=ACCENT), s.small_english)
        out += self.heading(
            self.h(H.IN_MY_WORDS), replace(s.label, space_before=2), s.label_english
        )
        words = goal.survivor_words.strip() or "—"
        out.append(Ruled(self.para(words, replace(s.words, space_before=2, space_after=3))))
        if goal.review_date is not None:
            review = self.h(H.REVIEW_DATE)
            line = f"{review.text}: {format_date(goal.review_date)}"
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
        if key in WHO_ME:
            return self.cell(self.h(H.WHO_ME), self.s.body, self.s.small_english)
        if key in WHO_NAVIGATOR:
            return self.cell(self.h(H.WHO_MY_NAVIGATOR), self.s.body, self.s.small_english)
        return [self.value(who.strip() or "—")]

    def actions_table(self, actions: Sequence[PrintableAction]) -> Table:
        s = self.s
        header_style = replace(s.label, color=INK)
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
                        [self.value(format_date(action.by_when))],
                        self.cell(status, s.body, s.small_english),
                    ]
                )
            )
        # The date column fits a whole date; the rest share what is left.
        by_when = text_width("28/12/2026", s.body, "ltr") + 2 * self.pad(5) + 2
        rest = WIDTH - by_when
        return self.table(
            rows,
            self.widths([0.5 * rest, 0.25 * rest, by_when, 0.25 * rest]),
            [
                ("BACKGROUND", (0, 0), (-1, 0), HexColor(PANEL)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(ACCENT)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, HexColor(RULE)),
            ],
            repeat=1,
            # Rows move to the next page whole; only an action too long for any page is cut.
            split_in_row=any(len(a.what) > LONG_CELL for a in actions),
        )
