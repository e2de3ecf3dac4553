"""A combo box over a StrEnum, showing each member's display label and returning the member."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from PySide6.QtWidgets import QComboBox, QWidget

from ui.labels import label

__all__ = ["EnumCombo"]


class EnumCombo(QComboBox):
    def __init__(self, members: Iterable[StrEnum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._members: list[StrEnum] = list(members)
        for member in self._members:
            self.addItem(label(member), member.value)

    def value(self) -> StrEnum:
        return self._members[max(self.currentIndex(), 0)]

    def set_value(self, member: StrEnum) -> None:
        self.setCurrentIndex(self._members.index(member))
