"""A choice of language by name, holding a BCP 47 tag (``"vi"``), with an optional "none"."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from ui.labels import LANGUAGE_NAMES, language_name

__all__ = ["LanguageCombo"]


class LanguageCombo(QComboBox):
    """English first, then the other languages by name. A tag not in the list (a plan written
    in a language added elsewhere) is shown by its code rather than lost."""

    def __init__(self, parent: QWidget | None = None, *, none_text: str | None = None) -> None:
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        if none_text is not None:
            self.addItem(none_text, "")
        others = sorted((tag for tag in LANGUAGE_NAMES if tag != "en"), key=language_name)
        for tag in ["en", *others]:
            self.addItem(language_name(tag), tag)

    def tag(self) -> str:
        value = self.currentData()
        return value if isinstance(value, str) else ""

    def set_tag(self, tag: str) -> None:
        index = self.findData(tag)
        if index < 0:
            self.addItem(f"{language_name(tag)} ({tag})", tag)
            index = self.count() - 1
        self.setCurrentIndex(index)
