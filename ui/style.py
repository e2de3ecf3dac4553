"""The application's look: calm, high-contrast, readable at a glance on a police-station laptop."""

from __future__ import annotations

STYLE_SHEET = """
QLabel#brand { font-size: 20px; font-weight: 600; padding: 14px 12px 6px 12px; color: #1f3a5f; }
QLabel#demoBadge {
    background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; border-radius: 4px;
    padding: 4px 8px; margin: 0 10px 8px 10px; font-weight: 600;
}
QLabel#pageTitle { font-size: 18px; font-weight: 600; padding: 8px 4px; }
QLabel#emptyState { color: #5a6270; font-size: 14px; }
QListWidget#navigation {
    border: none; background: #f3f5f8; font-size: 14px; outline: none; padding-top: 6px;
}
QListWidget#navigation::item { padding: 10px 14px; border-radius: 4px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: #dbe6f5; color: #102a4c; }
QStatusBar QLabel { padding: 0 8px; color: #3d4450; }
"""
