"""The strength meter shown while a new vault passphrase is typed."""

from ui.widgets.passphrase_meter import PassphraseStrengthMeter


def make_meter(qtbot):
    meter = PassphraseStrengthMeter()
    qtbot.addWidget(meter)
    meter.show()
    return meter


def test_a_common_password_shows_weak_with_advice(qtbot):
    meter = make_meter(qtbot)
    meter.set_passphrase("password1234")
    assert meter.label_text() == "Weak"
    assert meter.filled_steps() == 2
    assert "common password" in meter.feedback_text()
    assert not meter.acceptable


def test_a_diceware_phrase_fills_the_bar(qtbot):
    meter = make_meter(qtbot)
    meter.set_passphrase("kettle orbit sunlit gravel mango")
    assert meter.label_text() == "Strong"
    assert meter.filled_steps() == 5
    assert meter.feedback_text() == ""
    assert meter.acceptable


def test_a_short_strong_string_says_why_it_is_refused(qtbot):
    meter = make_meter(qtbot)
    meter.set_passphrase("zq7!Rm2#vT9")
    assert meter.label_text() == "Strong"
    assert "at least 12 characters" in meter.feedback_text()
    assert not meter.acceptable


def test_clearing_the_field_clears_the_meter(qtbot):
    meter = make_meter(qtbot)
    meter.set_passphrase("kettle orbit sunlit gravel mango")
    with qtbot.waitSignal(meter.assessment_changed) as blocker:
        meter.set_passphrase("")
    assert blocker.args == [None]
    assert meter.label_text() == "Strength"  # not rated, and not "Very weak"
    assert meter.filled_steps() == 0
    assert meter.feedback_text() == ""
    assert not meter.acceptable


def test_the_form_is_told_when_acceptability_changes(qtbot):
    meter = make_meter(qtbot)
    seen = []
    meter.assessment_changed.connect(lambda a: seen.append(a.acceptable if a else None))
    meter.set_passphrase("kettle")
    meter.set_passphrase("kettle orbit sunlit gravel")
    assert seen == [False, True]


def test_the_meter_does_not_keep_the_passphrase(qtbot):
    meter = make_meter(qtbot)
    meter.set_passphrase("kettle orbit sunlit gravel mango")
    held = " ".join(str(v) for v in vars(meter).values())
    assert "kettle" not in held
    assert "kettle" not in meter.feedback_text() + meter.label_text()
