"""`waypost agenda` and `waypost export calendar`: what is due, on the terminal or as an .ics
file for another calendar.

Both say only the due date, the case reference and the kind of date (never a plan action's
text, a name or a defendant). The calendar file is written owner-only (mode 0600), atomically,
and recorded in the audit log; a file that left the vault unrecorded is removed again.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from desktop.cli import EXIT_OK, unlock_for_cli

if TYPE_CHECKING:
    from models.dto import AgendaItemDTO

DEFAULT_DAYS = 14
GROUPS = (("overdue", "Overdue"), ("this_week", "This week"), ("later", "Later"))


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give a whole number of days") from None
    if not 0 <= value <= 3660:
        raise argparse.ArgumentTypeError("give a number of days from 0 to 3660")
    return value


def group_of(due_on: date, today: date) -> str:
    """ "overdue" before today, "this_week" for the next seven days from today, else "later"."""
    if due_on < today:
        return "overdue"
    return "this_week" if due_on < today + timedelta(days=7) else "later"


def agenda_records(items: Sequence[AgendaItemDTO], today: date) -> list[dict[str, str]]:
    from models.reports.calendar_export import kind_words

    order = [key for key, _title in GROUPS]
    records = [
        {
            "group": group_of(item.due_on, today),
            "due": item.due_on.isoformat(),
            "case": item.case_reference,
            "kind": item.kind.value,
            "what": kind_words(item),
        }
        for item in items
    ]
    return sorted(records, key=lambda r: (order.index(r["group"]), r["due"], r["case"]))


def cmd_agenda(args: argparse.Namespace) -> int:
    """List what is due: overdue, this week, later (to --days ahead)."""
    session = unlock_for_cli(args)
    try:
        services = session.services
        today = services.ctx.today()
        items = services.agenda_items(today + timedelta(days=args.days))
    finally:
        session.close()
    records = agenda_records(items, today)
    if args.json:
        json.dump(records, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return EXIT_OK
    for key, title in GROUPS:
        rows = [r for r in records if r["group"] == key]
        print(f"{title} ({len(rows)})")
        for r in rows:
            print(f"  {r['due']}  {r['case']:<14} {r['what']}")
        if not rows:
            print("  nothing")
    print(f"{len(records)} item(s) due by {today + timedelta(days=args.days)}", file=sys.stderr)
    return EXIT_OK


def cmd_export_calendar(args: argparse.Namespace) -> int:
    """Write the Agenda from today to --days ahead as an owner-only .ics file."""
    from desktop.cli_budget import _output_path, _write_and_record

    out = _output_path(args.out, (".ics",))
    session = unlock_for_cli(args)
    try:
        services = session.services
        rendered = services.prepare_calendar(args.days)
        _write_and_record(out, rendered.data, services.record_calendar_export)
    finally:
        session.close()
    count = rendered.data.count(b"BEGIN:VEVENT")
    print(f"Wrote {count} dated item(s) for the next {args.days} days to {out}.")
    print("Each event holds only a case reference and the kind of date, no names.")
    print("The export is recorded in the vault's audit log.")
    return EXIT_OK


def add_agenda_arguments(agenda: argparse.ArgumentParser) -> None:
    agenda.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"look N days ahead (default {DEFAULT_DAYS}); overdue items are always listed",
    )
    agenda.add_argument("--json", action="store_true", help="print JSON")


def add_export_parser(exports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    calendar = exports.add_parser(
        "calendar",
        help="the Agenda as an .ics calendar file (case references and kinds of date only)",
        description="Write every dated Agenda item from today to --days ahead (hearings, NRM "
        "dates, assessments due, plan reviews and actions) as all-day events in an "
        "owner-only .ics file (mode 0600). Events hold only the case reference and the kind "
        "of date, never names, addresses or plan text. Recorded in the audit log.",
    )
    calendar.add_argument(
        "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
    )
    calendar.add_argument("--out", required=True, metavar="FILE.ics", help="the file to write")
    calendar.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"how many days ahead (default {DEFAULT_DAYS})",
    )
    calendar.set_defaults(handler=cmd_export_calendar)
