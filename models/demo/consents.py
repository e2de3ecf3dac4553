"""Consent records for a survivor, following their police engagement and court dates."""

from __future__ import annotations

from datetime import date

from models.demo.fill import Fill
from models.demo.randomness import between
from models.demo.rows import Rows, iso_day, json_text
from models.enums import ConsentRecipient, ConsentScope, ConsentState, PoliceEngagement


def add_consents(
    fill: Fill,
    person_id: int,
    engagements: list[tuple[PoliceEngagement, date]],
    court_days: list[date],
    opened: date,
    end: date,
    rows: Rows,
) -> None:
    rng = fill.rng
    engaged_on = next((d for e, d in engagements if e is PoliceEngagement.ENGAGED), None)
    final, final_on = engagements[-1]
    if engaged_on is not None and rng.random() < 0.92:
        scope = {ConsentScope.IDENTITY, ConsentScope.CONTACT_DETAILS}
        scope.add(ConsentScope.SUPPORT_SUMMARY)
        if rng.random() < 0.6:
            scope.add(ConsentScope.NRM_STATUS)
        if court_days or rng.random() < 0.3:
            scope.add(ConsentScope.COURT_SUPPORT_NEEDS)
        # Police partners value recovery summaries: most survivors who engage let them go.
        if rng.random() < 0.6:
            scope.add(ConsentScope.RECOVERY_SCORES)
        withdrawn = final_on if final is PoliceEngagement.WITHDRAWN else None
        _consent(fill, rows, person_id, ConsentRecipient.POLICE, engaged_on, withdrawn, scope)
    if court_days and rng.random() < 0.8:
        given = between(rng, engaged_on or opened, court_days[0])
        scope = {ConsentScope.IDENTITY, ConsentScope.COURT_SUPPORT_NEEDS}
        _consent(fill, rows, person_id, ConsentRecipient.CPS, given, None, scope)
    if (end - opened).days >= 14 and rng.random() < 0.35:
        scope = {ConsentScope.SUPPORT_SUMMARY, ConsentScope.RECOVERY_SCORES}
        if rng.random() < 0.5:
            scope.add(ConsentScope.CONTACT_DETAILS)
        given = between(rng, opened, end)
        _consent(fill, rows, person_id, ConsentRecipient.OTHER_NGO, given, None, scope)
    # Someone who will not talk to the police may still let intelligence go anonymously.
    not_engaging = final in (PoliceEngagement.DECLINED, PoliceEngagement.CONSIDERING)
    if not_engaging and rng.random() < 0.15:
        scope = {ConsentScope.SUPPORT_SUMMARY}
        given = between(rng, final_on, end)
        recipient = ConsentRecipient.ANONYMOUS_REPORTING
        _consent(fill, rows, person_id, recipient, given, None, scope)


def _scope(fill: Fill, scope: set[ConsentScope]) -> str:
    key = frozenset(scope)
    stored = fill.scopes.get(key)
    if stored is None:
        stored = fill.scopes[key] = json_text(sorted(s.value for s in scope))
    return stored


def _consent(
    fill: Fill,
    rows: Rows,
    person_id: int,
    recipient: ConsentRecipient,
    given_on: date,
    withdrawn_on: date | None,
    scope: set[ConsentScope],
) -> None:
    created = fill.iso[given_on] + fill.at
    updated = created if withdrawn_on is None else fill.iso[withdrawn_on] + fill.at
    state = ConsentState.GIVEN if withdrawn_on is None else ConsentState.WITHDRAWN
    rows.tables["consent"].append(
        (
            person_id,
            recipient,
            state,
            fill.iso[given_on],
            iso_day(withdrawn_on),
            _scope(fill, scope),
            fill.user,
            1,
            created,
            updated,
        )
    )
