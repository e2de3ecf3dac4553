"""The XLSX form of a purchase export, written with openpyxl.

openpyxl takes any string that starts with "=" for a formula. The records' text is neutralised
already (``purchase_export.neutralise``); this module neutralises again after removing what XML
cannot hold (so "\\x01=1" cannot become "=1"), and marks every text cell as a string, so no cell
of the workbook is ever a formula. A line break in a cell is "\\n" in Excel: a carriage return
would be read back as one anyway, so it is written as one.

Amounts go in as exact ``Decimal`` pounds. openpyxl writes every number with 16 significant
digits, so 99999.99 may reach the file as 99999.99000000001: Excel keeps numbers as doubles and
reads both texts as the same one, so the cell shows and sums exactly what the pence say.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from models.reports.purchase_export import COLUMNS, Record, neutralise, pounds

__all__ = ["DATE_FORMAT", "MONEY_FORMAT", "SHEET_TITLE", "purchases_workbook"]

SHEET_TITLE: Final = "Purchases"
MONEY_FORMAT: Final = "£#,##0.00"
DATE_FORMAT: Final = "d mmm yyyy"  # "3 Nov 2026", as the statement writes dates
_WHOLE: Final = "0"
_WRAPPED: Final = frozenset({"Supplier", "Purpose", "Allocation"})

Value = str | int | date | Decimal | None


def sheet_text(text: str) -> str:
    """A neutralised text as the sheet stores it: line breaks as "\\n", no character XML cannot
    hold, and still neutralised once those are gone."""
    one_break = text.replace("\r\n", "\n").replace("\r", "\n")
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", one_break))


def _values(item: Record) -> list[tuple[Value, str | None]]:
    """Each cell's value and number format (None: text), in the order of ``COLUMNS``."""
    return [
        (item.purchase_id, _WHOLE),
        (item.purchased_on, DATE_FORMAT),
        (item.case, None),
        (item.category, None),
        (item.supplier, None),
        (item.method, None),
        (item.purpose, None),
        (item.status, None),
        (item.approved_by, None),
        (item.approved_on, DATE_FORMAT),
        (item.allocation, None),
        (item.receipts, _WHOLE),
        (pounds(item.amount_pence), MONEY_FORMAT),
        (item.amount_pence, _WHOLE),
    ]


def _write_row(sheet: Any, row_number: int, item: Record) -> None:
    for column, (value, number_format) in enumerate(_values(item), start=1):
        cell = sheet.cell(row=row_number, column=column)
        if number_format is None:
            text = sheet_text(str(value))
            if text:  # an empty cell, not an empty string, so Excel's blanks filter finds it
                cell.value = text
                cell.data_type = "s"  # never "f", whatever openpyxl makes of the text
        else:
            cell.value = value
            cell.number_format = number_format
        if COLUMNS[column - 1][0] in _WRAPPED:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        else:
            cell.alignment = Alignment(vertical="top")


def purchases_workbook(records: Sequence[Record]) -> bytes:
    """One sheet of purchases under a bold heading row that stays in view when scrolling."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    # Neutral properties, as for the PDFs: openpyxl would otherwise sign itself as the author.
    workbook.properties.creator = "Waypost"
    workbook.properties.lastModifiedBy = "Waypost"
    workbook.properties.title = "Purchases"
    bold = Font(bold=True)
    for column, (heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, item in enumerate(records, start=2):
        _write_row(sheet, row_number, item)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{len(records) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
