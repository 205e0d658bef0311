"""Storing one engine pass: the year's previous verdicts and criterion rows are replaced in one
transaction (readers see the old results or the new ones, never a mix). PostgreSQL gets the rows by
COPY (psycopg 3 ``cursor.copy`` fed with CSV that Polars writes); other databases by one executemany.
"""

from __future__ import annotations

import io
from contextlib import contextmanager

import polars as pl
from django.db import connections, transaction

from .models import AssessmentRun, CriteriaDetail, Verdict

VERDICT_COLUMNS = [
    "run_id", "enterprise_id", "year", "rule", "version", "verdict",
    "score", "score_min", "score_max", "missing", "distance",
]  # fmt: skip
DETAIL_COLUMNS = ["run_id", "enterprise_id", "year", "rule", "version", "criteria"]
#: What varies from enterprise to enterprise, in the order of each criterion's JSON array.
DETAIL_FIELDS = ["criterion", "verdict", "value", "threshold", "gap_text", "missing"]
#: What is the same for every enterprise of a (rule, version, criterion): stored once per run.
STATIC_FIELDS = ["unit", "doc_ref", "unverified"]
TEXT_DEFAULTS = ("missing", "unit", "gap_unit", "gap_text", "doc_ref")
COPY_CHUNK = 250_000
REBUILD_ROWS = 100_000  # SQLite: from this many rows on, indexes are dropped and built again
BULK_BATCH = 2_000


def _conform(frame: pl.DataFrame, columns: list[str], run_id: int, year: int) -> pl.DataFrame:
    """The frame as the table's columns: enums as text, empty text instead of null, run and year set."""
    exprs = []
    for name in columns:
        if name == "run_id":
            exprs.append(pl.lit(run_id, pl.Int64).alias(name))
        elif name == "year":
            exprs.append(pl.lit(year, pl.Int64).alias(name))
        elif name in frame.columns:
            col = pl.col(name)
            dtype = frame.schema[name]
            if isinstance(dtype, pl.Enum | pl.Categorical):
                col = col.cast(pl.String)
            if name in TEXT_DEFAULTS:
                col = col.cast(pl.String).fill_null("")
            exprs.append(col.alias(name))
        else:
            exprs.append(pl.lit("" if name in TEXT_DEFAULTS else None).alias(name))
    return frame.select(exprs)


def _text(frame: pl.DataFrame, name: str) -> pl.Expr:
    col = pl.col(name) if name in frame.columns else pl.lit(None)
    if name in frame.columns and isinstance(frame.schema[name], pl.Enum | pl.Categorical):
        col = col.cast(pl.String)
    return col.cast(pl.String).fill_null("") if name in TEXT_DEFAULTS else col


def static_detail(criteria: pl.DataFrame) -> dict[str, list]:
    """ "rule|version|criterion" → [unit, doc_ref, unverified], the run's part of every criterion that is
    the same for all enterprises (AssessmentRun.criteria_static); ValueError if one is not."""
    keys = ["rule", "version", "criterion"]
    exprs = [_text(criteria, k).cast(pl.String).alias(k) for k in keys]
    exprs += [_text(criteria, f).alias(f) for f in STATIC_FIELDS]
    static = criteria.select(exprs).unique()
    if static.height != static.select(keys).unique().height:
        raise ValueError("criterion unit, reference or verification differ between enterprises")
    return {f"{r}|{v}|{c}": [u, d, bool(n)] for r, v, c, u, d, n in static.iter_rows()}


def details(criteria: pl.DataFrame) -> pl.DataFrame:
    """One row per (enterprise, rule): the rule's criteria as a JSON list of arrays (DETAIL_FIELDS),
    encoded by Polars (no loop). Values keep 12 significant digits (what any page shows is far less)."""
    fields = []
    for i, name in enumerate(DETAIL_FIELDS):
        col = _text(criteria, name)
        if name in ("value", "threshold"):
            col = col.cast(pl.Float64).round_sig_figs(12)
        fields.append(col.alias(str(i)))
    # each criterion's {"0":…,"1":…,…} → […] (the keys are fixed), then one JSON list per (enterprise, rule)
    array = (
        pl.struct(fields)
        .struct.json_encode()
        .str.replace_all(r'"\d":', "")
        .str.slice(1)
        .str.strip_suffix("}")
    )
    grouped = (
        criteria.with_columns(array.alias("a"))
        .group_by("enterprise_id", "rule", "version", maintain_order=True)
        .agg(pl.col("a"))
    )
    encoded = pl.lit("[[") + pl.col("a").list.join("],[") + pl.lit("]]")
    return grouped.select(
        "enterprise_id", "rule", pl.col("version").cast(pl.String), encoded.alias("criteria")
    )


def store_results(
    year: int,
    verdicts: pl.DataFrame,
    criteria: pl.DataFrame | None,
    run_id: int,
    rules: list[str] | None = None,
    using: str = "default",
) -> tuple[int, int]:
    """Replace the stored results of ``year`` (of ``rules`` only, when given) with these frames
    (``enterprise_id`` keyed); returns the row counts (verdicts, criteria). All or nothing."""
    v = _conform(verdicts, VERDICT_COLUMNS, run_id, year)
    c = _conform(details(criteria), DETAIL_COLUMNS, run_id, year) if criteria is not None else None
    static = static_detail(criteria) if criteria is not None else {}
    connection = connections[using]
    with transaction.atomic(using=using):
        AssessmentRun.objects.using(using).filter(pk=run_id).update(criteria_static=static)
        if connection.vendor == "postgresql":
            _pg_replace(connection, year, rules, v, c)
        else:
            with _indexes_rebuilt(connection, v.height + (c.height if c is not None else 0)):
                for model in (Verdict, CriteriaDetail):
                    old = model.objects.using(using).filter(year=year)
                    (old.filter(rule__in=rules) if rules else old)._raw_delete(using)
                _bulk(Verdict, v, using)
                if c is not None:
                    _bulk(CriteriaDetail, c, using)
    return v.height, (criteria.height if criteria is not None else 0)


@contextmanager
def _indexes_rebuilt(connection, rows: int):
    """A large replacement on SQLite runs without the tables' indexes, which are built again at the end
    of the same transaction (readers keep their snapshot). Keeping every index up to date row by row cost
    more than the rows themselves: 50k-enterprise demo zone (450k verdicts, 2.75M criterion rows),
    criterion rows' delete 11 → 2.7 s, insert 20 → 13 s, index build 5 s."""
    if rows < REBUILD_ROWS:
        yield
        return
    editor = connection.schema_editor()
    indexes = [(m, i) for m in (Verdict, CriteriaDetail) for i in m._meta.indexes]
    with connection.cursor() as cursor:
        for _, index in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        yield
        for model, index in indexes:
            sql = str(index.create_sql(model, editor))
            cursor.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def _pg_replace(connection, year: int, rules, v: pl.DataFrame, c: pl.DataFrame | None) -> None:
    with connection.cursor() as cursor, connection.wrap_database_errors:  # psycopg errors → Django's
        for model in (Verdict, CriteriaDetail):
            where, params = (
                ("year = %s", [year]) if not rules else ("year = %s AND rule = ANY(%s)", [year, list(rules)])
            )
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE {where}', params)
        _copy(cursor, Verdict._meta.db_table, v)
        if c is not None:
            _copy(cursor, CriteriaDetail._meta.db_table, c)


def _copy(cursor, table: str, frame: pl.DataFrame) -> None:
    """COPY the frame in CSV (unquoted empty = NULL, "" = empty text)."""
    names = ", ".join(f'"{n}"' for n in frame.columns)
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    with raw.copy(f'COPY "{table}" ({names}) FROM STDIN WITH (FORMAT csv)') as copy:
        for start in range(0, frame.height, COPY_CHUNK):
            buffer = io.BytesIO()
            frame.slice(start, COPY_CHUNK).write_csv(buffer, include_header=False)
            copy.write(buffer.getvalue())


def _bulk(model, frame: pl.DataFrame, using: str) -> None:
    """Other databases (SQLite): one prepared INSERT run with ``executemany`` over the frame's rows —
    ``bulk_create`` would spend ~15 µs a value compiling SQL (≈ 20 s for the demo zone's 128k rows)."""
    names = ", ".join(f'"{n}"' for n in frame.columns)
    marks = ", ".join(["%s"] * frame.width)
    sql = f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES ({marks})'
    with connections[using].cursor() as cursor:
        for start in range(0, frame.height, BULK_BATCH * 10):
            cursor.executemany(sql, frame.slice(start, BULK_BATCH * 10).iter_rows())
