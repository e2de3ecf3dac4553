"""The case workspace (one open case and its tabs) and the new-case dialog."""
