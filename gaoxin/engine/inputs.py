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
        spec = catalog()[name]
        if name not in schema:
            exprs.append(pl.lit(None, spec.dtype).alias(name))
            continue
        dtype = schema[name]
        if spec.kind == "num" and not dtype.is_integer() and dtype != pl.Null:
            raise InputError(
                f"{what}字段 {name}（{spec.label}）应为整数（{'以分计' if spec.unit == 'money' else '按引擎约定缩放'}），"
                f"实为 {dtype}；请用 gaoxin.engine.units 转换"
            )
        exprs.append(pl.col(name).cast(spec.dtype, strict=False) if dtype != spec.dtype else pl.col(name))
    return exprs


def wide_frame(years, enterprises, year: int, columns: set[str]) -> pl.LazyFrame:
    """Enterprises joined with the needed field-years (``rd_expense@-1`` = rd_expense of year-1)."""
    ent = lazy(enterprises)
    schema = ent.collect_schema()
    ent_fields = sorted(
        column for column in columns if "@" not in column and column in catalog() and column != "uscc"
    )
    base = ent.select(
        pl.col("uscc"),
        *_conform(ent, ent_fields, "企业"),
        pl.col("established_on").dt.year().cast(pl.Int64).alias("__est_year")
        if "established_on" in schema
        else pl.lit(None, pl.Int64).alias("__est_year"),
        *([_held(schema)] if "held" in columns else []),
    )
    by_offset: dict[int, list[str]] = {}
    for column in columns:
        if "@" in column:
            name, offset = column.split("@")
            by_offset.setdefault(int(offset), []).append(name)
    base = base.collect()
    if not by_offset:
        return base.lazy()
    yl = lazy(years)
    fields = sorted({field_name for names in by_offset.values() for field_name in names})
    values = yl.select(
        *[
            expr.alias(field_name)
            for field_name, expr in zip(fields, _conform(yl, fields, "年度"), strict=True)
        ]
    )
    positions = _positions(yl, base["uscc"], [year + offset for offset in sorted(by_offset)])
    # each field-year is one gather of the year rows by position (null where the enterprise has no row
    # for that year); joining only the narrow keys and gathering the values costs a third of a full join
    values = values.collect()
    parts = [
        values.select(
            pl.col(field_name).gather(positions[year + offset]).alias(f"{field_name}@{offset}")
            for field_name in sorted(set(names))
        )
        for offset, names in sorted(by_offset.items())
    ]
    return pl.concat([base, *parts], how="horizontal").rechunk().lazy()  # see evaluate._run


def _positions(years: pl.LazyFrame, uscc: pl.Series, wanted: list[int]) -> dict[int, pl.Series]:
    """For each wanted year: per enterprise row, the index of its year row (null when it has none).
    A duplicated (uscc, year) row cannot multiply enterprise rows (one of them is used)."""
    keys = (
        years.select("uscc", "year")
        .with_row_index("__yrow")
        .filter(pl.col("year").is_in(wanted))
        .join(uscc.to_frame().with_row_index("__row").lazy(), on="uscc", how="inner")
        .select("year", "__row", "__yrow")
        .collect()
    )
    out = {}
    for year_wanted in wanted:
        sub = keys.filter(pl.col("year") == year_wanted)
        empty = pl.repeat(None, len(uscc), dtype=pl.get_index_type(), eager=True)
        out[year_wanted] = empty.scatter(
            sub["__row"], sub["__yrow"]
        )  # scatter writes in place: a new one each
    return out


def _held(schema) -> pl.Expr:
    if "held" not in schema:
        return pl.lit(None, HELD).alias("held")
    return pl.col("held")
