"""Recording that the programme impact report left the vault.

The report and its JSON are built from :class:`~models.dto.ImpactReportDTO` elsewhere; writing
the file is the caller's. This records the export in the audit log (``AuditAction.EXPORT``,
entity ``impact_report``, no ID): the audit holds neither the period nor any figure.
"""

from __future__ import annotations

from typing import Final

from models.enums import AuditAction
from models.services import audit
from models.services.context import ServiceContext

__all__ = ["IMPACT_ENTITY", "record_impact_export"]

IMPACT_ENTITY: Final = "impact_report"


def record_impact_export(ctx: ServiceContext) -> None:
    """Record that an impact report (PDF or JSON) left the vault."""
    with ctx.store.session() as session:
        audit.append(session, AuditAction.EXPORT, ctx.user, IMPACT_ENTITY, None)
