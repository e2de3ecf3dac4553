"""All entities, imported together so the metadata is complete for Alembic and the store."""

from models.entities.activity import (
    FamilyMemberSupport,
    Operation,
    Repatriation,
    StrategicAdvice,
    TrainingSession,
)
from models.entities.assessment import Assessment, AssessmentScore
from models.entities.audit import AuditEntry, ReferenceCounter
from models.entities.budget import BudgetAllocation, BudgetPolicy, Purchase, Receipt
from models.entities.case import Case, CaseExploitation, CaseStatusChange, EngagementChange
from models.entities.consent import Consent
from models.entities.contact import ContactLogEntry
from models.entities.court import (
    CourtCase,
    CourtCaseLink,
    CourtCharge,
    CourtDefendant,
    CourtEvent,
    CourtSpecialMeasure,
    EventSchedule,
)
from models.entities.export_record import ExportRecord
from models.entities.navigator_profile import NavigatorProfile
from models.entities.nrm import NrmReconsideration, NrmReferral
from models.entities.person import NEVER_EXPORT, Dependant, Person, PersonLanguage
from models.entities.support_plan import PlanAction, PlanGoal, PlanVersion

__all__ = [
    "NEVER_EXPORT",
    "Assessment",
    "AssessmentScore",
    "AuditEntry",
    "BudgetAllocation",
    "BudgetPolicy",
    "Case",
    "CaseExploitation",
    "CaseStatusChange",
    "Consent",
    "ContactLogEntry",
    "CourtCase",
    "CourtCaseLink",
    "CourtCharge",
    "CourtDefendant",
    "CourtEvent",
    "CourtSpecialMeasure",
    "Dependant",
    "EngagementChange",
    "EventSchedule",
    "ExportRecord",
    "FamilyMemberSupport",
    "NavigatorProfile",
    "NrmReconsideration",
    "NrmReferral",
    "Operation",
    "Person",
    "PersonLanguage",
    "PlanAction",
    "PlanGoal",
    "PlanVersion",
    "Purchase",
    "Receipt",
    "ReferenceCounter",
    "Repatriation",
    "StrategicAdvice",
    "TrainingSession",
]
