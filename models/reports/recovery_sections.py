"""The body of a recovery summary, section by section, as platypus flowables.

Shared by the recovery summary and the police summary, so both say the same thing the same way.
Each section appears only when the DTO holds its content: no identity, no identity section; no
assessments, no score sections. Notes and goals are never printed, whatever the DTO holds.

The reader is outside the charity (a police officer, a solicitor, a funder), so the words are
plain and the 1 to 5 scale is explained once, next to the scores.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from models.dto import IdentityDTO, RecoverySummaryDTO, SupportGivenDTO
from models.reports.recovery_scores import assessments_block, change_block, trends_block
from models.reports.summary_blocks import label_table, section
from models.rules.date_text import format_date

__all__ = [
    "details_block",
    "identity_block",
    "identity_rows",
    "summary_body",
    "support_block",
]


def details_block(summary: RecoverySummaryDTO) -> list[Flowable]:
    """Case reference, when the case opened, and who prepared the summary and when."""
    prepared_by = ", ".join(p for p in (summary.prepared_by, summary.organisation) if p.strip())
    rows = [
        ("Case reference", summary.case_reference),
        ("Case opened", format_date(summary.opened_on)),
        ("Prepared on", format_date(summary.prepared_on)),
    ]
    if prepared_by:
        rows.append(("Prepared by", prepared_by))
    return [label_table(rows)]


def identity_rows(identity: IdentityDTO) -> list[tuple[str, str]]:
    """The identity fields that hold something, labelled, in a fixed order."""
    rows = [
        ("Name", identity.name),
        ("Known as", identity.known_as),
        ("Date of birth or age", identity.date_of_birth),
        ("Gender", identity.gender),
        ("Nationality", identity.nationality),
        ("Languages", identity.languages),
        ("Phone", identity.phone),
        ("Email", identity.email),
    ]
    return [(label, value.strip()) for label, value in rows if value.strip()]


def identity_block(identity: IdentityDTO | None) -> list[Flowable]:
    if identity is None:
        return []
    rows = identity_rows(identity)
    if not rows:
        return []
    return section("About the survivor", [label_table(rows)])


def _goals_text(support: SupportGivenDTO) -> str:
    if support.goals_in_plan == 0:
        return "No goals in an agreed support plan yet"
    noun = "goal" if support.goals_in_plan == 1 else "goals"
    return f"{support.goals_met} of {support.goals_in_plan} {noun} met"


def support_block(support: SupportGivenDTO | None) -> list[Flowable]:
    """Counts only: contacts, referrals and plan goals met (never what the goals were)."""
    if support is None:
        return []
    rows = [
        ("Contacts with the navigator", str(support.contacts)),
        ("Referrals to other services", str(support.referrals)),
        ("Support plan goals", _goals_text(support)),
    ]
    return section("Support given", [label_table(rows)])


def summary_body(summary: RecoverySummaryDTO) -> list[Flowable]:
    """Everything after the title and the opening lines, in reading order."""
    story: list[Flowable] = [*details_block(summary), *identity_block(summary.identity)]
    story += change_block(summary.assessments)
    if summary.show_trends:
        story += trends_block(summary.assessments)
    story += assessments_block(summary.assessments)
    story += support_block(summary.support)
    return story
