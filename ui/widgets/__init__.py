"""Widgets shared across the areas of the app."""
