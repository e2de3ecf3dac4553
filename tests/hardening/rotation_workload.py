"""Child process for the rotation kill test: rotate a demo vault's database key in a loop.

Prints ``ROTATING n`` before each rotation and ``ROTATED n`` after it; the parent SIGKILLs it
at a random moment. Usage: python -m tests.hardening.rotation_workload VAULT_DIR PASSPHRASE
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    from desktop.key_rotation import rotate_database_key
    from desktop.session import unlock_session

    folder, passphrase = Path(sys.argv[1]), sys.argv[2]
    session = unlock_session(folder, passphrase)
    print("READY", flush=True)
    number = 0
    while True:
        number += 1
        print(f"ROTATING {number}", flush=True)
        rotate_database_key(session, passphrase, backup_folder=folder / "backups")
        print(f"ROTATED {number}", flush=True)


if __name__ == "__main__":
    main()
