"""`waypost bench` works end to end on a small vault (the times themselves are not tested:
they are the benchmark's output, not pass/fail conditions)."""

from __future__ import annotations

import json

from .conftest import Waypost


def test_bench_prints_every_figure_beside_its_budget(waypost: Waypost, vault_dir) -> None:
    result = waypost.run("bench", "--vault", str(vault_dir), "--cases", "200", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["cases"] == 200
    figures = {f["name"]: f for f in report["figures"]}
    assert set(figures) >= {
        "start_to_unlock_window",
        "key_derivation",
        "unlock_to_caseload_after_kdf",
        "unlock_after_unclean_exit",
        "lock_and_seal",
        "search_per_keystroke",
        "search_slowest_keystroke",
        "support_plan_pdf",
        "recovery_summary_pdf",
        "caseload_scroll_1000_rows",
        "open_case_workspace",
        "impact_report_all_cases",
        "peak_resident_memory",
    }
    for figure in figures.values():
        assert figure["value"] > 0 and figure["budget_text"]
    search = figures["search_per_keystroke"]
    assert search["ratio_to_raw"] > 0 and search["ratio_budget"] == 3.0
    # Raw FTS5 timings are keyed by letters typed, never by the (synthetic) name searched.
    assert all(key.isdigit() for key in report["raw_baseline"]["fts5_query_s_by_letters"])
    # "ok" follows both budgets: the time and the ratio to the raw query.
    assert search["within_budget"] == (search["value"] <= 0.05 and search["ratio_to_raw"] <= 3)

    # A second run reuses the vault and prints the table for people.
    again = waypost.run("bench", "--vault", str(vault_dir), "--cases", "200")
    assert again.code == 0, again.err
    assert "support_plan_pdf" in again.out and "<= 150 ms" in again.out
