"""The unlock window: type, press Enter, see why it failed, find the way out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QProgressBar, QPushButton

from ui.unlock.unlock_window import UnlockWindow

PASSPHRASE = "orchard lantern quietly"


@pytest.fixture
def window(qtbot):
    w = UnlockWindow(str(Path.home() / "Waypost" / "vault"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def field(w: UnlockWindow) -> QLineEdit:
    return w.findChild(QLineEdit, "passphraseEdit")


def button(w: UnlockWindow, name: str) -> QPushButton:
    return w.findChild(QPushButton, name)


def test_enter_emits_the_passphrase_and_clears_the_field(qtbot, window):
    qtbot.keyClicks(field(window), PASSPHRASE)
    with qtbot.waitSignal(window.unlock_requested) as blocker:
        qtbot.keyClick(field(window), Qt.Key.Key_Return)
    assert blocker.args == [PASSPHRASE]
    assert field(window).text() == ""


def test_unlock_button_submits_and_is_disabled_while_empty(qtbot, window):
    unlock = button(window, "unlockButton")
    assert not unlock.isEnabled()
    with qtbot.assertNotEmitted(window.unlock_requested):
        qtbot.keyClick(field(window), Qt.Key.Key_Return)

    qtbot.keyClicks(field(window), PASSPHRASE)
    assert unlock.isEnabled()
    with qtbot.waitSignal(window.unlock_requested) as blocker:
        qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)
    assert blocker.args == [PASSPHRASE]
    assert field(window).text() == ""


def test_passphrase_is_hidden_until_show_is_pressed_and_hidden_again_after_an_attempt(
    qtbot, window
):
    assert field(window).echoMode() == QLineEdit.EchoMode.Password
    show = window.findChild(QAbstractButton, "showPassphraseButton")
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert field(window).echoMode() == QLineEdit.EchoMode.Normal
    qtbot.keyClicks(field(window), PASSPHRASE)
    with qtbot.waitSignal(window.unlock_requested):
        qtbot.keyClick(field(window), Qt.Key.Key_Return)
    assert field(window).echoMode() == QLineEdit.EchoMode.Password


@pytest.mark.parametrize(
    ("offer_recovery", "offer_restore"),
    [(False, False), (True, False), (False, True), (True, True)],
)
def test_show_error_shows_the_message_and_only_the_offered_ways_out(
    qtbot, window, offer_recovery, offer_restore
):
    qtbot.keyClicks(field(window), "typed but not sent")
    window.set_busy(True)
    window.show_error(
        "Wrong passphrase.", offer_recovery=offer_recovery, offer_restore=offer_restore
    )

    error = window.findChild(QLabel, "errorLabel")
    assert error.isVisible()
    assert error.text() == "Wrong passphrase."
    assert window.error_text() == "Wrong passphrase."
    assert button(window, "recoveryButton").isVisible() is offer_recovery
    assert button(window, "restoreButton").isVisible() is offer_restore
    assert field(window).text() == ""
    assert field(window).isEnabled()
    qtbot.waitUntil(field(window).hasFocus)


def test_offered_buttons_emit_their_signals(qtbot, window):
    window.show_error("The vault failed its check.", offer_recovery=True, offer_restore=True)
    with qtbot.waitSignal(window.recovery_requested):
        qtbot.mouseClick(button(window, "recoveryButton"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.restore_requested):
        qtbot.mouseClick(button(window, "restoreButton"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.choose_other_vault_requested):
        qtbot.mouseClick(button(window, "otherVaultButton"), Qt.MouseButton.LeftButton)


def test_forgot_passphrase_is_always_there_and_asks_for_recovery(qtbot, window):
    forgot = button(window, "forgotButton")
    assert forgot.isVisible()
    with qtbot.waitSignal(window.recovery_requested):
        qtbot.mouseClick(forgot, Qt.MouseButton.LeftButton)


def test_busy_locks_the_inputs_and_shows_progress(qtbot, window):
    qtbot.keyClicks(field(window), PASSPHRASE)
    window.set_busy(True)

    assert window.is_busy()
    assert not field(window).isEnabled()
    assert not button(window, "unlockButton").isEnabled()
    assert not button(window, "otherVaultButton").isEnabled()
    assert window.findChild(QProgressBar, "busyIndicator").isVisible()
    with qtbot.assertNotEmitted(window.unlock_requested):
        qtbot.keyClick(field(window), Qt.Key.Key_Return)

    window.set_busy(False)
    assert field(window).isEnabled()
    assert not window.findChild(QProgressBar, "busyIndicator").isVisible()


def test_reset_clears_error_and_field(qtbot, window):
    window.show_error("Wrong passphrase.", offer_recovery=True)
    qtbot.keyClicks(field(window), "abc")
    window.reset()
    assert window.error_text() == ""
    assert not window.findChild(QLabel, "errorLabel").isVisible()
    assert not button(window, "recoveryButton").isVisible()
    assert field(window).text() == ""


def test_escape_clears_what_was_typed(qtbot, window):
    qtbot.keyClicks(field(window), "abc")
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    assert field(window).text() == ""
    assert window.isVisible()


def test_demo_mode_shows_the_banner_and_the_hint(qtbot, window):
    banner = window.findChild(QLabel, "demoBanner")
    hint = window.findChild(QLabel, "demoHint")
    assert not banner.isVisible()

    window.set_demo(True, passphrase_hint="demo passphrase here")
    assert banner.isVisible()
    assert "synthetic data only" in banner.text()
    assert hint.isVisible()
    assert "demo passphrase here" in hint.text()
    forgot = window.findChild(QPushButton, "forgotButton") or next(
        b for b in window.findChildren(QPushButton) if "Forgot" in b.text()
    )
    assert not forgot.isVisible()  # a demo vault has no recovery key

    window.set_demo(False)
    assert not banner.isVisible()
    assert not hint.isVisible()
    assert forgot.isVisible()


def test_vault_folder_is_shown_short_with_the_full_path_in_the_tooltip(window):
    label = window.findChild(QLabel, "vaultFolderLabel")
    assert window.vault_folder_text() == str(Path("~") / "Waypost" / "vault")
    assert label.toolTip() == window.vault_folder_text()

    window.set_vault_folder("/srv/" + "very-long-folder-name/" * 10 + "vault")
    assert "…" in label.text()
    assert label.text().endswith("vault")


def test_every_control_has_an_accessible_name_and_a_mnemonic(window):
    window.show_error("x", offer_recovery=True, offer_restore=True)
    controls = [c for c in window.findChildren(QAbstractButton) if c.isVisible()]
    controls += [c for c in window.findChildren(QLineEdit) if c.isVisible()]
    assert len(controls) >= 7
    for control in controls:
        assert control.accessibleName(), control.objectName()
        if isinstance(control, QAbstractButton):
            assert "&" in control.text(), control.text()
