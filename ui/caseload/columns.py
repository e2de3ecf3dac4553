"""The caseload's columns: their headers, the SQL sort each one stands for, and its cell texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from models.dto import CaseloadSort, CaseRow
from ui.labels import label

__all__ = [
    "COLUMN_COUNT",
    "COLUMN_OF_SORT",
    "GONE_LINE",
    "HEADERS",
    "SORTS",
    "Column",
    "Line",
    "format_opened",
    "line_of",
    "spoken_date",
]


class Column(IntEnum):
    REFERENCE = 0
    NAME = 1
    KIND = 2
    STATUS = 3
    FORCE = 4
    OPENED = 5


HEADERS: dict[Column, str] = {
    Column.REFERENCE: "Reference",
    Column.NAME: "Name",
    Column.KIND: "Kind",
    Column.STATUS: "Status",
    Column.FORCE: "Police force",
    Column.OPENED: "Opened",
}

SORTS: dict[Column, CaseloadSort] = {
    Column.REFERENCE: CaseloadSort.REFERENCE,
    Column.NAME: CaseloadSort.NAME,
    Column.KIND: CaseloadSort.KIND,
    Column.STATUS: CaseloadSort.STATUS,
    Column.FORCE: CaseloadSort.FORCE,
    Column.OPENED: CaseloadSort.OPENED,
}
COLUMN_OF_SORT = {sort: column for column, sort in SORTS.items()}
COLUMN_COUNT = len(Column)

_GONE = "—"  # a case deleted between the ID query and the page fetch; a refresh follows

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_opened(day: date) -> str:
    """dd MMM yyyy in English whatever the system locale: "02 Mar 2026"."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def spoken_date(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class Line:
    """One cached row: the DTO and its cell texts, formatted once when the page arrives."""

    row: CaseRow | None
    cells: tuple[str, ...]


GONE_LINE = Line(None, (_GONE,) * COLUMN_COUNT)


def line_of(row: CaseRow) -> Line:
    return Line(
        row,
        (
            row.reference,
            row.display_name,
            label(row.kind),
            label(row.status),
            row.police_force,
            format_opened(row.opened_on),
        ),
    )
