"""Fixtures for the Qt-free core: a real SQLCipher vault database in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from models.dto import CaseFields, NewCase, PersonFields
from models.enums import CaseKind, ReferralSource
from models.services.context import ServiceContext
from models.services.facade import Services
from models.store import Store, open_store

TODAY = date(2026, 11, 25)


@pytest.fixture
def db_key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def store(tmp_path: Path, db_key: bytes) -> Iterator[Store]:
    opened = open_store(tmp_path / "waypost.db", db_key, create=True)
    yield opened
    opened.close()


@pytest.fixture
def ctx(store: Store) -> ServiceContext:
    return ServiceContext(store=store, user="navigator.one", today=lambda: TODAY)


@pytest.fixture
def services(ctx: ServiceContext) -> Services:
    return Services(ctx)


def support_case(
    given: str = "Hoa", family: str = "Nguyễn", known_as: str = "", opened: date = date(2026, 3, 2)
) -> NewCase:
    return NewCase(
        fields=CaseFields(
            kind=CaseKind.SUPPORT_PLAN,
            opened_on=opened,
            referral_source=ReferralSource.POLICE_FORCE,
            police_force="Kent Police",
        ),
        person=PersonFields(given_names=given, family_name=family, known_as=known_as),
    )
