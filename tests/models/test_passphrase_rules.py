"""Which vault passphrases are accepted, and what the navigator is told."""

import time

import pytest

from models.rules.passphrase import (
    LABELS,
    MIN_LENGTH,
    TOO_SHORT_SUGGESTION,
    assess_passphrase,
)


@pytest.mark.parametrize("common", ["password1234", "qwertyuiop12", "letmein12345", "P@ssw0rd2020"])
def test_a_twelve_character_common_password_is_rejected(common):
    assert len(common) == MIN_LENGTH
    result = assess_passphrase(common)
    assert not result.acceptable
    assert result.score <= 1
    assert result.warning  # the navigator is told why


def test_a_long_diceware_phrase_is_accepted():
    result = assess_passphrase("kettle orbit sunlit gravel mango")
    assert result.acceptable
    assert result.score == 4
    assert result.label == "Strong"
    assert result.suggestions == ()


def test_length_boundary_a_strong_string_needs_twelve_characters():
    eleven = assess_passphrase("zq7!Rm2#vT9")
    twelve = assess_passphrase("zq7!Rm2#vT9@")
    assert eleven.score == twelve.score == 4
    assert not eleven.acceptable
    assert eleven.suggestions[0] == TOO_SHORT_SUGGESTION
    assert twelve.acceptable
    assert TOO_SHORT_SUGGESTION not in twelve.suggestions


def test_score_boundary_fair_is_rejected_and_good_is_accepted():
    fair = assess_passphrase("Blue42horses")
    good = assess_passphrase("tigerlake55!")
    assert (fair.score, fair.label, fair.acceptable) == (2, "Fair", False)
    assert (good.score, good.label, good.acceptable) == (3, "Good", True)


def test_words_from_the_app_itself_weaken_a_passphrase():
    assert assess_passphrase("navigator2024!").score < assess_passphrase("gardener2024!").score


def test_the_navigators_own_name_weakens_a_passphrase():
    plain = assess_passphrase("priyanka2019!")
    personal = assess_passphrase("priyanka2019!", user_inputs=["Priyanka", "Hartwell"])
    assert plain.acceptable
    assert not personal.acceptable


def test_empty_is_very_weak_and_not_acceptable():
    result = assess_passphrase("")
    assert (result.score, result.label, result.acceptable) == (0, LABELS[0], False)


def test_a_pasted_very_long_passphrase_is_scored_quickly_and_not_refused():
    # zxcvbn refuses input over 72 characters and slows sharply with length.
    long_text = "kettle orbit sunlit gravel mango " * 300
    started = time.perf_counter()
    result = assess_passphrase(long_text)
    assert time.perf_counter() - started < 2.0
    assert result.acceptable


def test_only_the_first_hundred_characters_are_scored():
    strong_head = "kettle orbit sunlit gravel mango harbour"
    assert assess_passphrase(strong_head + "a" * 5000).score == 4
    # The repetition after the first 100 characters does not drag the score down.
    weak_head = "a" * 100
    assert assess_passphrase(weak_head + "kettle orbit sunlit gravel mango").score <= 1
    # ...but everything up to the hundredth character counts, past zxcvbn's own 72 limit.
    assert assess_passphrase("a" * 70 + "kettle orbit sunlit gravel").score == 4


def test_the_assessment_never_quotes_the_passphrase():
    secret = "monkeydog123"
    result = assess_passphrase(secret)
    for text in (result.label, result.warning, *result.suggestions):
        assert "monkey" not in text.lower()
