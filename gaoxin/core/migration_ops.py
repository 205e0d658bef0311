"""Migration operations shared by the apps.

``DecimalToFen``: turn a money column of Decimal 元 (numeric(18, 2); REAL on SQLite) into integer 分
(BIGINT) keeping every stored amount: PostgreSQL converts in one ``ALTER … TYPE bigint USING
round(x * 100)``; SQLite rebuilds the table as Django does and then multiplies (REAL → INTEGER).
"""

from __future__ import annotations

from django.db import migrations


class DecimalToFen(migrations.AlterField):
    """AlterField from DecimalField(元) to MoneyField(分) that converts the stored values."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        table, column = self._names(schema_editor, model)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE bigint USING round({column} * 100)::bigint"
            )
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)
        schema_editor.execute(
            f"UPDATE {table} SET {column} = CAST(round({column} * 100) AS INTEGER) WHERE {column} IS NOT NULL"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        table, column = self._names(schema_editor, model)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE numeric(18, 2) USING ({column} / 100.0)"
            )
            return
        schema_editor.execute(f"UPDATE {table} SET {column} = {column} / 100.0 WHERE {column} IS NOT NULL")
        # AlterField's own backwards calls database_forwards, which here would multiply again.
        migrations.AlterField.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def _names(self, schema_editor, model):
        quote = schema_editor.quote_name
        return quote(model._meta.db_table), quote(model._meta.get_field(self.name).column)

    def describe(self):
        return f"Store {self.model_name}.{self.name} as integer 分"


def encrypt_columns(model_name: str, pairs: dict[str, str | None]) -> migrations.RunPython:
    """A data migration: encrypt the plain values of the ``pairs`` columns (field → its keyed-hash
    field or None) and fill the hashes; backwards, decrypt them again. Raw SQL in batches, so it reads
    the stored text itself (the field's converters would hide whether a value is encrypted yet)."""

    def run(apps, schema_editor, forwards: bool):
        from gaoxin.core import crypto

        model = apps.get_model(*model_name.split("."))
        qn = schema_editor.connection.ops.quote_name
        table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
        for field, hash_field in pairs.items():
            column = qn(model._meta.get_field(field).column)
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")
                rows = cursor.fetchall()
            updates = []
            for key, stored in rows:
                if forwards and not crypto.is_encrypted(stored):
                    updates.append((crypto.encrypt(stored), crypto.keyed_hash(stored), key))
                elif not forwards and crypto.is_encrypted(stored):
                    updates.append((crypto.decrypt(stored), "", key))
            if not updates:
                continue
            sets = f"{column} = %s"
            if hash_field:
                sets += f", {qn(model._meta.get_field(hash_field).column)} = %s"
            else:
                updates = [(value, key) for value, _, key in updates]
            with schema_editor.connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", updates)

    return migrations.RunPython(
        lambda apps, se: run(apps, se, True), lambda apps, se: run(apps, se, False), elidable=False
    )
