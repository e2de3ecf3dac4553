"""Purchase exports (CSV and XLSX) as the finance team opens them, read back with the csv module,
openpyxl and the workbook's own XML.

Formula injection (DESIGN.md section 4, OWASP "CSV injection"): a supplier, purpose or any other
text a person typed that starts like a formula must come out as text with a leading apostrophe,
and no cell of a workbook may ever be a formula. Amounts are checked exactly, as Decimal from
the file's own text, never through a float.
"""

from __future__ import annotations

import ast
import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl  # type: ignore[import-untyped]  # openpyxl has no type hints
import pytest

from models.dto import PurchaseRow
from models.enums import PurchaseCategory
from models.reports import purchase_export, purchase_sheet
from models.reports.purchase_export import (
    COLUMNS,
    export_file_name,
    neutralise,
    purchases_csv,
    purchases_xlsx,
)
from tests.models.budget_samples import ARABIC_PURPOSE, row, rows

PAYLOADS = ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
HEADINGS = [heading for heading, _ in COLUMNS]
TEXT_FIELDS = ("supplier", "purpose", "approved_by", "allocation_name", "case_reference")
# The column each typed field lands in.
FIELD_COLUMN = {
    "supplier": "Supplier",
    "purpose": "Purpose",
    "approved_by": "Approved by",
    "allocation_name": "Allocation",
    "case_reference": "Case reference",
}
AMOUNT, PENCE = "Amount (GBP)", "Amount (pence)"
PENNY = Decimal("0.01")
# openpyxl writes numbers with 16 significant digits, so 99999.99 may reach the XML as
# 99999.99000000001: the same double when Excel reads it, and far inside this.
FLOAT_NOISE = Decimal("0.000001")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def typed(field: str, payload: str) -> str:
    """What the export holds of ``payload`` after the apostrophe: all of it, but a case
    reference is trimmed first (it is the system's, and "" means a programme cost)."""
    return payload.strip() if field == "case_reference" else payload


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def load_sheet(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def sheet_records(data: bytes) -> list[dict[str, Any]]:
    sheet = load_sheet(data)
    head = [cell.value for cell in sheet[1]]
    return [dict(zip(head, cells, strict=True)) for cells in sheet.iter_rows(min_row=2)]


def same_amount(text: str, pence: int) -> bool:
    """Whether a number written in the workbook is ``pence`` in pounds, to the penny and with
    nothing but a double's last digit of noise."""
    written, exact = Decimal(text), Decimal(pence).scaleb(-2)
    return written.quantize(PENNY) == exact and abs(written - exact) < FLOAT_NOISE


def raw_numbers(data: bytes, column: str) -> list[str]:
    """The text of a column's numeric cells as the workbook's XML holds it (below the header):
    what Excel reads, before openpyxl turns it into a float."""
    letter = openpyxl.utils.get_column_letter(HEADINGS.index(column) + 1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    found = []
    for cell in root.iter(f"{_MAIN}c"):
        reference = cell.get("r", "")
        if reference.rstrip("0123456789") == letter and reference[len(letter) :] != "1":
            value = cell.find(f"{_MAIN}v")
            assert value is not None and value.text is not None, reference
            found.append(value.text)
    return found


# -- neutralise and the file name ----------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_starting_like_a_formula_gets_an_apostrophe(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize(
    "text", ["", "Tesco Extra", "1+1", " =1", "'quoted", "Café 5%", "WP-2026-0042", ARABIC_PURPOSE]
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_file_name_holds_the_dates_only(file_format: str) -> None:
    name = export_file_name(date(2026, 4, 1), date(2026, 11, 30), file_format)
    assert name == f"purchases-2026-04-01-to-2026-11-30.{file_format}"


def test_file_name_refuses_another_format() -> None:
    with pytest.raises(ValueError, match="pdf"):
        export_file_name(date(2026, 4, 1), date(2026, 11, 30), "pdf")


# -- CSV -------------------------------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_and_the_headings() -> None:
    data = purchases_csv(rows(3))
    assert data.startswith(b"\xef\xbb\xbf")
    first_line = data.decode("utf-8-sig").splitlines()[0]
    assert first_line.split(",") == HEADINGS
    assert "Amount (pence)" in HEADINGS


def test_csv_round_trip_keeps_every_row_and_amount() -> None:
    source = rows(120)
    exported = read_csv(purchases_csv(source))
    assert len(exported) == len(source)
    for line, record in zip(source, exported, strict=True):
        assert record["Purchase ID"] == str(line.id)
        assert record["Date"] == line.purchased_on.isoformat()
        assert Decimal(record[AMOUNT]) * 100 == line.amount_pence
        assert record[AMOUNT] == f"{line.amount_pence // 100}.{line.amount_pence % 100:02d}"
        assert int(record[PENCE]) == line.amount_pence
        assert record["Supplier"] == line.supplier
        assert record["Receipts"] == str(line.receipt_count)


def test_csv_writes_labels_programme_and_other_scripts() -> None:
    line = row(
        1,
        case_reference="",
        category=PurchaseCategory.THERAPY,
        purpose=ARABIC_PURPOSE,
        supplier="Café Nero, Folkestone",
    )
    [record] = read_csv(purchases_csv([line]))
    assert record["Case reference"] == "Programme"
    assert record["Category"] == "Therapy and counselling"
    assert record["Purpose"] == ARABIC_PURPOSE
    assert record["Supplier"] == "Café Nero, Folkestone"


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_csv_neutralises_every_typed_text(field: str, payload: str) -> None:
    line = row(3, **{field: payload})
    [record] = read_csv(purchases_csv([line]))
    cell = record[FIELD_COLUMN[field]]
    assert cell.startswith("'")
    assert cell[1:] == typed(field, payload)  # the rest exactly as typed


def test_csv_amounts_stay_figures_even_when_negative() -> None:
    [record] = read_csv(purchases_csv([row(2, amount_pence=-250, supplier="-2+3")]))
    assert record[AMOUNT] == "-2.50"  # no apostrophe: a number is not a formula
    assert record[PENCE] == "-250"
    assert record["Supplier"] == "'-2+3"


# -- XLSX ------------------------------------------------------------------------------------------


def test_xlsx_heading_row_is_bold_frozen_and_sized() -> None:
    sheet = load_sheet(purchases_xlsx(rows(3)))
    assert sheet.title == "Purchases"
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    purpose = openpyxl.utils.get_column_letter(HEADINGS.index("Purpose") + 1)
    assert sheet.column_dimensions[purpose].width == dict(COLUMNS)["Purpose"]


def test_xlsx_round_trip_keeps_every_row_with_real_dates_and_numbers() -> None:
    source = rows(120)
    data = purchases_xlsx(source)
    records = sheet_records(data)
    assert len(records) == len(source)
    raw_amounts = raw_numbers(data, AMOUNT)
    raw_pence = raw_numbers(data, PENCE)
    assert len(raw_amounts) == len(raw_pence) == len(source)
    for line, record, amount, pence in zip(source, records, raw_amounts, raw_pence, strict=True):
        assert same_amount(amount, line.amount_pence)  # from the file's text, no float
        assert int(pence) == line.amount_pence
        money = record[AMOUNT]
        assert money.data_type == "n" and money.number_format == "£#,##0.00"
        assert record[PENCE].data_type == "n" and record[PENCE].value == line.amount_pence
        day = record["Date"]
        assert day.is_date and isinstance(day.value, datetime)
        assert day.value.date() == line.purchased_on
        assert record["Supplier"].value == line.supplier
    approved = [
        (line, record) for line, record in zip(source, records, strict=True) if line.approved_on
    ]
    assert approved
    for line, record in approved:
        assert record["Approved on"].is_date
        assert record["Approved on"].value.date() == line.approved_on


def test_xlsx_metadata_is_neutral() -> None:
    data = purchases_xlsx(rows(2))
    properties = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert properties.creator == "Waypost"
    assert properties.title == "Purchases"


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_xlsx_neutralises_every_typed_text_and_holds_no_formula(field: str, payload: str) -> None:
    line = row(3, **{field: payload})
    data = purchases_xlsx([line])
    [record] = sheet_records(data)
    cell = record[FIELD_COLUMN[field]]
    assert cell.data_type == "s"
    assert cell.value.startswith("'")
    # Excel's line break in a cell is "\n": a carriage return could only come back as one.
    assert cell.value[1:] == typed(field, payload).replace("\r", "\n")
    sheet = load_sheet(data)
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == []


def test_xlsx_amounts_stay_numbers_even_when_negative() -> None:
    data = purchases_xlsx([row(2, amount_pence=-250)])
    [record] = sheet_records(data)
    assert record[AMOUNT].data_type == "n"
    [amount] = raw_numbers(data, AMOUNT)
    assert same_amount(amount, -250)
    assert record[PENCE].value == -250


def test_xlsx_drops_what_xml_cannot_hold_and_neutralises_what_is_left() -> None:
    # "\x01" is not allowed in XML; once removed, "=1" would be a formula.
    [record] = sheet_records(purchases_xlsx([row(2, supplier="\x01=1", purpose="a\x02b")]))
    assert record["Supplier"].value == "'=1"
    assert record["Supplier"].data_type == "s"
    assert record["Purpose"].value == "ab"


def test_an_empty_export_has_only_the_headings() -> None:
    assert read_csv(purchases_csv([])) == []
    sheet = load_sheet(purchases_xlsx([]))
    assert sheet.max_row == 1


# -- money is never a float ---------------------------------------------------------------------


def float_uses(source: str) -> list[str]:
    """Float literals, float( calls and true division in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            found.append(f"line {node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "float":
            found.append(f"line {node.lineno}: float(")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            found.append(f"line {node.lineno}: /")
    return found


def test_the_float_scan_catches_a_planted_float() -> None:
    assert float_uses("a = 1.5\nb = float(2)\nc = 3 / 4\nd = 7 // 2") == [
        "line 1: 1.5",
        "line 2: float(",
        "line 3: /",
    ]


@pytest.mark.parametrize("module", [purchase_export, purchase_sheet], ids=lambda m: m.__name__)
def test_the_export_modules_never_make_a_float(module: Any) -> None:
    assert float_uses(Path(module.__file__).read_text(encoding="utf-8")) == []


def test_amounts_are_exact_for_awkward_pence() -> None:
    # Amounts a float cannot hold exactly (0.1 + 0.2 style): written digit for digit.
    awkward = [1, 10, 29, 30, 110, 1_000_000_03, 99_999_99]
    source: list[PurchaseRow] = [row(i, amount_pence=p) for i, p in enumerate(awkward, 1)]
    csv_amounts = [record[AMOUNT] for record in read_csv(purchases_csv(source))]
    assert csv_amounts == ["0.01", "0.10", "0.29", "0.30", "1.10", "1000000.03", "99999.99"]
    xlsx_amounts = raw_numbers(purchases_xlsx(source), AMOUNT)
    assert len(xlsx_amounts) == len(awkward)
    assert all(same_amount(text, p) for text, p in zip(xlsx_amounts, awkward, strict=True))
    assert not same_amount("99999.98", 99_999_99)  # a penny out is caught
