"""Settings groups that act on the vault itself: keys and recovery, and backups."""
