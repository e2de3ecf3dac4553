"""Writing to a vault held at an older schema revision with today's services.

Today's services keep the audit log's head row (migration 0008) up to date with every entry.
A test that writes through them into an older schema gets the table for the writes and loses it
again before closing, so the upgrade under test meets exactly the older schema plus rows.
"""

from __future__ import annotations

from models.entities.audit import AuditHead
from models.store import Store


def add_audit_head(store: Store) -> None:
    with store.engine.begin() as conn:
        AuditHead.__table__.create(conn)


def drop_audit_head(store: Store) -> None:
    with store.engine.begin() as conn:
        AuditHead.__table__.drop(conn)
