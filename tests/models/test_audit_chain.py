"""The audit chain detects rows that were altered, inserted or deleted."""

from __future__ import annotations

from sqlalchemy import text

from models.enums import AuditAction
from models.services.facade import Services

from .conftest import support_case


def _fill(services: Services) -> None:
    services.record(AuditAction.UNLOCK, "vault")
    detail = services.create_case(support_case())
    services.open_case(detail.id)
    services.record(AuditAction.LOCK, "vault")


def test_an_untouched_chain_verifies(services: Services) -> None:
    _fill(services)
    report = services.check().audit_chain
    assert report.ok and report.entries == 5


def test_an_altered_row_is_detected(services: Services) -> None:
    _fill(services)
    with services.ctx.store.session() as session:
        session.execute(text("UPDATE audit_entry SET action = 'print' WHERE id = 3"))
    report = services.check().audit_chain
    assert not report.ok
    assert report.first_bad_entry == 3
    assert "altered" in report.problem


def test_a_deleted_row_is_detected(services: Services) -> None:
    _fill(services)
    with services.ctx.store.session() as session:
        session.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    report = services.check().audit_chain
    assert not report.ok
    assert report.first_bad_entry == 3
    assert "deleted or inserted" in report.problem


def test_failed_unlocks_are_written_in_time_order(services: Services) -> None:
    from datetime import UTC, datetime

    attempts = [datetime(2026, 11, 20, 9, 5, tzinfo=UTC), datetime(2026, 11, 20, 9, 1, tzinfo=UTC)]
    assert services.record_failed_unlocks(attempts) == 2
    with services.ctx.store.read_session() as session:
        rows = session.execute(text("SELECT action, at FROM audit_entry ORDER BY id")).all()
    assert [r.action for r in rows] == ["failed_unlock", "failed_unlock"]
    assert rows[0].at < rows[1].at
    assert services.check().audit_chain.ok
