"""A date field that may be left empty ("Not recorded"), for dates real life does not always have.

Qt's QDateEdit always holds a date. Here the earliest date it can hold is a sentinel shown as
"Not recorded"; the moment the navigator types a digit, steps the date or opens the calendar, the
field jumps to a sensible default (today, or a given date) so they never scroll up from 1900.
A small clear button next to it returns it to "Not recorded".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

__all__ = ["OptionalDateEdit"]

_SENTINEL = QDate(1800, 1, 1)
_EARLIEST = QDate(1800, 1, 2)
_FORMATS = {"day": "dd/MM/yyyy", "month": "MM/yyyy", "year": "yyyy"}


def _to_qdate(value: datetime.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _to_date(value: QDate) -> datetime.date:
    return datetime.date(value.year(), value.month(), value.day())


class _DateEdit(QDateEdit):
    """Jumps from the sentinel to the default date before the first edit."""

    def __init__(self, owner: OptionalDateEdit) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() in (".", "-", " "):
            # 3.4.2020 and 3-4-2020 mean the same as 3/4/2020.
            event = QKeyEvent(
                event.type(), Qt.Key.Key_Slash, event.modifiers(), "/", event.isAutoRepeat()
            )
        if event.text() == "/" and self._just_after_separator():
            # After two digits Qt has already moved on to the next part; a typed "03/04/2020"
            # must not skip the month as well.
            return
        if self._owner.date() is None and (
            event.text().isdigit()
            or event.key()
            in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        ):
            if not event.text().isdigit():
                self._owner.fill_default()
                return  # the first step shows the default date; it does not step past it
            # Type over the first part (the day). Start from 1 January: from a 30-day month Qt
            # would turn a typed "31" into "30".
            self._owner.setDate(datetime.date(self._owner.default_date().year, 1, 1))
            self.setCurrentSectionIndex(0)
            self.setSelectedSection(self.sectionAt(0))
        super().keyPressEvent(event)

    def _just_after_separator(self) -> bool:
        line = self.lineEdit()
        position = line.selectionStart() if line.hasSelectedText() else line.cursorPosition()
        return position > 0 and line.text()[position - 1] == "/"

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._owner.date() is None and self.isEnabled():
            self._owner.fill_default()
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
        # A scrolling page must not change a date the pointer happens to pass over.
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)


class OptionalDateEdit(QWidget):
    """A calendar date or None. ``dateChanged`` carries ``datetime.date | None``.

    With ``allow_empty=False`` it is a plain date field (no "Not recorded", no clear button).
    """

    dateChanged = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        allow_empty: bool = True,
        empty_text: str = "Not recorded",
        default: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        super().__init__(parent)
        self._allow_empty = allow_empty
        self._default = default
        self._edit = _DateEdit(self)
        self._edit.setCalendarPopup(True)
        self._edit.setDisplayFormat(_FORMATS["day"])
        self._edit.setMinimumDate(_SENTINEL if allow_empty else _EARLIEST)
        self._edit.setMaximumDate(QDate(9999, 12, 31))
        if allow_empty:
            self._edit.setSpecialValueText(empty_text)
        self._edit.setMinimumWidth(self._edit.fontMetrics().horizontalAdvance(empty_text) + 48)
        self._edit.dateChanged.connect(self._emit_changed)

        self._clear = QToolButton(self)
        self._clear.setText("Clear")
        self._clear.setToolTip(f"Clear this date ({empty_text.lower()})")
        self._clear.setAccessibleName("Clear date")
        self._clear.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._clear.clicked.connect(self.clear)
        self._clear.setVisible(allow_empty)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._edit)
        layout.addWidget(self._clear)
        layout.addStretch(1)
        self.setFocusProxy(self._edit)
        self._update_clear()
        self._edit.setDate(_SENTINEL if allow_empty else _to_qdate(default()))

    # -- public API ---------------------------------------------------------------------------

    def date(self) -> datetime.date | None:
        value = self._edit.date()
        if self._allow_empty and value == _SENTINEL:
            return None
        return _to_date(value)

    def setDate(self, value: datetime.date | None) -> None:
        if value is None:
            if not self._allow_empty:
                raise ValueError("This date field cannot be empty")
            self._edit.setDate(_SENTINEL)
        else:
            self._edit.setDate(_to_qdate(value))

    def clear(self) -> None:
        if self._allow_empty:
            self.setDate(None)

    def default_date(self) -> datetime.date:
        return self._default()

    def fill_default(self) -> None:
        """Put the default date in an empty field (as when the navigator starts editing it)."""
        if self.date() is None:
            self.setDate(self._default())

    def set_precision(self, precision: str) -> None:
        """Show only what is known: "day", "month" or "year"."""
        self._edit.setDisplayFormat(_FORMATS.get(precision, _FORMATS["day"]))

    def set_accessible_name(self, name: str) -> None:
        self._edit.setAccessibleName(name)
        self._clear.setAccessibleName(f"Clear {name.lower()}")

    def date_edit(self) -> QDateEdit:
        return self._edit

    # -- internals ----------------------------------------------------------------------------

    def _emit_changed(self, _value: QDate) -> None:
        self._update_clear()
        self.dateChanged.emit(self.date())

    def _update_clear(self) -> None:
        self._clear.setEnabled(self.date() is not None)
