"""The recovery-key dialog: tolerant key input, a strong new passphrase, and nothing early."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit

from ui.unlock.recovery_dialog import RecoveryKeyDialog, normalise_recovery_key

KEY_LENGTH = 32
KEY = "K7QF-3MZP-W2XA-9HDC-R4TB-8NEV-6JYL-5SUG"
STRONG = "Orchard lantern quietly 47 snowfall"


@pytest.fixture
def dialog(qtbot):
    d = RecoveryKeyDialog(key_length_chars=KEY_LENGTH)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def edit(d: RecoveryKeyDialog, name: str) -> QLineEdit:
    return d.findChild(QLineEdit, name)


def ok_button(d: RecoveryKeyDialog):
    return d.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def fill(qtbot, d, key=KEY, first=STRONG, second=STRONG):
    edit(d, "recoveryKeyEdit").clear()
    qtbot.keyClicks(edit(d, "recoveryKeyEdit"), key)
    # Set at once rather than typed: the meter scores every keystroke, which is slow in bulk.
    edit(d, "newPassphraseEdit").setText(first)
    edit(d, "repeatPassphraseEdit").setText(second)


def test_key_field_is_monospace_with_a_grouped_placeholder(dialog):
    key = edit(dialog, "recoveryKeyEdit")
    assert key.placeholderText().startswith("XXXX-XXXX-")
    assert key.fontInfo().fixedPitch()


def test_ok_is_disabled_until_everything_is_right(qtbot, dialog):
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClicks(edit(dialog, "recoveryKeyEdit"), KEY)
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClicks(edit(dialog, "newPassphraseEdit"), STRONG)
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClicks(edit(dialog, "repeatPassphraseEdit"), STRONG)
    assert ok_button(dialog).isEnabled()
    assert dialog.is_ready()


@pytest.mark.parametrize(
    ("key", "first", "second"),
    [
        (KEY[:-1], STRONG, STRONG),  # one character short
        (KEY + "Q", STRONG, STRONG),  # one too many
        (KEY, STRONG, STRONG + "!"),  # passphrases differ
        (KEY, "password123", "password123"),  # too weak
        (KEY, "", ""),  # nothing chosen
    ],
)
def test_ok_stays_disabled_when_something_is_wrong(qtbot, dialog, key, first, second):
    fill(qtbot, dialog, key, first, second)
    assert not ok_button(dialog).isEnabled()
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(edit(dialog, "repeatPassphraseEdit"), Qt.Key.Key_Return)
    assert dialog.isVisible()


def test_key_input_tolerates_spaces_lowercase_and_typographic_dashes(qtbot, dialog):
    sloppy = " k7qf 3mzp\u2013w2xa-9hdc r4tb\u20118nev  6jyl-5sug "
    fill(qtbot, dialog, key="")
    # Pasted rather than typed: QTest cannot type characters outside ASCII.
    edit(dialog, "recoveryKeyEdit").setText(sloppy)
    assert dialog.recovery_key() == "k7qf3mzpw2xa9hdcr4tb8nev6jyl5sug"
    assert ok_button(dialog).isEnabled()
    assert normalise_recovery_key("AB-CD EF\tGH") == "ABCDEFGH"


def test_shows_how_much_of_the_key_was_typed(qtbot, dialog):
    count = dialog.findChild(QLabel, "recoveryKeyCount")
    assert "32" in count.text()
    qtbot.keyClicks(edit(dialog, "recoveryKeyEdit"), "K7QF-3MZP")
    assert count.text().startswith("8 of 32")


def test_enter_accepts_and_the_accessors_return_what_was_typed(qtbot, dialog):
    fill(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(edit(dialog, "repeatPassphraseEdit"), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.recovery_key() == KEY.replace("-", "")
    assert dialog.new_passphrase() == STRONG


def test_escape_cancels(qtbot, dialog):
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(edit(dialog, "recoveryKeyEdit"), Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_show_error_keeps_the_key_to_correct_a_typo(qtbot, dialog):
    fill(qtbot, dialog)
    dialog.show_error("That recovery key does not open this vault.")
    error = dialog.findChild(QLabel, "errorLabel")
    assert error.isVisible()
    assert dialog.error_text() == "That recovery key does not open this vault."
    assert dialog.recovery_key() == KEY.replace("-", "")
    assert edit(dialog, "recoveryKeyEdit").selectedText() == KEY

    qtbot.keyClicks(edit(dialog, "recoveryKeyEdit"), KEY)  # typing replaces the selection
    assert not error.isVisible()


def test_clear_secrets_empties_every_field(qtbot, dialog):
    fill(qtbot, dialog)
    dialog.clear_secrets()
    assert dialog.recovery_key() == ""
    assert dialog.new_passphrase() == ""
    assert edit(dialog, "repeatPassphraseEdit").text() == ""


def test_controls_have_accessible_names(dialog):
    for control in dialog.findChildren(QLineEdit):
        assert control.accessibleName()
    assert ok_button(dialog).accessibleName() == "Open vault"
