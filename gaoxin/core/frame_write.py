"""Writing a Polars frame into a table without a Python object (or a Python loop) per row.

``insert_frame(model, frame)``: the frame's columns are the table's column names, its values what the
database stores (integer 分 for money, JSON as text — ``json_text`` makes it column-wise). PostgreSQL: COPY
(psycopg 3 ``cursor.copy``) fed with CSV that Polars writes, a slice at a time; other databases (SQLite):
one prepared INSERT run with ``executemany`` over the frame's rows in big batches — ``bulk_create`` spends
~15 µs a value compiling SQL and building instances. Columns with one integer value in every row (a run,
a year) are literals of the SQLite statement, not bound per row. Run it inside the caller's transaction.
"""

from __future__ import annotations

import io

import polars as pl

COPY_CHUNK = 250_000  # rows per CSV slice handed to COPY
INSERT_BATCH = 20_000  # rows per executemany call


def insert_frame(model, frame: pl.DataFrame, using: str = "default") -> int:
    """INSERT every row of ``frame`` into ``model``'s table; returns the number of rows."""
    from django.db import connections

    if frame.height == 0:
        return 0
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor, connection.wrap_database_errors:  # driver errors → Django's
        if connection.vendor == "postgresql":
            copy_frame(cursor, table, frame)
        else:
            executemany_frame(cursor, table, frame)
    return frame.height


def copy_frame(cursor, table: str, frame: pl.DataFrame) -> None:
    """PostgreSQL: COPY the frame in CSV (unquoted empty = NULL, "" = empty text); ``cursor`` is Django's."""
    names = ", ".join(f'"{n}"' for n in frame.columns)
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    with raw.copy(f'COPY "{table}" ({names}) FROM STDIN WITH (FORMAT csv)') as copy:
        for start in range(0, frame.height, COPY_CHUNK):
            buffer = io.BytesIO()
            frame.slice(start, COPY_CHUNK).write_csv(buffer, include_header=False)
            copy.write(buffer.getvalue())


def executemany_frame(cursor, table: str, frame: pl.DataFrame) -> None:
    """Other databases: one INSERT, ``executemany`` over the rows ``INSERT_BATCH`` at a time."""
    constant = {}
    for name in frame.columns:
        dtype = frame.schema[name]
        if dtype.is_integer() and frame[name].null_count() == 0 and frame[name].n_unique() == 1:
            constant[name] = int(frame[name][0])
    bound = [n for n in frame.columns if n not in constant]
    names = ", ".join(f'"{n}"' for n in [*constant, *bound])
    marks = ", ".join([str(v) for v in constant.values()] + ["%s"] * len(bound))
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    rows = frame.select(bound)
    for start in range(0, rows.height, INSERT_BATCH):
        cursor.executemany(sql, rows.slice(start, INSERT_BATCH).iter_rows())


def json_text(column: str, frame: pl.DataFrame, empty: str = "[]") -> pl.Expr:
    """``column`` (a list or struct column) as compact JSON text, in Polars; enums and categoricals are
    written as their text, null as ``empty``. Polars writes floats in their shortest round-trip form, so
    ``json.loads`` gives back the same values Python's encoder would have written."""
    dtype = _text_dtype(frame.schema[column])
    wrapped = pl.struct(pl.col(column).cast(dtype).alias("v")).struct.json_encode()
    body = wrapped.str.strip_prefix('{"v":').str.strip_suffix("}")
    return pl.when(pl.col(column).is_null()).then(pl.lit(empty)).otherwise(body).alias(column)


def _text_dtype(dtype: pl.DataType) -> pl.DataType:
    if isinstance(dtype, pl.Enum | pl.Categorical):
        return pl.String
    if isinstance(dtype, pl.List):
        return pl.List(_text_dtype(dtype.inner))
    if isinstance(dtype, pl.Struct):
        return pl.Struct({f.name: _text_dtype(f.dtype) for f in dtype.fields})
    return dtype
