"""The services bound to one unlocked vault, as the UI sees them.

Each method is one unit of work and returns frozen DTOs. The UI calls these on the database
worker thread only; it never sees a Session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from models.dto import (
    AgendaItemDTO,
    AllocationDraft,
    AllocationDTO,
    AssessmentDraft,
    AssessmentDTO,
    AuditRow,
    BudgetOverviewDTO,
    CaseDetail,
    CaseEdit,
    CaseloadQuery,
    CaseRow,
    ChangeDTO,
    ConsentDTO,
    ContactDraft,
    ContactEntryDTO,
    CourtCaseDraft,
    CourtCaseDTO,
    CourtEventDTO,
    DefendantDraft,
    ExportRecordDTO,
    FamilySupportDraft,
    FamilySupportDTO,
    ImpactRecordDTO,
    ImpactReportDTO,
    NavigatorProfileDTO,
    NewCase,
    NrmDraft,
    NrmDTO,
    OperationDraft,
    OperationDTO,
    PlanDraftDTO,
    PlanVersionDTO,
    PoliceExportOptionsDTO,
    PoliceRecipientDTO,
    PrintablePlanDTO,
    PrintLanguageDTO,
    PurchaseDraft,
    PurchaseDTO,
    PurchaseQuery,
    PurchaseRow,
    ReceiptInfoDTO,
    ReconsiderationDraft,
    RecoveryDTO,
    RecoverySummaryDTO,
    RenderedDocumentDTO,
    RenderedFileDTO,
    RenderedPlanDTO,
    RepatriationDraft,
    RepatriationDTO,
    SpecialMeasureDTO,
    SpendDTO,
    StatementDTO,
    StrategicAdviceDraft,
    StrategicAdviceDTO,
    SupportPlanDTO,
    SurvivorRoleDTO,
    TrainingDraft,
    TrainingDTO,
)
from models.enums import (
    AgendaKind,
    AuditAction,
    ConsentRecipient,
    CourtEventKind,
    DefendantOutcome,
    ExportField,
    ReceiptType,
)
from models.services import (
    assessments,
    audit,
    budget_policy,
    budget_reports,
    caseload,
    cases,
    check,
    consent,
    contacts,
    court,
    court_defendants,
    court_events,
    nrm,
    plan_printing,
    police_export,
    purchases,
    recovery_summary,
    support_plans,
)
from models.services import navigator_profile as profile_service
from models.services.context import ServiceContext


class Services:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def user(self) -> str:
        return self.ctx.user

    # Caseload
    def caseload_ids(self, query: CaseloadQuery) -> list[int]:
        return caseload.query_case_ids(self.ctx, query)

    def caseload_rows(self, case_ids: Sequence[int]) -> list[CaseRow]:
        return caseload.fetch_rows(self.ctx, case_ids)

    def police_forces(self) -> list[str]:
        return caseload.police_forces(self.ctx)

    def count_cases(self) -> int:
        return caseload.count_cases(self.ctx)

    # Cases
    def create_case(self, new: NewCase) -> CaseDetail:
        return cases.create_case(self.ctx, new)

    def open_case(self, case_id: int) -> CaseDetail:
        return cases.open_case(self.ctx, case_id)

    def refresh_case(self, case_id: int) -> CaseDetail:
        """Re-read an open case after a change elsewhere; not audited as a new view."""
        return cases.get_case(self.ctx, case_id)

    def update_case(self, edit: CaseEdit) -> CaseDetail:
        return cases.update_case(self.ctx, edit)

    # Contact log
    def contacts(self, case_id: int) -> list[ContactEntryDTO]:
        return contacts.list_contacts(self.ctx, case_id)

    def add_contact(self, case_id: int, draft: ContactDraft) -> ContactEntryDTO:
        return contacts.add_contact(self.ctx, case_id, draft)

    def update_contact(
        self, entry_id: int, expected_version: int, draft: ContactDraft
    ) -> ContactEntryDTO:
        return contacts.update_contact(self.ctx, entry_id, expected_version, draft)

    # Consent
    def consents(self, person_id: int) -> list[ConsentDTO]:
        return consent.list_consents(self.ctx, person_id)

    def record_consent(self, person_id: int, record: ConsentDTO) -> ConsentDTO:
        return consent.record_consent(self.ctx, person_id, record)

    # Audit
    def case_history(self, case_id: int) -> list[AuditRow]:
        return audit.case_history(self.ctx, case_id)

    def record(
        self, action: AuditAction, entity_type: str = "", entity_id: int | None = None
    ) -> None:
        audit.record(self.ctx, action, entity_type, entity_id)

    def record_failed_unlocks(self, attempts: Iterable[datetime]) -> int:
        return audit.record_failed_unlocks(self.ctx, attempts)

    def check(self) -> check.VaultCheckReport:
        return check.check_vault(self.ctx)

    # Support plans
    def support_plan(self, case_id: int) -> SupportPlanDTO:
        return support_plans.get_plan(self.ctx, case_id)

    def start_plan_draft(self, case_id: int) -> PlanVersionDTO:
        return support_plans.start_draft(self.ctx, case_id)

    def save_plan_draft(
        self, version_id: int, expected_version: int, draft: PlanDraftDTO
    ) -> PlanVersionDTO:
        return support_plans.save_draft(self.ctx, version_id, expected_version, draft)

    def agree_plan(
        self, version_id: int, expected_version: int, agreed_on: date, by_survivor: bool
    ) -> PlanVersionDTO:
        return support_plans.agree(self.ctx, version_id, expected_version, agreed_on, by_survivor)

    def mark_plan_reviewed(
        self, version_id: int, expected_version: int, reviewed_on: date
    ) -> PlanVersionDTO:
        return support_plans.mark_reviewed(self.ctx, version_id, expected_version, reviewed_on)

    def plan_changes(self, version_id: int) -> list[ChangeDTO]:
        return support_plans.changes_since_agreed(self.ctx, version_id)

    def agenda_items(self, today: date | None = None) -> list[AgendaItemDTO]:
        """What is due by ``today`` (the vault's today if None): overdue plan actions, plan
        reviews, recovery assessments, NRM dates and court hearings, soonest first."""
        horizon = today or self.ctx.today()
        items = support_plans.agenda_items(self.ctx, horizon)
        items += assessments.agenda_items(self.ctx, horizon)
        items += nrm.agenda_items(self.ctx, horizon)
        items += court.agenda_items(self.ctx, horizon)
        kinds = tuple(AgendaKind)
        return sorted(
            items,
            key=lambda i: (i.due_on, i.case_reference, kinds.index(i.kind), i.label, i.action_key),
        )

    def plan_for_print(self, version_id: int) -> PrintablePlanDTO:
        return support_plans.plan_for_print(self.ctx, version_id)

    # Printing support plans
    def navigator_profile(self) -> NavigatorProfileDTO:
        """The navigator's own details for printed plans (all empty until saved)."""
        return profile_service.get_profile(self.ctx)

    def save_navigator_profile(self, profile: NavigatorProfileDTO) -> NavigatorProfileDTO:
        return profile_service.save_profile(self.ctx, profile)

    def plan_print_languages(self) -> list[PrintLanguageDTO]:
        return plan_printing.print_languages()

    def plan_version_to_print(self, case_reference: str) -> int:
        """The plan in force for the case, else its newest draft (raises NoPlanToPrint)."""
        return plan_printing.version_to_print(self.ctx, case_reference)

    def prepare_support_plan(
        self, version_id: int, *, language: str | None = None, large_type: bool = False
    ) -> RenderedPlanDTO:
        """The printed plan, with its file name; writes nothing (see record_plan_printed)."""
        return plan_printing.prepare_support_plan(
            self.ctx, version_id, language=language, large_type=large_type
        )

    def render_support_plan(
        self, version_id: int, *, language: str | None = None, large_type: bool = False
    ) -> bytes:
        return plan_printing.render_support_plan(
            self.ctx, version_id, language=language, large_type=large_type
        )

    def record_plan_printed(self, version_id: int) -> None:
        """Audit one print or save of a plan version (AuditAction.PRINT, "support_plan")."""
        plan_printing.record_printed(self.ctx, version_id)

    # Recovery assessments
    def recovery(self, case_id: int) -> RecoveryDTO:
        """A case's assessments (oldest first) and the next one due."""
        return assessments.recovery(self.ctx, case_id)

    def record_assessment(self, case_id: int, draft: AssessmentDraft) -> AssessmentDTO:
        return assessments.record_assessment(self.ctx, case_id, draft)

    def update_assessment(
        self, assessment_id: int, expected_version: int, draft: AssessmentDraft
    ) -> AssessmentDTO:
        return assessments.update_assessment(self.ctx, assessment_id, expected_version, draft)

    # Recovery summaries
    def recovery_summary_case(self, case_reference: str) -> int:
        """The case ID for a reference (raises NoRecoveryToSummarise with the reason)."""
        return recovery_summary.case_id_for(self.ctx, case_reference)

    def recovery_summary(self, case_id: int) -> RecoverySummaryDTO:
        return recovery_summary.recovery_summary(self.ctx, case_id)

    def prepare_recovery_summary(self, case_id: int) -> RenderedDocumentDTO:
        """The recovery summary PDF; writes nothing (see record_recovery_summary_printed)."""
        return recovery_summary.prepare_recovery_summary(self.ctx, case_id)

    def record_recovery_summary_printed(self, case_id: int) -> None:
        recovery_summary.record_printed(self.ctx, case_id)

    # Police summaries
    def police_export_options(
        self, case_id: int, recipient: ConsentRecipient = ConsentRecipient.POLICE
    ) -> PoliceExportOptionsDTO:
        return police_export.export_options(self.ctx, case_id, recipient)

    def preview_police_summary(
        self,
        case_id: int,
        recipient: PoliceRecipientDTO,
        fields: Iterable[ExportField] | None = None,
    ) -> bytes:
        return police_export.preview(self.ctx, case_id, recipient, fields)

    def export_police_summary(
        self,
        case_id: int,
        recipient: PoliceRecipientDTO,
        deliver: Callable[[str, bytes], None],
        *,
        fields: Iterable[ExportField] | None = None,
        password: str | None = None,
    ) -> ExportRecordDTO:
        """Check consent now, number, build, deliver and record one export (see
        models.services.police_export.export)."""
        return police_export.export(
            self.ctx, case_id, recipient, deliver, fields=fields, password=password
        )

    def export_register(self, case_id: int) -> list[ExportRecordDTO]:
        return police_export.export_register(self.ctx, case_id)

    # The flexible budget
    def approval_threshold(self) -> int:
        """Pence: purchases above this need approval before they are paid."""
        return budget_policy.approval_threshold(self.ctx)

    def set_approval_threshold(self, pence: int) -> int:
        return budget_policy.set_approval_threshold(self.ctx, pence)

    def allocations(self) -> list[AllocationDTO]:
        return budget_policy.list_allocations(self.ctx)

    def save_allocation(
        self,
        draft: AllocationDraft,
        allocation_id: int | None = None,
        expected_version: int | None = None,
    ) -> AllocationDTO:
        return budget_policy.save_allocation(self.ctx, draft, allocation_id, expected_version)

    def budget_overview(
        self, start: date | None = None, end: date | None = None
    ) -> BudgetOverviewDTO:
        """Balances of every allocation; spend by category and month (default: this financial
        year)."""
        return budget_reports.overview(self.ctx, start, end)

    def spend(self, start: date, end: date) -> SpendDTO:
        return budget_reports.spend(self.ctx, start, end)

    def purchase_ids(self, query: PurchaseQuery) -> list[int]:
        return purchases.purchase_ids(self.ctx, query)

    def purchase_rows(self, ids: Sequence[int]) -> list[PurchaseRow]:
        return purchases.purchase_rows(self.ctx, ids)

    def purchase_total(self, query: PurchaseQuery) -> tuple[int, int]:
        """(number of purchases, paid spend in pence) matching ``query``."""
        return purchases.purchase_total(self.ctx, query)

    def purchase(self, purchase_id: int) -> PurchaseDTO:
        return purchases.get_purchase(self.ctx, purchase_id)

    def record_purchase(
        self, draft: PurchaseDraft, *, confirm_overspend: bool = False
    ) -> PurchaseDTO:
        """Raises OverspendWarning (nothing saved) unless ``confirm_overspend``."""
        return purchases.record_purchase(self.ctx, draft, confirm_overspend=confirm_overspend)

    def update_purchase(
        self,
        purchase_id: int,
        expected_version: int,
        draft: PurchaseDraft,
        *,
        confirm_overspend: bool = False,
    ) -> PurchaseDTO:
        return purchases.update_purchase(
            self.ctx, purchase_id, expected_version, draft, confirm_overspend=confirm_overspend
        )

    def add_receipt(self, purchase_id: int, content: bytes) -> ReceiptInfoDTO:
        """Raises ReceiptRefused with the reason (too large, empty, not PDF/JPEG/PNG)."""
        return purchases.add_receipt(self.ctx, purchase_id, content)

    def receipt_content(self, receipt_id: int) -> tuple[ReceiptType, bytes]:
        return purchases.receipt_content(self.ctx, receipt_id)

    def budget_statement(self, month_start: date) -> StatementDTO:
        return budget_reports.statement(self.ctx, month_start)

    def prepare_budget_statement(self, month_start: date) -> RenderedFileDTO:
        """The month's statement PDF; writes nothing (see record_budget_export)."""
        return budget_reports.prepare_statement(self.ctx, month_start)

    def prepare_purchase_export(
        self, date_from: date, date_to: date, file_format: str
    ) -> RenderedFileDTO:
        """Purchases as "csv" or "xlsx"; writes nothing (see record_budget_export)."""
        return budget_reports.prepare_export(self.ctx, date_from, date_to, file_format)

    def record_budget_export(self, entity: str) -> None:
        """``budget_reports.STATEMENT_ENTITY`` or ``budget_reports.EXPORT_ENTITY``."""
        budget_reports.record_budget_export(self.ctx, entity)

    # The National Referral Mechanism
    def nrm(self, case_id: int) -> NrmDTO | None:
        """The case's NRM record with its stage and dates, or None when none is recorded."""
        return nrm.get_nrm(self.ctx, case_id)

    def save_nrm(
        self, case_id: int, draft: NrmDraft, expected_version: int | None = None
    ) -> NrmDTO:
        """Record the referral (``expected_version`` None) or change it."""
        return nrm.save_nrm(self.ctx, case_id, draft, expected_version)

    def add_reconsideration(self, nrm_id: int, draft: ReconsiderationDraft) -> NrmDTO:
        return nrm.add_reconsideration(self.ctx, nrm_id, draft)

    def update_reconsideration(
        self, reconsideration_id: int, expected_version: int, draft: ReconsiderationDraft
    ) -> NrmDTO:
        return nrm.update_reconsideration(self.ctx, reconsideration_id, expected_version, draft)

    # Court cases
    def court_cases(self, case_id: int) -> list[CourtCaseDTO]:
        return court.court_cases(self.ctx, case_id)

    def court_case(self, court_case_id: int) -> CourtCaseDTO:
        return court.get_court_case(self.ctx, court_case_id)

    def create_court_case(self, draft: CourtCaseDraft, case_ids: Sequence[int]) -> CourtCaseDTO:
        return court.create_court_case(self.ctx, draft, case_ids)

    def update_court_case(
        self,
        court_case_id: int,
        expected_version: int,
        draft: CourtCaseDraft,
        case_ids: Sequence[int] | None = None,
    ) -> CourtCaseDTO:
        """``case_ids`` None keeps the cases linked; a list replaces them."""
        return court.update_court_case(self.ctx, court_case_id, expected_version, draft, case_ids)

    def set_survivor_role(
        self, court_case_id: int, case_id: int, expected_version: int, role: SurvivorRoleDTO
    ) -> CourtCaseDTO:
        """``expected_version``: the link's (CourtCaseLinkDTO.version)."""
        return court.set_survivor_role(self.ctx, court_case_id, case_id, expected_version, role)

    def set_special_measure(
        self,
        court_case_id: int,
        case_id: int,
        expected_version: int,
        measure: SpecialMeasureDTO,
    ) -> CourtCaseDTO:
        """``expected_version``: the link's (CourtCaseLinkDTO.version)."""
        return court.set_special_measure(
            self.ctx, court_case_id, case_id, expected_version, measure
        )

    def add_defendant(self, court_case_id: int, draft: DefendantDraft) -> CourtCaseDTO:
        return court_defendants.add_defendant(self.ctx, court_case_id, draft)

    def update_defendant(
        self, defendant_id: int, expected_version: int, draft: DefendantDraft
    ) -> CourtCaseDTO:
        return court_defendants.update_defendant(self.ctx, defendant_id, expected_version, draft)

    def set_defendant_outcome(
        self,
        defendant_id: int,
        expected_version: int,
        outcome: DefendantOutcome,
        sentence_months: int | None = None,
    ) -> CourtCaseDTO:
        return court_defendants.set_defendant_outcome(
            self.ctx, defendant_id, expected_version, outcome, sentence_months
        )

    def add_court_event(
        self,
        court_case_id: int,
        kind: CourtEventKind,
        scheduled_for: date,
        reason: str = "",
        actual_on: date | None = None,
    ) -> CourtEventDTO:
        return court_events.add_court_event(
            self.ctx, court_case_id, kind, scheduled_for, reason, actual_on
        )

    def reschedule_event(
        self, event_id: int, expected_version: int, new_date: date, reason: str
    ) -> CourtEventDTO:
        """Adds a schedule row; earlier dates are kept with their reasons."""
        return court_events.reschedule_event(self.ctx, event_id, expected_version, new_date, reason)

    def record_event_outcome(
        self, event_id: int, expected_version: int, actual_on: date | None
    ) -> CourtEventDTO:
        return court_events.record_event_outcome(self.ctx, event_id, expected_version, actual_on)

    # The Agenda as a calendar file
    def prepare_calendar(self, days: int | None = 14) -> RenderedFileDTO:
        """Agenda items from today to ``days`` ahead (None: all) as an .ics file holding only
        case references and kinds of date; writes nothing (see record_calendar_export)."""
        from models.services import calendar_export

        return calendar_export.prepare_calendar(self.ctx, days)

    def record_calendar_export(self) -> None:
        """Audit one calendar export (AuditAction.EXPORT, "calendar")."""
        from models.services import calendar_export

        calendar_export.record_calendar_export(self.ctx)

    def prepare_what_happens_next(
        self, case_id: int, language: str | None = None
    ) -> RenderedDocumentDTO:
        """The survivor's "what happens next" court sheet (writes nothing)."""
        from models.services import court_sheet

        return court_sheet.prepare_what_happens_next(self.ctx, case_id, language)

    def record_what_happens_next_printed(self, case_id: int) -> None:
        """Audit one print or save of the sheet (AuditAction.PRINT, "court_sheet")."""
        from models.services import court_sheet

        court_sheet.record_printed(self.ctx, case_id)

    # Programme activity and the impact report
    def impact_report(
        self,
        start: date,
        end: date,
        navigator: str | None = None,
        police_force: str | None = None,
    ) -> ImpactReportDTO:
        """Every impact figure for [start, end] (both days included), optionally narrowed to one
        navigator or one police force; reads only."""
        from models.services import impact

        return impact.impact_report(self.ctx, start, end, navigator, police_force)

    def impact_records(
        self,
        key: str,
        start: date,
        end: date,
        navigator: str | None = None,
        police_force: str | None = None,
    ) -> list[ImpactRecordDTO]:
        """The records behind one figure of the impact report (no survivor's name)."""
        from models.services import impact

        return impact.impact_records(self.ctx, key, start, end, navigator, police_force)

    def record_operation(
        self,
        draft: OperationDraft,
        operation_id: int | None = None,
        expected_version: int | None = None,
    ) -> OperationDTO:
        from models.services import impact

        return impact.record_operation(self.ctx, draft, operation_id, expected_version)

    def operations(self, start: date, end: date) -> list[OperationDTO]:
        from models.services import impact

        return impact.operations(self.ctx, start, end)

    def record_training(
        self,
        draft: TrainingDraft,
        session_id: int | None = None,
        expected_version: int | None = None,
    ) -> TrainingDTO:
        from models.services import impact

        return impact.record_training(self.ctx, draft, session_id, expected_version)

    def training_sessions(self, start: date, end: date) -> list[TrainingDTO]:
        from models.services import impact

        return impact.training_sessions(self.ctx, start, end)

    def record_strategic_advice(
        self,
        case_id: int,
        draft: StrategicAdviceDraft,
        advice_id: int | None = None,
        expected_version: int | None = None,
    ) -> StrategicAdviceDTO:
        from models.services import impact

        return impact.record_strategic_advice(self.ctx, case_id, draft, advice_id, expected_version)

    def strategic_advice(self, case_id: int) -> list[StrategicAdviceDTO]:
        from models.services import impact

        return impact.strategic_advice(self.ctx, case_id)

    def record_repatriation(
        self,
        case_id: int,
        draft: RepatriationDraft,
        repatriation_id: int | None = None,
        expected_version: int | None = None,
    ) -> RepatriationDTO:
        from models.services import impact

        return impact.record_repatriation(
            self.ctx, case_id, draft, repatriation_id, expected_version
        )

    def repatriations(self, start: date, end: date) -> list[RepatriationDTO]:
        from models.services import impact

        return impact.repatriations(self.ctx, start, end)

    def record_family_support(
        self,
        case_id: int,
        draft: FamilySupportDraft,
        record_id: int | None = None,
        expected_version: int | None = None,
    ) -> FamilySupportDTO:
        from models.services import impact

        return impact.record_family_support(self.ctx, case_id, draft, record_id, expected_version)

    def family_support(self, case_id: int) -> list[FamilySupportDTO]:
        from models.services import impact

        return impact.family_support(self.ctx, case_id)
