"""The engine's input frames from the registry, in a few queries (values_list → Polars, no loop over
enterprises). Money stored as Decimal 元 becomes Int64 分 exactly (Decimal × 100 in Polars' exact
decimal arithmetic); shares become ppm and valuations 1/10000 亿美元, as the engine's catalogue says.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gaoxin.core.fields import MoneyField
from gaoxin.engine.catalog import catalog
from gaoxin.engine.frames import enterprises_schema
from gaoxin.engine.inputs import HELD
from gaoxin.registry.choices import Level, QualificationKind
from gaoxin.registry.models import FIGURE_COLUMNS, Enterprise, EnterpriseYear, Qualification

from .convert import SOURCE_DTYPE, to_storage

#: How far back the rules read (the TSME 第八条 reads five years before the assessment year).
YEARS_BACK = 6
ENTERPRISE_FIELDS = ["uscc", "name", "established_on", "hitech_domain", "industry_code", "listed"]


@dataclass
class Frames:
    years: pl.DataFrame  # uscc, year, figure fields in engine storage
    enterprises: pl.DataFrame  # enterprise_id, uscc, name, …, held, inputs


def years_frame(year: int, enterprises=None) -> pl.DataFrame:
    """uscc, year and the figures of years year-6 … year in engine storage. The whole zone is read with
    one SQL statement that also does the unit conversion (Decimal 元 → Int64 分 …) in the database, into
    Polars straight from the cursor's rows; a subset (one enterprise's explanation) through the ORM."""
    if enterprises is None:
        return _years_frame_sql(year)
    return _years_frame_orm(year, enterprises)


def _sql_column(column) -> tuple[str, pl.DataType]:
    """The SELECT expression of one figure column and the Polars dtype of what it returns."""
    field = catalog()[column.field]
    model_field = EnterpriseYear._meta.get_field(column.field)
    name = f'y."{model_field.column}"'
    if isinstance(model_field, MoneyField):  # stored as integer 分 already (the ORM shows Decimal 元)
        return name, pl.Int64
    if isinstance(SOURCE_DTYPE[column.type], pl.Decimal) and field.kind == "num":
        return f"CAST(ROUND({name} * {field.scale}) AS BIGINT)", pl.Int64
    if column.type == "bool":
        return f"CASE WHEN {name} THEN 1 WHEN NOT {name} THEN 0 END", pl.Int64
    return name, SOURCE_DTYPE[column.type]


def _years_frame_sql(year: int) -> pl.DataFrame:
    from django.db import connection

    columns = [_sql_column(c) for c in FIGURE_COLUMNS]
    sql = (
        f'SELECT e."uscc", y."year", {", ".join(expr for expr, _ in columns)}'
        f' FROM "{EnterpriseYear._meta.db_table}" y JOIN "{Enterprise._meta.db_table}" e'
        ' ON e."id" = y."enterprise_id" WHERE e."deleted_at" IS NULL AND y."year" BETWEEN %s AND %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year - YEARS_BACK, year])
        rows = cursor.fetchall()
    schema = {"uscc": pl.String, "year": pl.Int64}
    schema |= {c.field: dtype for c, (_, dtype) in zip(FIGURE_COLUMNS, columns, strict=True)}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    casts = [pl.col(c.field).cast(catalog()[c.field].dtype) for c in FIGURE_COLUMNS
             if frame.schema[c.field] != catalog()[c.field].dtype]  # fmt: skip
    return frame.with_columns(casts) if casts else frame


def _years_frame_orm(year: int, enterprises) -> pl.DataFrame:
    fields = [c.field for c in FIGURE_COLUMNS]
    qs = EnterpriseYear.objects.filter(
        enterprise__deleted_at__isnull=True, year__gte=year - YEARS_BACK, year__lte=year
    ).filter(enterprise__in=enterprises)
    rows = qs.values_list("enterprise__uscc", "year", *fields)
    schema = {"uscc": pl.String, "year": pl.Int64} | {c.field: SOURCE_DTYPE[c.type] for c in FIGURE_COLUMNS}
    frame = pl.DataFrame(list(rows), schema=schema, orient="row")
    return to_storage(frame, fields)


def held_frame(enterprises=None) -> pl.DataFrame:
    """uscc → list of {kind, level, granted_on, expires_on} (kind and level as the engine names them)."""
    qs = Qualification.objects.filter(enterprise__deleted_at__isnull=True)
    if enterprises is not None:
        qs = qs.filter(enterprise__in=enterprises)
    rows = qs.values_list("enterprise__uscc", "kind", "level", "granted_on", "expires_on")
    schema = {
        "uscc": pl.String,
        "kind": pl.String,
        "level": pl.String,
        "granted_on": pl.Date,
        "expires_on": pl.Date,
    }
    frame = pl.DataFrame(list(rows), schema=schema, orient="row").with_columns(
        pl.col("kind").replace_strict(dict(QualificationKind.choices), default=pl.col("kind")),
        pl.col("level").replace_strict(dict(Level.choices), default=pl.col("level")),
    )
    fields = ["kind", "level", "granted_on", "expires_on"]
    return frame.group_by("uscc").agg(pl.struct(fields).alias("held")).with_columns(pl.col("held").cast(HELD))


def inputs_frame(year: int, enterprises=None) -> pl.DataFrame:
    """Manual inputs (expert scores, confirmations) of the assessment year, one column per field."""
    from .models import EnterpriseInput

    qs = EnterpriseInput.objects.filter(year=year)
    if enterprises is not None:
        qs = qs.filter(enterprise__in=enterprises)
    rows = [{"uscc": uscc, **values} for uscc, values in qs.values_list("enterprise__uscc", "values")]
    names = sorted({k for r in rows for k in r if k in catalog() and catalog()[k].scope == "inputs"})
    schema = {"uscc": pl.String} | {n: catalog()[n].dtype for n in names}
    return pl.DataFrame(rows, schema=schema, strict=False)


def enterprises_frame(year: int, enterprises=None) -> pl.DataFrame:
    qs = Enterprise.objects.all() if enterprises is None else enterprises
    rows = qs.values_list("pk", "registered_capital", *ENTERPRISE_FIELDS)
    schema = {"enterprise_id": pl.Int64, "registered_capital": pl.Decimal(18, 2)}
    types = enterprises_schema()
    schema |= {k: types[k] for k in ENTERPRISE_FIELDS}  # in values_list order
    frame = pl.DataFrame(list(rows), schema=schema, orient="row").with_columns(
        pl.col("hitech_domain", "industry_code").replace("", None)
    )
    frame = to_storage(frame, ["registered_capital"])
    frame = frame.join(held_frame(enterprises), on="uscc", how="left")
    return frame.join(inputs_frame(year, enterprises), on="uscc", how="left")


def build_frames(year: int, enterprises=None) -> Frames:
    """Input frames for assessment year ``year`` (figures of years year-6 … year); ``enterprises`` is
    an optional queryset (default: every enterprise not deleted)."""
    return Frames(years_frame(year, enterprises), enterprises_frame(year, enterprises))
