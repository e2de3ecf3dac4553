"""The fields of a police summary, one checkbox each, grouped by the consent that covers them.

A field the survivor's consent covers is ticked and may be unticked (the navigator narrows what
goes); a field outside the consent is unticked and disabled, with the reason beside it, and can
never be ticked. When the consent allows nothing, the reason replaces the checkboxes. The safe
address is not an ExportField, so it is never offered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.dto import PoliceExportOptionsDTO
from models.enums import ConsentRecipient, ConsentScope, ExportField
from models.rules.police_export import FIELD_SCOPES
from ui.labels import label

__all__ = [
    "LOADING_TEXT",
    "NOT_COVERED",
    "SAFE_ADDRESS_NOTE",
    "FieldChooser",
    "recipient_words",
]

LOADING_TEXT = "Reading the survivor's consent…"
NOT_COVERED = "not covered by consent"
SAFE_ADDRESS_NOTE = "The survivor's safe address is never included in a police summary."
CONSENT_TAB_HINT = (
    "If the survivor has agreed since, record it in the case's Consent tab, then export again."
)

_RECIPIENT_WORDS = {
    ConsentRecipient.POLICE: "the police",
    ConsentRecipient.CPS: "the Crown Prosecution Service",
}

_REFUSAL_STYLE = (
    "QLabel#exportRefusal { border: 1px solid #E8B4AF; border-radius: 6px; background: #FDECEA;"
    " color: #7A1F17; padding: 10px; font-weight: bold; }"
)


def recipient_words(recipient: ConsentRecipient) -> str:
    """ "the police", "the Crown Prosecution Service"."""
    return _RECIPIENT_WORDS.get(recipient, label(recipient))


# Headings of their own: label(ConsentScope.RECOVERY_SCORES) is shadowed in ui.labels by the
# ExportField of the same value, and "Identity (name, date of birth)" heads more than those two.
_HEADINGS = {
    ConsentScope.IDENTITY: "Identity",
    ConsentScope.CONTACT_DETAILS: "Contact details",
    ConsentScope.RECOVERY_SCORES: "Recovery scores",
    ConsentScope.SUPPORT_SUMMARY: "Support given",
}


def _heading(scope: ConsentScope) -> str:
    return _HEADINGS.get(scope) or label(scope)


class FieldChooser(QGroupBox):
    """``changed`` fires when the navigator ticks or unticks a field (not when options load);
    ``consent_tab_requested`` when they ask to go to the Consent tab from a refusal."""

    changed = Signal()
    consent_tab_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldChooser")
        self._options: PoliceExportOptionsDTO | None = None
        self._last_options: PoliceExportOptionsDTO | None = None  # kept while loading again
        self._recipient = ConsentRecipient.POLICE

        self.status = QLabel(LOADING_TEXT, self)
        self.status.setObjectName("fieldChooserStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555;")

        self.refusal = QLabel(self)
        self.refusal.setObjectName("exportRefusal")
        self.refusal.setAccessibleName("Why nothing can be exported")
        self.refusal.setWordWrap(True)
        self.refusal.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.setStyleSheet(_REFUSAL_STYLE)
        self.refusal_hint = QLabel(CONSENT_TAB_HINT, self)
        self.refusal_hint.setWordWrap(True)
        self.consent_button = QPushButton("Go to the Consent ta&b", self)
        self.consent_button.setAccessibleName("Go to the Consent tab")
        self.consent_button.clicked.connect(self.consent_tab_requested)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.consent_button)
        hint_row.addStretch(1)

        self.boxes: dict[ExportField, QCheckBox] = {}
        self.headings: dict[ConsentScope, QLabel] = {}
        self._fields = QWidget(self)
        fields_layout = QVBoxLayout(self._fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.setSpacing(2)
        for scope in ConsentScope:
            members = [f for f in ExportField if FIELD_SCOPES.get(f) is scope]
            if not members:
                continue  # a scope no police summary field belongs to (NRM status, say)
            heading = QLabel(_heading(scope), self._fields)
            heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
            self.headings[scope] = heading
            fields_layout.addWidget(heading)
            for field in members:
                box = QCheckBox(label(field), self._fields)
                box.setObjectName(f"exportField_{field.value}")
                box.toggled.connect(self._on_toggled)
                self.boxes[field] = box
                fields_layout.addWidget(box)
        self.safe_address_note = QLabel(SAFE_ADDRESS_NOTE, self._fields)
        self.safe_address_note.setWordWrap(True)
        self.safe_address_note.setStyleSheet("color: #555; margin-top: 8px;")
        fields_layout.addWidget(self.safe_address_note)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.refusal)
        layout.addWidget(self.refusal_hint)
        layout.addLayout(hint_row)
        layout.addWidget(self._fields)
        layout.addStretch(1)
        self._loading = False
        self.set_loading(ConsentRecipient.POLICE)

    # -- public API ---------------------------------------------------------------------------

    def set_loading(self, recipient: ConsentRecipient) -> None:
        """Say the consent is being read; nothing can be chosen until it is."""
        self._recipient = recipient
        self._options = None
        self.setTitle(self._title(recipient))
        self.status.setText(LOADING_TEXT)
        self.status.show()
        self._show_refusal("")
        self._fields.hide()

    def set_options(self, options: PoliceExportOptionsDTO) -> None:
        """Show what the consent allows now: allowed fields ticked, the rest disabled.

        Re-reading the same recipient's consent keeps what the navigator unticked."""
        previous = self._last_options
        unticked = (
            {f for f, box in self.boxes.items() if f in previous.allowed and not box.isChecked()}
            if previous is not None and previous.recipient is options.recipient
            else set()
        )
        self._options = self._last_options = options
        self._recipient = options.recipient
        self.setTitle(self._title(options.recipient))
        self.status.hide()
        self._show_refusal(options.refusal)
        self._loading = True
        try:
            for field, box in self.boxes.items():
                allowed = field in options.allowed
                box.setEnabled(allowed)
                box.setChecked(allowed and field not in unticked)
                text = label(field)
                if allowed:
                    box.setText(text)
                    box.setToolTip("")
                    box.setAccessibleName(f"Send {text.lower()}")
                else:
                    box.setText(f"{text} — {NOT_COVERED}")
                    box.setToolTip(
                        f"The survivor has not agreed to share this with "
                        f"{recipient_words(options.recipient)}, so it cannot be sent."
                    )
                    box.setAccessibleName(f"{text}: {NOT_COVERED}")
        finally:
            self._loading = False
        self._fields.setVisible(not options.refusal)

    def options(self) -> PoliceExportOptionsDTO | None:
        return self._options

    def chosen(self) -> frozenset[ExportField]:
        """The ticked fields (always within what the consent allows)."""
        if self._options is None or self._options.refusal:
            return frozenset()
        return frozenset(
            field
            for field, box in self.boxes.items()
            if box.isChecked() and field in self._options.allowed
        )

    def refusal_text(self) -> str:
        return self._options.refusal if self._options is not None else ""

    def first_enabled_box(self) -> QCheckBox | None:
        return next((box for box in self.boxes.values() if box.isEnabled()), None)

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _title(recipient: ConsentRecipient) -> str:
        return f"&What the survivor agreed to share with {recipient_words(recipient)}"

    def _show_refusal(self, text: str) -> None:
        self.refusal.setText(text)
        for widget in (self.refusal, self.refusal_hint, self.consent_button):
            widget.setVisible(bool(text))

    def _on_toggled(self, _checked: bool) -> None:
        if not self._loading:
            self.changed.emit()
