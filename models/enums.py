"""Enumerations stored as text. Display labels live in the UI and report layers."""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    SUPPORT_PLAN = "support_plan"
    STRATEGIC_ADVICE = "strategic_advice"


class CaseStatus(StrEnum):
    REFERRED = "referred"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


class ReferralSource(StrEnum):
    POLICE_FORCE = "police_force"
    BORDER_FORCE = "border_force"
    NGO = "ngo"
    LOCAL_AUTHORITY = "local_authority"
    HEALTH = "health"
    SELF = "self"
    OTHER = "other"


class ExploitationType(StrEnum):
    SEXUAL = "sexual"
    LABOUR = "labour"
    CRIMINAL = "criminal"
    DOMESTIC_SERVITUDE = "domestic_servitude"
    ORGAN_HARVESTING = "organ_harvesting"
    OTHER = "other"


class PoliceEngagement(StrEnum):
    NOT_YET_ASKED = "not_yet_asked"
    ENGAGED = "engaged"
    CONSIDERING = "considering"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    OTHER = "other"
    NOT_STATED = "not_stated"


class DatePrecision(StrEnum):
    """How much of a stored date is known. An estimate never invents a day."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class ContactKind(StrEnum):
    VISIT = "visit"
    PHONE_CALL = "phone_call"
    MEETING = "meeting"
    MESSAGE = "message"
    COURT = "court"
    # A referral to another service (therapy, housing, legal advice): counted as support given.
    REFERRAL = "referral"
    OTHER = "other"


class ConsentRecipient(StrEnum):
    POLICE = "police"
    CPS = "cps"
    OTHER_NGO = "other_ngo"
    ANONYMOUS_REPORTING = "anonymous_reporting"


class ConsentState(StrEnum):
    NOT_ASKED = "not_asked"
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class ConsentScope(StrEnum):
    """What a survivor may agree to share with a recipient kind."""

    IDENTITY = "identity"
    CONTACT_DETAILS = "contact_details"
    RECOVERY_SCORES = "recovery_scores"
    SUPPORT_SUMMARY = "support_summary"
    NRM_STATUS = "nrm_status"
    COURT_SUPPORT_NEEDS = "court_support_needs"


class AuditAction(StrEnum):
    VAULT_CREATED = "vault_created"
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    PRINT = "print"
    EXPORT = "export"
    BACKUP = "backup"
    MIGRATE = "migrate"


class RecoveryDomain(StrEnum):
    """The six recovery domains, in the order plans and assessments present them."""

    MENTAL_HEALTH = "mental_health"
    PHYSICAL_HEALTH = "physical_health"
    FINANCIAL_STABILITY = "financial_stability"
    SOCIAL_CONNECTION = "social_connection"
    SAFETY = "safety"
    LEGAL_STATUS = "legal_status"


class PlanStatus(StrEnum):
    """A support plan version's life: drafted, agreed, (reviewed,) then superseded."""

    DRAFTED = "drafted"
    AGREED = "agreed"
    REVIEWED = "reviewed"
    SUPERSEDED = "superseded"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class PlanChangeKind(StrEnum):
    """What kind of difference one line of "what changed since the last agreed version" is."""

    LANGUAGE_CHANGED = "language_changed"
    INTERPRETER_CHANGED = "interpreter_changed"
    PRIORITIES_CHANGED = "priorities_changed"
    SAFETY_PLAN_CHANGED = "safety_plan_changed"
    GOAL_ADDED = "goal_added"
    GOAL_REMOVED = "goal_removed"
    GOAL_CHANGED = "goal_changed"
    GOAL_MOVED = "goal_moved"
    GOAL_REVIEW_DATE_CHANGED = "goal_review_date_changed"
    ACTION_ADDED = "action_added"
    ACTION_REMOVED = "action_removed"
    ACTION_CHANGED = "action_changed"
    ACTION_STATUS_CHANGED = "action_status_changed"
    ACTION_DATE_CHANGED = "action_date_changed"


class AgendaKind(StrEnum):
    OVERDUE_ACTION = "overdue_action"
    PLAN_REVIEW_DUE = "plan_review_due"
    ASSESSMENT_DUE = "assessment_due"


class AssessmentKind(StrEnum):
    """Intake when the case opens, a review every four months, and one at closing."""

    INTAKE = "intake"
    REVIEW = "review"
    CLOSING = "closing"


class Perspective(StrEnum):
    """Whose view a recovery score is: the survivor's own, or the navigator's. The two are
    kept side by side and never averaged."""

    SURVIVOR = "survivor"
    NAVIGATOR = "navigator"


class ExportField(StrEnum):
    """One thing a police summary can carry. Each belongs to one ConsentScope
    (models.rules.police_export), and goes out only if the survivor agreed to that scope."""

    NAME = "name"
    KNOWN_AS = "known_as"
    DATE_OF_BIRTH = "date_of_birth"
    GENDER = "gender"
    NATIONALITY = "nationality"
    LANGUAGES = "languages"
    PHONE = "phone"
    EMAIL = "email"
    RECOVERY_SCORES = "recovery_scores"
    RECOVERY_TRENDS = "recovery_trends"
    SUPPORT_GIVEN = "support_given"


class PurchaseCategory(StrEnum):
    CLOTHING = "clothing"
    FOOD = "food"
    TRAVEL = "travel"
    COMMUNICATION = "communication"
    ACCOMMODATION = "accommodation"
    THERAPY = "therapy_counselling"
    SAFETY_EQUIPMENT = "safety_equipment"
    LEGAL_DOCUMENTS = "legal_documents"
    REPATRIATION = "repatriation"
    EDUCATION = "education"
    OTHER = "other"


class PaymentMethod(StrEnum):
    CARD = "card"
    CASH = "cash"
    VOUCHER = "voucher"
    INVOICE = "invoice"


class PurchaseStatus(StrEnum):
    """requested → approved → paid → refunded; requested or approved → cancelled. A purchase
    at or under the approval threshold may go from requested straight to paid."""

    REQUESTED = "requested"
    APPROVED = "approved"
    PAID = "paid"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"


class ReceiptType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
