"""First-run wizard, page 1: welcome, and where the vault will live."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

__all__ = ["FolderPage", "looks_like_vault"]

_WARNING_STYLE = (
    "QLabel#folderWarning { background: #FFF3C4; color: #5C4300; border: 1px solid #E9CF6B;"
    " border-radius: 6px; padding: 8px 10px; }"
)


def looks_like_vault(folder: Path) -> bool:
    """True if the folder already holds a Waypost vault's key envelope or database."""
    return (folder / "keys.json").exists() or (folder / "waypost.db").exists()


class FolderPage(QWizardPage):
    def __init__(
        self,
        default_folder: str,
        folder_has_vault: Callable[[Path], bool] = looks_like_vault,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder_has_vault = folder_has_vault
        self.setObjectName("folderPage")
        self.setTitle("Welcome to Waypost")
        self.setSubTitle("Set up the encrypted vault that will hold your case records.")
        self.setStyleSheet(_WARNING_STYLE)

        intro = QLabel(
            "Waypost keeps everything in a vault: a folder on this computer whose files are "
            "encrypted. Without your passphrase they cannot be read.\n\n"
            "Choose a folder on this computer's own drive, not a shared or synced folder "
            "(such as OneDrive or a network drive). Waypost creates the folder if it does not "
            "exist.",
            self,
        )
        intro.setWordWrap(True)

        caption = QLabel("Vault &folder", self)
        self._folder = QLineEdit(default_folder, self)
        self._folder.setObjectName("folderEdit")
        self._folder.setAccessibleName("Vault folder")
        self._folder.setMinimumHeight(30)
        self._folder.textChanged.connect(self._refresh)
        caption.setBuddy(self._folder)
        self._choose = QPushButton("&Choose…", self)
        self._choose.setObjectName("chooseFolderButton")
        self._choose.setAccessibleName("Choose vault folder")
        self._choose.setAutoDefault(False)
        self._choose.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self._folder, 1)
        row.addWidget(self._choose)

        self._warning = QLabel(self)
        self._warning.setObjectName("folderWarning")
        self._warning.setAccessibleName("Warning")
        self._warning.setWordWrap(True)
        self._warning.setTextFormat(Qt.TextFormat.PlainText)
        self._warning.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addWidget(caption)
        layout.addLayout(row)
        layout.addWidget(self._warning)
        layout.addStretch(1)

        self.setFocusProxy(self._folder)
        self._refresh()

    def folder(self) -> str:
        text = self._folder.text().strip()
        return str(Path(text).expanduser()) if text else ""

    def set_folder(self, folder: str) -> None:
        self._folder.setText(folder)

    def warning_text(self) -> str:
        return self._warning.text() if self._warning.isVisibleTo(self) else ""

    def isComplete(self) -> bool:
        folder = self.folder()
        return bool(folder) and not self._holds_vault(folder)

    def _holds_vault(self, folder: str) -> bool:
        try:
            return self._folder_has_vault(Path(folder))
        except OSError:
            return False

    def _choose_folder(self) -> None:
        start = self.folder() or str(Path.home())
        while start and not Path(start).is_dir() and Path(start).parent != Path(start):
            start = str(Path(start).parent)
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder for the vault", start)
        if chosen:
            self._folder.setText(chosen)

    def _refresh(self) -> None:
        folder = self.folder()
        if folder and self._holds_vault(folder):
            self._warning.setText(
                "This folder already holds a Waypost vault. Choose another folder, or cancel "
                "and open that vault instead."
            )
            self._warning.show()
        else:
            self._warning.clear()
            self._warning.hide()
        self.completeChanged.emit()
