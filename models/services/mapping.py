"""Copy ORM rows into frozen DTOs, and DTO fields onto ORM rows."""

from __future__ import annotations

from models.dto import (
    CaseDetail,
    CaseFields,
    DependantDTO,
    EngagementChangeDTO,
    LanguageDTO,
    PersonDetail,
    PersonFields,
    StatusChangeDTO,
)
from models.entities import Case, CaseExploitation, Dependant, Person, PersonLanguage
from models.enums import (
    CaseKind,
    CaseStatus,
    DatePrecision,
    ExploitationType,
    Gender,
    PoliceEngagement,
    ReferralSource,
)


def person_fields(person: Person) -> PersonFields:
    return PersonFields(
        given_names=person.given_names,
        family_name=person.family_name,
        known_as=person.known_as,
        date_of_birth=person.date_of_birth,
        date_of_birth_precision=DatePrecision(person.date_of_birth_precision),
        estimated_age=person.estimated_age,
        estimated_age_on=person.estimated_age_on,
        age_disputed=person.age_disputed,
        gender=Gender(person.gender),
        nationalities=tuple(person.nationalities),
        languages=tuple(
            LanguageDTO(lang.language, lang.preferred_for_documents) for lang in person.languages
        ),
        interpreter_needed=person.interpreter_needed,
        phone=person.phone,
        email=person.email,
        safe_address=person.safe_address,
        dependants=tuple(
            DependantDTO(d.name, d.relationship_to_person, d.year_of_birth, d.in_uk)
            for d in person.dependants
        ),
    )


def person_detail(person: Person) -> PersonDetail:
    return PersonDetail(
        id=person.id,
        reference=person.reference,
        version=person.version,
        fields=person_fields(person),
    )


def apply_person_fields(person: Person, fields: PersonFields) -> None:
    person.given_names = fields.given_names.strip()
    person.family_name = fields.family_name.strip()
    person.known_as = fields.known_as.strip()
    person.date_of_birth = fields.date_of_birth
    person.date_of_birth_precision = fields.date_of_birth_precision
    person.estimated_age = fields.estimated_age
    person.estimated_age_on = fields.estimated_age_on
    person.age_disputed = fields.age_disputed
    person.gender = fields.gender
    person.nationalities = list(fields.nationalities)
    person.interpreter_needed = fields.interpreter_needed
    person.phone = fields.phone.strip()
    person.email = fields.email.strip()
    person.safe_address = fields.safe_address
    # Child rows are replaced wholesale: they have no identity of their own in the UI.
    person.languages = [
        PersonLanguage(
            position=i, language=lang.language, preferred_for_documents=lang.preferred_for_documents
        )
        for i, lang in enumerate(fields.languages)
    ]
    person.dependants = [
        Dependant(
            name=d.name.strip(),
            relationship_to_person=d.relationship_to_person.strip(),
            year_of_birth=d.year_of_birth,
            in_uk=d.in_uk,
        )
        for d in fields.dependants
    ]


def case_fields(case: Case) -> CaseFields:
    return CaseFields(
        kind=CaseKind(case.kind),
        opened_on=case.opened_on,
        referral_source=ReferralSource(case.referral_source),
        status=CaseStatus(case.status),
        closed_on=case.closed_on,
        title=case.title,
        police_force=case.police_force,
        operation_name=case.operation_name,
        crime_reference=case.crime_reference,
        exploitation_types=frozenset(ExploitationType(e.type) for e in case.exploitation),
        organised_immigration_crime=case.organised_immigration_crime,
        police_engagement=PoliceEngagement(case.police_engagement),
        summary=case.summary,
    )


def apply_case_fields(case: Case, fields: CaseFields) -> None:
    """Copy editable fields. Status and engagement are set by the caller, with history."""
    case.kind = fields.kind
    case.opened_on = fields.opened_on
    case.closed_on = fields.closed_on
    case.referral_source = fields.referral_source
    case.title = fields.title.strip()
    case.police_force = fields.police_force.strip()
    case.operation_name = fields.operation_name.strip()
    case.crime_reference = fields.crime_reference.strip()
    case.organised_immigration_crime = fields.organised_immigration_crime
    case.summary = fields.summary
    wanted = set(fields.exploitation_types)
    current = {ExploitationType(e.type) for e in case.exploitation}
    if wanted != current:
        case.exploitation = [CaseExploitation(type=t) for t in sorted(wanted)]


def case_detail(case: Case) -> CaseDetail:
    return CaseDetail(
        id=case.id,
        reference=case.reference,
        owner=case.owner,
        version=case.version,
        fields=case_fields(case),
        person=person_detail(case.person) if case.person is not None else None,
        status_history=tuple(
            StatusChangeDTO(CaseStatus(h.status), h.effective_on, h.recorded_at, h.recorded_by)
            for h in case.status_history
        ),
        engagement_history=tuple(
            EngagementChangeDTO(
                PoliceEngagement(h.engagement), h.effective_on, h.recorded_at, h.recorded_by
            )
            for h in case.engagement_history
        ),
        created_at=case.created_at,
        updated_at=case.updated_at,
    )
