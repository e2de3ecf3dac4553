"""The impact report as JSON: every figure and breakdown round-trips exactly, keys sorted."""

from __future__ import annotations

import json

from models.reports.impact_json import impact_json
from tests.models.impact_samples import evaluation


def test_round_trip_is_exact() -> None:
    report = evaluation(navigator="navigator.one", police_force="Essex Police")
    data = json.loads(impact_json(report).decode("utf-8"))
    assert data["period"] == {"from": "2026-04-01", "to": "2027-03-31"}
    assert data["narrowed_to"] == {"navigator": "navigator.one", "police_force": "Essex Police"}
    assert data["generated_on"] == "2027-04-02"
    assert set(data["figures"]) == {figure.key for figure in report.figures}
    for figure in report.figures:
        assert data["figures"][figure.key] == {
            "label": figure.label,
            "value": figure.value,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "rule": figure.rule,
            "is_share": figure.is_share,
        }
    assert set(data["breakdowns"]) == {b.key for b in report.breakdowns}
    for breakdown in report.breakdowns:
        parts = [tuple(part) for part in data["breakdowns"][breakdown.key]["parts"]]
        assert data["breakdowns"][breakdown.key]["label"] == breakdown.label
        assert tuple(parts) == breakdown.parts


def test_evaluation_figures() -> None:
    data = json.loads(impact_json(evaluation()))
    figures = data["figures"]
    assert [figures[k]["value"] for k in ("support_plan_cases", "strategic_advice_cases",
            "trained_police", "trained_other", "repatriations", "operations")] == [
        62, 40, 648, 138, 5, 79
    ]  # fmt: skip
    engagement = figures["police_engagement_share"]
    assert (engagement["value"], engagement["numerator"], engagement["denominator"]) == (86, 50, 58)
    assert figures["improved_knowledge_share"]["value"] is None
    assert data["narrowed_to"] == {"navigator": None, "police_force": None}


def test_output_is_stable_sorted_utf8() -> None:
    first, second = impact_json(evaluation()), impact_json(evaluation())
    assert first == second
    text = first.decode("utf-8")
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
