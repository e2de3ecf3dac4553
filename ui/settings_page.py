"""Settings: the idle lock, where the vault is, and the navigator's details for printed plans.

The idle lock is read and saved by the caller (it lives in the settings file). The navigator's
details are personal data, so they are kept in the vault and loaded and saved through the
services, on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.dto import NavigatorProfileDTO
from models.errors import ValidationError
from models.services.facade import Services
from ui.operations import GENERIC_FAILURE_MESSAGE, Worker
from ui.settings.backups_group import BackupsGroup
from ui.settings.keys_group import KeysGroup
from ui.settings.vault_chores import VaultChores
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid
from ui.widgets.labelled_rows import add_labelled_row
from ui.widgets.message_bar import MessageBar, MessageKind

IDLE_MINUTES_RANGE = (1, 240)
PROFILE_SAVED = "Saved. Printed plans now show these details."
PROFILE_HINT = (
    "Printed support plans show these so the survivor can reach you. Use your work details. "
    "They are kept in the encrypted vault, not in the settings file."
)


class NavigatorDetailsGroup(QGroupBox):
    """Name, organisation, work phone and email for printed plans; loaded and saved through
    the worker. Field problems are shown in the message bar and marked on the fields."""

    def __init__(self, services: Services, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__("Your details for printed plans", parent)
        self.setObjectName("navigatorDetails")
        self.setStyleSheet(INVALID_STYLE)
        self._services = services
        self._worker = worker

        self.messages = MessageBar(self, name="Your details message")
        hint = QLabel(PROFILE_HINT, self)
        hint.setWordWrap(True)
        self.display_name = QLineEdit(self)
        self.display_name.setMaxLength(200)
        self.organisation = QLineEdit(self)
        self.organisation.setMaxLength(200)
        self.work_phone = QLineEdit(self)
        self.work_phone.setMaxLength(30)
        self.work_email = QLineEdit(self)
        self.work_email.setMaxLength(254)
        self.fields: dict[str, QLineEdit] = {
            "display_name": self.display_name,
            "organisation": self.organisation,
            "work_phone": self.work_phone,
            "work_email": self.work_email,
        }
        self.save_button = QPushButton("Save &details", self)
        self.save_button.setAccessibleName("Save your details for printed plans")
        self.save_button.clicked.connect(self.save)
        for field in self.fields.values():
            field.returnPressed.connect(self.save)
            field.setEnabled(False)  # until loaded
        self.save_button.setEnabled(False)

        form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(hint)
        layout.addLayout(form)
        add_labelled_row(form, self._labels, "display_name", "Your &name", self.display_name)
        add_labelled_row(form, self._labels, "organisation", "&Organisation", self.organisation)
        add_labelled_row(form, self._labels, "work_phone", "Work &phone", self.work_phone)
        add_labelled_row(form, self._labels, "work_email", "Work &email", self.work_email)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        services = self._services
        self._worker.submit(services.navigator_profile, self._show, self._failed)

    def profile(self) -> NavigatorProfileDTO:
        """What the fields hold now."""
        return NavigatorProfileDTO(
            display_name=self.display_name.text(),
            organisation=self.organisation.text(),
            work_phone=self.work_phone.text(),
            work_email=self.work_email.text(),
        )

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        services = self._services
        profile = self.profile()
        self.save_button.setEnabled(False)
        self._worker.submit(
            lambda: services.save_navigator_profile(profile), self._saved, self._failed
        )

    def _show(self, profile: NavigatorProfileDTO) -> None:
        for name, field in self.fields.items():
            field.setText(getattr(profile, name))
            field.setEnabled(True)
        self.save_button.setEnabled(True)

    def _saved(self, profile: NavigatorProfileDTO) -> None:
        self._show(profile)
        self._mark(())
        self.messages.show_message(MessageKind.SUCCESS, PROFILE_SAVED)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(any(f.isEnabled() for f in self.fields.values()))
        if isinstance(error, ValidationError):
            self._mark([p.field for p in error.problems])
            self.messages.show_message(
                MessageKind.ERROR,
                "Please correct the following:",
                [p.message for p in error.problems],
            )
            return
        message = getattr(error, "user_message", None)
        self.messages.show_message(
            MessageKind.ERROR, message if isinstance(message, str) else GENERIC_FAILURE_MESSAGE
        )

    def _mark(self, names: Iterable[str]) -> None:
        wrong = set(names)
        clear_invalid([*self.fields.values(), *self._labels.values()])
        for name in wrong:
            if name in self.fields:
                set_invalid(self.fields[name])
                set_invalid(self._labels[name])


class SettingsPage(QWidget):
    def __init__(
        self,
        *,
        idle_minutes: int,
        on_idle_minutes_changed: Callable[[int], None],
        vault_folder: str,
        demo: bool,
        on_lock_now: Callable[[], None],
        services: Services | None = None,
        worker: Worker | None = None,
        chores: VaultChores | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        title = QLabel("Settings")
        title.setObjectName("pageTitle")

        security = QGroupBox("Security")
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(*IDLE_MINUTES_RANGE)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(idle_minutes)
        self.idle_minutes.setAccessibleName("Lock after idle minutes")
        # Saved on every change: there is no Apply button to forget.
        self.idle_minutes.valueChanged.connect(on_idle_minutes_changed)
        idle_label = QLabel("&Lock when idle for")
        idle_label.setBuddy(self.idle_minutes)
        lock_now = QPushButton("Lock now (Ctrl+L)")
        lock_now.clicked.connect(on_lock_now)
        form = QFormLayout(security)
        form.addRow(idle_label, self.idle_minutes)
        form.addRow("", lock_now)

        vault_box = QGroupBox("Vault")
        vault_form = QFormLayout(vault_box)
        folder_label = QLabel(vault_folder)
        folder_label.setWordWrap(True)
        folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        vault_form.addRow("Folder", folder_label)
        kind = (
            "Demo vault: synthetic data only, opened by passphrase alone."
            if demo
            else "Encrypted with SQLCipher; opened by your passphrase and this computer's keyring."
        )
        kind_label = QLabel(kind)
        kind_label.setWordWrap(True)
        vault_form.addRow("Protection", kind_label)

        # Without the services (a test of the other groups, say) the group is left out.
        self.navigator_details: NavigatorDetailsGroup | None = None
        if services is not None and worker is not None:
            self.navigator_details = NavigatorDetailsGroup(services, worker, self)

        # Keys and backups act on the open vault through the controller's chores object.
        self.keys_group: KeysGroup | None = None
        self.backups_group: BackupsGroup | None = None
        if chores is not None and worker is not None:
            self.keys_group = KeysGroup(chores, worker, self)
            self.backups_group = BackupsGroup(chores, worker, self)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addWidget(security)
        layout.addWidget(vault_box)
        for group in (self.keys_group, self.backups_group, self.navigator_details):
            if group is not None:
                layout.addWidget(group)
        layout.addStretch(1)
        # The page is taller than a 768-pixel screen once every group is there.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
