"""Dialogs built in code, one class per file."""
