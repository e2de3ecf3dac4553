"""The one question the plan editor asks before it removes a goal or an action."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["ask_remove"]


def ask_remove(parent: QWidget | None, message: str, what: str = "action") -> bool:
    """True only if the navigator chose to remove. "Keep it" is the default (Esc, Enter)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(f"Remove {what}")
    box.setText(message)
    remove = box.addButton(f"&Remove {what}", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is remove
