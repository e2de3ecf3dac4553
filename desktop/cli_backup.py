"""`waypost backup` and `waypost restore`: encrypted backup sets from the command line.

`waypost backup` unlocks the vault and writes a backup set (desktop/backups.py) into the
vault's backups folder or ``--to`` (an encrypted USB drive, say); `waypost backup --list`
lists this vault's backups without unlocking. `waypost restore BACKUP` checks the backup and
only then replaces the vault's database, keeping the replaced files aside; with the recovery
key it makes the vault anew in an empty folder (a new computer).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.cli import EXIT_OK, EXIT_USAGE, CliError, _read_passphrase, unlock_for_cli

if TYPE_CHECKING:
    from desktop import vault

# desktop.vault (cryptography, Argon2) is imported in the commands that use it: this module is
# loaded with every `waypost` start, the GUI's included.
RECOVERY_KEY_ENV = "WAYPOST_RECOVERY_KEY"


def _vault_folder(args: argparse.Namespace) -> Path:
    vault_arg = getattr(args, "vault", None)
    return Path(vault_arg).expanduser() if vault_arg else paths.default_vault_folder()


def _backup_folder(args: argparse.Namespace, folder: Path) -> Path:
    from desktop.backups import default_backup_folder

    return Path(args.to).expanduser() if args.to else default_backup_folder(folder)


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.backups import format_size, take_backup
    from models.enums import AuditAction

    folder = _vault_folder(args)
    target = _backup_folder(args, folder)
    if args.list:
        return _list_backups(folder, target)
    session = unlock_for_cli(args)
    try:
        backup = take_backup(session.store, folder, target, reason="manual")
        session.services.record(AuditAction.BACKUP, "vault")
    finally:
        session.close()
    print(f"Backed up the vault to {backup.path} ({format_size(backup.database_bytes)}).")
    print("The backup is encrypted: it opens with this vault's passphrase or recovery key.")
    return EXIT_OK


def _list_backups(folder: Path, target: Path) -> int:
    from desktop import vault
    from desktop.backups import format_size, list_backups
    from desktop.envelope import read_envelope

    vault_id = read_envelope(vault.vault_paths(folder)).vault_id
    backups = list_backups(target, vault_id)
    if not backups:
        print(f"There are no backups of this vault in {target}.")
        return EXIT_OK
    for backup in backups:
        when = backup.taken_at.astimezone()
        print(
            f"{when:%Y-%m-%d %H:%M}  {backup.reason:<14} "
            f"{format_size(backup.database_bytes):>9}  {backup.path}"
        )
    print(f"{len(backups)} backup(s)", file=sys.stderr)
    return EXIT_OK


def _read_recovery_key(variable: str) -> str:
    key_text = os.environ.get(variable)
    if key_text is not None:
        return key_text
    if not sys.stdin.isatty():
        raise CliError(f"No recovery key: set {variable} or run in a terminal.", EXIT_USAGE)
    return getpass.getpass("Recovery key: ")


def _new_passphrase() -> str:
    from models.rules.passphrase import assess_passphrase

    passphrase = _read_passphrase("New passphrase for this computer: ", confirm=True)
    assessment = assess_passphrase(passphrase)
    if not assessment.acceptable:
        raise CliError(
            f"That passphrase is too weak ({assessment.label}). Use at least 12 characters, "
            "for example four or five unrelated words. Nothing was restored.",
            EXIT_USAGE,
        )
    return passphrase


def _backup_key(backup: Path, unlocked: vault.UnlockedVault, passphrase: str) -> bytes | None:
    """The key of a backup taken before a key rotation (None when it is the current key).

    The backup's own keys.json wraps its key under the passphrase and device secret in use
    when it was taken; this passphrase is tried with it.
    """
    from desktop import vault
    from desktop.backup_errors import BackupKeyDiffers
    from desktop.backup_manifest import database_key_check
    from desktop.backup_sets import load_backup

    loaded = load_backup(backup)
    manifest = loaded.manifest
    if manifest is None or manifest.vault_id != unlocked.vault_id:
        return None  # a legacy file, or another vault's backup (refused by the restore)
    if database_key_check(unlocked.database_key, unlocked.vault_id) == manifest.key_check:
        return None
    try:
        return vault.unlock(backup, passphrase).database_key
    except vault.VaultError:
        raise BackupKeyDiffers() from None


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop import vault
    from desktop.session import restore_backup_and_open, restore_on_new_computer

    folder = _vault_folder(args)
    backup = Path(args.backup).expanduser()
    if not backup.exists():
        raise CliError(f"There is no backup at {backup}. Nothing was changed.", EXIT_USAGE)
    if args.recovery_key_env or not vault.vault_exists(folder):
        key_text = _read_recovery_key(args.recovery_key_env or RECOVERY_KEY_ENV)
        passphrase = _new_passphrase()
        session = restore_on_new_computer(folder, backup, key_text, passphrase)
        session.close()
        print(f"Restored the vault from the backup into {folder}.")
        print("It is open on this computer now: use your new passphrase from now on.")
        return EXIT_OK

    passphrase = _read_passphrase()
    try:
        unlocked = vault.unlock(folder, passphrase)
    except (vault.WrongPassphrase, vault.WrongRecoveryKey) as error:
        vault.record_failed_unlock(folder, error.code)
        raise
    backup_key = _backup_key(backup, unlocked, passphrase)
    session, aside = restore_backup_and_open(unlocked, backup, backup_key=backup_key)
    session.close()
    print(f"Restored the vault from {backup}.")
    print(f"The replaced files are kept in {aside}; nothing was deleted.")
    if backup_key is not None:
        print("The backup's key file was restored too: use the passphrase in use back then.")
    return EXIT_OK


def add_backup_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    backup = add(
        "backup",
        cmd_backup,
        "write an encrypted backup of the vault (database and key file) to a backup folder",
    )
    backup.add_argument(
        "--to",
        metavar="DIR",
        help="the backup folder, e.g. on an encrypted USB drive (default: the vault's "
        "backups folder)",
    )
    backup.add_argument(
        "--list",
        action="store_true",
        help="list this vault's backups in the folder, newest first (no passphrase needed)",
    )
    backup.set_defaults(handler=cmd_backup)

    restore = add(
        "restore",
        cmd_restore,
        "restore the vault from a backup; it is checked first, and the replaced files are "
        "kept aside",
    )
    restore.add_argument(
        "backup", metavar="BACKUP", help="a waypost-backup-\u2026 folder (or an older .db file)"
    )
    restore.add_argument(
        "--recovery-key-env",
        metavar="VAR",
        help="restore into an empty folder (a new computer) with the recovery key in this "
        f"environment variable (the default when the folder holds no vault: {RECOVERY_KEY_ENV})",
    )
    restore.set_defaults(handler=cmd_restore)
