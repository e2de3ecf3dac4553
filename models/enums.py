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
    RESTORE = "restore"
    PASSPHRASE_CHANGED = "passphrase_changed"
    KEY_ROTATED = "key_rotated"
    RECOVERY_KEY_SHOWN = "recovery_key_shown"
    RECOVERY_KEY_REPLACED = "recovery_key_replaced"
    PERMISSIONS_FIXED = "permissions_fixed"


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
    NRM_DEADLINE = "nrm_deadline"
    HEARING = "hearing"


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


# -- NRM and court cases ---------------------------------------------------------------------------


class NrmDecisionKind(StrEnum):
    """The two decisions of the National Referral Mechanism, in the order they are made."""

    REASONABLE_GROUNDS = "reasonable_grounds"
    CONCLUSIVE_GROUNDS = "conclusive_grounds"


class NrmDecision(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class ReconsiderationOutcome(StrEnum):
    """A request to reconsider a negative decision: still pending, the decision upheld (it
    stands), or overturned (it becomes positive on the outcome date)."""

    PENDING = "pending"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class NrmStage(StrEnum):
    """Where a survivor's referral stands (models.rules.nrm_deadlines.nrm_stage)."""

    AWAITING_RG = "awaiting_rg"
    RECOVERY_PERIOD = "recovery_period"
    AWAITING_CG = "awaiting_cg"
    CG_POSITIVE = "cg_positive"
    NEGATIVE_DECISION = "negative_decision"
    RECONSIDERATION_PENDING = "reconsideration_pending"


class NrmDeadlineKind(StrEnum):
    # The last day of the minimum recovery period; the Conclusive Grounds decision may be made
    # from that day on.
    RECOVERY_PERIOD_ENDS = "recovery_period_ends"


class CourtEventKind(StrEnum):
    """The steps of a criminal case (CPS victim guide), plus what interrupts them."""

    CHARGE = "charge"
    FIRST_APPEARANCE = "first_appearance"
    PTPH = "ptph"  # Plea and Trial Preparation Hearing
    TRIAL_START = "trial_start"
    TRIAL_END = "trial_end"
    ADJOURNMENT = "adjournment"
    MISTRIAL = "mistrial"
    RETRIAL_LISTED = "retrial_listed"  # the retrial, listed to start on its scheduled date
    VERDICT = "verdict"
    SENTENCING = "sentencing"


class SpecialMeasure(StrEnum):
    """Special measures a witness may ask the court for."""

    SCREENS = "screens"
    LIVE_LINK = "live_link"
    VIDEO_RECORDED_EVIDENCE = "video_recorded_evidence"
    INTERMEDIARY = "intermediary"
    CLEARING_PUBLIC_GALLERY = "clearing_public_gallery"


class DefendantOutcome(StrEnum):
    PENDING = "pending"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    CHARGE_DROPPED = "charge_dropped"


class TimelineMark(StrEnum):
    """What one entry of a court timeline shows: a date an event was moved away from, the date
    it is now scheduled for, or the day it happened."""

    RESCHEDULED = "rescheduled"
    SCHEDULED = "scheduled"
    HAPPENED = "happened"


class OperationLocation(StrEnum):
    """Where a police or Border Force operation the navigator supported took place."""

    AIRPORT = "airport"
    PORT = "port"
    BROTHEL = "brothel"
    NAIL_BAR = "nail_bar"
    CAR_WASH = "car_wash"
    CARE_HOME = "care_home"
    ASYLUM_WELFARE_CHECK = "asylum_welfare_check"
    OTHER = "other"


class TrainingAudience(StrEnum):
    """Who a training session was for."""

    POLICE_LAW_ENFORCEMENT = "police_law_enforcement"
    OTHER_STAKEHOLDERS = "other_stakeholders"
