"""`waypost bench`'s vault builder, run as a child process: ``python -m desktop.bench_build
FOLDER CASES`` (passphrase in the environment). Prints the number of cases in the vault.

A child, so that the memory building 100,000 cases takes is not counted in the benchmark's
peak resident memory figure."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop import vault
from desktop.bench import BENCH_PASSPHRASE, BUILD_PASSPHRASE_ENV


def build_or_reuse(folder: Path, cases: int, passphrase: str) -> int:
    from desktop.session import create_session, unlock_session
    from models.services.demo import populate_demo

    if vault.vault_exists(folder):
        session = unlock_session(folder, passphrase)
    else:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        session, _ = create_session(folder, passphrase, demo=True)
    try:
        have = session.services.count_cases()
        if have == 0:
            populate_demo(session.services.ctx, cases=cases, seed=1)
            have = session.services.count_cases()
    finally:
        session.close()
    return have


def main() -> None:
    folder, cases = Path(sys.argv[1]), int(sys.argv[2])
    passphrase = os.environ.get(BUILD_PASSPHRASE_ENV, BENCH_PASSPHRASE)
    print(build_or_reuse(folder, cases, passphrase))


if __name__ == "__main__":
    main()
