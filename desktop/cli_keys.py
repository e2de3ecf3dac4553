"""`waypost keys ...`: change the passphrase, show or replace the recovery key, rotate the
database key. Each asks for the passphrase again and is recorded in the audit log.

Secrets come from environment variables or prompts, never from arguments (the process list
shows arguments to other users).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli import (
    EXIT_OK,
    EXIT_USAGE,
    PASSPHRASE_ENV,
    CliError,
    _read_passphrase,
    _vault_folder,
)
from desktop.vault_layout import vault_exists

NEW_PASSPHRASE_ENV = "WAYPOST_NEW_PASSPHRASE"


def _existing_folder(args: argparse.Namespace) -> Path:
    folder = _vault_folder(args)
    if not vault_exists(folder):
        raise CliError(f"No vault in {folder}.")
    return folder


def _new_passphrase() -> str:
    from models.rules.passphrase import assess_passphrase

    passphrase = os.environ.get(NEW_PASSPHRASE_ENV)
    if passphrase is None:
        if not sys.stdin.isatty():
            raise CliError(
                f"No new passphrase: set {NEW_PASSPHRASE_ENV} or run in a terminal.", EXIT_USAGE
            )
        import getpass

        passphrase = getpass.getpass("New passphrase: ")
        if getpass.getpass("Repeat the new passphrase: ") != passphrase:
            raise CliError("The two passphrases differ. Nothing was changed.", EXIT_USAGE)
    assessment = assess_passphrase(passphrase)
    if not assessment.acceptable:
        raise CliError(
            f"That passphrase is too weak ({assessment.label}). Use at least 12 characters, "
            "for example four or five unrelated words. Nothing was changed.",
            EXIT_USAGE,
        )
    return passphrase


def _audit(folder: Path, passphrase: str, action: Any) -> None:
    from desktop.session import unlock_session

    session = unlock_session(folder, passphrase)
    try:
        session.services.record(action, "vault")
    finally:
        session.close()


def cmd_keys_passphrase(args: argparse.Namespace) -> int:
    from models.enums import AuditAction

    folder = _existing_folder(args)
    old = _read_passphrase("Current passphrase: ")
    new = _new_passphrase()
    from desktop import vault

    vault.change_passphrase(folder, old, new)
    _audit(folder, new, AuditAction.PASSPHRASE_CHANGED)
    print("The passphrase was changed. The database and the recovery key are unchanged.")
    return EXIT_OK


def _recovery_key_chore(
    args: argparse.Namespace, chore: Callable[..., str], action_name: str, heading: str
) -> int:
    from models.enums import AuditAction

    folder = _existing_folder(args)
    passphrase = _read_passphrase()
    text = chore(folder, passphrase)
    _audit(folder, passphrase, AuditAction(action_name))
    print(heading)
    print()
    print(f"    {text}")
    return EXIT_OK


def cmd_keys_show_recovery(args: argparse.Namespace) -> int:
    from desktop.key_management import show_recovery_key

    return _recovery_key_chore(
        args,
        show_recovery_key,
        "recovery_key_shown",
        "Recovery key (keep it on paper, locked away; never in a file or an e-mail):",
    )


def cmd_keys_replace_recovery(args: argparse.Namespace) -> int:
    from desktop.key_management import replace_recovery_key

    return _recovery_key_chore(
        args,
        replace_recovery_key,
        "recovery_key_replaced",
        "New recovery key (the old recovery sheet no longer opens this vault; destroy it):",
    )


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from desktop.backups import default_backup_folder
    from desktop.instance_lock import VaultLock
    from desktop.key_rotation import rotate_database_key

    folder = _existing_folder(args)
    backup_folder = Path(args.backup_to).expanduser() if args.backup_to else None
    # The app must not have the vault open while every page is re-encrypted.
    with VaultLock.acquire(folder):
        from desktop.session import unlock_session

        passphrase = _read_passphrase()
        session = unlock_session(folder, passphrase)
        try:
            result = rotate_database_key(
                session, passphrase, backup_folder=backup_folder or default_backup_folder(folder)
            )
        finally:
            session.close()
    print("The database was re-encrypted under a new key.")
    print(f"A backup under the old key was taken first: {result.backup.path}")
    if result.new_recovery_key:
        print()
        print("This vault had no stored copy of its recovery key, so it has a NEW one.")
        print("Print it or write it down now; the old recovery sheet no longer opens this vault:")
        print()
        print(f"    {result.new_recovery_key}")
    return EXIT_OK


def add_keys_parser(add: Callable[..., argparse.ArgumentParser]) -> None:
    from desktop.cli import cmd_gui

    keys = add("keys", cmd_gui, "change the passphrase, see the recovery key, rotate the key")
    chores = keys.add_subparsers(title="key chores", metavar="CHORE", required=True)

    def chore(
        name: str, handler: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        parser = chores.add_parser(name, help=text, description=text)
        parser.add_argument(
            "--vault", metavar="DIR", help="the vault folder", default=argparse.SUPPRESS
        )
        parser.set_defaults(handler=handler)
        return parser

    chore(
        "passphrase",
        cmd_keys_passphrase,
        f"change the passphrase (current from {PASSPHRASE_ENV}, new from {NEW_PASSPHRASE_ENV}, "
        "or prompted); re-wraps the key only",
    )
    chore("show-recovery", cmd_keys_show_recovery, "show the recovery key again")
    chore(
        "replace-recovery",
        cmd_keys_replace_recovery,
        "make a new recovery key (the old sheet stops opening the vault)",
    )
    rotate = chore(
        "rotate",
        cmd_keys_rotate,
        "re-encrypt the database under a new key (PRAGMA rekey), after a backup",
    )
    rotate.add_argument("--backup-to", metavar="DIR", help="where to put the backup first")
