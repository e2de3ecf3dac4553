"""The survivor half of the details form: names, age, languages, contact, dependants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from models.dto import PersonFields
from models.enums import DatePrecision, Gender
from models.rules.countries import country_code, country_name
from models.rules.validation import MAX_AGE
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.labelled_rows import add_labelled_row

__all__ = ["SurvivorForm"]

SAFE_ADDRESS_NOTE = "Never exported or printed: it stays in this vault."


class SurvivorForm(QGroupBox):
    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__("Survivor", parent)
        self._today = today
        self._loaded = PersonFields()
        self._loading = False
        # Imported here: the editors are only needed once a survivor form exists.
        from ui.case.dependants_editor import DependantsEditor
        from ui.case.language_list_editor import LanguageListEditor

        self.given_names = QLineEdit(self)
        self.family_name = QLineEdit(self)
        self.known_as = QLineEdit(self)
        self.known_as.setPlaceholderText("The name they use")

        self.dob_choice = QRadioButton("Date of &birth", self)
        self.estimate_choice = QRadioButton("&Estimated age", self)
        choice = QButtonGroup(self)
        choice.addButton(self.dob_choice)
        choice.addButton(self.estimate_choice)
        self.date_of_birth = OptionalDateEdit(self, default=today)
        self.date_of_birth.set_accessible_name("Date of birth")
        self.precision = EnumCombo(DatePrecision, self)
        self.precision.setAccessibleName("How much of the date of birth is known")
        self.estimated_age = QSpinBox(self)
        self.estimated_age.setRange(-1, MAX_AGE)
        self.estimated_age.setSpecialValueText("Not recorded")
        self.estimated_age.setSuffix(" years")
        self.estimated_age.setAccessibleName("Estimated age")
        self.estimated_age.setMinimumWidth(130)
        self.age_disputed = QCheckBox("&Age disputed", self)
        age_box = QWidget(self)
        age = QGridLayout(age_box)
        age.setContentsMargins(0, 0, 0, 0)
        age.setHorizontalSpacing(8)
        age.setVerticalSpacing(4)
        # Two narrow columns, so the form fits beside the case form on a 1280-pixel screen.
        age.addWidget(self.dob_choice, 0, 0)
        age.addWidget(self.date_of_birth, 0, 1)
        age.addWidget(self.precision, 1, 1)
        age.addWidget(self.estimate_choice, 2, 0)
        age.addWidget(self.estimated_age, 2, 1)
        age.addWidget(self.age_disputed, 3, 0, 1, 2)
        age.setColumnStretch(2, 1)

        self.gender = EnumCombo(Gender, self)
        self.nationalities = QLineEdit(self)
        self.nationalities.setPlaceholderText("Country names, separated by commas")
        self.languages = LanguageListEditor(self)
        self.interpreter = QCheckBox("I&nterpreter needed", self)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.safe_address = QPlainTextEdit(self)
        self.safe_address.setTabChangesFocus(True)
        self.safe_address.setFixedHeight(64)
        address_note = QLabel(SAFE_ADDRESS_NOTE, self)
        address_note.setObjectName("safeAddressNote")
        address_note.setStyleSheet("color: #5C4300;")
        self.dependants = DependantsEditor(self)

        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._form.setVerticalSpacing(8)
        self.labels: dict[str, QLabel] = {}
        self._row("given_names", "&Given names", self.given_names)
        self._row("family_name", "Famil&y name", self.family_name)
        self._row("known_as", "&Known as", self.known_as)
        self._row("age", "Age", age_box, buddy=False)
        self._row("gender", "Gen&der", self.gender)
        self._row("nationalities", "Na&tionalities", self.nationalities)
        self._row("languages", "&Languages", self.languages)
        self._form.addRow("", self.interpreter)
        self._row("phone", "P&hone", self.phone)
        self._row("email", "E&mail", self.email)
        self._row("safe_address", "Safe a&ddress", self.safe_address)
        self._form.addRow("", address_note)
        self._row("dependants", "Dependan&ts", self.dependants)
        self.labels["date_of_birth"] = self.labels["estimated_age"] = self.labels["age"]

        for line in (
            self.given_names,
            self.family_name,
            self.known_as,
            self.nationalities,
            self.phone,
            self.email,
        ):
            line.textChanged.connect(self._emit_changed)
        for box in (self.dob_choice, self.age_disputed, self.interpreter):
            box.toggled.connect(self._emit_changed)
        self.dob_choice.toggled.connect(self._update_age_enabled)
        # Choosing how the age is known takes the navigator straight to that field.
        self.dob_choice.clicked.connect(lambda: self.date_of_birth.setFocus())
        self.estimate_choice.clicked.connect(lambda: self.estimated_age.setFocus())
        self.date_of_birth.dateChanged.connect(self._emit_changed)
        self.precision.currentIndexChanged.connect(self._on_precision_changed)
        self.estimated_age.valueChanged.connect(self._emit_changed)
        self.gender.currentIndexChanged.connect(self._emit_changed)
        self.safe_address.textChanged.connect(self._emit_changed)
        self.languages.changed.connect(self._emit_changed)
        self.dependants.changed.connect(self._emit_changed)

    # -- public API ---------------------------------------------------------------------------

    def set_fields(self, person: PersonFields) -> None:
        self._loading = True
        try:
            self._loaded = person
            self.given_names.setText(person.given_names)
            self.family_name.setText(person.family_name)
            self.known_as.setText(person.known_as)
            estimated = person.date_of_birth is None and person.estimated_age is not None
            self.estimate_choice.setChecked(estimated)
            self.dob_choice.setChecked(not estimated)
            self.date_of_birth.setDate(person.date_of_birth)
            self.precision.set_value(person.date_of_birth_precision)
            self.date_of_birth.set_precision(person.date_of_birth_precision.value)
            age = person.estimated_age
            self.estimated_age.setValue(-1 if age is None else age)
            self.age_disputed.setChecked(person.age_disputed)
            self.gender.set_value(person.gender)
            self.nationalities.setText(", ".join(country_name(c) for c in person.nationalities))
            self.languages.set_languages(person.languages)
            self.interpreter.setChecked(person.interpreter_needed)
            self.phone.setText(person.phone)
            self.email.setText(person.email)
            self.safe_address.setPlainText(person.safe_address)
            self.dependants.set_dependants(person.dependants)
            self._update_age_enabled()
        finally:
            self._loading = False

    def fields(self) -> PersonFields:
        dob: date | None = None
        precision = DatePrecision.DAY
        estimate: int | None = None
        if self.dob_choice.isChecked():
            dob = self.date_of_birth.date()
            if dob is not None:
                precision = DatePrecision(self.precision.value())
                # Keep only what is known: no invented day (or month).
                if precision is DatePrecision.MONTH:
                    dob = dob.replace(day=1)
                elif precision is DatePrecision.YEAR:
                    dob = dob.replace(month=1, day=1)
        elif self.estimated_age.value() >= 0:
            estimate = self.estimated_age.value()
        if estimate is None:
            estimated_on = None
        elif estimate == self._loaded.estimated_age:
            estimated_on = self._loaded.estimated_age_on
        else:
            estimated_on = self._today()
        # Names, codes and common adjectives become ISO codes; anything unknown is passed on
        # as typed, so validation names the problem and the text stays in the field.
        nationalities = tuple(
            country_code(part) or part.strip()
            for part in self.nationalities.text().split(",")
            if part.strip()
        )
        return PersonFields(
            given_names=self.given_names.text().strip(),
            family_name=self.family_name.text().strip(),
            known_as=self.known_as.text().strip(),
            date_of_birth=dob,
            date_of_birth_precision=precision,
            estimated_age=estimate,
            estimated_age_on=estimated_on,
            age_disputed=self.age_disputed.isChecked(),
            gender=Gender(self.gender.value()),
            nationalities=nationalities,
            languages=self.languages.languages(),
            interpreter_needed=self.interpreter.isChecked(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            safe_address=self.safe_address.toPlainText().strip(),
            dependants=self.dependants.dependants(),
        )

    def field_widgets(self) -> dict[str, list[QWidget]]:
        names = [self.given_names, self.family_name, self.known_as]
        name_labels = [self.labels[n] for n in ("given_names", "family_name", "known_as")]
        return {
            "known_as": [*names, *name_labels],
            "given_names": [self.given_names, self.labels["given_names"]],
            "family_name": [self.family_name, self.labels["family_name"]],
            "date_of_birth": [self.date_of_birth.date_edit(), self.labels["age"]],
            "estimated_age": [self.estimated_age, self.labels["age"]],
            "email": [self.email, self.labels["email"]],
            "phone": [self.phone, self.labels["phone"]],
            "languages": [self.languages.table(), self.labels["languages"]],
            "dependants": [self.dependants.table(), self.labels["dependants"]],
        }

    # -- internals ----------------------------------------------------------------------------

    def _row(self, name: str, text: str, field: QWidget, *, buddy: bool = True) -> None:
        caption = add_labelled_row(self._form, self.labels, name, text, field, accessible=buddy)
        if not buddy:
            caption.setBuddy(None)

    def _on_precision_changed(self) -> None:
        self.date_of_birth.set_precision(self.precision.value().value)
        self._emit_changed()

    def _update_age_enabled(self) -> None:
        by_date = self.dob_choice.isChecked()
        self.date_of_birth.setEnabled(by_date)
        self.precision.setEnabled(by_date)
        self.estimated_age.setEnabled(not by_date)

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()
