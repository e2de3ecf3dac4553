"""The `waypost` command line. Headless subcommands never import Qt.

Passphrases come from WAYPOST_PASSPHRASE or a prompt, never from an argument (arguments are
visible to other users in the process list).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Light imports only: `waypost` with no command starts the GUI, and everything imported here
# is paid for before its first window is painted (DESIGN.md section 5).
from desktop import paths
from desktop.paths import DEMO_PASSPHRASE
from desktop.vault_errors import VaultError
from desktop.vault_layout import vault_exists

if TYPE_CHECKING:  # imported lazily at run time: it loads SQLAlchemy
    from desktop.session import VaultSession

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_VAULT_ERROR = 3

PASSPHRASE_ENV = "WAYPOST_PASSPHRASE"
DEBUG_ENV = "WAYPOST_DEBUG"


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_VAULT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _read_passphrase(prompt: str = "Passphrase: ", *, confirm: bool = False) -> str:
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise CliError(
            f"No passphrase: set {PASSPHRASE_ENV} or run in a terminal to be prompted.",
            EXIT_USAGE,
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise CliError("The two passphrases differ. Nothing was created.", EXIT_USAGE)
    return first


def _vault_folder(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else paths.default_vault_folder()


def unlock_for_cli(args: argparse.Namespace) -> VaultSession:
    from desktop.session import unlock_session

    folder = _vault_folder(args)
    if not vault_exists(folder):
        raise CliError(f"No vault in {folder}. Create one with: waypost init --vault {folder}")
    _warn_if_files_are_shared(folder)
    return unlock_session(folder, _read_passphrase())


def _warn_if_files_are_shared(folder: Path) -> None:
    """One line on stderr if other users could read vault files (stdout may be piped JSON)."""
    import shlex

    from desktop.file_permissions import permission_problems

    count = len(permission_problems(folder))
    if count:
        print(
            f"Warning: {count} item(s) in the vault folder are not private to you; other users "
            f"of this computer may read them. Fix with: chmod -R go-rwx {shlex.quote(str(folder))}",
            file=sys.stderr,
        )


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.session import create_session
    from models.rules.passphrase import assess_passphrase

    folder = _vault_folder(args)
    if vault_exists(folder):
        raise CliError(f"{folder} already holds a vault. Nothing was changed.")
    passphrase = _read_passphrase("New passphrase: ", confirm=True)
    assessment = assess_passphrase(passphrase)
    if not assessment.acceptable:
        hints = " ".join(assessment.suggestions)
        raise CliError(
            f"That passphrase is too weak ({assessment.label}). Use at least 12 characters, "
            f"for example four or five unrelated words. {hints}".strip(),
            EXIT_USAGE,
        )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    session, recovery_key = create_session(folder, passphrase)
    session.close()
    print(f"Created a vault in {folder}.")
    print()
    print("Recovery key (shown once; print it or write it down and lock it away):")
    print()
    print(f"    {recovery_key}")
    print()
    print("It opens the vault on a new computer, or if this computer's keyring is lost:")
    print(f"    waypost recover --vault {folder}")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from desktop.session import recover_session

    folder = _vault_folder(args)
    if not vault_exists(folder):
        raise CliError(f"No vault in {folder}.")
    key_text = os.environ.get("WAYPOST_RECOVERY_KEY")
    if key_text is None:
        if not sys.stdin.isatty():
            raise CliError("No recovery key: set WAYPOST_RECOVERY_KEY or run in a terminal.")
        key_text = getpass.getpass("Recovery key: ")
    passphrase = _read_passphrase("New passphrase: ", confirm=True)
    session = recover_session(folder, key_text, passphrase)
    session.close()
    print("The vault is open on this computer again. Use your new passphrase from now on.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.session import create_session
    from models.services.demo import populate_demo

    folder = _vault_folder(args)
    if vault_exists(folder):
        session = unlock_for_cli(args)
    else:
        # A new folder becomes a demo vault: synthetic data only, passphrase-only envelope.
        passphrase = os.environ.get(PASSPHRASE_ENV, DEMO_PASSPHRASE)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        session, _ = create_session(folder, passphrase, demo=True)
        print(f"Created a demo vault in {folder} (passphrase: {passphrase!r}).")
    try:
        if not session.demo:
            print("Warning: adding synthetic cases to a real (non-demo) vault.", file=sys.stderr)
        summary = populate_demo(session.services.ctx, cases=args.cases, seed=args.seed)
    finally:
        session.close()
    print(
        f"Added {summary.cases} synthetic cases ({summary.people} survivors, "
        f"{summary.contacts} contact notes, {summary.plans} support plans, "
        f"{summary.assessments} recovery assessments, {summary.purchases} purchases, "
        f"{summary.nrm_records} NRM records, {summary.court_cases} court cases, "
        f"{summary.operations} operations, {summary.training_sessions} training sessions)."
    )
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    from models.dto import CaseloadQuery, CaseloadSort

    session = unlock_for_cli(args)
    try:
        services = session.services
        ids = services.caseload_ids(
            CaseloadQuery(search=args.search or "", sort=CaseloadSort.OPENED, descending=True)
        )
        rows = services.caseload_rows(ids)
    finally:
        session.close()
    records = [
        {
            "reference": r.reference,
            "kind": r.kind.value,
            "status": r.status.value,
            "opened": r.opened_on.isoformat(),
        }
        for r in rows
    ]
    if args.json:
        json.dump(records, sys.stdout, indent=2)
        print()
    else:
        for rec in records:
            print(f"{rec['reference']:<14} {rec['kind']:<17} {rec['status']:<9} {rec['opened']}")
        print(f"{len(records)} case(s)", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    session = unlock_for_cli(args)
    try:
        report = session.services.check()
    finally:
        session.close()
    for line in report.lines():
        print(line)
    if report.ok:
        print("Vault check passed.")
        return EXIT_OK
    print("Vault check FAILED. Restore from a backup if the problem persists.", file=sys.stderr)
    return EXIT_CHECK_FAILED


def cmd_print_support_plan(args: argparse.Namespace) -> int:
    """Print a case's support plan to a PDF file: the plan in force, else the newest draft."""
    import time

    from desktop.files import atomic_write_bytes
    from models.enums import PlanStatus
    from models.services.plan_printing import NoPlanToPrint, UnknownPrintLanguage, print_language

    language = None
    if args.language is not None:
        try:
            language = print_language(args.language)
        except UnknownPrintLanguage as error:
            raise CliError(error.user_message, EXIT_USAGE) from None
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise CliError(f"{out} is a folder. Give the PDF a file name inside it.", EXIT_USAGE)
    if not out.parent.is_dir():
        raise CliError(f"There is no folder {out.parent} to write the PDF into.", EXIT_USAGE)

    session = unlock_for_cli(args)
    try:
        services = session.services
        try:
            version_id = services.plan_version_to_print(args.case_ref)
        except NoPlanToPrint as error:
            raise CliError(error.user_message) from None
        started = time.perf_counter()
        rendered = services.prepare_support_plan(
            version_id, language=language, large_type=args.large_type
        )
        seconds = time.perf_counter() - started
        atomic_write_bytes(out, rendered.pdf, 0o600)
        try:
            services.record_plan_printed(version_id)
        except BaseException:
            # A plan that left the vault unrecorded must not stay on disk.
            out.unlink(missing_ok=True)
            raise
    finally:
        session.close()
    state = (
        "a DRAFT, not agreed yet"
        if rendered.status is PlanStatus.DRAFTED
        else rendered.status.value
    )
    large = ", large type" if rendered.large_type else ""
    from models.reports.catalog import catalog

    headings = catalog(rendered.language).info
    # Say which catalog was really used: a language without one prints English headings.
    shown = f"{headings.name_in_english} ({headings.code})"
    if headings.code != rendered.language.split("-")[0].lower():
        shown += f"; there are no headings in {rendered.language!r} yet"
    print(
        f"Wrote the support plan for {rendered.case_reference} (version "
        f"{rendered.version_number}, {state}; headings in {shown}{large}) to {out}."
    )
    print(f"Built in {seconds * 1000:.0f} ms. The print is recorded in the vault's audit log.")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(
        vault_folder=Path(args.vault).expanduser() if args.vault else None,
        demo=args.demo,
    )


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="waypost",
        description="Waypost: the encrypted case manager for Victim Navigators.",
        epilog=f"Passphrases are read from {PASSPHRASE_ENV} or prompted for.",
    )
    parser.add_argument("--vault", metavar="DIR", help="the vault folder (default: user data)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"open the demo vault (synthetic data; passphrase {DEMO_PASSPHRASE!r})",
    )
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str):  # noqa: ANN202
        command = sub.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS keeps "waypost --vault DIR COMMAND" working as well as "COMMAND --vault DIR".
        command.add_argument(
            "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
        )
        command.set_defaults(handler=handler)
        return command

    add("init", cmd_init, "create a new vault and print its recovery key once")
    add("recover", cmd_recover, "open a vault with its recovery key and set a new passphrase")
    demo = add("demo", cmd_demo, "fill a vault with deterministic synthetic cases")
    demo.add_argument("--cases", type=_non_negative_int, default=1000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    cases = add("cases", cmd_cases, "list cases: reference, kind, status, opened date")
    cases.add_argument("--search", metavar="TEXT", help="search reference, names and notes")
    cases.add_argument("--json", action="store_true", help="print JSON")
    add("check", cmd_check, "check SQLCipher integrity, SQLite integrity and the audit chain")

    printing = add("print", cmd_gui, "print a document to a PDF file")
    documents = printing.add_subparsers(title="documents", metavar="DOCUMENT", required=True)
    plan = documents.add_parser(
        "support-plan",
        help="a case's support plan: the plan in force, else the newest draft (marked DRAFT)",
        description="Print a case's support plan to a PDF file (owner-only, mode 0600): the "
        "plan in force, else the newest draft, marked DRAFT. Each print is recorded in the "
        "audit log.",
    )
    plan.add_argument("--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS)
    plan.add_argument("case_ref", metavar="CASE_REF", help="the case reference, e.g. WP-2026-0042")
    plan.add_argument("--out", metavar="FILE.pdf", required=True, help="the PDF file to write")
    plan.add_argument(
        "--language",
        metavar="CODE",
        help="print the headings in this language (e.g. ar, fa, ti, vi) instead of the plan's",
    )
    plan.add_argument("--large-type", action="store_true", help="print in large type (about 16 pt)")
    plan.set_defaults(handler=cmd_print_support_plan)

    from desktop import cli_recovery  # its handlers import the core lazily, like these

    cli_recovery.add_print_parser(documents)
    exporting = add("export", cmd_gui, "export a document for a partner, as consent allows")
    exports = exporting.add_subparsers(title="documents", metavar="DOCUMENT", required=True)
    cli_recovery.add_export_parser(exports)
    from desktop import cli_agenda

    cli_agenda.add_export_parser(exports)
    cli_agenda.add_agenda_arguments(
        add(
            "agenda",
            cli_agenda.cmd_agenda,
            "what is due: overdue, this week and later (due date, case reference, kind)",
        )
    )

    from desktop import cli_budget

    cli_budget.add_budget_parser(add("budget", cmd_gui, "budget statements and exports"))

    from desktop import cli_report

    cli_report.add_report_parser(add("report", cmd_gui, "programme reports"))

    from desktop import cli_backup

    cli_backup.add_backup_commands(add)

    from desktop import cli_keys

    cli_keys.add_keys_parser(add)

    from desktop import cli_bench

    cli_bench.add_bench_parser(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except CliError as error:
        print(f"waypost: {error.message}", file=sys.stderr)
        return error.code
    except VaultError as error:
        print(f"waypost: {error.user_message}", file=sys.stderr)
        return EXIT_VAULT_ERROR
    except KeyboardInterrupt:
        print("waypost: interrupted; nothing further was written.", file=sys.stderr)
        return 130
    except Exception as error:
        # Errors from the core carry a message that is safe to show. Anything else shows only
        # its type: its text or traceback could quote personal data from the vault.
        message = getattr(error, "user_message", None)
        if message is None:
            if os.environ.get(DEBUG_ENV):
                raise
            message = (
                f"unexpected error ({type(error).__name__}); nothing further was written. "
                f"Set {DEBUG_ENV}=1 to see the details (they may include personal data)."
            )
        print(f"waypost: {message}", file=sys.stderr)
        return EXIT_VAULT_ERROR
