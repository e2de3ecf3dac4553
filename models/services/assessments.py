"""Recovery assessments: reading a case's history, recording and correcting one, and the
assessments the Agenda shows as due.

Audit entries name the assessment's ID only (entity type ``assessment``), never a score or note.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import AgendaItemDTO, AssessmentDraft, AssessmentDTO, DomainScoreDTO, RecoveryDTO
from models.entities import Assessment, AssessmentScore, Case
from models.enums import AgendaKind, AssessmentKind, AuditAction, CaseKind, CaseStatus
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules import assessment_schedule as schedule
from models.rules.assessment_validation import validate_assessment, validate_order
from models.rules.recovery_change import DOMAINS
from models.services import audit
from models.services.context import ServiceContext

AUDIT_ENTITY = "assessment"

STALE_ASSESSMENT_MESSAGE = (
    "This assessment was changed after you opened it. Your change was not saved; reload the "
    "case to see the current scores, then make your change again."
)
_GONE_MESSAGE = "That case no longer exists in this vault."


def assessment_dto(row: Assessment) -> AssessmentDTO:
    by_domain = {entry.domain: entry for entry in row.scores}
    scores = []
    for domain in DOMAINS:
        entry = by_domain.get(domain)
        scores.append(
            DomainScoreDTO(domain=domain)
            if entry is None
            else DomainScoreDTO(
                domain=domain,
                survivor_score=entry.survivor_score,
                navigator_score=entry.navigator_score,
                survivor_note=entry.survivor_note,
                navigator_note=entry.navigator_note,
                goal=entry.goal,
            )
        )
    return AssessmentDTO(
        id=row.id,
        case_id=row.case_id,
        kind=AssessmentKind(row.kind),
        assessed_on=row.assessed_on,
        recorded_by=row.recorded_by,
        version=row.version,
        scores=tuple(scores),
    )


def load_assessments(session: Session, case_id: int) -> list[AssessmentDTO]:
    """A case's assessments, oldest first."""
    rows = session.scalars(
        select(Assessment)
        .where(Assessment.case_id == case_id)
        .order_by(Assessment.assessed_on, Assessment.id)
        .options(selectinload(Assessment.scores))
    )
    return [assessment_dto(row) for row in rows]


def _records(assessments: list[AssessmentDTO]) -> list[schedule.AssessmentRecord]:
    return [schedule.AssessmentRecord(a.kind, a.assessed_on) for a in assessments]


def recovery(ctx: ServiceContext, case_id: int) -> RecoveryDTO:
    """Everything the case's Recovery tab shows."""
    with ctx.store.read_session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError(_GONE_MESSAGE)
        assessments = load_assessments(session, case_id)
        return RecoveryDTO(
            case_id=case.id,
            case_reference=case.reference,
            case_kind=CaseKind(case.kind),
            opened_on=case.opened_on,
            closed_on=case.closed_on,
            assessments=tuple(assessments),
            next_due=schedule.next_assessment_due(
                CaseKind(case.kind),
                CaseStatus(case.status),
                case.opened_on,
                case.closed_on,
                _records(assessments),
                ctx.today(),
            ),
        )


def _check(
    session: Session, ctx: ServiceContext, case: Case, draft: AssessmentDraft, editing: int | None
) -> None:
    if case.kind != CaseKind.SUPPORT_PLAN:
        raise ValidationError(
            [
                FieldProblem(
                    "kind",
                    "Only support plan cases have recovery assessments: this case has no survivor.",
                )
            ]
        )
    others = [
        schedule.AssessmentRecord(AssessmentKind(kind), assessed_on)
        for kind, assessed_on in session.execute(
            select(Assessment.kind, Assessment.assessed_on).where(
                Assessment.case_id == case.id, Assessment.id != (editing or -1)
            )
        )
    ]
    problems = validate_assessment(
        draft,
        today=ctx.today(),
        opened_on=case.opened_on,
        other_kinds=frozenset(other.kind for other in others),
    )
    if not problems:
        problems = validate_order(draft, others)
    if problems:
        raise ValidationError(problems)


def _write_scores(row: Assessment, draft: AssessmentDraft) -> None:
    existing = {entry.domain: entry for entry in row.scores}
    for entry in draft.scores:
        target = existing.get(entry.domain)
        if target is None:
            target = AssessmentScore(domain=entry.domain)
            row.scores.append(target)
        target.survivor_score = entry.survivor_score
        target.navigator_score = entry.navigator_score
        target.survivor_note = entry.survivor_note.strip()
        target.navigator_note = entry.navigator_note.strip()
        target.goal = entry.goal.strip()


def record_assessment(ctx: ServiceContext, case_id: int, draft: AssessmentDraft) -> AssessmentDTO:
    """Save a new assessment for the case (one transaction, audited as CREATE)."""
    with ctx.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError(_GONE_MESSAGE)
        _check(session, ctx, case, draft, editing=None)
        row = Assessment(
            case_id=case_id, kind=draft.kind, assessed_on=draft.assessed_on, recorded_by=ctx.user
        )
        _write_scores(row, draft)
        session.add(row)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, AUDIT_ENTITY, row.id)
        return assessment_dto(row)


def update_assessment(
    ctx: ServiceContext, assessment_id: int, expected_version: int, draft: AssessmentDraft
) -> AssessmentDTO:
    """Correct a saved assessment. ``expected_version`` is the version the navigator opened:
    if it changed since, the correction is refused rather than overwriting the other change."""
    try:
        with ctx.store.session() as session:
            row = session.get(Assessment, assessment_id, options=[selectinload(Assessment.scores)])
            if row is None:
                raise NotFoundError("That assessment no longer exists in this vault.")
            if row.version != expected_version:
                raise StaleEditError(STALE_ASSESSMENT_MESSAGE)
            case = session.get(Case, row.case_id)
            assert case is not None  # the foreign key cascades
            _check(session, ctx, case, draft, editing=row.id)
            row.kind = draft.kind
            row.assessed_on = draft.assessed_on
            _write_scores(row, draft)
            row.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return assessment_dto(row)
    except StaleDataError as exc:
        raise StaleEditError(STALE_ASSESSMENT_MESSAGE) from exc


_DUE_LABELS = {
    AssessmentKind.INTAKE: "Intake assessment due",
    AssessmentKind.REVIEW: "Four-monthly review assessment due",
    AssessmentKind.CLOSING: "Closing assessment due",
}


def agenda_items(ctx: ServiceContext, horizon: date) -> list[AgendaItemDTO]:
    """Assessments due on or before ``horizon``, one item per support plan case: open cases,
    and cases closed within the closing window without a closing assessment."""
    today = ctx.today()
    window_start = date.fromordinal(today.toordinal() - schedule.CLOSING_ASSESSMENT_WINDOW_DAYS)
    has_intake = func.max(sql_case((Assessment.kind == AssessmentKind.INTAKE, 1), else_=0))
    has_closing = func.max(sql_case((Assessment.kind == AssessmentKind.CLOSING, 1), else_=0))
    latest = func.max(
        sql_case((Assessment.kind != AssessmentKind.CLOSING, Assessment.assessed_on), else_=None)
    )
    summary = (
        select(
            Assessment.case_id.label("case_id"),
            has_intake.label("has_intake"),
            has_closing.label("has_closing"),
            latest.label("latest"),
        )
        .group_by(Assessment.case_id)
        .subquery()
    )
    with ctx.store.read_session() as session:
        rows = session.execute(
            select(
                Case.id,
                Case.reference,
                Case.status,
                Case.opened_on,
                Case.closed_on,
                summary.c.has_intake,
                summary.c.has_closing,
                summary.c.latest,
            )
            .outerjoin(summary, summary.c.case_id == Case.id)
            .where(
                Case.kind == CaseKind.SUPPORT_PLAN,
                or_(
                    Case.status != CaseStatus.CLOSED,
                    Case.closed_on >= window_start,
                ),
            )
        ).all()
    items: list[AgendaItemDTO] = []
    for case_id, reference, status, opened_on, closed_on, intake, closing, latest_on in rows:
        records = []
        if intake:
            # Only the latest date matters to the schedule; an intake on that date stands in.
            records.append(schedule.AssessmentRecord(AssessmentKind.INTAKE, latest_on))
        if closing:
            records.append(schedule.AssessmentRecord(AssessmentKind.CLOSING, latest_on or today))
        due = schedule.next_assessment_due(
            CaseKind.SUPPORT_PLAN, CaseStatus(status), opened_on, closed_on, records, today
        )
        if due is None or due.due_on > horizon:
            continue
        items.append(
            AgendaItemDTO(
                case_id=case_id,
                case_reference=reference,
                kind=AgendaKind.ASSESSMENT_DUE,
                due_on=due.due_on,
                label=_DUE_LABELS[due.kind],
            )
        )
    return items
