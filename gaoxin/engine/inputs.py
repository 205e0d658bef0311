"""The engine input contract: validation and the wide frame (one row per enterprise, one column per
field and year offset) built with one join per needed year — no Python loop over enterprises."""

from __future__ import annotations

import polars as pl

from gaoxin.engine.catalog import catalog

HELD = pl.List(
    pl.Struct({"kind": pl.String, "level": pl.String, "granted_on": pl.Date, "expires_on": pl.Date})
)


class InputError(TypeError):
    """An input column whose type breaks the contract (e.g. money given as float 元)."""


def lazy(frame) -> pl.LazyFrame:
    return frame.lazy() if isinstance(frame, pl.DataFrame) else frame


def _conform(lf: pl.LazyFrame, names: list[str], what: str) -> list[pl.Expr]:
    """Select the named catalogue fields with contract dtypes; absent columns are unknown (null)."""
    schema = lf.collect_schema()
    exprs = []
    for name in names:
        f = catalog()[name]
        if name not in schema:
            exprs.append(pl.lit(None, f.dtype).alias(name))
            continue
        dtype = schema[name]
        if f.kind == "num" and not dtype.is_integer() and dtype != pl.Null:
            raise InputError(
                f"{what}字段 {name}（{f.label}）应为整数（{'以分计' if f.unit == 'money' else '按引擎约定缩放'}），"
                f"实为 {dtype}；请用 gaoxin.engine.units 转换"
            )
        exprs.append(pl.col(name).cast(f.dtype, strict=False) if dtype != f.dtype else pl.col(name))
    return exprs


def wide_frame(years, enterprises, year: int, columns: set[str]) -> pl.LazyFrame:
    """Enterprises joined with the needed field-years (``rd_expense@-1`` = rd_expense of year-1)."""
    ent = lazy(enterprises)
    schema = ent.collect_schema()
    ent_fields = sorted(c for c in columns if "@" not in c and c in catalog() and c != "uscc")
    base = ent.select(
        pl.col("uscc"),
        *_conform(ent, ent_fields, "企业"),
        pl.col("established_on").dt.year().cast(pl.Int64).alias("__est_year")
        if "established_on" in schema
        else pl.lit(None, pl.Int64).alias("__est_year"),
        *([_held(schema)] if "held" in columns else []),
    )
    by_offset: dict[int, list[str]] = {}
    for c in columns:
        if "@" in c:
            name, k = c.split("@")
            by_offset.setdefault(int(k), []).append(name)
    # one string join maps every needed year row to its enterprise's row number; each year is then
    # joined to the narrow integer key column only, and the parts are laid side by side
    # one string join maps every needed year row to its enterprise's row number; each field-year is
    # then scattered into place (no further joins; a duplicated (uscc, year) row cannot multiply rows)
    base = base.with_row_index("__row").collect()
    if not by_offset:
        return base.drop("__row").lazy()
    yl = lazy(years)
    fields = sorted({n for names in by_offset.values() for n in names})
    rows = (
        yl.filter(pl.col("year").is_in([year + k for k in by_offset]))
        .select(
            "uscc", "year", *[e.alias(n) for n, e in zip(fields, _conform(yl, fields, "年度"), strict=True)]
        )
        .join(base.lazy().select("uscc", "__row"), on="uscc", how="inner")
        .collect()
    )
    columns_out = []
    for k, names in sorted(by_offset.items()):
        sub = rows.filter(pl.col("year") == year + k)
        idx = sub["__row"]
        for n in sorted(set(names)):
            empty = pl.repeat(None, base.height, dtype=catalog()[n].dtype, eager=True)
            columns_out.append(empty.scatter(idx, sub[n]).alias(f"{n}@{k}"))
    return base.drop("__row").with_columns(columns_out).lazy()


def _held(schema) -> pl.Expr:
    if "held" not in schema:
        return pl.lit(None, HELD).alias("held")
    return pl.col("held")
