"""A survivor's NRM record: reading it with its stage and dates, saving it, its reconsideration
requests, and the NRM dates the Agenda shows.

Audit entries name the NRM record's ID only (entity type ``nrm``); a reconsideration request is
an edit of its record.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import (
    AgendaItemDTO,
    NrmDraft,
    NrmDTO,
    ReconsiderationDraft,
    ReconsiderationDTO,
)
from models.entities import Case, NrmReconsideration, NrmReferral
from models.enums import (
    AgendaKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    NrmDeadlineKind,
    NrmDecision,
    NrmDecisionKind,
    ReconsiderationOutcome,
)
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules import nrm_deadlines as rules
from models.rules.nrm_validation import validate_nrm, validate_reconsideration
from models.services import audit
from models.services.context import ServiceContext

AUDIT_ENTITY = "nrm"

STALE_NRM_MESSAGE = (
    "The NRM record was changed after you opened it. Your change was not saved; reload the "
    "case to see the current record, then make your change again."
)
_GONE_MESSAGE = "That case no longer exists in this vault."
_NO_NRM_MESSAGE = "That NRM record no longer exists in this vault."
DEADLINE_LABELS = {
    NrmDeadlineKind.RECOVERY_PERIOD_ENDS: (
        "NRM recovery period ends: the Conclusive Grounds decision may be made from this day"
    ),
}


def _draft(row: NrmReferral) -> NrmDraft:
    return NrmDraft(
        referred_on=row.referred_on,
        first_responder=row.first_responder,
        is_child_at_referral=row.is_child_at_referral,
        consent_given=row.consent_given,
        consent_on=row.consent_on,
        rg_decided_on=row.rg_decided_on,
        rg_decision=None if row.rg_decision is None else NrmDecision(row.rg_decision),
        cg_decided_on=row.cg_decided_on,
        cg_decision=None if row.cg_decision is None else NrmDecision(row.cg_decision),
        vcc_start=row.vcc_start,
        vcc_end=row.vcc_end,
        vcc_provider=row.vcc_provider,
    )


def _request(row: NrmReconsideration) -> ReconsiderationDraft:
    return ReconsiderationDraft(
        decision=NrmDecisionKind(row.decision),
        requested_on=row.requested_on,
        outcome=ReconsiderationOutcome(row.outcome),
        outcome_on=row.outcome_on,
    )


def _record(row: NrmReferral) -> rules.NrmRecord:
    return rules.NrmRecord(_draft(row), tuple(_request(r) for r in row.reconsiderations))


def nrm_dto(row: NrmReferral, today: date) -> NrmDTO:
    record = _record(row)
    rg_on = rules.positive_rg_on(record)
    end = None if rg_on is None else rules.recovery_period_end(rg_on)
    return NrmDTO(
        id=row.id,
        case_id=row.case_id,
        version=row.version,
        draft=record.draft,
        reconsiderations=tuple(
            ReconsiderationDTO(r.id, r.version, _request(r)) for r in row.reconsiderations
        ),
        stage=rules.nrm_stage(record, today),
        recovery_period_days=None if rg_on is None else rules.recovery_period_days(rg_on),
        recovery_period_end=end,
        cg_expected_from=end,
        deadlines=tuple(rules.nrm_deadlines(record, today)),
        recorded_by=row.recorded_by,
    )


def _load(session: Session, case_id: int) -> NrmReferral | None:
    return session.scalar(
        select(NrmReferral)
        .where(NrmReferral.case_id == case_id)
        .options(selectinload(NrmReferral.reconsiderations))
    )


def get_nrm(ctx: ServiceContext, case_id: int) -> NrmDTO | None:
    """The case's NRM record, or None when no referral is recorded."""
    with ctx.store.read_session() as session:
        if session.get(Case, case_id) is None:
            raise NotFoundError(_GONE_MESSAGE)
        row = _load(session, case_id)
        return None if row is None else nrm_dto(row, ctx.today())


def _clean(draft: NrmDraft) -> NrmDraft:
    return dataclasses.replace(
        draft,
        first_responder=" ".join(draft.first_responder.split()),
        vcc_provider=" ".join(draft.vcc_provider.split()),
    )


def _write(row: NrmReferral, draft: NrmDraft) -> None:
    for field in dataclasses.fields(NrmDraft):
        setattr(row, field.name, getattr(draft, field.name))


def save_nrm(
    ctx: ServiceContext, case_id: int, draft: NrmDraft, expected_version: int | None
) -> NrmDTO:
    """Record the case's referral (``expected_version`` None) or change it. A change made from
    a stale copy, or a second record for the same case, is refused."""
    clean = _clean(draft)
    try:
        with ctx.store.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(_GONE_MESSAGE)
            if case.kind != CaseKind.SUPPORT_PLAN:
                raise ValidationError(
                    [
                        FieldProblem(
                            "referred_on",
                            "Only a support plan case has an NRM referral: this case has no "
                            "survivor.",
                        )
                    ]
                )
            row = _load(session, case_id)
            if (row is None) != (expected_version is None):
                raise StaleEditError(STALE_NRM_MESSAGE)
            if row is not None and row.version != expected_version:
                raise StaleEditError(STALE_NRM_MESSAGE)
            existing = () if row is None else tuple(_request(r) for r in row.reconsiderations)
            problems = validate_nrm(rules.NrmRecord(clean, existing), ctx.today())
            if problems:
                raise ValidationError(problems)
            if row is None:
                row = NrmReferral(case_id=case_id, recorded_by=ctx.user)
                session.add(row)
                action = AuditAction.CREATE
            else:
                row.updated_at = utc_now()
                action = AuditAction.EDIT
            _write(row, clean)
            session.flush()
            audit.append(session, action, ctx.user, AUDIT_ENTITY, row.id)
            return nrm_dto(row, ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_NRM_MESSAGE) from exc


def add_reconsideration(ctx: ServiceContext, nrm_id: int, draft: ReconsiderationDraft) -> NrmDTO:
    """Record a request to reconsider a negative decision (audited as an edit of the record)."""
    with ctx.store.session() as session:
        row = session.get(NrmReferral, nrm_id, options=[selectinload(NrmReferral.reconsiderations)])
        if row is None:
            raise NotFoundError(_NO_NRM_MESSAGE)
        others = [_request(r) for r in row.reconsiderations]
        problems = validate_reconsideration(draft, _draft(row), others, ctx.today())
        if problems:
            raise ValidationError(problems)
        row.reconsiderations.append(NrmReconsideration(**dataclasses.asdict(draft)))
        session.flush()
        audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
        return nrm_dto(row, ctx.today())


def update_reconsideration(
    ctx: ServiceContext, reconsideration_id: int, expected_version: int, draft: ReconsiderationDraft
) -> NrmDTO:
    """Record a request's outcome, or correct it; a stale copy is refused."""
    try:
        with ctx.store.session() as session:
            request = session.get(NrmReconsideration, reconsideration_id)
            if request is None:
                raise NotFoundError("That reconsideration request no longer exists in this vault.")
            if request.version != expected_version:
                raise StaleEditError(STALE_NRM_MESSAGE)
            row = request.nrm
            others = [_request(r) for r in row.reconsiderations if r.id != request.id]
            problems = validate_reconsideration(draft, _draft(row), others, ctx.today())
            if problems:
                raise ValidationError(problems)
            for field in dataclasses.fields(ReconsiderationDraft):
                setattr(request, field.name, getattr(draft, field.name))
            request.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            return nrm_dto(row, ctx.today())
    except StaleDataError as exc:
        raise StaleEditError(STALE_NRM_MESSAGE) from exc


def agenda_items(ctx: ServiceContext, horizon: date) -> list[AgendaItemDTO]:
    """NRM dates from today to ``horizon`` for cases that are not closed (past ones are not
    shown: the decision that follows is not the navigator's to make)."""
    today = ctx.today()
    with ctx.store.read_session() as session:
        rows = session.execute(
            select(NrmReferral, Case.reference)
            .join(Case, Case.id == NrmReferral.case_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                NrmReferral.rg_decided_on.is_not(None),
                NrmReferral.cg_decided_on.is_(None),
            )
            .options(selectinload(NrmReferral.reconsiderations))
        ).all()
        items = []
        for row, reference in rows:
            for deadline in rules.nrm_deadlines(_record(row), today):
                if deadline.due_on <= horizon:
                    items.append(
                        AgendaItemDTO(
                            case_id=row.case_id,
                            case_reference=reference,
                            kind=AgendaKind.NRM_DEADLINE,
                            due_on=deadline.due_on,
                            label=DEADLINE_LABELS[deadline.kind],
                        )
                    )
        return items
