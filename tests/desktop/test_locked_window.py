"""While the vault is locked no window shows case data (issue 8, "No leaks": locked window).

Real windows over a real SQLCipher vault, as in test_app_flow.py: unlock, open a case whose
survivor has a unique name, lock (Ctrl+L, or the idle lock firing while a dialog is open), then
read every visible top-level window's text, the way a person glancing at the screen would.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desktop import vault
from desktop.app import AppController
from desktop.session import create_session
from desktop.settings import AppSettings
from desktop.settings_file import SettingsFile
from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource
from ui.operations import SynchronousWorker
from ui.unlock.unlock_window import UnlockWindow

PASSPHRASE = "lantern orchard velvet ninety"
MARKER = "Qorvashenko"


def _visible_texts(window: QWidget) -> list[str]:
    """Every piece of text a person could read in ``window`` right now."""
    texts = [window.windowTitle()]
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(QModelIndex()), 200)):
                column = 0  # list models hide columnCount(); walk until the index runs out
                while (index := model.index(row, column)).isValid():
                    texts.append(str(index.data() or ""))
                    column += 1
        texts.append(widget.toolTip())
    return texts


def _windows_showing(marker: str) -> list[QWidget]:
    return [
        window
        for window in QApplication.topLevelWidgets()
        if window.isVisible() and any(marker in text for text in _visible_texts(window))
    ]


def _visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]


@pytest.fixture
def vault_with_case(tmp_path: Path, memory_keyring) -> Path:
    folder = tmp_path / "v"
    folder.mkdir()
    session, _ = create_session(
        folder, PASSPHRASE, keyring_backend=memory_keyring, kdf=vault.FAST_TEST_KDF
    )
    try:
        session.services.create_case(
            NewCase(
                fields=CaseFields(
                    kind=CaseKind.SUPPORT_PLAN,
                    opened_on=date(2026, 3, 2),
                    referral_source=ReferralSource.POLICE_FORCE,
                    police_force="Kent Police",
                ),
                person=PersonFields(given_names=MARKER, family_name="Test", known_as=MARKER),
            )
        )
    finally:
        session.close()
    return folder


@pytest.fixture
def unlocked(qtbot, tmp_path: Path, memory_keyring, vault_with_case):
    controller = AppController(
        vault_folder=vault_with_case,
        demo=False,
        settings=AppSettings(SettingsFile(tmp_path / "settings.json")),
        worker=SynchronousWorker(),
        keyring_backend=memory_keyring,
    )
    controller.start()
    field = controller.unlock_window.findChild(QLineEdit, "passphraseEdit")
    field.setText(PASSPHRASE)
    field.returnPressed.emit()
    main = controller.main_window
    assert main is not None
    yield controller
    if controller.main_window is not None:
        controller.main_window.close_for_lock()
    controller.shutdown()
    for window in (controller.main_window, controller.unlock_window):
        if window is not None:
            window.close()


def _open_the_case(controller: AppController) -> None:
    main = controller.main_window
    main.open_case(main.caseload.caseload_model.case_id_at(0))  # the one case in the caseload
    assert _windows_showing(MARKER) == [main], "the scan must see the name while unlocked"


def _assert_only_the_unlock_window_is_showing(controller: AppController) -> None:
    QApplication.processEvents()
    assert _windows_showing(MARKER) == []
    visible = _visible_windows()
    assert visible == [controller.unlock_window]
    assert isinstance(visible[0], UnlockWindow)


def test_ctrl_l_leaves_only_the_unlock_window_with_no_case_data(qtbot, unlocked) -> None:
    _open_the_case(unlocked)
    main = unlocked.main_window
    qtbot.keyClick(main.focusWidget() or main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert unlocked.session is None
    # Right away, not only after Qt gets round to deleting the old window.
    assert _windows_showing(MARKER) == []
    _assert_only_the_unlock_window_is_showing(unlocked)


def test_a_dialog_open_over_the_case_is_closed_by_the_lock(qtbot, unlocked) -> None:
    _open_the_case(unlocked)
    workspace = unlocked.main_window.case_tabs.currentWidget()
    workspace.export_police_summary()
    dialog = workspace.police_export
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()

    unlocked.lock(reason="manual")
    assert _windows_showing(MARKER) == []
    _assert_only_the_unlock_window_is_showing(unlocked)


def test_the_idle_lock_firing_inside_a_modal_dialog_closes_it(qtbot, unlocked) -> None:
    _open_the_case(unlocked)
    main = unlocked.main_window
    seen: dict[str, object] = {}

    def idle_lock_fires() -> None:
        seen["dialogs"] = [w for w in _visible_windows() if isinstance(w, QDialog)]
        unlocked.lock(reason="idle")
        seen["locked"] = unlocked.session is None

    def give_up() -> None:  # only if the lock failed to end the dialog: fail, do not hang
        for window in _visible_windows():
            if isinstance(window, QDialog):
                seen["had_to_close"] = True
                window.reject()

    QTimer.singleShot(0, idle_lock_fires)
    QTimer.singleShot(5000, give_up)
    main.new_case()  # exec(): returns when the dialog ends
    assert seen["dialogs"], "a modal dialog was open when the lock fired"
    assert seen["locked"]
    assert "had_to_close" not in seen
    _assert_only_the_unlock_window_is_showing(unlocked)
