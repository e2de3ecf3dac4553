"""Shared pieces of the purchase dialog, Purchases tab and receipt viewer tests: cases,
allocations and purchases in a real vault, receipt files made in memory, and typing."""

from __future__ import annotations

import io
from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from models.dto import (
    AllocationDraft,
    CaseFields,
    NewCase,
    PersonFields,
    PurchaseDraft,
    PurchaseQuery,
)
from models.enums import CaseKind, PaymentMethod, PurchaseCategory, PurchaseStatus, ReferralSource

OPENED = date(2026, 3, 2)
YEAR_START = date(2026, 4, 1)
YEAR_END = date(2027, 3, 31)


def new_case(services, kind: CaseKind = CaseKind.SUPPORT_PLAN, name: str = "Hoa") -> int:
    return services.create_case(
        NewCase(
            fields=CaseFields(
                kind=kind,
                opened_on=OPENED,
                referral_source=ReferralSource.NGO,
                title="Op Heron advice" if kind is CaseKind.STRATEGIC_ADVICE else "",
            ),
            person=PersonFields(known_as=name) if kind is CaseKind.SUPPORT_PLAN else None,
        )
    ).id


def programme_allocation(services, pence: int = 2000_00, name: str = "Programme 2026/27"):
    return services.save_allocation(AllocationDraft(name, YEAR_START, YEAR_END, pence))


def record(services, case_id: int | None, pence: int, **fields):
    values = {
        "purchased_on": date(2026, 11, 20),
        "category": PurchaseCategory.TRAVEL,
        "amount_pence": pence,
        "payment_method": PaymentMethod.CARD,
        "status": PurchaseStatus.PAID,
        "purpose": "Train fares to court",
        "case_id": case_id,
    }
    values.update(fields)
    return services.record_purchase(PurchaseDraft(**values), confirm_overspend=True)


def stored(services, case_id: int | None = None) -> list:
    """Every purchase (of the case), newest first, as PurchaseDTOs."""
    return [services.purchase(pid) for pid in services.purchase_ids(PurchaseQuery(case_id=case_id))]


def png_bytes(width: int, height: int, colour: str = "#2F6DB5") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return _encoded(image, "PNG")


def jpeg_bytes(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#C0392B"))
    return _encoded(image, "JPEG")


def _encoded(image: QImage, file_format: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, file_format)
    buffer.close()
    return bytes(data.data())


def pdf_bytes(pages: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        pdf.drawString(72, 760, f"Receipt page {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def press(qtbot, *keys) -> None:
    """Type as a keyboard does: each key goes to whichever widget has the focus now."""
    for key in keys:
        if isinstance(key, tuple):
            qtbot.keyClick(QApplication.focusWidget(), *key)
        elif isinstance(key, str) and not key.isascii():
            # QTest.keyClick(widget, char) takes Latin-1 bytes: "£" would arrive as "Â£".
            qtbot.keyClicks(QApplication.focusWidget(), key)
        elif isinstance(key, str):
            for character in key:
                qtbot.keyClick(QApplication.focusWidget(), character)
        else:
            qtbot.keyClick(QApplication.focusWidget(), key)
