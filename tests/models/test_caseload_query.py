"""Caseload IDs are filtered, sorted and searched in SQL."""

from __future__ import annotations

import dataclasses
from datetime import date

from models.dto import CaseFields, CaseloadQuery, CaseloadSort, ContactDraft, NewCase
from models.enums import CaseKind, CaseStatus, ContactKind, ReferralSource
from models.services.facade import Services

from .conftest import support_case


def _names(services: Services, query: CaseloadQuery) -> list[str]:
    return [row.display_name for row in services.caseload_rows(services.caseload_ids(query))]


def test_search_folds_diacritics_and_matches_prefixes(services: Services) -> None:
    services.create_case(support_case(given="Thị Hoa", family="Nguyễn"))
    services.create_case(support_case(given="Łukasz", family="Wiśniewski"))
    assert _names(services, CaseloadQuery(search="nguy")) == ["Thị Hoa Nguyễn"]
    assert _names(services, CaseloadQuery(search="lukasz wis")) == ["Łukasz Wiśniewski"]
    assert _names(services, CaseloadQuery(search="nobody")) == []


def test_search_finds_words_in_contact_notes_and_references(services: Services) -> None:
    first = services.create_case(support_case(given="Amanuel", family="Tesfay"))
    services.create_case(support_case(given="Ardit", family="Hoxha"))
    services.add_contact(
        first.id, ContactDraft(date(2026, 4, 1), ContactKind.VISIT, "Brought winter boots")
    )
    assert _names(services, CaseloadQuery(search="boots")) == ["Amanuel Tesfay"]
    assert _names(services, CaseloadQuery(search=first.reference)) == ["Amanuel Tesfay"]


def test_search_text_with_fts_syntax_is_taken_literally(services: Services) -> None:
    services.create_case(support_case(given="Ana", family="Popescu"))
    for typed in ('"', "AND", "pop* OR", "NEAR(", "-", "'"):
        services.caseload_ids(CaseloadQuery(search=typed))  # must not raise


def test_filters_and_sorting(services: Services) -> None:
    services.create_case(support_case(given="Zara", family="B", opened=date(2026, 1, 1)))
    services.create_case(support_case(given="Adil", family="C", opened=date(2026, 2, 1)))
    services.create_case(
        NewCase(
            fields=CaseFields(
                kind=CaseKind.STRATEGIC_ADVICE,
                opened_on=date(2026, 3, 1),
                referral_source=ReferralSource.POLICE_FORCE,
                title="Car wash network",
                police_force="Essex Police",
            )
        )
    )
    by_name = CaseloadQuery(sort=CaseloadSort.NAME, descending=False)
    assert _names(services, by_name) == ["Adil C", "Car wash network", "Zara B"]
    newest_first = CaseloadQuery(sort=CaseloadSort.OPENED, descending=True)
    assert _names(services, newest_first)[0] == "Car wash network"
    advice = CaseloadQuery(kind=CaseKind.STRATEGIC_ADVICE)
    assert _names(services, advice) == ["Car wash network"]
    kent = CaseloadQuery(police_force="Kent Police", sort=CaseloadSort.NAME, descending=False)
    assert _names(services, kent) == ["Adil C", "Zara B"]
    assert _names(services, CaseloadQuery(status=CaseStatus.CLOSED)) == []
    assert services.police_forces() == ["Essex Police", "Kent Police"]


def test_rows_come_back_in_the_order_asked(services: Services) -> None:
    ids = [services.create_case(support_case(given=f"P{i}")).id for i in range(3)]
    rows = services.caseload_rows([*reversed(ids), 99999])
    assert [r.id for r in rows] == list(reversed(ids))


def test_known_as_leads_the_display_name(services: Services) -> None:
    services.create_case(
        dataclasses.replace(support_case(given="Mehret", family="Gebre", known_as="Meri"))
    )
    assert _names(services, CaseloadQuery()) == ["Meri (Mehret Gebre)"]


def test_references_sort_by_year_then_number(services: Services) -> None:
    from models.entities import ReferenceCounter

    services.create_case(support_case(given="Early", opened=date(2025, 6, 1)))
    services.create_case(support_case(given="Small", opened=date(2026, 1, 1)))
    # Jump this year's counter past 9,999, as a busy organisation's archive would.
    with services.ctx.store.session() as session:
        session.get(ReferenceCounter, 2026).last_number = 9999
    services.create_case(support_case(given="Big", opened=date(2026, 2, 1)))
    ascending = CaseloadQuery(sort=CaseloadSort.REFERENCE, descending=False)
    rows = services.caseload_rows(services.caseload_ids(ascending))
    assert [r.reference for r in rows] == ["WP-2025-0001", "WP-2026-0001", "WP-2026-10000"]


def test_typing_a_reference_prefix_finds_those_cases(services: Services) -> None:
    for day in (1, 2, 3):
        services.create_case(support_case(given=f"P{day}", opened=date(2026, 3, day)))
    services.create_case(support_case(given="Older", opened=date(2025, 3, 1)))
    found = services.caseload_rows(services.caseload_ids(CaseloadQuery(search="wp-2026-000")))
    assert sorted(r.reference for r in found) == ["WP-2026-0001", "WP-2026-0002", "WP-2026-0003"]
    exact = services.caseload_rows(services.caseload_ids(CaseloadQuery(search="WP-2025-0001")))
    assert [r.display_name for r in exact] == ["Older Nguyễn"]


def test_single_letters_are_not_searched_until_a_second_is_typed(services: Services) -> None:
    services.create_case(support_case(given="Ana", family="Popescu"))
    services.create_case(support_case(given="Besnik", family="Hoxha"))
    assert len(services.caseload_ids(CaseloadQuery(search="p"))) == 2  # not narrowed yet
    assert _names(services, CaseloadQuery(search="po")) == ["Ana Popescu"]
    assert _names(services, CaseloadQuery(search="besnik h")) == ["Besnik Hoxha"]
