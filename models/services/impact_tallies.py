"""The impact report's case figures counted inside SQLite, in one query.

Why: the rules in ``models.rules.impact_metrics`` (``case_tallies``) read every counted case's
engagement history and assessments. At 100,000 cases that is half a million rows turned into
Python objects, seconds before a single figure. This query applies the same rules where the
rows are and returns a handful of numbers; ``tests/models/test_impact_tallies.py`` holds it
equal to ``case_tallies`` over real vaults, periods and filters. Change the two together.

The rules, as the query applies them (a case is counted when it was open at some point in the
period, and belongs to the navigator and police force filtered on, if any):
- asked about police engagement: any change on or before the period's end to a value other
  than "not yet asked"; engaged: any change on or before the end to "engaged";
- improved (per perspective): the latest assessment on or before the end, other than the
  intake and not dated before it, has an overall score above the intake's; known when both
  overall scores exist (the overall scores are kept by the database, migration 0009). The
  intake is the earliest intake assessment, ties broken by ID, as ``intake_of`` does.

The query names its indexes (INDEXED BY, from migration 0009): without statistics SQLite's
planner picked indexes that needed a table lookup per row, three times slower at 100,000.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from models.enums import AssessmentKind, CaseKind, Perspective, PoliceEngagement
from models.rules import impact_metrics as metrics

__all__ = ["case_tallies"]

_BY_KIND = """
SELECT c.kind, count(*) FROM "case" c INDEXED BY ix_case_period
WHERE c.opened_on <= :end AND (c.closed_on IS NULL OR c.closed_on >= :start)
  AND (:navigator IS NULL OR c.owner = :navigator)
  AND (:force IS NULL OR c.police_force = :force)
GROUP BY c.kind
"""

_SUPPORT = """
WITH support AS (
  SELECT c.id,
    EXISTS (SELECT 1 FROM engagement_change e INDEXED BY ix_engagement_change_case_value
            WHERE e.case_id = c.id
            AND e.effective_on <= :end AND e.engagement != :not_asked) AS asked,
    EXISTS (SELECT 1 FROM engagement_change e INDEXED BY ix_engagement_change_case_value
            WHERE e.case_id = c.id
            AND e.effective_on <= :end AND e.engagement = :engaged) AS engaged,
    (SELECT a.id FROM assessment a INDEXED BY ix_assessment_case_kind_date
            WHERE a.case_id = c.id AND a.kind = :intake
            AND a.assessed_on <= :end ORDER BY a.assessed_on, a.id LIMIT 1) AS intake_id
  FROM "case" c INDEXED BY ix_case_period
  WHERE c.kind = :support_plan
    AND c.opened_on <= :end AND (c.closed_on IS NULL OR c.closed_on >= :start)
    AND (:navigator IS NULL OR c.owner = :navigator)
    AND (:force IS NULL OR c.police_force = :force)
),
paired AS (
  SELECT s.asked, s.engaged, i.survivor_overall AS intake_s, i.navigator_overall AS intake_n,
    (SELECT a.id FROM assessment a WHERE a.case_id = s.id AND a.assessed_on <= :end
            AND a.id != i.id AND a.assessed_on >= i.assessed_on
            ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS latest_id
  FROM support s LEFT JOIN assessment i ON i.id = s.intake_id
)
SELECT
  coalesce(sum(p.engaged), 0),
  coalesce(sum(p.asked), 0),
  coalesce(sum(l.survivor_overall > p.intake_s), 0),
  count(l.survivor_overall + p.intake_s),
  coalesce(sum(l.navigator_overall > p.intake_n), 0),
  count(l.navigator_overall + p.intake_n)
FROM paired p LEFT JOIN assessment l ON l.id = p.latest_id
"""


def case_tallies(
    session: Session, period: metrics.Period, counted_ids: frozenset[int]
) -> metrics.CaseTallies:
    """``counted_ids``: the counted cases the caller's facts refer to (the figures only look
    counted cases up, never list them, so the other 100,000 IDs are not fetched)."""
    params = {
        # Dates are stored as ISO text; compare like with like.
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "navigator": period.navigator,
        "force": period.police_force,
    }
    by_kind = dict.fromkeys(CaseKind, 0)
    for kind, count in session.execute(text(_BY_KIND), params):
        by_kind[CaseKind(kind)] = count
    engaged, asked, s_up, s_known, n_up, n_known = session.execute(
        text(_SUPPORT),
        {
            **params,
            "not_asked": PoliceEngagement.NOT_YET_ASKED.value,
            "engaged": PoliceEngagement.ENGAGED.value,
            "intake": AssessmentKind.INTAKE.value,
            "support_plan": CaseKind.SUPPORT_PLAN.value,
        },
    ).one()
    return metrics.CaseTallies(
        counted_ids=counted_ids,
        by_kind=by_kind,
        engagement=(engaged, asked),
        recovery={Perspective.SURVIVOR: (s_up, s_known), Perspective.NAVIGATOR: (n_up, n_known)},
    )
