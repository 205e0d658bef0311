"""One condition of the rule language over the zone's enterprises (no Django): which enterprises meet
``sales_revenue[y] >= 10亿元`` in a year, for counts such as the 经济运行 derived indicators.

The condition is parsed and type-checked like a rule criterion, compiled to one exact Polars
expression, and evaluated on the engine's wide frame (only the field-years it reads). Kleene logic
holds: an enterprise whose data are missing is neither counted as meeting nor as failing.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from gaoxin.engine.inputs import wide_frame
from gaoxin.engine.lang import RuleError, parse
from gaoxin.engine.lang.compile import Env, compile_expr
from gaoxin.engine.lang.types import Scope, check


def check_condition(source: str) -> str | None:
    """None when ``source`` is a valid yes/no condition, else the Chinese reason with its position."""
    try:
        _checked(source)
    except RuleError as exc:
        return str(exc)
    return None


def _checked(source: str):
    node = parse(source)
    ty = check(node, Scope(source, {}, {}))
    if ty.kind != "bool" or ty.years:
        raise RuleError("派生公式应为“是/否”条件，如 sales_revenue[y] >= 10亿元", source, 0)
    return node


def condition_truth(source: str, years, enterprises, year: int, as_of: date | None = None) -> pl.DataFrame:
    """``uscc`` and ``ok`` (True / False / null = 数据不足) for every enterprise, ``y`` = ``year``."""
    node = _checked(source)
    env = Env(year, as_of or date(year, 12, 31))
    truth = compile_expr(node, env).expr
    columns = set(truth.meta.root_names())
    wide = wide_frame(years, enterprises, year, columns)
    return wide.select("uscc", truth.alias("ok")).collect()
