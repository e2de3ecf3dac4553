"""Who a police summary goes to: the kind of partner, the force, the officer and their role."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from models.dto import PoliceRecipientDTO
from models.enums import ConsentRecipient
from models.errors import FieldProblem
from models.rules.police_export import POLICE_PARTNERS
from ui.labels import label
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.police_force_combo import PoliceForceCombo

__all__ = ["COMMON_ROLES", "RecipientForm"]

COMMON_ROLES: dict[ConsentRecipient, tuple[str, ...]] = {
    ConsentRecipient.POLICE: (
        "Officer in the case",
        "Deputy officer in the case",
        "Senior investigating officer",
        "Modern slavery single point of contact",
        "Witness care officer",
    ),
    ConsentRecipient.CPS: (
        "Reviewing lawyer",
        "Case worker",
        "Witness care officer",
    ),
}


class RecipientForm(QGroupBox):
    """``kind_changed`` carries the new ConsentRecipient; ``changed`` fires on any edit."""

    kind_changed = Signal(object)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Recipient", parent)
        self.setObjectName("recipientForm")
        self.setStyleSheet(INVALID_STYLE)

        self.kind = QComboBox(self)
        self.kind.setObjectName("recipientKind")
        self.kind.setAccessibleName("Send to")
        for recipient in POLICE_PARTNERS:
            self.kind.addItem(label(recipient), recipient.value)

        self.force = PoliceForceCombo(self)
        self.force.setObjectName("recipientForce")
        self.force.setAccessibleName("Force or CPS area")

        self.officer = QLineEdit(self)
        self.officer.setObjectName("recipientOfficer")
        self.officer.setAccessibleName("Officer (rank and name), required")
        self.officer.setPlaceholderText("Rank and name, e.g. DC Sam Patel")
        self.officer.setMaxLength(200)

        self.role = QComboBox(self)
        self.role.setObjectName("recipientRole")
        self.role.setAccessibleName("Role")
        self.role.setEditable(True)
        self.role.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role.lineEdit().setMaxLength(100)
        self.role.lineEdit().setPlaceholderText("Choose or type a role")
        self._fill_roles(COMMON_ROLES[ConsentRecipient.POLICE])

        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for row, column, name, text, widget in (
            (0, 0, "kind", "Send &to", self.kind),
            (0, 1, "force", "&Force or CPS area", self.force),
            (1, 0, "officer", "&Officer (required)", self.officer),
            (1, 1, "role", "&Role", self.role),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            self.labels[name] = caption
            grid.addWidget(caption, row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 0)

        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.force.currentTextChanged.connect(self._on_edited)
        self.officer.textChanged.connect(self._on_edited)
        self.role.currentTextChanged.connect(self._on_edited)

    # -- public API ---------------------------------------------------------------------------

    def recipient_kind(self) -> ConsentRecipient:
        return ConsentRecipient(self.kind.currentData())

    def recipient(self) -> PoliceRecipientDTO:
        """What the form says now (tidied and checked by the service, not here)."""
        return PoliceRecipientDTO(
            recipient=self.recipient_kind(),
            force=self.force.force(),
            officer=self.officer.text().strip(),
            role=self.role.currentText().strip(),
        )

    def set_default_force(self, force: str) -> None:
        """Put the case's force in, unless the navigator already chose one."""
        if force and not self.force.force():
            self.force.set_force(force)

    def problems(self) -> list[FieldProblem]:
        """What must be filled in before an export (the service checks the same)."""
        recipient = self.recipient()
        problems = []
        if not recipient.officer:
            problems.append(FieldProblem("officer", "Name the officer the summary goes to."))
        if not recipient.force:
            problems.append(FieldProblem("force", "Name the force (or the CPS area) it goes to."))
        return problems

    def mark(self, problems: Iterable[FieldProblem]) -> None:
        """Outline the fields the problems are about (and clear the others)."""
        names = {p.field for p in problems}
        widgets = {"officer": self.officer, "force": self.force, "role": self.role}
        for name, widget in widgets.items():
            set_invalid(widget, name in names)
            set_invalid(self.labels[name], name in names)

    def clear_marks(self) -> None:
        clear_invalid([self.officer, self.force, self.role, *self.labels.values()])

    def set_editable(self, editable: bool) -> None:
        for widget in (self.kind, self.force, self.officer, self.role):
            widget.setEnabled(editable)

    # -- internals ----------------------------------------------------------------------------

    def _fill_roles(self, roles: Iterable[str]) -> None:
        self.role.blockSignals(True)
        self.role.clear()
        self.role.addItems(list(roles))
        self.role.setCurrentIndex(0)
        self.role.blockSignals(False)

    def _on_kind_changed(self, _index: int) -> None:
        kind = self.recipient_kind()
        typed = self.role.currentText().strip()
        defaults = {roles[0] for roles in COMMON_ROLES.values()}
        keep = typed and typed not in defaults
        self._fill_roles(COMMON_ROLES[kind])
        if keep:
            self.role.setEditText(typed)  # the navigator's own words stay
        self.kind_changed.emit(kind)
        self.changed.emit()

    def _on_edited(self, *_args: object) -> None:
        self.changed.emit()
