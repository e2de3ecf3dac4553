"""The impact report as JSON, for a funder's spreadsheet or a partner's dashboard.

The same :class:`~models.dto.ImpactReportDTO` the PDF prints, every figure with its numerator,
denominator and counting rule, so a share can be recomputed and checked. Keys are sorted and the
output is byte-for-byte stable for the same report. Programme figures only: no personal data.
"""

from __future__ import annotations

import json
from typing import Any

from models.dto import ImpactReportDTO

__all__ = ["impact_json", "impact_payload"]


def impact_payload(report: ImpactReportDTO) -> dict[str, Any]:
    """The report as plain JSON values (what :func:`impact_json` writes)."""
    return {
        "period": {
            "from": report.period_start.isoformat(),
            "to": report.period_end.isoformat(),
        },
        "narrowed_to": {
            "navigator": report.navigator,
            "police_force": report.police_force,
        },
        "generated_on": report.generated_on.isoformat(),
        "figures": {
            figure.key: {
                "label": figure.label,
                "value": figure.value,
                "numerator": figure.numerator,
                "denominator": figure.denominator,
                "rule": figure.rule,
                "is_share": figure.is_share,
            }
            for figure in report.figures
        },
        "breakdowns": {
            breakdown.key: {
                "label": breakdown.label,
                "parts": [[label, count] for label, count in breakdown.parts],
            }
            for breakdown in report.breakdowns
        },
    }


def impact_json(report: ImpactReportDTO) -> bytes:
    """UTF-8 JSON with sorted keys, indented, ending in a newline."""
    text = json.dumps(impact_payload(report), sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
