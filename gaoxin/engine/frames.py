"""Typed input frames from plain rows (tests, what-if, small callers). Values are already in engine
storage units (money in 分; use gaoxin.engine.units to convert)."""

from __future__ import annotations

import polars as pl

from gaoxin.engine.catalog import catalog
from gaoxin.engine.inputs import HELD


def years_schema() -> dict[str, pl.DataType]:
    schema = {"uscc": pl.String, "year": pl.Int64}
    schema |= {spec.name: spec.dtype for spec in catalog().values() if spec.scope == "yearly"}
    return schema


def enterprises_schema(extra: list[str] = ()) -> dict[str, pl.DataType]:
    schema = {spec.name: spec.dtype for spec in catalog().values() if spec.scope == "enterprise"}
    schema["held"] = HELD
    schema |= {name: catalog()[name].dtype for name in extra}
    return schema


def years_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=years_schema(), strict=False)


def enterprises_frame(rows: list[dict]) -> pl.DataFrame:
    extra = sorted(
        {key for row in rows for key in row if catalog().get(key) and catalog()[key].scope == "inputs"}
    )
    return pl.DataFrame(rows, schema=enterprises_schema(extra), strict=False)
