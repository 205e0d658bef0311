"""Registry/template values → the engine's integer storage (pure Polars + the engine catalogue; no
database). Money Decimal 元 → Int64 分, shares → ppm, 亿美元 → 1/10000 亿美元, all exactly."""

from __future__ import annotations

import polars as pl

from gaoxin.engine.catalog import catalog

#: Polars dtype of each template column type as the registry and the file reader hold it.
SOURCE_DTYPE = {
    "money": pl.Decimal(18, 2),
    "int": pl.Int64,
    "decimal": pl.Decimal(14, 4),
    "percent": pl.Decimal(7, 6),
    "bool": pl.Boolean,
    "choice": pl.String,
    "text": pl.String,
    "date": pl.Date,
}


def to_storage(frame: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
    """Decimal columns × the field's scale (exact decimal arithmetic) → Int64; others cast to the
    catalogue dtype."""
    exprs = []
    for name in fields:
        f = catalog()[name]
        dtype = frame.schema[name]
        if f.kind == "num" and isinstance(dtype, pl.Decimal):
            exprs.append((pl.col(name) * f.scale).round(0).cast(pl.Int64).alias(name))
        elif dtype != f.dtype:
            exprs.append(pl.col(name).cast(f.dtype).alias(name))
    return frame.with_columns(exprs) if exprs else frame
