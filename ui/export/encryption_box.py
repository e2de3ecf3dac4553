"""Optional AES-256 encryption of an exported PDF: a password typed twice, or generated."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.export.passwords import generate_password
from ui.widgets.invalid_marks import INVALID_STYLE, clear_invalid, set_invalid

__all__ = ["MISMATCH_TEXT", "SEPARATE_CHANNEL_TEXT", "EncryptionBox", "too_short_text"]

SEPARATE_CHANNEL_TEXT = (
    "Give the password to the recipient separately: by phone, not in the same email as the PDF."
)
MISMATCH_TEXT = "The two passwords do not match. Type the same password in both boxes."


def _min_length() -> int:
    # Imported on first use: the services module loads SQLAlchemy.
    from models.services.police_export import MIN_PASSWORD_LENGTH

    return MIN_PASSWORD_LENGTH


def too_short_text() -> str:
    return f"Use a password of at least {_min_length()} characters."


class EncryptionBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Protect the file", parent)
        self.setObjectName("encryptionBox")
        self.setStyleSheet(INVALID_STYLE)

        self.encrypt = QCheckBox("E&ncrypt the PDF with a password (AES-256)", self)
        self.encrypt.setObjectName("encryptPdf")
        self.encrypt.setAccessibleName("Encrypt the PDF with a password (AES-256)")

        self.password = QLineEdit(self)
        self.password.setObjectName("exportPassword")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"At least {_min_length()} characters")
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("exportPasswordConfirm")
        self.confirm.setAccessibleName("Confirm the password")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)

        self.generate = QPushButton("&Generate", self)
        self.generate.setAccessibleName("Generate a password")
        self.generate.setToolTip("Make a strong password that is easy to read out")
        self.generate.clicked.connect(self.generate_password)
        self.show_password = QCheckBox("S&how password", self)
        self.show_password.toggled.connect(self._on_show_toggled)

        self.note = QLabel(SEPARATE_CHANNEL_TEXT, self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("passwordProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setProperty("invalid", True)
        self.problem_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.generate)
        self.password_label = QLabel("&Password", self)
        self.password_label.setBuddy(self.password)
        self.confirm_label = QLabel("Confir&m", self)
        self.confirm_label.setBuddy(self.confirm)
        form.addRow(self.password_label, password_row)
        form.addRow(self.confirm_label, self.confirm)
        form.addRow("", self.show_password)

        layout = QVBoxLayout(self)
        layout.addWidget(self.encrypt)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.note)

        self._editable = True
        self.encrypt.toggled.connect(self._update_enabled)
        self.password.textEdited.connect(self._on_edited)
        self.confirm.textEdited.connect(self._on_edited)
        self._update_enabled()

    # -- public API ---------------------------------------------------------------------------

    def password_to_use(self) -> str | None:
        """The password when encrypting (check ``problem()`` first), else None."""
        return self.password.text() if self.encrypt.isChecked() else None

    def problem(self) -> str:
        """Why the password cannot be used, or "" (also "" when not encrypting)."""
        if not self.encrypt.isChecked():
            return ""
        if len(self.password.text()) < _min_length():
            return too_short_text()
        if self.password.text() != self.confirm.text():
            return MISMATCH_TEXT
        return ""

    def show_problem(self, text: str) -> None:
        """Say what is wrong beside the fields and outline them; the typing is kept."""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))
        short = text == too_short_text()
        set_invalid(self.password, bool(text))
        set_invalid(self.confirm, bool(text) and not short)

    def generate_password(self) -> str:
        """Fill both fields with a new password and show it, to be read out to the recipient."""
        password = generate_password()
        self.encrypt.setChecked(True)
        self.password.setText(password)
        self.confirm.setText(password)
        self.show_password.setChecked(True)
        self.show_problem("")
        self.password.setFocus()
        self.password.selectAll()
        return password

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_enabled()

    # -- internals ----------------------------------------------------------------------------

    def _update_enabled(self, *_args: object) -> None:
        self.encrypt.setEnabled(self._editable)
        # Generating also ticks the box, so it stays available while the box is unticked.
        self.generate.setEnabled(self._editable)
        on = self._editable and self.encrypt.isChecked()
        for widget in (
            self.password,
            self.confirm,
            self.show_password,
            self.password_label,
            self.confirm_label,
        ):
            widget.setEnabled(on)
        if not self.encrypt.isChecked():
            self.show_problem("")

    def _on_show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _on_edited(self, _text: str) -> None:
        if not self.problem_label.isHidden():
            clear_invalid([self.password, self.confirm])
            self.problem_label.hide()
