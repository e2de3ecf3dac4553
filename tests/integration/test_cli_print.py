"""`waypost print support-plan`, run as a navigator would, on a demo vault."""

from __future__ import annotations

import io
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.session import unlock_session
from models.dto import (
    CaseFields,
    CaseloadQuery,
    NavigatorProfileDTO,
    NewCase,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
)
from models.entities import AuditEntry
from models.enums import AuditAction, CaseKind, RecoveryDomain, ReferralSource

from .conftest import GOOD_PASSPHRASE, Waypost

AGREED_ON = date(2026, 11, 20)


def _session(folder: Path):
    # The demo vault's envelope needs no keyring.
    return unlock_session(folder, GOOD_PASSPHRASE, user="navigator.one", today=lambda: AGREED_ON)


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A demo vault with two cases added: one with an agreed plan, one with a draft only."""
    root = tmp_path_factory.mktemp("print")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    made = waypost.run("demo", "--vault", str(folder), "--cases", "12", "--seed", "3")
    assert made.code == 0, made.err

    session = _session(folder)
    try:
        services = session.services
        rows = services.caseload_rows(services.caseload_ids(CaseloadQuery()))
        advice = next(r.reference for r in rows if r.kind is CaseKind.STRATEGIC_ADVICE)
        services.save_navigator_profile(
            NavigatorProfileDTO("Jane Smith", "Hope Navigators", "01632 960 001", "")
        )

        def new_case(given: str) -> tuple[int, str]:
            detail = services.create_case(
                NewCase(
                    fields=CaseFields(
                        kind=CaseKind.SUPPORT_PLAN,
                        opened_on=date(2026, 3, 2),
                        referral_source=ReferralSource.NGO,
                    ),
                    person=PersonFields(given_names=given, family_name="Haddad"),
                )
            )
            return detail.id, detail.reference

        content = PlanDraftDTO(
            language="ar",
            survivor_priorities="أريد أن أشعر بالأمان في منزلي.",
            safety_plan="اتصل بالرقم 999",
            goals=(
                PlanGoalDTO(
                    RecoveryDomain.MENTAL_HEALTH,
                    "أريد أن أنام جيدا في الليل.",
                    date(2027, 1, 15),
                    (PlanActionDTO("اتصل بالممرضة Sarah Jones على الرقم 07700 900123", "Me"),),
                ),
            ),
        )
        agreed_case, agreed_ref = new_case("Amina")
        draft = services.start_plan_draft(agreed_case)
        draft = services.save_plan_draft(draft.id, draft.version, content)
        agreed = services.agree_plan(draft.id, draft.version, AGREED_ON, True)
        # A newer draft exists too: the plan in force is what gets printed.
        services.start_plan_draft(agreed_case)

        draft_case, draft_ref = new_case("Leila")
        only_draft = services.start_plan_draft(draft_case)
        only_draft = services.save_plan_draft(only_draft.id, only_draft.version, content)

        _empty_case, empty_ref = new_case("Noor")
    finally:
        session.close()
    return {
        "waypost": waypost,
        "folder": folder,
        "agreed_ref": agreed_ref,
        "agreed_id": agreed.id,
        "draft_ref": draft_ref,
        "draft_id": only_draft.id,
        "empty_ref": empty_ref,
        "advice_ref": advice,
    }


def _print(vault: dict[str, object], reference: str, out: Path, *extra: str):
    waypost = vault["waypost"]
    assert isinstance(waypost, Waypost)
    return waypost.run(
        "print", "support-plan", reference, "--vault", str(vault["folder"]), "--out", str(out),
        *extra,
    )  # fmt: skip


def _prints(folder: Path) -> list[int | None]:
    session = _session(folder)
    try:
        with session.services.ctx.store.read_session() as db:
            return list(
                db.scalars(
                    select(AuditEntry.entity_id)
                    .where(AuditEntry.action == AuditAction.PRINT)
                    .where(AuditEntry.entity_type == "support_plan")
                    .order_by(AuditEntry.id)
                )
            )
    finally:
        session.close()


def test_print_writes_a_valid_owner_only_pdf_and_records_the_print(
    demo_vault: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "plan.pdf"
    reference = str(demo_vault["agreed_ref"])
    before = _prints(Path(str(demo_vault["folder"])))
    result = _print(demo_vault, reference, out)
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reference in text and "08000 121 700" in text and "Jane Smith" in text
    assert reader.metadata is not None
    assert reader.metadata.title == f"Support plan {reference}"
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    # What it says: the reference, the version, the time taken; never the survivor's name.
    assert reference in result.out and "version 1" in result.out
    assert re.search(r"Built in \d+ ms", result.out)
    assert "Amina" not in result.out + result.err
    prints = _prints(Path(str(demo_vault["folder"])))
    assert prints == [*before, demo_vault["agreed_id"]]


def test_print_takes_a_language_and_large_type(
    demo_vault: dict[str, object], tmp_path: Path
) -> None:
    normal, large = tmp_path / "normal.pdf", tmp_path / "large.pdf"
    reference = str(demo_vault["agreed_ref"])
    assert _print(demo_vault, reference.lower(), normal, "--language", "vi").code == 0
    result = _print(demo_vault, reference, large, "--language", "VI", "--large-type")
    assert result.code == 0, result.err
    assert "large type" in result.out
    normal_pdf, large_pdf = PdfReader(str(normal)), PdfReader(str(large))
    assert normal_pdf.trailer["/Root"]["/Lang"] == large_pdf.trailer["/Root"]["/Lang"] == "vi"
    assert len(large_pdf.pages) > len(normal_pdf.pages)
    assert "Kế hoạch hỗ trợ của tôi" in large_pdf.pages[0].extract_text()


def test_a_case_with_only_a_draft_prints_it_marked_draft(
    demo_vault: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "draft.pdf"
    result = _print(demo_vault, str(demo_vault["draft_ref"]), out)
    assert result.code == 0, result.err
    assert "DRAFT" in result.out
    first = PdfReader(str(out)).pages[0].extract_text()
    assert "DRAFT" in first and "This is a draft. It has not been agreed yet." in first
    assert _prints(Path(str(demo_vault["folder"])))[-1] == demo_vault["draft_id"]


@pytest.mark.parametrize(
    ("case", "message", "code"),
    [
        ("WP-2026-9999", "There is no case WP-2026-9999 in this vault.", 3),
        ("not-a-reference", "That is not a case reference", 3),
        ("advice_ref", "is a strategic advice case", 3),
        ("empty_ref", "has no support plan yet", 3),
    ],
)
def test_nothing_to_print_is_said_clearly_and_writes_nothing(
    demo_vault: dict[str, object], tmp_path: Path, case: str, message: str, code: int
) -> None:
    reference = str(demo_vault.get(case, case))
    out = tmp_path / "nothing.pdf"
    before = _prints(Path(str(demo_vault["folder"])))
    result = _print(demo_vault, reference, out)
    assert result.code == code
    assert message in result.err
    assert "Traceback" not in result.err
    assert not out.exists()
    assert _prints(Path(str(demo_vault["folder"]))) == before


def test_an_unknown_language_lists_the_ones_there_are(
    demo_vault: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    result = _print(demo_vault, str(demo_vault["agreed_ref"]), out, "--language", "xx")
    assert result.code == 2
    assert "'xx'" in result.err
    for listed in ("en (English)", "ar (Arabic)", "fa (Farsi)", "ti (Tigrinya)", "vi (Vietnamese)"):
        assert listed in result.err
    assert not out.exists()


def test_a_missing_output_folder_is_a_usage_error(
    demo_vault: dict[str, object], tmp_path: Path
) -> None:
    result = _print(demo_vault, str(demo_vault["agreed_ref"]), tmp_path / "no" / "such.pdf")
    assert result.code == 2 and "There is no folder" in result.err
