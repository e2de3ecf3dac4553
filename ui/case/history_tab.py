"""Who did what to this case, and when: its audit entries, newest first.

Audit rows hold no personal data, so this list names actions and kinds of record only. An
export's row holds only the export's ID; its line here is joined with the case's export register,
so it reads "Exported | police summary EX-2026-0001-K7QD to DC Sam Patel, Officer in the case,
Kent Police (encrypted)", with what was included in its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import AuditRow, ExportRecordDTO
from models.errors import WaypostError
from ui.case.formatting import describe_entity, format_timestamp
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["HistoryTab", "describe_export", "export_contents"]

EXPORT_ENTITY = "export"
_DOCUMENT_NAMES = {"police_summary": "police summary"}


def describe_export(record: ExportRecordDTO) -> str:
    """ "police summary EX-2026-0001-K7QD to DC Sam Patel, Officer in the case, Kent Police
    (encrypted)"."""
    document = _DOCUMENT_NAMES.get(record.document, record.document.replace("_", " "))
    recipient = ", ".join(p for p in (record.officer, record.role, record.force) if p.strip())
    to = f" to {recipient}" if recipient else f" to {label(record.recipient).lower()}"
    return f"{document} {record.reference}{to}{' (encrypted)' if record.encrypted else ''}"


def export_contents(record: ExportRecordDTO) -> str:
    """What the export carried, for the row's tooltip."""
    included = ", ".join(label(field) for field in record.fields) or "nothing"
    return f"{label(record.recipient)}. Included: {included}."


def _load(services: Services, case_id: int) -> tuple[list[AuditRow], dict[int, ExportRecordDTO]]:
    rows = services.case_history(case_id)
    exports: dict[int, ExportRecordDTO] = {}
    if any(row.entity_type == EXPORT_ENTITY for row in rows):
        exports = {record.id: record for record in services.export_register(case_id)}
    return rows, exports


class HistoryTab(QWidget):
    def __init__(
        self, case_id: int, services: Services, worker: Worker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._case_id = case_id
        self._services = services
        self._worker = worker
        caption = QLabel("Every view and change of this case is recorded here, newest first.", self)
        caption.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("historyList")
        self.list.setAccessibleName("Case history")
        self.list.setHeaderLabels(["When", "Action", "What", "Who"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        case_id, services = self._case_id, self._services
        self._worker.submit(lambda: _load(services, case_id), self._show, self._on_failed)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The rows as shown: (when, action, what, who)."""
        return [
            tuple(self.list.topLevelItem(i).text(c) for c in range(4))  # type: ignore[misc]
            for i in range(self.list.topLevelItemCount())
        ]

    def _show(self, loaded: tuple[list[AuditRow], dict[int, ExportRecordDTO]]) -> None:
        rows, exports = loaded
        self.list.clear()
        for row in rows:
            record = (
                exports.get(row.entity_id)
                if row.entity_type == EXPORT_ENTITY and row.entity_id is not None
                else None
            )
            what = describe_export(record) if record else describe_entity(row.entity_type)
            item = QTreeWidgetItem([format_timestamp(row.at), label(row.action), what, row.user])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            if record is not None:
                item.setToolTip(2, export_contents(record))
            self.list.addTopLevelItem(item)
        count = len(rows)
        self.status.setText(f"{count} entr{'y' if count == 1 else 'ies'}.")

    def _on_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.status.setText(f"The history could not be read. {message}")
