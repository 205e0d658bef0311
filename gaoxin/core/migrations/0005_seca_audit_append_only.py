"""Audit tables append-only in the database too (PostgreSQL): a trigger refuses UPDATE and DELETE on the
change log, the security events and the business timeline, whoever connects (issue 14 item 9).

The one UPDATE allowed is the database's own ``SET NULL`` of ``user_id`` when an account is deleted (the
row keeps the user name it was written with). TRUNCATE (test database flushes) is not a row operation.
SQLite has no such triggers' privilege model; there the ORM refuses (AppendOnlyModel).
"""

from django.db import migrations

TABLES = ["core_objectchange", "core_securityevent", "core_businessevent"]

FUNCTION = """
CREATE OR REPLACE FUNCTION gaoxin_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.user_id IS NOT NULL AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '审计记录只允许追加，不允许修改或删除（表 %）', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION gaoxin_audit_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS gaoxin_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_task_run")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
