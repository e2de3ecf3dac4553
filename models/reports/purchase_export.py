"""Purchase exports for the finance team: CSV and XLSX, one row per purchase.

Both formats carry the same columns (:data:`COLUMNS`). Every text cell goes through
:func:`neutralise` first: supplier names and purposes are typed by people, and a spreadsheet
runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``DESIGN.md`` section 4;
OWASP "CSV injection"). Amounts are never text: the CSV writes them as plain figures
(``pounds_text``) beside the integer pence, the XLSX as numbers with a pounds format. Money stays
integer pence until the last step, where the XLSX takes an exact ``Decimal``; never a float.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Final, NamedTuple

from models.dto import PurchaseRow
from models.reports.budget_labels import CATEGORY_LABELS, METHOD_LABELS, STATUS_LABELS, case_label
from models.rules.money import pounds_text

__all__ = [
    "COLUMNS",
    "FORMULA_STARTS",
    "Record",
    "export_file_name",
    "neutralise",
    "pounds",
    "purchases_csv",
    "purchases_xlsx",
    "record",
]

# What a spreadsheet may take as the start of a formula (OWASP's list): a cell that begins with
# one of these gets a leading apostrophe, so it is shown as the text it is.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

# (heading, XLSX column width in characters), in the order of the cells.
COLUMNS: Final = (
    ("Purchase ID", 12),
    ("Date", 12),
    ("Case reference", 16),
    ("Category", 24),
    ("Supplier", 28),
    ("Payment method", 16),
    ("Purpose", 50),
    ("Status", 12),
    ("Approved by", 18),
    ("Approved on", 12),
    ("Allocation", 28),
    ("Receipts", 10),
    ("Amount (GBP)", 14),
    ("Amount (pence)", 15),
)
_FORMATS: Final = ("csv", "xlsx")


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet cell that cannot run: a leading apostrophe when it starts the
    way a formula does, unchanged otherwise."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_file_name(date_from: date, date_to: date, file_format: str) -> str:
    """``purchases-2026-04-01-to-2026-11-30.csv``: the dates chosen, nothing about anyone."""
    if file_format not in _FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    return f"purchases-{date_from.isoformat()}-to-{date_to.isoformat()}.{file_format}"


class Record(NamedTuple):
    """One purchase as the exports write it, in the order of :data:`COLUMNS`: every text
    already neutralised, money in pence."""

    purchase_id: int
    purchased_on: date
    case: str
    category: str
    supplier: str
    method: str
    purpose: str
    status: str
    approved_by: str
    approved_on: date | None
    allocation: str
    receipts: int
    amount_pence: int


def record(row: PurchaseRow) -> Record:
    return Record(
        purchase_id=row.id,
        purchased_on=row.purchased_on,
        case=neutralise(case_label(row.case_reference)),
        category=neutralise(CATEGORY_LABELS[row.category]),
        supplier=neutralise(row.supplier),
        method=neutralise(METHOD_LABELS[row.payment_method]),
        purpose=neutralise(row.purpose),
        status=neutralise(STATUS_LABELS[row.status]),
        approved_by=neutralise(row.approved_by),
        approved_on=row.approved_on,
        allocation=neutralise(row.allocation_name),
        receipts=row.receipt_count,
        amount_pence=row.amount_pence,
    )


def purchases_csv(rows: Sequence[PurchaseRow]) -> bytes:
    """The purchases as CSV, UTF-8 with a byte order mark (without it Excel reads the file in
    the system's code page and garbles "£" and every non-Latin purpose)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in COLUMNS])
    for row in rows:
        item = record(row)
        writer.writerow(
            [
                str(item.purchase_id),
                item.purchased_on.isoformat(),
                item.case,
                item.category,
                item.supplier,
                item.method,
                item.purpose,
                item.status,
                item.approved_by,
                item.approved_on.isoformat() if item.approved_on is not None else "",
                item.allocation,
                str(item.receipts),
                pounds_text(item.amount_pence),
                str(item.amount_pence),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def pounds(pence: int) -> Decimal:
    """1250 → Decimal("12.50"), exactly (a float would round some amounts)."""
    return Decimal(pence).scaleb(-2)


def purchases_xlsx(rows: Sequence[PurchaseRow]) -> bytes:
    """The purchases as an XLSX workbook (``purchase_sheet``): a bold, frozen heading row,
    dates as dates and amounts as numbers in pounds."""
    # openpyxl is loaded only when a workbook is asked for: the UI imports this module.
    from models.reports.purchase_sheet import purchases_workbook

    return purchases_workbook([record(row) for row in rows])
