"""Storing one engine pass: the year's previous verdicts and criterion blocks are replaced in one
transaction (readers see the old results or the new ones, never a mix; a killed run commits nothing).
Verdicts: PostgreSQL by COPY (psycopg 3 ``cursor.copy`` fed with CSV that Polars writes), other
databases by executemany without the indexes (built again in the same transaction). The criterion rows
(2.65M at 50k enterprises) are not rows: blocks of one rule × 1000 enterprise ids as Arrow IPC (``chunks``).
"""

from __future__ import annotations

import io
from contextlib import contextmanager, nullcontext

import polars as pl
from django.db import connections, transaction

from gaoxin.core.frame_write import insert_frame

from .models import AssessmentRun, CriteriaChunk, Verdict

VERDICT_COLUMNS = [
    "run_id", "enterprise_id", "year", "rule", "version", "verdict",
    "score", "score_min", "score_max", "missing", "distance",
]  # fmt: skip
#: What varies from enterprise to enterprise: the columns of a stored block of criterion rows.
CHUNK_COLUMNS = [
    "enterprise_id",
    "version",
    "criterion",
    "verdict",
    "value",
    "threshold",
    "gap_text",
    "missing",
]
CHUNK_ENTERPRISES = 1000  # consecutive enterprise ids per block (and rule)
#: What is the same for every enterprise of a (rule, version, criterion): stored once per run.
STATIC_FIELDS = ["unit", "doc_ref", "unverified"]
TEXT_DEFAULTS = ("missing", "unit", "gap_unit", "gap_text", "doc_ref")
REBUILD_ROWS = 100_000  # SQLite: from this many rows on, indexes are dropped and built again


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
    the same for all enterprises (AssessmentRun.criteria_static); ValueError if one is not. The unique
    rows are taken on the engine's enum columns first (cheap), then turned into text (few rows)."""
    keys = ["rule", "version", "criterion"]
    present = [n for n in keys + STATIC_FIELDS if n in criteria.columns]
    unique = criteria.select(present).unique()
    exprs = [_text(unique, k).cast(pl.String).alias(k) for k in keys]
    exprs += [_text(unique, f).alias(f) for f in STATIC_FIELDS]
    static = unique.select(exprs).unique()
    if static.height != static.select(keys).unique().height:
        raise ValueError("criterion unit, reference or verification differ between enterprises")
    return {f"{r}|{v}|{c}": [u, d, bool(n)] for r, v, c, u, d, n in static.iter_rows()}


def chunks(criteria: pl.DataFrame) -> list[tuple[str, int, int, int, bytes]]:
    """The criterion rows cut into blocks of one rule × CHUNK_ENTERPRISES consecutive enterprise ids,
    each an Arrow IPC file (lz4) of CHUNK_COLUMNS in the engine's criterion order per enterprise:
    [(rule, first id, last id, rows, bytes)]. 50k zone: ~400 blocks, 20 MB, instead of 450k JSON texts
    (200 MB, 2.7 s CPU to encode); the explanation reads its enterprise's ~8 blocks (≈ 1.5 ms each).
    The engine's dtypes are kept (enums are dictionary-encoded in the file); one integer key per block,
    one ``partition_by`` (stable, so each enterprise keeps the engine's criterion order)."""
    if criteria.height == 0:
        return []
    rules = criteria["rule"].cast(pl.String).unique(maintain_order=True).to_list()
    code = (
        pl.col("rule")
        .cast(pl.String)
        .replace_strict({r: i for i, r in enumerate(rules)}, return_dtype=pl.Int64)
    )
    block = code * 1_000_000_000 + pl.col("enterprise_id") // CHUNK_ENTERPRISES  # null id → null key
    columns = [
        pl.col(n) if n in criteria.columns else pl.lit(None, pl.String).alias(n) for n in CHUNK_COLUMNS
    ]
    parts = criteria.select(block.alias("_block"), *columns).partition_by(
        "_block", maintain_order=True, include_key=False, as_dict=True
    )
    out = []
    for (key,), part in parts.items():
        buffer = io.BytesIO()
        part.write_ipc(buffer, compression="lz4")
        if key is None:  # a row without an enterprise: stored with no range, refused by NOT NULL
            out.append((rules[0], None, None, part.height, buffer.getvalue()))
            continue
        first = key % 1_000_000_000 * CHUNK_ENTERPRISES
        out.append(
            (
                rules[key // 1_000_000_000],
                first,
                first + CHUNK_ENTERPRISES - 1,
                part.height,
                buffer.getvalue(),
            )
        )
    return out


def read_chunk(data: bytes, enterprise_id: int) -> list[tuple]:
    """One enterprise's rows of a stored block: (version, criterion, verdict, value, threshold, gap text,
    missing data) as text and floats (empty text for no gap / nothing missing), in the engine's order."""
    frame = pl.read_ipc(io.BytesIO(bytes(data))).filter(pl.col("enterprise_id") == enterprise_id)
    exprs = [pl.col(n).cast(pl.String) for n in ("version", "criterion", "verdict")]
    exprs += [pl.col(n).cast(pl.Float64) for n in ("value", "threshold")]
    exprs += [pl.col(n).cast(pl.String).fill_null("") for n in ("gap_text", "missing")]
    return frame.select(exprs).rows()


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
    blocks = chunks(criteria) if criteria is not None else []
    static = static_detail(criteria) if criteria is not None else {}
    connection = connections[using]
    with transaction.atomic(using=using):
        AssessmentRun.objects.using(using).filter(pk=run_id).update(criteria_static=static)
        rebuilt = _indexes_rebuilt(connection, v.height) if connection.vendor == "sqlite" else nullcontext()
        with rebuilt:  # SQLite: the old rows are deleted and the new inserted without the verdict indexes
            for model in (Verdict, CriteriaChunk):  # the year's previous results (of these rules)
                old = model.objects.using(using).filter(year=year)
                (old.filter(rule__in=rules) if rules else old)._raw_delete(using)
            insert_frame(Verdict, v, using)  # COPY on PostgreSQL, executemany elsewhere
        _store_chunks(connection, blocks, run_id, year)
    return v.height, (criteria.height if criteria is not None else 0)


def _store_chunks(connection, blocks: list[tuple], run_id: int, year: int) -> None:
    table = CriteriaChunk._meta.db_table
    names = ["run_id", "year", "rule", "enterprise_from", "enterprise_to", "rows", "data"]
    sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join(["%s"] * len(names))})'
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(run_id, year, *block) for block in blocks])


@contextmanager
def _indexes_rebuilt(connection, rows: int):
    """A large replacement on SQLite inserts without the verdict indexes, which are built again at the
    end of the same transaction (readers keep their snapshot). Keeping every index up to date row by row
    cost more than the rows themselves (50k-enterprise demo zone, docs/scaling.md)."""
    if rows < REBUILD_ROWS:
        yield
        return
    editor = connection.schema_editor()
    with connection.cursor() as cursor:
        for index in Verdict._meta.indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        yield
        for index in Verdict._meta.indexes:
            sql = str(index.create_sql(Verdict, editor))
            cursor.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
