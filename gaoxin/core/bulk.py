"""Helpers for kinds that validate and write thousands of rows without one query per row.

- ``fetch_map``: existing rows by key, in chunked ``IN`` queries;
- ``field_check``: fit a parsed value to its model field (blank text, decimal places, length and range
  limits) — checked in Python so no row fails half-way through a bulk write;
- ``bulk_write``: bulk_create / bulk_update plus one change-log row per created or changed object;
- ``bulk_events``: timeline events in one ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.base import ModelState
from django.utils import timezone

from gaoxin.core.actions import change_row
from gaoxin.core.events import EVENT_TYPES
from gaoxin.core.models import BusinessEvent, ObjectChange
from gaoxin.core.models.changelog import ChangeAction, sealed

from .cells import CellError
from .fields import (
    LIMIT_TEXT,
    MONEY_LIMIT,
    EncryptedTextField,
    KeyedHashField,
    MoneyError,
    MoneyField,
    hash_fields_of,
    yuan_to_fen,
)

BATCH = 1000
IN_CHUNK = 900
LARGE_SET = 20_000  # below SQLite's and PostgreSQL's parameter limits with room to spare


# The import runner's progress while it commits (per thread: each import runs in its own thread or process).
_written: ContextVar[Callable[[int], None] | None] = ContextVar("transfer_written", default=None)


@contextmanager
def reporting_writes(callback: Callable[[int], None]):
    """Within the block ``bulk_write`` reports the rows it writes to ``callback``, a chunk at a time."""
    token = _written.set(callback)
    try:
        yield
    finally:
        _written.reset(token)


def chunked(values: list, size: int = IN_CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def fetch_rows(queryset, field: str, values: Iterable, key=None) -> list:
    """All rows of ``queryset`` whose ``field`` is in ``values``: chunked ``IN`` queries, or for a large
    set one pass over the table (building an IN list costs Django ~10 µs a value). ``key`` reads
    ``field`` from a row when the queryset yields tuples."""
    values = set(values)
    if len(values) > LARGE_SET:
        key = key or (lambda row: row[field] if isinstance(row, dict) else getattr(row, field))
        return [row for row in queryset.iterator(chunk_size=5000) if key(row) in values]
    out = []
    for chunk in chunked(list(values)):
        out.extend(queryset.filter(**{f"{field}__in": chunk}))
    return out


def id_set(ids: list[int]) -> tuple[str, list]:
    """SQL for "is one of ``ids``" with a single parameter, however many ids (no parameter limits, no
    query text growing with the set): a PostgreSQL array, or a JSON array SQLite reads with json_each."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(ids)]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def fetch_map(queryset, field: str, values: Iterable, key=None) -> dict:
    key = key or (lambda row: row[field] if isinstance(row, dict) else getattr(row, field))
    return {key(row): row for row in fetch_rows(queryset, field, values, key)}


def field_check(field: models.Field, quantized: bool = False):
    """value → value as the model stores it, or CellError: '' for empty non-null text, decimals to their
    places (skipped when ``quantized``), and the length and range limits the database would reject —
    checked while parsing, so no row fails half-way through a bulk write."""
    if isinstance(field, models.CharField):
        blank, limit = (None if field.null else ""), field.max_length or 10**9

        def check_text(v):
            if v is None:
                return blank
            if len(v) > limit:
                raise CellError(f"不得超过 {limit} 个字符")
            return v

        return check_text
    if isinstance(field, MoneyField):
        return _money_check(field.limit, quantized)
    if isinstance(field, models.DecimalField):
        limit = Decimal(10) ** (field.max_digits - field.decimal_places)
        quantum = Decimal(1).scaleb(-field.decimal_places)

        def check_decimal(v):
            if v is None:
                return None
            if not -limit < v < limit:  # before quantizing: 1e30 to four places overflows the context
                raise CellError("数值过大，超出允许范围")
            if not quantized:
                v = v.quantize(quantum, rounding=ROUND_HALF_UP)
            if not -limit < v < limit:
                raise CellError("数值过大，超出允许范围")
            return v

        return check_decimal
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        top = 32767 if isinstance(field, models.PositiveSmallIntegerField) else 2147483647

        def check_int(v):
            if v is not None and not 0 <= v <= top:
                raise CellError("数值超出允许范围")
            return v

        return check_int
    return None


def _money_check(limit, quantized: bool):
    """value → value a MoneyField bounded by ``limit`` stores exactly (whole 分, within range), else
    CellError; values ``quantized`` by the cell parser (already whole 分) are checked for range only."""

    def check_money(value):
        if value is not None:
            try:
                yuan_to_fen(value, limit)
            except MoneyError as exc:
                raise CellError(exc.messages[0])
        return value

    def check_money_range(value):
        if value is not None and not -limit < value < limit:
            raise CellError(
                LIMIT_TEXT if limit == MONEY_LIMIT else f"金额超出允许范围（绝对值须小于 {limit:f} 元）"
            )
        return value

    return check_money_range if quantized else check_money


def builder(model):
    """{attname: value} → unsaved instance, built positionally (several times faster than keywords);
    fields not given take their defaults."""
    fields = model._meta.concrete_fields
    dynamic = [(f.attname, f.default) for f in fields if f.has_default() and callable(f.default)]
    constant = {f.attname: f.get_default() for f in fields if f.attname not in dict(dynamic)}

    def build(values: dict):
        # Model.__init__ costs ~10 µs a field (signals, descriptors); an import builds 100,000 rows, so
        # the instance is assembled as Model.from_db does, from a complete {attname: value} dict.
        obj = model.__new__(model)
        data = {**constant, **{a: make() for a, make in dynamic if a not in values}, **values}
        obj.__dict__.update(data)
        obj._state = ModelState()
        return obj

    return build


def stub(model, values: dict):
    """An instance with only ``values`` loaded (other fields deferred, read from the database if used)."""
    obj = model.__new__(model)
    obj.__dict__.update(values)
    obj._state = ModelState()
    obj._state.adding, obj._state.db = False, "default"
    return obj


def _row(obj, attnames: list[str]) -> list:
    data = obj if isinstance(obj, dict) else obj.__dict__
    try:
        return [data[a] for a in attnames]
    except KeyError:  # a deferred field
        return [getattr(obj, a) for a in attnames]


def _db_rows(objs: list, attnames: list[str], convert: list) -> list[list]:
    """The objects' values for ``attnames`` as database parameters (``convert``: (index, converter))."""
    rows = []
    for obj in objs:
        row = _row(obj, attnames)
        for i, c in convert:
            row[i] = c(row[i])
        rows.append(row)
    return rows


_FEN_LIMIT = int(MONEY_LIMIT * 100)


def _fen(value, decimal=Decimal, exact=yuan_to_fen):
    """yuan_to_fen with a fast path for the common value (a Decimal of whole 分 in range): half the
    time per value, which counts at 3.6 million money values a 100,000-row import."""
    if type(value) is decimal and value.is_finite():
        fen = value.scaleb(2)
        whole = int(fen)
        if whole == fen and -_FEN_LIMIT < whole < _FEN_LIMIT:
            return whole
    return exact(value)


def _converter(field, connection):
    """value → database parameter. Plain values go as they are (the drivers adapt them); dates-with-time
    and JSON take Django's own preparation; money goes as integer 分 (its column is BIGINT)."""
    if isinstance(field, MoneyField):
        return _fen
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value
    if isinstance(field, models.DateTimeField):
        memo: dict = {}  # an import stamps every row with the same time: convert it once

        def convert_time(v):
            if v not in memo:
                memo[v] = field.get_db_prep_save(v, connection)
            return memo[v]

        return convert_time
    if isinstance(field, models.JSONField):
        if field.encoder is None:
            # What Django's adapt_json_value does, minus three layers of calls per value; compact and
            # unescaped (Chinese text is 3 bytes a character instead of a 6-byte \uXXXX escape). The
            # text goes to PostgreSQL as is (COPY reads it into jsonb; the bulk update casts it).
            dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
            return lambda v: None if v is None else dumps(v)
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def fast_insert(
    model, objs: list, numbered: bool = False, on_chunk: Callable[[int], None] | None = None
) -> None:
    """INSERT ``objs`` with ``executemany`` (Django's bulk_create spends ~10 µs per value compiling SQL,
    too slow for 100,000-row imports); PostgreSQL: COPY. Fields with ``auto_now(_add)`` and defaults are
    filled first. ``numbered``: set the new primary keys on the objects. ``on_chunk(n)`` after each chunk."""
    if not objs:
        return
    from django.db import connections, router

    connection = connections[router.db_for_write(model)]
    postgres = connection.vendor == "postgresql"
    # PostgreSQL: keys drawn from the table's sequence beforehand go in with the rows (no read-back).
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or (numbered and postgres)]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                obj.__dict__[f.attname] = now
    _fill_hashes(objs, fields)
    attnames = [f.attname for f in fields]
    convert = [(i, c) for i, f in enumerate(fields) if (c := _converter(f, connection))]
    table, qn = model._meta.db_table, connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    with connection.cursor() as cursor:
        if numbered and postgres:
            _number_from_sequence(cursor, model, objs)
        for chunk in chunked(objs, BATCH):
            rows = _db_rows(chunk, attnames, convert)
            if postgres:
                _copy(cursor, qn(table), [qn(f.column) for f in fields], rows)
            else:
                cursor.executemany(sql, rows)
                if numbered:
                    _number_sqlite_chunk(cursor, chunk)
            if on_chunk is not None:
                on_chunk(len(chunk))
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def _fill_hashes(objs: list, fields: list) -> None:
    """Keyed hashes follow their encrypted field (what KeyedHashField.pre_save does on a save)."""
    for f in fields:
        if isinstance(f, KeyedHashField):
            for obj in objs:
                obj.__dict__[f.attname] = f.hash_of(obj)


def _number_from_sequence(cursor, model, objs: list) -> None:
    """PostgreSQL: take one key per object from the primary key's sequence (identity or serial)."""
    pk = model._meta.pk.column
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [model._meta.db_table, pk, len(objs)],
    )
    for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
        obj.pk = value


def _number_sqlite_chunk(cursor, chunk: list) -> None:
    """SQLite gives the rows of one executemany consecutive rowids (the import holds the write lock for
    the whole transaction, so no other writer interleaves): the chunk's keys end at last_insert_rowid()."""
    cursor.execute("SELECT last_insert_rowid()")
    last = cursor.fetchone()[0]
    for offset, obj in enumerate(chunk, start=last - len(chunk) + 1):
        obj.pk = offset


def _copy(cursor, table: str, columns: list[str], rows: list) -> None:
    """PostgreSQL: COPY is several times faster than a multi-row INSERT."""
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fast_update(model, objs: list, fields: list[str], on_chunk: Callable[[int], None] | None = None) -> None:
    """UPDATE ``fields`` of each object by primary key with ``executemany`` (one statement, many rows);
    ``on_chunk(n)`` after each chunk."""
    if not objs:
        return
    from django.db import connections, router

    connection = connections[router.db_for_write(model)]
    concrete = [model._meta.get_field(f) for f in [*fields, *hash_fields_of(model, fields)]]
    _fill_hashes(objs, concrete)
    convert = [(i, c) for i, f in enumerate(concrete) if (c := _converter(f, connection))]
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(f.column)} = %s" for f in concrete)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s"
    attnames = [f.attname for f in concrete]
    with connection.cursor() as cursor:
        for chunk in chunked(objs, BATCH):
            rows = [
                [*row, obj.pk] for row, obj in zip(_db_rows(chunk, attnames, convert), chunk, strict=True)
            ]
            if connection.vendor == "postgresql":
                _update_from_values(cursor, model, concrete, rows, connection)
            else:
                cursor.executemany(sql, rows)
            if on_chunk is not None:
                on_chunk(len(chunk))


def _update_from_values(cursor, model, fields, rows, connection) -> None:
    """PostgreSQL: one ``UPDATE … FROM (VALUES …)`` per batch instead of one statement per row."""
    qn = connection.ops.quote_name
    pk = model._meta.pk
    casts = [f.db_type(connection) for f in fields] + [pk.rel_db_type(connection)]
    row_sql = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    names = [f"c{i}" for i in range(len(fields))]
    sets = ", ".join(f"{qn(f.column)} = v.{n}" for f, n in zip(fields, names, strict=True))
    per_statement = max(1, 60_000 // len(casts))  # PostgreSQL takes at most 65,535 parameters
    for batch in chunked(rows, per_statement):
        sql = (
            f"UPDATE {qn(model._meta.db_table)} AS t SET {sets} FROM (VALUES {', '.join([row_sql] * len(batch))}) "
            f"AS v({', '.join(names)}, pk) WHERE t.{qn(pk.column)} = v.pk"
        )
        cursor.execute(sql, [value for row in batch for value in row])


JSON_NATIVE = {int, str, bool, float, type(None)}


def snapshot_of(obj, attnames: list[str]) -> dict:
    """TrackedModel.snapshot() for many objects, with the field list computed once by the caller (in one
    comprehension: this runs for every row of an import)."""
    values = [
        str(v) if type(v) is Decimal else v if type(v) in JSON_NATIVE else _json_value(v)
        for v in _row(obj, attnames)
    ]
    return dict(zip(attnames, values, strict=True))


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot_fields(model) -> list[str]:
    exclude = set(getattr(model, "snapshot_exclude", ()))
    # A keyed hash is no change a reader needs (it follows its field) and would only help guessing.
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in exclude and not isinstance(f, KeyedHashField)
    ]


def bulk_write(model, creates: list, updates: list[tuple[object, dict]], actor, update_fields: list[str]):
    """Insert ``creates`` (numbered: the change rows name them); save ``updates``
    ((changed object, snapshot before)) with version + 1; write a change row for each. Run it inside the
    import's transaction. The rows written are reported to the runner's progress (``reporting_writes``)."""
    now = timezone.now()
    written = _written.get()
    fast_insert(model, creates, numbered=True, on_chunk=written)
    for obj, _ in updates:
        obj.version += 1
        obj.last_updated = now
    fields = sorted({model._meta.get_field(f).name for f in update_fields} | {"version", "last_updated"})
    fast_update(model, [o for o, _ in updates], fields, on_chunk=written)
    attnames = snapshot_fields(model)
    changes = change_rows([(o, None) for o in creates], ChangeAction.CREATE, actor, attnames)
    changes += change_rows(updates, ChangeAction.UPDATE, actor, attnames)
    fast_insert(ObjectChange, changes)


PER_ROW = {"id", "time", "object_id", "object_repr", "related_object_id", "prechange_data", "postchange_data"}


def change_rows(pairs: list[tuple[object, dict | None]], action: str, actor, attnames: list[str]) -> list:
    """core.actions.change_row for many objects of one model: the first row is made by change_row
    itself; the others copy its shared fields (who, from where, content types) and set their own."""
    if not pairs:
        return []
    template = change_row(pairs[0][0], action, None, None, actor)
    shared = {f.attname: template.__dict__[f.attname] for f in ObjectChange._meta.concrete_fields}
    shared = {k: v for k, v in shared.items() if k not in PER_ROW}
    parent = getattr(type(pairs[0][0]), "change_log_parent", None)
    build = builder(ObjectChange)
    return [
        build({
            **shared, "object_id": obj.pk, "object_repr": str(obj)[:200],
            "related_object_id": getattr(obj, f"{parent}_id") if parent else None,
            "prechange_data": sealed(before), "postchange_data": sealed(snapshot_of(obj, attnames)),
        })
        for obj, before in pairs
    ]  # fmt: skip


def bulk_events(model, items: Iterable[tuple[int, str, dict]], type: str, actor) -> int:
    """One timeline event per (object id of ``model``, message, payload)."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unregistered business event type {type!r}")
    content_type = ContentType.objects.get_for_model(model._meta.concrete_model)
    build, user_id = builder(BusinessEvent), getattr(actor.user, "pk", None)
    common = {"type": type, "content_type_id": content_type.pk, "user_id": user_id, "user_name": actor.name}
    events = [
        build({**common, "object_id": pk, "message": message[:500], "payload": payload})
        for pk, message, payload in items
    ]
    fast_insert(BusinessEvent, events)
    return len(events)


def analyze(model, fields: Iterable[str] | None = None) -> None:
    """Refresh the planner's statistics of ``model``'s table after a bulk load (SQLite keeps none until
    ANALYZE runs, and then picks a poor index for filtered, sorted lists of 100,000 rows). PostgreSQL:
    only ``fields`` when given (all 45 columns of the year table take ~1 s, its keys ~60 ms)."""
    from django.db import connection

    qn = connection.ops.quote_name
    columns = ""
    if fields is not None and connection.vendor == "postgresql":
        columns = " ({})".format(", ".join(qn(model._meta.get_field(f).column) for f in fields))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {qn(model._meta.db_table)}{columns}")


def indexed_fields(model) -> list[str]:
    """The fields the planner's estimates turn on: keys, foreign keys and indexed fields."""
    fields = model._meta.concrete_fields
    names = {f.name for f in fields if f.primary_key or f.unique or f.db_index or f.is_relation}
    for item in [*model._meta.indexes, *model._meta.constraints]:
        names.update(name.lstrip("-") for name in getattr(item, "fields", ()))
    return sorted(names)
