"""The unlock window and the recovery-key dialog."""
