"""Mark the fields a validation message is about, in red, and clear the marks again."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

__all__ = ["INVALID_STYLE", "clear_invalid", "set_invalid"]

# Applied once by each form that marks fields. The red outline is drawn on the field itself.
INVALID_STYLE = """
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QDateEdit[invalid="true"],
QSpinBox[invalid="true"], QTableWidget[invalid="true"], QComboBox[invalid="true"] {
    border: 2px solid #C62828; border-radius: 3px; background: #FFF5F4;
}
QLabel[invalid="true"] { color: #B71C1C; font-weight: bold; }
"""


def set_invalid(widget: QWidget, invalid: bool = True) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def clear_invalid(widgets: Iterable[QWidget]) -> None:
    for widget in widgets:
        set_invalid(widget, False)
