"""The survivor's printed "what happens next" sheet: upcoming hearings in plain words and date
order, the help the court agreed, the navigator's details, and never a defendant or a charge."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from models.dto import (
    CourtCaseDraft,
    DefendantDraft,
    NavigatorProfileDTO,
    SheetHearingDTO,
    SpecialMeasureDTO,
    SurvivorRoleDTO,
    WhatHappensNextDTO,
)
from models.entities import AuditEntry
from models.enums import AuditAction, CourtEventKind, SpecialMeasure
from models.reports.court_sheet import (
    HEARING_WORDS,
    MEASURE_WORDS,
    build_what_happens_next,
    date_in_words,
    what_happens_next_file_name,
)
from models.services.facade import Services

from .conftest import TODAY, support_case
from .test_support_plan_pdf import NAVIGATOR, pypdf_pages, squash

K = CourtEventKind
COURT = CourtCaseDraft(court_name="Maidstone Crown Court", police_force="Kent Police")
LABEL = "ZQ-Sentinel"
CHARGE = "Zarathustra s.2 MSA 2015"
REASON = "Zarathustra interpreter absent"


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(pypdf_pages(pdf)).split())


def assert_in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} missing or out of order"
        at = found


def court_with_hearings(services: Services, case_id: int) -> int:
    created = services.create_court_case(COURT, [case_id])
    cc = created.id
    services.add_defendant(cc, DefendantDraft(LABEL, (CHARGE,)))
    services.add_court_event(cc, K.CHARGE, TODAY - timedelta(days=60), actual_on=TODAY)
    services.add_court_event(
        cc, K.FIRST_APPEARANCE, TODAY - timedelta(days=40), actual_on=TODAY - timedelta(days=40)
    )
    services.add_court_event(cc, K.SENTENCING, date(2027, 9, 1))
    services.add_court_event(cc, K.TRIAL_START, date(2027, 5, 10))
    ptph = services.add_court_event(cc, K.PTPH, date(2026, 12, 1))
    services.reschedule_event(ptph.id, ptph.version, date(2027, 1, 12), REASON)
    link = services.court_case(cc).link(case_id)
    assert link is not None
    after_role = services.set_survivor_role(
        cc,
        case_id,
        link.version,
        SurvivorRoleDTO(
            witness=True, victim_personal_statement=True, vps_on=TODAY - timedelta(days=10)
        ),
    )
    link = after_role.link(case_id)
    assert link is not None
    version = link.version
    for measure, granted in (
        (SpecialMeasure.SCREENS, True),
        (SpecialMeasure.LIVE_LINK, False),
        (SpecialMeasure.INTERMEDIARY, None),
    ):
        updated = services.set_special_measure(
            cc,
            case_id,
            version,
            SpecialMeasureDTO(
                measure,
                requested_on=TODAY - timedelta(days=5),
                granted=granted,
                decided_on=TODAY if granted is not None else None,
            ),
        )
        new_link = updated.link(case_id)
        assert new_link is not None
        version = new_link.version
    return cc


@pytest.fixture
def with_court(services: Services) -> tuple[Services, int]:
    case_id = services.create_case(support_case(given="Hoa")).id
    court_with_hearings(services, case_id)
    services.save_navigator_profile(NAVIGATOR)
    return services, case_id


def test_the_sheet_lists_upcoming_hearings_in_date_order_in_plain_words(
    with_court: tuple[Services, int],
) -> None:
    services, case_id = with_court
    rendered = services.prepare_what_happens_next(case_id)
    text = text_of(rendered.pdf)
    assert "Your court case" in text
    ptph, trial, sentencing = (HEARING_WORDS[k] for k in (K.PTPH, K.TRIAL_START, K.SENTENCING))
    assert_in_order(
        text,
        [
            "Tuesday 12 January 2027",
            ptph[1].split(".")[0],
            "Monday 10 May 2027",
            trial[1],
            "Wednesday 1 September 2027",
            sentencing[1],
        ],
    )
    # Past and moved-away dates are not listed; the first appearance already happened.
    assert "1 December 2026" not in text
    assert HEARING_WORDS[K.FIRST_APPEARANCE][0] not in text
    assert "often change" in text
    assert rendered.file_name == "what-happens-next-" + rendered.case_reference + ".pdf"


def test_the_sheet_shows_granted_measures_the_role_and_the_navigator(
    with_court: tuple[Services, int],
) -> None:
    services, case_id = with_court
    text = text_of(services.prepare_what_happens_next(case_id).pdf)
    assert MEASURE_WORDS[SpecialMeasure.SCREENS] in text
    assert MEASURE_WORDS[SpecialMeasure.LIVE_LINK] not in text  # refused
    assert_in_order(text, ["not decided yet", MEASURE_WORDS[SpecialMeasure.INTERMEDIARY][:20]])
    assert "You are a witness" in text
    assert "victim personal statement" in text
    for value in (NAVIGATOR.display_name, NAVIGATOR.work_phone, NAVIGATOR.work_email):
        assert value in text
    assert "For Hoa" in text


def test_the_sheet_never_shows_defendants_charges_reasons_or_other_survivors(
    services: Services,
) -> None:
    mine = services.create_case(support_case(given="Hoa")).id
    other = services.create_case(support_case(given="Quilliam")).id
    cc = court_with_hearings(services, mine)
    link = services.court_case(cc).link(mine)
    assert link is not None
    # Link the other survivor to a second court case with its own measure.
    second = services.create_court_case(COURT, [mine, other])
    other_link = second.link(other)
    assert other_link is not None
    services.set_special_measure(
        second.id,
        other,
        other_link.version,
        SpecialMeasureDTO(SpecialMeasure.CLEARING_PUBLIC_GALLERY, TODAY, True, TODAY),
    )
    text = squash(text_of(services.prepare_what_happens_next(mine).pdf))
    for secret in (LABEL, CHARGE, REASON, "Quilliam", "Zarathustra"):
        assert squash(secret) not in text
    assert squash(MEASURE_WORDS[SpecialMeasure.CLEARING_PUBLIC_GALLERY]) not in text


def test_a_case_with_no_court_case_says_so_plainly(services: Services) -> None:
    case_id = services.create_case(support_case()).id
    text = text_of(services.prepare_what_happens_next(case_id).pdf)
    assert "There is no court case yet" in text
    assert "The next dates" not in text


def test_printing_is_audited_with_the_case_id_only(with_court: tuple[Services, int]) -> None:
    services, case_id = with_court
    services.prepare_what_happens_next(case_id)
    from sqlalchemy import select

    with services.ctx.store.read_session() as session:
        before = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "court_sheet"))
        assert list(before) == []
    services.record_what_happens_next_printed(case_id)
    with services.ctx.store.read_session() as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "court_sheet")
        ).all()
        assert entry.action == AuditAction.PRINT
        assert entry.entity_id == case_id


def test_file_name_and_date_words() -> None:
    assert what_happens_next_file_name("WP-2026-0042") == "what-happens-next-WP-2026-0042.pdf"
    assert date_in_words(date(2027, 3, 2)) == "Tuesday 2 March 2027"


def arabic_sheet() -> WhatHappensNextDTO:
    return WhatHappensNextDTO(
        case_id=1,
        case_reference="WP-2026-0042",
        survivor_name="فاطمة",
        language="ar",
        court_cases=1,
        hearings=(
            SheetHearingDTO(date(2027, 1, 12), K.PTPH, "محكمة ميدستون", moved=True),
            SheetHearingDTO(date(2027, 5, 10), K.TRIAL_START, "Maidstone Crown Court"),
        ),
        witness=True,
        measures_granted=(SpecialMeasure.SCREENS, SpecialMeasure.LIVE_LINK),
        navigator=NavigatorProfileDTO(display_name="Jane Smith", work_phone="01632 960 001"),
        printed_on=TODAY,
    )


def test_an_arabic_sheet_keeps_the_name_and_says_it_is_in_english() -> None:
    text = squash(text_of(build_what_happens_next(arabic_sheet())))
    assert squash("فاطمة") in text
    assert squash("This sheet is in English") in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_an_arabic_sheet_renders_with_visible_ink(tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "sheet.pdf"
    source.write_bytes(build_what_happens_next(arabic_sheet()))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    [png] = sorted(tmp_path.glob("p*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    assert sum(image.histogram()[:128]) > 0.01 * width * height
