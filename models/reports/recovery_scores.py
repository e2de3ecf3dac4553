"""The score sections of a summary: the change in each domain (with the scale explained and
whether recovery improved, by each perspective), the trend charts and the list of assessments.

The survivor's view and the navigator's are always side by side, never averaged. "Improved" is
``models.rules.recovery_change.improved``: strictly above the intake's overall score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from models.dto import AssessmentDTO
from models.enums import AssessmentKind, Perspective
from models.reports.charts import trend_chart, trend_legend
from models.reports.summary_blocks import cell, section, table
from models.reports.summary_style import ACCENT, PANEL, RULE, WIDTH, S, change_text, score_text
from models.reports.summary_text import para
from models.rules.assessment_scale import HIGHEST_SCORE, LEVEL_NAMES, LOWEST_SCORE
from models.rules.date_text import format_date
from models.rules.plan_terms import DOMAIN_WORDS
from models.rules.recovery_change import (
    DOMAINS,
    disagreements,
    domain_change,
    improved,
    intake_of,
    latest_after_intake,
    overall_change,
    overall_score,
)

__all__ = [
    "KIND_WORDS",
    "assessments_block",
    "change_block",
    "improvement_text",
    "scale_explanation",
    "trends_block",
]

KIND_WORDS: dict[AssessmentKind, str] = {
    AssessmentKind.INTAKE: "Intake",
    AssessmentKind.REVIEW: "Review",
    AssessmentKind.CLOSING: "Closing",
}
_VIEW_WORDS: dict[Perspective, str] = {
    Perspective.SURVIVOR: "Survivor's view",
    Perspective.NAVIGATOR: "Navigator's view",
}
_PERSPECTIVES = (Perspective.SURVIVOR, Perspective.NAVIGATOR)
_MAX_OVERALL = HIGHEST_SCORE * len(DOMAINS)
_CHARTS_PER_ROW = 3


def _ordered(assessments: Sequence[AssessmentDTO]) -> list[AssessmentDTO]:
    return sorted(assessments, key=lambda a: (a.assessed_on, a.id))


def scale_explanation() -> list[Flowable]:
    """The 1 to 5 scale in one sentence, and the name of each level on one line."""
    levels = "  \u00b7  ".join(f"{score} {LEVEL_NAMES[score]}" for score in sorted(LEVEL_NAMES))
    return [
        para(
            "The survivor and their navigator each score six areas of life (domains) from "
            f"{LOWEST_SCORE}, in crisis with the greatest need, to {HIGHEST_SCORE}, thriving "
            "without help. Their two views are shown side by side and never averaged.",
            S.body,
        ),
        para(f"Levels: {levels}", replace(S.note, space_after=2)),
    ]


def improvement_text(
    intake: AssessmentDTO | None, latest: AssessmentDTO | None, perspective: Perspective
) -> str:
    """Whether recovery improved overall, in one sentence, for one perspective.

    "Improved" means the latest overall score is strictly above the intake's: equal is "did not
    improve" (``models.rules.recovery_change.improved``).
    """
    who = (
        "In the survivor's own view"
        if perspective is Perspective.SURVIVOR
        else ("In the navigator's view")
    )
    if intake is None:
        return f"{who}, change cannot be shown: there is no intake assessment to compare with."
    if latest is None:
        return f"{who}, change cannot be shown yet: only the intake assessment has been done."
    result = improved(intake, latest, perspective)
    if result is None:
        return (
            f"{who}, there is no overall comparison: not every domain was scored at both "
            "assessments."
        )
    before = overall_score(intake, perspective)
    after = overall_score(latest, perspective)
    change = overall_change(intake, latest, perspective)
    shown = "no change" if change == 0 else change_text(change)
    verb = "improved" if result else "did not improve"
    return (
        f"{who}, recovery {verb} overall: from {before} to {after} out of {_MAX_OVERALL} ({shown})."
    )


def _comparison_line(intake: AssessmentDTO | None, latest: AssessmentDTO | None) -> str:
    if intake is not None and latest is None:
        return (
            f"Only the intake assessment, on {format_date(intake.assessed_on)}, has been done "
            "so far."
        )
    if latest is None:  # no assessments at all: change_block prints nothing then
        return ""
    kind = KIND_WORDS[latest.kind].lower()
    when = format_date(latest.assessed_on)
    if intake is None:
        return f"There is no intake assessment. The latest assessment ({kind}) was on {when}."
    return (
        f"Comparing the intake assessment on {format_date(intake.assessed_on)} with the latest "
        f"assessment ({kind}) on {when}."
    )


def _change_rows(intake: AssessmentDTO | None, latest: AssessmentDTO | None) -> list[list[Any]]:
    compared = latest or intake
    differ = disagreements(compared) if compared is not None else {}
    rows: list[list[Any]] = []
    for domain in DOMAINS:
        row: list[Any] = [cell(DOMAIN_WORDS[domain], S.cell_bold)]
        for perspective in _PERSPECTIVES:
            before = intake.score(domain, perspective) if intake else None
            after = latest.score(domain, perspective) if latest else None
            change = (
                domain_change(intake, latest, domain, perspective) if intake and latest else None
            )
            row += [
                cell(score_text(before), S.number),
                cell(score_text(after), S.number),
                cell(change_text(change), S.number_bold),
            ]
        gap = differ.get(domain)
        row.append(cell(f"Views differ by {abs(gap)}" if gap else "", S.flag))
        rows.append(row)
    overall: list[Any] = [cell(f"Overall (out of {_MAX_OVERALL})", S.cell_bold)]
    for perspective in _PERSPECTIVES:
        before = overall_score(intake, perspective) if intake else None
        after = overall_score(latest, perspective) if latest else None
        change = overall_change(intake, latest, perspective) if intake and latest else None
        overall += [
            cell(score_text(before), S.number_bold),
            cell(score_text(after), S.number_bold),
            cell(change_text(change), S.number_bold),
        ]
    overall.append(cell(""))
    rows.append(overall)
    return rows


def change_block(assessments: Sequence[AssessmentDTO]) -> list[Flowable]:
    """Intake and latest score in each domain, from each perspective, with the change."""
    if not assessments:
        return []
    intake = intake_of(assessments)
    latest = latest_after_intake(assessments)
    name_width, flag_width = 100.0, 86.0
    score_width = (WIDTH - name_width - flag_width) / 6
    header_top = [
        cell(""),
        cell(_VIEW_WORDS[Perspective.SURVIVOR], S.head_center),
        "",
        "",
        cell(_VIEW_WORDS[Perspective.NAVIGATOR], S.head_center),
        "",
        "",
        cell(""),
    ]
    header = [cell("Domain", S.head)]
    for _perspective in _PERSPECTIVES:
        header += [cell(text, S.head_center) for text in ("Intake", "Latest", "Change")]
    header.append(cell("Latest views", S.head))
    rows = [header_top, header, *_change_rows(intake, latest)]
    last = len(rows) - 1
    grid = table(
        rows,
        [name_width, *[score_width] * 6, flag_width],
        [
            ("SPAN", (1, 0), (3, 0)),
            ("SPAN", (4, 0), (6, 0)),
            ("BACKGROUND", (0, 0), (-1, 1), HexColor(PANEL)),
            ("LINEBELOW", (1, 0), (6, 0), 0.4, HexColor(RULE)),
            ("LINEBELOW", (0, 1), (-1, 1), 0.8, HexColor(ACCENT)),
            ("LINEBELOW", (0, 2), (-1, last - 1), 0.3, HexColor(RULE)),
            ("LINEABOVE", (0, last), (-1, last), 0.8, HexColor(ACCENT)),
            # A rule between the two views, so no one reads across from one into the other.
            ("LINEAFTER", (3, 0), (3, -1), 0.8, HexColor(ACCENT)),
            ("LINEAFTER", (6, 1), (6, -1), 0.4, HexColor(RULE)),
        ],
        repeat=2,
    )
    lines = [para(improvement_text(intake, latest, p), S.body) for p in _PERSPECTIVES]
    # The table is read with its explanation and its conclusions: one block, never split.
    return section(
        "Change in each domain",
        [
            *scale_explanation(),
            para(_comparison_line(intake, latest), replace(S.body, space_before=4, space_after=5)),
            grid,
            para(
                f"{score_text(None)} means not scored, or nothing yet to compare with. "
                '"Views differ" marks a domain where the survivor and the navigator gave '
                "different scores in the latest assessment.",
                S.note,
            ),
            Spacer(1, 6),
            *lines,
        ],
    )


def _overall_text(assessment: AssessmentDTO, perspective: Perspective) -> str:
    total = overall_score(assessment, perspective)
    return "Not every domain scored" if total is None else f"{total} out of {_MAX_OVERALL}"


def assessments_block(assessments: Sequence[AssessmentDTO]) -> list[Flowable]:
    """Every assessment, oldest first: its date, its kind and each view's overall score."""
    if not assessments:
        return []
    widths = [110.0, 90.0, (WIDTH - 200.0) / 2, (WIDTH - 200.0) / 2]
    header = [
        cell(text, S.head)
        for text in ("Date", "Assessment", "Survivor's overall", "Navigator's overall")
    ]
    rows: list[list[Any]] = [header]
    for assessment in _ordered(assessments):
        rows.append(
            [
                cell(format_date(assessment.assessed_on)),
                cell(KIND_WORDS[assessment.kind]),
                cell(_overall_text(assessment, Perspective.SURVIVOR)),
                cell(_overall_text(assessment, Perspective.NAVIGATOR)),
            ]
        )
    grid = table(
        rows,
        widths,
        [
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(PANEL)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(ACCENT)),
            ("LINEBELOW", (0, 1), (-1, -2), 0.3, HexColor(RULE)),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ],
        repeat=1,
    )
    return section("Assessments", [grid], together=False)


def trends_block(assessments: Sequence[AssessmentDTO]) -> list[Flowable]:
    """One small chart per domain, three to a row, under a legend that says whose line is whose."""
    if not assessments:
        return []
    gap = 10.0
    chart_width = (WIDTH - gap * (_CHARTS_PER_ROW - 1)) / _CHARTS_PER_ROW
    charts = [trend_chart(assessments, domain, width=chart_width) for domain in DOMAINS]
    rows = [
        charts[start : start + _CHARTS_PER_ROW] for start in range(0, len(charts), _CHARTS_PER_ROW)
    ]
    grid = Table(
        rows,
        colWidths=[chart_width + gap] * (_CHARTS_PER_ROW - 1) + [chart_width],
        hAlign="LEFT",
    )
    grid.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    intro = para(
        f"Each chart shows one domain over time, from {LOWEST_SCORE} (crisis) at the bottom to "
        f"{HIGHEST_SCORE} (thriving) at the top.",
        replace(S.body, space_after=4),
    )
    return section("Trends over time", [intro, trend_legend(WIDTH), Spacer(1, 4), grid])
