"""The caseload: ordered case IDs from one query, and rows fetched a page at a time.

Sorting and filtering happen in SQL so the table never has to load every row to sort them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, text
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.selectable import Select

from models import search_index
from models.dto import CaseloadQuery, CaseloadSort, CaseRow, display_name
from models.entities import Case, Person
from models.enums import CaseKind, CaseStatus
from models.services.context import ServiceContext

# SQLite limits bound parameters per statement; fetch pages below it.
_FETCH_CHUNK = 500


def _name_key() -> ColumnElement[str]:
    """Sort by the name the navigator sees: "known as" first, then the full name."""
    return func.lower(
        func.coalesce(
            func.nullif(Person.known_as, ""),
            func.trim(Person.given_names + " " + Person.family_name),
            Case.title,
        )
    )


SortKey = ColumnElement[Any] | InstrumentedAttribute[Any]

# "WP-2026", "wp-2026-00": what a navigator types when looking a case up by its reference.
_REFERENCE_PREFIX = re.compile(r"^\s*(WP-\d{1,4}(?:-\d*)?)\s*$", re.IGNORECASE)


@functools.cache
def _sort_keys(sort: CaseloadSort) -> tuple[SortKey, ...]:
    # Built once per sort: building these expressions cost more than the search query itself.
    if sort is CaseloadSort.REFERENCE:
        # By year, then by number: WP-2026-10000 comes after WP-2026-9999, not before WP-2026-2.
        return (func.substr(Case.reference, 4, 4), func.length(Case.reference), Case.reference)
    columns: dict[CaseloadSort, SortKey] = {
        CaseloadSort.NAME: _name_key(),
        CaseloadSort.KIND: Case.kind,
        CaseloadSort.STATUS: case(
            {s.value: i for i, s in enumerate(CaseStatus)}, value=Case.status, else_=99
        ),
        CaseloadSort.FORCE: Case.police_force,
        CaseloadSort.OPENED: Case.opened_on,
    }
    return (columns[sort],)


def _filtered(query: CaseloadQuery) -> Select[int]:
    stmt = select(Case.id)
    if query.sort is CaseloadSort.NAME:
        stmt = stmt.outerjoin(Person, Person.id == Case.person_id)
    if query.kind is not None:
        stmt = stmt.where(Case.kind == query.kind)
    if query.status is not None:
        stmt = stmt.where(Case.status == query.status)
    if query.police_force:
        stmt = stmt.where(Case.police_force == query.police_force)
    reference = _REFERENCE_PREFIX.match(query.search)
    if reference is not None:
        # GLOB is case-sensitive, so the unique index on reference answers it directly; the
        # full-text path would match every case on "WP".
        return stmt.where(Case.reference.op("GLOB")(reference.group(1).upper() + "*"))
    match = search_index.match_expression(query.search)
    if match is not None:
        stmt = stmt.where(
            Case.id.in_(text(search_index.matching_case_ids_sql()).bindparams(match=match))
        )
    return stmt


def _search_in_opened_order(query: CaseloadQuery) -> tuple[str, dict[str, object]] | None:
    """Search-as-you-type in the default order, written out so that it can name its index.

    Ordering the matches by opening date needs each match's date. Read from the case rows, a
    common two-letter prefix (4,000 matches spread over 100,000 cases) cost 60 ms of page
    reads; read from ``ix_case_search_order`` (migration 0009), which holds the ID, the date
    and the filtered columns, 9 ms. SQLite's planner does not pick that index by itself, and
    SQLAlchemy cannot name an index for SQLite, hence the text. Same rows, same order as the
    general query: tests/models/test_caseload_search_order.py holds the two equal.
    """
    match = search_index.match_expression(query.search)
    if match is None or query.sort is not CaseloadSort.OPENED:
        return None
    if _REFERENCE_PREFIX.match(query.search) is not None:
        return None
    where = ["id IN (SELECT rowid FROM case_search WHERE case_search MATCH :match)"]
    params: dict[str, object] = {"match": match}
    if query.kind is not None:
        where.append("kind = :kind")
        params["kind"] = CaseKind(query.kind).value  # the combo may hand over plain text
    if query.status is not None:
        where.append("status = :status")
        params["status"] = CaseStatus(query.status).value
    if query.police_force:
        where.append("police_force = :force")
        params["force"] = query.police_force
    direction = "DESC" if query.descending else "ASC"
    sql = (
        'SELECT id FROM "case" INDEXED BY ix_case_search_order '
        f"WHERE {' AND '.join(where)} ORDER BY opened_on {direction}, id {direction}"
    )
    return sql, params


def _general_query(query: CaseloadQuery) -> Select[int]:
    keys = _sort_keys(query.sort)
    order = [key.desc() if query.descending else key.asc() for key in keys]
    tiebreak = Case.id.desc() if query.descending else Case.id.asc()
    return _filtered(query).order_by(*order, tiebreak)


def query_case_ids(ctx: ServiceContext, query: CaseloadQuery) -> list[int]:
    searched = _search_in_opened_order(query)
    with ctx.store.read_session() as session:
        if searched is not None:
            sql, params = searched
            driver = session.connection().connection.driver_connection
            assert driver is not None  # a checked-out connection always has one
            return [row[0] for row in driver.execute(sql, params).fetchall()]
        # Core execution: plain integers need none of the ORM's row processing, which cost
        # several times the query on every keystroke.
        return list(session.connection().execute(_general_query(query)).scalars())


def fetch_rows(ctx: ServiceContext, case_ids: Sequence[int]) -> list[CaseRow]:
    """Rows for these IDs, in the order given; IDs that no longer exist are skipped."""
    found: dict[int, CaseRow] = {}
    with ctx.store.read_session() as session:
        for start in range(0, len(case_ids), _FETCH_CHUNK):
            chunk = case_ids[start : start + _FETCH_CHUNK]
            rows = session.execute(
                select(
                    Case.id,
                    Case.reference,
                    Case.kind,
                    Case.status,
                    Case.title,
                    Case.police_force,
                    Case.opened_on,
                    Person.known_as,
                    Person.given_names,
                    Person.family_name,
                )
                .outerjoin(Person, Person.id == Case.person_id)
                .where(Case.id.in_(chunk))
            )
            for r in rows:
                name = (
                    display_name(r.known_as or "", r.given_names or "", r.family_name or "")
                    if r.known_as is not None
                    else (r.title or "(no survivor)")
                )
                found[r.id] = CaseRow(
                    id=r.id,
                    reference=r.reference,
                    kind=CaseKind(r.kind),
                    status=CaseStatus(r.status),
                    display_name=name,
                    police_force=r.police_force,
                    opened_on=r.opened_on,
                )
    return [found[i] for i in case_ids if i in found]


def police_forces(ctx: ServiceContext) -> list[str]:
    """Forces that appear in the vault, for the filter list."""
    with ctx.store.read_session() as session:
        return [
            f
            for f in session.scalars(
                select(Case.police_force).distinct().order_by(Case.police_force)
            )
            if f
        ]


def count_cases(ctx: ServiceContext) -> int:
    with ctx.store.read_session() as session:
        return session.scalar(select(func.count(Case.id))) or 0
