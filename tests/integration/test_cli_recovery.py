"""`waypost print recovery-summary` and `waypost export police-summary`, run as a navigator
would, on a demo vault with cases whose consent we control."""

from __future__ import annotations

import io
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.session import unlock_session
from models.dto import (
    AssessmentDraft,
    CaseFields,
    ConsentDTO,
    ContactDraft,
    DomainScoreDTO,
    NewCase,
    PersonFields,
)
from models.entities import AuditEntry, ExportRecord
from models.enums import (
    AssessmentKind,
    AuditAction,
    CaseKind,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    RecoveryDomain,
    ReferralSource,
)

from .conftest import GOOD_PASSPHRASE, Waypost

TODAY = date(2026, 11, 25)
NAME = ("Zeynep", "Aksoy")
PHONE = "07700 900777"
SAFE_ADDRESS = "14 Lantern Row, Nowhereton ZZ1 1ZZ"
OFFICER = "DC Sam Patel"


def _session(folder: Path):
    # The demo vault's envelope needs no keyring.
    return unlock_session(folder, GOOD_PASSPHRASE, user="navigator.one", today=lambda: TODAY)


def _draft(kind: AssessmentKind, on: date, base: int) -> AssessmentDraft:
    return AssessmentDraft(
        kind,
        on,
        tuple(
            DomainScoreDTO(domain, survivor_score=base, navigator_score=min(5, base + 1))
            for domain in RecoveryDomain
        ),
    )


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A demo vault plus three cases: police consent to recovery scores and support only;
    consent withdrawn; never asked."""
    root = tmp_path_factory.mktemp("recovery")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    made = waypost.run("demo", "--vault", str(folder), "--cases", "8", "--seed", "5")
    assert made.code == 0, made.err

    session = _session(folder)
    try:
        services = session.services

        def new_case(consent: ConsentDTO | None) -> str:
            detail = services.create_case(
                NewCase(
                    fields=CaseFields(
                        kind=CaseKind.SUPPORT_PLAN,
                        opened_on=date(2026, 3, 2),
                        referral_source=ReferralSource.POLICE_FORCE,
                        police_force="Kent Police",
                    ),
                    person=PersonFields(
                        given_names=NAME[0],
                        family_name=NAME[1],
                        known_as="Zee",
                        phone=PHONE,
                        safe_address=SAFE_ADDRESS,
                    ),
                )
            )
            services.record_assessment(
                detail.id, _draft(AssessmentKind.INTAKE, date(2026, 3, 9), 2)
            )
            services.record_assessment(
                detail.id, _draft(AssessmentKind.REVIEW, date(2026, 7, 9), 3)
            )
            services.add_contact(
                detail.id, ContactDraft(date(2026, 4, 1), ContactKind.REFERRAL, "Referred on.")
            )
            if consent is not None:
                assert detail.person is not None
                services.record_consent(detail.person.id, consent)
            return detail.reference

        allowed = new_case(
            ConsentDTO(
                ConsentRecipient.POLICE,
                ConsentState.GIVEN,
                given_on=date(2026, 3, 10),
                scope=frozenset({ConsentScope.RECOVERY_SCORES, ConsentScope.SUPPORT_SUMMARY}),
            )
        )
        withdrawn = new_case(
            ConsentDTO(
                ConsentRecipient.POLICE,
                ConsentState.WITHDRAWN,
                given_on=date(2026, 3, 10),
                withdrawn_on=date(2026, 11, 1),
                scope=frozenset({ConsentScope.RECOVERY_SCORES}),
            )
        )
        never_asked = new_case(None)
    finally:
        session.close()
    return {
        "waypost": waypost,
        "folder": folder,
        "root": root,
        "allowed": allowed,
        "withdrawn": withdrawn,
        "never_asked": never_asked,
    }


def _pages(path: Path, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    if password is not None:
        assert reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def _exports(folder: Path) -> int:
    session = _session(folder)
    try:
        with session.services.ctx.store.read_session() as db:
            return int(db.scalar(select(func.count()).select_from(ExportRecord)) or 0)
    finally:
        session.close()


def test_print_recovery_summary_writes_an_owner_only_pdf_and_records_the_print(
    vault: dict[str, object],
) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    out = Path(str(vault["root"])) / "summary.pdf"
    done = waypost.run("print", "recovery-summary", str(vault["allowed"]), "--vault", str(folder),
                       "--out", str(out))  # fmt: skip
    assert done.code == 0, done.err
    assert f"Wrote the recovery summary for {vault['allowed']}" in done.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "\n".join(_pages(out))
    assert "Recovery summary" in text and str(vault["allowed"]) in text
    for domain in ("Mental health", "Physical health", "Legal status"):
        assert domain in text
    assert SAFE_ADDRESS not in text and PHONE not in text

    session = _session(folder)
    try:
        with session.services.ctx.store.read_session() as db:
            printed = db.scalars(
                select(AuditEntry.entity_type).where(AuditEntry.action == AuditAction.PRINT)
            ).all()
    finally:
        session.close()
    assert "recovery_summary" in printed


def test_export_sends_only_what_consent_allows_and_marks_every_page(
    vault: dict[str, object],
) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    out_dir = Path(str(vault["root"])) / "exports"
    out_dir.mkdir()
    before = _exports(folder)
    done = waypost.run("export", "police-summary", str(vault["allowed"]), "--recipient", OFFICER,
                       "--vault", str(folder), "--out", str(out_dir))  # fmt: skip
    assert done.code == 0, done.err
    (written,) = out_dir.iterdir()
    reference = written.name.removeprefix("police-summary-").removesuffix(".pdf")
    assert reference.startswith("EX-") and reference in done.out
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    pages = _pages(written)
    for page in pages:
        assert "OFFICIAL-SENSITIVE" in page
        assert OFFICER in page and "Kent Police" in page
        assert reference in page
    text = "\n".join(pages)
    assert "Mental health" in text  # recovery scores were consented to
    for private in (*NAME, "Zee", PHONE, SAFE_ADDRESS):
        assert private not in text
    assert _exports(folder) == before + 1


@pytest.mark.parametrize(
    ("case_key", "reason"),
    [("withdrawn", "withdrew their consent"), ("never_asked", "has not given consent")],
)
def test_export_without_consent_is_refused_and_writes_nothing(
    vault: dict[str, object], case_key: str, reason: str
) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    out = Path(str(vault["root"])) / f"refused-{case_key}.pdf"
    before = _exports(folder)
    done = waypost.run("export", "police-summary", str(vault[case_key]), "--recipient", OFFICER,
                       "--vault", str(folder), "--out", str(out))  # fmt: skip
    assert done.code == 4
    assert "export refused" in done.err and reason in done.err
    assert not out.exists()
    assert _exports(folder) == before


def test_asking_for_a_field_outside_consent_is_refused(vault: dict[str, object]) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    out = Path(str(vault["root"])) / "too-much.pdf"
    done = waypost.run("export", "police-summary", str(vault["allowed"]), "--recipient", OFFICER,
                       "--fields", "recovery_scores,name", "--vault", str(folder),
                       "--out", str(out))  # fmt: skip
    assert done.code == 4
    assert "does not cover: name" in done.err
    assert not out.exists()


def test_an_encrypted_export_opens_only_with_its_password(vault: dict[str, object]) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    out = Path(str(vault["root"])) / "encrypted.pdf"
    password = "tangerine-lighthouse-42"
    done = waypost.run("export", "police-summary", str(vault["allowed"]), "--recipient", OFFICER,
                       "--fields", "recovery_scores", "--password-env", "EXPORT_PASSWORD",
                       "--vault", str(folder), "--out", str(out),
                       EXPORT_PASSWORD=password)  # fmt: skip
    assert done.code == 0, done.err
    assert "AES-256" in done.out
    locked = PdfReader(io.BytesIO(out.read_bytes()))
    assert locked.is_encrypted
    assert not locked.decrypt("not the password")
    text = "\n".join(_pages(out, password))
    assert "OFFICIAL-SENSITIVE" in text and "Mental health" in text
    assert "Support given" not in text  # narrowed to the scores alone


def test_a_missing_password_variable_is_a_usage_error(vault: dict[str, object]) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    out = Path(str(vault["root"])) / "no-password.pdf"
    done = waypost.run("export", "police-summary", str(vault["allowed"]), "--recipient", OFFICER,
                       "--password-env", "NOT_SET_ANYWHERE", "--vault", str(folder),
                       "--out", str(out))  # fmt: skip
    assert done.code == 2
    assert "NOT_SET_ANYWHERE" in done.err and not out.exists()
