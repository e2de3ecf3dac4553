"""`python -m desktop` and the `waypost` console script."""

from __future__ import annotations

import sys


def main() -> int:
    # First, before Qt, the keyring or the vault put anything worth dumping in memory.
    from desktop.process_hardening import harden_process

    harden_process()
    from desktop.log_redaction import configure_logging

    configure_logging()
    from desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
