"""`waypost check`: SQLCipher integrity, SQLite integrity and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from models.dto import AuditChainReport
from models.services import audit
from models.services.context import ServiceContext
from models.store import IntegrityReport


@dataclass(frozen=True)
class VaultCheckReport:
    integrity: IntegrityReport
    audit_chain: AuditChainReport

    @property
    def ok(self) -> bool:
        return self.integrity.ok and self.audit_chain.ok

    def lines(self) -> list[str]:
        i = self.integrity
        a = self.audit_chain
        return [
            f"SQLCipher page integrity: {'ok' if i.cipher_ok else 'FAILED'}",
            f"SQLite integrity: {'ok' if i.sqlite_ok else 'FAILED'}",
            f"Audit chain ({a.entries} entries): {'ok' if a.ok else 'FAILED - ' + a.problem}",
            *[f"  {p}" for p in i.problems],
        ]


def check_vault(ctx: ServiceContext) -> VaultCheckReport:
    return VaultCheckReport(integrity=ctx.store.integrity(), audit_chain=audit.verify(ctx))
