"""Choose a new passphrase: type it twice, see how strong it is, and see why it is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.passphrase_meter import PassphraseStrengthMeter

__all__ = ["NewPassphraseForm"]

_OK_COLOUR = "#1E6B3A"
_PROBLEM_COLOUR = "#8A4B00"


class NewPassphraseForm(QWidget):
    """Two password fields, the strength meter, a show toggle and a one-line reason.

    ``changed()`` is emitted whenever ``is_acceptable()`` or ``reason()`` may have changed.
    Used by the first-run wizard and the recovery-key dialog.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        first_label: str = "&Passphrase",
        second_label: str = "&Type it again",
    ) -> None:
        super().__init__(parent)
        self._first = QLineEdit(self)
        self._first.setObjectName("newPassphraseEdit")
        self._first.setAccessibleName("New passphrase")
        self._second = QLineEdit(self)
        self._second.setObjectName("repeatPassphraseEdit")
        self._second.setAccessibleName("New passphrase, again")
        for field in (self._first, self._second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMinimumHeight(30)
            field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            field.textChanged.connect(self._on_text_changed)

        self._meter = PassphraseStrengthMeter(self)
        self._meter.setObjectName("passphraseMeter")

        self._show = QCheckBox("S&how passphrases", self)
        self._show.setObjectName("showPassphrasesCheck")
        self._show.setAccessibleName("Show passphrases")
        self._show.toggled.connect(self._set_visible)

        self._reason = QLabel(self)
        self._reason.setObjectName("passphraseReason")
        self._reason.setAccessibleName("Passphrase check")
        self._reason.setWordWrap(True)
        self._reason.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(first_label, self._first)
        form.addRow("", self._meter)
        form.addRow(second_label, self._second)
        form.addRow("", self._show)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self._reason)

        self.setFocusProxy(self._first)
        self._refresh()

    # -- public API ---------------------------------------------------------------------------

    def passphrase(self) -> str:
        return self._first.text()

    def is_acceptable(self) -> bool:
        """Strong enough for the meter, and typed the same twice."""
        return self._meter.acceptable and self._first.text() == self._second.text()

    def reason(self) -> str:
        """Why the passphrase cannot be used yet, or a confirmation when it can."""
        first, second = self._first.text(), self._second.text()
        if not first:
            return "Choose a passphrase: a short sentence or several unrelated words."
        if not self._meter.acceptable:
            return "Not strong enough yet: make it longer, or add more unrelated words."
        if not second:
            return "Type the passphrase again, to be sure it is what you meant."
        if first != second:
            return "The two passphrases do not match."
        return "Strong enough, and both match."

    def clear(self) -> None:
        self._first.clear()
        self._second.clear()
        self._show.setChecked(False)

    def set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self._first, self._second, self._show):
            widget.setEnabled(enabled)

    # -- internals ----------------------------------------------------------------------------

    def _on_text_changed(self) -> None:
        self._meter.set_passphrase(self._first.text())
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self._reason.setText(self.reason())
        palette = self._reason.palette()
        if self.is_acceptable():
            colour = QColor(_OK_COLOUR)
        elif self._first.text():
            colour = QColor(_PROBLEM_COLOUR)
        else:
            colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self._reason.setPalette(palette)

    def _set_visible(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self._first.setEchoMode(mode)
        self._second.setEchoMode(mode)
