"""Load project rows into Polars frames for the engine: one query per source, no per-project loop.

``asof`` is the date the figures are computed at. For today the denormalised columns kept by the
actions (``next_due_on``, ``year_investment``) are read; for a past date (a month's bulletin) the same
values are aggregated from the nodes and reports as they stood then.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Min, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from gaoxin.core.fields import MoneyField

from .choices import MILESTONES
from .engine import classify_status, stage_flags
from .models import DispatchReport, ProjectNode

BASE_FIELDS = [
    "id",
    "code",
    "name",
    "type",
    "level",
    "stage",
    "department_id",
    "leader_id",
    "liaison_id",
    "signed_on",
    "land_supplied_on",
    "started_on",
    "production_started_on",
    "full_capacity_on",
    "terminated_on",
    "total_investment",
    "annual_planned_investment",
    "next_due_on",
    "year_investment",
    "year_investment_year",
    "longitude",
    "latitude",
]
PLANNED_FIELDS = [(planned, actual) for planned, actual in MILESTONES.values() if planned]


def next_due(project_qs, asof: dt.date | None = None) -> dict[int, dt.date]:
    """Earliest planned date among each project's nodes and milestones not done by ``asof``
    (not done at all when ``asof`` is None)."""
    undone = Q(actual_on__isnull=True) | Q(actual_on__gt=asof) if asof else Q(actual_on__isnull=True)
    nodes = ProjectNode.objects.filter(undone, project__in=project_qs.values("pk")).values("project")
    nodes = nodes.annotate(m=Min("planned_on")).order_by()
    fields = [f for pair in PLANNED_FIELDS for f in pair]
    dates = fetch_frame(project_qs, ["id", *fields], {"id": pl.Int64} | dict.fromkeys(fields, pl.Date))
    node_min = fetch_frame(nodes, ["project", "m"], {"project": pl.Int64, "m": pl.Date})
    node_min = node_min.rename({"project": "id", "m": "node_due"})
    late = asof or dt.date.max
    pending = [
        pl.when(pl.col(actual).is_null() | (pl.col(actual) > late)).then(pl.col(planned))
        for planned, actual in PLANNED_FIELDS
    ]
    frame = dates.join(node_min, on="id", how="left").select(
        "id", due=pl.min_horizontal("node_due", *pending)
    )
    frame = frame.drop_nulls("due")
    return dict(zip(frame["id"].to_list(), frame["due"].to_list(), strict=True))


def year_investment(project_qs, asof: dt.date) -> dict[int, object]:
    """Investment completed from 1 January of ``asof``'s year to ``asof``, per project (from reports)."""
    rows = DispatchReport.objects.filter(
        project__in=project_qs.values("pk"),
        period_end__gte=asof.replace(month=1, day=1),
        period_end__lte=asof,
    )
    total = Sum("period_investment")  # a MoneyField sum: 分 in the database, Decimal 元 here
    return dict(rows.values("project").annotate(s=total).values_list("project", "s"))


def project_frame(project_qs, asof: dt.date | None = None) -> pl.DataFrame:
    """One row per project with its milestone dates, money (元, float) and inputs of the status rules."""
    today = timezone.localdate()
    asof = asof or today
    frame = fetch_frame(project_qs, BASE_FIELDS, _schema())
    frame = frame.rename({"annual_planned_investment": "annual_plan"})
    if asof != today:
        due = _keyed(next_due(project_qs, asof), "next_due_on", pl.Date)
        invest = _keyed(year_investment(project_qs, asof), "year_investment", pl.Float64)
        frame = frame.drop("next_due_on", "year_investment").join(due, on="id", how="left")
        frame = frame.join(invest, on="id", how="left").with_columns(pl.col("year_investment").fill_null(0))
    else:
        this_year = pl.col("year_investment_year") == asof.year
        frame = frame.with_columns(year_investment=pl.when(this_year).then("year_investment").otherwise(0.0))
    frame = frame.drop("year_investment_year")
    return stage_flags(_stage_asof(frame, asof), asof)


def _stage_asof(frame: pl.DataFrame, asof: dt.date) -> pl.DataFrame:
    """The lifecycle stage as it stood at ``asof`` (the stored stage is today's)."""
    expr = pl.when(pl.col("terminated_on") <= asof).then(pl.lit("终止"))
    for stage, (_, actual) in reversed(list(MILESTONES.items())):
        expr = expr.when(pl.col(actual) <= asof).then(pl.lit(str(stage)))
    return frame.with_columns(stage=expr.otherwise(pl.lit("签约")))


def fetch_frame(qs, fields: list[str], schema: dict) -> pl.DataFrame:
    """``qs.values_list(*fields)`` as a frame, skipping Django's per-value converters: the raw rows go
    to Polars, which casts whole columns (SQLite hands dates over as text, PostgreSQL as dates)."""
    text = {f"{name}__text": Cast(name, CharField()) for name in fields if schema.get(name) == pl.Date}
    names = [f"{name}__text" if f"{name}__text" in text else name for name in fields]
    try:
        sql, params = qs.annotate(**text).values_list(*names).query.sql_with_params()
    except EmptyResultSet:  # e.g. pk__in=[]
        return pl.DataFrame(schema={name: schema.get(name, pl.Null) for name in fields})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    raw = pl.DataFrame(rows, schema=fields, orient="row", infer_schema_length=None)
    columns = [_cast(raw[name], dtype) for name, dtype in schema.items()]
    # Money columns hold integer 分 (MoneyField); the frame is in 元.
    money = {f.attname for f in qs.model._meta.concrete_fields if isinstance(f, MoneyField)}
    return raw.with_columns(*(c / 100 if c.name in money else c for c in columns))


def _cast(column: pl.Series, dtype) -> pl.Series:
    if dtype == pl.Date and column.dtype == pl.Utf8:
        return column.str.slice(0, 10).str.to_date()
    return column.cast(dtype)


def _schema() -> dict:
    dates = {actual for _, actual in MILESTONES.values()} | {"terminated_on"}
    schema = {f: (pl.Date if f in dates | {"next_due_on"} else pl.Int64) for f in BASE_FIELDS}
    schema.update({f: pl.Utf8 for f in ("code", "name", "type", "level", "stage")})
    # Coordinates are decimal degrees: as integers every project sat at [114, 30], off the zone map.
    floats = ("total_investment", "annual_planned_investment", "year_investment", "longitude", "latitude")
    schema.update(dict.fromkeys(floats, pl.Float64))
    return schema


def _keyed(mapping: dict, name: str, dtype) -> pl.DataFrame:
    return pl.DataFrame(
        {"id": list(mapping), name: list(mapping.values())}, schema={"id": pl.Int64, name: dtype}
    )


def status_frame(project_qs, zone, asof: dt.date | None = None) -> pl.DataFrame:
    """The project frame with ``status`` (正常/滞后/严重滞后), by the zone's rules."""
    asof = asof or timezone.localdate()
    rules = zone.setting("project_status_rules", {}) if zone else {}
    return classify_status(project_frame(project_qs, asof), asof, rules)


def statuses(project_qs, zone, asof: dt.date | None = None) -> dict[int, str]:
    frame = status_frame(project_qs, zone, asof)
    return dict(zip(frame["id"].to_list(), frame["status"].to_list(), strict=True))
