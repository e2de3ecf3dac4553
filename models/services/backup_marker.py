"""Has the vault changed since a backup? Told by the audit log, which every change writes to.

The marker is the newest audit row that records a change. Rows that only record looking at the
vault (unlock, lock, a failed unlock, a view) or the backup itself do not count, so unlocking
and locking an unchanged vault never asks for another backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import select

from models.entities import AuditEntry
from models.enums import AuditAction
from models.services.context import ServiceContext
from models.store import Store

__all__ = ["NOT_CHANGES", "ChangeMarker", "last_change", "last_change_id"]

NOT_CHANGES: Final = frozenset(
    {
        AuditAction.UNLOCK,
        AuditAction.LOCK,
        AuditAction.FAILED_UNLOCK,
        AuditAction.BACKUP,
        AuditAction.VIEW,
    }
)


@dataclass(frozen=True)
class ChangeMarker:
    """The newest change: its audit row id (0 if none) and that row's chain hash ("" if none).

    The hash tells two histories apart that reached the same row id (say, after a restore of an
    older backup followed by new work).
    """

    entry_id: int
    entry_hash: str


def _store_of(source: ServiceContext | Store) -> Store:
    return source.store if isinstance(source, ServiceContext) else source


def last_change(source: ServiceContext | Store) -> ChangeMarker:
    store = _store_of(source)
    query = (
        select(AuditEntry.id, AuditEntry.hash)
        .where(AuditEntry.action.not_in([action.value for action in NOT_CHANGES]))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    with store.read_session() as session:
        row = session.execute(query).first()
    if row is None:
        return ChangeMarker(0, "")
    return ChangeMarker(int(row[0]), str(row[1]))


def last_change_id(source: ServiceContext | Store) -> int:
    """The id of the newest audit row that records a change (0 if there is none)."""
    return last_change(source).entry_id
