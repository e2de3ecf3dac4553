"""The printable recovery sheet handed to the user once, when a vault is created.

It carries the recovery key, the vault ID (not secret) and the date, with plain instructions.
It never carries personal or case data.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = ["build_recovery_sheet", "recovery_key_groups"]

TITLE = "Waypost recovery key"
GROUP_SIZE = 4
GROUPS_PER_ROW = 4

_MARGIN = 20 * mm
# SimpleDocTemplate's frame keeps 6 pt of padding on each side.
_WIDTH = A4[0] - 2 * _MARGIN - 12

_INK = colors.HexColor("#1F2933")
_MUTED = colors.HexColor("#52606D")
_RULE = colors.HexColor("#9AA5B1")
_KEY_BG = colors.HexColor("#F5F7FA")

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14.5, textColor=_INK)
_TITLE = ParagraphStyle(
    "title", parent=_BODY, fontName="Helvetica-Bold", fontSize=24, leading=29, spaceAfter=3 * mm
)
_LEAD = ParagraphStyle("lead", parent=_BODY, fontSize=12, leading=16.5)
_HEADING = ParagraphStyle(
    "heading",
    parent=_BODY,
    fontName="Helvetica-Bold",
    fontSize=12.5,
    leading=16,
    spaceBefore=5 * mm,
    spaceAfter=1.5 * mm,
)
_KEY = ParagraphStyle("key", parent=_BODY, fontName="Courier-Bold", fontSize=22, leading=30)
_LABEL = ParagraphStyle("label", parent=_BODY, fontName="Helvetica-Bold", textColor=_MUTED)
_VALUE = ParagraphStyle("value", parent=_BODY, fontName="Courier", fontSize=10.5)
_FOOT = ParagraphStyle("foot", parent=_BODY, fontSize=8.5, leading=11, textColor=_MUTED)


def recovery_key_groups(recovery_key: str) -> list[str]:
    """Split a recovery key into the groups the user copies by hand.

    A key that already carries dashes keeps its own grouping; otherwise it is cut into groups of
    four characters. Spaces are ignored.
    """
    compact = "".join(recovery_key.split())
    if "-" in compact:
        return [group for group in compact.split("-") if group]
    return [compact[i : i + GROUP_SIZE] for i in range(0, len(compact), GROUP_SIZE)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _long_date(day: date) -> str:
    months = (
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
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _key_table(recovery_key: str) -> Table:
    groups = recovery_key_groups(recovery_key)
    if not groups:
        raise ValueError("the recovery key is empty")
    rows: list[list[Paragraph | str]] = []
    for i in range(0, len(groups), GROUPS_PER_ROW):
        row: list[Paragraph | str] = [
            Paragraph(_escape(g), _KEY) for g in groups[i : i + GROUPS_PER_ROW]
        ]
        rows.append(row + [""] * (GROUPS_PER_ROW - len(row)))
    # Courier is monospaced: each character is 0.6 em wide.
    longest = max(len(group) for group in groups)
    cell = longest * 0.6 * _KEY.fontSize + 7 * mm
    grid = Table(rows, colWidths=[cell] * GROUPS_PER_ROW)
    grid.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    )
    table = Table([[grid]], colWidths=[_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, _INK),
                ("BACKGROUND", (0, 0), (-1, -1), _KEY_BG),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 6 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm),
            ]
        )
    )
    return table


def _details_table(vault_id: str, created_on: date) -> Table:
    table = Table(
        [
            [Paragraph("Vault ID", _LABEL), Paragraph(_escape(vault_id) or "—", _VALUE)],
            [Paragraph("Created on", _LABEL), Paragraph(_long_date(created_on), _BODY)],
        ],
        colWidths=[32 * mm, _WIDTH - 32 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, _RULE),
            ]
        )
    )
    return table


def _bullets(items: list[str]) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(item, _BODY), leftIndent=5 * mm) for item in items],
        bulletType="bullet",
        start="•",
        leftIndent=5 * mm,
        bulletFontSize=10.5,
        spaceBefore=0,
    )


def _steps(items: list[str]) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(item, _BODY), leftIndent=6 * mm) for item in items],
        bulletType="1",
        leftIndent=6 * mm,
        bulletFontName="Helvetica-Bold",
        bulletFontSize=10.5,
    )


def build_recovery_sheet(*, recovery_key: str, vault_id: str, created_on: date) -> bytes:
    """Build the one-page A4 recovery sheet and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=18 * mm,
        bottomMargin=16 * mm,
        title=TITLE,
        author="Waypost",
        subject="Recovery key for a Waypost vault",
        creator="Waypost",
    )
    story = [
        Paragraph(TITLE, _TITLE),
        Paragraph(
            "This key opens your Waypost vault if the passphrase or this computer is lost. "
            "Keep this sheet locked away.",
            _LEAD,
        ),
        Spacer(1, 6 * mm),
        KeepTogether([_key_table(recovery_key)]),
        Paragraph(
            "Dashes and spaces do not matter when you type it.",
            ParagraphStyle("hint", parent=_FOOT, alignment=TA_CENTER, spaceBefore=2 * mm),
        ),
        Spacer(1, 5 * mm),
        _details_table(vault_id, created_on),
        Paragraph("What this key is for", _HEADING),
        _bullets(
            [
                "It is the only way into this vault on a new computer, or if this computer's "
                "keyring (its store of saved passwords) is lost or reset.",
                "It also lets you choose a new passphrase if you forget yours.",
            ]
        ),
        Paragraph("Keep it safe", _HEADING),
        _bullets(
            [
                "<b>Anyone who has this key and a copy of the vault files can read everything "
                "in the vault.</b>",
                "Keep this sheet locked away, and never in the laptop bag.",
                "Do not photograph it, email it, or save it on the computer.",
                "If you think someone else has seen it, tell your manager straight away.",
            ]
        ),
        Paragraph("Using it on a new computer", _HEADING),
        _steps(
            [
                "Install Waypost and copy the vault folder onto the new computer.",
                "Start Waypost. In the unlock window, choose <b>Use recovery key…</b> "
                "(or, on the command line, run <font name='Courier'>waypost recover</font>).",
                "Type the key above, then choose a new passphrase.",
            ]
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            "This sheet holds no case or personal data. The vault ID is not secret: it only "
            "tells you which vault this key belongs to.",
            _FOOT,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
