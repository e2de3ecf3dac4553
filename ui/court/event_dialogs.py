"""The court event dialogs: add an event, move it to a new date (the reason is required, and
earlier dates are kept), and record the day it happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from models.dto import CourtEventDTO
from models.enums import CourtEventKind
from models.rules.date_text import format_date
from ui.court.form_dialog import FormDialog
from ui.labels import label
from ui.operations import Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo

if TYPE_CHECKING:
    from models.services.facade import Services

__all__ = ["REASON_NEEDED", "AddEventDialog", "RecordEventDialog", "RescheduleDialog"]

REASON_NEEDED = "Say why the date moved (for example: no interpreter, judge unavailable)."


class AddEventDialog(FormDialog):
    def __init__(
        self,
        court_case_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__("Add a court event", worker, parent, settings=settings)
        self._court_case_id = court_case_id
        self._services = services
        self.kind = EnumCombo(list(CourtEventKind), self)
        self.scheduled_for = OptionalDateEdit(self, allow_empty=False, default=today)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Optional: why it is listed on this date")
        self.actual_on = OptionalDateEdit(self, empty_text="Not yet", default=today)
        self.form.addRow("&Event", self.kind)
        self.form.addRow("&Scheduled for", self.scheduled_for)
        self.form.addRow("&Reason", self.reason)
        self.form.addRow("&Happened on", self.actual_on)

    def build(self) -> Callable[[], CourtEventDTO] | str:
        scheduled = self.scheduled_for.date()
        assert scheduled is not None
        kind = CourtEventKind(self.kind.value())
        reason, actual = self.reason.text().strip(), self.actual_on.date()
        services, court_case_id = self._services, self._court_case_id
        return lambda: services.add_court_event(court_case_id, kind, scheduled, reason, actual)


class RescheduleDialog(FormDialog):
    def __init__(
        self,
        event: CourtEventDTO,
        services: Services,
        worker: Worker,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(
            f"Reschedule: {label(event.kind)}",
            worker,
            parent,
            settings=settings,
            intro=f"Now scheduled for {format_date(event.scheduled_for)}. "
            "The earlier date is kept in the timeline.",
        )
        self._event = event
        self._services = services
        self.new_date = OptionalDateEdit(
            self, allow_empty=False, default=lambda: event.scheduled_for
        )
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Reason for the new date")
        self.form.addRow("&New date", self.new_date)
        self.form.addRow("&Reason (required)", self.reason)

    def build(self) -> Callable[[], CourtEventDTO] | str:
        new_date = self.new_date.date()
        reason = self.reason.text().strip()
        if not reason:
            return REASON_NEEDED
        assert new_date is not None
        services, event = self._services, self._event
        return lambda: services.reschedule_event(event.id, event.version, new_date, reason)


class RecordEventDialog(FormDialog):
    def __init__(
        self,
        event: CourtEventDTO,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(
            f"What happened: {label(event.kind)}",
            worker,
            parent,
            settings=settings,
            intro="The day it happened (clear it if it did not happen after all).",
        )
        self._event = event
        self._services = services
        self.actual_on = OptionalDateEdit(self, empty_text="Did not happen", default=today)
        self.actual_on.setDate(event.actual_on or min(event.scheduled_for, today()))
        self.form.addRow("&Happened on", self.actual_on)
        self.form.addRow("", QLabel(f"Scheduled for {format_date(event.scheduled_for)}", self))

    def build(self) -> Callable[[], CourtEventDTO] | str:
        actual = self.actual_on.date()
        services, event = self._services, self._event
        return lambda: services.record_event_outcome(event.id, event.version, actual)
