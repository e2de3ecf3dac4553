"""A small form dialog that saves on the database worker and keeps what was typed if the save is
refused: the service's message is shown above the form and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.errors import StaleEditError, ValidationError, WaypostError
from ui.dialogs.base_dialog import BaseDialog
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.widgets.message_bar import MessageBar, MessageKind

__all__ = ["STALE_TEXT", "FormDialog", "OptionalChoice"]

STALE_TEXT = (
    "Not saved: this changed elsewhere since you opened it. What you typed is still here; "
    "close this window, and open it again to see the latest."
)


class FormDialog(BaseDialog):
    """Subclasses add rows to ``form`` and implement ``build()``: the work to run (a callable
    for the worker), or a message saying what to correct before anything is sent."""

    def __init__(
        self,
        title: str,
        worker: Worker,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        intro: str = "",
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setWindowTitle(title)
        self._worker = worker
        self.result_value: Any = None
        self.message_bar = MessageBar(self, name="Not saved")
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro, self)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addWidget(self.message_bar)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def build(self) -> Callable[[], Any] | str:
        raise NotImplementedError

    def save(self) -> None:
        work = self.build()
        if isinstance(work, str):
            self.message_bar.show_message(MessageKind.ERROR, work)
            return
        self.buttons.setEnabled(False)
        self._worker.submit(work, self._on_saved, self._on_failed)

    def _on_saved(self, value: object) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.message_bar.clear()
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, StaleEditError):
            text = STALE_TEXT
        elif isinstance(error, ValidationError):
            text = "Not saved. Please correct:\n" + "\n".join(
                f"• {problem.message}" for problem in error.problems
            )
        elif isinstance(error, WaypostError):
            text = f"Not saved. {error.user_message}"
        else:
            text = GENERIC_FAILURE_MESSAGE
        self.message_bar.show_message(MessageKind.ERROR, text)


class OptionalChoice(QComboBox):
    """A combo over some StrEnum members with a first "none" entry (``value()`` None)."""

    def __init__(
        self, members: Iterable[StrEnum], none_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._members: list[StrEnum | None] = [None, *members]
        self.addItem(none_text)
        for member in self._members[1:]:
            assert member is not None
            self.addItem(label(member))

    def value(self) -> StrEnum | None:
        return self._members[max(self.currentIndex(), 0)]

    def set_value(self, member: StrEnum | None) -> None:
        self.setCurrentIndex(self._members.index(member))
