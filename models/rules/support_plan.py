"""Support plan rules, as pure functions over the plan DTOs.

- Only a drafted version is edited; an agreed, reviewed or superseded one never changes in place.
- Agreeing needs goals in the survivor's own words, each with an action, the survivor's
  agreement, and a date that is not in the future.
- A new draft is a copy of the plan in force; agreeing it supersedes that plan.
- "Reviewed" confirms the plan in force, unchanged, on a review date.
- ``diff_versions`` says, in plain words, what changed since the last agreed version.
- ``overdue_actions`` and ``plan_reviews_due`` feed the Agenda.

Problem messages name fields and positions, never what was typed: they may end up in a log.
Change texts do quote the plan (the navigator reads them on screen): never log them.

This module is the public face; the rules live in ``plan_terms`` (vocabulary), ``plan_text``
(dates and quotes), ``plan_lifecycle`` (editability, agreement), ``plan_content``
(normalising drafts), ``plan_validation``, ``plan_agenda`` and ``plan_diff``.
"""

from __future__ import annotations

from models.dto import ChangeDTO
from models.rules.plan_agenda import overdue_actions, plan_reviews_due
from models.rules.plan_content import (
    default_plan_language,
    is_language_tag,
    normalise_draft,
    preferred_name,
    sort_goals,
)
from models.rules.plan_diff import (
    _action_changes,
    _action_summary,
    _compare_action,
    _interpreter,
    _text_change,
    diff_versions,
)
from models.rules.plan_lifecycle import (
    PlanNotEditableError,
    ensure_editable,
    not_editable_message,
    statuses_after_agreement,
)
from models.rules.plan_terms import (
    _LANGUAGE_TAG,
    ACTION_STATUS_WORDS,
    DOMAIN_ORDER,
    DOMAIN_WORDS,
    FINISHED_ACTIONS,
    IN_FORCE,
    MAX_LANGUAGE_TAG,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
)
from models.rules.plan_text import _MONTHS, QUOTE_LIMIT, _q, _sentence, format_date, shorten
from models.rules.plan_validation import _where, validate_agreement, validate_draft, validate_review

Change = ChangeDTO

__all__ = [
    "ACTION_STATUS_WORDS",
    "DOMAIN_ORDER",
    "DOMAIN_WORDS",
    "FINISHED_ACTIONS",
    "IN_FORCE",
    "MAX_LANGUAGE_TAG",
    "MAX_LONG_TEXT",
    "MAX_SHORT_TEXT",
    "QUOTE_LIMIT",
    "_LANGUAGE_TAG",
    "_MONTHS",
    "Change",
    "PlanNotEditableError",
    "_action_changes",
    "_action_summary",
    "_compare_action",
    "_interpreter",
    "_q",
    "_sentence",
    "_text_change",
    "_where",
    "default_plan_language",
    "diff_versions",
    "ensure_editable",
    "format_date",
    "is_language_tag",
    "normalise_draft",
    "not_editable_message",
    "overdue_actions",
    "plan_reviews_due",
    "preferred_name",
    "shorten",
    "sort_goals",
    "statuses_after_agreement",
    "validate_agreement",
    "validate_draft",
    "validate_review",
]
