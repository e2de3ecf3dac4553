"""Checks on what a navigator records about a criminal case. Pure; messages never repeat what
was typed (a defendant's label or a charge must not reach a log).

Criminal-offence data is kept to the minimum the survivor's support needs:

- a defendant is recorded by initials or a pseudonym only, at most ``MAX_LABEL`` characters. A
  label that reads like a full name is refused: two or more words of two or more letters that
  are not all capitals of three letters or fewer ("Anna Nowak" and "Anna NOWAK" are refused;
  "AN", "A.N.", "Defendant 2", "Defendant AB" and "D1" are fine). A pseudonym of two words
  ("Male One") is refused by the same test: use a letter or a number;
- a charge is a few words ("s.2 MSA 2015 arranging travel"), at most ``MAX_CHARGE``
  characters, and a defendant has at most ``MAX_CHARGES`` of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from models.dto import CourtCaseDraft, DefendantDraft, SpecialMeasureDTO, SurvivorRoleDTO
from models.enums import CourtEventKind, DefendantOutcome
from models.errors import FieldProblem

MAX_LABEL = 20
MAX_CHARGE = 120
MAX_CHARGES = 20
MAX_REASON = 200
MAX_SENTENCE_MONTHS = 1200  # a hundred years: beyond it, a typing slip
_TEXT_LIMITS = {
    "court_name": ("The court's name", 120),
    "police_force": ("The police force", 100),
    "operation": ("The operation name", 100),
    "cps_reference": ("The CPS reference", 40),
}
_NAME_PUNCTUATION = str.maketrans("", "", "-.'\N{RIGHT SINGLE QUOTATION MARK}")
# Accents typed as separate marks (decomposed, as macOS sends them) and invisible marks pasted
# with a name (right-to-left marks, zero-width spaces, soft hyphens): not letters, but they must
# not stop a word reading as a name.
_MARKS_AND_INVISIBLES = frozenset({"Mn", "Mc", "Me", "Cf"})


def _name_like(word: str) -> bool:
    letters = "".join(
        ch
        for ch in word.translate(_NAME_PUNCTUATION)
        if unicodedata.category(ch) not in _MARKS_AND_INVISIBLES
    )
    if len(letters) < 2 or not letters.isalpha():
        return False
    return not (letters.isupper() and len(letters) <= 3)


def looks_like_full_name(label: str) -> bool:
    """Two or more words that read like a given name and a family name."""
    return sum(1 for word in label.split() if _name_like(word)) >= 2


def clean_charges(charges: Iterable[str]) -> tuple[str, ...]:
    return tuple(" ".join(c.split()) for c in charges if c.strip())


def validate_court_case(draft: CourtCaseDraft) -> list[FieldProblem]:
    problems = []
    for field, (what, limit) in _TEXT_LIMITS.items():
        if len(getattr(draft, field).strip()) > limit:
            problems.append(FieldProblem(field, f"{what} is too long ({limit} max)."))
    if not (draft.court_name.strip() or draft.cps_reference.strip() or draft.operation.strip()):
        problems.append(
            FieldProblem(
                "court_name", "Enter the court, the CPS reference or the operation's name."
            )
        )
    return problems


def validate_defendant(draft: DefendantDraft, other_labels: Iterable[str]) -> list[FieldProblem]:
    """``other_labels``: the labels of the court case's other defendants."""
    problems = []
    label = " ".join(draft.label.split())
    if not label:
        problems.append(FieldProblem("label", "Enter the defendant's initials or a pseudonym."))
    elif len(label) > MAX_LABEL:
        problems.append(
            FieldProblem(
                "label", f"Use initials or a short pseudonym ({MAX_LABEL} characters at most)."
            )
        )
    elif looks_like_full_name(label):
        problems.append(
            FieldProblem(
                "label",
                "This reads like a full name. Record a defendant by initials or a pseudonym "
                "only (for example AB or Defendant 2).",
            )
        )
    if label and label.casefold() in {other.casefold() for other in other_labels}:
        problems.append(FieldProblem("label", "Another defendant in this case has that label."))
    charges = clean_charges(draft.charges)
    if len(charges) > MAX_CHARGES:
        problems.append(FieldProblem("charges", f"At most {MAX_CHARGES} charges per defendant."))
    if any(len(charge) > MAX_CHARGE for charge in charges):
        problems.append(
            FieldProblem("charges", f"Keep each charge short ({MAX_CHARGE} characters at most).")
        )
    return problems


def validate_outcome(outcome: DefendantOutcome, sentence_months: int | None) -> list[FieldProblem]:
    if sentence_months is None:
        return []
    if outcome is not DefendantOutcome.CONVICTED:
        return [FieldProblem("sentence_months", "Only a defendant convicted has a sentence.")]
    if not 0 <= sentence_months <= MAX_SENTENCE_MONTHS:
        return [
            FieldProblem(
                "sentence_months",
                f"The sentence is a number of months from 0 to {MAX_SENTENCE_MONTHS}.",
            )
        ]
    return []


def validate_role(role: SurvivorRoleDTO, today: date) -> list[FieldProblem]:
    if not role.victim_personal_statement:
        if role.vps_on is not None:
            return [FieldProblem("vps_on", "Clear the date: no personal statement is recorded.")]
        return []
    if role.vps_on is None:
        return [FieldProblem("vps_on", "Enter the day the victim personal statement was made.")]
    if role.vps_on > today:
        return [FieldProblem("vps_on", "The statement's date cannot be in the future.")]
    return []


def validate_special_measure(measure: SpecialMeasureDTO, today: date) -> list[FieldProblem]:
    problems = []
    if measure.requested_on > today:
        problems.append(FieldProblem("requested_on", "The request date cannot be in the future."))
    if measure.granted is None:
        if measure.decided_on is not None:
            problems.append(
                FieldProblem("decided_on", "Clear the decision date: the court has not decided.")
            )
        return problems
    if measure.decided_on is None:
        problems.append(FieldProblem("decided_on", "Enter the day the court decided."))
    elif measure.decided_on < measure.requested_on:
        problems.append(FieldProblem("decided_on", "The decision cannot be before the request."))
    elif measure.decided_on > today:
        problems.append(FieldProblem("decided_on", "The decision date cannot be in the future."))
    return problems


def validate_event(
    kind: CourtEventKind, reason: str, actual_on: date | None, today: date
) -> list[FieldProblem]:
    problems = []
    if kind is CourtEventKind.ADJOURNMENT and not reason.strip():
        problems.append(FieldProblem("reason", "Say why the hearing was adjourned."))
    problems += _reason_length(reason)
    problems += validate_actual(actual_on, today)
    return problems


def validate_actual(actual_on: date | None, today: date) -> list[FieldProblem]:
    if actual_on is not None and actual_on > today:
        return [FieldProblem("actual_on", "An event cannot have happened on a day still to come.")]
    return []


def validate_reschedule(
    current: date, new_date: date, reason: str, happened: bool
) -> list[FieldProblem]:
    problems = []
    if happened:
        problems.append(
            FieldProblem("scheduled_for", "This event has happened: it cannot be moved.")
        )
    if new_date == current:
        problems.append(FieldProblem("scheduled_for", "The event is already on that date."))
    if not reason.strip():
        problems.append(FieldProblem("reason", "Say why the date changed."))
    problems += _reason_length(reason)
    return problems


def _reason_length(reason: str) -> list[FieldProblem]:
    if len(reason.strip()) > MAX_REASON:
        return [FieldProblem("reason", f"Keep the reason short ({MAX_REASON} characters at most).")]
    return []
