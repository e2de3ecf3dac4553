"""How each domain changed since the intake, for the survivor and for the navigator separately,
and where their views differ in the latest assessment. The two views are never averaged."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from models.dto import AssessmentDTO
from models.enums import Perspective
from models.rules.recovery_change import (
    DOMAINS,
    disagreements,
    domain_change,
    intake_of,
    latest_after_intake,
    overall_change,
    overall_score,
)
from ui.assessment.texts import MAX_OVERALL, change_text
from ui.labels import label

__all__ = ["COLUMNS", "VIEWS_DIFFER", "ChangeTable"]

COLUMNS = (
    "Domain",
    "Survivor\nintake → latest",
    "Survivor\nchange",
    "Navigator\nintake → latest",
    "Navigator\nchange",
    "Latest\nviews",
)
VIEWS_DIFFER = "≠ differ"
_BETTER = QColor("#1E5128")
_WORSE = QColor("#7A1F17")
_DIFFER = QColor("#7A1F17")


def _value(score: int | None) -> str:
    return "—" if score is None else str(score)


def _pair(intake: int | None, latest: int | None, has_latest: bool) -> str:
    if not has_latest:
        return _value(intake)
    return f"{_value(intake)} → {_value(latest)}"


class ChangeTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(DOMAINS) + 1, len(COLUMNS), parent)
        self.setObjectName("changeTable")
        self.setAccessibleName("Change since the intake, by domain")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.set_assessments(())
        height = (
            self.verticalHeader().defaultSectionSize() * self.rowCount()
            + header.sizeHint().height()
            + 2 * self.frameWidth()
        )
        self.setFixedHeight(height)

    def set_assessments(self, assessments: Sequence[AssessmentDTO]) -> None:
        intake = intake_of(assessments)
        latest = latest_after_intake(assessments)
        if intake is None and assessments:
            intake = min(assessments, key=lambda a: (a.assessed_on, a.id))
        differ = disagreements(latest or intake) if (latest or intake) is not None else {}
        for row, domain in enumerate(DOMAINS):
            cells: list[tuple[str, QColor | None]] = [(label(domain), None)]
            for perspective in (Perspective.SURVIVOR, Perspective.NAVIGATOR):
                before = intake.score(domain, perspective) if intake else None
                after = latest.score(domain, perspective) if latest else None
                change = (
                    domain_change(intake, latest, domain, perspective)
                    if intake is not None and latest is not None
                    else None
                )
                cells.append((_pair(before, after, latest is not None), None))
                cells.append((change_text(change), _change_colour(change)))
            views = VIEWS_DIFFER if domain in differ else ""
            cells.append((views, _DIFFER if views else None))
            self._set_row(row, cells, bold_last=bool(views))
        cells = [(f"Overall (of {MAX_OVERALL})", None)]
        for perspective in (Perspective.SURVIVOR, Perspective.NAVIGATOR):
            before = overall_score(intake, perspective) if intake else None
            after = overall_score(latest, perspective) if latest else None
            change = (
                overall_change(intake, latest, perspective)
                if intake is not None and latest is not None
                else None
            )
            cells.append((_pair(before, after, latest is not None), None))
            cells.append((change_text(change), _change_colour(change)))
        cells.append(("", None))
        self._set_row(len(DOMAINS), cells, bold=True)

    def row_texts(self, row: int) -> list[str]:
        return [self.item(row, c).text() for c in range(self.columnCount())]

    def _set_row(
        self,
        row: int,
        cells: Sequence[tuple[str, QColor | None]],
        *,
        bold: bool = False,
        bold_last: bool = False,
    ) -> None:
        for column, (text, colour) in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour is not None:
                item.setForeground(QBrush(colour))
            if bold or column == 0 or (bold_last and column == len(cells) - 1):
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(font)
            self.setItem(row, column, item)


def _change_colour(change: int | None) -> QColor | None:
    if change is None or change == 0:
        return None
    return _BETTER if change > 0 else _WORSE
