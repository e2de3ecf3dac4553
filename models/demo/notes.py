"""Contact log notes: the templates a navigator's notes are drawn from, and a case's dated log."""

from __future__ import annotations

import random
from datetime import date, timedelta

from models.demo.people import PersonFacts
from models.demo.randomness import between, dates, pick, sample
from models.demo.vocabulary import OPERATION_PLACES, PORTS
from models.enums import ContactKind

# Contact note templates. {name}: how the survivor is addressed; {via}: " (Albanian interpreter)"
# or ""; {force}, {op}, {place}, {port}: the case's force and operation, and places.
Template = tuple[ContactKind, str]
SUPPORT_INTAKE: tuple[Template, ...] = (
    (ContactKind.MEETING, "First meeting with {name}{via}. Explained the navigator's role and "
     "that support does not depend on talking to the police. Immediate needs: clothes, phone."),
    (ContactKind.VISIT, "Initial visit to {name} at emergency accommodation{via}. Agreed a "
     "support plan; first recovery assessment booked."),
)  # fmt: skip
POLICE_INTAKE: Template = (
    ContactKind.PHONE_CALL,
    "Referral call from {force}; spoke to {name}{via} the same day and arranged to meet tomorrow.",
)
SUPPORT_NOTES: tuple[Template, ...] = (
    (ContactKind.VISIT, "Home visit to {name}. Discussed recovery goals; {name} says sleep is "
     "better. Food voucher bought from the flexible budget."),
    (ContactKind.VISIT, "Visited {name}{via}. Reviewed the support plan; GP registration still "
     "outstanding, will chase the surgery."),
    (ContactKind.VISIT, "Went with {name} to a GP appointment. Referral made to talking "
     "therapies."),
    (ContactKind.VISIT, "Visit to safe accommodation. {name} worried about immigration status; "
     "went through the NRM process again."),
    (ContactKind.VISIT, "Dropped off clothing and a mobile phone (flexible budget). {name} "
     "settled but isolated; signposted to English classes nearby."),
    (ContactKind.VISIT, "Recovery assessment with {name}{via} across the six domains. Safety and "
     "legal status still score lowest."),
    (ContactKind.PHONE_CALL, "Call with {name}{via}. Checked in after the move to new "
     "accommodation; no concerns raised."),
    (ContactKind.PHONE_CALL, "{name} called, upset after a message from someone linked to the "
     "exploiters. Safety plan reviewed; officer in the case told, with consent."),
    (ContactKind.PHONE_CALL, "Called the solicitor about a legal aid appointment for {name}. "
     "Appointment booked for next week."),
    (ContactKind.PHONE_CALL, "Returned a missed call from {name}{via}: needed help reading a "
     "letter from the Home Office."),
    (ContactKind.PHONE_CALL, "Update from the officer in the case ({force}): suspects still on "
     "bail. Will tell {name} at the next visit."),
    (ContactKind.MEETING, "Multi-agency meeting with {force}, the local authority and the "
     "support provider about {name}'s accommodation."),
    (ContactKind.MEETING, "Met {name}{via} and the officer in the case together to explain how "
     "a video-recorded interview works."),
    (ContactKind.MEETING, "Safeguarding strategy meeting with {force}; plan for {name} agreed."),
    (ContactKind.MESSAGE, "Text to {name} confirming Thursday's appointment."),
    (ContactKind.OTHER, "Wrote to the housing team supporting {name}'s request for a transfer "
     "(damp flat, ground floor, triggering for PTSD)."),
)  # fmt: skip
# The NRM's two decisions: Reasonable Grounds early on, Conclusive Grounds months later.
NRM_FIRST_DAYS = 90
NRM_CONCLUSIVE_AFTER_DAYS = 200
REASONABLE_GROUNDS: Template = (
    ContactKind.MESSAGE,
    "{name} messaged: Reasonable Grounds decision is positive. Recovery period now running.",
)
CONCLUSIVE_GROUNDS: Template = (
    ContactKind.OTHER,
    "Conclusive Grounds decision received for {name}: positive. Next steps discussed at the "
    "following visit.",
)
# Court notes in the order a case goes through court; the first can come only this long after
# the survivor started engaging with the police.
COURT_AFTER_DAYS = 120
COURT_NOTES: tuple[Template, ...] = (
    (ContactKind.COURT, "Attended the Plea and Trial Preparation Hearing; trial date fixed. "
     "Explained it to {name}{via}."),
    (ContactKind.COURT, "Court familiarisation visit with {name}{via} before the trial; special "
     "measures (screens) confirmed by witness care."),
    (ContactKind.COURT, "Supported {name} while giving evidence; trial continues next week."),
    (ContactKind.COURT, "Sentencing hearing attended. Explained the outcome to {name}{via}."),
)  # fmt: skip
SUPPORT_CLOSING: tuple[Template, ...] = (
    (ContactKind.MEETING, "Closing meeting with {name}{via}. Recovery goals met; moving on to "
     "independent accommodation. Told how to get back in touch."),
    (ContactKind.PHONE_CALL, "Final call with {name}: safe return home arranged with the "
     "partner organisation there. Case closed."),
    (ContactKind.OTHER, "No contact from {name} for three months despite calls and letters. "
     "Case closed; can be reopened at any time."),
)  # fmt: skip
STRATEGIC_NOTES: tuple[Template, ...] = (
    (ContactKind.MEETING, "Advised the SIO on a victim engagement strategy for {op}."),
    (ContactKind.MEETING, "Day of action ({op}) at {place}: spoke with potential victims "
     "alongside {force} officers."),
    (ContactKind.MEETING, "Briefed the {force} investigation team on indicators of "
     "exploitation and on NRM referrals."),
    (ContactKind.OTHER, "Reviewed the case file for {op}; suggested lines of enquiry linking "
     "to another force's investigation."),
    (ContactKind.VISIT, "Joined a Border Force operation at {port}; welfare conversations with "
     "arrivals."),
    (ContactKind.PHONE_CALL, "Call with the officer in the case about NRM referrals for people "
     "identified in {op}."),
    (ContactKind.MESSAGE, "Sent {force} the local support services list for {op}."),
)  # fmt: skip
# A case opened recently has had time for fewer notes: one more for each fortnight open.
MAX_NOTES = 8
NOTE_EVERY_DAYS = 14


def contact_notes(
    rng: random.Random,
    person: PersonFacts | None,
    police_referral: bool,
    operation: str,
    force: str,
    opened: date,
    end: date,
    engaged_on: date | None,
    closed_on: date | None,
) -> list[tuple[date, ContactKind, str]]:
    """Two to eight dated notes from the opening to ``end``, oldest first.

    A survivor's log starts with an intake note within a fortnight and, for a closed case,
    ends with a closing note on the closing date; NRM decisions and court hearings come in
    their real order. No note repeats within a case.
    """
    values = {
        "force": force,
        "op": operation,
        "place": pick(rng, OPERATION_PLACES),
        "port": pick(rng, PORTS),
        "name": "",
        "via": "",
    }
    count = rng.randint(2, min(MAX_NOTES, 2 + (end - opened).days // NOTE_EVERY_DAYS))
    if person is None:
        count = min(count, len(STRATEGIC_NOTES))
        days = dates(rng, opened, end, count)
        chosen = sample(rng, STRATEGIC_NOTES, count)
        return [(d, k, t.format_map(values)) for d, (k, t) in zip(days, chosen, strict=True)]

    values["name"] = person.address_as
    if person.interpreter:
        values["via"] = f" ({person.interpreter} interpreter)"
    first = between(rng, opened, min(end, opened + timedelta(days=NOTE_EVERY_DAYS)))
    intake = pick(rng, (*SUPPORT_INTAKE, POLICE_INTAKE) if police_referral else SUPPORT_INTAKE)
    plan: list[tuple[date, Template]] = [(first, intake)]
    middle = count - 1 - (closed_on is not None)
    generic = sample(rng, SUPPORT_NOTES, middle)
    court = list(COURT_NOTES)
    court_from = None if engaged_on is None else engaged_on + timedelta(days=COURT_AFTER_DAYS)
    reasonable_by = opened + timedelta(days=NRM_FIRST_DAYS)
    conclusive_from = opened + timedelta(days=NRM_CONCLUSIVE_AFTER_DAYS)
    nrm = [REASONABLE_GROUNDS, CONCLUSIVE_GROUNDS]
    for day in dates(rng, first, end, middle):
        if court_from is not None and day >= court_from and court and rng.random() < 0.35:
            template = court.pop(0)
        elif nrm and nrm[0] is REASONABLE_GROUNDS and day <= reasonable_by:
            template = nrm.pop(0) if rng.random() < 0.3 else generic.pop()
        elif nrm and day >= conclusive_from and rng.random() < 0.2:
            template = nrm.pop()
            nrm.clear()
        else:
            template = generic.pop()
        plan.append((day, template))
    if closed_on is not None:
        plan.append((closed_on, pick(rng, SUPPORT_CLOSING)))
    return [(day, kind, text.format_map(values)) for day, (kind, text) in plan]
