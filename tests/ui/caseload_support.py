"""Helpers shared by the caseload model and view tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, CaseStatus, ReferralSource
from models.services.facade import Services

PEOPLE = [
    ("Thị Hoa", "Nguyễn"),
    ("Łukasz", "Wiśniewski"),
    ("Amanuel", "Tesfay"),
    ("Ardit", "Hoxha"),
    ("Mehret", "Gebre"),
    ("Ana", "Popescu"),
]
FORCES = ["Kent Police", "Essex Police", "West Midlands Police"]


def fill(services: Services, count: int = 12) -> list[int]:
    """``count`` cases: every fourth is strategic advice; forces and statuses rotate.

    Case i is opened on 2026-01-01 plus i days, so the newest (highest i) sorts first.
    """
    ids = []
    for i in range(count):
        given, family = PEOPLE[i % len(PEOPLE)]
        strategic = i % 4 == 3
        fields = CaseFields(
            kind=CaseKind.STRATEGIC_ADVICE if strategic else CaseKind.SUPPORT_PLAN,
            opened_on=date(2026, 1, 1).replace(day=1 + i % 28, month=1 + i // 28),
            referral_source=ReferralSource.POLICE_FORCE,
            status=(CaseStatus.REFERRED, CaseStatus.ACTIVE, CaseStatus.ON_HOLD)[i % 3],
            police_force=FORCES[i % len(FORCES)],
            title=f"Operation {family}" if strategic else "",
        )
        person = None if strategic else PersonFields(given_names=given, family_name=family)
        ids.append(services.create_case(NewCase(fields=fields, person=person)).id)
    return ids


class DeferredWorker(QObject):
    """The Worker interface, holding each job until the test runs it (in any order)."""

    busy_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None] | None, Any]] = []

    accepting = True  # the Worker interface: never shut down in these tests

    def submit(self, work, on_done=None, on_error=None) -> None:
        self.jobs.append((work, on_done, on_error))

    def run(self, index: int = 0) -> None:
        work, on_done, on_error = self.jobs.pop(index)
        try:
            result = work()
        except Exception as error:
            if on_error is not None:
                on_error(error)
            else:
                self.failed.emit(str(type(error).__name__))
            return
        if on_done is not None:
            on_done(result)

    def run_all(self) -> None:
        while self.jobs:
            self.run(0)

    def shutdown(self, wait: bool = True) -> None:
        self.jobs.clear()
