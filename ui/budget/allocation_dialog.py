"""Add or change a budget allocation: its name, who holds it, its period and its amount.

A new allocation's period defaults to the current financial year (April to March). The amount
is typed in pounds and read digit by digit into pence (``parse_pounds``), never through a
float. A change to an allocation that someone else changed first is refused with the message
from the core, and nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.dto import AllocationDraft, AllocationDTO
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.budget_balance import financial_year
from models.rules.money import MoneyFormatError, parse_pounds, pounds_text
from models.rules.purchase_rules import validate_allocation
from ui.budget.changes import budget_changes
from ui.dialogs.base_dialog import BaseDialog
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["AllocationDialog", "year_label"]


def year_label(start: date) -> str:
    """The financial year beginning in ``start``'s year, as people write it: "2026/27"."""
    return f"{start.year}/{(start.year + 1) % 100:02d}"


class AllocationDialog(BaseDialog):
    """After ``exec()`` returns Accepted, ``saved`` is the allocation as stored."""

    def __init__(
        self,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        allocation: AllocationDTO | None = None,
        today: Callable[[], date] | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._editing = allocation
        ctx_today = getattr(getattr(services, "ctx", None), "today", None)
        self._today: Callable[[], date] = today or (
            ctx_today if callable(ctx_today) else date.today
        )
        self._busy = False
        self.saved: AllocationDTO | None = None
        self.setWindowTitle("Edit allocation" if allocation else "New allocation")
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(480)

        year_start, year_end = financial_year(self._today())
        self.messages = MessageBar(self, name="Messages")
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(f"Programme {year_label(year_start)}")

        self.programme_choice = QRadioButton("The &programme (the whole team)", self)
        self.navigator_choice = QRadioButton("A &navigator:", self)
        holders = QButtonGroup(self)
        holders.addButton(self.programme_choice)
        holders.addButton(self.navigator_choice)
        self.holder_edit = QLineEdit(self)
        self.holder_edit.setMaxLength(100)
        self.holder_edit.setPlaceholderText("Their sign-in name")
        self.holder_edit.setAccessibleName("Navigator's sign-in name")
        self.holder_edit.setText(str(getattr(services, "user", "")))
        self.programme_choice.setChecked(True)
        holder_box = QWidget(self)
        holder_layout = QVBoxLayout(holder_box)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(2)
        holder_layout.addWidget(self.programme_choice)
        navigator_row = QHBoxLayout()
        navigator_row.addWidget(self.navigator_choice)
        navigator_row.addWidget(self.holder_edit, 1)
        holder_layout.addLayout(navigator_row)

        self.period_start = OptionalDateEdit(self, allow_empty=False, default=lambda: year_start)
        self.period_end = OptionalDateEdit(self, allow_empty=False, default=lambda: year_end)
        self.period_start.set_accessible_name("Period starts")
        self.period_end.set_accessible_name("Period ends")
        period_hint = QLabel("The financial year runs from 1 April to 31 March.", self)
        period_hint.setObjectName("hint")

        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText("e.g. 12,000.00")
        self.amount_edit.setMaximumWidth(180)
        amount_row = QHBoxLayout()
        amount_row.addWidget(QLabel("£", self))
        amount_row.addWidget(self.amount_edit)
        amount_row.addStretch(1)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("Where the money comes from, conditions attached…")
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_row(form, "name", "&Name", self.name_edit)
        self._add_row(form, "holder", "Held by", holder_box, accessible=False)
        self._add_row(form, "period_start", "Period &starts", self.period_start)
        self._add_row(form, "period_end", "Period &ends", self.period_end)
        form.addRow("", period_hint)
        self._add_row(form, "amount_pence", "&Amount", self.amount_edit, layout=amount_row)
        self._add_row(form, "notes", "N&otes", self.notes_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save allocation")
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.navigator_choice.toggled.connect(self._update_holder)
        if allocation is not None:
            self._load(allocation)
        self._update_holder()
        self.name_edit.setFocus()

    # -- public API ---------------------------------------------------------------------------

    def editing(self) -> AllocationDTO | None:
        return self._editing

    def holder(self) -> str:
        return self.holder_edit.text().strip() if self.navigator_choice.isChecked() else ""

    def draft(self) -> AllocationDraft:
        """The allocation as typed; raises MoneyFormatError when the amount is not one."""
        return self._draft_with(parse_pounds(self.amount_edit.text()))

    def _draft_with(self, amount_pence: int) -> AllocationDraft:
        year_start, year_end = financial_year(self._today())
        return AllocationDraft(
            name=self.name_edit.text().strip(),
            period_start=self.period_start.date() or year_start,
            period_end=self.period_end.date() or year_end,
            amount_pence=amount_pence,
            holder=self.holder(),
            notes=self.notes_edit.toPlainText().strip(),
        )

    def accept(self) -> None:
        """Check, save on the worker, and close only once the allocation is stored."""
        if self._busy:
            return
        self._clear_marks()
        self.messages.clear()
        problems: list[FieldProblem] = []
        if self.navigator_choice.isChecked() and not self.holder():
            problems.append(FieldProblem("holder", "Give the navigator's sign-in name."))
        try:
            draft = self.draft()
            problems += validate_allocation(draft)
        except MoneyFormatError as error:
            problems.append(FieldProblem("amount_pence", str(error)))
            # Check the rest too, so every problem is listed at once.
            problems += validate_allocation(self._draft_with(0))
        if problems:
            self._show_problems(problems)
            return
        self._busy = True
        self.save_button.setEnabled(False)
        services, editing = self._services, self._editing
        if editing is None:
            work = lambda: services.save_allocation(draft)  # noqa: E731
        else:
            work = lambda: services.save_allocation(draft, editing.id, editing.version)  # noqa: E731
        self._worker.submit(work, self._on_saved, self._on_failed)

    # -- internals ----------------------------------------------------------------------------

    def _add_row(
        self,
        form: QFormLayout,
        name: str,
        text: str,
        field: QWidget,
        *,
        accessible: bool = True,
        layout: QHBoxLayout | None = None,
    ) -> None:
        caption = QLabel(text, self)
        caption.setBuddy(field)
        if accessible:
            field.setAccessibleName(text.replace("&", ""))
        self.labels[name] = caption
        if layout is not None:
            form.addRow(caption, layout)
        else:
            form.addRow(caption, field)

    def _load(self, allocation: AllocationDTO) -> None:
        self.name_edit.setText(allocation.name)
        if allocation.holder:
            self.navigator_choice.setChecked(True)
            self.holder_edit.setText(allocation.holder)
        else:
            self.programme_choice.setChecked(True)
        self.period_start.setDate(allocation.period_start)
        self.period_end.setDate(allocation.period_end)
        self.amount_edit.setText(pounds_text(allocation.amount_pence))
        self.notes_edit.setPlainText(allocation.notes)

    def _update_holder(self) -> None:
        self.holder_edit.setEnabled(self.navigator_choice.isChecked())

    def _on_saved(self, saved: AllocationDTO) -> None:
        self._busy = False
        self.saved = saved
        self._bus.publish(budget_changes())
        super().accept()

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, StaleEditError):
            # Nothing was saved; the figures on the page are read again so the navigator can
            # see what changed before making the change again.
            self.messages.show_message(MessageKind.ERROR, error.user_message)
            self._bus.publish(budget_changes())
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _fields_for(self, name: str) -> list[QWidget]:
        widgets: dict[str, QWidget] = {
            "name": self.name_edit,
            "holder": self.holder_edit,
            "period_start": self.period_start.date_edit(),
            "period_end": self.period_end.date_edit(),
            "amount_pence": self.amount_edit,
            "notes": self.notes_edit,
        }
        found = [widgets[name]] if name in widgets else []
        return found + ([self.labels[name]] if name in self.labels else [])

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        first: QWidget | None = None
        for problem in problems:
            for widget in self._fields_for(problem.field):
                set_invalid(widget)
                if first is None and not isinstance(widget, QLabel):
                    first = widget
        self.messages.show_message(
            MessageKind.ERROR,
            "The allocation was not saved yet. Please correct the following:",
            list(dict.fromkeys(p.message for p in problems)),
        )
        if first is not None:
            first.setFocus()

    def _clear_marks(self) -> None:
        clear_invalid(
            [
                *self.labels.values(),
                self.name_edit,
                self.holder_edit,
                self.period_start.date_edit(),
                self.period_end.date_edit(),
                self.amount_edit,
                self.notes_edit,
            ]
        )
