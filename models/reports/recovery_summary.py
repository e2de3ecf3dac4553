"""The recovery summary: how a survivor's recovery changed, for a reader outside the charity.

Built from a :class:`~models.dto.RecoverySummaryDTO` with reportlab, no Qt and no ``Session``.
The body (``models.reports.recovery_sections``) is shared with the police summary. The file
name and the PDF metadata carry the case reference at most, never the survivor's name.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from models.dto import RecoverySummaryDTO
from models.reports.recovery_sections import summary_body
from models.reports.summary_pages import build_pdf, safe_file_part, summary_footer
from models.reports.summary_style import S
from models.reports.summary_text import para

__all__ = ["TITLE", "build_recovery_summary", "recovery_summary_file_name"]

TITLE = "Recovery summary"


def recovery_summary_file_name(case_reference: str) -> str:
    """``recovery-summary-WP-2026-0042.pdf``: no personal data in the default file name."""
    return f"recovery-summary-{safe_file_part(case_reference, 'case')}.pdf"


def lead_text(summary: RecoverySummaryDTO) -> str:
    """One sentence on what this summary holds (only what it holds)."""
    organisation = summary.organisation.strip() or "the charity"
    shows = []
    if summary.assessments:
        shows.append("how the survivor's recovery has changed")
    if summary.support is not None:
        shows.append(f"the support {organisation} has given")
    if not shows:
        return f"This summary is about a survivor supported by {organisation}."
    return "This summary shows " + " and ".join(shows) + "."


def opening(summary: RecoverySummaryDTO) -> list[Flowable]:
    """The title and one sentence on what the document is."""
    return [para(TITLE, S.title), para(lead_text(summary), S.lead)]


def build_recovery_summary(summary: RecoverySummaryDTO) -> bytes:
    """Build the recovery summary (A4) and return the PDF bytes."""
    return build_pdf(
        [*opening(summary), *summary_body(summary)],
        title=TITLE,
        subject="Waypost recovery summary",
        decorate=summary_footer(summary.case_reference),
    )
