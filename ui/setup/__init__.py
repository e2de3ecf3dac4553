"""First-run setup: create a vault and hand over its recovery key."""
