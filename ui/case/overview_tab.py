"""A read-only summary of a case: the survivor, the facts, how status and engagement moved.

The safe address is hidden until asked for, and carries a note that it is never exported.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.dto import CaseDetail, ContactEntryDTO, PersonFields
from models.rules.countries import country_name
from ui.case.formatting import NOT_RECORDED, describe_age, excerpt, format_date
from ui.case.survivor_form import SAFE_ADDRESS_NOTE
from ui.labels import label, language_name

__all__ = ["OverviewTab"]

HIDDEN_ADDRESS = "•••• (hidden — click to show)"


def _value_label(parent: QWidget, name: str) -> QLabel:
    value = QLabel(parent)
    value.setObjectName(name)
    value.setWordWrap(True)
    value.setTextFormat(Qt.TextFormat.PlainText)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    value.setAccessibleName(name)
    return value


class _Section(QGroupBox):
    """A titled group of "Label: value" rows, each value a selectable plain-text label.

    A grid rather than a QFormLayout: the form layout keeps a stale height for a wrapped label
    whose text grows (the safe address, once shown), and would clip it.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._grid = QGridLayout(self)
        self._grid.setVerticalSpacing(6)
        self._grid.setHorizontalSpacing(14)
        self._grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}

    def add(self, caption: str, widget: QLabel | None = None) -> QLabel:
        value = widget or _value_label(self, caption)
        row = self._grid.rowCount()
        label_widget = QLabel(f"{caption}:", self)
        self._grid.addWidget(label_widget, row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(value, row, 1)
        self.values[caption] = value
        self._captions[caption] = label_widget
        return value

    def add_note(self, note: QLabel) -> None:
        self._grid.addWidget(note, self._grid.rowCount(), 1)

    def set(self, caption: str, text: str) -> None:
        self.values[caption].setText(text or "—")

    def set_row_visible(self, caption: str, visible: bool) -> None:
        self.values[caption].setVisible(visible)
        self._captions[caption].setVisible(visible)


class OverviewTab(QWidget):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._address = ""
        self._address_shown = False
        self._arranged_for_person: bool | None = None

        self.survivor = _Section("Survivor", self)
        for caption in ("Known as", "Names", "Age", "Gender", "Nationalities", "Languages"):
            self.survivor.add(caption)
        self.survivor.add("Interpreter")
        self.survivor.add("Dependants")
        self.address_value = QLabel(self)
        self.address_value.setObjectName("Safe address")
        self.address_value.setAccessibleName("Safe address")
        self.address_value.setWordWrap(True)
        self.address_value.setTextFormat(Qt.TextFormat.RichText)
        self.address_value.linkActivated.connect(self._toggle_address)
        self.survivor.add("Safe address", self.address_value)
        note = QLabel(SAFE_ADDRESS_NOTE, self)
        note.setObjectName("safeAddressNote")
        note.setStyleSheet("color: #5C4300;")
        self.survivor.add_note(note)
        self.no_survivor = QLabel("Strategic advice case: there is no survivor on this case.", self)
        self.no_survivor.setWordWrap(True)

        self.facts = _Section("Case", self)
        for caption in (
            "Kind",
            "Status",
            "Opened",
            "Closed",
            "Title",
            "Referral source",
            "Police force",
            "Operation",
            "Crime reference",
            "Exploitation",
            "OIC",
            "Police engagement",
            "Summary",
        ):
            self.facts.add(caption)

        self.timelines = _Section("Status and engagement over time", self)
        self.timelines.add("Status")
        self.timelines.add("Police engagement")
        self.last_contact = _Section("Last contact", self)
        self.last_contact.add("When")
        self.last_contact.add("Note")

        # One grid holding the groups directly: nested layouts would keep a stale height for a
        # group whose wrapped text grows (the safe address, once shown) and clip it.
        content = QWidget(self)
        self._grid = QGridLayout(content)
        self._grid.setContentsMargins(8, 8, 8, 8)
        self._grid.setSpacing(12)
        self._grid.addWidget(self.no_survivor, 0, 0, 1, 2)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        self._grid.setRowStretch(4, 1)
        self._arrange(has_person=True)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.set_last_contact(None)

    # -- public API ---------------------------------------------------------------------------

    def set_case(self, detail: CaseDetail) -> None:
        self._arrange(has_person=detail.person is not None)
        if detail.person is not None:
            self._show_person(detail.person.fields)
        f = detail.fields
        s = self.facts
        s.set("Kind", label(f.kind))
        s.set("Status", label(f.status))
        s.set("Opened", format_date(f.opened_on))
        s.set("Closed", format_date(f.closed_on) if f.closed_on else "")
        s.set_row_visible("Closed", f.closed_on is not None)
        s.set("Title", f.title)
        s.set_row_visible("Title", bool(f.title))
        s.set("Referral source", label(f.referral_source))
        s.set("Police force", f.police_force)
        s.set("Operation", f.operation_name)
        s.set("Crime reference", f.crime_reference)
        s.set("Exploitation", ", ".join(label(t) for t in sorted(f.exploitation_types)))
        s.set("OIC", "Organised immigration crime" if f.organised_immigration_crime else "No")
        s.set("Police engagement", label(f.police_engagement))
        s.set("Summary", f.summary)
        self.timelines.set(
            "Status",
            _timeline(
                (h.effective_on, label(h.status), h.recorded_by) for h in detail.status_history
            ),
        )
        self.timelines.set(
            "Police engagement",
            _timeline(
                (h.effective_on, label(h.engagement), h.recorded_by)
                for h in detail.engagement_history
            ),
        )

    def set_last_contact(self, entry: ContactEntryDTO | None) -> None:
        if entry is None:
            self.last_contact.set("When", "No contacts recorded yet.")
            self.last_contact.set_row_visible("Note", False)
            return
        self.last_contact.set(
            "When", f"{format_date(entry.occurred_on)} · {label(entry.kind)} · {entry.author}"
        )
        self.last_contact.set("Note", excerpt(entry.note, 200))
        self.last_contact.set_row_visible("Note", True)

    def address_shown(self) -> bool:
        return self._address_shown

    def show_address(self, shown: bool) -> None:
        self._address_shown = shown and bool(self._address)
        if not self._address:
            self.address_value.setText(NOT_RECORDED)
            return
        if shown:
            escaped = "<br>".join(html.escape(line) for line in self._address.splitlines())
            self.address_value.setText(f'{escaped}<br><a href="hide">Hide</a>')
        else:
            self.address_value.setText(self._masked())

    # -- internals ----------------------------------------------------------------------------

    def _show_person(self, p: PersonFields) -> None:
        s = self.survivor
        s.set("Known as", p.known_as)
        s.set("Names", " ".join(n for n in (p.given_names, p.family_name) if n))
        s.set("Age", describe_age(p, self._today()))
        s.set("Gender", label(p.gender))
        s.set("Nationalities", ", ".join(country_name(c) for c in p.nationalities))
        languages = [
            language_name(lang.language)
            + (" — preferred for documents" if lang.preferred_for_documents else "")
            for lang in p.languages
        ]
        s.set("Languages", "\n".join(languages))
        s.set("Interpreter", "Needed" if p.interpreter_needed else "Not needed")
        s.set(
            "Dependants",
            "\n".join(
                d.name
                + (f" ({d.relationship_to_person})" if d.relationship_to_person else "")
                + (f", born {d.year_of_birth}" if d.year_of_birth else "")
                + ("" if d.in_uk else ", not in the UK")
                for d in p.dependants
            ),
        )
        self._address = p.safe_address
        self.show_address(False)

    def _arrange(self, *, has_person: bool) -> None:
        """Survivor on the left beside the case; without a survivor, the case moves left."""
        if self._arranged_for_person is has_person:
            return
        self._arranged_for_person = has_person
        top = Qt.AlignmentFlag.AlignTop
        for widget in (self.survivor, self.facts, self.timelines, self.last_contact):
            self._grid.removeWidget(widget)
        if has_person:
            self._grid.addWidget(self.survivor, 1, 0, 3, 1, top)
            self._grid.addWidget(self.facts, 1, 1, top)
            self._grid.addWidget(self.timelines, 2, 1, top)
            self._grid.addWidget(self.last_contact, 3, 1, top)
        else:
            self._grid.addWidget(self.facts, 1, 0, 3, 1, top)
            self._grid.addWidget(self.timelines, 1, 1, top)
            self._grid.addWidget(self.last_contact, 2, 1, top)
        self.survivor.setVisible(has_person)
        self.no_survivor.setVisible(not has_person)

    def _masked(self) -> str:
        return f'<a href="show">{HIDDEN_ADDRESS}</a>'

    def _toggle_address(self, link: str) -> None:
        self.show_address(link == "show")


def _timeline(entries: Iterable[tuple[date, str, str]]) -> str:
    """One line per change, oldest first: "2 Mar 2026 — Referred (navigator.one)"."""
    return "\n".join(f"{format_date(when)} — {what} ({who})" for when, what, who in entries)
