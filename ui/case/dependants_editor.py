"""The survivor's dependants, as a small table: name, relationship, year of birth, in the UK."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import DependantDTO

__all__ = ["DependantsEditor"]

_NAME, _RELATIONSHIP, _YEAR, _IN_UK = range(4)


class _YearDelegate(QStyledItemDelegate):
    """Only digits can be typed as a year of birth; empty means unknown."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QIntValidator(0, 9999, editor))
        editor.setPlaceholderText("e.g. 2015")
        return editor


class DependantsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = QTableWidget(0, 4, self)
        self._table.setObjectName("dependantsTable")
        self._table.setAccessibleName("Dependants")
        self._table.setHorizontalHeaderLabels(["Name", "Relationship", "Born (year)", "In UK"])
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_RELATIONSHIP, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_YEAR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_IN_UK, QHeaderView.ResizeMode.ResizeToContents)
        self._table.setItemDelegateForColumn(_YEAR, _YearDelegate(self._table))
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        row_height = self._table.fontMetrics().height() + 10
        self._table.verticalHeader().setDefaultSectionSize(row_height)
        # Room for the header and three rows; more rows scroll.
        self._table.setFixedHeight(
            self._table.horizontalHeader().sizeHint().height() + 3 * row_height + 4
        )
        self._table.itemChanged.connect(lambda _item: self.changed.emit())
        self._table.itemSelectionChanged.connect(self._update_buttons)

        self._add = QPushButton("Add dependant", self)
        self._add.clicked.connect(self.add_row)
        self._remove = QPushButton("Remove", self)
        self._remove.setAccessibleName("Remove dependant")
        self._remove.clicked.connect(self._remove_selected)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addStretch(1)
        row.addWidget(self._add)
        row.addWidget(self._remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._table)
        layout.addLayout(row)
        self.setFocusProxy(self._table)
        self._update_buttons()

    def dependants(self) -> tuple[DependantDTO, ...]:
        result = []
        for row in range(self._table.rowCount()):
            year_text = self._text(row, _YEAR)
            result.append(
                DependantDTO(
                    name=self._text(row, _NAME),
                    relationship_to_person=self._text(row, _RELATIONSHIP),
                    year_of_birth=int(year_text) if year_text.isdigit() else None,
                    in_uk=self._table.item(row, _IN_UK).checkState() == Qt.CheckState.Checked,
                )
            )
        return tuple(result)

    def set_dependants(self, dependants: tuple[DependantDTO, ...]) -> None:
        self._table.blockSignals(True)
        self._table.setRowCount(0)
        for dependant in dependants:
            self._append(dependant)
        self._table.blockSignals(False)
        self._update_buttons()

    def add_row(self) -> None:
        self._table.blockSignals(True)
        self._append(DependantDTO(name=""))
        self._table.blockSignals(False)
        row = self._table.rowCount() - 1
        self._table.setCurrentCell(row, _NAME)
        self._table.editItem(self._table.item(row, _NAME))
        self.changed.emit()

    def table(self) -> QTableWidget:
        return self._table

    def _append(self, dependant: DependantDTO) -> None:
        row = self._table.rowCount()
        self._table.insertRow(row)
        year = "" if dependant.year_of_birth is None else str(dependant.year_of_birth)
        for column, text in (
            (_NAME, dependant.name),
            (_RELATIONSHIP, dependant.relationship_to_person),
            (_YEAR, year),
        ):
            self._table.setItem(row, column, QTableWidgetItem(text))
        in_uk = QTableWidgetItem("In UK")
        in_uk.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        in_uk.setCheckState(Qt.CheckState.Checked if dependant.in_uk else Qt.CheckState.Unchecked)
        self._table.setItem(row, _IN_UK, in_uk)

    def _text(self, row: int, column: int) -> str:
        item = self._table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _remove_selected(self) -> None:
        rows = sorted({index.row() for index in self._table.selectedIndexes()}, reverse=True)
        for row in rows:
            self._table.removeRow(row)
        if rows:
            self.changed.emit()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self._remove.setEnabled(bool(self._table.selectedIndexes()))
