"""The audit log: append-only, chained by hash, and checked by `opencsc verify_audit`."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from opencsc.core import audit
from opencsc.core.models import AuditAction, AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def chain(personas):
    """Six entries, as a day's work would write them."""
    worker = personas["social.worker"]
    for n in range(6):
        audit.record_now(
            worker,
            AuditAction.VIEW,
            object_type="people.person",
            object_id=str(n),
            child_id=100 + n,
            reason=f"visit {n}",
            changes={"n": [None, n]},
        )
    return list(AuditEntry.objects.order_by("seq"))


def raw(sql: str, params=()):
    """Change the table behind the application's back, as someone with full rights over
    the database could: first dropping the trigger that refuses changes (inside the
    test's transaction, so it comes back afterwards)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_append_only")
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


def plain(sql: str, params=()):
    """Change the table behind the application's back, as any program connected could."""
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


def verify_audit() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


# --- Writing ----------------------------------------------------------------------------


def test_entries_are_numbered_and_chained(chain):
    assert [e.seq for e in chain] == list(range(1, 7))
    assert chain[0].prev_hash == audit.GENESIS
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
    assert all(e.hash == audit.entry_hash(e) for e in chain)
    assert len({e.hash for e in chain}) == 6


def test_head_follows_the_last_entry(chain):
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (chain[-1].seq, chain[-1].hash)


def test_entry_records_who_what_and_why(chain, personas):
    entry = chain[2]
    assert (entry.actor, entry.actor_username, entry.action, entry.child_id, entry.reason) == (
        personas["social.worker"],
        "social.worker",
        "view",
        102,
        "visit 2",
    )


def test_anonymous_actor_is_recorded_as_anonymous(db):
    from django.contrib.auth.models import AnonymousUser

    entry = audit.record_now(AnonymousUser(), AuditAction.SIGN_IN_FAILED, reason="bad password")
    assert (entry.actor, entry.actor_username) == (None, "anonymous")


@pytest.mark.django_db(transaction=True)  # so that the test itself is not inside one
def test_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        audit.record(None, AuditAction.VIEW)
    assert not AuditEntry.objects.exists()


def test_an_entry_rolls_back_with_the_change_it_describes(personas, chain):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit.record(personas["social.worker"], AuditAction.UPDATE, reason="never happened")
        1 / 0  # noqa: B018 — the change fails after its entry was written
    assert AuditEntry.objects.count() == 6
    assert audit.verify_chain().ok
    assert audit.record_now(personas["social.worker"], AuditAction.VIEW).seq == 7


# --- Append-only in the application -----------------------------------------------------


def test_saving_an_existing_entry_raises(chain):
    entry = chain[0]
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(seq=1).reason == "visit 0"


def test_deleting_an_entry_raises(chain):
    with pytest.raises(PermissionError):
        chain[0].delete()
    assert AuditEntry.objects.count() == 6


def test_bulk_update_and_delete_are_refused(chain):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(seq=2).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(seq=2).delete()
    assert AuditEntry.objects.get(seq=2).reason == "visit 1"


# --- The database refuses changes ------------------------------------------------------


def test_the_database_refuses_to_change_an_entry(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain("UPDATE {table} SET reason = %s WHERE seq = 4", ["nothing to see here"])
    assert AuditEntry.objects.get(seq=4).reason == chain[3].reason


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite tables are emptied with DELETE between tests")
def test_postgresql_refuses_to_delete_an_entry(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain("DELETE FROM {table} WHERE seq = 3")
    assert AuditEntry.objects.filter(seq=3).exists()


# --- Checking the chain -----------------------------------------------------------------


def test_an_empty_log_is_intact(db):
    report = audit.verify_chain()
    assert (report.ok, report.checked) == (True, 0)


def test_an_intact_chain_checks_out(chain):
    report = audit.verify_chain()
    assert (report.ok, report.checked, report.first_bad_seq) == (True, 6, None)


def test_small_batches_check_the_same(chain):
    assert audit.verify_chain(batch=2).checked == 6


@pytest.mark.parametrize(
    "column, value",
    [
        ("reason", "nothing to see here"),
        ("actor_username", "someone.else"),
        ("child_id", 999),
        ("action", "search"),
        ("object_id", "42"),
        ("changes", '{"n": [null, 99]}'),
    ],
)
def test_tampered_content_is_detected_at_that_entry(chain, column, value):
    raw(f"UPDATE {{table}} SET {connection.ops.quote_name(column)} = %s WHERE seq = 4", [value])
    report = audit.verify_chain()
    assert (report.ok, report.first_bad_seq, report.checked) == (False, 4, 3)
    assert "content" in report.problem


def test_tampered_time_is_detected(chain):
    raw("UPDATE {table} SET at = %s WHERE seq = 3", [chain[2].at.replace(year=2020)])
    assert audit.verify_chain().first_bad_seq == 3


def test_tampering_that_recomputes_the_hash_is_detected_at_the_next_entry(chain):
    forged = AuditEntry.objects.get(seq=4)
    forged.reason = "nothing to see here"
    raw(
        "UPDATE {table} SET reason = %s, hash = %s WHERE seq = 4",
        [forged.reason, audit.entry_hash(forged)],
    )
    report = audit.verify_chain()
    assert (report.first_bad_seq, report.problem) == (
        5,
        "it does not follow on from the entry before it",
    )


def test_a_deleted_entry_is_detected(chain):
    raw("DELETE FROM {table} WHERE seq = 3")
    report = audit.verify_chain()
    assert (report.ok, report.first_bad_seq, report.checked) == (False, 3, 2)
    assert report.problem == "entry 3 is missing"


def test_a_truncated_tail_is_detected(chain):
    raw("DELETE FROM {table} WHERE seq >= 5")
    report = audit.verify_chain()
    assert (report.ok, report.first_bad_seq, report.checked) == (False, 5, 4)
    assert "removed" in report.problem


def test_a_deleted_first_entry_is_detected(chain):
    raw("DELETE FROM {table} WHERE seq = 1")
    assert audit.verify_chain().first_bad_seq == 1


# --- The command ------------------------------------------------------------------------


def test_verify_audit_reports_an_intact_chain(chain):
    assert "Audit chain intact: 6 entries." in verify_audit()


def test_verify_audit_names_the_first_bad_entry(chain):
    raw("UPDATE {table} SET reason = %s WHERE seq = 4", ["nothing to see here"])
    raw("UPDATE {table} SET reason = %s WHERE seq = 6", ["nor here"])
    with pytest.raises(CommandError, match=r"broken at entry 4\b"):
        verify_audit()


def test_verify_audit_names_a_removed_tail(chain):
    raw("DELETE FROM {table} WHERE seq = 6")
    with pytest.raises(CommandError, match=r"entry 6\b.*removed"):
        verify_audit()


def test_verify_audit_names_a_deleted_entry(chain):
    raw("DELETE FROM {table} WHERE seq = 3")
    with pytest.raises(CommandError, match=r"broken at entry 3: entry 3 is missing"):
        verify_audit()
