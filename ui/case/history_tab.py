"""Who did what to this case, and when: its audit entries, newest first.

Audit rows hold no personal data, so this list names actions and kinds of record only.
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

from models.dto import AuditRow
from models.errors import WaypostError
from ui.case.formatting import describe_entity, format_timestamp
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["HistoryTab"]


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
        case_id = self._case_id
        self._worker.submit(
            lambda: self._services.case_history(case_id),
            self._show,
            self._on_failed,
        )

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The rows as shown: (when, action, what, who)."""
        return [
            tuple(self.list.topLevelItem(i).text(c) for c in range(4))  # type: ignore[misc]
            for i in range(self.list.topLevelItemCount())
        ]

    def _show(self, rows: list[AuditRow]) -> None:
        self.list.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [
                    format_timestamp(row.at),
                    label(row.action),
                    describe_entity(row.entity_type),
                    row.user,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            self.list.addTopLevelItem(item)
        count = len(rows)
        self.status.setText(f"{count} entr{'y' if count == 1 else 'ies'}.")

    def _on_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.status.setText(f"The history could not be read. {message}")
