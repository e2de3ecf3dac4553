"""One open case: a header, and tabs for its overview, details, support plan, recovery
assessments, purchases and NRM and court (support-plan cases only), contacts, consent and history.

The workspace loads the case on the database worker, publishes what each save changed, and
listens to the ChangeBus: a change made elsewhere reloads the case at once, unless the navigator
has unsaved edits, in which case a banner says so and nothing they typed is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.dto import CaseDetail
from models.enums import CaseKind
from models.errors import WaypostError
from ui.assessment.recovery_tab import RecoveryTab
from ui.case import discard_prompt
from ui.case.consent_group import ConsentGroup
from ui.case.consent_tab import ConsentTab
from ui.case.contacts_tab import ContactsTab
from ui.case.details_tab import DetailsTab
from ui.case.formatting import format_date
from ui.case.history_tab import HistoryTab
from ui.case.overview_tab import OverviewTab
from ui.court.court_tab import COURT_TAB_NAME, CourtTab
from ui.labels import label
from ui.operations import GENERIC_FAILURE_MESSAGE, ChangeBus, Changes, Worker
from ui.plan.plan_tab import PlanTab
from ui.purchases.purchases_tab import PurchasesTab
from ui.widgets.message_bar import MessageBar, MessageKind

if TYPE_CHECKING:  # only for annotations: importing it would load SQLAlchemy at start-up
    from models.services.facade import Services

__all__ = ["CHANGED_ELSEWHERE_TEXT", "COURT_TAB_NAME", "CaseWorkspace"]

CHANGED_ELSEWHERE_TEXT = (
    "This case changed elsewhere while you were editing. Your edits are not saved yet: "
    "saving now would be refused. Copy your edits if you need them, then reload."
)


def _services_today(services: object) -> Callable[[], date]:
    """The vault's notion of today (fixed in tests), or the computer's date."""
    ctx = getattr(services, "ctx", None)
    today = getattr(ctx, "today", None)
    return today if callable(today) else date.today


class CaseWorkspace(QWidget):
    """``loaded`` carries each CaseDetail shown; ``title_changed`` a short title for a tab or
    window; ``dirty_changed`` whether the details tab has unsaved edits."""

    loaded = Signal(object)
    title_changed = Signal(str)
    dirty_changed = Signal(bool)

    def __init__(
        self,
        case_id: int,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self._case_id = case_id
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._today = today or _services_today(services)
        self._detail: CaseDetail | None = None
        self._publishing = False
        self._tabs_built = False

        self._pages = QStackedWidget(self)
        self.loading_label = QLabel("Loading…", self)
        self.loading_label.setObjectName("loadingLabel")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pages.addWidget(self.loading_label)
        self._error_page = QWidget(self)
        self.error_label = QLabel(self._error_page)
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        retry = QPushButton("&Try again", self._error_page)
        retry.clicked.connect(self.reload)
        error_layout = QVBoxLayout(self._error_page)
        error_layout.addStretch(1)
        error_layout.addWidget(self.error_label)
        error_layout.addWidget(retry, 0, Qt.AlignmentFlag.AlignHCenter)
        error_layout.addStretch(1)
        self._pages.addWidget(self._error_page)

        self._content = QWidget(self)
        self.reference_label = QLabel(self._content)
        self.reference_label.setObjectName("caseReference")
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label = QLabel(self._content)
        self.name_label.setObjectName("caseName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label = QLabel(self._content)
        self.meta_label.setObjectName("caseMeta")
        self._content.setStyleSheet(
            "QLabel#caseReference { font-weight: bold; color: #2F4A6D; }"
            "QLabel#caseName { font-size: 18px; font-weight: bold; }"
            "QLabel#caseMeta { color: #444; }"
        )
        self.changed_banner = MessageBar(self._content, name="Case changed elsewhere")
        self.tabs = QTabWidget(self._content)
        self.tabs.setObjectName("caseTabs")
        self.tabs.setDocumentMode(True)
        header = QVBoxLayout()
        header.setSpacing(2)
        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label)
        title_row.addStretch(1)
        title_row.addWidget(self.reference_label)
        header.addLayout(title_row)
        header.addWidget(self.meta_label)
        content_layout = QVBoxLayout(self._content)
        content_layout.setContentsMargins(12, 10, 12, 6)
        content_layout.setSpacing(8)
        content_layout.addLayout(header)
        content_layout.addWidget(self.changed_banner)
        content_layout.addWidget(self.tabs, 1)
        self._pages.addWidget(self._content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)

        # Ctrl+PgUp / Ctrl+PgDown move between the tabs (Qt's QTabWidget only does Ctrl+Tab);
        # Ctrl+1..5 belong to the main window.
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self._step_tab(step))
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(lambda: self.tabs.tabBar().setFocus())

        self.overview: OverviewTab | None = None
        self.details: DetailsTab | None = None
        self.contacts: ContactsTab | None = None
        self.consent: ConsentTab | None = None
        self.history: HistoryTab | None = None
        self.plan: PlanTab | None = None
        self.recovery: RecoveryTab | None = None
        self.purchases: PurchasesTab | None = None
        self.court: CourtTab | None = None
        self.police_export: QWidget | None = None  # the last export dialog opened
        self._wanted_tab = ""
        change_bus.changed.connect(self._on_changes)
        self.reload()

    # -- public API ---------------------------------------------------------------------------

    @property
    def case_id(self) -> int:
        return self._case_id

    def detail(self) -> CaseDetail | None:
        return self._detail

    def title(self) -> str:
        if self._detail is None:
            return "Loading…"
        return f"{self._detail.reference} {self._detail.display_name}"

    def reload(self) -> None:
        """Load the case again (records a view in the audit log), discarding unsaved edits."""
        if self._detail is None:
            self._pages.setCurrentWidget(self.loading_label)
        case_id = self._case_id
        self._worker.submit(
            lambda: self._services.open_case(case_id),
            self._show,
            self._on_load_failed,
        )

    def has_unsaved_changes(self) -> bool:
        return bool(self._unsaved_parts())

    def confirm_close(self, ask: Callable[[QWidget, str], bool] | None = None) -> bool:
        """True if the workspace may close: nothing unsaved, or the navigator chose to discard.

        ``ask(parent, message) -> bool`` asks the question; by default a message box whose
        default answer is "Keep editing"."""
        parts = self._unsaved_parts()
        if not parts:
            return True
        what = " and ".join(parts)
        ask = ask or discard_prompt.ask_discard
        return ask(self, f"You have unsaved edits to {what}. Close this case and discard them?")

    def save(self) -> None:
        """Ctrl+S saves what the current tab edits: the plan draft, the contact being written,
        the consent group holding the focus, or else the case details."""
        current = self.tabs.currentWidget()
        if self.plan is not None and current is self.plan:
            self.plan.save_now()
        elif self.contacts is not None and current is self.contacts:
            self.contacts.save()
        elif self.purchases is not None and current is self.purchases:
            return  # purchases are saved in their own dialog
        elif self.court is not None and current is self.court:
            return  # NRM and court records are saved in their own dialogs
        elif self.consent is not None and current is self.consent:
            widget = QApplication.focusWidget()
            while widget is not None and not isinstance(widget, ConsentGroup):
                widget = widget.parentWidget()
            if widget is not None:
                widget.save()
        elif self.details is not None:
            self.details.save()

    def show_tab(self, name: str) -> None:
        """Switch to "overview", "details", "plan", "recovery", "purchases", "court"
        (COURT_TAB_NAME: NRM and court), "contacts", "consent" or "history" (a tab the case does
        not have is ignored)."""
        self._wanted_tab = name if not self._tabs_built else ""
        widget = getattr(self, name, None)
        if isinstance(widget, QWidget):
            self.tabs.setCurrentWidget(widget)

    def export_police_summary(self) -> None:
        """Open the police export dialog for this case (it explains a refusal itself)."""
        from ui.export.police_export_dialog import PoliceExportDialog  # QtPdf: on first use

        dialog = PoliceExportDialog(self._case_id, self._services, self._worker, self._bus, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.consent_tab_requested.connect(lambda: self.show_tab("consent"))
        self.police_export = dialog
        dialog.open()

    def _step_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    # -- loading ------------------------------------------------------------------------------

    def _build_tabs(self, detail: CaseDetail) -> None:
        services, worker, today = self._services, self._worker, self._today
        self.overview = OverviewTab(today, self.tabs)
        self.details = DetailsTab(services, worker, today, self.tabs)
        self.contacts = ContactsTab(self._case_id, services, worker, today, self.tabs)
        person_id = detail.person.id if detail.person is not None else None
        self.consent = ConsentTab(person_id, services, worker, today, self.tabs)
        self.history = HistoryTab(self._case_id, services, worker, self.tabs)
        if detail.fields.kind is CaseKind.SUPPORT_PLAN:
            self.plan = PlanTab(self._case_id, services, worker, today, self.tabs, self._bus)
            self.recovery = RecoveryTab(
                self._case_id, services, worker, today, self.tabs, self._bus
            )
            self.purchases = PurchasesTab(
                self._case_id, services, worker, today, self.tabs, self._bus
            )
            self.court = CourtTab(self._case_id, services, worker, today, self.tabs, self._bus)
        for tab, text in ((self.overview, "Overview"), (self.details, "Details"),
                          (self.contacts, "Contacts"), (self.plan, "Support plan"),
                          (self.recovery, "Recovery"), (self.purchases, "Purchases"),
                          (self.court, "NRM and court"),
                          (self.consent, "Consent"),
                          (self.history, "History")):  # fmt: skip
            if tab is not None:
                self.tabs.addTab(tab, text)
        if self.recovery is not None:
            self.recovery.police_export_requested.connect(self.export_police_summary)
        self.details.saved.connect(self._on_details_saved)
        self.details.reload_requested.connect(self.reload)
        # The details tab then shows the same news with the same choices: one banner is enough.
        self.details.stale_refused.connect(self.changed_banner.clear)
        self.details.dirty_changed.connect(self._on_dirty_changed)
        self.contacts.contacts_loaded.connect(
            lambda entries: self.overview.set_last_contact(entries[0] if entries else None)
        )
        changes = [self.contacts.contacts_changed, self.consent.consent_changed]
        if self.plan is not None:
            changes.append(self.plan.plan_changed)
        if self.recovery is not None:
            changes.append(self.recovery.assessments_changed)
        for changed in changes:
            changed.connect(lambda: self._publish(Changes(frozenset({self._case_id}), audit=True)))
        self._tabs_built = True
        if self._wanted_tab:
            self.show_tab(self._wanted_tab)

    def _show(self, detail: CaseDetail) -> None:
        first = not self._tabs_built
        if first:
            self._build_tabs(detail)
        self._apply(detail)
        self._pages.setCurrentWidget(self._content)
        assert self.contacts is not None and self.consent is not None
        assert self.history is not None
        self.history.refresh()
        if first:
            self.contacts.refresh()
            self.consent.refresh()
            if self.plan is not None:
                self.plan.refresh()
            if self.recovery is not None:
                self.recovery.refresh()
            if self.purchases is not None:
                self.purchases.refresh()
            if self.court is not None:
                self.court.refresh()

    def _apply(self, detail: CaseDetail) -> None:
        """Show ``detail`` everywhere, the details form included."""
        assert self.overview is not None and self.details is not None
        self._detail = detail
        self._show_header(detail)
        self.overview.set_case(detail)
        self.details.set_case(detail)
        self.changed_banner.clear()
        self.loaded.emit(detail)

    def _show_header(self, detail: CaseDetail) -> None:
        f = detail.fields
        self.reference_label.setText(detail.reference)
        self.name_label.setText(detail.display_name)
        meta = [label(f.kind), label(f.status), f"Opened {format_date(f.opened_on)}"]
        if f.closed_on is not None:
            meta.append(f"Closed {format_date(f.closed_on)}")
        if f.police_force:
            meta.append(f.police_force)
        self.meta_label.setText(" · ".join(meta))
        self.title_changed.emit(self.title())

    def _on_load_failed(self, error: BaseException) -> None:
        message = error.user_message if isinstance(error, WaypostError) else GENERIC_FAILURE_MESSAGE
        if self._detail is None:
            self.error_label.setText(f"This case could not be opened.\n{message}")
            self._pages.setCurrentWidget(self._error_page)
        else:
            self.changed_banner.show_message(
                MessageKind.ERROR, f"The case could not be reloaded. {message}"
            )

    # -- changes ------------------------------------------------------------------------------

    def _publish(self, changes: Changes) -> None:
        """Tell other views; this workspace already shows the result, so it does not reload."""
        self._publishing = True
        try:
            self._bus.publish(changes)
        finally:
            self._publishing = False

    def _on_details_saved(self, detail: CaseDetail) -> None:
        assert self.overview is not None
        self._detail = detail
        self._show_header(detail)
        self.overview.set_case(detail)
        self.changed_banner.clear()
        self.loaded.emit(detail)
        if self.recovery is not None:
            self.recovery.refresh()  # opening or closing the case moves the next assessment
        self._publish(Changes(cases=frozenset({self._case_id}), caseload=True, audit=True))

    def _on_changes(self, changes: Changes) -> None:
        if self._case_id not in changes.cases or self._detail is None:
            return
        assert self.contacts is not None and self.consent is not None
        assert self.history is not None
        self.contacts.refresh()
        self.consent.refresh()
        if changes.audit:
            self.history.refresh()
        if not self._publishing:
            if self.plan is not None:
                self.plan.refresh_if_idle()
            if self.recovery is not None:
                self.recovery.refresh()
            case_id = self._case_id
            self._worker.submit(
                lambda: self._services.refresh_case(case_id),
                self._on_newer_loaded,
                self._on_load_failed,
            )

    def _on_newer_loaded(self, newer: CaseDetail) -> None:
        assert self.details is not None and self.overview is not None
        assert self.history is not None
        current = self._detail
        if current is not None and _versions(newer) == _versions(current):
            return  # only contacts, consent or history moved; they refreshed themselves
        if self.details.has_unsaved_changes():
            if self.details.stale_banner.text():
                return  # the details tab already says so, with the same choices
            self.changed_banner.show_message(
                MessageKind.WARNING,
                CHANGED_ELSEWHERE_TEXT,
                actions=[
                    ("&Copy my edits", self.details.copy_edits),
                    ("&Reload (discards your edits)", self._reload_discarding),
                ],
            )
            return
        self._apply(newer)

    def _reload_discarding(self) -> None:
        assert self.details is not None
        if not self.details.has_unsaved_changes() or discard_prompt.ask_discard(
            self, "Reload the case? Your unsaved edits to its details will be lost."
        ):
            self.reload()

    def _on_dirty_changed(self, dirty: bool) -> None:
        self.dirty_changed.emit(dirty)

    def _unsaved_parts(self) -> list[str]:
        parts = []
        if self.details is not None and self.details.has_unsaved_changes():
            parts.append("the case details")
        if self.plan is not None and self.plan.has_unsaved_changes():
            parts.append("the support plan draft")
        if self.recovery is not None and self.recovery.has_unsaved_changes():
            parts.append("a recovery assessment")
        if self.purchases is not None and self.purchases.has_unsaved_changes():
            parts.append("a purchase")
        if self.contacts is not None and self.contacts.has_unsaved_changes():
            parts.append("a contact note")
        if self.consent is not None and self.consent.has_unsaved_changes():
            parts.append("consent")
        return parts


def _versions(detail: CaseDetail) -> tuple[int, int | None]:
    return detail.version, detail.person.version if detail.person is not None else None
