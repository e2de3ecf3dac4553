"""`waypost report impact`, run on a demo vault: PDF and JSON, owner-only, audited, and the JSON
figures equal to what the services report for the same period."""

from __future__ import annotations

import io
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.session import unlock_session
from models.entities import AuditEntry
from models.enums import AuditAction
from models.reports.impact_json import impact_payload

from .conftest import GOOD_PASSPHRASE, Waypost

TODAY = date(2027, 4, 2)
START, END = date(2026, 4, 1), date(2027, 3, 31)


def _session(folder: Path):
    return unlock_session(folder, GOOD_PASSPHRASE, user="navigator.one", today=lambda: TODAY)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Waypost, Path, Path]:
    root = tmp_path_factory.mktemp("report")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    made = waypost.run("demo", "--vault", str(folder), "--cases", "40", "--seed", "7")
    assert made.code == 0, made.err
    return waypost, folder, root


def _audited(folder: Path) -> int:
    session = _session(folder)
    try:
        with session.services.ctx.store.read_session() as db:
            return int(
                db.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(
                        AuditEntry.action == AuditAction.EXPORT,
                        AuditEntry.entity_type == "impact_report",
                        AuditEntry.entity_id.is_(None),
                    )
                )
                or 0
            )
    finally:
        session.close()


def _run(waypost: Waypost, folder: Path, out: Path, *extra: str):
    return waypost.run("report", "impact", "--vault", str(folder), "--from", "2026-04-01",
                       "--to", "2027-03-31", "--out", str(out), *extra)  # fmt: skip


def test_json_equals_the_services_figures(vault: tuple[Waypost, Path, Path]) -> None:
    waypost, folder, root = vault
    before = _audited(folder)
    out = root / "impact.json"
    done = _run(waypost, folder, out)
    assert done.code == 0, done.err
    assert "Support plan cases" in done.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    written = json.loads(out.read_bytes().decode("utf-8"))
    session = _session(folder)
    try:
        expected = impact_payload(session.services.impact_report(START, END))
    finally:
        session.close()
    assert written["period"] == {"from": "2026-04-01", "to": "2027-03-31"}
    assert written["figures"] == expected["figures"]
    assert written["breakdowns"] == expected["breakdowns"]
    assert _audited(folder) == before + 1


def test_pdf_is_written_owner_only_and_audited(vault: tuple[Waypost, Path, Path]) -> None:
    waypost, folder, root = vault
    before = _audited(folder)
    out = root / "impact.pdf"
    done = _run(waypost, folder, out)
    assert done.code == 0, done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Programme impact" in text and "1 April 2026 to 31 March 2027" in text
    assert "Support plan cases" in text
    assert _audited(folder) == before + 1


def test_narrowed_to_a_navigator(vault: tuple[Waypost, Path, Path]) -> None:
    waypost, folder, root = vault
    out = root / "narrowed.json"
    done = _run(waypost, folder, out, "--navigator", "navigator.one")
    assert done.code == 0, done.err
    written = json.loads(out.read_bytes())
    assert written["narrowed_to"]["navigator"] == "navigator.one"


@pytest.mark.parametrize("name", ["impact.txt", "impact.csv", "impact"])
def test_a_bad_suffix_is_a_usage_error(vault: tuple[Waypost, Path, Path], name: str) -> None:
    waypost, folder, root = vault
    before = _audited(folder)
    done = _run(waypost, folder, root / name)
    assert done.code == 2
    assert ".pdf or .json" in done.err
    assert not (root / name).exists()
    assert _audited(folder) == before


def test_to_before_from_is_a_usage_error(vault: tuple[Waypost, Path, Path]) -> None:
    waypost, folder, root = vault
    done = waypost.run("report", "impact", "--vault", str(folder), "--from", "2027-03-31",
                       "--to", "2026-04-01", "--out", str(root / "x.pdf"))  # fmt: skip
    assert done.code == 2
    assert not (root / "x.pdf").exists()
