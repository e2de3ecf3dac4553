"""`waypost report impact`: the programme impact report for funders and police leaders.

The format follows the --out file's ending: a PDF to read, or JSON for a spreadsheet or a
dashboard. The file is written owner-only (mode 0600) and atomically, and the export is recorded
in the audit log; a file that left the vault unrecorded is removed again.
"""

from __future__ import annotations

import argparse

from desktop.cli import EXIT_OK, EXIT_USAGE, CliError, unlock_for_cli
from desktop.cli_budget import _day, _output_path, _write_and_record

SUFFIXES = (".pdf", ".json")
# The evaluation's table, printed after writing: enough to check the file is the right one.
HEADLINE = (
    "support_plan_cases",
    "strategic_advice_cases",
    "trained_police",
    "trained_other",
    "repatriations",
    "operations",
    "police_engagement_share",
    "recovery_improved_survivor_share",
    "recovery_improved_navigator_share",
)


def cmd_report_impact(args: argparse.Namespace) -> int:
    """Write the impact report for FROM..TO as a PDF or JSON file."""
    from models.errors import ValidationError
    from models.reports.impact_json import impact_json
    from models.reports.impact_report import build_impact_report, figure_text, period_words
    from models.services.impact_export import record_impact_export

    out = _output_path(args.out, SUFFIXES)
    if args.date_to < args.date_from:
        raise CliError("--to is before --from.", EXIT_USAGE)
    session = unlock_for_cli(args)
    try:
        services = session.services
        try:
            report = services.impact_report(
                args.date_from,
                args.date_to,
                navigator=args.navigator,
                police_force=args.force,
            )
        except ValidationError as error:
            raise CliError(error.user_message, EXIT_USAGE) from None
        if out.suffix.lower() == ".json":
            data = impact_json(report)
        else:
            organisation = services.navigator_profile().organisation
            data = build_impact_report(report, organisation=organisation)
        _write_and_record(out, data, lambda: record_impact_export(services.ctx))
    finally:
        session.close()
    print(f"Wrote the impact report for {period_words(args.date_from, args.date_to)} to {out}.")
    keys = {figure.key for figure in report.figures}
    for key in HEADLINE:
        if key in keys:
            figure = report.figure(key)
            print(f"  {figure.label}: {figure_text(figure)}")
    print("The export is recorded in the vault's audit log.")
    return EXIT_OK


def add_report_parser(report: argparse.ArgumentParser) -> None:
    commands = report.add_subparsers(title="report commands", metavar="COMMAND", required=True)
    impact = commands.add_parser(
        "impact",
        help="the programme impact report for a period, as PDF or JSON",
        description="Write the programme's figures for FROM to TO (inclusive) to an owner-only "
        "PDF or JSON file (by the --out file's ending): support plan cases, strategic advice, "
        "people trained, repatriations, operations attended and the engagement and recovery "
        "shares, each with its counting rule. No personal data. Recorded in the audit log.",
    )
    impact.add_argument(
        "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
    )
    impact.add_argument(
        "--from", dest="date_from", required=True, type=_day, metavar="DATE", help="YYYY-MM-DD"
    )
    impact.add_argument(
        "--to", dest="date_to", required=True, type=_day, metavar="DATE", help="YYYY-MM-DD"
    )
    impact.add_argument("--out", required=True, metavar="FILE.pdf|FILE.json", help="the file")
    impact.add_argument(
        "--navigator", metavar="LOGIN", default=None, help="only this navigator's work"
    )
    impact.add_argument(
        "--force", metavar="NAME", default=None, help="only work with this police force"
    )
    impact.set_defaults(handler=cmd_report_impact)
