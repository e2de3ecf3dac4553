"""An editable list of UK police forces: pick one, or type a name that is not listed."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

__all__ = ["PoliceForceCombo", "known_police_forces"]


def known_police_forces() -> list[str]:
    """The forces in ``models.rules.police_forces``, or none if that list is not available."""
    try:
        from models.rules.police_forces import POLICE_FORCES
    except ImportError:
        return []
    return [str(force) for force in POLICE_FORCES]


class PoliceForceCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None, extra: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        forces = list(dict.fromkeys([*known_police_forces(), *extra]))
        self.addItem("")
        self.addItems(forces)
        completer = QCompleter(forces, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText("Choose or type a force")
        self.setMinimumContentsLength(24)

    def force(self) -> str:
        return self.currentText().strip()

    def set_force(self, name: str) -> None:
        index = self.findText(name, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(name)
