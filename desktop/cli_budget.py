"""`waypost budget statement` and `waypost budget export`: files for the finance team.

Both write an owner-only file (mode 0600) atomically and record the export in the audit log;
a file that left the vault unrecorded is removed again.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.cli import EXIT_OK, EXIT_USAGE, CliError, unlock_for_cli


def _output_path(text: str, suffixes: tuple[str, ...]) -> Path:
    out = Path(text).expanduser()
    if out.is_dir():
        raise CliError(f"{out} is a folder. Give the file a name inside it.", EXIT_USAGE)
    if not out.parent.is_dir():
        raise CliError(f"There is no folder {out.parent} to write into.", EXIT_USAGE)
    if out.suffix.lower() not in suffixes:
        raise CliError(f"The file name must end in {' or '.join(suffixes)}.", EXIT_USAGE)
    return out


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give a date as YYYY-MM-DD") from None


def _write_and_record(out: Path, data: bytes, record: Callable[[], None]) -> None:
    from desktop.files import atomic_write_bytes

    atomic_write_bytes(out, data, 0o600)
    try:
        record()
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def cmd_budget_statement(args: argparse.Namespace) -> int:
    """Write the month's budget statement (PDF) for the finance team."""
    from models.errors import ValidationError
    from models.services.budget_reports import STATEMENT_ENTITY, parse_month

    out = _output_path(args.out, (".pdf",))
    try:
        month_start, _ = parse_month(args.month)
    except ValidationError as error:
        raise CliError(error.problems[0].message, EXIT_USAGE) from None
    session = unlock_for_cli(args)
    try:
        services = session.services
        content = services.budget_statement(month_start)
        rendered = services.prepare_budget_statement(month_start)
        _write_and_record(
            out, rendered.data, lambda: services.record_budget_export(STATEMENT_ENTITY)
        )
    finally:
        session.close()
    from models.rules.money import format_pence

    print(
        f"Wrote the budget statement for {month_start:%B %Y} to {out}: "
        f"{len(content.lines)} purchases, {format_pence(content.paid_pence)} paid, "
        f"{format_pence(content.committed_pence)} committed."
    )
    if content.missing_receipts:
        print(f"{content.missing_receipts} paid purchase(s) have no receipt attached.")
    print("The export is recorded in the vault's audit log.")
    return EXIT_OK


def cmd_budget_export(args: argparse.Namespace) -> int:
    """Export purchases dated FROM..TO as CSV or XLSX (formulas neutralised)."""
    from models.errors import ValidationError
    from models.services.budget_reports import EXPORT_ENTITY

    out = _output_path(args.out, (".csv", ".xlsx"))
    if args.date_to < args.date_from:
        raise CliError("--to is before --from.", EXIT_USAGE)
    session = unlock_for_cli(args)
    try:
        services = session.services
        try:
            rendered = services.prepare_purchase_export(
                args.date_from, args.date_to, out.suffix.lower().lstrip(".")
            )
        except ValidationError as error:
            raise CliError(error.user_message, EXIT_USAGE) from None
        _write_and_record(out, rendered.data, lambda: services.record_budget_export(EXPORT_ENTITY))
    finally:
        session.close()
    print(f"Wrote the purchases from {args.date_from} to {args.date_to} to {out}.")
    print("The export is recorded in the vault's audit log.")
    return EXIT_OK


def add_budget_parser(budget: argparse.ArgumentParser) -> None:
    commands = budget.add_subparsers(title="budget commands", metavar="COMMAND", required=True)
    statement = commands.add_parser(
        "statement",
        help="the month's budget statement (PDF) for the finance team",
        description="Write a month's budget statement to an owner-only PDF (mode 0600): "
        "allocations, spend by category and every purchase of the month with its status. "
        "Recorded in the audit log.",
    )
    statement.add_argument(
        "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
    )
    statement.add_argument("--month", required=True, metavar="YYYY-MM", help="e.g. 2026-11")
    statement.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    statement.set_defaults(handler=cmd_budget_statement)

    export = commands.add_parser(
        "export",
        help="purchases between two dates as CSV or XLSX",
        description="Export every purchase dated FROM to TO (inclusive) to an owner-only CSV "
        "or XLSX file (by the --out file's ending). Cells a spreadsheet would run as a "
        "formula are neutralised. Recorded in the audit log.",
    )
    export.add_argument(
        "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
    )
    export.add_argument(
        "--from", dest="date_from", required=True, type=_day, metavar="DATE", help="YYYY-MM-DD"
    )
    export.add_argument(
        "--to", dest="date_to", required=True, type=_day, metavar="DATE", help="YYYY-MM-DD"
    )
    export.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx", help="the file")
    export.set_defaults(handler=cmd_budget_export)
