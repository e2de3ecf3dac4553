"""A dialog that reopens where and at the size the navigator last left it (MusicBrainz Picard)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QDialog, QWidget

SETTINGS_ORGANIZATION = "Waypost"
SETTINGS_APPLICATION = "Waypost"


class BaseDialog(QDialog):
    """Saves its geometry when hidden and restores it the first time it is shown.

    The key is per class, so every dialog remembers its own size.
    """

    def __init__(self, parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._geometry_settings = (
            settings
            if settings is not None
            else QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)
        )
        self._geometry_restored = False

    @classmethod
    def geometry_key(cls) -> str:
        # Module and class: two areas may each have an "EditDialog".
        return f"dialogs/{cls.__module__}.{cls.__qualname__}/geometry"

    def setVisible(self, visible: bool) -> None:
        # setVisible rather than showEvent/hideEvent: restoring before the window is shown stops
        # Qt from first sizing it to its layout, and every way of closing (accept, reject, Esc,
        # the close button, hide) passes through here.
        if visible and not self._geometry_restored:
            self._geometry_restored = True
            self._restore_geometry()
        elif not visible and self.isVisible():
            self._save_geometry()
        super().setVisible(visible)

    def _restore_geometry(self) -> None:
        stored = self._geometry_settings.value(self.geometry_key())
        if isinstance(stored, QByteArray) and not stored.isEmpty():
            # restoreGeometry moves the window back onto a screen if the old one is gone.
            self.restoreGeometry(stored)

    def _save_geometry(self) -> None:
        self._geometry_settings.setValue(self.geometry_key(), self.saveGeometry())
