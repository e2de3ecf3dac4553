"""`waypost bench --vault DIR [--cases N] [--json]`: Waypost's figures against its budgets."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path

from desktop.cli import EXIT_OK, PASSPHRASE_ENV


def cmd_bench(args: argparse.Namespace) -> int:
    from desktop.bench import BENCH_PASSPHRASE, figure_lines, run_bench

    if not getattr(args, "vault", None):
        from desktop.cli import EXIT_USAGE, CliError

        raise CliError("Give the benchmark vault's folder: --vault DIR.", EXIT_USAGE)
    folder = Path(args.vault).expanduser()
    passphrase = os.environ.get(PASSPHRASE_ENV, BENCH_PASSPHRASE)
    result = run_bench(folder, args.cases, passphrase=passphrase)
    if args.json:
        print(json.dumps(result, indent=2))
        return EXIT_OK
    print(
        f"{result['cases']} cases (built or reused in {result['build_seconds']} s); "
        f"medians of repeated runs; 'x raw' = the figure over a bare SQLCipher open and count "
        "(search: over the raw FTS5 query)"
    )
    for line in figure_lines(result):
        print(line)
    return EXIT_OK


def add_bench_parser(add: Callable[..., argparse.ArgumentParser]) -> None:
    bench = add(
        "bench",
        cmd_bench,
        "build (or reuse) a synthetic vault and print each performance figure beside its budget",
    )
    bench.add_argument("--cases", type=int, default=100_000, metavar="N")
    bench.add_argument("--json", action="store_true", help="print JSON")
