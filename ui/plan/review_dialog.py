"""Record that the plan in force was reviewed with the survivor and still stands unchanged."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.message_bar import MessageBar, MessageKind

__all__ = ["ReviewDialog", "ask_review"]


class ReviewDialog(QDialog):
    def __init__(self, today: date, version_number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark the plan as reviewed")
        self.setStyleSheet(INVALID_STYLE)
        self._today = today
        intro = QLabel(
            f"Record that you reviewed version {version_number} of the plan with the survivor "
            "and it still stands as agreed. If anything needs to change, start a new draft "
            "instead.",
            self,
        )
        intro.setWordWrap(True)
        self.messages = MessageBar(self, name="Review messages")
        self.date = OptionalDateEdit(self, allow_empty=False, default=lambda: today)
        self.date.set_accessible_name("Date reviewed")
        caption = QLabel("&Date reviewed", self)
        caption.setBuddy(self.date.date_edit())
        form = QFormLayout()
        form.addRow(caption, self.date)
        buttons = QDialogButtonBox(self)
        buttons.addButton("&Mark as reviewed", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def reviewed_on(self) -> date:
        return self.date.date() or self._today

    def accept(self) -> None:
        clear_invalid([self.date.date_edit()])
        if self.reviewed_on() > self._today:
            set_invalid(self.date.date_edit())
            self.messages.show_message(
                MessageKind.ERROR, "The review date cannot be in the future."
            )
            self.adjustSize()
            self.date.setFocus()
            return
        super().accept()


def ask_review(parent: QWidget, today: date, version_number: int) -> date | None:
    """The date the plan was reviewed, or None if the navigator cancelled."""
    dialog = ReviewDialog(today, version_number, parent)
    return dialog.reviewed_on() if dialog.exec() == QDialog.DialogCode.Accepted else None
