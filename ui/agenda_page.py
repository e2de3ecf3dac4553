"""The Agenda: every dated item that needs the navigator. Filled by later features."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class AgendaPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Agenda")
        title.setObjectName("pageTitle")
        empty = QLabel(
            "Nothing is due.\n\nHearings, NRM deadlines, assessments due and plan reviews "
            "will be listed here as they are recorded."
        )
        empty.setObjectName("emptyState")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(empty, 1)
