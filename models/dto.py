"""Frozen data objects handed to the UI and to reports. They hold no Session and no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from models.enums import (
    AuditAction,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    DatePrecision,
    ExploitationType,
    Gender,
    PoliceEngagement,
    ReferralSource,
)


class CaseloadSort(StrEnum):
    REFERENCE = "reference"
    NAME = "name"
    KIND = "kind"
    STATUS = "status"
    FORCE = "force"
    OPENED = "opened"


@dataclass(frozen=True)
class CaseloadQuery:
    search: str = ""
    kind: CaseKind | None = None
    status: CaseStatus | None = None
    police_force: str | None = None
    sort: CaseloadSort = CaseloadSort.OPENED
    descending: bool = True


@dataclass(frozen=True)
class CaseRow:
    """One line of the caseload table."""

    id: int
    reference: str
    kind: CaseKind
    status: CaseStatus
    display_name: str
    police_force: str
    opened_on: date


@dataclass(frozen=True)
class LanguageDTO:
    language: str
    preferred_for_documents: bool = False


@dataclass(frozen=True)
class DependantDTO:
    name: str
    relationship_to_person: str = ""
    year_of_birth: int | None = None
    in_uk: bool = True


@dataclass(frozen=True)
class PersonFields:
    """A survivor's editable details (also used to create one)."""

    given_names: str = ""
    family_name: str = ""
    known_as: str = ""
    date_of_birth: date | None = None
    date_of_birth_precision: DatePrecision = DatePrecision.DAY
    estimated_age: int | None = None
    estimated_age_on: date | None = None
    age_disputed: bool = False
    gender: Gender = Gender.NOT_STATED
    nationalities: tuple[str, ...] = ()
    languages: tuple[LanguageDTO, ...] = ()
    interpreter_needed: bool = False
    phone: str = ""
    email: str = ""
    safe_address: str = ""
    dependants: tuple[DependantDTO, ...] = ()


@dataclass(frozen=True)
class PersonDetail:
    id: int
    reference: str
    version: int
    fields: PersonFields

    @property
    def display_name(self) -> str:
        return display_name(self.fields.known_as, self.fields.given_names, self.fields.family_name)

    @property
    def document_language(self) -> str | None:
        for lang in self.fields.languages:
            if lang.preferred_for_documents:
                return lang.language
        return self.fields.languages[0].language if self.fields.languages else None


@dataclass(frozen=True)
class CaseFields:
    """A case's editable details (also used to create one)."""

    kind: CaseKind
    opened_on: date
    referral_source: ReferralSource
    status: CaseStatus = CaseStatus.REFERRED
    closed_on: date | None = None
    title: str = ""
    police_force: str = ""
    operation_name: str = ""
    crime_reference: str = ""
    exploitation_types: frozenset[ExploitationType] = frozenset()
    organised_immigration_crime: bool = False
    police_engagement: PoliceEngagement = PoliceEngagement.NOT_YET_ASKED
    summary: str = ""


@dataclass(frozen=True)
class StatusChangeDTO:
    status: CaseStatus
    effective_on: date
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class EngagementChangeDTO:
    engagement: PoliceEngagement
    effective_on: date
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class CaseDetail:
    id: int
    reference: str
    owner: str
    version: int
    fields: CaseFields
    person: PersonDetail | None
    status_history: tuple[StatusChangeDTO, ...]
    engagement_history: tuple[EngagementChangeDTO, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def display_name(self) -> str:
        if self.person is not None:
            return self.person.display_name
        return self.fields.title or "(no survivor)"


@dataclass(frozen=True)
class CaseEdit:
    """An edit of a case and its survivor, made against the versions the user saw."""

    case_id: int
    case_version: int
    fields: CaseFields
    person_version: int | None = None
    person: PersonFields | None = None
    change_date: date | None = None  # when a status/engagement change took effect; default today


@dataclass(frozen=True)
class NewCase:
    fields: CaseFields
    person: PersonFields | None = None


@dataclass(frozen=True)
class ContactEntryDTO:
    id: int
    case_id: int
    occurred_on: date
    kind: ContactKind
    note: str
    author: str
    version: int


@dataclass(frozen=True)
class ContactDraft:
    occurred_on: date
    kind: ContactKind
    note: str


@dataclass(frozen=True)
class ConsentDTO:
    recipient: ConsentRecipient
    state: ConsentState
    given_on: date | None = None
    withdrawn_on: date | None = None
    scope: frozenset[ConsentScope] = field(default_factory=frozenset)
    version: int | None = None  # None: never recorded


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: AuditAction
    entity_type: str
    entity_id: int | None
    user: str


@dataclass(frozen=True)
class AuditChainReport:
    entries: int
    ok: bool
    first_bad_entry: int | None = None
    problem: str = ""


def display_name(known_as: str, given_names: str, family_name: str) -> str:
    """The name a navigator sees: "known as" first, because that is what the survivor uses."""
    full = " ".join(part for part in (given_names.strip(), family_name.strip()) if part)
    known = known_as.strip()
    if known and full and known != full:
        return f"{known} ({full})"
    return known or full or "(name not recorded)"
