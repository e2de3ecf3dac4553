"""What can go wrong with a backup or a restore, each with a message that is safe to show.

They are vault errors, so the command line and the GUI show their ``user_message`` as they
show any other vault failure. No message contains a path, a key or anything from the vault.
"""

from __future__ import annotations

from desktop.vault_errors import VaultError

__all__ = [
    "BackupDamaged",
    "BackupError",
    "BackupFailed",
    "BackupFolderUnavailable",
    "BackupKeyDiffers",
    "BackupNotFound",
    "BackupOfAnotherVault",
    "RestoreFailed",
]


class BackupError(VaultError):
    code = "backup_error"
    default_message = "The backup could not be used. Nothing was changed."


class BackupFailed(BackupError):
    code = "backup_failed"
    default_message = (
        "Waypost could not write the backup. Nothing was backed up; your vault is unchanged. "
        "Check the backup folder and try again."
    )


class BackupFolderUnavailable(BackupError):
    code = "backup_folder_unavailable"
    default_message = (
        "The backup folder is not available (is the USB drive plugged in?). Plug in the drive "
        "or choose another backup folder in Settings, then try again. Nothing was backed up; "
        "your vault is unchanged."
    )


class BackupNotFound(BackupError):
    code = "backup_not_found"
    default_message = (
        "There is no Waypost backup there. Choose a backup folder named "
        "waypost-backup-\u2026 (or an older waypost-\u2026.db file). Nothing was changed."
    )


class BackupDamaged(BackupError):
    code = "backup_damaged"
    default_message = (
        "This backup is damaged or incomplete, so it was not restored. Nothing was changed. "
        "Choose another backup."
    )


class BackupOfAnotherVault(BackupError):
    code = "backup_of_another_vault"
    default_message = (
        "This backup belongs to a different vault, so it was not restored. Nothing was "
        "changed. Choose a backup of this vault, or restore it into an empty folder."
    )


class BackupKeyDiffers(BackupError):
    code = "backup_key_differs"
    default_message = (
        "This backup was taken before the vault's database key was changed, and the key in "
        "use now does not open it. Nothing was changed. Restore it into an empty folder with "
        "the recovery key: waypost restore BACKUP --vault NEW-FOLDER --recovery-key-env "
        "WAYPOST_RECOVERY_KEY"
    )


class RestoreFailed(BackupError):
    code = "restore_failed"
    default_message = (
        "Waypost could not put the backup in place (the disk may be full or read-only). "
        "Your vault's files were left as they were; nothing was lost. Free some space and try "
        "again."
    )
