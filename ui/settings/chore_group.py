"""What the Keys and Backups groups share: a message bar, busy buttons, non-blocking dialogs,
and errors shown by their safe ``user_message`` (never the exception's own text)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QGroupBox, QLabel, QPushButton, QWidget

from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.settings.vault_chores import VaultChores
from ui.widgets.message_bar import MessageBar, MessageKind

__all__ = ["ChoreGroup"]


class ChoreGroup(QGroupBox):
    def __init__(
        self,
        title: str,
        message_name: str,
        chores: VaultChores,
        worker: Worker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self._chores = chores
        self._worker = worker
        self.messages = MessageBar(self, name=message_name)
        # The dialog on screen, if any (tests drive it; nothing else should hold it).
        self.active_dialog: QDialog | None = None
        self._buttons: list[QPushButton] = []

    def _hint(self, text: str) -> QLabel:
        """The group's explanation above its buttons."""
        hint = QLabel(text, self)
        hint.setWordWrap(True)
        return hint

    def _open(self, dialog: QDialog, on_finished: Callable[[QDialog, bool], None]) -> None:
        """Open ``dialog`` without blocking; ``on_finished(dialog, accepted)`` runs after."""
        self.active_dialog = dialog

        def finished(result: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None
            dialog.deleteLater()
            on_finished(dialog, result == QDialog.DialogCode.Accepted)

        dialog.finished.connect(finished)
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        message = getattr(error, "user_message", None)
        self.messages.show_message(
            MessageKind.ERROR, message if isinstance(message, str) else GENERIC_FAILURE_MESSAGE
        )

    def _set_busy(self, busy: bool) -> None:
        for button in self._buttons:
            button.setEnabled(not busy)
