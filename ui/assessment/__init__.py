"""Recovery assessments in the case workspace: the Recovery tab, the entry and correction
dialog with its keyboard-driven score grid, and the radar and trend charts (plain QPainter)."""
