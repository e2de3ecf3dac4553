"""The one question Waypost asks before unsaved edits are thrown away."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["ask_discard"]


def ask_discard(parent: QWidget | None, message: str) -> bool:
    """True only if the navigator chose to discard. "Keep editing" is the default (Esc, Enter)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved edits")
    box.setText(message)
    discard = box.addButton("&Discard my edits", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
