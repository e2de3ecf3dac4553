"""Export a recovery summary to a police partner, narrowed to what the survivor agreed to share.

The navigator names the recipient, sees which fields the survivor's consent covers (and may
untick some), watches a live preview of the very PDF that would go, may encrypt it with a
password, and exports. Consent is checked again by the service at the moment of export: a
withdrawal recorded meanwhile refuses the export, and then no file is written and nothing is
recorded. A successful export gets a reference and a line in the case's history.

Nothing here logs, and no message quotes what the navigator typed except the path they chose.
"""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.dto import ExportRecordDTO, PoliceExportOptionsDTO, PoliceRecipientDTO
from models.enums import ConsentRecipient, ExportField
from models.errors import FieldProblem, ValidationError, WaypostError
from models.rules.police_export import ExportRefused
from ui.dialogs.base_dialog import BaseDialog
from ui.export.encryption_box import SEPARATE_CHANNEL_TEXT, EncryptionBox
from ui.export.field_chooser import FieldChooser, recipient_words
from ui.export.recipient_form import RecipientForm
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.printing.pdf_output import PdfLoadError, load_pdf_document, write_private_file
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = [
    "BUILDING_TEXT",
    "NOTHING_CHOSEN_TEXT",
    "NOTHING_EXPORTED",
    "PREVIEW_DELAY_MS",
    "PoliceExportDialog",
]

PREVIEW_DELAY_MS = 300
BUILDING_TEXT = "Building preview…"
PREVIEW_READY_TEXT = "This is the summary as it will be sent. It says PREVIEW until exported."
NO_OFFICER_YET_TEXT = "Name the officer above before exporting."
NOTHING_CHOSEN_TEXT = "Tick at least one thing to send."
NOTHING_EXPORTED = "Nothing was exported or recorded."
EXPORTING_TEXT = "Exporting…"
OFFICER_PLACEHOLDER = "(officer not named yet)"
FORCE_PLACEHOLDER = "(force not named yet)"
TITLE = "Export police summary"


def _error_text(error: BaseException) -> str:
    # Core errors carry a message safe to show; anything else shows the generic one.
    return error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE


class PoliceExportDialog(BaseDialog):
    """Choose the recipient and fields, preview, optionally encrypt, export.

    ``exported`` carries the ExportRecordDTO after a successful export (the dialog has already
    published ``Changes(cases={case_id}, audit=True)`` on the change bus).
    ``consent_tab_requested`` fires when the navigator asks to go to the case's Consent tab
    from a refusal; the dialog closes itself. When the change bus reports a change to the case
    (a consent recorded or withdrawn elsewhere), the consent is read again.

    One dialog serves one sitting: once closed it stops updating, so open a new one each time.
    """

    exported = Signal(object)
    consent_tab_requested = Signal()

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus | None = None,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent, settings=settings)
        self.setObjectName("policeExportDialog")
        self.setWindowTitle(TITLE)
        self._fit_to_screen(parent)
        self._case_id = case_id
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._options: PoliceExportOptionsDTO | None = None
        self._options_request = 0
        self._preview_pdf = b""
        self._document: QPdfDocument | None = None
        self._building = False
        self._build_again = False
        self._exporting = False
        self._finished = False
        self._last_record: ExportRecordDTO | None = None

        self.messages = MessageBar(self, name="Export messages")
        self.reference_label = QLabel(self)
        self.reference_label.setObjectName("exportReference")
        self.reference_label.setAccessibleName("Export reference")
        self.reference_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reference_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        big = QFont(self.reference_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.reference_label.setFont(big)
        self.reference_label.setStyleSheet("color: #1E5128;")
        self.reference_label.hide()

        self.recipient_form = RecipientForm(self)
        self.fields = FieldChooser(self)
        self.encryption = EncryptionBox(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.fields)
        left_layout.addWidget(self.encryption)
        left_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(left)
        scroll.setMinimumWidth(360)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.preview_status = QLabel(BUILDING_TEXT, self)
        self.preview_status.setObjectName("previewStatus")
        self.preview_status.setAccessibleName("Preview status")
        self.preview_status.setWordWrap(True)
        self.preview_status.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_view = QPdfView(self)
        self.preview_view.setObjectName("pdfView")
        self.preview_view.setAccessibleName("Preview of the police summary")
        self.preview_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._no_document = QPdfDocument(self)
        self.preview_view.setDocument(self._no_document)
        # Where no PDF can be shown (refused, nothing ticked, first build), say why in its place.
        self.preview_placeholder = QLabel(BUILDING_TEXT, self)
        self.preview_placeholder.setObjectName("previewPlaceholder")
        self.preview_placeholder.setWordWrap(True)
        self.preview_placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_placeholder.setMargin(40)
        self.preview_placeholder.setStyleSheet(
            "QLabel#previewPlaceholder { background: #E4E7EB; color: #3E4C59; font-size: 15px;"
            " border: 1px solid #CBD2D9; }"
        )
        self._preview_stack = QStackedWidget(self)
        self._preview_stack.addWidget(self.preview_placeholder)
        self._preview_stack.addWidget(self.preview_view)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        preview_heading = QLabel("Preview", self)
        preview_heading.setStyleSheet("font-weight: bold;")
        right_layout.addWidget(preview_heading)
        right_layout.addWidget(self.preview_status)
        right_layout.addWidget(self._preview_stack, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 740])

        self.export_button = QPushButton("&Export…", self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setAccessibleName("Export")
        self.export_button.setDefault(True)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.reference_label)
        layout.addWidget(self.recipient_form)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._build_preview)

        self.recipient_form.kind_changed.connect(self._load_options)
        self.recipient_form.changed.connect(self._schedule_preview)
        self.fields.changed.connect(self._on_fields_changed)
        self.fields.consent_tab_requested.connect(self._go_to_consent)
        self._publishing = False
        if change_bus is not None:
            # A consent recorded or withdrawn elsewhere while this is open shows here at once.
            change_bus.changed.connect(self._on_changes)

        self._set_tab_order()
        self.recipient_form.officer.setFocus()
        self._load_options(self.recipient_form.recipient_kind())

    # -- public API ---------------------------------------------------------------------------

    def preview_pdf(self) -> bytes:
        """The bytes of the preview shown now (b"" when none is shown)."""
        return self._preview_pdf

    def options(self) -> PoliceExportOptionsDTO | None:
        return self._options

    def last_export(self) -> ExportRecordDTO | None:
        return self._last_record

    def is_building_preview(self) -> bool:
        return self._building or self._preview_timer.isActive()

    def export(self) -> None:
        """Check the form, ask where to save, and export on the worker."""
        if self._exporting or not self._can_export():
            return
        self.messages.clear()
        problems = self.recipient_form.problems()
        self.recipient_form.mark(problems)
        items = [p.message for p in problems]
        if not self.fields.chosen():
            items.append(NOTHING_CHOSEN_TEXT)
        password_problem = self.encryption.problem()
        self.encryption.show_problem(password_problem)
        if password_problem:
            items.append(password_problem)
        if items:
            self.messages.show_message(MessageKind.ERROR, "Please correct the following:", items)
            self._focus_first_problem(problems, password_problem)
            return
        path = self._ask_path()
        if path is None:
            return
        self._start_export(path)

    # -- consent options ----------------------------------------------------------------------

    def _load_options(self, recipient: ConsentRecipient) -> None:
        self._options_request += 1
        request = self._options_request
        self._options = None
        self._preview_timer.stop()
        self.fields.set_loading(recipient)
        self._clear_preview("")
        self._update_buttons()
        services, case_id = self._services, self._case_id
        self._worker.submit(
            lambda: services.police_export_options(case_id, recipient),
            lambda options: self._options_loaded(request, options),
            lambda error: self._options_failed(request, error),
        )

    def _options_loaded(self, request: int, options: PoliceExportOptionsDTO) -> None:
        if self._finished or request != self._options_request:
            return  # the recipient kind changed again meanwhile
        self._options = options
        self.setWindowTitle(f"{TITLE} — {options.case_reference}")
        self.recipient_form.set_default_force(options.default_force)
        self.fields.set_options(options)
        self.encryption.set_editable(not options.refusal)
        self._update_buttons()
        if options.refusal:
            self._clear_preview(
                f"Nothing can be sent to {recipient_words(options.recipient)}: see the reason "
                "on the left."
            )
            self.fields.consent_button.setFocus()
            return
        self._preview_timer.stop()
        self._build_preview()

    def _options_failed(self, request: int, error: BaseException) -> None:
        if self._finished or request != self._options_request:
            return
        text = f"The survivor's consent could not be read. {_error_text(error)}"
        self.fields.status.setText(text)
        self._clear_preview("")
        self.messages.show_message(MessageKind.ERROR, text)
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        if self._finished or self._exporting or self._publishing:
            return
        if self._case_id in changes.cases:
            self._load_options(self.recipient_form.recipient_kind())

    # -- preview ------------------------------------------------------------------------------

    def _on_fields_changed(self) -> None:
        self._update_buttons()
        self._schedule_preview()

    def _schedule_preview(self) -> None:
        if self._finished or self._options is None or self._options.refusal:
            return
        self.preview_status.setText(BUILDING_TEXT)
        self.preview_placeholder.setText(BUILDING_TEXT)
        self._preview_timer.start()  # restarts: one build after the typing pauses

    def _preview_recipient(self) -> PoliceRecipientDTO:
        """The recipient for the preview: a blank officer or force is shown as not yet named,
        so the navigator sees the summary before typing them (the export still needs both)."""
        recipient = self.recipient_form.recipient()
        return PoliceRecipientDTO(
            recipient=recipient.recipient,
            force=recipient.force or FORCE_PLACEHOLDER,
            officer=recipient.officer or OFFICER_PLACEHOLDER,
            role=recipient.role,
        )

    def _build_preview(self) -> None:
        options = self._options
        if self._finished or options is None or options.refusal:
            return
        fields = self.fields.chosen()
        if not fields:
            self._clear_preview(NOTHING_CHOSEN_TEXT)
            return
        if self._building:
            self._build_again = True  # built once the one in progress is back
            return
        self._building = True
        self.preview_status.setText(BUILDING_TEXT)
        self.preview_placeholder.setText(BUILDING_TEXT)
        services, case_id = self._services, self._case_id
        recipient = self._preview_recipient()
        self._worker.submit(
            lambda: services.preview_police_summary(case_id, recipient, fields),
            self._preview_built,
            self._preview_failed,
        )

    def _preview_built(self, pdf: bytes) -> None:
        self._building = False
        if self._finished:
            return
        if self._build_again:
            self._build_again = False
            self._build_preview()  # the choices changed while this one was built
            return
        try:
            document = load_pdf_document(pdf, self)
        except PdfLoadError:
            self._clear_preview("The preview could not be shown. " + GENERIC_FAILURE_MESSAGE)
            return
        old, self._document = self._document, document
        self.preview_view.setDocument(document)
        if old is not None:
            old.close()
            old.deleteLater()
        self._preview_pdf = pdf
        self._preview_stack.setCurrentWidget(self.preview_view)
        self.preview_status.show()
        ready = PREVIEW_READY_TEXT
        if not self.recipient_form.recipient().officer:
            ready = f"{ready} {NO_OFFICER_YET_TEXT}"
        self.preview_status.setText(ready)

    def _preview_failed(self, error: BaseException) -> None:
        self._building = False
        if self._finished:
            return
        if self._build_again:
            self._build_again = False
            self._build_preview()
            return
        self._clear_preview(f"The preview could not be built. {_error_text(error)}")

    def _clear_preview(self, status: str) -> None:
        self.preview_view.setDocument(self._no_document)  # None would warn from QtPdf
        if self._document is not None:
            self._document.close()
            self._document.deleteLater()
            self._document = None
        self._preview_pdf = b""
        self.preview_status.setText(status)
        self.preview_placeholder.setText(status or BUILDING_TEXT)
        self._preview_stack.setCurrentWidget(self.preview_placeholder)
        self.preview_status.hide()  # the placeholder says it, larger

    # -- export -------------------------------------------------------------------------------

    def _can_export(self) -> bool:
        options = self._options
        return options is not None and not options.refusal and bool(self.fields.chosen())

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(self._can_export() and not self._exporting)

    def _focus_first_problem(self, problems: list[FieldProblem], password_problem: str) -> None:
        names = {p.field for p in problems}
        if "officer" in names:
            self.recipient_form.officer.setFocus()
        elif "force" in names:
            self.recipient_form.force.setFocus()
        elif password_problem:
            self.encryption.password.setFocus()
        elif (box := self.fields.first_enabled_box()) is not None:
            box.setFocus()

    def _suggested_path(self) -> str:
        reference = self._options.case_reference if self._options is not None else "case"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder or Path.home()) / f"police-summary-{reference}.pdf")

    def _ask_path(self) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export police summary", self._suggested_path(), "PDF documents (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path

    def _start_export(self, path: Path) -> None:
        recipient = self.recipient_form.recipient()
        fields: frozenset[ExportField] = self.fields.chosen()
        password = self.encryption.password_to_use()
        written: list[Path] = []

        def deliver(_file_name: str, pdf: bytes) -> None:
            # Runs on the worker, inside the export's transaction: if it raises, nothing is
            # recorded. The file name the service suggests is ignored for the one chosen.
            write_private_file(path, pdf)
            written.append(path)

        self._set_exporting(True)
        self.messages.show_message(MessageKind.INFO, EXPORTING_TEXT)
        services, case_id = self._services, self._case_id
        self._worker.submit(
            lambda: services.export_police_summary(
                case_id, recipient, deliver, fields=fields, password=password
            ),
            lambda record: self._export_done(record, path),
            lambda error: self._export_failed(error, path, written),
        )

    def _set_exporting(self, exporting: bool) -> None:
        self._exporting = exporting
        self.recipient_form.set_editable(not exporting)
        self.fields.setEnabled(not exporting)
        self.encryption.set_editable(not exporting)
        self.close_button.setEnabled(not exporting)
        self._update_buttons()

    def _export_done(self, record: ExportRecordDTO, path: Path) -> None:
        self._set_exporting(False)
        self._last_record = record
        self.reference_label.setText(f"Exported as {record.reference}")
        self.reference_label.show()
        lines = [
            f"Exported as {record.reference}; recorded in the case history.",
            f"Saved to {path}",
        ]
        if record.encrypted:
            lines.append(f"The file is encrypted. {SEPARATE_CHANNEL_TEXT}")
        self.messages.show_message(MessageKind.SUCCESS, "\n".join(lines))
        if self._bus is not None:
            self._publishing = True
            try:
                self._bus.publish(Changes(cases=frozenset({self._case_id}), audit=True))
            finally:
                self._publishing = False
        self.exported.emit(record)
        self.close_button.setFocus()

    def _export_failed(self, error: BaseException, path: Path, written: list[Path]) -> None:
        self._set_exporting(False)
        if written:
            # Written, then the transaction failed: the export is not recorded, so the file
            # must not be left behind to be sent.
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(error, ExportRefused):
            self.messages.show_message(
                MessageKind.ERROR, f"{error.user_message} {NOTHING_EXPORTED}"
            )
            # The consent changed since the dialog opened: show what it allows now.
            self._load_options(self.recipient_form.recipient_kind())
        elif isinstance(error, ValidationError):
            self.recipient_form.mark(error.problems)
            password = [p.message for p in error.problems if p.field == "password"]
            if password:
                self.encryption.show_problem(password[0])
            self.messages.show_message(
                MessageKind.ERROR,
                f"Please correct the following. {NOTHING_EXPORTED}",
                [p.message for p in error.problems],
            )
        elif isinstance(error, OSError):
            reason = error.strerror or "the file could not be written"
            self.messages.show_message(
                MessageKind.ERROR,
                f"The summary could not be saved to {path} ({reason}). {NOTHING_EXPORTED}",
            )
        else:
            self.messages.show_message(
                MessageKind.ERROR, f"{_error_text(error)} {NOTHING_EXPORTED}"
            )

    # -- closing ------------------------------------------------------------------------------

    def _go_to_consent(self) -> None:
        self.consent_tab_requested.emit()
        self.reject()

    def reject(self) -> None:
        if self._exporting:
            return  # the export's result must reach this dialog (and the history)
        super().reject()

    def done(self, result: int) -> None:
        self._finished = True
        self._preview_timer.stop()
        if self._bus is not None:
            with contextlib.suppress(RuntimeError):  # already disconnected
                self._bus.changed.disconnect(self._on_changes)
        self._clear_preview("")
        super().done(result)

    def _fit_to_screen(self, parent: QWidget | None) -> None:
        """1180 x 820 where there is room (BaseDialog restores the navigator's own size)."""
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        width, height = 1180, 820
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, int(room.width() * 0.95))
            height = min(height, int(room.height() * 0.92))
        self.resize(width, height)

    def _set_tab_order(self) -> None:
        form, box = self.recipient_form, self.encryption
        chain: list[QWidget] = [
            form.kind,
            form.force,
            form.officer,
            form.role,
            self.fields.consent_button,
            *self.fields.boxes.values(),
            box.encrypt,
            box.password,
            box.generate,
            box.confirm,
            box.show_password,
            self.preview_view,
            self.export_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
