"""Strategies for every input DTO a validator or service takes, with any value in every field
(see test_validators_shared for what "any" means). It holds no tests itself."""

from __future__ import annotations

from hypothesis import strategies as st

from models.dto import (
    AllocationDraft,
    AssessmentDraft,
    CaseFields,
    ConsentDTO,
    ContactDraft,
    CourtCaseDraft,
    DefendantDraft,
    DependantDTO,
    DomainScoreDTO,
    FamilySupportDraft,
    LanguageDTO,
    NavigatorProfileDTO,
    NrmDraft,
    OperationDraft,
    PersonFields,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PoliceRecipientDTO,
    PurchaseDraft,
    ReconsiderationDraft,
    RepatriationDraft,
    SpecialMeasureDTO,
    StrategicAdviceDraft,
    SurvivorRoleDTO,
    TrainingDraft,
)
from models.enums import (
    ActionStatus,
    AssessmentKind,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    DatePrecision,
    ExploitationType,
    Gender,
    NrmDecision,
    NrmDecisionKind,
    OperationLocation,
    PaymentMethod,
    PoliceEngagement,
    PurchaseCategory,
    PurchaseStatus,
    ReconsiderationOutcome,
    RecoveryDomain,
    ReferralSource,
    SpecialMeasure,
    TrainingAudience,
)
from tests.properties.validators_shared import dates, integers, optional, texts, tuples_of

# -- Cases, survivors, contacts, consent ----------------------------------------------------------


def phones() -> st.SearchStrategy[str]:
    return texts() | st.from_regex(r"[0-9+()\-. ]{3,32}", fullmatch=True)


def emails() -> st.SearchStrategy[str]:
    return texts() | st.emails() | st.sampled_from(("a@b", "@b.c", "a@b.c", " a@b.c ", "a b@c.d"))


def person_fields(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[PersonFields]:
    text = texts() if text is None else text
    return st.builds(
        PersonFields,
        given_names=text,
        family_name=text,
        known_as=text,
        date_of_birth=optional(dates()),
        date_of_birth_precision=st.sampled_from(DatePrecision),
        estimated_age=optional(integers()),
        estimated_age_on=optional(dates()),
        age_disputed=st.booleans(),
        gender=st.sampled_from(Gender),
        nationalities=tuples_of(st.sampled_from(("ER", "GB", "VN", "AL", "XX", "")) | texts(6)),
        languages=tuples_of(
            st.builds(
                LanguageDTO,
                language=st.sampled_from(("en", "ti", "ar", "vi", "sq")) | texts(6),
                preferred_for_documents=st.booleans(),
            )
        ),
        interpreter_needed=st.booleans(),
        phone=phones(),
        email=emails(),
        safe_address=text,
        dependants=tuples_of(
            st.builds(
                DependantDTO,
                name=text,
                relationship_to_person=text,
                year_of_birth=optional(integers() | st.integers(1890, 2030)),
                in_uk=st.booleans(),
            ),
            max_size=3,
        ),
    )


def case_fields(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[CaseFields]:
    text = texts() if text is None else text
    return st.builds(
        CaseFields,
        kind=st.sampled_from(CaseKind),
        opened_on=dates(),
        referral_source=st.sampled_from(ReferralSource),
        status=st.sampled_from(CaseStatus),
        closed_on=optional(dates()),
        title=text,
        police_force=text,
        operation_name=text,
        crime_reference=text,
        exploitation_types=st.frozensets(st.sampled_from(ExploitationType)),
        organised_immigration_crime=st.booleans(),
        police_engagement=st.sampled_from(PoliceEngagement),
        summary=text,
    )


def contact_drafts(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[ContactDraft]:
    return st.builds(
        ContactDraft,
        occurred_on=dates(),
        kind=st.sampled_from(ContactKind),
        note=texts() if text is None else text,
    )


def consents(
    version: st.SearchStrategy[int | None] | None = None,
    recipient: st.SearchStrategy[ConsentRecipient] | None = None,
) -> st.SearchStrategy[ConsentDTO]:
    return st.builds(
        ConsentDTO,
        recipient=recipient or st.sampled_from(ConsentRecipient),
        state=st.sampled_from(ConsentState),
        given_on=optional(dates()),
        withdrawn_on=optional(dates()),
        scope=st.frozensets(st.sampled_from(ConsentScope)),
        version=version if version is not None else optional(integers()),
    )


def profiles(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[NavigatorProfileDTO]:
    text = texts() if text is None else text
    return st.builds(
        NavigatorProfileDTO,
        display_name=text,
        organisation=text,
        work_phone=phones(),
        work_email=emails(),
    )


def police_recipients(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[PoliceRecipientDTO]:
    text = texts() if text is None else text
    return st.builds(
        PoliceRecipientDTO,
        recipient=st.sampled_from((ConsentRecipient.POLICE, ConsentRecipient.CPS)),
        force=text,
        officer=text,
        role=text,
    )


# -- Recovery assessments -------------------------------------------------------------------------


def scores() -> st.SearchStrategy[int | None]:
    return optional(st.integers(-1, 7) | integers() | st.booleans())


def domain_scores(domain: RecoveryDomain) -> st.SearchStrategy[DomainScoreDTO]:
    return st.builds(
        DomainScoreDTO,
        domain=st.just(domain),
        survivor_score=scores(),
        navigator_score=scores(),
        survivor_note=texts(),
        navigator_note=texts(),
        goal=texts(),
    )


def assessment_drafts() -> st.SearchStrategy[AssessmentDraft]:
    six = st.tuples(*(domain_scores(domain) for domain in RecoveryDomain))
    odd = tuples_of(st.sampled_from(RecoveryDomain).flatmap(domain_scores), max_size=8)
    return st.builds(
        AssessmentDraft,
        kind=st.sampled_from(AssessmentKind),
        assessed_on=dates(),
        scores=st.one_of(six, six, odd),
    )


# -- NRM and court --------------------------------------------------------------------------------


def nrm_drafts(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[NrmDraft]:
    text = texts() if text is None else text
    decision = optional(st.sampled_from(NrmDecision))
    return st.builds(
        NrmDraft,
        referred_on=dates(),
        first_responder=text,
        is_child_at_referral=st.booleans(),
        consent_given=st.booleans(),
        consent_on=optional(dates()),
        rg_decided_on=optional(dates()),
        rg_decision=decision,
        cg_decided_on=optional(dates()),
        cg_decision=decision,
        vcc_start=optional(dates()),
        vcc_end=optional(dates()),
        vcc_provider=text,
    )


def reconsiderations() -> st.SearchStrategy[ReconsiderationDraft]:
    return st.builds(
        ReconsiderationDraft,
        decision=st.sampled_from(NrmDecisionKind),
        requested_on=dates(),
        outcome=st.sampled_from(ReconsiderationOutcome),
        outcome_on=optional(dates()),
    )


def court_case_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[CourtCaseDraft]:
    text = texts() if text is None else text
    return st.builds(
        CourtCaseDraft, court_name=text, police_force=text, operation=text, cps_reference=text
    )


def defendant_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[DefendantDraft]:
    text = texts() if text is None else text
    return st.builds(DefendantDraft, label=text, charges=tuples_of(text, max_size=22))


def survivor_roles() -> st.SearchStrategy[SurvivorRoleDTO]:
    return st.builds(
        SurvivorRoleDTO,
        witness=st.booleans(),
        victim_personal_statement=st.booleans(),
        vps_on=optional(dates()),
    )


def special_measures() -> st.SearchStrategy[SpecialMeasureDTO]:
    return st.builds(
        SpecialMeasureDTO,
        measure=st.sampled_from(SpecialMeasure),
        requested_on=dates(),
        granted=optional(st.booleans()),
        decided_on=optional(dates()),
    )


# -- Activity records -----------------------------------------------------------------------------


def operation_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[OperationDraft]:
    text = texts() if text is None else text
    return st.builds(
        OperationDraft,
        held_on=dates(),
        location_kind=st.sampled_from(OperationLocation),
        lead_agency=text,
        potential_victims_identified=integers(),
        arrests=integers(),
        police_force=text,
        notes=text,
    )


def training_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[TrainingDraft]:
    text = texts() if text is None else text
    return st.builds(
        TrainingDraft,
        held_on=dates(),
        audience=st.sampled_from(TrainingAudience),
        number_trained=integers(),
        number_reporting_improved_knowledge=integers(),
        organisation=text,
        police_force=text,
    )


def advice_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[StrategicAdviceDraft]:
    return st.builds(
        StrategicAdviceDraft,
        given_on=dates(),
        summary=texts() if text is None else text,
        arrests=integers(),
    )


def repatriation_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[RepatriationDraft]:
    text = texts() if text is None else text
    return st.builds(
        RepatriationDraft,
        repatriated_on=dates(),
        country=st.sampled_from(("ER", "VN", "Albania", "eritrea", "XX", "")) | text,
        partner_organisation=text,
    )


def family_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[FamilySupportDraft]:
    return st.builds(
        FamilySupportDraft,
        supported_from=dates(),
        count=integers(),
        relationship=texts() if text is None else text,
    )


# -- Support plans --------------------------------------------------------------------------------


def plan_drafts(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[PlanDraftDTO]:
    text = texts() if text is None else text
    action = st.builds(
        PlanActionDTO,
        what=text,
        who=text,
        by_when=optional(dates()),
        status=st.sampled_from(ActionStatus),
    )
    goal = st.builds(
        PlanGoalDTO,
        domain=st.sampled_from(RecoveryDomain),
        survivor_words=text,
        review_date=optional(dates()),
        actions=tuples_of(action, max_size=3),
    )
    return st.builds(
        PlanDraftDTO,
        language=st.sampled_from(("en", "ar", "ti", "pt-BR", "zh-Hant-TW", "e", "")) | text,
        interpreter_language=st.sampled_from(("", "ar", "ckb")) | text,
        interpreter_name_or_agency=text,
        survivor_priorities=text,
        safety_plan=text,
        goals=tuples_of(goal, max_size=4),
    )


# -- The budget -----------------------------------------------------------------------------------


def pence() -> st.SearchStrategy[int]:
    from models.rules.money import MAX_PENCE

    return integers() | st.sampled_from((0, 1, 100_00, 100_01, MAX_PENCE, MAX_PENCE + 1))


def purchase_drafts(
    text: st.SearchStrategy[str] | None = None,
    case_ids: st.SearchStrategy[int | None] | None = None,
    allocation_ids: st.SearchStrategy[int | None] | None = None,
) -> st.SearchStrategy[PurchaseDraft]:
    text = texts() if text is None else text
    return st.builds(
        PurchaseDraft,
        purchased_on=dates(),
        category=st.sampled_from(PurchaseCategory),
        amount_pence=pence(),
        payment_method=st.sampled_from(PaymentMethod),
        status=st.sampled_from(PurchaseStatus),
        supplier=text,
        purpose=text,
        case_id=case_ids if case_ids is not None else st.none(),
        allocation_id=allocation_ids if allocation_ids is not None else st.none(),
        approved_by=text,
        approved_on=optional(dates()),
    )


def allocation_drafts(
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[AllocationDraft]:
    text = texts() if text is None else text
    return st.builds(
        AllocationDraft,
        name=text,
        period_start=dates(),
        period_end=dates(),
        amount_pence=pence(),
        holder=text,
        notes=text,
    )
