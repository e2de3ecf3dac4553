"""Synthetic cases: status and engagement histories, the case row, its notes and search row.

Support cases have a survivor (``people``); strategic advice cases, about an investigation,
have nobody.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import lru_cache

from models import search_index
from models.demo.assessments import Assessments
from models.demo.budget import Budget
from models.demo.consents import add_consents
from models.demo.court import Courts
from models.demo.fill import Fill
from models.demo.notes import contact_notes
from models.demo.nrm import Nrm
from models.demo.people import add_person
from models.demo.plans import Plans
from models.demo.randomness import between, dates, pick
from models.demo.rows import TIMES, Rows, iso_day
from models.demo.vocabulary import EXPLOITATION_STORIES, OPERATION_WORDS, STRATEGIC_STORIES
from models.enums import (
    CaseKind,
    CaseStatus,
    ContactKind,
    ExploitationType,
    PoliceEngagement,
    ReferralSource,
)
from models.rules.search_terms import fold

# Cases opened over roughly the three years before "today", a little denser recently.
SPAN_DAYS = 3 * 365
STRATEGIC_SHARE = 0.15


def opening_plan(rng: random.Random, today: date, cases: int) -> list[tuple[date, int, bool]]:
    """Each case's opening date, in date order, and whether it is a strategic advice case."""
    return sorted(
        (today - timedelta(days=int(SPAN_DAYS * rng.random() ** 1.25)), i,
         rng.random() < STRATEGIC_SHARE)
        for i in range(cases)
    )  # fmt: skip


def _by_date(notes: list[tuple[date, ContactKind, str]], more: list[tuple[date, str]]) -> list[str]:
    """Note texts in the order the search reindex reads them: by date, then as inserted."""
    if not more:
        return [note for *_, note in notes]
    merged = [(day, note) for day, _, note in notes] + more
    return [note for _, note in sorted(merged, key=lambda entry: entry[0])]


def add_case(
    fill: Fill,
    case_id: int,
    person_id: int | None,
    reference: str,
    opened: date,
    rows: Rows,
    plans: Plans | None = None,
    assessments: Assessments | None = None,
    budget: Budget | None = None,
    nrm: Nrm | None = None,
    courts: Courts | None = None,
) -> None:
    """Add one case's rows (and its survivor's, unless ``person_id`` is None) to ``rows``, with
    the survivor's support plan if ``plans`` is given."""
    rng = fill.rng
    today = fill.today
    iso = fill.iso
    fill.at = at = " " + pick(rng, TIMES)
    strategic = person_id is None
    age_days = (today - opened).days

    # Status, closing date and the status history that leads to them.
    closed_share = 0.1 + 0.75 * age_days / SPAN_DAYS if strategic else 0.55 * age_days / SPAN_DAYS
    if (age_days < 30 and rng.random() < 0.55) or (age_days < 120 and rng.random() < 0.1):
        status = CaseStatus.REFERRED
    elif age_days >= 14 and rng.random() < closed_share:
        status = CaseStatus.CLOSED
    elif rng.random() < 0.08:
        status = CaseStatus.ON_HOLD
    else:
        status = CaseStatus.ACTIVE
    closed_on: date | None = None
    end = today
    if status is CaseStatus.CLOSED:
        closed_on = opened + timedelta(days=max(7, int(age_days * rng.uniform(0.15, 1.0))))
        closed_on = end = min(closed_on, today)
    history = _status_history(rng, status, opened, end)

    # Survivor, referral and force.
    person = None if person_id is None else add_person(fill, person_id, reference, opened, rows)
    referrals = fill.strategic_referrals if strategic else fill.support_referrals
    referral: ReferralSource = referrals.pick(rng)
    forces = fill.port_forces if referral is ReferralSource.BORDER_FORCE else fill.forces
    force: str = forces.pick(rng)

    # Police engagement is the survivor's choice: a strategic advice case has nobody to ask.
    if strategic:
        engagements = [(PoliceEngagement.NOT_YET_ASKED, opened)]
    else:
        engagements = _engagement_history(fill, status, referral, opened, end)
    engaged_on = next((d for e, d in engagements if e is PoliceEngagement.ENGAGED), None)

    # Exploitation, organised immigration crime, operation and crime reference.
    if person is None:
        picker = fill.strategic_exploitation
    else:
        picker = fill.group_exploitation[person.group.key]
    types: set[ExploitationType] = {picker.pick(rng)}
    if rng.random() < (0.25 if strategic else 0.15):
        types.add(picker.pick(rng))
    oic = rng.random() < (0.55 if person is None else person.group.oic)
    operation = ""
    if strategic or rng.random() < 0.3:
        operation = f"Operation {pick(rng, OPERATION_WORDS)}"
    crime_reference = ""
    if (strategic or engaged_on is not None) and rng.random() < 0.85:
        initials = "".join(w[0] for w in force.replace("-", " ").split() if w[0].isupper())
        number = int(rng.random() * 1_000_000)
        crime_reference = f"{initials}/{number:06d}/{opened.year % 100:02d}"
    if person is None:
        summary = pick(rng, STRATEGIC_STORIES)
    else:
        summary = pick(rng, EXPLOITATION_STORIES[min(types)])
        if oic:
            summary = f"{summary} {fill.routes.pick(rng)}"

    # A case on hold has gone quiet: its notes stop when it was put on hold.
    notes_end = history[-1][1] if status is CaseStatus.ON_HOLD else end
    police_referral = referral in (ReferralSource.POLICE_FORCE, ReferralSource.BORDER_FORCE)
    notes = contact_notes(
        rng, person, police_referral, operation, force, opened, notes_end, engaged_on, closed_on
    )
    created = iso[opened] + at
    last_day = max(history[-1][1], engagements[-1][1], notes[-1][0])
    user = fill.user
    rows.tables["case"].append(
        (
            case_id,
            reference,
            CaseKind.STRATEGIC_ADVICE if strategic else CaseKind.SUPPORT_PLAN,
            person_id,
            operation if strategic else "",
            user,
            status,
            iso[opened],
            iso_day(closed_on),
            referral,
            force,
            operation,
            crime_reference,
            oic,
            engagements[-1][0],
            summary,
            1,
            created,
            iso[last_day] + at,
        )
    )
    rows.tables["case_exploitation"].extend((case_id, t) for t in sorted(types))
    rows.tables["case_status_change"].extend(
        (case_id, s, iso[d], iso[d] + at, user) for s, d in history
    )
    rows.tables["engagement_change"].extend(
        (case_id, e, iso[d], iso[d] + at, user) for e, d in engagements
    )
    contact_rows = rows.tables["contact_log_entry"]
    for day, kind, note in notes:
        stored = iso[day]
        contact_rows.append((case_id, stored, kind, note, user, 1, stored + at, stored + at))
    if person_id is not None:
        court_days = [day for day, kind, _ in notes if kind is ContactKind.COURT]
        add_consents(fill, person_id, engagements, court_days, opened, end, rows)
    if plans is not None and person is not None:
        plans.add(case_id, status, history, opened, notes_end, person, rows)
    referral_notes: list[tuple[date, str]] = []
    if assessments is not None and person is not None:
        referral_notes = assessments.add(case_id, status, opened, notes_end, person, rows)
    if budget is not None and person is not None:
        budget.add(case_id, status, opened, notes_end, rows)
    if nrm is not None and person is not None:
        nrm.add(case_id, status, opened, notes_end, rows)
    if courts is not None and person is not None:
        engaged = engaged_on if engagements[-1][0] is PoliceEngagement.ENGAGED else None
        courts.add(case_id, status, engaged, force, operation, rows)

    # The search row: the same texts as cases.reindex_case, folded as index_case does.
    references = [reference, operation, crime_reference]
    names = [operation if strategic else ""]
    if person is not None:
        references.append(reference)  # the survivor's reference is the case's
        names += [person.given_names, person.family_name, person.known_as]
    reference_text, names_text, notes_text = search_index.case_search_text(
        references, names, _by_date(notes, referral_notes)
    )
    rows.search.append(
        {
            "id": case_id,
            "reference": reference_text,
            "names": _fold(names_text),
            "notes": "\n".join(_fold(line) for line in notes_text.split("\n")),
        }
    )


def _status_history(
    rng: random.Random, status: CaseStatus, opened: date, end: date
) -> list[tuple[CaseStatus, date]]:
    if status is CaseStatus.REFERRED:
        return [(CaseStatus.REFERRED, opened)]
    history = [(CaseStatus.REFERRED, opened)] if rng.random() < 0.7 else []
    start = opened
    if history:
        start = between(rng, opened, min(end, opened + timedelta(days=21)))
    history.append((CaseStatus.ACTIVE, start))
    if status is CaseStatus.ON_HOLD:
        history.append((CaseStatus.ON_HOLD, between(rng, start, end)))
    elif status is CaseStatus.CLOSED:
        if rng.random() < 0.15:
            history.append((CaseStatus.ON_HOLD, between(rng, start, end)))
        history.append((CaseStatus.CLOSED, end))
    elif rng.random() < 0.1:
        paused, resumed = dates(rng, start, end, 2)
        history += [(CaseStatus.ON_HOLD, paused), (CaseStatus.ACTIVE, resumed)]
    return history


def _engagement_history(
    fill: Fill, status: CaseStatus, referral: ReferralSource, opened: date, end: date
) -> list[tuple[PoliceEngagement, date]]:
    rng = fill.rng
    history = [(PoliceEngagement.NOT_YET_ASKED, opened)]
    if status is CaseStatus.REFERRED:
        if rng.random() < 0.3:
            history.append((PoliceEngagement.CONSIDERING, between(rng, opened, end)))
        return history
    final: PoliceEngagement = fill.final_engagement.pick(rng)
    police_referral = referral in (ReferralSource.POLICE_FORCE, ReferralSource.BORDER_FORCE)
    if final is PoliceEngagement.ENGAGED and police_referral and rng.random() < 0.5:
        return [(PoliceEngagement.ENGAGED, opened)]
    steps: list[PoliceEngagement] = []
    if final in (PoliceEngagement.ENGAGED, PoliceEngagement.DECLINED):
        r = rng.random()
        if final is PoliceEngagement.ENGAGED and r < 0.05:
            steps.append(PoliceEngagement.DECLINED)  # changed their mind later
        elif r < 0.45:
            steps.append(PoliceEngagement.CONSIDERING)
        steps.append(final)
    elif final is PoliceEngagement.CONSIDERING:
        steps.append(final)
    else:
        steps.append(PoliceEngagement.ENGAGED)
    # Most decisions come within the first weeks; a withdrawal can come much later.
    decided_by = min(end, opened + timedelta(days=90))
    history += zip(steps, dates(rng, opened, decided_by, len(steps)), strict=True)
    if final is PoliceEngagement.WITHDRAWN:
        history.append((final, between(rng, history[-1][1], end)))
    return history


_fold_word = lru_cache(maxsize=1 << 16)(fold)


def _fold(value: str) -> str:
    """``fold``, a word at a time with a cache: the same result, much faster.

    Folding works character by character (NFKD never reorders marks across a space), so
    folding each space-separated word and joining them again gives exactly ``fold(value)``.
    """
    if value.isascii():
        return value
    return " ".join(map(_fold_word, value.split(" ")))
