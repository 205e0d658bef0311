"""What-if: evaluate a few enterprises with changed inputs, without saving anything.

    what_if(years, enterprises, 2025, {"rd_expense[y-1]": "+120万元", "tech_staff": "+3"}, uscc=["9144…"])

A key is a field (yearly fields default to y-1) or ``field[y-k]``; a value is an absolute amount or a
signed change ("+3", "-50万元"). Money may carry 元/万元/亿元 (bare numbers are 元), shares a %.
"""

from __future__ import annotations

from fractions import Fraction

import polars as pl

from gaoxin.engine.catalog import catalog
from gaoxin.engine.evaluate import Assessment, evaluate
from gaoxin.engine.inputs import lazy
from gaoxin.engine.lang import ast, parse
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.lang.lexer import tokenize


def _target(key: str) -> tuple[str, int | None]:
    node = parse(key)
    if isinstance(node, ast.YearRef) and node.hi is None and node.name in catalog():
        return node.name, node.lo
    if isinstance(node, ast.Name) and node.name in catalog():
        return node.name, (-1 if catalog()[node.name].yearly else None)
    raise RuleError(f"无法修改 “{key}”：应为字段名或 字段[y-1]", key, 0)


def _amount(field: str, text) -> tuple[bool, object]:
    """(is_delta, value in storage units) from '+120万元', '-3', 7, True …"""
    spec = catalog()[field]
    if spec.kind != "num":
        return False, text
    text = str(text).strip()
    delta = text[:1] in "+-"
    tokens = tokenize(text.lstrip("+-").strip())
    if len(tokens) != 2 or tokens[0].kind != "num":
        raise RuleError(f"无法识别的数值 “{text}”", text, 0)
    value = tokens[0].value * (-1 if text.startswith("-") else 1)
    stored = value * spec.scale
    if stored.denominator != 1:
        raise RuleError(f"“{text}” 超出 {spec.label} 的精度", text, 0)
    return delta, int(stored if isinstance(stored, Fraction) else stored)


def apply_changes(years, enterprises, year: int, changes: dict, uscc: list[str] | None = None):
    """The input frames with the changes applied (restricted to ``uscc`` when given)."""
    yl, el = lazy(years), lazy(enterprises)
    if uscc is not None:
        yl, el = yl.filter(pl.col("uscc").is_in(uscc)), el.filter(pl.col("uscc").is_in(uscc))
    ys, es = yl.collect(), el.collect()
    for key, text in changes.items():
        field, offset = _target(key)
        delta, value = _amount(field, text)
        dtype = catalog()[field].dtype
        new = (pl.col(field) + value) if delta else pl.lit(value, dtype)
        if offset is None:
            es = es.with_columns((new if field in es.columns else pl.lit(value, dtype)).alias(field))
            continue
        target_year = year + offset
        missing = es.select("uscc").join(ys.filter(pl.col("year") == target_year), on="uscc", how="anti")
        if missing.height:
            ys = pl.concat(
                [ys, missing.with_columns(pl.lit(target_year, pl.Int64).alias("year"))],
                how="diagonal_relaxed",
            )
        if field not in ys.columns:
            ys = ys.with_columns(pl.lit(None, dtype).alias(field))
        ys = ys.with_columns(
            pl.when(pl.col("year") == target_year).then(new).otherwise(pl.col(field)).alias(field)
        )
    return ys, es


def what_if(
    years, enterprises, year: int, changes: dict, uscc: list[str] | None = None, **options
) -> Assessment:
    """Evaluate the (selected) enterprises as if ``changes`` were applied; nothing is stored."""
    ys, es = apply_changes(years, enterprises, year, changes, uscc)
    return evaluate(ys, es, year, **options)
