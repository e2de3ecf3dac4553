"""The contact log of a case: newest first, with a form to add a note or correct one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.dto import ContactDraft, ContactEntryDTO
from models.enums import ContactKind
from models.errors import FieldProblem, StaleEditError, ValidationError, WaypostError
from models.rules.validation import validate_contact
from ui.case import discard_prompt
from ui.case.formatting import excerpt, format_date
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.enum_combo import EnumCombo
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.labelled_rows import add_labelled_row
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["EMPTY_TEXT", "ContactsTab"]

EMPTY_TEXT = "No contacts recorded yet."
_ENTRY_ROLE = Qt.ItemDataRole.UserRole


class ContactsTab(QWidget):
    """``contacts_changed`` fires after a note is added or edited (the workspace publishes);
    ``contacts_loaded`` carries the list, newest first, each time it is read."""

    contacts_changed = Signal()
    contacts_loaded = Signal(object)

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self._case_id = case_id
        self._services = services
        self._worker = worker
        self._today = today
        self._editing: ContactEntryDTO | None = None
        self._saving = False

        self.list = QTreeWidget(self)
        self.list.setObjectName("contactList")
        self.list.setAccessibleName("Contact log, newest first")
        self.list.setHeaderLabels(["Date", "Kind", "Author", "Note"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.list.itemActivated.connect(lambda _item, _col: self.edit_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(EMPTY_TEXT, self)
        self.empty_label.setObjectName("contactsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; font-size: 14px; padding: 24px;")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.list)
        list_caption = QLabel("Contact &log (newest first)", self)
        list_caption.setBuddy(self.list)
        self.edit_button = QPushButton("&Edit selected note", self)
        self.edit_button.clicked.connect(self.edit_selected)

        self.form = QGroupBox("Add contact", self)
        self.occurred_on = OptionalDateEdit(self.form, allow_empty=False, default=today)
        self.occurred_on.set_accessible_name("Date of contact")
        self.kind = EnumCombo(ContactKind, self.form)
        self.kind.setAccessibleName("Kind of contact")
        self.note = QPlainTextEdit(self.form)
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What happened, what was agreed, what comes next")
        self.note.setMinimumHeight(90)
        self.messages = MessageBar(self.form, name="Contact messages")
        self.cancel_button = QPushButton("Cancel edit", self.form)
        self.cancel_button.clicked.connect(lambda: self.cancel_edit())
        self.save_button = QPushButton("Save contact", self.form)
        self.save_button.setToolTip("Save this contact (Ctrl+Enter)")
        self.save_button.clicked.connect(self.save)
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, text, widget in (
            ("occurred_on", "&Date", self.occurred_on),
            ("kind", "&Kind", self.kind),
            ("note", "&Note", self.note),
        ):
            add_labelled_row(form, self.labels, name, text, widget, accessible=False)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Ctrl+Enter saves.", self.form))
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        form_layout = QVBoxLayout(self.form)
        form_layout.addWidget(self.messages)
        form_layout.addLayout(form)
        form_layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.form)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

        top = QHBoxLayout()
        top.addWidget(list_caption)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.form)

        self.note.textChanged.connect(self._on_form_edited)
        self.kind.currentIndexChanged.connect(self._on_form_edited)
        self.occurred_on.dateChanged.connect(self._on_form_edited)
        self._start_new()

    # -- public API ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._worker.submit(
            lambda: self._services.contacts(self._case_id),
            self._show_entries,
            self._on_load_failed,
        )

    def has_unsaved_changes(self) -> bool:
        return self._draft() != self._form_baseline

    def entries(self) -> list[ContactEntryDTO]:
        return [
            self.list.topLevelItem(i).data(0, _ENTRY_ROLE)
            for i in range(self.list.topLevelItemCount())
        ]

    def edit_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        entry: ContactEntryDTO = item.data(0, _ENTRY_ROLE)
        if self.has_unsaved_changes() and not discard_prompt.ask_discard(
            self, "Edit this note instead? The contact you are writing will be lost."
        ):
            return
        self._editing = entry
        self.form.setTitle(f"Edit contact of {format_date(entry.occurred_on)}")
        self._fill(ContactDraft(entry.occurred_on, entry.kind, entry.note))
        self.cancel_button.show()
        self.note.setFocus()

    def cancel_edit(self, ask: bool = True) -> bool:
        if (
            ask
            and self.has_unsaved_changes()
            and not discard_prompt.ask_discard(self, "Discard your changes to this note?")
        ):
            return False
        self._start_new()
        return True

    def save(self) -> None:
        if self._saving:
            return
        self._clear_marks()
        draft = self._draft()
        problems = validate_contact(draft, self._today())
        if problems:
            self._show_problems(problems)
            return
        self._saving = True
        self._set_form_locked(True)
        self._update_buttons()
        editing, services, case_id = self._editing, self._services, self._case_id

        def work() -> ContactEntryDTO:
            if editing is None:
                return services.add_contact(case_id, draft)
            # The version the navigator saw: a note changed meanwhile is refused.
            return services.update_contact(editing.id, editing.version, draft)

        self._worker.submit(work, self._on_saved, self._on_save_failed)

    # -- internals ----------------------------------------------------------------------------

    def _draft(self) -> ContactDraft:
        return ContactDraft(
            occurred_on=self.occurred_on.date() or self._today(),
            kind=ContactKind(self.kind.value()),
            note=self.note.toPlainText().strip(),
        )

    def _fill(self, draft: ContactDraft) -> None:
        self.occurred_on.setDate(draft.occurred_on)
        self.kind.set_value(draft.kind)
        self.note.setPlainText(draft.note)
        self._form_baseline = self._draft()
        self._clear_marks()
        self.messages.clear()
        self._update_buttons()

    def _start_new(self) -> None:
        self._editing = None
        self.form.setTitle("Add contact")
        self._fill(ContactDraft(self._today(), ContactKind.VISIT, ""))
        self._form_baseline = ContactDraft(self._today(), ContactKind.VISIT, "")
        self.cancel_button.hide()
        self._update_buttons()

    def _show_entries(self, entries: list[ContactEntryDTO]) -> None:
        selected = self.list.currentItem()
        selected_id = selected.data(0, _ENTRY_ROLE).id if selected is not None else None
        self.list.clear()
        for entry in entries:
            item = QTreeWidgetItem(
                [
                    format_date(entry.occurred_on),
                    label(entry.kind),
                    entry.author,
                    excerpt(entry.note),
                ]
            )
            item.setData(0, _ENTRY_ROLE, entry)
            item.setToolTip(3, entry.note)
            self.list.addTopLevelItem(item)
            if entry.id == selected_id:
                self.list.setCurrentItem(item)
        self._stack.setCurrentWidget(self.list if entries else self.empty_label)
        self._update_buttons()
        self.contacts_loaded.emit(entries)

    def _on_load_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        self.empty_label.setText(f"The contact log could not be read. {message}")
        self._stack.setCurrentWidget(self.empty_label)

    def _on_form_edited(self) -> None:
        if self.messages.kind() is MessageKind.SUCCESS:
            self.messages.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(not self._saving and bool(self.note.toPlainText().strip()))
        self.edit_button.setEnabled(self.list.currentItem() is not None)

    def _set_form_locked(self, locked: bool) -> None:
        """While a note is being saved it cannot change under the save."""
        self.note.setReadOnly(locked)
        self.kind.setEnabled(not locked)
        self.occurred_on.setEnabled(not locked)

    def _on_saved(self, _entry: ContactEntryDTO) -> None:
        self._saving = False
        self._set_form_locked(False)
        was_edit = self._editing is not None
        self._start_new()
        self.messages.show_message(
            MessageKind.SUCCESS, "Note updated." if was_edit else "Contact saved."
        )
        self.refresh()
        self.contacts_changed.emit()

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._set_form_locked(False)
        self._update_buttons()
        if isinstance(error, StaleEditError):
            self.messages.show_message(
                MessageKind.ERROR,
                error.user_message + " Your text is still in the form.",
                actions=[
                    ("Copy my note", self._copy_note),
                    ("Reload the log (discards your edit)", self._reload_after_stale),
                ],
            )
        elif isinstance(error, ValidationError):
            self._show_problems(list(error.problems))
        elif isinstance(error, WaypostError):
            self.messages.show_message(MessageKind.ERROR, error.user_message)
        else:
            self.messages.show_message(MessageKind.ERROR, GENERIC_FAILURE_MESSAGE)

    def _copy_note(self) -> None:
        QGuiApplication.clipboard().setText(self.note.toPlainText())

    def _reload_after_stale(self) -> None:
        if self.cancel_edit(ask=True):
            self.refresh()

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        widgets: dict[str, QWidget] = {
            "note": self.note,
            "occurred_on": self.occurred_on.date_edit(),
        }
        for problem in problems:
            for widget in (widgets.get(problem.field), self.labels.get(problem.field)):
                if widget is not None:
                    set_invalid(widget)
        self.messages.show_message(
            MessageKind.ERROR, "Not saved yet:", [p.message for p in problems]
        )
        first = widgets.get(problems[0].field)
        if first is not None:
            first.setFocus()

    def _clear_marks(self) -> None:
        clear_invalid([*self.labels.values(), self.note, self.occurred_on.date_edit()])
