"""The audit chain detects rows that were altered, inserted or deleted, at any place in it.

Each tamper is done the way someone holding the database key would do it: raw SQL through the
store's own session, then ``waypost check`` (services.check) must report it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text

from models.dto import AuditChainReport
from models.enums import AuditAction
from models.migrations import runner
from models.services import audit
from models.services.facade import Services

from .conftest import support_case

# _fill writes unlock, create person, create case, view case, lock.
FILLED = 5


def _fill(services: Services) -> None:
    services.record(AuditAction.UNLOCK, "vault")
    detail = services.create_case(support_case())
    services.open_case(detail.id)
    services.record(AuditAction.LOCK, "vault")


def _tamper(services: Services, *statements: str) -> None:
    with services.ctx.store.session() as session:
        for statement in statements:
            session.execute(text(statement))


def _chain(services: Services) -> AuditChainReport:
    check = services.check()
    report = check.audit_chain
    # What the chain reports is what `waypost check` prints.
    assert check.lines()[2].endswith("ok" if report.ok else "FAILED - " + report.problem)
    return report


def _forge_after(services: Services, entry_id: int, previous_hash: str) -> None:
    """Insert a row with a correct hash, as someone who knows the hash recipe would."""
    at = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    forged = audit.entry_hash(previous_hash, entry_id, at, "export", "case", 1, "navigator.one")
    with services.ctx.store.session() as session:
        session.execute(
            text(
                "INSERT INTO audit_entry (id, at, action, entity_type, entity_id, user, "
                "previous_hash, hash) VALUES (:id, :at, 'export', 'case', 1, 'navigator.one', "
                ":previous, :hash)"
            ),
            {
                "id": entry_id,
                "at": "2026-11-25 09:30:00.000000",
                "previous": previous_hash,
                "hash": forged,
            },
        )


def _hash_of(services: Services, entry_id: int) -> str:
    with services.ctx.store.read_session() as session:
        value = session.execute(
            text("SELECT hash FROM audit_entry WHERE id = :id"), {"id": entry_id}
        ).scalar_one()
    return str(value)


# Untouched ------------------------------------------------------------------------------------


def test_an_untouched_chain_verifies(services: Services) -> None:
    _fill(services)
    report = _chain(services)
    assert report.ok and report.entries == FILLED


def test_the_head_moves_with_every_append(services: Services) -> None:
    _fill(services)
    with services.ctx.store.read_session() as session:
        head = session.execute(text("SELECT entries, last_id, last_hash FROM audit_head")).one()
    assert (head.entries, head.last_id, head.last_hash) == (FILLED, FILLED, _hash_of(services, 5))


def test_a_unit_of_work_that_fails_moves_neither_the_chain_nor_the_head(
    services: Services,
) -> None:
    _fill(services)
    with pytest.raises(RuntimeError), services.ctx.store.session() as session:
        audit.append(session, AuditAction.EXPORT, "navigator.one", "case", 1)
        raise RuntimeError("the change this entry belonged to failed")
    report = _chain(services)
    assert report.ok and report.entries == FILLED


# Edited rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "assignment",
    [
        "at = '2026-01-01 08:00:00.000000'",
        "action = 'print'",
        "entity_type = 'vault'",
        "entity_id = coalesce(entity_id, 0) + 1",
        "user = 'someone.else'",
    ],
    ids=["at", "action", "entity_type", "entity_id", "user"],
)
def test_an_edited_field_is_detected(services: Services, assignment: str) -> None:
    _fill(services)
    _tamper(services, f"UPDATE audit_entry SET {assignment} WHERE id = 3")
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 3
    assert "altered" in report.problem


def test_an_edited_row_with_its_own_hash_recomputed_breaks_the_next_link(
    services: Services,
) -> None:
    _fill(services)
    with services.ctx.store.read_session() as session:
        row = session.execute(
            text("SELECT previous_hash, at, entity_id FROM audit_entry WHERE id = 3")
        ).one()
    at = datetime.fromisoformat(row.at).replace(tzinfo=UTC)
    rehashed = audit.entry_hash(
        row.previous_hash, 3, at, "print", "case", row.entity_id, "navigator.one"
    )
    _tamper(services, f"UPDATE audit_entry SET action = 'print', hash = '{rehashed}' WHERE id = 3")
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 4
    assert "deleted or inserted" in report.problem


def test_a_swapped_pair_of_rows_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(
        services,
        "UPDATE audit_entry SET id = -1 WHERE id = 2",
        "UPDATE audit_entry SET id = 2 WHERE id = 3",
        "UPDATE audit_entry SET id = 3 WHERE id = -1",
    )
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 2


# Inserted rows --------------------------------------------------------------------------------


def test_a_forged_row_added_after_the_newest_is_detected_by_the_head(
    services: Services,
) -> None:
    _fill(services)
    # A correct hash, so the chain alone would accept it.
    _forge_after(services, 6, _hash_of(services, 5))
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 6
    assert "head does not match" in report.problem


def test_a_forged_row_inserted_before_the_first_is_detected(services: Services) -> None:
    _fill(services)
    _forge_after(services, 0, audit.GENESIS_HASH)
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 1
    assert "deleted or inserted" in report.problem


def test_a_forged_row_cannot_block_the_next_real_entry(services: Services) -> None:
    _fill(services)
    _forge_after(services, 6, _hash_of(services, 5))
    services.record(AuditAction.LOCK, "vault")  # would collide with ID 6 if chained naively
    assert not _chain(services).ok


# Deleted rows ---------------------------------------------------------------------------------


def test_a_deleted_first_row_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry WHERE id = 1")
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 2
    assert "deleted or inserted" in report.problem


def test_a_deleted_middle_row_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry WHERE id = 3")
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 4
    assert "deleted or inserted" in report.problem


def test_a_deleted_last_row_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry WHERE id = 5")
    report = _chain(services)
    assert not report.ok
    assert report.entries == FILLED - 1
    assert report.first_bad_entry == 5
    assert report.problem == "the newest audit entry was removed"


def test_the_newest_rows_deleted_together_are_counted(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry WHERE id >= 3")
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 3
    assert report.problem == "the newest 3 audit entries were removed"


def test_all_rows_deleted_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry")
    report = _chain(services)
    assert not report.ok and report.entries == 0
    assert report.problem == f"all {FILLED} audit entries were removed"


def test_a_removed_tail_stays_detected_after_later_entries(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry WHERE id = 5")
    # The next unlock writes entries: they link to the head, so the gap cannot be papered over.
    services.record(AuditAction.UNLOCK, "vault")
    services.record(AuditAction.LOCK, "vault")
    report = _chain(services)
    assert not report.ok
    assert report.first_bad_entry == 6
    assert "deleted or inserted" in report.problem


# The head -------------------------------------------------------------------------------------


def test_a_deleted_head_is_detected_and_stays_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_head")
    assert _chain(services).problem == "the audit log's head is missing (it was deleted)"
    # Writing goes on (the navigator can still work), and the loss is still reported.
    services.record(AuditAction.LOCK, "vault")
    report = _chain(services)
    assert not report.ok and report.entries == FILLED + 1
    assert "head is missing" in report.problem


def test_an_edited_head_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, f"UPDATE audit_head SET last_hash = '{'f' * 64}'")
    report = _chain(services)
    assert not report.ok
    assert "head does not match" in report.problem


def test_the_whole_chain_deleted_with_its_head_is_detected(services: Services) -> None:
    _fill(services)
    _tamper(services, "DELETE FROM audit_entry", "DELETE FROM audit_head")
    report = _chain(services)
    assert not report.ok and report.entries == 0


# Upgrading a vault that has no head yet ------------------------------------------------------


def test_upgrading_anchors_the_chain_that_is_already_there(services: Services) -> None:
    _fill(services)
    engine = services.ctx.store.engine
    config = runner._config()
    # Back to the last schema without a head, as a vault made by an older release has it.
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")
    runner.upgrade(engine)
    assert runner.current_revision(engine) == runner.head_revision()
    report = _chain(services)
    assert report.ok and report.entries == FILLED
    # The new head catches what the chain alone could not.
    _tamper(services, "DELETE FROM audit_entry WHERE id = 5")
    assert _chain(services).problem == "the newest audit entry was removed"


def test_failed_unlocks_are_written_in_time_order(services: Services) -> None:
    attempts = [datetime(2026, 11, 20, 9, 5, tzinfo=UTC), datetime(2026, 11, 20, 9, 1, tzinfo=UTC)]
    assert services.record_failed_unlocks(attempts) == 2
    with services.ctx.store.read_session() as session:
        rows = session.execute(text("SELECT action, at FROM audit_entry ORDER BY id")).all()
    assert [r.action for r in rows] == ["failed_unlock", "failed_unlock"]
    assert rows[0].at < rows[1].at
    assert services.check().audit_chain.ok
