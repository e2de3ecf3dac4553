"""The composition root of the GUI: unlock, wire the services into the main window, lock.

Start-up imports only Qt and the key envelope, so the unlock window paints fast; SQLAlchemy and
the widgets that need it are imported on the database worker while the user types.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

import ui  # noqa: F401 - applies the PySide6 6.12 guard before any widget exists
from desktop import paths
from desktop.idle_lock import IdleLock
from desktop.paths import DEMO_PASSPHRASE
from desktop.recovery_key import RECOVERY_KEY_BYTES
from desktop.settings import AppSettings, SettingsWriteFailed
from desktop.vault_errors import DeviceSecretMissing
from desktop.vault_layout import vault_exists
from ui.operations import ChangeBus, DatabaseWorker, Worker
from ui.unlock.unlock_window import UnlockWindow
from ui.widgets.first_paint import after_first_paint

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from desktop.backups import BackupInfo
    from desktop.session import VaultSession
    from desktop.vault import UnlockedVault
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

GENERIC_OPEN_FAILURE = (
    "Waypost could not open the vault because of an unexpected error. Nothing was changed. "
    "If it happens again, run `waypost check` and contact support."
)


def _warm_up_imports() -> None:
    """Import the vault, database and window modules on the worker thread, off the critical
    path (the unlock window is painted before any of them is imported)."""
    import desktop.session  # noqa: F401
    import models.services.facade  # noqa: F401
    import ui.main_window  # noqa: F401


class AppController(QObject):
    """Moves between the unlock window and the main window; owns the vault session."""

    def __init__(
        self,
        *,
        vault_folder: Path,
        demo: bool,
        settings: AppSettings,
        worker: Worker | None = None,
        keyring_backend: KeyringBackend | None = None,
    ) -> None:
        super().__init__()
        self.folder = vault_folder
        self.demo = demo
        self.settings = settings
        self.worker: Worker = worker if worker is not None else DatabaseWorker()
        self.change_bus = ChangeBus()
        self.keyring_backend = keyring_backend
        self.session: VaultSession | None = None
        self.main_window: MainWindow | None = None
        self.unlock_window: UnlockWindow | None = None
        self._damaged: UnlockedVault | None = None
        self.idle_lock = IdleLock(settings.idle_lock_minutes, self)
        self.idle_lock.idle_timeout.connect(lambda: self.lock(reason="idle"))

    # Start ---------------------------------------------------------------------------------
    def start(self) -> bool:
        """Show the first window. Returns False, showing nothing, if another Waypost process
        has this vault open: that one was asked to bring its window forward instead."""
        from desktop.single_instance import VaultGuard

        if getattr(self, "vault_guard", None) is None:
            # One per controller; it answers later starts by raising whichever window is up.
            self.vault_guard = VaultGuard(
                lambda: self.main_window or self.unlock_window or getattr(self, "_wizard", None),
                parent=self,
            )
        if self.demo:
            # Made now (not at the first unlock) so that the demo vault is locked from the start;
            # if that fails, the first unlock says why.
            with contextlib.suppress(OSError):
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.vault_guard.hold(self.folder):
            return False
        if not self.demo and not vault_exists(self.folder):
            self._show_first_run()
        else:
            self._show_unlock()
        # After the first paint, pull in the heavy modules while the passphrase is typed.
        first = self.unlock_window or getattr(self, "_wizard", None)
        if first is not None:
            after_first_paint(first, self._warm_up)
        else:
            QTimer.singleShot(0, self._warm_up)
        return True

    def _warm_up(self) -> None:
        # Quitting already (the window was closed as it first painted): nothing to warm up.
        if self.worker.accepting:
            self.worker.submit(_warm_up_imports)

    def _show_unlock(self, message: str = "") -> None:
        window = UnlockWindow(str(self.folder))
        window.set_demo(self.demo, passphrase_hint=DEMO_PASSPHRASE if self.demo else "")
        window.unlock_requested.connect(self._unlock)
        window.recovery_requested.connect(self._recover)
        window.restore_requested.connect(self._restore)
        window.choose_other_vault_requested.connect(self._choose_other_vault)
        if message:
            window.show_error(message)
        self.unlock_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    # Unlock --------------------------------------------------------------------------------
    def _unlock(self, passphrase: str) -> None:
        from desktop import session as session_module

        assert self.unlock_window is not None
        self.unlock_window.set_busy(True)
        folder, backend = self.folder, self.keyring_backend
        if self.demo:
            self.worker.submit(
                lambda: session_module.open_demo_session(folder, passphrase),
                self._on_unlocked,
                self._on_unlock_failed,
            )
        else:
            self.worker.submit(
                lambda: session_module.unlock_session(folder, passphrase, keyring_backend=backend),
                self._on_unlocked,
                self._on_unlock_failed,
            )

    def _on_unlock_failed(self, error: BaseException) -> None:
        window = self.unlock_window
        if window is None:
            return
        window.set_busy(False)
        from desktop.session import VaultDatabaseDamaged

        if isinstance(error, VaultDatabaseDamaged):
            self._damaged = error.unlocked
            window.show_error(error.user_message, offer_restore=True)
            return
        message = getattr(error, "user_message", None)
        if message is None:
            log.error("unlock failed with %s", type(error).__name__)
            message = GENERIC_OPEN_FAILURE
        window.show_error(message, offer_recovery=isinstance(error, DeviceSecretMissing))

    def _on_unlocked(self, session: VaultSession) -> None:
        from functools import partial

        from desktop.file_permissions import fix_and_record, permission_problems
        from desktop.vault_chores import DesktopVaultChores
        from ui.dialogs.permissions_warning import offer_permission_fix
        from ui.main_window import MainWindow

        self.session = session
        self._damaged = None
        # Only a convenience for the next start: a full disk must not stop the unlock.
        with contextlib.suppress(SettingsWriteFailed):
            self.settings.vault_folder = str(self.folder)
        window = MainWindow(
            services=session.services,
            worker=self.worker,
            change_bus=self.change_bus,
            vault_label=str(self.folder),
            demo=session.demo,
            idle_minutes=self.settings.idle_lock_minutes,
            on_idle_minutes_changed=self._set_idle_minutes,
            chores=DesktopVaultChores(
                session,
                self.settings,
                keyring_backend=self.keyring_backend,
                on_restore=self._restore_while_open,
            ),
        )
        window.lock_requested.connect(lambda: self.lock(reason="manual"))
        self._open_on_agenda(window, session)
        self.main_window = window
        window.show()
        if self.unlock_window is not None:
            self.unlock_window.close()
            self.unlock_window.deleteLater()
            self.unlock_window = None
        # Give the keyboard to the main window, so the navigator can type straight away.
        window.raise_()
        window.activateWindow()
        # A vault made by the first-run wizard can only be locked now that it exists.
        self.vault_guard.hold(self.folder, ask_holder_to_raise=False)
        self.permissions_warning = offer_permission_fix(
            window,
            permission_problems(self.folder),
            fix=partial(fix_and_record, self.folder, session.services),
            worker=self.worker,
        )
        self.idle_lock.start()
        self._backup_if_changed(window, session)

    def _backup_if_changed(self, window: MainWindow, session: VaultSession) -> None:
        """The automatic backup: after unlock, on the worker, only if the vault changed since
        the newest backup. A failure (the USB drive is not plugged in) is said, not fatal."""
        from desktop.backups import backup_if_changed, describe_backup
        from desktop.vault_chores import backup_folder_for
        from models.enums import AuditAction

        folder, target = session.folder, backup_folder_for(self.settings, session.folder)

        def work() -> str:
            from desktop.leftovers import remove_crash_leftovers

            # Temporary files a crash left behind; the vault's lock is held, so none is live.
            remove_crash_leftovers(folder, target)
            taken = backup_if_changed(session.store, folder, target)
            if taken is None:
                return ""
            session.services.record(AuditAction.BACKUP, "vault")
            return describe_backup(taken)

        def done(label: str) -> None:
            if label and self.main_window is window:
                window.statusBar().showMessage(f"Backed up: {label}", 15_000)
                # Settings listed the backups before this one was taken.
                if window.settings_page.backups_group is not None:
                    window.settings_page.backups_group.refresh()

        def failed(error: BaseException) -> None:
            if self.main_window is not window:
                return
            message = getattr(error, "user_message", None) or "the backup could not be written."
            window.statusBar().showMessage(f"Automatic backup failed: {message}")

        self.worker.submit(work, done, failed)

    def _restore_while_open(self, backup: Path) -> None:
        """Settings, Restore: lock the open vault, restore the chosen backup, open it again
        with the same key (the backup is verified first; the replaced files are kept)."""
        from desktop import session as session_module

        if self.session is None:
            return
        unlocked = self.session.unlocked
        self.lock(reason="restore")
        window = self.unlock_window
        if window is not None:
            window.show_notice("Restoring the backup…")
            window.set_busy(True)
        # Queued after the session's close, which lock() submitted first.
        self.worker.submit(
            lambda: session_module.restore_and_open(unlocked, backup),
            self._on_unlocked,
            self._on_unlock_failed,
        )

    def _open_on_agenda(self, window: MainWindow, session: VaultSession) -> None:
        """Open on the Agenda, saying what changed since the last session (by its date; the
        settings keep that date only)."""
        from datetime import date

        from ui.main_window import PAGE_AGENDA

        stored = self.settings.last_session_on
        window.agenda.set_last_session(date.fromisoformat(stored) if stored else None)
        window.show_page(PAGE_AGENDA)
        with contextlib.suppress(SettingsWriteFailed):
            self.settings.last_session_on = session.services.ctx.today().isoformat()

    def _set_idle_minutes(self, minutes: int) -> None:
        try:
            self.settings.idle_lock_minutes = minutes
        except SettingsWriteFailed as error:
            # Nothing changes: the lock keeps the saved minutes, and the field shows them again.
            window = self.main_window
            if window is not None:
                field = window.settings_page.idle_minutes
                field.blockSignals(True)
                field.setValue(self.settings.idle_lock_minutes)
                field.blockSignals(False)
                QMessageBox.warning(window, "Settings not saved", error.user_message)
            return
        self.idle_lock.set_minutes(minutes)
        if self.main_window is not None:
            self.main_window.set_idle_minutes(minutes)

    # Lock ----------------------------------------------------------------------------------
    def lock(self, *, reason: str) -> None:
        """Close the main window, close the database, forget the key; show the unlock window."""
        if self.session is None:
            return
        self.idle_lock.stop()
        main, self.main_window = self.main_window, None
        discarded = main.unsaved_case_count() if main is not None else 0
        # The unlock window appears before the main window closes, so there is never a moment
        # with no window (Qt would take that as the cue to quit).
        self._show_unlock()
        if reason == "idle" and self.unlock_window is not None:
            message = f"Locked after {self.settings.idle_lock_minutes} minutes without activity."
            if discarded:
                message += f" Unsaved edits in {discarded} open case(s) were discarded."
            self.unlock_window.show_notice(message)
        if main is not None:
            main.close_for_lock()
            main.deleteLater()
        # Dialogs opened over a case (an export, a purchase, a modal question) are windows of
        # their own: Qt would delete them with the main window only later. Nothing but the
        # unlock window may stay on screen; done() skips "discard changes?" questions that
        # nobody is there to answer, and ends a modal dialog's exec().
        from PySide6.QtWidgets import QDialog

        for window in QApplication.topLevelWidgets():
            if window is self.unlock_window or not window.isVisible():
                continue
            if isinstance(window, QDialog):
                window.done(QDialog.DialogCode.Rejected)
            else:
                window.hide()
        session, self.session = self.session, None
        # Queued after any work still running, so nothing writes to a closed database.
        self.worker.submit(session.close)

    # Recovery and restore ------------------------------------------------------------------
    def _recover(self) -> None:
        from desktop import session as session_module
        from ui.unlock.recovery_dialog import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(
            key_length_chars=RECOVERY_KEY_BYTES * 8 // 5, parent=self.unlock_window
        )
        if not dialog.exec():
            return
        key_text, passphrase = dialog.recovery_key(), dialog.new_passphrase()
        dialog.clear_secrets()
        folder, backend = self.folder, self.keyring_backend
        if self.unlock_window is not None:
            self.unlock_window.set_busy(True)
        self.worker.submit(
            lambda: session_module.recover_session(
                folder, key_text, passphrase, keyring_backend=backend
            ),
            self._on_unlocked,
            self._on_unlock_failed,
        )

    def _restore(self) -> None:
        from desktop import session as session_module
        from desktop.vault_chores import restorable_backups

        unlocked = self._damaged
        if unlocked is None or self.unlock_window is None:
            return
        backups = restorable_backups(self.settings, self.folder, unlocked.vault_id)
        if not backups:
            QMessageBox.information(
                self.unlock_window,
                "No backups",
                "There is no backup of this vault in its backup folder. Nothing was changed.\n"
                "If your backups are on a USB drive, plug it in and try again; if they are "
                "elsewhere, copy a waypost-backup-\u2026 folder into the vault's backups folder.",
            )
            return
        labels: list[str] = []
        for info in backups:
            label, copy = _backup_label(info), 1
            while label in labels:  # two alike in one minute: the list needs distinct items
                copy += 1
                label = f"{_backup_label(info)} ({copy})"
            labels.append(label)
        choice, ok = QInputDialog.getItem(
            self.unlock_window,
            "Restore from backup",
            "Choose a backup to restore. The damaged database is kept aside, not deleted.",
            labels,
            0,
            False,
        )
        if not ok:
            return
        backup = backups[labels.index(choice)].path
        self.unlock_window.set_busy(True)
        self.worker.submit(
            lambda: session_module.restore_and_open(unlocked, backup),
            self._on_unlocked,
            self._on_unlock_failed,
        )

    def _choose_other_vault(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        parent: QWidget | None = self.unlock_window
        folder = QFileDialog.getExistingDirectory(parent, "Open a vault folder", str(self.folder))
        if not folder:
            return
        # The new vault's lock first: if another Waypost has it open, that window comes
        # forward and this one stays on the vault it showed.
        if not self.vault_guard.hold(Path(folder)):
            if self.unlock_window is not None and self.vault_guard.refusal is not None:
                self.unlock_window.show_error(self.vault_guard.refusal.user_message)
            return
        self.folder = Path(folder)
        self.demo = False
        if self.unlock_window is not None:
            self.unlock_window.close()
            self.unlock_window.deleteLater()
            self.unlock_window = None
        self.start()

    # First run -----------------------------------------------------------------------------
    def _show_first_run(self) -> None:
        from ui.setup.first_run_wizard import FirstRunWizard

        wizard = FirstRunWizard(str(self.folder))
        self._wizard = wizard
        self._created: VaultSession | None = None

        def create(folder: str, passphrase: str) -> None:
            from desktop import session as session_module

            target, backend = Path(folder), self.keyring_backend
            self.folder = target

            def work() -> tuple[VaultSession, str]:
                target.mkdir(mode=0o700, parents=True, exist_ok=True)
                return session_module.create_session(target, passphrase, keyring_backend=backend)

            def done(result: tuple[VaultSession, str]) -> None:
                self._created, recovery_key = result
                wizard.show_recovery_key(recovery_key, vault_id=self._created.unlocked.vault_id)

            def failed(error: BaseException) -> None:
                message = getattr(error, "user_message", None) or GENERIC_OPEN_FAILURE
                wizard.show_error(message)

            self.worker.submit(work, done, failed)

        def finished(result: int) -> None:
            created, self._created = self._created, None
            if created is not None:
                self._on_unlocked(created)
            else:
                QApplication.quit()

        wizard.create_requested.connect(create)
        wizard.finished.connect(finished)
        wizard.show()

    def shutdown(self) -> None:
        """Quit: lock first so the audit log records it and the database closes cleanly."""
        if self.session is not None:
            session, self.session = self.session, None
            self.worker.submit(session.close)
        self.worker.shutdown(wait=True)


def _backup_label(backup: BackupInfo) -> str:
    # "26 Nov 2026 07:12 \u2014 before migration, 12.3 MB" (older single-file backups too).
    from desktop.backups import describe_backup

    return describe_backup(backup)


def run_app(*, vault_folder: Path | None, demo: bool) -> int:
    from ui.style import STYLE_SHEET

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Waypost")
    app.setOrganizationName("Waypost")
    app.setStyleSheet(STYLE_SHEET)
    settings = AppSettings()
    if demo:
        folder = vault_folder or paths.demo_vault_folder()
    else:
        folder = vault_folder or Path(settings.vault_folder or paths.default_vault_folder())
    controller = AppController(vault_folder=folder, demo=demo, settings=settings)
    from desktop.log_redaction import install_excepthook, install_qt_message_handler

    # Qt's warnings and any uncaught exception go through the redacting log handlers.
    install_qt_message_handler()
    install_excepthook()

    def clear_clipboard() -> None:
        # Quitting without closing the window first (a session logout) must clear it too.
        if controller.main_window is not None:
            controller.main_window.clipboard_guard.stop()

    app.aboutToQuit.connect(clear_clipboard)
    app.aboutToQuit.connect(controller.shutdown)
    if not controller.start():
        from desktop.single_instance import announce_vault_in_use

        controller.shutdown()  # stops the database worker's thread; nothing was opened
        guard = controller.vault_guard
        assert guard.refusal is not None
        return announce_vault_in_use(guard.refusal, holder_answered=guard.holder_answered)
    try:
        return app.exec()
    finally:
        # After shutdown (connected above) has closed the database.
        controller.vault_guard.release()
