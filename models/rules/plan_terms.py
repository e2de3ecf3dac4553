"""Support plan vocabulary: domain order, statuses in force, limits and plain words."""

from __future__ import annotations

import re
from collections.abc import Mapping

from models.enums import ActionStatus, PlanStatus, RecoveryDomain

DOMAIN_ORDER: tuple[RecoveryDomain, ...] = tuple(RecoveryDomain)
# The plan in force: the one the survivor agreed most recently.
IN_FORCE = frozenset({PlanStatus.AGREED, PlanStatus.REVIEWED})
# Actions that can no longer be overdue.
FINISHED_ACTIONS = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 20_000
MAX_LANGUAGE_TAG = 35
# BCP 47 in outline: a 2-8 letter language subtag, then subtags of 1-8 letters or digits.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")

# Plain English for change texts and Agenda labels. Display labels for the UI are in
# ui/labels.py; printed headings come from the translation catalogs.
DOMAIN_WORDS: Mapping[RecoveryDomain, str] = {
    RecoveryDomain.MENTAL_HEALTH: "Mental health",
    RecoveryDomain.PHYSICAL_HEALTH: "Physical health",
    RecoveryDomain.FINANCIAL_STABILITY: "Financial stability",
    RecoveryDomain.SOCIAL_CONNECTION: "Social connection",
    RecoveryDomain.SAFETY: "Safety",
    RecoveryDomain.LEGAL_STATUS: "Legal status",
}
ACTION_STATUS_WORDS: Mapping[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: "not started",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.DONE: "done",
    ActionStatus.DROPPED: "dropped",
}
