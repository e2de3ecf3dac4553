"""Dialogs reopen at the size and place the navigator left them."""

from PySide6.QtCore import QPoint, QSettings, QSize
from PySide6.QtWidgets import QLabel, QVBoxLayout

from ui.dialogs.base_dialog import BaseDialog


class NotesDialog(BaseDialog):
    def __init__(self, settings):
        super().__init__(settings=settings)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Notes"))


class BudgetDialog(BaseDialog):
    pass


def reopened(settings: QSettings) -> QSettings:
    settings.sync()
    return QSettings(settings.fileName(), QSettings.Format.IniFormat)


def test_size_and_position_are_restored_after_a_restart(qtbot, ini_settings):
    first = NotesDialog(ini_settings)
    qtbot.addWidget(first)
    first.show()
    default_size = first.size()
    first.resize(default_size + QSize(173, 91))
    first.move(QPoint(120, 80))
    wanted_size, wanted_pos = first.size(), first.pos()
    first.accept()

    second = NotesDialog(reopened(ini_settings))
    qtbot.addWidget(second)
    second.show()
    assert second.size() == wanted_size
    assert second.pos() == wanted_pos
    assert second.size() != default_size


def test_closing_with_escape_also_saves(qtbot, ini_settings):
    first = NotesDialog(ini_settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.size() + QSize(50, 40))
    wanted = first.size()
    first.reject()

    second = NotesDialog(reopened(ini_settings))
    qtbot.addWidget(second)
    second.show()
    assert second.size() == wanted


def test_each_dialog_class_keeps_its_own_size(qtbot, ini_settings):
    notes = NotesDialog(ini_settings)
    qtbot.addWidget(notes)
    notes.show()
    notes.resize(notes.size() + QSize(300, 200))
    notes.close()

    fresh_budget = BudgetDialog(
        settings=QSettings(str(ini_settings.fileName()) + ".other", QSettings.Format.IniFormat)
    )
    qtbot.addWidget(fresh_budget)
    fresh_budget.show()
    budget = BudgetDialog(settings=reopened(ini_settings))
    qtbot.addWidget(budget)
    budget.show()
    assert budget.size() == fresh_budget.size()
    assert budget.size() != notes.size()
    assert NotesDialog.geometry_key() != BudgetDialog.geometry_key()


def test_first_open_without_saved_geometry_uses_the_layout_size(qtbot, ini_settings):
    dialog = NotesDialog(ini_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.size().isValid()
    assert dialog.width() >= dialog.minimumSizeHint().width()
