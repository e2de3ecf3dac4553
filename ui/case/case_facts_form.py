"""The case half of the details form: status, referral, police facts, exploitation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from models.dto import CaseFields
from models.enums import CaseKind, CaseStatus, ExploitationType, PoliceEngagement, ReferralSource
from ui.labels import label
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.labelled_rows import add_labelled_row
from ui.widgets.police_force_combo import PoliceForceCombo

__all__ = ["CaseFactsForm"]


class CaseFactsForm(QGroupBox):
    """``changed`` fires on any edit. ``fields()`` reads the form; ``set_fields`` fills it."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Case", parent)
        self._today = today
        self._kind = CaseKind.SUPPORT_PLAN
        self._loading = False

        self.kind_label = QLabel(self)
        self.kind_label.setAccessibleName("Kind of case")
        self.status = EnumCombo(CaseStatus, self)
        self.closed_on = OptionalDateEdit(self, default=today)
        self.opened_on = OptionalDateEdit(self, allow_empty=False, default=today)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("What the advice is about")
        self.referral_source = EnumCombo(ReferralSource, self)
        self.police_force = PoliceForceCombo(self)
        self.operation = QLineEdit(self)
        self.crime_reference = QLineEdit(self)
        self.exploitation = {t: QCheckBox(label(t), self) for t in ExploitationType}
        self.oic = QCheckBox("Organised &immigration crime (OIC)", self)
        self.engagement = EnumCombo(PoliceEngagement, self)
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(72)
        self.summary.setPlaceholderText("A few lines a colleague would need to pick this up")

        exploitation_box = QWidget(self)
        grid = QGridLayout(exploitation_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        for i, box in enumerate(self.exploitation.values()):
            grid.addWidget(box, i // 2, i % 2)

        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._form.setVerticalSpacing(8)
        self.labels: dict[str, QLabel] = {}
        self._row("kind", "Kind", self.kind_label, buddy=False)
        self._row("status", "&Status", self.status)
        self._row("closed_on", "Closed o&n", self.closed_on)
        self._row("opened_on", "&Opened on", self.opened_on)
        self._row("title", "&Title", self.title_edit)
        self._row("referral_source", "&Referral source", self.referral_source)
        self._row("police_force", "Police &force", self.police_force)
        self._row("operation_name", "O&peration", self.operation)
        self._row("crime_reference", "&Crime reference", self.crime_reference)
        self._row("exploitation_types", "E&xploitation", exploitation_box, buddy=False)
        self.labels["exploitation_types"].setBuddy(next(iter(self.exploitation.values())))
        self._form.addRow("", self.oic)
        self._row("police_engagement", "Police &engagement", self.engagement)
        self._row("summary", "Su&mmary", self.summary)

        for name in ("opened_on", "closed_on"):
            getattr(self, name).set_accessible_name(self.labels[name].text().replace("&", ""))
        self.status.currentIndexChanged.connect(self._on_status_changed)
        for widget in (self.status, self.referral_source, self.engagement):
            widget.currentIndexChanged.connect(self._emit_changed)
        self.police_force.editTextChanged.connect(self._emit_changed)
        for date_edit in (self.closed_on, self.opened_on):
            date_edit.dateChanged.connect(self._emit_changed)
        for line in (self.title_edit, self.operation, self.crime_reference):
            line.textChanged.connect(self._emit_changed)
        for box in (*self.exploitation.values(), self.oic):
            box.toggled.connect(self._emit_changed)
        self.summary.textChanged.connect(self._emit_changed)

    # -- public API ---------------------------------------------------------------------------

    def set_fields(self, fields: CaseFields) -> None:
        self._loading = True
        try:
            self._kind = fields.kind
            self.kind_label.setText(label(fields.kind))
            self.status.set_value(fields.status)
            self.closed_on.setDate(fields.closed_on)
            self.opened_on.setDate(fields.opened_on)
            self.title_edit.setText(fields.title)
            self.referral_source.set_value(fields.referral_source)
            self.police_force.set_force(fields.police_force)
            self.operation.setText(fields.operation_name)
            self.crime_reference.setText(fields.crime_reference)
            for kind, box in self.exploitation.items():
                box.setChecked(kind in fields.exploitation_types)
            self.oic.setChecked(fields.organised_immigration_crime)
            self.engagement.set_value(fields.police_engagement)
            self.summary.setPlainText(fields.summary)
            strategic = fields.kind is CaseKind.STRATEGIC_ADVICE
            self._form.setRowVisible(self.title_edit, strategic)
            self._update_closed_enabled()
        finally:
            self._loading = False

    def fields(self) -> CaseFields:
        opened = self.opened_on.date()
        assert opened is not None  # allow_empty=False
        return CaseFields(
            kind=self._kind,
            opened_on=opened,
            referral_source=ReferralSource(self.referral_source.value()),
            status=CaseStatus(self.status.value()),
            closed_on=self.closed_on.date(),
            title=self.title_edit.text().strip(),
            police_force=self.police_force.force(),
            operation_name=self.operation.text().strip(),
            crime_reference=self.crime_reference.text().strip(),
            exploitation_types=frozenset(k for k, b in self.exploitation.items() if b.isChecked()),
            organised_immigration_crime=self.oic.isChecked(),
            police_engagement=PoliceEngagement(self.engagement.value()),
            summary=self.summary.toPlainText().strip(),
        )

    def field_widgets(self) -> dict[str, list[QWidget]]:
        """The widgets (field and label) to mark for each field name the validators use."""
        fields: dict[str, QWidget] = {
            "opened_on": self.opened_on.date_edit(),
            "closed_on": self.closed_on.date_edit(),
            "title": self.title_edit,
            "operation_name": self.operation,
            "crime_reference": self.crime_reference,
        }
        return {name: [widget, self.labels[name]] for name, widget in fields.items()}

    # -- internals ----------------------------------------------------------------------------

    def _row(self, name: str, text: str, field: QWidget, *, buddy: bool = True) -> None:
        caption = add_labelled_row(self._form, self.labels, name, text, field, accessible=buddy)
        if not buddy:
            caption.setBuddy(None)

    def _on_status_changed(self) -> None:
        if not self._loading:
            closed = self.status.value() is CaseStatus.CLOSED
            if closed and self.closed_on.date() is None:
                self.closed_on.setDate(self._today())
            elif not closed:
                self.closed_on.clear()
        self._update_closed_enabled()

    def _update_closed_enabled(self) -> None:
        self.closed_on.setEnabled(self.status.value() is CaseStatus.CLOSED)

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()
