"""`waypost agenda` and `waypost export calendar`, run in a subprocess on a demo vault with a
case that has one dated item of each kind, and personal data that must never reach the .ics."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from desktop.session import unlock_session
from models.dto import (
    CaseFields,
    CourtCaseDraft,
    DefendantDraft,
    NewCase,
    NrmDraft,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
)
from models.entities import AuditEntry
from models.enums import (
    AuditAction,
    CaseKind,
    CourtEventKind,
    NrmDecision,
    RecoveryDomain,
    ReferralSource,
)

from .conftest import GOOD_PASSPHRASE, Waypost

# The subprocess uses the computer's date, so everything is relative to it.
TODAY = date.today()
GIVEN, FAMILY, KNOWN_AS = "Zofiyanka", "Quillbrecht", "Zozo"
ADDRESS = "14 Marigold Terrace, Hexford"
ACTION = "Ask Zofiyanka's cousin Teodor about the tenancy"
COURT = "Wrexley Crown Court"
DEFENDANT = "AB"
SECRETS = (GIVEN, FAMILY, KNOWN_AS, ADDRESS, "Marigold", "Teodor", ACTION, COURT, "Wrexley")


def _session(folder: Path):
    return unlock_session(folder, GOOD_PASSPHRASE, user="navigator.one", today=lambda: TODAY)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("agenda")
    (root / "home").mkdir()
    waypost = Waypost(root, root / "keyring.json")
    folder = root / "vault"
    made = waypost.run("demo", "--vault", str(folder), "--cases", "5", "--seed", "3")
    assert made.code == 0, made.err
    session = _session(folder)
    try:
        services = session.services
        case = services.create_case(
            NewCase(
                fields=CaseFields(
                    kind=CaseKind.SUPPORT_PLAN,
                    opened_on=TODAY - timedelta(days=40),  # no intake yet: overdue
                    referral_source=ReferralSource.NGO,
                ),
                person=PersonFields(
                    given_names=GIVEN, family_name=FAMILY, known_as=KNOWN_AS, safe_address=ADDRESS
                ),
            )
        )
        draft = services.start_plan_draft(case.id)
        content = PlanDraftDTO(
            goals=(
                PlanGoalDTO(
                    domain=RecoveryDomain.LEGAL_STATUS,
                    survivor_words="I want a home",
                    review_date=TODAY + timedelta(days=20),  # later
                    actions=(PlanActionDTO(ACTION, "Navigator", TODAY + timedelta(days=3)),),
                ),
            )
        )
        saved = services.save_plan_draft(draft.id, draft.version, content)
        services.agree_plan(saved.id, saved.version, TODAY - timedelta(days=1), True)
        nrm_record = services.save_nrm(
            case.id,
            NrmDraft(
                referred_on=TODAY - timedelta(days=30),
                consent_given=True,
                consent_on=TODAY - timedelta(days=30),
                rg_decided_on=TODAY - timedelta(days=20),
                rg_decision=NrmDecision.POSITIVE,
            ),
        )
        court_case = services.create_court_case(CourtCaseDraft(court_name=COURT), [case.id])
        services.add_defendant(court_case.id, DefendantDraft(DEFENDANT))
        services.add_court_event(
            court_case.id, CourtEventKind.TRIAL_START, TODAY + timedelta(days=5)
        )
        items = [
            i for i in services.agenda_items(TODAY + timedelta(days=30)) if i.case_id == case.id
        ]
    finally:
        session.close()
    nrm_dates = [d.due_on for d in items if d.kind.value == "nrm_deadline"]
    assert nrm_record is not None and nrm_dates, "the NRM record gives no upcoming date"
    return {
        "waypost": waypost,
        "folder": folder,
        "root": root,
        "reference": case.reference,
        "nrm_due": nrm_dates[0],
    }


def _exports(folder: Path) -> int:
    session = _session(folder)
    try:
        with session.services.ctx.store.read_session() as db:
            return int(
                db.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(
                        AuditEntry.action == AuditAction.EXPORT,
                        AuditEntry.entity_type == "calendar",
                    )
                )
                or 0
            )
    finally:
        session.close()


def test_export_calendar_has_the_dates_and_no_personal_data(vault: dict[str, object]) -> None:
    waypost, folder, root = vault["waypost"], vault["folder"], vault["root"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path) and isinstance(root, Path)
    reference, nrm_due = vault["reference"], vault["nrm_due"]
    out = root / "agenda.ics"
    before = _exports(folder)
    done = waypost.run("export", "calendar", "--vault", str(folder), "--out", str(out),
                       "--days", "30")  # fmt: skip
    assert done.code == 0, done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _exports(folder) == before + 1

    raw = out.read_bytes()
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    for secret in (*SECRETS, DEFENDANT):
        assert secret.encode() not in raw, secret
        assert secret.encode() not in unfolded, secret
    mine = {
        (e.decoded("DTSTART"), str(e["SUMMARY"]))
        for e in Calendar.from_ical(raw).walk("VEVENT")
        if str(e["SUMMARY"]).startswith(f"{reference}:")
    }
    assert mine == {
        (TODAY + timedelta(days=3), f"{reference}: Support plan action due"),
        (TODAY + timedelta(days=5), f"{reference}: Hearing — Trial starts"),
        (nrm_due, f"{reference}: NRM recovery period ends"),
        (TODAY + timedelta(days=20), f"{reference}: Support plan review due"),
    }  # the overdue intake assessment is the Agenda's, not the calendar's


def test_export_calendar_wants_an_ics_file(vault: dict[str, object]) -> None:
    waypost, folder, root = vault["waypost"], vault["folder"], vault["root"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path) and isinstance(root, Path)
    done = waypost.run("export", "calendar", "--vault", str(folder), "--out", str(root / "a.txt"))
    assert done.code == 2 and ".ics" in done.err
    assert not (root / "a.txt").exists()


def test_agenda_json_groups_each_kind(vault: dict[str, object]) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    reference, nrm_due = vault["reference"], vault["nrm_due"]
    assert isinstance(nrm_due, date)
    done = waypost.run("agenda", "--vault", str(folder), "--json", "--days", "30")
    assert done.code == 0, done.err
    records = json.loads(done.out)
    mine = sorted((r["group"], r["kind"], r["due"]) for r in records if r["case"] == reference)
    nrm_group = "this_week" if nrm_due < TODAY + timedelta(days=7) else "later"
    assert mine == sorted([
        ("overdue", "assessment_due", (TODAY - timedelta(days=40)).isoformat()),
        ("this_week", "overdue_action", (TODAY + timedelta(days=3)).isoformat()),
        ("this_week", "hearing", (TODAY + timedelta(days=5)).isoformat()),
        (nrm_group, "nrm_deadline", nrm_due.isoformat()),
        ("later", "plan_review_due", (TODAY + timedelta(days=20)).isoformat()),
    ])  # fmt: skip
    assert [r["group"] for r in records] == sorted(
        (r["group"] for r in records), key=["overdue", "this_week", "later"].index
    )
    for secret in (*SECRETS, f'"{DEFENDANT}"'):
        assert secret not in done.out


def test_agenda_text_lists_the_groups(vault: dict[str, object]) -> None:
    waypost, folder = vault["waypost"], vault["folder"]
    assert isinstance(waypost, Waypost) and isinstance(folder, Path)
    done = waypost.run("agenda", "--vault", str(folder), "--days", "30")
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    headings = [line for line in lines if not line.startswith(" ")]
    assert [h.split(" (")[0] for h in headings] == ["Overdue", "This week", "Later"]
    assert f"{vault['reference']} " in done.out and "Hearing — Trial starts" in done.out
    assert ACTION not in done.out and GIVEN not in done.out
