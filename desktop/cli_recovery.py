"""`waypost print recovery-summary` and `waypost export police-summary`.

Both write an owner-only PDF (mode 0600) atomically, and both are recorded in the vault: a
print in the audit log, an export in the export register and the audit log. A file that left
the vault unrecorded is removed again.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desktop.cli import EXIT_OK, EXIT_USAGE, CliError, unlock_for_cli

EXIT_REFUSED = 4
DEFAULT_ROLE = "Officer in the case"


def _output_path(text: str) -> Path:
    out = Path(text).expanduser()
    if out.is_dir():
        raise CliError(f"{out} is a folder. Give the PDF a file name inside it.", EXIT_USAGE)
    if not out.parent.is_dir():
        raise CliError(f"There is no folder {out.parent} to write the PDF into.", EXIT_USAGE)
    return out


def cmd_print_recovery_summary(args: argparse.Namespace) -> int:
    """Print a case's recovery summary (scores, changes, trends, support given) to a PDF."""
    import time

    from desktop.files import atomic_write_bytes
    from models.services.recovery_summary import NoRecoveryToSummarise

    out = _output_path(args.out)
    session = unlock_for_cli(args)
    try:
        services = session.services
        try:
            case_id = services.recovery_summary_case(args.case_ref)
            started = time.perf_counter()
            rendered = services.prepare_recovery_summary(case_id)
        except NoRecoveryToSummarise as error:
            raise CliError(error.user_message) from None
        seconds = time.perf_counter() - started
        atomic_write_bytes(out, rendered.pdf, 0o600)
        try:
            services.record_recovery_summary_printed(case_id)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    finally:
        session.close()
    print(f"Wrote the recovery summary for {rendered.case_reference} to {out}.")
    print(f"Built in {seconds * 1000:.0f} ms. The print is recorded in the vault's audit log.")
    return EXIT_OK


def _fields(text: str | None):  # noqa: ANN202 - frozenset[ExportField] | None
    from models.enums import ExportField

    if text is None:
        return None
    chosen = set()
    known = {field.value: field for field in ExportField}
    for part in (p.strip().lower().replace("-", "_") for p in text.split(",")):
        if not part:
            continue
        if part not in known:
            raise CliError(
                f"There is no field {part!r}. Fields: {', '.join(sorted(known))}.", EXIT_USAGE
            )
        chosen.add(known[part])
    return frozenset(chosen)


def _password(variable: str | None) -> str | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise CliError(
            f"--password-env names {variable}, but that environment variable is not set.",
            EXIT_USAGE,
        )
    return value


def cmd_export_police_summary(args: argparse.Namespace) -> int:
    """Export a police summary: only what the survivor's consent for the recipient allows."""
    from desktop.files import atomic_write_bytes
    from models.dto import PoliceRecipientDTO
    from models.enums import ConsentRecipient
    from models.errors import ValidationError
    from models.rules.police_export import ExportRefused
    from models.services.recovery_summary import NoRecoveryToSummarise

    out = Path(args.out).expanduser()
    if not out.is_dir():
        _output_path(args.out)
    fields = _fields(args.fields)
    password = _password(args.password_env)
    recipient_kind = ConsentRecipient(args.to)
    written: list[Path] = []

    def deliver(file_name: str, pdf: bytes) -> None:
        target = out / file_name if out.is_dir() else out
        atomic_write_bytes(target, pdf, 0o600)
        written.append(target)

    session = unlock_for_cli(args)
    try:
        services = session.services
        try:
            case_id = services.recovery_summary_case(args.case_ref)
            force = args.force
            if force is None:
                force = services.police_export_options(case_id, recipient_kind).default_force
            recipient = PoliceRecipientDTO(recipient_kind, force, args.recipient, args.role)
            record = services.export_police_summary(
                case_id, recipient, deliver, fields=fields, password=password
            )
        except (ExportRefused, NoRecoveryToSummarise) as error:
            raise CliError(f"export refused: {error.user_message}", EXIT_REFUSED) from None
        except ValidationError as error:
            raise CliError(error.user_message, EXIT_USAGE) from None
        except BaseException:
            # Delivered, then the record failed: an unrecorded export must not stay on disk.
            for path in written:
                path.unlink(missing_ok=True)
            raise
    finally:
        session.close()
    sent = ", ".join(sorted(field.value for field in record.fields))
    print(f"Exported police summary {record.reference} to {written[0]}.")
    print(f"Recipient: {recipient.line}. Fields: {sent}.")
    if record.encrypted:
        print("Encrypted with AES-256: give the recipient the password separately (by phone).")
    print("Recorded in the case's export register and the vault's audit log.")
    return EXIT_OK


def add_print_parser(documents: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    summary = documents.add_parser(
        "recovery-summary",
        help="a case's recovery summary: scores, change in each domain, trends, support given",
        description="Print a case's recovery summary to a PDF file (owner-only, mode 0600). "
        "Each print is recorded in the audit log.",
    )
    summary.add_argument(
        "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
    )
    summary.add_argument("case_ref", metavar="CASE_REF", help="the case reference")
    summary.add_argument("--out", metavar="FILE.pdf", required=True, help="the PDF file to write")
    summary.set_defaults(handler=cmd_print_recovery_summary)


def add_export_parser(documents: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = documents.add_parser(
        "police-summary",
        help="a recovery summary for a police partner, limited to what the survivor agreed",
        description="Export a police summary to a PDF file (owner-only, mode 0600). Only the "
        "fields the survivor's recorded consent for the recipient allows are included; "
        "without consent the export is refused (exit status 4). Every page is marked "
        "OFFICIAL-SENSITIVE with the recipient, the date and a unique export reference, and "
        "the export is recorded in the case's export register and the audit log.",
    )
    export.add_argument(
        "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
    )
    export.add_argument("case_ref", metavar="CASE_REF", help="the case reference")
    export.add_argument(
        "--recipient", required=True, metavar="TEXT", help="the officer, e.g. 'DC Sam Patel'"
    )
    export.add_argument(
        "--role", default=DEFAULT_ROLE, metavar="TEXT", help=f"their role (default: {DEFAULT_ROLE})"
    )
    export.add_argument(
        "--force", metavar="TEXT", help="their force or CPS area (default: the case's force)"
    )
    export.add_argument(
        "--to",
        choices=("police", "cps"),
        default="police",
        help="whose consent applies: the police (default) or the Crown Prosecution Service",
    )
    export.add_argument(
        "--fields",
        metavar="F1,F2",
        help="send only these of the consented fields (default: all the consent allows)",
    )
    export.add_argument(
        "--out",
        metavar="FILE.pdf",
        required=True,
        help="the PDF file to write, or a folder (the file is then named by the reference)",
    )
    export.add_argument(
        "--password-env",
        metavar="VAR",
        help="encrypt with AES-256 under the password in this environment variable",
    )
    export.set_defaults(handler=cmd_export_police_summary)
