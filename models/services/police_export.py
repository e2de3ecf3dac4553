"""Police summaries: a recovery summary narrowed to what the survivor agreed to share with a
law enforcement partner, checked against their consent at the moment of export.

- :func:`export_options` says what may go to a recipient kind now (and, if nothing, why);
- :func:`preview` builds the PDF the navigator sees before sending (marked as a preview, with
  no export reference, recorded nowhere);
- :func:`export` checks consent again inside the write transaction, gives the export its
  reference, builds (and optionally encrypts) the PDF, hands it to ``deliver`` (which writes
  the file), then records the export register row and the audit entry. If ``deliver`` fails,
  nothing is recorded; if consent was withdrawn since the preview, the export is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.dto import (
    ConsentDTO,
    ExportRecordDTO,
    IdentityDTO,
    PersonFields,
    PoliceExportOptionsDTO,
    PoliceRecipientDTO,
    PoliceSummaryDTO,
    RecoverySummaryDTO,
)
from models.entities import Case, Consent, ExportRecord, Person
from models.enums import (
    AuditAction,
    ConsentRecipient,
    ConsentScope,
    ConsentState,
    DatePrecision,
    ExportField,
    Gender,
)
from models.errors import FieldProblem, NotFoundError, ValidationError
from models.rules import police_export as rules
from models.rules.countries import country_name
from models.rules.date_text import describe_age
from models.rules.languages import language_name
from models.services import audit
from models.services.context import ServiceContext
from models.services.recovery_summary import full_summary

AUDIT_ENTITY = "export"
DOCUMENT = "police_summary"
MIN_PASSWORD_LENGTH = 12

_GENDER_WORDS = {
    Gender.FEMALE: "Female",
    Gender.MALE: "Male",
    Gender.NON_BINARY: "Non-binary",
    Gender.OTHER: "Other",
    Gender.NOT_STATED: "",
}


def _consent(
    session: Session, person_id: int | None, recipient: ConsentRecipient
) -> ConsentDTO | None:
    if person_id is None:
        return None
    row = session.scalar(
        select(Consent).where(Consent.person_id == person_id, Consent.recipient == recipient)
    )
    if row is None:
        return None
    return ConsentDTO(
        recipient=ConsentRecipient(row.recipient),
        state=ConsentState(row.state),
        given_on=row.given_on,
        withdrawn_on=row.withdrawn_on,
        scope=frozenset(ConsentScope(s) for s in row.scope),
        version=row.version,
    )


def _case(session: Session, case_id: int) -> Case:
    case = session.get(
        Case, case_id, options=[selectinload(Case.person).selectinload(Person.languages)]
    )
    if case is None:
        raise NotFoundError("That case no longer exists in this vault.")
    return case


def _check_recipient(recipient: ConsentRecipient) -> None:
    if recipient not in rules.POLICE_PARTNERS:
        raise rules.ExportRefused("A police summary goes to the police or the CPS only.")


def export_options(
    ctx: ServiceContext, case_id: int, recipient: ConsentRecipient = ConsentRecipient.POLICE
) -> PoliceExportOptionsDTO:
    """What the survivor's consent allows to go to ``recipient`` today."""
    _check_recipient(recipient)
    with ctx.store.read_session() as session:
        case = _case(session, case_id)
        consent = _consent(session, case.person_id, recipient)
        today = ctx.today()
        refusal = rules.refusal_reason(consent, today, has_survivor=case.person_id is not None)
        return PoliceExportOptionsDTO(
            case_id=case.id,
            case_reference=case.reference,
            recipient=recipient,
            default_force=case.police_force,
            allowed=frozenset() if refusal else rules.allowed_fields(consent, today),
            refusal=refusal,
        )


def _identity(person: Person, fields: frozenset[ExportField], ctx: ServiceContext) -> IdentityDTO:
    def shown(field: ExportField, text: str) -> str:
        return text if field in fields else ""

    fields_dto = PersonFields(
        date_of_birth=person.date_of_birth,
        date_of_birth_precision=DatePrecision(person.date_of_birth_precision),
        estimated_age=person.estimated_age,
        estimated_age_on=person.estimated_age_on,
        age_disputed=person.age_disputed,
    )
    languages = ", ".join(language_name(lang.language) for lang in person.languages)
    if person.interpreter_needed:
        languages = f"{languages} (needs an interpreter)" if languages else "Needs an interpreter"
    return IdentityDTO(
        name=shown(
            ExportField.NAME, " ".join(p for p in (person.given_names, person.family_name) if p)
        ),
        known_as=shown(ExportField.KNOWN_AS, person.known_as),
        date_of_birth=shown(ExportField.DATE_OF_BIRTH, describe_age(fields_dto, ctx.today())),
        gender=shown(ExportField.GENDER, _GENDER_WORDS[Gender(person.gender)]),
        nationality=shown(
            ExportField.NATIONALITY, ", ".join(country_name(c) for c in person.nationalities)
        ),
        languages=shown(ExportField.LANGUAGES, languages),
        phone=shown(ExportField.PHONE, person.phone),
        email=shown(ExportField.EMAIL, person.email),
    )


_IDENTITY_FIELDS = frozenset(
    f
    for f, scope in rules.FIELD_SCOPES.items()
    if scope in (ConsentScope.IDENTITY, ConsentScope.CONTACT_DETAILS)
)


def _narrowed(
    ctx: ServiceContext, case: Case, full: RecoverySummaryDTO, fields: frozenset[ExportField]
) -> RecoverySummaryDTO:
    """The summary with only ``fields`` left in it. Built field by field from the vault (an
    allow-list), so nothing new can slip into a police summary by being added elsewhere."""
    assert case.person is not None
    return replace(
        full,
        identity=_identity(case.person, fields, ctx) if fields & _IDENTITY_FIELDS else None,
        assessments=full.assessments if ExportField.RECOVERY_SCORES in fields else (),
        show_trends=ExportField.RECOVERY_TRENDS in fields,
        support=full.support if ExportField.SUPPORT_GIVEN in fields else None,
    )


def _clean_recipient(recipient: PoliceRecipientDTO) -> PoliceRecipientDTO:
    clean = PoliceRecipientDTO(
        recipient=recipient.recipient,
        force=" ".join(recipient.force.split()),
        officer=" ".join(recipient.officer.split()),
        role=" ".join(recipient.role.split()),
    )
    problems = []
    if not clean.officer:
        problems.append(FieldProblem("officer", "Name the officer the summary goes to."))
    if not clean.force:
        problems.append(FieldProblem("force", "Name the force (or the CPS area) it goes to."))
    for name, text, limit in (
        ("officer", clean.officer, 200),
        ("role", clean.role, 100),
        ("force", clean.force, 100),
    ):
        if len(text) > limit:
            problems.append(FieldProblem(name, f"Keep the {name} under {limit} characters."))
    if problems:
        raise ValidationError(problems)
    return clean


def _content(
    ctx: ServiceContext,
    session: Session,
    case_id: int,
    recipient: PoliceRecipientDTO,
    fields: Iterable[ExportField] | None,
    reference: str,
) -> PoliceSummaryDTO:
    _check_recipient(recipient.recipient)
    clean = _clean_recipient(recipient)
    case = _case(session, case_id)
    consent = _consent(session, case.person_id, clean.recipient)
    today = ctx.today()
    refusal = rules.refusal_reason(consent, today, has_survivor=case.person_id is not None)
    if refusal:
        raise rules.ExportRefused(refusal)
    chosen = rules.chosen_fields(rules.allowed_fields(consent, today), fields)
    summary = _narrowed(ctx, case, full_summary(ctx, session, case), chosen)
    return PoliceSummaryDTO(
        summary=summary, recipient=clean, fields=chosen, export_reference=reference
    )


def preview(
    ctx: ServiceContext,
    case_id: int,
    recipient: PoliceRecipientDTO,
    fields: Iterable[ExportField] | None = None,
) -> bytes:
    """The PDF exactly as it would be sent, marked as a preview. Records nothing."""
    from models.reports.police_summary import build_police_summary

    with ctx.store.read_session() as session:
        content = _content(ctx, session, case_id, recipient, fields, reference="")
    return build_police_summary(content, preview=True)


def _next_reference(session: Session, year: int) -> str:
    prefix = f"{rules.REFERENCE_PREFIX}-{year}-"
    count = session.scalar(
        select(func.count())
        .select_from(ExportRecord)
        .where(ExportRecord.reference.like(prefix + "%"))
    )
    return rules.export_reference(year, int(count or 0) + 1)


def _record_dto(row: ExportRecord) -> ExportRecordDTO:
    return ExportRecordDTO(
        id=row.id,
        reference=row.reference,
        case_id=row.case_id,
        document=row.document,
        recipient=ConsentRecipient(row.recipient),
        force=row.force,
        officer=row.officer,
        role=row.role,
        fields=tuple(ExportField(f) for f in row.fields),
        encrypted=row.encrypted,
        exported_at=row.exported_at,
        exported_by=row.exported_by,
    )


def check_password(password: str | None) -> None:
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            [
                FieldProblem(
                    "password",
                    f"Use a password of at least {MIN_PASSWORD_LENGTH} characters, and give it "
                    "to the recipient separately (by phone, not in the same email).",
                )
            ]
        )


def export(
    ctx: ServiceContext,
    case_id: int,
    recipient: PoliceRecipientDTO,
    deliver: Callable[[str, bytes], None],
    *,
    fields: Iterable[ExportField] | None = None,
    password: str | None = None,
) -> ExportRecordDTO:
    """Export a police summary: one transaction that checks consent now, numbers the export,
    builds the PDF, calls ``deliver(file_name, pdf)`` and records the export.

    Raises ExportRefused (no consent, withdrawn, a field outside it) or ValidationError (the
    recipient or the password); in every failure nothing is recorded.
    """
    from models.reports.pdf_protection import encrypt_pdf
    from models.reports.police_summary import build_police_summary, police_summary_file_name

    check_password(password)
    with ctx.store.session() as session:
        reference = _next_reference(session, ctx.today().year)
        content = _content(ctx, session, case_id, recipient, fields, reference)
        pdf = build_police_summary(content)
        if password is not None:
            pdf = encrypt_pdf(pdf, password)
        row = ExportRecord(
            reference=reference,
            case_id=case_id,
            document=DOCUMENT,
            recipient=content.recipient.recipient,
            force=content.recipient.force,
            officer=content.recipient.officer,
            role=content.recipient.role,
            fields=sorted(f.value for f in content.fields),
            encrypted=password is not None,
            exported_by=ctx.user,
        )
        session.add(row)
        session.flush()
        audit.append(session, AuditAction.EXPORT, ctx.user, AUDIT_ENTITY, row.id)
        # Last, so that a refusal or a failure above never leaves a file behind; if delivery
        # fails the transaction rolls back and the register shows no export.
        deliver(police_summary_file_name(reference), pdf)
        return _record_dto(row)


def export_register(ctx: ServiceContext, case_id: int) -> list[ExportRecordDTO]:
    """The case's exports, newest first."""
    with ctx.store.read_session() as session:
        rows = session.scalars(
            select(ExportRecord)
            .where(ExportRecord.case_id == case_id)
            .order_by(ExportRecord.id.desc())
        )
        return [_record_dto(row) for row in rows]
