"""The first-run wizard: choose the vault folder, choose a passphrase, keep the recovery key.

No vault logic lives here. When the passphrase page is committed the wizard emits
``create_requested(folder, passphrase)`` and waits; the caller creates the vault and answers
with ``show_recovery_key(key, vault_id=...)`` or ``show_error(message)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from ui.setup.folder_page import FolderPage, looks_like_vault
from ui.setup.passphrase_page import PassphrasePage
from ui.setup.recovery_key_page import RecoveryKeyPage

__all__ = ["FirstRunWizard"]


class FirstRunWizard(QWizard):
    """Three pages: folder, passphrase, recovery key.

    Signals:
        create_requested(str folder, str passphrase): create the vault now.
    """

    FOLDER_PAGE = 0
    PASSPHRASE_PAGE = 1
    RECOVERY_KEY_PAGE = 2

    create_requested = Signal(str, str)

    def __init__(
        self,
        default_folder: str,
        *,
        folder_has_vault: Callable[[Path], bool] = looks_like_vault,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle("Set up Waypost")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(640, 560)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next")
        self.setButtonText(QWizard.WizardButton.BackButton, "&Back")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Cancel")

        self._recovery_key = ""
        self._vault_id = ""
        self._requesting = False

        self.folder_page = FolderPage(default_folder, folder_has_vault, self)
        self.passphrase_page = PassphrasePage(self)
        self.recovery_key_page = RecoveryKeyPage(self)
        self.setPage(self.FOLDER_PAGE, self.folder_page)
        self.setPage(self.PASSPHRASE_PAGE, self.passphrase_page)
        self.setPage(self.RECOVERY_KEY_PAGE, self.recovery_key_page)
        self.setStartId(self.FOLDER_PAGE)

    # -- public API ---------------------------------------------------------------------------

    def vault_folder(self) -> str:
        return self.folder_page.folder()

    def show_recovery_key(self, key: str, *, vault_id: str = "") -> None:
        """The vault was created: move on and show its recovery key (once)."""
        self._recovery_key = key
        self._vault_id = vault_id
        self.passphrase_page.set_busy(False)
        self._set_navigation_enabled(True)
        if not self._requesting and self.currentId() == self.PASSPHRASE_PAGE:
            self.next()

    def show_error(self, message: str) -> None:
        """Creating the vault failed: stay on the passphrase page and say why."""
        self._set_navigation_enabled(True)
        self.passphrase_page.show_error(message)

    def is_busy(self) -> bool:
        return self.passphrase_page.is_busy()

    # -- QWizard ------------------------------------------------------------------------------

    def validateCurrentPage(self) -> bool:
        if self.currentId() != self.PASSPHRASE_PAGE:
            return super().validateCurrentPage()
        if self._recovery_key:
            return True
        if self.passphrase_page.is_busy() or not self.passphrase_page.isComplete():
            return False
        self.passphrase_page.set_busy(True)
        self._set_navigation_enabled(False)
        self._requesting = True
        try:
            self.create_requested.emit(self.vault_folder(), self.passphrase_page.passphrase())
        finally:
            self._requesting = False
        # A caller that answers straight away (inside the signal) has already set the key.
        return bool(self._recovery_key)

    def initializePage(self, page_id: int) -> None:
        if page_id == self.RECOVERY_KEY_PAGE:
            self.passphrase_page.clear()
            self.recovery_key_page.set_key(self._recovery_key, self._vault_id)
        super().initializePage(page_id)

    def reject(self) -> None:
        # Busy: the vault is being made. Last page: the key must be acknowledged first.
        if self.is_busy() or self.currentId() == self.RECOVERY_KEY_PAGE:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_busy() or (
            self.currentId() == self.RECOVERY_KEY_PAGE and not self.recovery_key_page.is_confirmed()
        ):
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._forget_secrets()
        super().done(result)

    # -- internals ----------------------------------------------------------------------------

    def _forget_secrets(self) -> None:
        self._recovery_key = ""
        self._vault_id = ""
        self.recovery_key_page.clear()
        self.passphrase_page.clear()

    def _set_navigation_enabled(self, enabled: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(enabled)
