"""The shell: navigation, menus, the status bar, and case tabs. Nothing else lives here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.services.facade import Services
from ui import actions
from ui.agenda_page import AgendaPage
from ui.budget.budget_page import BudgetPage
from ui.case.new_case_dialog import NewCaseDialog
from ui.case.workspace import CaseWorkspace
from ui.caseload.view import CaseloadView
from ui.clipboard_guard import ClipboardGuard
from ui.impact.impact_page import ImpactPage
from ui.operations import ChangeBus, Worker
from ui.settings.vault_chores import VaultChores
from ui.settings_page import SettingsPage

PAGE_CASELOAD, PAGE_AGENDA, PAGE_BUDGET, PAGE_IMPACT, PAGE_SETTINGS = range(5)


class MainWindow(QMainWindow):
    """Emits ``lock_requested``; the composition root does the locking."""

    lock_requested = Signal()

    def __init__(
        self,
        *,
        services: Services,
        worker: Worker,
        change_bus: ChangeBus,
        vault_label: str,
        demo: bool,
        idle_minutes: int,
        on_idle_minutes_changed: Callable[[int], None],
        chores: VaultChores | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._worker = worker
        self._bus = change_bus
        self._workspaces: dict[int, CaseWorkspace] = {}
        self._locking = False
        self.setWindowTitle("Waypost — Demo vault" if demo else "Waypost")
        self.resize(1280, 800)

        self.registry = actions.ActionRegistry(self)
        self._register_actions()

        self.caseload = CaseloadView(services, worker, change_bus)
        self.caseload.open_case_requested.connect(self.open_case)
        self.caseload.new_case_requested.connect(self.new_case)
        self.case_tabs = QTabWidget()
        self.case_tabs.setDocumentMode(True)
        self.case_tabs.setTabsClosable(True)
        self.case_tabs.tabCloseRequested.connect(self._close_tab)
        self.case_tabs.addTab(self.caseload, "All cases")
        # The caseload tab itself cannot be closed.
        self.case_tabs.tabBar().setTabButton(
            0, self.case_tabs.tabBar().ButtonPosition.RightSide, None
        )

        self.agenda = AgendaPage(services, worker, change_bus)
        self.agenda.open_case_tab_requested.connect(self.open_case_at)
        self.budget = BudgetPage(services, worker, change_bus)
        self.impact = ImpactPage(services, worker, change_bus)
        self.impact.open_case_requested.connect(self.open_case)
        self.settings_page = SettingsPage(
            idle_minutes=idle_minutes,
            on_idle_minutes_changed=on_idle_minutes_changed,
            vault_folder=vault_label,
            demo=demo,
            on_lock_now=self.lock_requested.emit,
            services=services,
            worker=worker,
            chores=chores,
        )
        self.pages = QStackedWidget()
        for page in (self.case_tabs, self.agenda, self.budget, self.impact, self.settings_page):
            self.pages.addWidget(page)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.addItems(
            [
                "Caseload   Ctrl+1",
                "Agenda   Ctrl+2",
                "Budget   Ctrl+3",
                "Impact   Ctrl+4",
                "Settings   Ctrl+,",
            ]
        )
        self.nav.setFixedWidth(190)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(PAGE_CASELOAD)

        side = QVBoxLayout()
        brand = QLabel("Waypost")
        brand.setObjectName("brand")
        side.addWidget(brand)
        if demo:
            badge = QLabel("DEMO — synthetic data")
            badge.setObjectName("demoBadge")
            badge.setWordWrap(True)
            side.addWidget(badge)
        side.addWidget(self.nav, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(side)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar(demo, services.user, idle_minutes)
        worker.busy_changed.connect(self._on_busy)
        worker.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        # While this window exists the vault is unlocked: copies are marked and cleared.
        self.clipboard_guard = ClipboardGuard(self)
        self.caseload.focus_search()

    # Actions and menus -------------------------------------------------------------------
    def _register_actions(self) -> None:
        r = self.registry
        r.register(actions.NEW_CASE, "&New case…", "Ctrl+N", self.new_case)
        r.register(actions.LOCK, "&Lock", "Ctrl+L", self.lock_requested.emit)
        r.register(actions.QUIT, "&Quit", "Ctrl+Q", self.close)
        r.register(actions.FOCUS_SEARCH, "&Find case", "Ctrl+F", self._focus_search)
        r.register(
            actions.GO_CASELOAD, "&Caseload", "Ctrl+1", lambda: self.show_page(PAGE_CASELOAD)
        )
        r.register(actions.GO_AGENDA, "&Agenda", "Ctrl+2", lambda: self.show_page(PAGE_AGENDA))
        r.register(actions.GO_BUDGET, "&Budget", "Ctrl+3", lambda: self.show_page(PAGE_BUDGET))
        r.register(actions.GO_IMPACT, "&Impact", "Ctrl+4", lambda: self.show_page(PAGE_IMPACT))
        r.register(
            actions.GO_SETTINGS, "&Settings", "Ctrl+,", lambda: self.show_page(PAGE_SETTINGS)
        )
        r.register("close_case", "&Close case tab", "Ctrl+W", self._close_current_case)
        r.register(
            "export_police_summary",
            "E&xport police summary…",
            "Ctrl+Shift+E",
            self._export_current_case,
        )
        for name in r.names():
            # Window-wide, so the shortcuts work whichever child has focus.
            r.get(name).setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(r.get(name))

    def _build_menus(self) -> None:
        r = self.registry
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(r.get(actions.NEW_CASE))
        file_menu.addAction(r.get("close_case"))
        file_menu.addSeparator()
        file_menu.addAction(r.get(actions.LOCK))
        file_menu.addAction(r.get(actions.QUIT))
        case_menu = self.menuBar().addMenu("&Case")
        case_menu.addAction(r.get("export_police_summary"))
        case_menu.addAction(r.get("close_case"))
        go_menu = self.menuBar().addMenu("&Go")
        for name in (
            actions.FOCUS_SEARCH,
            actions.GO_CASELOAD,
            actions.GO_AGENDA,
            actions.GO_BUDGET,
            actions.GO_IMPACT,
        ):
            go_menu.addAction(r.get(name))
        go_menu.addAction(r.get(actions.GO_SETTINGS))

    def _build_status_bar(self, demo: bool, user: str, idle_minutes: int) -> None:
        bar = self.statusBar()
        self.busy_label = QLabel("")
        self.lock_hint = QLabel()
        self.set_idle_minutes(idle_minutes)
        bar.addPermanentWidget(self.busy_label)
        if demo:
            bar.addPermanentWidget(QLabel("Demo vault"))
        bar.addPermanentWidget(QLabel(f"Signed in as {user}"))
        bar.addPermanentWidget(self.lock_hint)

    def set_idle_minutes(self, minutes: int) -> None:
        self.lock_hint.setText(f"Locks after {minutes} min idle · Ctrl+L to lock now")

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText("Working…" if busy else "")

    # Navigation ----------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def _focus_search(self) -> None:
        self.show_page(PAGE_CASELOAD)
        self.case_tabs.setCurrentIndex(0)
        self.caseload.focus_search()

    def new_case(self) -> None:
        dialog = NewCaseDialog(self._services, self._worker, self._bus, parent=self)
        if dialog.exec() and dialog.created_case_id is not None:
            self.open_case(dialog.created_case_id)

    def open_case(self, case_id: int) -> None:
        self.show_page(PAGE_CASELOAD)
        existing = self._workspaces.get(case_id)
        if existing is not None:
            self.case_tabs.setCurrentWidget(existing)
            return
        workspace = CaseWorkspace(case_id, self._services, self._worker, self._bus)
        workspace.title_changed.connect(lambda title, ws=workspace: self._retitle(ws, title))
        self._workspaces[case_id] = workspace
        index = self.case_tabs.addTab(workspace, "Loading…")
        self.case_tabs.setCurrentIndex(index)

    def open_case_plan(self, case_id: int) -> None:
        """Open a case at its support plan."""
        self.open_case_at(case_id, "plan")

    def open_case_at(self, case_id: int, tab: str) -> None:
        """Open a case at one of its tabs ("plan", "recovery": from the Agenda)."""
        self.open_case(case_id)
        self._workspaces[case_id].show_tab(tab)

    def _retitle(self, workspace: CaseWorkspace, title: str) -> None:
        index = self.case_tabs.indexOf(workspace)
        if index >= 0:
            self.case_tabs.setTabText(index, title)

    def _export_current_case(self) -> None:
        workspace = self.case_tabs.currentWidget()
        on_cases = self.nav.currentRow() == PAGE_CASELOAD
        if on_cases and self.case_tabs.currentIndex() > 0 and isinstance(workspace, CaseWorkspace):
            workspace.export_police_summary()
        else:
            self.statusBar().showMessage(
                "Open a case first: police summaries are exported from a case.", 8000
            )

    def _close_current_case(self) -> None:
        index = self.case_tabs.currentIndex()
        if index > 0:
            self._close_tab(index)

    def _close_tab(self, index: int) -> None:
        widget = self.case_tabs.widget(index)
        if not isinstance(widget, CaseWorkspace) or not widget.confirm_close():
            return
        self.case_tabs.removeTab(index)
        self._workspaces.pop(widget.case_id, None)
        widget.deleteLater()

    def open_case_ids(self) -> list[int]:
        return list(self._workspaces)

    # Closing and locking -------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.unsaved_case_count() > 0

    def unsaved_case_count(self) -> int:
        return sum(1 for ws in self._workspaces.values() if ws.has_unsaved_changes())

    def close_for_lock(self) -> None:
        """Close without asking: an idle lock must not wait on a dialog nobody will answer.

        Unsaved edits in open forms are discarded with the window; saved work is in the vault.
        """
        self._locking = True
        self.clipboard_guard.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._locking and self.has_unsaved_changes():
            answer = QMessageBox.question(
                self,
                "Unsaved changes",
                "Some open cases have changes that are not saved. Quit and discard them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.clipboard_guard.stop()
        event.accept()
