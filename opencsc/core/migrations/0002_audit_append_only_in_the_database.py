"""The database itself refuses to change an audit entry, whatever program asks.

The ORM already refuses updates and deletes (``AppendOnlyQuerySet``); these triggers
stop anyone who reaches the table another way. PostgreSQL refuses UPDATE and DELETE.
SQLite refuses UPDATE only: Django empties SQLite tables with DELETE when tests reset
the database, and a removed entry is found anyway by ``opencsc verify_audit`` (the
chain has a gap or stops short of its head). Someone able to drop a trigger can still
tamper; the hash chain is what shows that they did.
"""

from django.db import migrations

TABLE = "core_auditentry"
MESSAGE = "audit entries are append-only"

POSTGRES_UP = [
    f"""CREATE FUNCTION opencsc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION opencsc_audit_append_only()""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS opencsc_audit_append_only()",
]
SQLITE_UP = [
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_append_only"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
