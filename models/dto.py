"""Frozen data objects handed to the UI and to reports. They hold no Session and no ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from models.enums import (
    ActionStatus,
    AgendaKind,
    AssessmentKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    ContactKind,
    CourtEventKind,
    DatePrecision,
    DefendantOutcome,
    ExploitationType,
    ExportField,
    Gender,
    NrmDeadlineKind,
    NrmDecision,
    NrmDecisionKind,
    NrmStage,
    OperationLocation,
    PaymentMethod,
    Perspective,
    PlanChangeKind,
    PlanStatus,
    PoliceEngagement,
    PurchaseCategory,
    PurchaseStatus,
    ReceiptType,
    ReconsiderationOutcome,
    RecoveryDomain,
    ReferralSource,
    SpecialMeasure,
    TimelineMark,
    TrainingAudience,
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


# Support plans ---------------------------------------------------------------------------------


def new_plan_key() -> str:
    """A fresh identity for a goal or action; kept when the plan is copied into a new draft."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class PlanActionDTO:
    """One action under a goal. ``key`` identifies the action across plan versions: keep it
    when editing (``dataclasses.replace`` does); a new action gets a fresh one by default."""

    what: str = ""
    who: str = ""  # free text: "Survivor", "Navigator", an agency
    by_when: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    key: str = field(default_factory=new_plan_key)


@dataclass(frozen=True)
class PlanGoalDTO:
    """One goal, in one recovery domain, in the survivor's own words; actions in order."""

    domain: RecoveryDomain
    survivor_words: str = ""
    review_date: date | None = None
    actions: tuple[PlanActionDTO, ...] = ()
    key: str = field(default_factory=new_plan_key)


@dataclass(frozen=True)
class PlanDraftDTO:
    """The editable content of a plan version: what the editor sends to ``save_draft`` and
    finds again in ``PlanVersionDTO.content``. Goals are stored grouped by domain, in
    ``RecoveryDomain`` order, keeping their order within a domain."""

    language: str = "en"  # BCP 47 tag of the plan as printed for the survivor
    interpreter_language: str = ""  # BCP 47 tag, or "" when no interpreter was used
    interpreter_name_or_agency: str = ""
    survivor_priorities: str = ""
    safety_plan: str = ""
    goals: tuple[PlanGoalDTO, ...] = ()


@dataclass(frozen=True)
class PlanVersionDTO:
    id: int
    case_id: int
    number: int  # 1, 2, … within the case
    status: PlanStatus
    version: int  # the edit counter: pass it back as ``expected_version``
    content: PlanDraftDTO
    agreed_on: date | None
    agreed_by_survivor: bool
    agreed_by_navigator: str  # login of the navigator who recorded the agreement
    reviewed_on: date | None
    based_on_id: int | None  # the agreed version this one was copied from
    created_by: str
    created_at: datetime
    updated_at: datetime

    @property
    def editable(self) -> bool:
        return self.status is PlanStatus.DRAFTED


@dataclass(frozen=True)
class PlanVersionSummary:
    id: int
    number: int
    status: PlanStatus
    version: int
    agreed_on: date | None
    reviewed_on: date | None
    goal_count: int
    action_count: int
    updated_at: datetime


@dataclass(frozen=True)
class SupportPlanDTO:
    case_id: int
    case_reference: str
    versions: tuple[PlanVersionSummary, ...]  # oldest first
    current: PlanVersionDTO | None  # the open draft if any, else the newest version, else None
    draft_id: int | None  # the open draft (there is at most one)
    in_force_id: int | None  # the agreed or reviewed version now in force
    default_language: str  # the survivor's preferred document language, else "en"

    @property
    def can_start_draft(self) -> bool:
        return self.draft_id is None


@dataclass(frozen=True)
class ChangeDTO:
    """One line of what changed since the last agreed version.

    ``text`` is a plain-English sentence that may quote plan text: show it, never log it.
    ``before``/``after`` hold the full old and new values as display text ("" when absent).
    """

    kind: PlanChangeKind
    text: str
    domain: RecoveryDomain | None = None
    goal_key: str = ""
    action_key: str = ""
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class AgendaItemDTO:
    """An overdue action, a plan whose goal reviews are due, an assessment due, an NRM date or
    a court hearing. ``label`` may hold plan text (the action): fine on screen, never in logs or
    the audit. NRM and hearing labels hold no names (a court's name, never a defendant's)."""

    case_id: int
    case_reference: str
    kind: AgendaKind
    due_on: date
    label: str
    plan_version_id: int | None = None  # plan items only
    domains: tuple[RecoveryDomain, ...] = ()
    action_key: str = ""  # overdue actions only
    who: str = ""  # overdue actions only
    court_case_id: int | None = None  # hearings only
    court_event_id: int | None = None  # hearings only
    event_kind: CourtEventKind | None = None  # hearings only


@dataclass(frozen=True)
class PrintableAction:
    what: str
    who: str
    by_when: date | None
    status: ActionStatus


@dataclass(frozen=True)
class PrintableGoal:
    survivor_words: str
    review_date: date | None
    actions: tuple[PrintableAction, ...]


@dataclass(frozen=True)
class PrintableDomain:
    domain: RecoveryDomain
    goals: tuple[PrintableGoal, ...]


@dataclass(frozen=True)
class PrintablePlanDTO:
    """Everything the printed support plan shows, and nothing else (no safe address)."""

    version_id: int
    case_reference: str
    survivor_name: str  # "known as", else given names (else family name)
    language: str  # BCP 47 tag the plan is written in
    navigator: str  # login of the navigator who owns the case
    agreed_by_navigator: str  # "" until agreed
    version_number: int
    status: PlanStatus
    agreed_on: date | None
    reviewed_on: date | None
    interpreter_language: str
    interpreter_name_or_agency: str
    survivor_priorities: str
    safety_plan: str
    domains: tuple[PrintableDomain, ...]  # RecoveryDomain order; only domains with goals


@dataclass(frozen=True)
class NavigatorProfileDTO:
    """The navigator's own work contact details, printed on the plans survivors keep.

    Held in the vault (they are personal data), never in the settings file. Every field may be
    empty: the printed plan then leaves a line to write on.
    """

    display_name: str = ""
    organisation: str = ""
    work_phone: str = ""
    work_email: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.display_name, self.organisation, self.work_phone, self.work_email))


@dataclass(frozen=True)
class PrintLanguageDTO:
    """A language the printed plan's fixed headings come in."""

    code: str  # "ar", "ckb"...
    name_in_english: str
    native_name: str
    reviewed: bool  # False: headings print with the English beside them
    direction: str  # "ltr" or "rtl"


@dataclass(frozen=True)
class RenderedPlanDTO:
    """A printed support plan, ready to preview, print or save. ``file_name`` holds no
    personal data (the case reference and version only)."""

    version_id: int
    case_reference: str
    version_number: int
    status: PlanStatus
    language: str  # the language of the headings, as printed
    large_type: bool
    file_name: str
    pdf: bytes = field(repr=False)


# -- Recovery assessments -------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainScoreDTO:
    """One domain of one assessment: the survivor's score and the navigator's (1 to 5, or None
    when not scored), each with its note, and an optional goal."""

    domain: RecoveryDomain
    survivor_score: int | None = None
    navigator_score: int | None = None
    survivor_note: str = ""
    navigator_note: str = ""
    goal: str = ""

    def score(self, perspective: Perspective) -> int | None:
        return self.survivor_score if perspective is Perspective.SURVIVOR else self.navigator_score


@dataclass(frozen=True)
class AssessmentDraft:
    """What the navigator enters: one DomainScoreDTO per domain, in RecoveryDomain order."""

    kind: AssessmentKind
    assessed_on: date
    scores: tuple[DomainScoreDTO, ...]


@dataclass(frozen=True)
class AssessmentDTO:
    id: int
    case_id: int
    kind: AssessmentKind
    assessed_on: date
    recorded_by: str
    version: int
    scores: tuple[DomainScoreDTO, ...]  # six, in RecoveryDomain order

    def domain(self, domain: RecoveryDomain) -> DomainScoreDTO:
        for entry in self.scores:
            if entry.domain is domain:
                return entry
        return DomainScoreDTO(domain=domain)

    def score(self, domain: RecoveryDomain, perspective: Perspective) -> int | None:
        return self.domain(domain).score(perspective)


@dataclass(frozen=True)
class AssessmentDueDTO:
    """The next assessment a case needs, and the day it falls due."""

    kind: AssessmentKind
    due_on: date


@dataclass(frozen=True)
class RecoveryDTO:
    """A case's assessments, oldest first, and what is due next (None: nothing is)."""

    case_id: int
    case_reference: str
    case_kind: CaseKind
    opened_on: date
    closed_on: date | None
    assessments: tuple[AssessmentDTO, ...]
    next_due: AssessmentDueDTO | None


# -- Recovery summaries and police exports --------------------------------------------------------


@dataclass(frozen=True)
class SupportGivenDTO:
    """Counts for "the support given": contacts logged (referrals apart), referrals made, and
    the goals of the agreed support plan versions, with those met (see rules/support_given)."""

    contacts: int
    referrals: int
    goals_met: int
    goals_in_plan: int


@dataclass(frozen=True)
class IdentityDTO:
    """The survivor's identity as a police summary may show it; empty strings are left out."""

    name: str = ""
    known_as: str = ""
    date_of_birth: str = ""  # already formatted, precision and estimates respected
    gender: str = ""
    nationality: str = ""
    languages: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class RecoverySummaryDTO:
    """What a recovery summary shows, for a reader outside the charity.

    ``identity`` and ``support`` are None when they must not appear (a police summary without
    consent for them); ``assessments`` is empty when recovery scores must not appear.
    ``show_trends`` says whether the trend charts are drawn.
    """

    case_reference: str
    prepared_on: date
    prepared_by: str
    organisation: str
    opened_on: date
    identity: IdentityDTO | None
    assessments: tuple[AssessmentDTO, ...]
    show_trends: bool
    support: SupportGivenDTO | None


@dataclass(frozen=True)
class PoliceRecipientDTO:
    """Who a police summary goes to. Officer and role are the navigator's words."""

    recipient: ConsentRecipient
    force: str
    officer: str
    role: str

    @property
    def line(self) -> str:
        """ "DC Sam Patel, Officer in the case, Kent Police" (the empty parts left out)."""
        return ", ".join(part for part in (self.officer, self.role, self.force) if part.strip())


@dataclass(frozen=True)
class PoliceExportOptionsDTO:
    """What may go to a recipient kind now, from the survivor's consent at this moment.

    ``allowed`` is empty and ``refusal`` says why when nothing may go.
    """

    case_id: int
    case_reference: str
    recipient: ConsentRecipient
    default_force: str
    allowed: frozenset[ExportField]
    refusal: str


@dataclass(frozen=True)
class PoliceSummaryDTO:
    """A police summary: the recovery summary narrowed to the fields sent, plus its marking."""

    summary: RecoverySummaryDTO
    recipient: PoliceRecipientDTO
    fields: frozenset[ExportField]
    export_reference: str  # "" in a preview
    marking: str = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class ExportRecordDTO:
    """One line of the export register."""

    id: int
    reference: str
    case_id: int
    document: str
    recipient: ConsentRecipient
    force: str
    officer: str
    role: str
    fields: tuple[ExportField, ...]
    encrypted: bool
    exported_at: datetime
    exported_by: str


@dataclass(frozen=True)
class RenderedDocumentDTO:
    """A built PDF about one case, with a file name that holds no personal data."""

    case_id: int
    case_reference: str
    file_name: str
    pdf: bytes


# -- The flexible budget (all money in integer pence) --------------------------------------------


@dataclass(frozen=True)
class AllocationDraft:
    name: str
    period_start: date
    period_end: date
    amount_pence: int
    holder: str = ""  # a navigator's login, or "" for the programme
    notes: str = ""


@dataclass(frozen=True)
class AllocationDTO:
    id: int
    version: int
    name: str
    period_start: date
    period_end: date
    amount_pence: int
    holder: str
    notes: str


@dataclass(frozen=True)
class AllocationBalanceDTO:
    """An allocation and where it stands: paid out, promised (requested or approved, not yet
    paid) and what remains (negative when overspent)."""

    allocation: AllocationDTO
    spent_pence: int
    committed_pence: int
    remaining_pence: int

    @property
    def overspent(self) -> bool:
        return self.remaining_pence < 0


@dataclass(frozen=True)
class PurchaseDraft:
    purchased_on: date
    category: PurchaseCategory
    amount_pence: int
    payment_method: PaymentMethod
    status: PurchaseStatus
    supplier: str = ""
    purpose: str = ""
    case_id: int | None = None
    allocation_id: int | None = None
    approved_by: str = ""
    approved_on: date | None = None


@dataclass(frozen=True)
class ReceiptInfoDTO:
    id: int
    purchase_id: int
    media_type: ReceiptType
    size_bytes: int
    added_at: datetime


@dataclass(frozen=True)
class PurchaseDTO:
    id: int
    version: int
    draft: PurchaseDraft
    case_reference: str
    allocation_name: str
    recorded_by: str
    receipts: tuple[ReceiptInfoDTO, ...]


@dataclass(frozen=True)
class PurchaseRow:
    """One line of a purchase list, a statement or an export."""

    id: int
    purchased_on: date
    case_reference: str  # "" for a programme cost
    category: PurchaseCategory
    amount_pence: int
    supplier: str
    payment_method: PaymentMethod
    purpose: str
    status: PurchaseStatus
    approved_by: str
    approved_on: date | None
    allocation_name: str
    receipt_count: int


class PurchaseSort(StrEnum):
    DATE = "date"
    AMOUNT = "amount"
    CATEGORY = "category"
    STATUS = "status"
    SUPPLIER = "supplier"
    CASE = "case"


@dataclass(frozen=True)
class PurchaseQuery:
    date_from: date | None = None
    date_to: date | None = None
    category: PurchaseCategory | None = None
    status: PurchaseStatus | None = None
    case_id: int | None = None
    allocation_id: int | None = None
    search: str = ""  # words in the supplier or the purpose, or a case reference
    sort: PurchaseSort = PurchaseSort.DATE
    descending: bool = True


@dataclass(frozen=True)
class SpendDTO:
    """Spend (paid, less nothing: refunds are their own status) by category and by month."""

    by_category: tuple[tuple[PurchaseCategory, int], ...]
    by_month: tuple[tuple[str, int], ...]  # ("2026-04", pence), in month order
    total_pence: int


@dataclass(frozen=True)
class BudgetOverviewDTO:
    balances: tuple[AllocationBalanceDTO, ...]
    spend: SpendDTO
    period_start: date
    period_end: date
    approval_threshold_pence: int


@dataclass(frozen=True)
class StatementDTO:
    """A month's budget statement for the finance team: no survivor names, case references only."""

    month_start: date
    month_end: date
    organisation: str
    prepared_by: str
    prepared_on: date
    lines: tuple[PurchaseRow, ...]  # every purchase dated in the month except cancelled ones
    paid_pence: int
    committed_pence: int
    refunded_pence: int
    by_category: tuple[tuple[PurchaseCategory, int], ...]  # paid, by category
    balances: tuple[AllocationBalanceDTO, ...]  # as at the month's end
    missing_receipts: int  # paid lines with no receipt


@dataclass(frozen=True)
class RenderedFileDTO:
    """A built document or export not tied to one case; its file name holds no personal data."""

    file_name: str
    data: bytes


# -- NRM and court cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class NrmDraft:
    """A survivor's National Referral Mechanism record as the navigator enters it. A decision
    has both its date and its outcome, or neither (not yet made). ``vcc_end`` None with a
    ``vcc_start`` means the victim care contract support is ongoing."""

    referred_on: date
    first_responder: str = ""  # the First Responder Organisation
    is_child_at_referral: bool = False
    consent_given: bool = False  # an adult must consent; a child's referral needs none
    consent_on: date | None = None
    rg_decided_on: date | None = None
    rg_decision: NrmDecision | None = None
    cg_decided_on: date | None = None
    cg_decision: NrmDecision | None = None
    vcc_start: date | None = None
    vcc_end: date | None = None
    vcc_provider: str = ""


@dataclass(frozen=True)
class ReconsiderationDraft:
    """A request to reconsider a negative decision, and its outcome once known."""

    decision: NrmDecisionKind
    requested_on: date
    outcome: ReconsiderationOutcome = ReconsiderationOutcome.PENDING
    outcome_on: date | None = None


@dataclass(frozen=True)
class ReconsiderationDTO:
    id: int
    version: int
    draft: ReconsiderationDraft


@dataclass(frozen=True)
class NrmDeadlineDTO:
    kind: NrmDeadlineKind
    due_on: date


@dataclass(frozen=True)
class NrmDTO:
    """A case's NRM record with what the rules make of it on the vault's today.

    ``recovery_period_days`` and ``recovery_period_end`` are None until there is a positive
    Reasonable Grounds decision (after an overturned negative one, they count from the date it
    was overturned); ``cg_expected_from`` is the recovery period's end.
    """

    id: int
    case_id: int
    version: int
    draft: NrmDraft
    reconsiderations: tuple[ReconsiderationDTO, ...]  # oldest request first
    stage: NrmStage
    recovery_period_days: int | None
    recovery_period_end: date | None
    cg_expected_from: date | None
    deadlines: tuple[NrmDeadlineDTO, ...]
    recorded_by: str


@dataclass(frozen=True)
class CourtCaseDraft:
    """A criminal case's details. Nothing here names a person."""

    court_name: str = ""
    police_force: str = ""
    operation: str = ""
    cps_reference: str = ""


@dataclass(frozen=True)
class DefendantDraft:
    """A defendant by initials or a pseudonym only ("AB", "Defendant 2"; at most 20 characters),
    and the charges in short words ("s.2 MSA 2015 arranging travel")."""

    label: str
    charges: tuple[str, ...] = ()


@dataclass(frozen=True)
class DefendantDTO:
    id: int
    version: int
    label: str
    charges: tuple[str, ...]
    outcome: DefendantOutcome
    sentence_months: int | None


@dataclass(frozen=True)
class SpecialMeasureDTO:
    """One special measure asked for: ``granted`` None until the court decides, then
    ``decided_on`` is the day it did."""

    measure: SpecialMeasure
    requested_on: date
    granted: bool | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class SurvivorRoleDTO:
    """The survivor's part in a court case: a witness or not, and their victim personal
    statement (VPS) with the day it was made."""

    witness: bool = False
    victim_personal_statement: bool = False
    vps_on: date | None = None


@dataclass(frozen=True)
class CourtCaseLinkDTO:
    """One case (survivor) linked to a court case, with their own role and special measures.
    ``version`` guards the role and the measures."""

    case_id: int
    case_reference: str
    version: int
    role: SurvivorRoleDTO
    special_measures: tuple[SpecialMeasureDTO, ...]  # in SpecialMeasure order


@dataclass(frozen=True)
class EventScheduleDTO:
    """One date an event was listed for; rows are never changed, a reschedule adds one."""

    id: int
    scheduled_for: date
    recorded_at: datetime
    recorded_by: str
    reason: str


@dataclass(frozen=True)
class CourtEventDTO:
    """An event with its whole schedule history, oldest first. ``scheduled_for`` is the latest
    schedule's date; ``attempt`` counts trials (2 after a mistrial and a retrial)."""

    id: int
    court_case_id: int
    version: int
    kind: CourtEventKind
    scheduled_for: date
    actual_on: date | None
    schedules: tuple[EventScheduleDTO, ...]
    attempt: int = 1

    @property
    def reason(self) -> str:
        """Why the event was listed (an adjournment's reason)."""
        return self.schedules[0].reason if self.schedules else ""

    @property
    def rescheduled(self) -> int:
        return max(len(self.schedules) - 1, 0)


@dataclass(frozen=True)
class TrialAttemptDTO:
    number: int
    started_on: date | None  # the trial's (or retrial's) start, scheduled or actual
    ended_on: date | None  # a mistrial, the trial's end or the verdict, if any
    ended_in_mistrial: bool


@dataclass(frozen=True)
class TimelineEntryDTO:
    """One mark on a drawn court timeline, in date order."""

    on: date
    event_id: int
    kind: CourtEventKind
    mark: TimelineMark
    attempt: int
    reason: str = ""  # RESCHEDULED: why it moved; SCHEDULED: why it is on this date
    moved_to: date | None = None  # RESCHEDULED only


@dataclass(frozen=True)
class CourtCaseDTO:
    """A court case with its links, defendants and events (timeline order), and what the rules
    make of them on the vault's today."""

    id: int
    version: int
    draft: CourtCaseDraft
    links: tuple[CourtCaseLinkDTO, ...]
    defendants: tuple[DefendantDTO, ...]
    events: tuple[CourtEventDTO, ...]
    next_hearing: CourtEventDTO | None
    sentence_total_months: int
    trial_attempts: tuple[TrialAttemptDTO, ...]
    timeline: tuple[TimelineEntryDTO, ...]
    recorded_by: str

    def link(self, case_id: int) -> CourtCaseLinkDTO | None:
        for entry in self.links:
            if entry.case_id == case_id:
                return entry
        return None

    def event(self, event_id: int) -> CourtEventDTO | None:
        for entry in self.events:
            if entry.id == event_id:
                return entry
        return None


# -- What happens next sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetHearingDTO:
    """One date ahead on the survivor's "what happens next" sheet: where it is and what kind
    of hearing. Never a defendant's label, a charge or an adjournment's reason."""

    on: date
    kind: CourtEventKind
    court_name: str = ""
    moved: bool = False  # the date has changed at least once


@dataclass(frozen=True)
class WhatHappensNextDTO:
    """What the survivor's printed "what happens next" sheet shows, drawn from every court case
    their case is linked to. ``court_cases`` is how many there are (0: no court case yet)."""

    case_id: int
    case_reference: str
    survivor_name: str
    language: str  # BCP 47 tag, the support plan's language (empty: English)
    court_cases: int
    hearings: tuple[SheetHearingDTO, ...]  # from today, in date order
    witness: bool = False
    victim_personal_statement: bool = False
    measures_granted: tuple[SpecialMeasure, ...] = ()  # in SpecialMeasure order
    measures_waiting: tuple[SpecialMeasure, ...] = ()  # asked for, not decided yet
    navigator: NavigatorProfileDTO | None = None
    printed_on: date | None = None


# -- Programme activity and the impact report ----------------------------------------------------


@dataclass(frozen=True)
class ImpactFigureDTO:
    """One programme figure for a period, with how it was counted.

    ``value`` is the figure as reported. Shares carry their ``numerator`` and ``denominator``
    (the value is then the percentage rounded half up to a whole number, or None when the
    denominator is 0); counts have value == numerator and no denominator. ``rule`` says in one
    sentence what counts, for the report's footnote and the screen's tooltip.
    """

    key: str  # stable, e.g. "support_plan_cases", "police_engagement_share"
    label: str  # "Support plan cases"
    value: int | None
    rule: str
    numerator: int | None = None
    denominator: int | None = None
    is_share: bool = False


@dataclass(frozen=True)
class ImpactBreakdownDTO:
    """A figure split by a category, for charts: (category label, count) in display order."""

    key: str  # e.g. "operations_by_location"
    label: str
    parts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ImpactReportDTO:
    period_start: date
    period_end: date
    navigator: str | None  # narrowed to one navigator's cases and activity, or None for all
    police_force: str | None  # narrowed to one force, or None for all
    generated_on: date
    figures: tuple[ImpactFigureDTO, ...]
    breakdowns: tuple[ImpactBreakdownDTO, ...]

    def figure(self, key: str) -> ImpactFigureDTO:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)


@dataclass(frozen=True)
class ImpactRecordDTO:
    """One record behind a figure, for drilling down: never a survivor's name."""

    on: date | None
    kind: str  # "Support plan case", "Training session", "Operation", …
    reference: str  # a case reference, or a short description ("Heathrow Airport, NCA")
    detail: str  # what made it count ("open from 2 Mar 2026", "42 trained")
    case_id: int | None = None


# -- Activity records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationDraft:
    held_on: date
    location_kind: OperationLocation
    lead_agency: str = ""
    potential_victims_identified: int = 0
    arrests: int = 0
    police_force: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OperationDTO:
    id: int
    version: int
    held_on: date
    location_kind: OperationLocation
    lead_agency: str
    potential_victims_identified: int
    arrests: int
    police_force: str
    navigator: str
    notes: str


@dataclass(frozen=True)
class TrainingDraft:
    held_on: date
    audience: TrainingAudience
    number_trained: int
    number_reporting_improved_knowledge: int = 0
    organisation: str = ""
    police_force: str = ""


@dataclass(frozen=True)
class TrainingDTO:
    id: int
    version: int
    held_on: date
    audience: TrainingAudience
    number_trained: int
    number_reporting_improved_knowledge: int
    organisation: str
    police_force: str
    navigator: str


@dataclass(frozen=True)
class StrategicAdviceDraft:
    given_on: date
    summary: str = ""
    arrests: int = 0  # suspects arrested in the investigation, as reported at the time


@dataclass(frozen=True)
class StrategicAdviceDTO:
    id: int
    version: int
    case_id: int
    given_on: date
    summary: str
    arrests: int
    navigator: str


@dataclass(frozen=True)
class RepatriationDraft:
    repatriated_on: date
    country: str  # ISO 3166-1 alpha-2 code (or a name the countries rule recognises)
    partner_organisation: str = ""


@dataclass(frozen=True)
class RepatriationDTO:
    id: int
    version: int
    case_id: int
    case_reference: str
    repatriated_on: date
    country: str
    partner_organisation: str
    navigator: str


@dataclass(frozen=True)
class FamilySupportDraft:
    supported_from: date
    count: int = 1
    relationship: str = ""


@dataclass(frozen=True)
class FamilySupportDTO:
    id: int
    version: int
    case_id: int
    supported_from: date
    count: int
    relationship: str
