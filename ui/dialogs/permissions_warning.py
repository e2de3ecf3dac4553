"""The warning shown after unlock when other users of the computer could read vault files."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from shiboken6 import isValid

from ui.operations import Worker

__all__ = ["PermissionProblemText", "PermissionsWarning", "offer_permission_fix"]

log = logging.getLogger(__name__)

SHARED_FILES_TEXT = (
    "Some of this vault's files can be read by other users of this computer. The vault is "
    "encrypted, but anyone who can copy it can try to guess your passphrase. Fix them now? "
    "Only the permissions change; the files' contents are not touched."
)
CANNOT_FIX_TEXT = (
    "Some items in this vault's folder are not private to you, and Waypost cannot fix them "
    "itself. Nothing was changed. See the details, then fix them in your file manager."
)
FIX_FAILED_TEXT = (
    "Waypost could not change the permissions of every file: the system refused. Some files "
    "may still be readable by other users; nothing else was changed. Open a terminal and run "
    "chmod -R go-rwx on the vault folder."
)


class PermissionProblemText(Protocol):
    """What the dialog needs from a problem (desktop/file_permissions.PermissionProblem)."""

    @property
    def fixable(self) -> bool: ...

    def describe(self) -> str: ...


class PermissionsWarning(QMessageBox):
    """Fix / Not now. Opened with ``open()``: it does not block, so tests can click it.

    ``fix`` runs on the database worker (it writes an audit row) and returns the problems that
    are left. ``fix_finished`` carries how many are left; if any, ``outcome`` is a second,
    informative box that says which.
    """

    fix_finished = Signal(int)

    def __init__(
        self,
        problems: Sequence[PermissionProblemText],
        *,
        fix: Callable[[], Sequence[PermissionProblemText]],
        worker: Worker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("permissionsWarning")
        self._fix = fix
        self._worker = worker
        self.outcome: QMessageBox | None = None
        self.fix_button: QPushButton | None = None
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Vault files are not private")
        self.setDetailedText(_details(problems))
        if any(problem.fixable for problem in problems):
            self.setText(SHARED_FILES_TEXT)
            self.fix_button = self.addButton("&Fix", QMessageBox.ButtonRole.AcceptRole)
            self.later_button = self.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
            self.fix_button.setObjectName("fixPermissionsButton")
            self.fix_button.clicked.connect(self._run_fix)
            self.setDefaultButton(self.fix_button)
        else:
            self.setText(CANNOT_FIX_TEXT)
            self.later_button = self.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
        self.setEscapeButton(self.later_button)

    def _run_fix(self) -> None:
        self._worker.submit(self._fix, self._fixed, self._failed)

    def _fixed(self, left: Sequence[PermissionProblemText]) -> None:
        if not isValid(self):  # the vault was locked meanwhile, and the window went with it
            return
        if left:
            self._show_outcome(
                "Waypost made the files it could private. These items are left; fix them in "
                "your file manager:",
                left,
            )
        self.fix_finished.emit(len(left))

    def _failed(self, error: BaseException) -> None:
        log.warning("fixing vault file permissions failed with %s", type(error).__name__)
        if not isValid(self):
            return
        self._show_outcome(FIX_FAILED_TEXT, ())
        self.fix_finished.emit(-1)

    def _show_outcome(self, text: str, left: Sequence[PermissionProblemText]) -> None:
        box = QMessageBox(self.parentWidget())
        box.setObjectName("permissionsOutcome")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Vault file permissions")
        box.setText(text)
        if left:
            box.setDetailedText(_details(left))
        box.addButton(QMessageBox.StandardButton.Close)
        self.outcome = box
        box.open()


def _details(problems: Sequence[PermissionProblemText]) -> str:
    return "\n".join(problem.describe() for problem in problems)


def offer_permission_fix(
    parent: QWidget,
    problems: Sequence[PermissionProblemText],
    *,
    fix: Callable[[], Sequence[PermissionProblemText]],
    worker: Worker,
) -> PermissionsWarning | None:
    """Open the warning over ``parent`` if there are problems; return it (None if all is well)."""
    if not problems:
        return None
    box = PermissionsWarning(problems, fix=fix, worker=worker, parent=parent)
    box.open()
    return box
