"""What the flexible budget's categories, statuses and payment methods are called, and how a
statement's month is written.

One set of words for the budget screens, the monthly statement and the spreadsheet exports, so
the finance team reads in the file exactly what the navigator picked on screen. No reportlab
here: the UI imports it at start-up.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus

__all__ = [
    "CATEGORY_LABELS",
    "METHOD_LABELS",
    "PROGRAMME",
    "STATUS_LABELS",
    "case_label",
    "month_title",
]

CATEGORY_LABELS: Final[dict[PurchaseCategory, str]] = {
    PurchaseCategory.CLOTHING: "Clothing",
    PurchaseCategory.FOOD: "Food and essentials",
    PurchaseCategory.TRAVEL: "Travel",
    PurchaseCategory.COMMUNICATION: "Phone and internet",
    PurchaseCategory.ACCOMMODATION: "Accommodation",
    PurchaseCategory.THERAPY: "Therapy and counselling",
    PurchaseCategory.SAFETY_EQUIPMENT: "Safety equipment",
    PurchaseCategory.LEGAL_DOCUMENTS: "Legal and documents",
    PurchaseCategory.REPATRIATION: "Repatriation",
    PurchaseCategory.EDUCATION: "Education and training",
    PurchaseCategory.OTHER: "Other",
}

STATUS_LABELS: Final[dict[PurchaseStatus, str]] = {
    PurchaseStatus.REQUESTED: "Requested",
    PurchaseStatus.APPROVED: "Approved",
    PurchaseStatus.PAID: "Paid",
    PurchaseStatus.REFUNDED: "Refunded",
    PurchaseStatus.CANCELLED: "Cancelled",
}

METHOD_LABELS: Final[dict[PaymentMethod, str]] = {
    PaymentMethod.CARD: "Card",
    PaymentMethod.CASH: "Cash",
    PaymentMethod.VOUCHER: "Voucher",
    PaymentMethod.INVOICE: "Invoice",
}

# A purchase with no case is a cost of the programme as a whole (a bulk buy of phones, say).
PROGRAMME: Final = "Programme"

# English whatever the system locale: calendar.month_name follows the locale, and a statement
# for a UK finance team must not come out in the laptop's language.
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_title(day: date) -> str:
    """The month ``day`` falls in, as a statement names it: "November 2026"."""
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}"


def case_label(case_reference: str) -> str:
    """A purchase's case as listed: its reference, or "Programme" when it has none."""
    return case_reference.strip() or PROGRAMME
