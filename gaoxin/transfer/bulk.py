"""Helpers for kinds that validate and write thousands of rows without one query per row.

- ``fetch_map``: existing rows by key, in chunked ``IN`` queries;
- ``to_model_value`` / ``field_issues``: fit a parsed value to its model field (blank text, decimal places,
  length and range limits) — checked in Python so no row fails half-way through a bulk write;
- ``bulk_write``: bulk_create / bulk_update plus one change-log row per created or changed object;
- ``bulk_events``: timeline events in one ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from gaoxin.core.actions import change_row
from gaoxin.core.events import EVENT_TYPES
from gaoxin.core.models import BusinessEvent, ObjectChange
from gaoxin.core.models.changelog import ChangeAction

from .reader import Issue

BATCH = 1000
IN_CHUNK = 900  # below SQLite's and PostgreSQL's parameter limits with room to spare


def chunked(values: list, size: int = IN_CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def fetch_rows(queryset, field: str, values: Iterable) -> list:
    """All rows of ``queryset`` whose ``field`` is in ``values`` (a few chunked queries)."""
    values = list(set(values))
    out = []
    for chunk in chunked(values):
        out.extend(queryset.filter(**{f"{field}__in": chunk}))
    return out


def fetch_map(queryset, field: str, values: Iterable, key=None) -> dict:
    key = key or (lambda row: row[field] if isinstance(row, dict) else getattr(row, field))
    return {key(row): row for row in fetch_rows(queryset, field, values)}


def to_model_value(field: models.Field, value):
    """A parsed value as the model stores it: '' for empty non-null text, decimals to their places."""
    if value is None:
        return "" if isinstance(field, models.CharField) and not field.null else None
    if isinstance(field, models.DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places), rounding=ROUND_HALF_UP)
    return value


def field_issues(field: models.Field, value, row: int, header: str) -> list[Issue]:
    """Length and range problems the database would reject, as row issues."""
    if value is None or value == "":
        return []
    if isinstance(field, models.CharField) and field.max_length and len(str(value)) > field.max_length:
        return [Issue(row, header, f"不得超过 {field.max_length} 个字符")]
    if isinstance(field, models.DecimalField):
        limit = Decimal(10) ** (field.max_digits - field.decimal_places)
        if abs(value) >= limit:
            return [Issue(row, header, "数值过大，超出允许范围")]
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        top = 32767 if isinstance(field, models.PositiveSmallIntegerField) else 2147483647
        if not 0 <= value <= top:
            return [Issue(row, header, "数值超出允许范围")]
    return []


def _converter(field, connection):
    """value → database parameter. Plain values go as they are (the drivers adapt them); dates-with-time
    and JSON take Django's own preparation."""
    if isinstance(field, models.DateTimeField | models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def fast_insert(model, objs: list, key: tuple[str, ...] | None = None) -> None:
    """INSERT ``objs`` with ``executemany`` (Django's bulk_create spends ~10 µs per value compiling SQL,
    too slow for 100,000-row imports). Fields with ``auto_now(_add)`` and defaults are filled first.
    With ``key`` (unique fields), the new primary keys are read back and set on the objects."""
    if not objs:
        return
    from django.db import connections, router

    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    attnames = [f.attname for f in fields]
    convert = [(i, c) for i, f in enumerate(fields) if (c := _converter(f, connection))]
    table, qn = model._meta.db_table, connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    with connection.cursor() as cursor:
        for chunk in chunked(objs, BATCH):
            rows = []
            for obj in chunk:
                row = [getattr(obj, a) for a in attnames]
                for i, c in convert:
                    row[i] = c(row[i])
                rows.append(row)
            cursor.executemany(sql, rows)
    for obj in objs:
        obj._state.adding = False
    if key:
        _read_back_pks(model, objs, key)


def fast_update(model, objs: list, fields: list[str]) -> None:
    """UPDATE ``fields`` of each object by primary key with ``executemany`` (one statement, many rows)."""
    if not objs:
        return
    from django.db import connections, router

    connection = connections[router.db_for_write(model)]
    concrete = [model._meta.get_field(f) for f in fields]
    convert = [(i, c) for i, f in enumerate(concrete) if (c := _converter(f, connection))]
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(f.column)} = %s" for f in concrete)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s"
    attnames = [f.attname for f in concrete]
    with connection.cursor() as cursor:
        for chunk in chunked(objs, BATCH):
            rows = []
            for obj in chunk:
                row = [getattr(obj, a) for a in attnames]
                for i, c in convert:
                    row[i] = c(row[i])
                rows.append([*row, obj.pk])
            cursor.executemany(sql, rows)


def _read_back_pks(model, objs, key):
    index = {tuple(getattr(o, k) for k in key): o for o in objs}
    first = key[0]
    for chunk in chunked(list({getattr(o, first) for o in objs})):
        for pk, *values in model._base_manager.filter(**{f"{first}__in": chunk}).values_list("pk", *key):
            obj = index.get(tuple(values))
            if obj is not None:
                obj.pk = pk


def snapshot_of(obj, attnames: list[str]) -> dict:
    """TrackedModel.snapshot() for many objects, with the field list computed once by the caller."""
    out = {}
    for a in attnames:
        v = getattr(obj, a)
        if isinstance(v, Decimal):
            v = str(v)
        elif isinstance(v, dt.date):
            v = v.isoformat()
        out[a] = v
    return out


def snapshot_fields(model) -> list[str]:
    exclude = set(getattr(model, "snapshot_exclude", ()))
    return [f.attname for f in model._meta.concrete_fields if f.name not in exclude]


def bulk_write(
    model, creates: list, updates: list[tuple[object, dict]], actor, update_fields: list[str], key=None
):
    """Insert ``creates`` (``key``: their unique fields, to read back primary keys); save ``updates``
    ((changed object, snapshot before)) with version + 1; write a change row for each. Run it inside the
    import's transaction."""
    now = timezone.now()
    fast_insert(model, creates, key or _unique_key(model))
    for obj, _ in updates:
        obj.version += 1
        obj.last_updated = now
    fields = sorted({model._meta.get_field(f).name for f in update_fields} | {"version", "last_updated"})
    fast_update(model, [o for o, _ in updates], fields)
    attnames = snapshot_fields(model)
    changes = [change_row(o, ChangeAction.CREATE, None, snapshot_of(o, attnames), actor) for o in creates]
    changes += [change_row(o, ChangeAction.UPDATE, b, snapshot_of(o, attnames), actor) for o, b in updates]
    fast_insert(ObjectChange, changes)


def _unique_key(model) -> tuple[str, ...]:
    for c in model._meta.constraints:
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None:
            return tuple(model._meta.get_field(f).attname for f in c.fields)
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            return (f.attname,)
    raise ValueError(f"{model.__name__} has no unique key to read primary keys back")


def bulk_events(items: Iterable[tuple[object, str, dict]], type: str, actor) -> int:
    """One timeline event per (object, message, payload)."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unregistered business event type {type!r}")
    events = [
        BusinessEvent(
            type=type,
            content_type=ContentType.objects.get_for_model(obj._meta.concrete_model),
            object_id=obj.pk,
            user=actor.user,
            user_name=actor.name,
            message=message[:500],
            payload=payload,
        )
        for obj, message, payload in items
    ]
    fast_insert(BusinessEvent, events)
    return len(events)
