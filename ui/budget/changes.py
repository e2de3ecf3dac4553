"""What the budget area publishes and listens for on the ChangeBus.

``Changes.budget`` (allocations, purchases or the approval threshold changed) may not exist yet
in every checkout: these helpers use it when it is there and fall back to ``audit`` (every
budget write adds an audit entry) when it is not.
"""

from __future__ import annotations

from dataclasses import fields

from ui.operations import Changes

__all__ = ["budget_changes", "touches_budget"]


def _has_budget_field() -> bool:
    return any(field.name == "budget" for field in fields(Changes))


def budget_changes() -> Changes:
    """What a budget write changed: the budget figures, and the audit log."""
    if _has_budget_field():
        return Changes(audit=True, budget=True)  # type: ignore[call-arg]
    return Changes(audit=True)


def touches_budget(changes: Changes) -> bool:
    """Whether the budget page should read its figures again."""
    return bool(getattr(changes, "budget", False) or changes.audit)
