"""Properties of the budget validators (the validation parts of models/rules/purchase_rules.py)
and of the passphrase rule (models/rules/passphrase.py): a clear answer for any input, the same
answer every time, and the documented limits on both sides."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from models.dto import AllocationDraft, PurchaseDraft
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus
from models.rules.money import MAX_PENCE
from models.rules.passphrase import (
    LABELS,
    MIN_LENGTH,
    MIN_SCORE,
    TOO_SHORT_SUGGESTION,
    assess_passphrase,
)
from models.rules.purchase_rules import (
    approval_outdated,
    receipt_problem,
    status_problems,
    validate_allocation,
    validate_purchase,
)
from tests.properties.validators_drafts import allocation_drafts, pence, purchase_drafts
from tests.properties.validators_shared import (
    MARK,
    TODAY,
    assert_clear_problems,
    assert_deterministic,
    assert_plain_message,
    dates,
    field_names,
    marked,
    optional,
    problem_fields,
    texts,
)

THRESHOLD = 100_00

# -- Purchases and allocations --------------------------------------------------------------------


@given(draft=purchase_drafts(marked(texts()) | texts()))
def test_any_purchase_gets_clear_problems_or_none(draft: PurchaseDraft) -> None:
    problems = assert_deterministic(lambda: validate_purchase(draft, TODAY))
    assert_clear_problems(problems, field_names(PurchaseDraft))


@given(
    draft=purchase_drafts(),
    previous=optional(st.sampled_from(PurchaseStatus)),
    threshold=pence(),
)
def test_any_status_change_gets_clear_problems_or_none(
    draft: PurchaseDraft, previous: PurchaseStatus | None, threshold: int
) -> None:
    problems = assert_deterministic(lambda: status_problems(previous, draft, threshold))
    assert_clear_problems(problems, {"status", "approved_by"})


@given(
    draft=purchase_drafts(),
    previous_amount=pence(),
    previous_by=texts(),
    previous_on=optional(dates()),
)
def test_any_changed_amount_gets_clear_problems_or_none(
    draft: PurchaseDraft, previous_amount: int, previous_by: str, previous_on: date | None
) -> None:
    problems = assert_deterministic(
        lambda: approval_outdated(previous_amount, previous_by, previous_on, draft, THRESHOLD)
    )
    assert_clear_problems(problems, {"approved_by"})


@given(draft=allocation_drafts(marked(texts()) | texts()))
def test_any_allocation_gets_clear_problems_or_none(draft: AllocationDraft) -> None:
    problems = assert_deterministic(lambda: validate_allocation(draft))
    assert_clear_problems(problems, field_names(AllocationDraft))
    assert ("period_end" in problem_fields(problems)) == (draft.period_end < draft.period_start)


def paid(amount: int, on: date = TODAY, **changes: object) -> PurchaseDraft:
    draft = PurchaseDraft(
        purchased_on=on,
        category=PurchaseCategory.FOOD,
        amount_pence=amount,
        payment_method=PaymentMethod.CARD,
        status=PurchaseStatus.PAID,
        purpose="Weekly food shop",
    )
    return dataclasses.replace(draft, **changes)


@given(amount=pence(), on=dates())
def test_an_amount_is_1p_to_10_million_pounds_on_a_past_day(amount: int, on: date) -> None:
    problems = problem_fields(validate_purchase(paid(amount, on), TODAY))
    assert ("amount_pence" in problems) == (not 0 < amount <= MAX_PENCE)
    assert ("purchased_on" in problems) == (on > TODAY)


@given(amount=st.integers(THRESHOLD - 2, THRESHOLD + 2), approved=st.booleans())
def test_a_purchase_above_the_threshold_is_paid_only_once_approved(
    amount: int, approved: bool
) -> None:
    draft = paid(amount)
    if approved:
        draft = dataclasses.replace(draft, approved_by="r.okafor", approved_on=TODAY)
    problems = status_problems(None, draft, THRESHOLD)
    assert bool(problems) == (amount > THRESHOLD and not approved)


@given(
    category=st.sampled_from(PurchaseCategory),
    method=st.sampled_from(PaymentMethod),
    amount=st.integers(1, THRESHOLD),
    on=st.dates(max_value=TODAY),
)
def test_a_valid_purchase_stays_valid_whatever_its_category_and_method(
    category: PurchaseCategory, method: PaymentMethod, amount: int, on: date
) -> None:
    draft = paid(amount, on)
    assert validate_purchase(draft, TODAY) == [] == status_problems(None, draft, THRESHOLD)
    draft = dataclasses.replace(draft, category=category, payment_method=method)
    assert validate_purchase(draft, TODAY) == [] == status_problems(None, draft, THRESHOLD)


@given(
    content=st.binary(max_size=64)
    | st.builds(
        bytes.__add__,
        st.sampled_from((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"PK")),
        st.binary(max_size=64),
    ),
    limit=st.integers(1, 80),
)
def test_any_file_is_a_receipt_or_refused_with_a_reason(content: bytes, limit: int) -> None:
    problem = assert_deterministic(lambda: receipt_problem(content, limit))
    known = content.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
    assert (problem == "") == (0 < len(content) <= limit and known)
    if problem:
        assert_plain_message(problem)


# -- Passphrases ----------------------------------------------------------------------------------

# zxcvbn takes up to a second on a long random passphrase: a few dozen examples, mostly short,
# and long ones that repeat (which zxcvbn scores quickly).
passphrases = st.one_of(
    st.text(max_size=24),
    st.lists(
        st.sampled_from(("\u202e", "\x00", "🙂", "مرحبا", "\u200b", " ", "Nguyễn")), max_size=6
    ).map("".join),
    st.text(st.characters(codec="ascii"), min_size=10, max_size=16),
    st.builds(lambda unit, n: unit * n, st.text(min_size=1, max_size=2), st.integers(50, 5_000)),
)


@settings(max_examples=25)
@given(
    text=marked(passphrases) | passphrases, user_inputs=st.lists(st.text(max_size=8), max_size=2)
)
def test_any_passphrase_gets_a_score_and_a_reason_when_refused(
    text: str, user_inputs: list[str]
) -> None:
    verdict = assert_deterministic(lambda: assess_passphrase(text, user_inputs))
    assert 0 <= verdict.score < len(LABELS)
    assert verdict.label == LABELS[verdict.score]
    assert verdict.acceptable == (len(text) >= MIN_LENGTH and verdict.score >= MIN_SCORE)
    if not verdict.acceptable:
        assert verdict.warning or verdict.suggestions, "refused without saying why"
    for advice in (verdict.warning, *verdict.suggestions):
        assert MARK not in advice, "the advice quotes the passphrase"
        if advice:
            assert advice[0].isupper() and advice == advice.strip()


@settings(max_examples=25)
@given(text=st.text(min_size=MIN_LENGTH, max_size=24))
def test_a_passphrase_needs_12_characters_however_strong(text: str) -> None:
    whole, short = assess_passphrase(text), assess_passphrase(text[: MIN_LENGTH - 1])
    assert whole.acceptable == (whole.score >= MIN_SCORE)
    assert not short.acceptable
    assert short.suggestions[0] == TOO_SHORT_SUGGESTION
