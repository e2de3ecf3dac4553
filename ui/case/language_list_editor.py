"""The survivor's languages: add, remove, and mark the one their documents are printed in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import LanguageDTO
from ui.labels import LANGUAGE_NAMES, language_name

__all__ = ["LanguageListEditor"]

_TAG_ROLE = Qt.ItemDataRole.UserRole
_BY_NAME = {name.casefold(): tag for tag, name in LANGUAGE_NAMES.items()}


def language_tag(typed: str) -> str:
    """A listed language's tag ("Vietnamese" -> "vi"); anything else is kept as typed."""
    text = " ".join(typed.split())
    if text in LANGUAGE_NAMES:
        return text
    return _BY_NAME.get(text.casefold(), text)


class LanguageListEditor(QWidget):
    """``changed`` fires on every edit. The "For documents" column allows at most one tick."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = QTableWidget(0, 2, self)
        self._table.setObjectName("languagesTable")
        self._table.setAccessibleName("Languages")
        self._table.setHorizontalHeaderLabels(["Language", "For documents"])
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        row_height = self._table.fontMetrics().height() + 10
        self._table.verticalHeader().setDefaultSectionSize(row_height)
        # Room for the header and three rows; more rows scroll.
        self._table.setFixedHeight(
            self._table.horizontalHeader().sizeHint().height() + 3 * row_height + 4
        )
        self._table.itemChanged.connect(self._on_item_changed)
        self._table.itemSelectionChanged.connect(self._update_buttons)

        self.picker = QComboBox(self)
        self.picker.setObjectName("languagePicker")
        self.picker.setAccessibleName("Language to add")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.addItem("")
        self.picker.addItems(sorted(LANGUAGE_NAMES.values()))
        self.picker.lineEdit().setPlaceholderText("Choose or type a language")
        self.picker.lineEdit().returnPressed.connect(self.add_typed)
        self.picker.currentTextChanged.connect(self._update_buttons)
        self._add = QPushButton("Add language", self)
        self._add.clicked.connect(self.add_typed)
        self._remove = QPushButton("Remove", self)
        self._remove.setAccessibleName("Remove language")
        self._remove.clicked.connect(self._remove_selected)

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.picker, 1)
        row.addWidget(self._add)
        row.addWidget(self._remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._table)
        layout.addLayout(row)
        self.setFocusProxy(self.picker)
        self._update_buttons()

    # -- public API ---------------------------------------------------------------------------

    def languages(self) -> tuple[LanguageDTO, ...]:
        result = []
        for row in range(self._table.rowCount()):
            name, preferred = self._table.item(row, 0), self._table.item(row, 1)
            result.append(
                LanguageDTO(
                    language=str(name.data(_TAG_ROLE)),
                    preferred_for_documents=preferred.checkState() == Qt.CheckState.Checked,
                )
            )
        return tuple(result)

    def set_languages(self, languages: tuple[LanguageDTO, ...]) -> None:
        self._table.blockSignals(True)
        self._table.setRowCount(0)
        for lang in languages:
            self._append(lang.language, lang.preferred_for_documents)
        self._table.blockSignals(False)
        self._update_buttons()

    def add_language(self, typed: str, preferred: bool = False) -> bool:
        """Add a language by name or tag; False if it is empty or already listed."""
        tag = language_tag(typed)
        if not tag or tag in {lang.language for lang in self.languages()}:
            return False
        self._table.blockSignals(True)
        self._append(tag, preferred or self._table.rowCount() == 0)
        self._table.blockSignals(False)
        self.changed.emit()
        return True

    def table(self) -> QTableWidget:
        return self._table

    # -- internals ----------------------------------------------------------------------------

    def add_typed(self) -> None:
        if self.add_language(self.picker.currentText()):
            self.picker.setCurrentIndex(0)
            self.picker.setEditText("")
        self._update_buttons()

    def _append(self, tag: str, preferred: bool) -> None:
        row = self._table.rowCount()
        self._table.insertRow(row)
        name = QTableWidgetItem(language_name(tag))
        name.setData(_TAG_ROLE, tag)
        name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        tick = QTableWidgetItem("Preferred")
        tick.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        tick.setCheckState(Qt.CheckState.Checked if preferred else Qt.CheckState.Unchecked)
        self._table.setItem(row, 0, name)
        self._table.setItem(row, 1, tick)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 1 and item.checkState() == Qt.CheckState.Checked:
            # Only one language can be the one documents are printed in.
            self._table.blockSignals(True)
            for row in range(self._table.rowCount()):
                if row != item.row():
                    self._table.item(row, 1).setCheckState(Qt.CheckState.Unchecked)
            self._table.blockSignals(False)
        self.changed.emit()

    def _remove_selected(self) -> None:
        rows = sorted({index.row() for index in self._table.selectedIndexes()}, reverse=True)
        for row in rows:
            self._table.removeRow(row)
        if rows:
            self.changed.emit()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self._add.setEnabled(bool(self.picker.currentText().strip()))
        self._remove.setEnabled(bool(self._table.selectedIndexes()))
