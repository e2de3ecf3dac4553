"""The survivor's consent to share, one group per kind of recipient."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from models.dto import ConsentDTO
from models.enums import ConsentRecipient
from models.errors import WaypostError
from ui.case.consent_group import ConsentGroup
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["NO_SURVIVOR_TEXT", "ConsentTab"]

NO_SURVIVOR_TEXT = "Strategic advice cases have no survivor, so there is no consent to record."
INTRO_TEXT = (
    "What the survivor agreed to share, and with whom. Exports to each recipient include only "
    "what is ticked here, checked at the moment of export."
)


class ConsentTab(QWidget):
    """``consent_changed`` fires after a record is saved (the workspace publishes)."""

    consent_changed = Signal()

    def __init__(
        self,
        person_id: int | None,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._person_id = person_id
        self._services = services
        self._worker = worker
        self.groups: dict[ConsentRecipient, ConsentGroup] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.notice = QLabel(self)
        self.notice.setObjectName("consentNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        if person_id is None:
            self.notice.setText(NO_SURVIVOR_TEXT)
            self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.notice.setStyleSheet("color: #555; font-size: 14px; padding: 24px;")
            layout.addStretch(1)
            return
        self.notice.setText(INTRO_TEXT)
        content = QWidget(self)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        for i, recipient in enumerate(ConsentRecipient):
            group = ConsentGroup(recipient, person_id, services, worker, today, content)
            group.saved.connect(lambda _record: self.consent_changed.emit())
            group.reload_requested.connect(lambda g=group: self._reload_group(g))
            self.groups[recipient] = group
            grid.addWidget(group, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(2, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)

    def refresh(self) -> None:
        """Re-read the records. A group with unsaved choices keeps them (a save is then
        checked against the version it showed, so a change made elsewhere is not overwritten)."""
        if self._person_id is None:
            return
        person_id = self._person_id
        self._worker.submit(
            lambda: self._services.consents(person_id),
            self._show,
            self._on_failed,
        )

    def has_unsaved_changes(self) -> bool:
        return any(g.has_unsaved_changes() for g in self.groups.values())

    def _show(self, records: list[ConsentDTO], force: ConsentGroup | None = None) -> None:
        for record in records:
            group = self.groups.get(record.recipient)
            if group is not None and (group is force or not group.has_unsaved_changes()):
                group.set_record(record)
                if group is force:
                    group.messages.clear()
        self.notice.setText(INTRO_TEXT)

    def _reload_group(self, group: ConsentGroup) -> None:
        person_id = self._person_id
        if person_id is None:
            return
        self._worker.submit(
            lambda: self._services.consents(person_id),
            lambda records: self._show(records, force=group),
            self._on_failed,
        )

    def _on_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.notice.setText(f"The consent records could not be read. {message}")
