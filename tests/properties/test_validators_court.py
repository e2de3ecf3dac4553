"""Properties of the court validators (models/rules/court_validation.py): clear problems or none
for any input, and the documented limits on both sides; above all, that a defendant is recorded
by initials or a short pseudonym only (at most 20 characters, never a full name)."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from models.dto import CourtCaseDraft, DefendantDraft, SpecialMeasureDTO, SurvivorRoleDTO
from models.enums import CourtEventKind, DefendantOutcome
from models.rules.court_validation import (
    MAX_CHARGE,
    MAX_CHARGES,
    MAX_LABEL,
    MAX_REASON,
    MAX_SENTENCE_MONTHS,
    looks_like_full_name,
    validate_actual,
    validate_court_case,
    validate_defendant,
    validate_event,
    validate_outcome,
    validate_reschedule,
    validate_role,
    validate_special_measure,
)
from tests.properties.validators_drafts import (
    court_case_drafts,
    defendant_drafts,
    special_measures,
    survivor_roles,
)
from tests.properties.validators_shared import (
    TODAY,
    assert_clear_problems,
    assert_deterministic,
    dates,
    field_names,
    integers,
    marked,
    optional,
    problem_fields,
    texts,
    tuples_of,
)

# Names as they reach the form: typed, pasted from a document (with invisible marks), or typed
# on a keyboard that sends letters and their accents separately (decomposed).
GIVEN_NAMES = ("Anna", "Hoa", "Zoë", "Mariusz", "Tesfay", "Ioana", "Łukasz", "Ngozi", "Amélie")
FAMILY_NAMES = ("Nowak", "Nguyễn", "Müller", "Gebremedhin", "Popescu", "Okafor", "Ó Briain")
INVISIBLE = ("", "\u200f", "\u200e", "\u200b", "\u00ad", "\ufeff", "\u2060")


@st.composite
def full_names(draw: st.DrawFn) -> str:
    given_name = draw(st.sampled_from(GIVEN_NAMES))
    family = draw(st.sampled_from(FAMILY_NAMES))
    family = draw(st.sampled_from((family, family.upper())))
    text = f"{given_name} {family}{draw(st.sampled_from(INVISIBLE))}"
    # Every combination fits in 20 characters, so only the full-name rule can refuse it.
    return unicodedata.normalize(draw(st.sampled_from(("NFC", "NFD"))), text)


initials = st.from_regex(
    r"[A-Z]{1,3}|([A-Z]\.){1,3}|Defendant [A-Z0-9]{1,2}|D[0-9]{1,3}", fullmatch=True
)


@given(draft=court_case_drafts(marked(texts())))
def test_any_court_case_gets_clear_problems_or_none(draft: CourtCaseDraft) -> None:
    problems = assert_deterministic(lambda: validate_court_case(draft))
    assert_clear_problems(problems, field_names(CourtCaseDraft))


@given(draft=defendant_drafts(marked(texts())), others=tuples_of(texts(), max_size=3))
def test_any_defendant_gets_clear_problems_or_none(
    draft: DefendantDraft, others: tuple[str, ...]
) -> None:
    problems = assert_deterministic(lambda: validate_defendant(draft, others))
    assert_clear_problems(problems, field_names(DefendantDraft))


@given(draft=defendant_drafts(), others=tuples_of(texts(), max_size=3))
def test_an_accepted_label_is_short_and_never_a_full_name(
    draft: DefendantDraft, others: tuple[str, ...]
) -> None:
    if "label" in problem_fields(validate_defendant(draft, others)):
        return
    label = " ".join(draft.label.split())
    assert 0 < len(label) <= MAX_LABEL
    assert not looks_like_full_name(label)


@given(label=full_names())
def test_a_full_name_is_refused_however_it_was_typed(label: str) -> None:
    problems = validate_defendant(DefendantDraft(label=label), [])
    assert "label" in problem_fields(problems), f"{label!r} was accepted"


@given(label=initials, charge=st.sampled_from(("", "s.2 MSA 2015 arranging travel", "s.1 MSA")))
def test_initials_and_pseudonyms_are_accepted(label: str, charge: str) -> None:
    assert validate_defendant(DefendantDraft(label=label, charges=(charge,)), []) == []


@given(length=st.integers(1, 40), unit=st.sampled_from(("D", "7", "é", "ß", "Д")))
def test_a_label_is_at_most_20_characters(length: int, unit: str) -> None:
    problems = validate_defendant(DefendantDraft(label=unit * length), [])
    too_long = [p for p in problems if "characters" in p.message]
    assert bool(too_long) == (length > MAX_LABEL)


@given(label=initials, spacing=st.sampled_from(("", " ", "  ", "\t")))
def test_two_defendants_cannot_share_a_label(label: str, spacing: str) -> None:
    again = f"{spacing}{label.lower()}{spacing}"
    assert "label" in problem_fields(validate_defendant(DefendantDraft(again), [label]))


@given(count=st.integers(0, MAX_CHARGES + 3), length=st.integers(1, MAX_CHARGE + 3))
def test_charges_are_few_and_short(count: int, length: int) -> None:
    problems = validate_defendant(DefendantDraft("AB", ("c" * length,) * count), [])
    assert bool(problems) == (count > MAX_CHARGES or (count > 0 and length > MAX_CHARGE))


@given(outcome=st.sampled_from(DefendantOutcome), months=optional(integers()))
def test_only_a_conviction_has_a_sentence_of_0_to_1200_months(
    outcome: DefendantOutcome, months: int | None
) -> None:
    problems = assert_deterministic(lambda: validate_outcome(outcome, months))
    assert_clear_problems(problems, {"sentence_months"})
    allowed = months is None or (
        outcome is DefendantOutcome.CONVICTED and 0 <= months <= MAX_SENTENCE_MONTHS
    )
    assert (problems == []) == allowed


@given(role=survivor_roles())
def test_any_survivor_role_gets_clear_problems_or_none(role: SurvivorRoleDTO) -> None:
    problems = assert_deterministic(lambda: validate_role(role, TODAY))
    assert_clear_problems(problems, field_names(SurvivorRoleDTO))
    if role.victim_personal_statement and role.vps_on is not None:
        assert (problems == []) == (role.vps_on <= TODAY)


@given(measure=special_measures())
def test_any_special_measure_gets_clear_problems_or_none(measure: SpecialMeasureDTO) -> None:
    problems = assert_deterministic(lambda: validate_special_measure(measure, TODAY))
    assert_clear_problems(problems, field_names(SpecialMeasureDTO))
    if measure.granted is not None and measure.decided_on is not None:
        in_order = measure.requested_on <= measure.decided_on <= TODAY
        assert ("decided_on" in problem_fields(problems)) == (not in_order)


@given(
    kind=st.sampled_from(CourtEventKind),
    reason=marked(texts()) | texts(),
    actual_on=optional(dates()),
)
def test_any_court_event_gets_clear_problems_or_none(
    kind: CourtEventKind, reason: str, actual_on: date | None
) -> None:
    problems = assert_deterministic(lambda: validate_event(kind, reason, actual_on, TODAY))
    assert_clear_problems(problems, {"reason", "actual_on"})
    assert ("actual_on" in problem_fields(problems)) == (
        actual_on is not None and actual_on > TODAY
    )
    assert validate_actual(actual_on, TODAY) == [p for p in problems if p.field == "actual_on"]


@given(current=dates(), new_date=dates(), reason=marked(texts()) | texts(), happened=st.booleans())
def test_any_reschedule_gets_clear_problems_or_none(
    current: date, new_date: date, reason: str, happened: bool
) -> None:
    problems = assert_deterministic(
        lambda: validate_reschedule(current, new_date, reason, happened)
    )
    assert_clear_problems(problems, {"scheduled_for", "reason"})
    fine = not happened and new_date != current and 0 < len(reason.strip()) <= MAX_REASON
    assert (problems == []) == fine


def test_a_full_name_with_decomposed_accents_or_invisible_marks_is_refused() -> None:
    """Regression: "Hoa Nguyễn" typed with decomposed accents (as macOS sends them), and
    "Anna Nowak" pasted with a trailing right-to-left mark, were accepted as defendant labels:
    the accent marks and the invisible mark made the words not count as letters."""
    for label in (
        unicodedata.normalize("NFD", "Hoa Nguyễn"),
        unicodedata.normalize("NFD", "Zoë Müller"),
        "Anna Nowak\u200f",
        "Anna\u00ad Nowak",
    ):
        problems = validate_defendant(DefendantDraft(label=label), [])
        assert [p.field for p in problems] == ["label"], label
        assert "full name" in problems[0].message
    assert validate_defendant(DefendantDraft(label="A.N.\u200f"), []) == []
