"""The two small questions asked before a budget document leaves the vault: which month's
statement (and whether to preview it first), and which dates to export in which format."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.rules.budget_balance import financial_year
from ui.dialogs.base_dialog import BaseDialog
from ui.widgets.date_edit import OptionalDateEdit

__all__ = [
    "EXPORT_FORMATS",
    "PurchaseExportDialog",
    "StatementDialog",
    "last_month",
    "recent_months",
]

EXPORT_FORMATS = (("csv", "CSV (any spreadsheet or finance system)"), ("xlsx", "Excel workbook"))
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def last_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def recent_months(today: date, count: int = 24) -> list[date]:
    """The first days of this month and the ``count - 1`` before it, newest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


class StatementDialog(BaseDialog):
    """Pick a month (last month by default) and whether to preview or save straight away."""

    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setWindowTitle("Monthly statement")
        self.month = QComboBox(self)
        self.month.setAccessibleName("Month")
        # Qt would turn dates stored as item data into QDate: keep them here, by index.
        self._months = recent_months(today)
        for first in self._months:
            self.month.addItem(f"{_MONTH_NAMES[first.month - 1]} {first.year}")
        self.month.setCurrentIndex(self._months.index(last_month(today)))
        caption = QLabel("&Month", self)
        caption.setBuddy(self.month)
        hint = QLabel(
            "The statement lists every purchase dated in the month with case references only "
            "(no survivor names), the totals by category and each allocation's balance.",
            self,
        )
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        self.preview_button = buttons.addButton("&Preview…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button.setDefault(True)
        self._preview = True
        self.preview_button.clicked.connect(lambda: self._choose(preview=True))
        self.save_button.clicked.connect(lambda: self._choose(preview=False))
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.month, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def month_start(self) -> date:
        return self._months[max(self.month.currentIndex(), 0)]

    def preview(self) -> bool:
        return self._preview

    def _choose(self, *, preview: bool) -> None:
        self._preview = preview
        self.accept()


class PurchaseExportDialog(BaseDialog):
    """Pick the dates (this financial year by default) and CSV or Excel."""

    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setWindowTitle("Export purchases")
        start, end = financial_year(today)
        self.date_from = OptionalDateEdit(self, allow_empty=False, default=lambda: start)
        self.date_to = OptionalDateEdit(self, allow_empty=False, default=lambda: end)
        self.date_from.set_accessible_name("From")
        self.date_to.set_accessible_name("To")
        self.formats: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        format_box = QWidget(self)
        format_layout = QVBoxLayout(format_box)
        format_layout.setContentsMargins(0, 0, 0, 0)
        for value, text in EXPORT_FORMATS:
            button = QRadioButton(f"{text} (.{value})", format_box)
            group.addButton(button)
            format_layout.addWidget(button)
            self.formats[value] = button
        self.formats["csv"].setChecked(True)

        form = QFormLayout()
        for text, field in (("&From", self.date_from), ("&To", self.date_to)):
            caption = QLabel(text, self)
            caption.setBuddy(field)
            form.addRow(caption, field)
        form.addRow("Format", format_box)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #B3261E;")
        self.problem.hide()
        hint = QLabel(
            "Cases appear by their reference only. Keep the file on an encrypted drive and "
            "delete it once finance has it.",
            self,
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def date_range(self) -> tuple[date, date]:
        start, end = self.date_from.date(), self.date_to.date()
        assert start is not None and end is not None  # these fields cannot be empty
        return start, end

    def file_format(self) -> str:
        return next(value for value, button in self.formats.items() if button.isChecked())

    def accept(self) -> None:
        start, end = self.date_range()
        if end < start:
            self.problem.setText("The end date is before the start.")
            self.problem.show()
            return
        super().accept()
