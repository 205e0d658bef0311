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
