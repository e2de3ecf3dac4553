"""Support plans: drafts, agreement, review, what changed, the Agenda and the printable plan.

Each public function is one unit of work. Audit entries name the plan version only
(entity type ``support_plan``, the version's ID): never a word of the plan.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, union
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from models.base import utc_now
from models.dto import (
    AgendaItemDTO,
    ChangeDTO,
    LanguageDTO,
    PlanActionDTO,
    PlanDraftDTO,
    PlanGoalDTO,
    PlanVersionDTO,
    PlanVersionSummary,
    PrintableAction,
    PrintableDomain,
    PrintableGoal,
    PrintablePlanDTO,
    SupportPlanDTO,
)
from models.entities import Case, Person, PlanAction, PlanGoal, PlanVersion
from models.enums import (
    ActionStatus,
    AgendaKind,
    AuditAction,
    CaseKind,
    CaseStatus,
    PlanStatus,
    RecoveryDomain,
)
from models.errors import FieldProblem, NotFoundError, StaleEditError, ValidationError
from models.rules import support_plan as rules
from models.services import audit
from models.services.context import ServiceContext

AUDIT_ENTITY = "support_plan"

STALE_PLAN_MESSAGE = (
    "This support plan was changed after you opened it (in another window, or by an action "
    "that finished meanwhile). Your change was not saved, so nothing was overwritten. Reload "
    "the plan to see the latest version, then make your change again."
)
_NO_CASE = "That case no longer exists in this vault."
_NO_VERSION = "That version of the support plan no longer exists in this vault."
_IN_FORCE = tuple(rules.IN_FORCE)


# Reading rows into DTOs ------------------------------------------------------------------------


def _content(version: PlanVersion) -> PlanDraftDTO:
    return PlanDraftDTO(
        language=version.language,
        interpreter_language=version.interpreter_language,
        interpreter_name_or_agency=version.interpreter_name_or_agency,
        survivor_priorities=version.survivor_priorities,
        safety_plan=version.safety_plan,
        goals=tuple(
            PlanGoalDTO(
                domain=RecoveryDomain(goal.domain),
                survivor_words=goal.survivor_words,
                review_date=goal.review_date,
                actions=tuple(
                    PlanActionDTO(
                        what=action.what,
                        who=action.who,
                        by_when=action.by_when,
                        status=ActionStatus(action.status),
                        key=action.key,
                    )
                    for action in goal.actions
                ),
                key=goal.key,
            )
            for goal in version.goals
        ),
    )


def _version_dto(version: PlanVersion) -> PlanVersionDTO:
    return PlanVersionDTO(
        id=version.id,
        case_id=version.case_id,
        number=version.number,
        status=PlanStatus(version.status),
        version=version.version,
        content=_content(version),
        agreed_on=version.agreed_on,
        agreed_by_survivor=version.agreed_by_survivor,
        agreed_by_navigator=version.agreed_by_navigator,
        reviewed_on=version.reviewed_on,
        based_on_id=version.based_on_id,
        created_by=version.created_by,
        created_at=version.created_at,
        updated_at=version.updated_at,
    )


def _summary(version: PlanVersion) -> PlanVersionSummary:
    return PlanVersionSummary(
        id=version.id,
        number=version.number,
        status=PlanStatus(version.status),
        version=version.version,
        agreed_on=version.agreed_on,
        reviewed_on=version.reviewed_on,
        goal_count=len(version.goals),
        action_count=sum(len(goal.actions) for goal in version.goals),
        updated_at=version.updated_at,
    )


def _apply_content(version: PlanVersion, content: PlanDraftDTO) -> None:
    """Copy normalised content onto a version; goals and actions are replaced wholesale (their
    identity across versions is the key, not the row)."""
    version.language = content.language
    version.interpreter_language = content.interpreter_language
    version.interpreter_name_or_agency = content.interpreter_name_or_agency
    version.survivor_priorities = content.survivor_priorities
    version.safety_plan = content.safety_plan
    version.goals = [
        PlanGoal(
            position=i,
            key=goal.key,
            domain=goal.domain,
            survivor_words=goal.survivor_words,
            review_date=goal.review_date,
            actions=[
                PlanAction(
                    position=j,
                    key=action.key,
                    what=action.what,
                    who=action.who,
                    by_when=action.by_when,
                    status=action.status,
                )
                for j, action in enumerate(goal.actions)
            ],
        )
        for i, goal in enumerate(content.goals)
    ]


def _load_version(session: Session, version_id: int) -> PlanVersion:
    version = session.execute(
        select(PlanVersion)
        .where(PlanVersion.id == version_id)
        .options(selectinload(PlanVersion.goals).selectinload(PlanGoal.actions))
    ).scalar_one_or_none()
    if version is None:
        raise NotFoundError(_NO_VERSION)
    return version


def _case_versions(session: Session, case_id: int) -> list[PlanVersion]:
    return list(
        session.scalars(
            select(PlanVersion)
            .where(PlanVersion.case_id == case_id)
            .order_by(PlanVersion.number)
            .options(selectinload(PlanVersion.goals).selectinload(PlanGoal.actions))
        )
    )


def _in_force(versions: list[PlanVersion]) -> PlanVersion | None:
    agreed = [v for v in versions if PlanStatus(v.status) in rules.IN_FORCE]
    return max(agreed, key=lambda v: v.number) if agreed else None


def _draft(versions: list[PlanVersion]) -> PlanVersion | None:
    drafts = [v for v in versions if PlanStatus(v.status) is PlanStatus.DRAFTED]
    return max(drafts, key=lambda v: v.number) if drafts else None


def _load_case(session: Session, case_id: int) -> Case:
    case = session.execute(
        select(Case)
        .where(Case.id == case_id)
        .options(selectinload(Case.person).selectinload(Person.languages))
    ).scalar_one_or_none()
    if case is None:
        raise NotFoundError(_NO_CASE)
    return case


def _default_language(case: Case) -> str:
    if case.person is None:
        return "en"
    return rules.default_plan_language(
        [LanguageDTO(lang.language, lang.preferred_for_documents) for lang in case.person.languages]
    )


# Use cases -------------------------------------------------------------------------------------


def get_plan(ctx: ServiceContext, case_id: int) -> SupportPlanDTO:
    """Every version of the case's plan, summarised, and the current one in full: the open
    draft if there is one, else the newest version."""
    with ctx.store.read_session() as session:
        case = _load_case(session, case_id)
        versions = _case_versions(session, case_id)
        draft = _draft(versions)
        in_force = _in_force(versions)
        current = draft or (versions[-1] if versions else None)
        return SupportPlanDTO(
            case_id=case.id,
            case_reference=case.reference,
            versions=tuple(_summary(v) for v in versions),
            current=_version_dto(current) if current is not None else None,
            draft_id=draft.id if draft is not None else None,
            in_force_id=in_force.id if in_force is not None else None,
            default_language=_default_language(case),
        )


def start_draft(ctx: ServiceContext, case_id: int) -> PlanVersionDTO:
    """Start the case's first plan, or a new draft copied from the plan in force (which stays
    exactly as it was). If a draft is already open, it is returned unchanged."""
    with ctx.store.session() as session:
        case = _load_case(session, case_id)
        if case.kind != CaseKind.SUPPORT_PLAN:
            raise ValidationError(
                [FieldProblem("case", "Only a support plan case has a support plan.")]
            )
        versions = _case_versions(session, case_id)
        existing = _draft(versions)
        if existing is not None:
            return _version_dto(existing)
        source = _in_force(versions)
        number = max((v.number for v in versions), default=0) + 1
        draft = PlanVersion(
            case_id=case_id,
            number=number,
            status=PlanStatus.DRAFTED,
            based_on_id=source.id if source is not None else None,
            created_by=ctx.user,
        )
        if source is not None:
            _apply_content(draft, _content(source))
        else:
            _apply_content(draft, PlanDraftDTO(language=_default_language(case)))
        session.add(draft)
        session.flush()
        audit.append(session, AuditAction.CREATE, ctx.user, AUDIT_ENTITY, draft.id)
        return _version_dto(draft)


def save_draft(
    ctx: ServiceContext, version_id: int, expected_version: int, draft: PlanDraftDTO
) -> PlanVersionDTO:
    """Save the draft's content (autosave). Saving what is already stored writes nothing: no
    new version number and no audit entry. Keys the draft lacked are filled in the result."""
    try:
        with ctx.store.session() as session:
            version = _load_version(session, version_id)
            rules.ensure_editable(PlanStatus(version.status))
            if version.version != expected_version:
                raise StaleEditError(STALE_PLAN_MESSAGE)
            problems = rules.validate_draft(draft)
            if problems:
                raise ValidationError(problems)
            content = rules.normalise_draft(draft)
            if content == _content(version):
                return _version_dto(version)
            _apply_content(version, content)
            # Set explicitly so the version moves even when only goals or actions changed.
            version.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, version.id)
            return _version_dto(version)
    except StaleDataError as exc:
        raise StaleEditError(STALE_PLAN_MESSAGE) from exc


def agree(
    ctx: ServiceContext,
    version_id: int,
    expected_version: int,
    agreed_on: date,
    by_survivor: bool,
) -> PlanVersionDTO:
    """Record that the survivor and this navigator agreed the draft as saved. The plan it
    replaces becomes superseded. Save any pending edits first: what is stored is agreed."""
    try:
        with ctx.store.session() as session:
            version = _load_version(session, version_id)
            rules.ensure_editable(PlanStatus(version.status))
            if version.version != expected_version:
                raise StaleEditError(STALE_PLAN_MESSAGE)
            others = [
                v
                for v in _case_versions(session, version.case_id)
                if v.id != version.id and PlanStatus(v.status) in rules.IN_FORCE
            ]
            previous = max(others, key=lambda v: v.number) if others else None
            problems = rules.validate_agreement(
                _content(version),
                agreed_on,
                by_survivor,
                ctx.today(),
                previous.agreed_on if previous is not None else None,
            )
            if problems:
                raise ValidationError(problems)
            statuses = {v.id: PlanStatus(v.status) for v in [*others, version]}
            by_id = {v.id: v for v in [*others, version]}
            now = utc_now()
            for changed_id, status in sorted(
                rules.statuses_after_agreement(statuses, version.id).items()
            ):
                row = by_id[changed_id]
                row.status = status
                row.updated_at = now
            version.agreed_on = agreed_on
            version.agreed_by_survivor = True
            version.agreed_by_navigator = ctx.user
            session.flush()
            for row in sorted(others, key=lambda v: v.id):
                audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, row.id)
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, version.id)
            return _version_dto(version)
    except StaleDataError as exc:
        raise StaleEditError(STALE_PLAN_MESSAGE) from exc


def mark_reviewed(
    ctx: ServiceContext, version_id: int, expected_version: int, reviewed_on: date
) -> PlanVersionDTO:
    """Record that the plan in force was reviewed with the survivor on ``reviewed_on`` and
    still stands unchanged. (A plan that needs changes gets a new draft instead.)"""
    try:
        with ctx.store.session() as session:
            version = _load_version(session, version_id)
            if version.version != expected_version:
                raise StaleEditError(STALE_PLAN_MESSAGE)
            problems = rules.validate_review(
                PlanStatus(version.status),
                version.agreed_on,
                version.reviewed_on,
                reviewed_on,
                ctx.today(),
            )
            if problems:
                raise ValidationError(problems)
            version.status = PlanStatus.REVIEWED
            version.reviewed_on = reviewed_on
            version.updated_at = utc_now()
            session.flush()
            audit.append(session, AuditAction.EDIT, ctx.user, AUDIT_ENTITY, version.id)
            return _version_dto(version)
    except StaleDataError as exc:
        raise StaleEditError(STALE_PLAN_MESSAGE) from exc


def changes_since_agreed(ctx: ServiceContext, version_id: int) -> list[ChangeDTO]:
    """What this version changes in the agreed version it was copied from ([] for a first
    plan). For an open draft: what agreeing it would change."""
    with ctx.store.read_session() as session:
        version = _load_version(session, version_id)
        if version.based_on_id is None:
            return []
        base = _load_version(session, version.based_on_id)
        return rules.diff_versions(_content(base), _content(version))


def agenda_items(ctx: ServiceContext, today: date) -> list[AgendaItemDTO]:
    """Overdue actions (one item each) and plan reviews due (one item per plan), from the
    plan in force of every case that is not closed; soonest first."""
    with ctx.store.read_session() as session:
        # SQL only narrows the search; the rules decide what is due.
        candidates = union(
            select(PlanGoal.plan_version_id)
            .join(PlanAction, PlanAction.goal_id == PlanGoal.id)
            .where(
                PlanAction.by_when < today,
                PlanAction.status.not_in(tuple(rules.FINISHED_ACTIONS)),
            ),
            select(PlanGoal.plan_version_id).where(PlanGoal.review_date <= today),
        ).subquery()
        rows = session.execute(
            select(PlanVersion, Case.reference)
            .join(Case, Case.id == PlanVersion.case_id)
            .where(
                PlanVersion.status.in_(_IN_FORCE),
                Case.status != CaseStatus.CLOSED,
                PlanVersion.id.in_(select(candidates.c.plan_version_id)),
            )
            .options(selectinload(PlanVersion.goals).selectinload(PlanGoal.actions))
        ).all()
        items: list[AgendaItemDTO] = []
        for version, reference in rows:
            plan = _version_dto(version)
            for goal, action in rules.overdue_actions(plan, today):
                assert action.by_when is not None
                items.append(
                    AgendaItemDTO(
                        case_id=plan.case_id,
                        case_reference=reference,
                        kind=AgendaKind.OVERDUE_ACTION,
                        due_on=action.by_when,
                        label=rules.shorten(action.what) or "(an action with no description)",
                        plan_version_id=plan.id,
                        domains=(goal.domain,),
                        action_key=action.key,
                        who=action.who,
                    )
                )
            due = rules.plan_reviews_due(plan, today)
            if due:
                domains = tuple(dict.fromkeys(goal.domain for goal in due))
                items.append(
                    AgendaItemDTO(
                        case_id=plan.case_id,
                        case_reference=reference,
                        kind=AgendaKind.PLAN_REVIEW_DUE,
                        due_on=min(goal.review_date for goal in due if goal.review_date),
                        label="Plan review due: "
                        + ", ".join(rules.DOMAIN_WORDS[d] for d in domains),
                        plan_version_id=plan.id,
                        domains=domains,
                    )
                )
        kinds = tuple(AgendaKind)
        items.sort(
            key=lambda i: (i.due_on, i.case_reference, kinds.index(i.kind), i.label, i.action_key)
        )
        return items


def plan_for_print(ctx: ServiceContext, version_id: int) -> PrintablePlanDTO:
    """What the printed plan shows. Not audited here: the print itself is recorded by the
    caller (``AuditAction.PRINT``, ``support_plan``, the version's ID)."""
    with ctx.store.read_session() as session:
        version = _load_version(session, version_id)
        case = session.execute(
            select(Case).where(Case.id == version.case_id).options(selectinload(Case.person))
        ).scalar_one()
        person = case.person
        name = (
            rules.preferred_name(person.known_as, person.given_names, person.family_name)
            if person is not None
            else ""
        )
        content = _content(version)
        domains = tuple(
            PrintableDomain(
                domain=domain,
                goals=tuple(
                    PrintableGoal(
                        survivor_words=goal.survivor_words,
                        review_date=goal.review_date,
                        actions=tuple(
                            PrintableAction(a.what, a.who, a.by_when, a.status)
                            for a in goal.actions
                        ),
                    )
                    for goal in content.goals
                    if goal.domain == domain
                ),
            )
            for domain in rules.DOMAIN_ORDER
            if any(goal.domain == domain for goal in content.goals)
        )
        return PrintablePlanDTO(
            version_id=version.id,
            case_reference=case.reference,
            survivor_name=name,
            language=content.language,
            navigator=case.owner,
            agreed_by_navigator=version.agreed_by_navigator,
            version_number=version.number,
            status=PlanStatus(version.status),
            agreed_on=version.agreed_on,
            reviewed_on=version.reviewed_on,
            interpreter_language=content.interpreter_language,
            interpreter_name_or_agency=content.interpreter_name_or_agency,
            survivor_priorities=content.survivor_priorities,
            safety_plan=content.safety_plan,
            domains=domains,
        )
