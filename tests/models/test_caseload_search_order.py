"""A search in the default order runs as hand-written SQL naming its covering index
(models/services/caseload.py ``_search_in_opened_order``); it must give exactly the rows, in
exactly the order, of the general query it stands in for, for any words, filters and
direction, over a demo vault."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from models.dto import CaseloadQuery, CaseloadSort
from models.enums import CaseKind, CaseStatus
from models.services import caseload
from models.services.context import ServiceContext
from models.services.demo import populate_demo
from models.store import Store, open_store

TODAY = date(2026, 11, 26)


@dataclass(frozen=True)
class World:
    store: Store
    words: tuple[str, ...]
    forces: tuple[str, ...]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("search-order")
    store = open_store(folder / "waypost.db", os.urandom(32), create=True)
    populate_demo(ServiceContext(store=store, user="navigator.one", today=lambda: TODAY), 150)
    with store.read_session() as session:
        names = session.execute(text("SELECT given_names, family_name FROM person")).all()
        forces = tuple(session.execute(text('SELECT DISTINCT police_force FROM "case"')).scalars())
    words = tuple(sorted({word for row in names for part in row for word in part.split()}))
    yield World(store, words, forces)
    store.close()


def typed(world: World) -> st.SearchStrategy[str]:
    """What a navigator types: the start of a name (two letters or more), a word from the
    notes, two words, or a reference."""
    prefix = st.builds(
        lambda word, n: word[: max(2, n)], st.sampled_from(world.words), st.integers(2, 8)
    )
    return st.one_of(
        prefix,
        st.sampled_from(["support", "hearing", "the", "th", "phone", "WP 2026", "2026"]),
        st.builds(lambda a, b: f"{a} {b}", prefix, prefix),
    )


def _ids(world: World, statement: object) -> list[int]:
    with world.store.read_session() as session:
        connection = session.connection()
        if isinstance(statement, tuple):  # the hand-written SQL, as the service runs it
            sql, params = statement
            rows = connection.connection.driver_connection.execute(sql, params)  # type: ignore[union-attr]
            return [row[0] for row in rows]
        return list(connection.execute(statement).scalars())  # type: ignore[call-overload]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_indexed_search_equals_the_general_query(world: World, data: st.DataObject) -> None:
    query = CaseloadQuery(
        search=data.draw(typed(world)),
        # The filter combos hand over the enum or, through Qt, its plain text value.
        kind=data.draw(st.none() | st.sampled_from([*CaseKind, *(k.value for k in CaseKind)])),
        status=data.draw(
            st.none() | st.sampled_from([*CaseStatus, *(s.value for s in CaseStatus)])
        ),
        police_force=data.draw(st.none() | st.sampled_from(world.forces)),
        sort=CaseloadSort.OPENED,
        descending=data.draw(st.booleans()),
    )
    indexed = caseload._search_in_opened_order(query)
    assume(indexed is not None)  # a name's first two characters may not be a search word
    assert _ids(world, indexed) == _ids(world, caseload._general_query(query))


def test_other_sorts_and_reference_lookups_take_the_general_query() -> None:
    assert caseload._search_in_opened_order(CaseloadQuery(search="tho")) is not None
    assert caseload._search_in_opened_order(CaseloadQuery(search="t")) is None
    assert caseload._search_in_opened_order(CaseloadQuery(search="WP-2026-00")) is None
    named = CaseloadQuery(search="tho", sort=CaseloadSort.NAME)
    assert caseload._search_in_opened_order(named) is None
