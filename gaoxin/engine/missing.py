"""Missing data: which input fields an unknown (数据不足) verdict or criterion lacks. Fields become bits
of Int64 masks (63 per column); each distinct mask is decoded into its Chinese list once, and rows
point to it (categorical) — a zone has few distinct lists."""

from __future__ import annotations

import polars as pl


def nulls(name: str, count: int, dtype: pl.DataType) -> pl.Series:
    """A null column of length n, built natively (a Python list of n Nones costs ~0.1 s per million)."""
    return pl.repeat(None, count, dtype=dtype, eager=True).alias(name)


def missing_on(wide: pl.DataFrame, unknown: pl.Series, refs: list[tuple[str, pl.Expr]]) -> pl.Series:
    """Missing-field lists on the ``unknown`` rows, null elsewhere. Categorical: a zone has few
    distinct lists, so each is built once and the rows only point to it."""
    if not refs or not unknown.any():
        return nulls("missing", wide.height, pl.Categorical)
    flags = wide.select(masks("m", [flag for _, flag in refs]))
    return texts_on(flags, unknown.arg_true(), [label for label, _ in refs])


def decode(frame: pl.DataFrame, labels: list[str]) -> pl.Series:
    """The Chinese list of every row's masks: each distinct mask decoded once, then looked up."""
    if frame.width > 1:
        return missing_text(frame, frame.columns, labels)
    mask = frame.to_series()
    distinct = mask.unique()
    texts = missing_text(distinct.to_frame(), [mask.name], labels)
    return mask.replace_strict(distinct, texts, default=None, return_dtype=pl.Categorical)


def mask_names(key: str, count: int) -> list[str]:
    return [f"{key}miss{start // 63}" for start in range(0, max(count, 1), 63)]


def texts_on(frame: pl.DataFrame, rows: pl.Series, labels: list[str]) -> pl.Series:
    """Missing-field lists decoded from the mask columns of ``frame`` at ``rows`` (null elsewhere)."""
    out = nulls("missing", frame.height, pl.Categorical)
    if not len(rows) or not labels:
        return out
    return out.scatter(rows, decode(frame[rows], labels))


def masks(key: str, flags: list[pl.Expr]) -> list[pl.Expr]:
    """Missing fields as bit masks (63 per Int64); the Chinese lists are built per distinct mask."""
    out = []
    for start, name in zip(range(0, max(len(flags), 1), 63), mask_names(key, len(flags)), strict=True):
        bits = [
            flag.cast(pl.Int64) * (1 << index) for index, flag in enumerate(flags[start : start + 63])
        ] or [pl.lit(0, pl.Int64)]
        out.append(pl.sum_horizontal(bits).alias(name))
    return out


def missing_text(frame: pl.DataFrame, mask_cols: list[str], labels: list[str]) -> pl.Series:
    """Decode missing-field masks into Chinese lists, computing each distinct mask only once."""
    uniq = frame.select(mask_cols).unique()
    parts = [
        pl.when((pl.col(mask_cols[index // 63]) & (1 << (index % 63))) != 0).then(pl.lit(label))
        for index, label in enumerate(labels)
    ]
    text = pl.concat_str(parts, separator="、", ignore_nulls=True) if parts else pl.lit("")
    uniq = uniq.with_columns(pl.when(text != "").then(text).alias("__text"))
    uniq = uniq.with_columns(pl.col("__text").cast(pl.Categorical))
    return frame.select(mask_cols).join(uniq, on=mask_cols, how="left", maintain_order="left")["__text"]


def rules_missing(assessment, plans: list) -> list[pl.Series]:
    """Per rule, the missing-field list on its 数据不足 rows (null elsewhere): the empty inputs read by
    a criterion that is unknown. Worked out on those rows only — a fraction of the zone — from the
    input columns and the criteria's truths, after the pass; the rules' masks as one batch of queries."""
    unknown = [pl.col(plan.key + "verdict") == "数据不足" for plan in plans]
    frame = _with_inputs(
        assessment,
        {column for plan in plans for _, flag in plan.missing for column in flag.meta.root_names()},
    )
    queries = [
        frame.filter(unknown_rows).select(
            masks("m", [flag for _, flag in plan.missing]) if plan.missing else [pl.lit(0).alias("m")]
        )
        for plan, unknown_rows in zip(plans, unknown, strict=True)
    ]
    out = []
    for plan, unknown_rows, flags in zip(plans, unknown, pl.collect_all(queries), strict=True):
        rows = assessment.wide.select(unknown_rows).to_series().arg_true()
        empty = nulls("missing", assessment.wide.height, pl.Categorical)
        if not plan.missing or not len(rows):
            out.append(empty)
            continue
        out.append(empty.scatter(rows, decode(flags, [label for label, _ in plan.missing])))
    return out


def _with_inputs(assessment, needed: set[str]) -> pl.LazyFrame:
    """The pass's columns beside the input columns it does not carry (row-aligned; no copy)."""
    there = sorted(column for column in needed if column not in assessment.wide.columns)
    if not there:
        return assessment.wide.lazy()
    return pl.concat([assessment.wide.lazy(), assessment.source.lazy().select(there)], how="horizontal")
