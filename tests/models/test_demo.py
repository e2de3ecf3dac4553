"""Demo data: deterministic, realistic enough to demo, consistent with the app's own rules."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from models.demo import plan_vocabulary
from models.demo.plans import Plans
from models.dto import CaseloadQuery, PlanVersionDTO
from models.entities import Case, ReferenceCounter
from models.enums import (
    ActionStatus,
    AgendaKind,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentState,
    DatePrecision,
    PlanStatus,
    PoliceEngagement,
    RecoveryDomain,
)
from models.rules import support_plan as plan_rules
from models.rules.case_reference import parse_reference
from models.rules.countries import COUNTRY_NAMES
from models.rules.police_forces import POLICE_FORCES
from models.rules.search_terms import fold
from models.rules.validation import validate_case
from models.services import audit, caseload, cases, plan_printing, support_plans
from models.services.context import ServiceContext
from models.services.demo import LANGUAGE_NAMES, DemoSummary, load_names, populate_demo
from models.store import Store, open_store

from .conftest import support_case

TODAY = date(2026, 11, 25)
USER = "navigator.test"
CASES = 1200


def _open(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    return open_store(folder / "waypost.db", os.urandom(32), create=True)


def _ctx(store: Store) -> ServiceContext:
    return ServiceContext(store, user=USER, today=lambda: TODAY)


def _rows(ctx: ServiceContext, sql: str, **params: object) -> list[tuple]:
    with ctx.store.read_session() as session:
        return [tuple(r) for r in session.execute(text(sql), params)]


PLAN_ROWS = (
    "SELECT v.case_id, v.number, v.status, v.based_on_id, v.language, v.interpreter_language, "
    "v.interpreter_name_or_agency, v.survivor_priorities, v.safety_plan, v.agreed_on, "
    "v.reviewed_on, v.created_at, g.position, g.key, g.domain, g.survivor_words, g.review_date, "
    "a.position, a.key, a.what, a.who, a.by_when, a.status "
    "FROM plan_version v JOIN plan_goal g ON g.plan_version_id = v.id "
    "LEFT JOIN plan_action a ON a.goal_id = g.id ORDER BY v.id, g.position, a.position"
)


def _people(ctx: ServiceContext) -> list[tuple]:
    return _rows(
        ctx,
        "SELECT c.reference, p.given_names, p.family_name, p.known_as, c.opened_on, c.status "
        'FROM "case" c LEFT JOIN person p ON p.id = c.person_id ORDER BY c.id',
    )


@pytest.fixture(scope="module")
def filled(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServiceContext, DemoSummary]]:
    store = _open(tmp_path_factory.mktemp("demo"))
    ctx = _ctx(store)
    summary = populate_demo(ctx, CASES, seed=7)
    yield ctx, summary
    store.close()


# --- Determinism ---------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_vault_and_another_seed_does_not(tmp_path: Path) -> None:
    results = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        store = _open(tmp_path / name)
        try:
            ctx = _ctx(store)
            summary = populate_demo(ctx, 150, seed=seed)
            notes = _rows(
                ctx, "SELECT case_id, occurred_on, note FROM contact_log_entry ORDER BY id"
            )
            results.append((summary, _people(ctx), notes, _rows(ctx, PLAN_ROWS)))
        finally:
            store.close()
    assert results[0] == results[1]
    assert results[0][0].plans > 0 and results[0][3]
    assert results[0][1] != results[2][1]
    assert results[0][2] != results[2][2]
    assert results[0][3] != results[2][3]


def test_plans_leave_the_cases_a_seed_gives_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans draw from a random stream of their own: without them, the same cases and notes."""
    results = []
    for name in ("with", "without"):
        if name == "without":
            monkeypatch.setattr(Plans, "add", lambda *_args: None)
        store = _open(tmp_path / name)
        try:
            ctx = _ctx(store)
            summary = populate_demo(ctx, 150, seed=3)
            notes = _rows(ctx, "SELECT case_id, occurred_on, note FROM contact_log_entry")
            results.append((summary.cases, summary.people, _people(ctx), notes))
            assert (summary.plans > 0) == (name == "with")
        finally:
            store.close()
    assert results[0] == results[1]


def test_nothing_is_added_for_zero_cases_and_a_negative_count_is_refused(store: Store) -> None:
    ctx = _ctx(store)
    assert populate_demo(ctx, 0) == DemoSummary(cases=0, people=0, contacts=0, consents=0)
    assert caseload.count_cases(ctx) == 0
    with pytest.raises(ValueError):
        populate_demo(ctx, -1)


# --- Counts, kinds and references ------------------------------------------------------------


def test_summary_counts_match_the_database(filled: tuple[ServiceContext, DemoSummary]) -> None:
    ctx, summary = filled
    (counts,) = _rows(
        ctx,
        'SELECT (SELECT count(*) FROM "case"), (SELECT count(*) FROM person), '
        "(SELECT count(*) FROM contact_log_entry), (SELECT count(*) FROM consent), "
        "(SELECT count(DISTINCT case_id) FROM plan_version), (SELECT count(*) FROM assessment), "
        "(SELECT count(*) FROM purchase), (SELECT count(*) FROM nrm_referral), "
        "(SELECT count(*) FROM court_case), (SELECT count(*) FROM operation), "
        "(SELECT count(*) FROM training_session), (SELECT count(*) FROM case_search)",
    )
    assert summary == DemoSummary(*counts[:11])
    assert summary.cases == CASES
    assert summary.nrm_records > 0 and summary.court_cases > 0
    assert counts[11] == CASES  # every case is in the search index
    contacts_per_case = _rows(
        ctx,
        "SELECT count(*) FROM contact_log_entry WHERE kind != 'referral' GROUP BY case_id",
    )
    assert len(contacts_per_case) == CASES
    assert {n for (n,) in contacts_per_case} <= set(range(2, 9))


def test_about_one_case_in_seven_is_strategic_advice_with_no_survivor(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, summary = filled
    rows = _rows(ctx, 'SELECT kind, person_id, operation_name, title FROM "case"')
    strategic = [r for r in rows if r[0] == CaseKind.STRATEGIC_ADVICE]
    assert 0.10 < len(strategic) / len(rows) < 0.20
    assert all(r[1] is None for r in strategic)
    assert all(re.fullmatch(r"Operation [A-Z][a-z]+", r[2]) and r[3] == r[2] for r in strategic)
    support = [r for r in rows if r[0] == CaseKind.SUPPORT_PLAN]
    assert all(r[1] is not None for r in support)
    assert summary.people == len(support) == len({r[1] for r in support})


def test_references_are_unique_and_numbered_in_opening_order(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    rows = _rows(ctx, 'SELECT reference, opened_on FROM "case" ORDER BY opened_on, id')
    parsed = [parse_reference(reference) for reference, _ in rows]
    assert all(p is not None for p in parsed)
    assert len(set(parsed)) == len(parsed)
    assert parsed == sorted(parsed)  # (year, number) rises with the opening date
    assert all(p[0] == int(opened[:4]) for p, (_, opened) in zip(parsed, rows, strict=True))
    # The counters carry on from the last number handed out in each year.
    with ctx.store.read_session() as session:
        counters = {c.year: c.last_number for c in session.scalars(select(ReferenceCounter))}
    assert counters == {year: max(n for y, n in parsed if y == year) for year, _ in parsed}
    # Survivors share their case's reference, as cases.create_case does.
    mismatched = _rows(
        ctx,
        'SELECT count(*) FROM "case" c JOIN person p ON p.id = c.person_id '
        "WHERE p.reference != c.reference",
    )
    assert mismatched == [(0,)]


def test_demo_cases_are_added_after_existing_ones(store: Store) -> None:
    ctx = _ctx(store)
    first = cases.create_case(ctx, support_case(opened=date(2026, 3, 2)))
    assert first.reference == "WP-2026-0001"
    populate_demo(ctx, 200, seed=1)
    references = [r for (r,) in _rows(ctx, 'SELECT reference FROM "case"')]
    assert len(references) == len(set(references)) == 201
    assert "WP-2026-0002" in references
    assert caseload.count_cases(ctx) == 201
    # A case created afterwards continues the numbering.
    later = cases.create_case(ctx, support_case(opened=date(2026, 11, 20)))
    year, number = parse_reference(later.reference) or (0, 0)
    assert year == 2026
    assert number == 1 + max(n for y, n in map(parse_reference, references) if y == 2026)


# --- Dates and histories -----------------------------------------------------------------------


def test_dates_fall_within_each_case_s_open_period(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    cases_rows = _rows(ctx, 'SELECT id, status, opened_on, closed_on FROM "case"')
    today = TODAY.isoformat()
    assert min(r[2] for r in cases_rows) >= "2023-11-01"
    assert max(r[2] for r in cases_rows) <= today
    period = {}
    for case_id, status, opened, closed in cases_rows:
        if status == CaseStatus.CLOSED:
            assert closed is not None and opened <= closed <= today
        else:
            assert closed is None
        period[case_id] = (opened, closed or today)
    for case_id, occurred in _rows(ctx, "SELECT case_id, occurred_on FROM contact_log_entry"):
        opened, end = period[case_id]
        assert opened <= occurred <= end
    for table in ("case_status_change", "engagement_change"):
        for case_id, effective in _rows(ctx, f"SELECT case_id, effective_on FROM {table}"):
            opened, end = period[case_id]
            assert opened <= effective <= end


def test_status_and_engagement_histories_lead_to_the_current_values(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    current = {
        r[0]: r[1:]
        for r in _rows(ctx, 'SELECT id, status, police_engagement, opened_on, kind FROM "case"')
    }
    for table, column, index in (
        ("case_status_change", "status", 0),
        ("engagement_change", "engagement", 1),
    ):
        history: dict[int, list[tuple[str, str]]] = {}
        for case_id, value, effective in _rows(
            ctx, f"SELECT case_id, {column}, effective_on FROM {table} ORDER BY id"
        ):
            history.setdefault(case_id, []).append((value, effective))
        assert set(history) == set(current)
        for case_id, changes in history.items():
            assert changes[0][1] == current[case_id][2]  # starts on the opening date
            assert [d for _, d in changes] == sorted(d for _, d in changes)
            assert changes[-1][0] == current[case_id][index]
    # A strategic advice case has no survivor to ask.
    assert all(
        engagement == PoliceEngagement.NOT_YET_ASKED
        for _, engagement, _, kind in current.values()
        if kind == CaseKind.STRATEGIC_ADVICE
    )


def test_the_mix_looks_like_a_navigator_s_caseload(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    rows = _rows(
        ctx,
        'SELECT status, police_engagement, police_force, organised_immigration_crime FROM "case" '
        "WHERE kind = 'support_plan'",
    )
    statuses = Counter(r[0] for r in rows)
    assert statuses.most_common(1)[0][0] == CaseStatus.ACTIVE
    assert set(statuses) == set(CaseStatus)
    asked = [r[1] for r in rows if r[1] != PoliceEngagement.NOT_YET_ASKED]
    engaged = sum(1 for e in asked if e == PoliceEngagement.ENGAGED) / len(asked)
    assert 0.78 < engaged < 0.92  # the programme reports 86%
    assert {PoliceEngagement.DECLINED, PoliceEngagement.WITHDRAWN} <= set(asked)
    forces = Counter(f for (f,) in _rows(ctx, 'SELECT police_force FROM "case"'))
    assert set(forces) <= set(POLICE_FORCES)
    assert {"Metropolitan Police Service", "Essex Police", "Border Force"} <= set(
        f for f, _ in forces.most_common(8)
    )
    assert 0.3 < sum(1 for r in rows if r[3]) / len(rows) < 0.8
    types = Counter(t for (t,) in _rows(ctx, "SELECT type FROM case_exploitation"))
    assert {"sexual", "labour", "criminal", "domestic_servitude"} <= set(types)


# --- Survivors -----------------------------------------------------------------------------------


def test_survivors_have_plausible_synthetic_details(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    people = _rows(
        ctx,
        "SELECT p.id, p.date_of_birth, p.date_of_birth_precision, p.estimated_age, "
        "p.estimated_age_on, p.age_disputed, p.nationalities, p.interpreter_needed, p.phone, "
        'p.email, p.gender, c.opened_on FROM person p JOIN "case" c ON c.person_id = p.id',
    )
    precisions = Counter()
    for _, dob, precision, age, age_on, _, nationalities, _, phone, email, _, opened in people:
        precisions[precision if dob else "estimated"] += 1
        if dob is None:
            assert age is not None and 16 <= age <= 55 and age_on == opened
        else:
            assert age is None
            years = int(opened[:4]) - int(dob[:4])
            assert 15 <= years <= 57
            if precision != DatePrecision.DAY:
                assert dob.endswith("-01")
            if precision == DatePrecision.YEAR:
                assert dob[5:] == "01-01"
        codes = json.loads(nationalities)
        assert codes and all(code in COUNTRY_NAMES for code in codes)
        assert phone == "" or re.fullmatch(r"07700 900\d{3}", phone)
        assert email == "" or re.fullmatch(r"[a-z0-9]+\.[a-z0-9]+\d+@example\.(org|com|net)", email)
    assert set(precisions) == {"day", "month", "year", "estimated"}
    nationalities = Counter(json.loads(r[6])[0] for r in people)
    assert {"GB", "AL", "VN", "ER"} <= {code for code, _ in nationalities.most_common(8)}
    assert sum(1 for r in people if r[5]) > 0  # some ages are disputed
    assert len({r[10] for r in people}) >= 3


def test_one_preferred_language_and_an_interpreter_unless_it_is_english(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    languages: dict[int, list[tuple[str, bool]]] = {}
    for person_id, tag, preferred in _rows(
        ctx,
        "SELECT person_id, language, preferred_for_documents FROM person_language "
        "ORDER BY person_id, position",
    ):
        languages.setdefault(person_id, []).append((tag, bool(preferred)))
    interpreter = dict(_rows(ctx, "SELECT id, interpreter_needed FROM person"))
    assert set(languages) == set(interpreter)
    for person_id, spoken in languages.items():
        tags = [tag for tag, _ in spoken]
        assert len(tags) == len(set(tags))
        (preferred,) = [tag for tag, is_preferred in spoken if is_preferred]
        assert bool(interpreter[person_id]) == (preferred != "en")
    assert sum(bool(v) for v in interpreter.values()) > len(interpreter) / 2


def test_consent_is_recorded_for_most_engaged_survivors(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    engaged = {
        person_id
        for (person_id,) in _rows(
            ctx,
            "SELECT person_id FROM \"case\" WHERE kind = 'support_plan' AND police_engagement = "
            "'engaged'",
        )
    }
    police = {
        r[0]: r[1:]
        for r in _rows(
            ctx,
            "SELECT person_id, state, given_on, withdrawn_on, scope FROM consent "
            "WHERE recipient = 'police'",
        )
    }
    assert len(engaged & set(police)) / len(engaged) > 0.85
    for state, given_on, withdrawn_on, scope in police.values():
        assert given_on is not None and json.loads(scope)
        if state == ConsentState.WITHDRAWN:
            assert withdrawn_on is not None and withdrawn_on >= given_on
        else:
            assert state == ConsentState.GIVEN and withdrawn_on is None
    recipients = {r for (r,) in _rows(ctx, "SELECT DISTINCT recipient FROM consent")}
    assert {ConsentRecipient.POLICE, ConsentRecipient.OTHER_NGO} <= recipients


# --- Through the app's own code -----------------------------------------------------------------


def test_demo_cases_load_and_pass_the_app_s_validation(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    ids = [case_id for (case_id,) in _rows(ctx, 'SELECT id FROM "case" ORDER BY id')]
    for case_id in ids[:: len(ids) // 60]:
        detail = cases.open_case(ctx, case_id)
        person = detail.person.fields if detail.person is not None else None
        assert validate_case(detail.fields, person, TODAY) == []
        assert detail.version == 1
        assert detail.created_at.tzinfo is not None
        assert detail.created_at <= detail.updated_at
        assert [h.status for h in detail.status_history][-1] == detail.fields.status
        if detail.person is not None:
            assert detail.person.document_language is not None


def test_search_rows_are_what_reindex_case_would_write(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    sql = "SELECT reference, names, notes FROM case_search WHERE rowid = :id"
    ids = [case_id for (case_id,) in _rows(ctx, 'SELECT id FROM "case" ORDER BY id')]
    for case_id in ids[:: len(ids) // 80]:
        before = _rows(ctx, sql, id=case_id)
        with ctx.store.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            cases.reindex_case(session, case)
        assert _rows(ctx, sql, id=case_id) == before


def test_search_finds_a_name_typed_without_its_diacritics(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    people = _rows(
        ctx,
        'SELECT c.id, p.family_name FROM "case" c JOIN person p ON p.id = c.person_id '
        "ORDER BY c.id",
    )
    accented = [(i, name) for i, name in people if not name.isascii()]
    assert len(accented) > 20
    checked = set()
    for case_id, name in accented:
        plain = fold(name)
        if plain in checked or not plain.isascii():
            continue
        checked.add(plain)
        for typed in (plain.lower(), name):
            found = caseload.query_case_ids(ctx, CaseloadQuery(search=typed))
            assert case_id in found, typed
    assert {"Nguyen", "Dang"} & checked  # Vietnamese, including the undecomposable Đ


def test_the_audit_log_gets_one_entry_for_the_fill_and_still_verifies(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    ctx, _ = filled
    report = audit.verify(ctx)
    assert report.ok, report.problem
    entries = _rows(ctx, "SELECT action, entity_type, entity_id, user FROM audit_entry")
    assert entries.count(("create", "demo_data", None, USER)) == 1
    assert not [e for e in entries if e[1] in ("case", "person", "contact", "consent")
                and e[0] == "create"]  # fmt: skip


def test_a_failed_fill_leaves_the_vault_untouched(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = _ctx(store)
    populate_demo(ctx, 20, seed=1)
    before = _people(ctx)
    from models.services import demo

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "_write", broken)
    with pytest.raises(RuntimeError):
        populate_demo(ctx, 20, seed=2)
    assert _people(ctx) == before
    assert gc.isenabled()  # the collector, paused while filling, runs again
    assert audit.verify(ctx).ok
    # The connection's tuning was put back.
    automerge = _rows(ctx, "SELECT v FROM case_search_config WHERE k = 'automerge'")
    assert automerge in ([], [(4,)])


# --- Support plans -------------------------------------------------------------------------------

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
ETHIOPIC = re.compile("[\u1200-\u137f]")
OWN_LANGUAGES = {"ar", "fa", "ckb", "ti", "vi", "sq", "ro", "pl"}
IN_FORCE = {PlanStatus.AGREED, PlanStatus.REVIEWED}
# Goals in English: plain, in the first person ("I want to see my children").
ENGLISH_GOALS = {
    *(said for goals in plan_vocabulary.GOALS.values() for said in goals),
    *plan_vocabulary.LONG_GOALS.values(),
    plan_vocabulary.CHILDREN_GOAL,
}


@pytest.fixture(scope="module")
def plans(filled: tuple[ServiceContext, DemoSummary]) -> dict[int, list[PlanVersionDTO]]:
    """Every demo plan's versions, oldest first, read through the support plan service."""
    ctx, _ = filled
    case_ids = [c for (c,) in _rows(ctx, "SELECT DISTINCT case_id FROM plan_version")]
    with ctx.store.read_session() as session:
        return {
            case_id: [
                support_plans._version_dto(version)
                for version in support_plans._case_versions(session, case_id)
            ]
            for case_id in sorted(case_ids)
        }


def _cases(ctx: ServiceContext) -> dict[int, tuple]:
    return {
        r[0]: r[1:]
        for r in _rows(
            ctx,
            "SELECT c.id, c.kind, c.status, c.opened_on, c.closed_on, c.reference, c.person_id, "
            "p.interpreter_needed, l.language "
            'FROM "case" c LEFT JOIN person p ON p.id = c.person_id '
            "LEFT JOIN person_language l ON l.person_id = p.id AND l.preferred_for_documents",
        )
    }


def test_most_survivors_have_a_support_plan_and_strategic_cases_have_none(
    filled: tuple[ServiceContext, DemoSummary], plans: dict[int, list[PlanVersionDTO]]
) -> None:
    ctx, summary = filled
    assert summary.plans == len(plans)
    support: Counter[str] = Counter()
    planned: Counter[str] = Counter()
    for case_id, (kind, status, *_) in _cases(ctx).items():
        if kind == CaseKind.STRATEGIC_ADVICE:
            assert case_id not in plans
            continue
        support[status] += 1
        planned[status] += case_id in plans
    share = {status: planned[status] / support[status] for status in support}
    assert share[CaseStatus.ACTIVE] > 0.8
    assert share[CaseStatus.ON_HOLD] > 0.6
    assert 0.15 < share[CaseStatus.CLOSED] < 0.6
    assert 0.1 < share[CaseStatus.REFERRED] < 0.6


def test_demo_plan_versions_follow_the_plan_s_life(
    filled: tuple[ServiceContext, DemoSummary], plans: dict[int, list[PlanVersionDTO]]
) -> None:
    ctx, _ = filled
    cases_by_id = _cases(ctx)
    shapes: Counter[tuple[PlanStatus, ...]] = Counter()
    action_statuses: Counter[ActionStatus] = Counter()
    domains: set[RecoveryDomain] = set()
    for case_id, versions in plans.items():
        _, status, opened, closed, _, _, interpreter, language = cases_by_id[case_id]
        shape = tuple(v.status for v in versions)
        shapes[shape] += 1
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        assert versions[0].based_on_id is None
        if len(versions) == 2:
            assert versions[1].based_on_id == versions[0].id
            # Goals and actions keep their keys in the new version.
            assert {g.key for g in versions[0].content.goals} & {
                g.key for g in versions[1].content.goals
            }
        if status == CaseStatus.REFERRED:
            assert shape == (PlanStatus.DRAFTED,)
        for version in versions:
            content = version.content
            assert content.language == language  # the survivor's language for documents
            assert content.interpreter_language == (language if interpreter else "")
            assert version.created_by == USER
            assert version.created_at <= version.updated_at
            if version.status is PlanStatus.DRAFTED:
                assert version.agreed_on is None and not version.agreed_by_survivor
                assert version.agreed_by_navigator == ""
                assert 1 <= len(content.goals) <= 6
                assert all(len(goal.actions) <= 3 for goal in content.goals)
            else:
                assert version.agreed_by_survivor and version.agreed_by_navigator == USER
                assert version.agreed_on is not None
                assert opened < version.agreed_on.isoformat() <= (closed or TODAY.isoformat())
                assert 2 <= len(content.goals) <= 6
                assert all(1 <= len(goal.actions) <= 3 for goal in content.goals)
            keys = [g.key for g in content.goals] + [
                a.key for g in content.goals for a in g.actions
            ]
            assert len(keys) == len(set(keys))
            assert all(uuid.UUID(hex=key).version == 4 and len(key) == 32 for key in keys)
            domains.update(goal.domain for goal in content.goals)
            action_statuses.update(a.status for g in content.goals for a in g.actions)
    assert set(shapes) == {
        (PlanStatus.AGREED,),
        (PlanStatus.REVIEWED,),
        (PlanStatus.DRAFTED,),
        (PlanStatus.SUPERSEDED, PlanStatus.AGREED),
        (PlanStatus.AGREED, PlanStatus.DRAFTED),
    }
    assert shapes[(PlanStatus.AGREED,)] == max(shapes.values())
    assert domains == set(RecoveryDomain)
    assert set(action_statuses) == set(ActionStatus)
    open_actions = (
        action_statuses[ActionStatus.NOT_STARTED] + action_statuses[ActionStatus.IN_PROGRESS]
    )
    assert open_actions > 0.6 * action_statuses.total()


def test_agreed_demo_plans_pass_the_agreement_rules(
    plans: dict[int, list[PlanVersionDTO]],
) -> None:
    agreed = 0
    for versions in plans.values():
        previous: date | None = None
        for version in versions:
            content = version.content
            # Stored as the service stores a draft: saving it again would change nothing.
            assert plan_rules.normalise_draft(content) == content
            assert plan_rules.validate_draft(content) == []
            if version.status is PlanStatus.DRAFTED:
                continue
            assert version.agreed_on is not None
            problems = plan_rules.validate_agreement(
                content, version.agreed_on, version.agreed_by_survivor, TODAY, previous
            )
            assert problems == [], (version.id, problems)
            agreed += 1
            if version.status is PlanStatus.REVIEWED:
                assert version.reviewed_on is not None
                assert (
                    plan_rules.validate_review(
                        PlanStatus.AGREED, version.agreed_on, None, version.reviewed_on, TODAY
                    )
                    == []
                )
            # Reviews come around four months after the plan is agreed.
            for goal in content.goals:
                if goal.review_date is not None:
                    assert 90 <= (goal.review_date - version.agreed_on).days <= 185
            previous = version.agreed_on
    assert agreed > len(plans) / 2


def test_a_second_version_says_what_changed(
    filled: tuple[ServiceContext, DemoSummary], plans: dict[int, list[PlanVersionDTO]]
) -> None:
    ctx, _ = filled
    second = [versions[1] for versions in plans.values() if len(versions) == 2]
    assert len(second) > 20
    changed = [support_plans.changes_since_agreed(ctx, version.id) for version in second[:40]]
    assert sum(1 for changes in changed if changes) > 0.9 * len(changed)


def test_a_demo_plan_is_found_and_prepared_for_printing(
    filled: tuple[ServiceContext, DemoSummary], plans: dict[int, list[PlanVersionDTO]]
) -> None:
    ctx, _ = filled
    cases_by_id = _cases(ctx)
    printed: Counter[str] = Counter()
    for i, (case_id, versions) in enumerate(plans.items()):
        reference = cases_by_id[case_id][4]
        in_force = [v for v in versions if v.status in IN_FORCE]
        expected = (in_force or versions)[-1]
        # What `waypost print support-plan` prints: the plan in force, else the draft.
        version_id = plan_printing.version_to_print(ctx, reference)
        assert version_id == expected.id
        language = expected.content.language
        if i % 25 == 0 or (language in ("ar", "ti", "vi") and not printed[language]):
            plan = support_plans.plan_for_print(ctx, version_id)
            assert plan.case_reference == reference
            assert plan.survivor_name
            assert plan.language == expected.content.language
            assert plan.status is expected.status
            assert plan.safety_plan.startswith("If I am in danger I call 999.")
            assert plan.survivor_priorities
            shown = [d.domain for d in plan.domains]
            assert shown == sorted(shown, key=plan_rules.DOMAIN_ORDER.index)
            assert [g.survivor_words for d in plan.domains for g in d.goals] == [
                g.survivor_words for g in expected.content.goals
            ]
            if expected.status is not PlanStatus.DRAFTED:
                assert plan.agreed_by_navigator == USER and plan.agreed_on is not None
            printed[language] += 1
    assert printed.total() > 25 and {"ar", "ti", "vi"} <= set(printed)
    # A survivor with no plan yet, and a strategic advice case, have nothing to print.
    for kind in (CaseKind.SUPPORT_PLAN, CaseKind.STRATEGIC_ADVICE):
        reference = next(
            row[4]
            for case_id, row in cases_by_id.items()
            if row[0] == kind and case_id not in plans
        )
        with pytest.raises(plan_printing.NoPlanToPrint):
            plan_printing.version_to_print(ctx, reference)


def test_the_agenda_shows_overdue_actions_and_reviews_due(
    filled: tuple[ServiceContext, DemoSummary], plans: dict[int, list[PlanVersionDTO]]
) -> None:
    ctx, _ = filled
    items = support_plans.agenda_items(ctx, TODAY)
    kinds = Counter(item.kind for item in items)
    assert kinds[AgendaKind.OVERDUE_ACTION] >= 20
    assert kinds[AgendaKind.PLAN_REVIEW_DUE] >= 10
    status = {case_id: row[1] for case_id, row in _cases(ctx).items()}
    for item in items:
        assert status[item.case_id] != CaseStatus.CLOSED
        if item.kind is AgendaKind.OVERDUE_ACTION:
            assert item.due_on < TODAY and item.who and item.label
        else:
            assert item.due_on <= TODAY
    # Not every open plan is behind.
    open_plans = {
        case_id
        for case_id, versions in plans.items()
        if status[case_id] != CaseStatus.CLOSED and any(v.status in IN_FORCE for v in versions)
    }
    assert len({item.case_id for item in items}) < 0.9 * len(open_plans)


def test_some_goals_are_in_the_survivor_s_own_language_and_script(
    plans: dict[int, list[PlanVersionDTO]],
) -> None:
    own: Counter[str] = Counter()  # plans with goals in their own language, by language
    offered: Counter[str] = Counter()
    long_right_to_left = []
    for versions in plans.values():
        content = versions[0].content
        words = [goal.survivor_words for goal in content.goals]
        if content.language in OWN_LANGUAGES:
            offered[content.language] += 1
        assert all(said.startswith("I") for said in words if said in ENGLISH_GOALS)
        translated = [said for said in words if said not in ENGLISH_GOALS]
        if not translated:
            continue
        assert content.language in OWN_LANGUAGES
        assert len(translated) <= 2
        own[content.language] += 1
        for said in translated:
            assert bool(ARABIC_SCRIPT.search(said)) == (content.language in {"ar", "fa", "ckb"})
            assert bool(ETHIOPIC.search(said)) == (content.language == "ti")
            if ARABIC_SCRIPT.search(said) and len(said) > 120 and said.count(".") >= 2:
                long_right_to_left.append(said)
    assert {"ar", "fa", "ti", "vi", "sq", "ro"} <= set(own)
    for language, count in offered.items():
        assert count < 10 or 0.2 < own[language] / count < 0.8, language
    # A paragraph that wraps, right to left, with a number inside.
    assert any("999" in said for said in long_right_to_left)


def test_a_demo_plan_can_be_redrafted_and_agreed_through_the_services(store: Store) -> None:
    ctx = _ctx(store)
    populate_demo(ctx, 150, seed=5)
    shapes = {}
    for case_id, status in _rows(ctx, "SELECT case_id, status FROM plan_version ORDER BY number"):
        shapes.setdefault(case_id, []).append(status)
    case_id = next(c for c, s in shapes.items() if s == [PlanStatus.AGREED])
    before = support_plans.get_plan(ctx, case_id)
    assert before.current is not None and before.in_force_id == before.current.id
    draft = support_plans.start_draft(ctx, case_id)
    assert draft.number == 2 and draft.based_on_id == before.current.id
    assert draft.content == before.current.content  # a copy, keys and all
    unchanged = support_plans.save_draft(ctx, draft.id, draft.version, draft.content)
    assert unchanged.version == draft.version  # nothing changed: nothing written
    # The copied review dates have passed: agreeing today needs new ones.
    review = TODAY + timedelta(days=120)
    goals = tuple(dataclasses.replace(g, review_date=review) for g in draft.content.goals)
    content = dataclasses.replace(draft.content, goals=goals)
    saved = support_plans.save_draft(ctx, draft.id, draft.version, content)
    assert saved.version > draft.version
    agreed = support_plans.agree(ctx, saved.id, saved.version, TODAY, by_survivor=True)
    assert agreed.status is PlanStatus.AGREED
    after = support_plans.get_plan(ctx, case_id)
    assert [v.status for v in after.versions] == [PlanStatus.SUPERSEDED, PlanStatus.AGREED]
    # A case whose next version is already being drafted gets that draft back.
    pending = next(c for c, s in shapes.items() if s == [PlanStatus.AGREED, PlanStatus.DRAFTED])
    existing = support_plans.get_plan(ctx, pending)
    assert support_plans.start_draft(ctx, pending).id == existing.draft_id


# --- The data files -------------------------------------------------------------------------------


def test_names_file_is_complete_and_weighted_toward_the_programme_s_nationalities() -> None:
    names = load_names()
    groups = {g.nationality: g for g in names.groups}
    assert {"GB", "AL", "VN", "ER", "SD", "IR", "IQ", "AF", "RO", "PL", "CN", "IN", "NG",
            "UA"} <= set(groups)  # fmt: skip
    assert set(groups) <= set(COUNTRY_NAMES)
    assert names.language_tags() <= set(LANGUAGE_NAMES)
    heaviest = sorted(names.groups, key=lambda g: g.weight, reverse=True)[:3]
    assert {g.nationality for g in heaviest} == {"GB", "AL", "VN"}
    for group in names.groups:
        assert group.given_female and group.given_male and group.family
        assert 16 <= group.age[0] <= group.age[2] <= group.age[1] <= 55
    every_name = "".join(
        n for g in names.groups for n in (*g.given_female, *g.given_male, *g.family)
    )
    for letter in ("ễ", "Đ", "ë", "ç", "Ł", "Ș", "ą", "Ľ"):  # real diacritics, not stripped
        assert letter in every_name, letter


def test_police_forces_are_the_43_territorial_forces_and_the_national_bodies() -> None:
    assert len(POLICE_FORCES) == len(set(POLICE_FORCES)) == 48
    for force in (
        "Metropolitan Police Service",
        "West Midlands Police",
        "Greater Manchester Police",
        "Kent Police",
        "Essex Police",
        "Police Scotland",
        "Police Service of Northern Ireland",
        "British Transport Police",
        "Border Force",
        "National Crime Agency",
    ):
        assert force in POLICE_FORCES


# --- Recovery assessments ------------------------------------------------------------------


def test_demo_assessments_follow_the_schedule_and_mostly_improve(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    import itertools

    from models.enums import AssessmentKind, Perspective
    from models.rules.assessment_schedule import next_review_on
    from models.rules.recovery_change import case_improved
    from models.services.assessments import recovery

    ctx, summary = filled
    assert summary.assessments > 0
    support_ids = [
        case_id for (case_id,) in _rows(ctx, "SELECT id FROM \"case\" WHERE kind = 'support_plan'")
    ]
    improved = assessed = 0
    for case_id in support_ids:
        history = recovery(ctx, case_id).assessments
        if not history:
            continue
        assert history[0].kind is AssessmentKind.INTAKE
        assert [a.kind for a in history].count(AssessmentKind.INTAKE) == 1
        for earlier, later in itertools.pairwise(history):
            if later.kind is AssessmentKind.REVIEW:
                # Reviews come on or after their due date (some late), never early.
                assert later.assessed_on >= next_review_on(earlier.assessed_on)
        outcome = case_improved(history, Perspective.NAVIGATOR)
        if outcome is not None:
            assessed += 1
            improved += outcome
    assert assessed > 20
    assert 0.6 < improved / assessed < 0.98  # most, not all, improve
    referrals = _rows(ctx, "SELECT count(*) FROM contact_log_entry WHERE kind = 'referral'")
    assert referrals[0][0] > 0


# --- The flexible budget -------------------------------------------------------------------


def test_demo_purchases_draw_on_allocations_and_follow_the_approval_rule(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    from models.enums import PurchaseStatus
    from models.rules.purchase_rules import DEFAULT_APPROVAL_THRESHOLD_PENCE
    from models.services import budget_reports

    ctx, summary = filled
    assert summary.purchases > 0
    rows = _rows(
        ctx,
        "SELECT p.amount_pence, p.status, p.approved_by, p.purchased_on, a.period_start, "
        "a.period_end FROM purchase p JOIN budget_allocation a ON a.id = p.allocation_id",
    )
    assert len(rows) == summary.purchases  # every purchase draws on an allocation
    for amount, status, approved_by, on, start, end in rows:
        assert start <= on <= end
        if amount > DEFAULT_APPROVAL_THRESHOLD_PENCE and status in (
            PurchaseStatus.PAID,
            PurchaseStatus.REFUNDED,
        ):
            assert approved_by  # paid over the threshold only after approval
    overview = budget_reports.overview(ctx)
    assert overview.balances
    # Past years end just underspent; no allocation is overspent in the demo.
    assert all(b.remaining_pence >= 0 for b in overview.balances)


# --- NRM records and court cases -------------------------------------------------------------


def test_demo_nrm_and_court_dates_follow_the_rules_and_the_agenda_shows_hearings(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    from models.rules.nrm_deadlines import recovery_period_end
    from models.services.facade import Services

    ctx, _ = filled
    nrm_rows = _rows(
        ctx,
        "SELECT n.id, n.referred_on, n.rg_decided_on, n.rg_decision, n.cg_decided_on, c.kind, "
        'c.status FROM nrm_referral n JOIN "case" c ON c.id = n.case_id',
    )
    overturned = {
        nrm_id
        for (nrm_id,) in _rows(
            ctx,
            "SELECT nrm_id FROM nrm_reconsideration WHERE decision = 'reasonable_grounds' "
            "AND outcome = 'overturned'",
        )
    }
    assert nrm_rows
    for nrm_id, referred, rg_on, rg, cg_on, kind, status in nrm_rows:
        assert kind == CaseKind.SUPPORT_PLAN and status != CaseStatus.REFERRED
        assert date.fromisoformat(referred) <= TODAY
        if rg_on is not None:
            assert date.fromisoformat(rg_on) > date.fromisoformat(referred)
        if cg_on is not None:
            assert rg == "positive" or nrm_id in overturned
            if rg == "positive":
                # The CG decision cannot come before the recovery period's last day.
                assert date.fromisoformat(cg_on) >= recovery_period_end(date.fromisoformat(rg_on))
            assert date.fromisoformat(cg_on) <= TODAY

    events = _rows(
        ctx,
        "SELECT e.id, e.actual_on, (SELECT s.scheduled_for FROM court_event_schedule s "
        "WHERE s.event_id = e.id ORDER BY s.id DESC LIMIT 1), "
        "(SELECT count(*) FROM court_event_schedule s WHERE s.event_id = e.id) FROM court_event e",
    )
    assert events
    assert any(moves > 1 for *_, moves in events)  # some were rescheduled
    for _, actual, latest, _ in events:
        assert latest is not None
        if actual is not None:
            assert actual == latest  # an event happened on its current date
            assert date.fromisoformat(actual) <= TODAY
        else:
            assert date.fromisoformat(latest) > TODAY
    links = _rows(
        ctx,
        'SELECT c.police_engagement, c.kind FROM court_case_link l JOIN "case" c '
        "ON c.id = l.case_id",
    )
    assert {(e, k) for e, k in links} == {(PoliceEngagement.ENGAGED, CaseKind.SUPPORT_PLAN)}

    horizon = TODAY + timedelta(days=60)
    hearings = [
        item
        for item in Services(ctx).agenda_items(horizon)
        if item.kind is AgendaKind.HEARING and TODAY <= item.due_on <= horizon
    ]
    assert hearings


# --- Programme activity --------------------------------------------------------------------


def test_demo_activity_feeds_the_impact_report(
    filled: tuple[ServiceContext, DemoSummary],
) -> None:
    from models.services import impact

    ctx, summary = filled
    assert summary.operations > 0 and summary.training_sessions > 0
    (counts,) = _rows(
        ctx,
        "SELECT (SELECT count(*) FROM operation), (SELECT count(*) FROM training_session), "
        '(SELECT count(*) FROM strategic_advice s JOIN "case" c ON c.id = s.case_id '
        "WHERE c.kind != 'strategic_advice')",
    )
    assert counts[:2] == (summary.operations, summary.training_sessions)
    assert counts[2] == 0  # strategic advice only ever on strategic advice cases
    first = date.fromisoformat(_rows(ctx, 'SELECT min(opened_on) FROM "case"')[0][0])
    report = impact.impact_report(ctx, first, ctx.today())
    assert report.figure("operations").value == summary.operations
    assert report.figure("training_sessions").value == summary.training_sessions
