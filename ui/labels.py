"""Display labels for the core's enumerations (the core stores values, never labels)."""

from __future__ import annotations

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

LABELS: dict[StrEnum, str] = {
    CaseKind.SUPPORT_PLAN: "Support plan",
    CaseKind.STRATEGIC_ADVICE: "Strategic advice",
    CaseStatus.REFERRED: "Referred",
    CaseStatus.ACTIVE: "Active",
    CaseStatus.ON_HOLD: "On hold",
    CaseStatus.CLOSED: "Closed",
    ReferralSource.POLICE_FORCE: "Police force",
    ReferralSource.BORDER_FORCE: "Border Force",
    ReferralSource.NGO: "NGO",
    ReferralSource.LOCAL_AUTHORITY: "Local authority",
    ReferralSource.HEALTH: "Health service",
    ReferralSource.SELF: "Self-referral",
    ReferralSource.OTHER: "Other",
    ExploitationType.SEXUAL: "Sexual",
    ExploitationType.LABOUR: "Labour",
    ExploitationType.CRIMINAL: "Criminal",
    ExploitationType.DOMESTIC_SERVITUDE: "Domestic servitude",
    ExploitationType.ORGAN_HARVESTING: "Organ harvesting",
    ExploitationType.OTHER: "Other",
    PoliceEngagement.NOT_YET_ASKED: "Not yet asked",
    PoliceEngagement.ENGAGED: "Engaged",
    PoliceEngagement.CONSIDERING: "Considering",
    PoliceEngagement.DECLINED: "Declined",
    PoliceEngagement.WITHDRAWN: "Withdrawn",
    Gender.FEMALE: "Female",
    Gender.MALE: "Male",
    Gender.NON_BINARY: "Non-binary",
    Gender.OTHER: "Other",
    Gender.NOT_STATED: "Not stated",
    DatePrecision.DAY: "Exact date",
    DatePrecision.MONTH: "Month and year only",
    DatePrecision.YEAR: "Year only",
    ContactKind.VISIT: "Visit",
    ContactKind.PHONE_CALL: "Phone call",
    ContactKind.MEETING: "Meeting",
    ContactKind.MESSAGE: "Message",
    ContactKind.COURT: "Court",
    ContactKind.OTHER: "Other",
    ConsentRecipient.POLICE: "Police",
    ConsentRecipient.CPS: "Crown Prosecution Service",
    ConsentRecipient.OTHER_NGO: "Other NGO",
    ConsentRecipient.ANONYMOUS_REPORTING: "Anonymous reporting",
    ConsentState.NOT_ASKED: "Not asked",
    ConsentState.GIVEN: "Given",
    ConsentState.WITHDRAWN: "Withdrawn",
    ConsentScope.IDENTITY: "Identity (name, date of birth)",
    ConsentScope.CONTACT_DETAILS: "Contact details",
    ConsentScope.RECOVERY_SCORES: "Recovery scores",
    ConsentScope.SUPPORT_SUMMARY: "Summary of support given",
    ConsentScope.NRM_STATUS: "NRM status",
    ConsentScope.COURT_SUPPORT_NEEDS: "Court support needs",
    AuditAction.VAULT_CREATED: "Vault created",
    AuditAction.UNLOCK: "Unlocked",
    AuditAction.FAILED_UNLOCK: "Failed unlock",
    AuditAction.LOCK: "Locked",
    AuditAction.VIEW: "Viewed",
    AuditAction.CREATE: "Created",
    AuditAction.EDIT: "Edited",
    AuditAction.DELETE: "Deleted",
    AuditAction.PRINT: "Printed",
    AuditAction.EXPORT: "Exported",
    AuditAction.BACKUP: "Backed up",
    AuditAction.MIGRATE: "Migrated",
}

# The names of languages a navigator meets most, by BCP 47 tag.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "sq": "Albanian", "vi": "Vietnamese", "ti": "Tigrinya", "am": "Amharic",
    "ar": "Arabic", "fa": "Farsi", "prs": "Dari", "ckb": "Kurdish (Sorani)",
    "kmr": "Kurdish (Kurmanji)", "ps": "Pashto", "ur": "Urdu", "ro": "Romanian", "pl": "Polish",
    "uk": "Ukrainian", "ru": "Russian", "bg": "Bulgarian", "sk": "Slovak", "cs": "Czech",
    "lt": "Lithuanian", "zh": "Chinese", "hi": "Hindi", "pa": "Punjabi", "bn": "Bengali",
    "ta": "Tamil", "yo": "Yoruba", "ig": "Igbo", "so": "Somali", "fr": "French",
    "pt": "Portuguese", "es": "Spanish", "tr": "Turkish", "th": "Thai", "tl": "Tagalog",
}  # fmt: skip


def label(value: StrEnum) -> str:
    return LABELS.get(value, value.value.replace("_", " ").capitalize())


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag, tag)
