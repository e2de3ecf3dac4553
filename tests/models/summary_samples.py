"""Hand-built recovery summaries and the ways the summary tests read PDFs back.

Text is extracted with pypdf, page by page, and compared with its whitespace collapsed (pypdf
puts each table cell on a line of its own). Pages are rendered with pdftoppm when it is installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from models.dto import (
    AssessmentDTO,
    DomainScoreDTO,
    IdentityDTO,
    PoliceRecipientDTO,
    PoliceSummaryDTO,
    RecoverySummaryDTO,
    SupportGivenDTO,
)
from models.enums import AssessmentKind, ConsentRecipient, ExportField, RecoveryDomain

DOMAINS = tuple(RecoveryDomain)
REFERENCE = "WP-2026-0042"
EXPORT_REFERENCE = "EX-2026-0007-K7QD"
SECRET_NOTE = "Flashbacks after the trial date letter"
SECRET_GOAL = "Move away from Margate before summer"

Scores = Sequence[int | None]


def assessment(
    number: int, kind: AssessmentKind, on: date, survivor: Scores, navigator: Scores
) -> AssessmentDTO:
    """An assessment with a note and a goal in every domain: they must never be printed."""
    return AssessmentDTO(
        id=number,
        case_id=1,
        kind=kind,
        assessed_on=on,
        recorded_by="navigator.one",
        version=1,
        scores=tuple(
            DomainScoreDTO(
                domain,
                survivor_score=survivor[i],
                navigator_score=navigator[i],
                survivor_note=SECRET_NOTE,
                navigator_note=SECRET_NOTE,
                goal=SECRET_GOAL,
            )
            for i, domain in enumerate(DOMAINS)
        ),
    )


INTAKE = assessment(
    1, AssessmentKind.INTAKE, date(2026, 3, 2), [1, 2, 1, 1, 2, 1], [1, 1, 1, 2, 1, 1]
)
REVIEW = assessment(
    2, AssessmentKind.REVIEW, date(2026, 7, 6), [2, 3, 2, 2, 3, 1], [2, 3, 1, 2, 3, 2]
)
REVIEW_PARTIAL = assessment(
    3, AssessmentKind.REVIEW, date(2026, 11, 9), [3, 3, None, 3, 4, 2], [2, 4, 2, 3, 3, 2]
)
# Survivor 21 (intake 8: +13); navigator 20 (intake 7: +13). They disagree in mental health,
# social connection and legal status.
CLOSING = assessment(
    4, AssessmentKind.CLOSING, date(2027, 3, 1), [4, 4, 3, 3, 4, 3], [3, 4, 3, 4, 4, 2]
)
FOUR = (INTAKE, REVIEW, REVIEW_PARTIAL, CLOSING)

IDENTITY = IdentityDTO(
    name="Amina Haile",
    known_as="Mimi",
    date_of_birth="Born 2 Mar 1998 (28)",
    gender="Woman",
    nationality="Eritrea",
    languages="Tigrinya (interpreter needed)",
    phone="07700 900123",
    email="",
)
SUPPORT = SupportGivenDTO(contacts=23, referrals=4, goals_met=3, goals_in_plan=5)
RECIPIENT = PoliceRecipientDTO(
    ConsentRecipient.POLICE, "Kent Police", "DC Sam Patel", "Officer in the case"
)
RECIPIENT_LINE = "DC Sam Patel, Officer in the case, Kent Police"


def summary(
    assessments: Sequence[AssessmentDTO] = FOUR,
    *,
    identity: IdentityDTO | None = IDENTITY,
    show_trends: bool = True,
    support: SupportGivenDTO | None = SUPPORT,
) -> RecoverySummaryDTO:
    return RecoverySummaryDTO(
        case_reference=REFERENCE,
        prepared_on=date(2027, 3, 4),
        prepared_by="Jane Smith",
        organisation="Hope Navigators (Kent)",
        opened_on=date(2026, 3, 2),
        identity=identity,
        assessments=tuple(assessments),
        show_trends=show_trends,
        support=support,
    )


def many_reviews(count: int) -> tuple[AssessmentDTO, ...]:
    """An intake and ``count - 1`` reviews a month apart: enough to run over several pages."""
    out = [INTAKE]
    for number in range(2, count + 1):
        level = 1 + number % 5
        out.append(
            assessment(
                number,
                AssessmentKind.REVIEW,
                INTAKE.assessed_on + timedelta(days=30 * (number - 1)),
                [level] * 6,
                [max(1, level - 1)] * 6,
            )
        )
    return tuple(out)


def police(
    content: RecoverySummaryDTO | None = None,
    *,
    fields: frozenset[ExportField] = frozenset(ExportField),
    reference: str = EXPORT_REFERENCE,
    recipient: PoliceRecipientDTO = RECIPIENT,
) -> PoliceSummaryDTO:
    return PoliceSummaryDTO(
        summary=content or summary(),
        recipient=recipient,
        fields=fields,
        export_reference=reference,
    )


# -- reading PDFs back -----------------------------------------------------------------------------


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def pages_text(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


@dataclass(frozen=True)
class Placed:
    text: str
    y: float  # the baseline's height above the bottom of the page, in points


def placed_text(pdf: bytes, page_index: int) -> list[Placed]:
    """Each piece of text on a page with its height (no rotation: headers, footers, body)."""
    found: list[Placed] = []

    def visit(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        if text.strip():
            found.append(Placed(text.strip(), tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[page_index].extract_text(visitor_text=visit)
    return found


def render(pdf: bytes, tmp_path: Path, *, first: int = 1, last: int = 1) -> list[Image.Image]:
    """Pages rendered at 60 dpi, in RGB; skips the test when pdftoppm is not installed."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "summary.pdf"
    source.write_bytes(pdf)
    pages = ["-f", str(first), "-l", str(last)]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", *pages, str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    return [Image.open(path).convert("RGB") for path in sorted(tmp_path.glob("page*.png"))]


def dark_share(image: Image.Image, box: tuple[int, int, int, int] | None = None) -> float:
    """The share of a region's pixels that are dark (ink, not paper or a pale panel)."""
    region = (image.crop(box) if box else image).convert("L")
    histogram = region.histogram()
    return sum(histogram[:128]) / (region.size[0] * region.size[1])
