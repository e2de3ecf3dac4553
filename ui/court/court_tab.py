"""The "NRM and court" tab: the survivor's NRM record above, their court cases below. It loads
on the database worker, refreshes when the ChangeBus says this case changed, and after each save
publishes the change (so the Agenda's hearings and deadlines follow)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from models.dto import CourtCaseDTO, NrmDTO
from models.errors import WaypostError
from ui.court.court_panel import CourtPanel
from ui.court.nrm_panel import NrmPanel
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["COURT_TAB_NAME", "CourtTab"]

COURT_TAB_NAME = "court"  # CaseWorkspace.show_tab(COURT_TAB_NAME)


@dataclass(frozen=True)
class _Loaded:
    nrm: NrmDTO | None
    court_cases: list[CourtCaseDTO]


class CourtTab(QWidget):
    """``changed`` is emitted after each save made here."""

    changed = Signal()

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        change_bus: ChangeBus | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._case_id, self._services, self._worker = case_id, services, worker
        self._bus = change_bus
        self._publishing = False
        self._select_id: int | None = None
        self.message_bar = MessageBar(self, name="NRM and court")
        self._settings = settings
        self.sheet_preview: QWidget | None = None
        self.print_button = QPushButton("&Print what happens next…", self)
        self.print_button.setToolTip(
            "A plain-language sheet for the survivor: the next court dates, what each one is, "
            "and the help they have in court"
        )
        self.print_button.clicked.connect(self.print_sheet)
        self.nrm_panel = NrmPanel(case_id, services, worker, today, self, settings=settings)
        self.court_panel = CourtPanel(case_id, services, worker, today, self, settings=settings)
        self.nrm_panel.saved.connect(self._on_saved)
        self.court_panel.saved.connect(self._on_court_saved)
        inner = QWidget(self)
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.message_bar)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        inner_layout.addLayout(print_row)
        inner_layout.addWidget(self.nrm_panel)
        inner_layout.addWidget(self.court_panel, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner.setMinimumHeight(820)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        if change_bus is not None:
            change_bus.changed.connect(self._on_changes)

    def print_sheet(self) -> None:
        """Preview the survivor's "what happens next" sheet, then print or save it."""
        from ui.printing.case_document_preview import open_case_document_preview

        services, case_id = self._services, self._case_id
        self.message_bar.clear()

        def shown(dialog: QWidget) -> None:
            self.sheet_preview = dialog

        open_case_document_preview(
            self,
            self._worker,
            lambda: services.prepare_what_happens_next(case_id),
            title="What happens next",
            record=services.record_what_happens_next_printed,
            on_failed=self._on_print_failed,
            settings=self._settings,
            change_bus=self._bus,
            on_shown=shown,
        )

    def _on_print_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.message_bar.show_message(MessageKind.ERROR, message)

    def has_unsaved_changes(self) -> bool:
        return False  # everything is saved in its own dialog

    def refresh(self) -> None:
        services, case_id = self._services, self._case_id
        self._worker.submit(
            lambda: _Loaded(services.nrm(case_id), services.court_cases(case_id)),
            self._show,
            self._on_failed,
        )

    def _show(self, loaded: _Loaded) -> None:
        self.message_bar.clear()
        self.nrm_panel.set_nrm(loaded.nrm)
        self.court_panel.set_court_cases(loaded.court_cases, self._select_id)
        self._select_id = None

    def _on_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.message_bar.show_message(
            MessageKind.ERROR,
            f"The NRM and court details could not be loaded. {message}",
            actions=[("&Try again", self.refresh)],
        )

    def _on_court_saved(self, court_case_id: int) -> None:
        self._select_id = court_case_id if court_case_id >= 0 else None
        self._on_saved()

    def _on_saved(self) -> None:
        self.refresh()
        self.changed.emit()
        if self._bus is not None:
            self._publishing = True
            try:
                self._bus.publish(Changes(cases=frozenset({self._case_id}), audit=True))
            finally:
                self._publishing = False

    def _on_changes(self, changes: Changes) -> None:
        if self._case_id in changes.cases and not self._publishing:
            self.refresh()
