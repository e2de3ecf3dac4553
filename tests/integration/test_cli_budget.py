"""`waypost budget statement` and `waypost budget export`, run as the finance team's navigator
would, on a demo vault with purchases."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.session import unlock_session
from models.dto import AllocationDraft, PurchaseDraft, PurchaseQuery
from models.entities import AuditEntry
from models.enums import AuditAction, PaymentMethod, PurchaseCategory, PurchaseStatus

from .conftest import GOOD_PASSPHRASE, Waypost

TODAY = date(2026, 11, 25)
INJECTION = '=HYPERLINK("http://example.invalid","x")'


def _session(folder: Path):
    return unlock_session(folder, GOOD_PASSPHRASE, user="navigator.one", today=lambda: TODAY)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("budget")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    made = waypost.run("demo", "--vault", str(folder), "--cases", "40", "--seed", "7")
    assert made.code == 0, made.err
    session = _session(folder)
    try:
        services = session.services
        allocation = services.save_allocation(
            AllocationDraft("Navigator float", date(2026, 11, 1), date(2026, 11, 30), 20_000)
        )
        services.record_purchase(
            PurchaseDraft(
                purchased_on=date(2026, 11, 3),
                category=PurchaseCategory.OTHER,
                amount_pence=1234,
                payment_method=PaymentMethod.CASH,
                status=PurchaseStatus.PAID,
                supplier=INJECTION,
                purpose="-2+3 sum of things",
                allocation_id=allocation.id,
            )
        )
        november = services.purchase_total(
            PurchaseQuery(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
        )
    finally:
        session.close()
    return {"waypost": waypost, "folder": folder, "root": root, "november": november}


def _audited(folder: Path, entity: str) -> int:
    session = _session(folder)
    try:
        with session.services.ctx.store.read_session() as db:
            return int(
                db.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(
                        AuditEntry.action == AuditAction.EXPORT, AuditEntry.entity_type == entity
                    )
                )
                or 0
            )
    finally:
        session.close()


def test_statement_is_written_owner_only_and_audited(vault: dict[str, object]) -> None:
    waypost, folder, root = vault["waypost"], vault["folder"], vault["root"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path) and isinstance(root, Path)
    out = root / "statement.pdf"
    done = waypost.run("budget", "statement", "--vault", str(folder), "--month", "2026-11",
                       "--out", str(out))  # fmt: skip
    assert done.code == 0, done.err
    assert "November 2026" in done.out and "paid" in done.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Budget statement" in text and "Navigator float" in text
    assert _audited(folder, "budget_statement") == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_has_every_purchase_of_the_range_with_formulas_neutralised(
    vault: dict[str, object], suffix: str
) -> None:
    waypost, folder, root = vault["waypost"], vault["folder"], vault["root"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path) and isinstance(root, Path)
    count, _paid = vault["november"]  # type: ignore[misc]
    out = root / f"purchases{suffix}"
    before = _audited(folder, "purchase_export")
    done = waypost.run("budget", "export", "--vault", str(folder), "--from", "2026-11-01",
                       "--to", "2026-11-30", "--out", str(out))  # fmt: skip
    assert done.code == 0, done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
        body = rows[1:]
        cells = [cell for row in body for cell in row]
    else:
        sheet = load_workbook(io.BytesIO(out.read_bytes())).active
        assert sheet is not None
        body = [row for row in sheet.iter_rows(min_row=2) if row[0].value is not None]
        assert not any(cell.data_type == "f" for row in body for cell in row)
        cells = [str(cell.value) for row in body for cell in row]
    assert len([row for row in body if any(row)]) >= count
    assert "'" + INJECTION in cells
    assert INJECTION not in cells
    assert _audited(folder, "purchase_export") == before + 1


def test_bad_month_and_bad_file_type_are_usage_errors(vault: dict[str, object]) -> None:
    waypost, folder, root = vault["waypost"], vault["folder"], vault["root"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path) and isinstance(root, Path)
    month = waypost.run("budget", "statement", "--vault", str(folder), "--month", "November",
                        "--out", str(root / "x.pdf"))  # fmt: skip
    assert month.code == 2 and "YYYY-MM" in month.err
    kind = waypost.run("budget", "export", "--vault", str(folder), "--from", "2026-11-01",
                       "--to", "2026-11-30", "--out", str(root / "x.txt"))  # fmt: skip
    assert kind.code == 2 and ".csv or .xlsx" in kind.err
    assert not (root / "x.pdf").exists() and not (root / "x.txt").exists()
