"""The demo rows' storage format, and the batch they are collected in.

Rows go to the driver as tuples already in SQLite's storage format, skipping SQLAlchemy's
per-value processing (most of the cost at 100,000 cases). ``bulk_writer.check_storage`` proves,
on every run, that the formats below are exactly what the mapped column types would have written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "person": (
        "id", "reference", "given_names", "family_name", "known_as", "date_of_birth",
        "date_of_birth_precision", "estimated_age", "estimated_age_on", "age_disputed", "gender",
        "nationalities", "interpreter_needed", "phone", "email", "safe_address", "version",
        "created_at", "updated_at",
    ),
    "person_language": ("person_id", "position", "language", "preferred_for_documents"),
    "dependant": ("person_id", "name", "relationship_to_person", "year_of_birth", "in_uk"),
    "case": (
        "id", "reference", "kind", "person_id", "title", "owner", "status", "opened_on",
        "closed_on", "referral_source", "police_force", "operation_name", "crime_reference",
        "organised_immigration_crime", "police_engagement", "summary", "version", "created_at",
        "updated_at",
    ),
    "case_exploitation": ("case_id", "type"),
    "case_status_change": ("case_id", "status", "effective_on", "recorded_at", "recorded_by"),
    "engagement_change": ("case_id", "engagement", "effective_on", "recorded_at", "recorded_by"),
    "contact_log_entry": (
        "case_id", "occurred_on", "kind", "note", "author", "version", "created_at", "updated_at",
    ),
    "consent": (
        "person_id", "recipient", "state", "given_on", "withdrawn_on", "scope", "recorded_by",
        "version", "created_at", "updated_at",
    ),
    "plan_version": (
        "id", "case_id", "number", "status", "based_on_id", "language", "interpreter_language",
        "interpreter_name_or_agency", "survivor_priorities", "safety_plan", "agreed_on",
        "agreed_by_survivor", "agreed_by_navigator", "reviewed_on", "created_by", "version",
        "created_at", "updated_at",
    ),
    "plan_goal": (
        "id", "plan_version_id", "position", "key", "domain", "survivor_words", "review_date",
    ),
    "plan_action": ("goal_id", "position", "key", "what", "who", "by_when", "status"),
    "assessment": (
        "id", "case_id", "kind", "assessed_on", "recorded_by", "version", "created_at",
        "updated_at", "survivor_overall", "navigator_overall",
    ),
    "purchase": (
        "case_id", "allocation_id", "purchased_on", "category", "amount_pence", "supplier",
        "payment_method", "purpose", "status", "approved_by", "approved_on", "recorded_by",
        "version", "created_at", "updated_at",
    ),
    "assessment_score": (
        "assessment_id", "domain", "survivor_score", "navigator_score", "survivor_note",
        "navigator_note", "goal",
    ),
    "nrm_referral": (
        "id", "case_id", "referred_on", "first_responder", "is_child_at_referral",
        "consent_given", "consent_on", "rg_decided_on", "rg_decision", "cg_decided_on",
        "cg_decision", "vcc_start", "vcc_end", "vcc_provider", "recorded_by", "version",
        "created_at", "updated_at",
    ),
    "nrm_reconsideration": (
        "nrm_id", "decision", "requested_on", "outcome", "outcome_on", "version", "created_at",
        "updated_at",
    ),
    "court_case": (
        "id", "court_name", "police_force", "operation", "cps_reference", "recorded_by",
        "version", "created_at", "updated_at",
    ),
    "court_case_link": (
        "id", "court_case_id", "case_id", "witness", "victim_personal_statement", "vps_on",
        "version", "created_at", "updated_at",
    ),
    "court_special_measure": ("link_id", "measure", "requested_on", "granted", "decided_on"),
    "court_defendant": (
        "id", "court_case_id", "label", "outcome", "sentence_months", "version", "created_at",
        "updated_at",
    ),
    "court_charge": ("defendant_id", "text"),
    "court_event": (
        "id", "court_case_id", "kind", "actual_on", "version", "created_at", "updated_at",
    ),
    "court_event_schedule": ("event_id", "scheduled_for", "reason", "recorded_at", "recorded_by"),
}  # fmt: skip
# Parents before children, for the foreign keys.
TABLE_ORDER = tuple(COLUMNS)


def iso_day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def json_text(value: list[str]) -> str:
    return json.dumps(value)


# Working hours, to the minute, as stored after the date.
TIMES = tuple(f"{hour:02d}:{minute:02d}:00.000000" for hour in range(8, 18) for minute in range(60))


class IsoDates(dict[date, str]):
    """Stored forms of the dates a fill uses, each formatted once (a few thousand at most)."""

    def __missing__(self, key: date) -> str:
        value = self[key] = key.isoformat()
        return value


class OrdinalDates(dict[int, str]):
    """Stored forms of dates given as day ordinals (``date.toordinal()``), each formatted once."""

    def __missing__(self, key: int) -> str:
        value = self[key] = date.fromordinal(key).isoformat()
        return value


@dataclass
class Rows:
    """Rows for one batch, as tuples in ``COLUMNS`` order."""

    tables: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {name: [] for name in COLUMNS}
    )
    search: list[dict[str, object]] = field(default_factory=list)

    def count(self, table: str) -> int:
        return len(self.tables[table])
