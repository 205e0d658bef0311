"""Built-in functions of the rule language: type rules and compilation, side by side."""

from __future__ import annotations

from datetime import date
from functools import cache

import polars as pl
import yaml

from gaoxin.engine.catalog import HERE
from gaoxin.engine.lang import ast, values
from gaoxin.engine.lang.types import BOOL, COUNT, DATE, TEXT, Scope, Ty, check

NUMERIC_AGGREGATES = ("sum", "mean", "min", "max")
SIGNATURES = {
    "sum": "sum(字段[y-3..y-1])",
    "mean": "mean(字段[y-2..y-1])",
    "min": "min(字段[y-3..y-1]) 或 min(a, b)",
    "max": "max(字段[y-3..y-1]) 或 max(a, b)",
    "any": "any(条件[y-5..y-1])",
    "all": "all(条件[y-2..y-1])",
    "operating_years": "operating_years(y-3..y-1)",
    "years_since": "years_since(established_on)",
    "days_since": "days_since(established_on)",
    "year": "year(established_on)",
    "holds": "holds('高新技术企业')",
    "coalesce": "coalesce(a, b)",
    "date": "date('2016-01-01')",
    "substr": "substr(uscc, 2, 2)",
    "floor": "floor(x)",
}


@cache
def kinds() -> dict[str, dict]:
    return yaml.safe_load((HERE / "fields.yaml").read_text(encoding="utf-8"))["kinds"]


def check_call(node: ast.Call, s: Scope) -> Ty:
    fn, args = node.fn, node.args
    if fn not in SIGNATURES:
        raise s.error(f"未知函数 {fn}（可用：{'、'.join(SIGNATURES)}）", node)

    def bad(msg=""):
        return s.error(f"{fn} 的参数不正确{msg}，应写作 {SIGNATURES[fn]}", node)

    if fn == "operating_years":
        if len(args) != 1 or not isinstance(args[0], ast.Span):
            raise bad()
        return COUNT
    tys = [check(a, s) for a in args]
    if fn in NUMERIC_AGGREGATES or fn in ("any", "all"):
        want = "bool" if fn in ("any", "all") else "num"
        if len(tys) == 1 and tys[0].years and tys[0].kind == want:
            return tys[0].scalar()
        if fn in ("min", "max") and len(tys) >= 2 and all(t.kind == "num" and not t.years for t in tys):
            units = {t.unit for t in tys} - {"lit"}
            if len(units) > 1:
                raise bad("（单位不一致）")
            return Ty("num", units.pop() if units else "lit")
        raise bad()
    if fn in ("years_since", "days_since", "year"):
        if len(tys) != 1 or tys[0].kind != "date" or tys[0].years:
            raise bad()
        return COUNT
    if fn == "holds":
        if not 1 <= len(args) <= 2 or not all(isinstance(a, ast.Str) for a in args):
            raise bad()
        if args[0].value not in kinds():
            raise s.error(f"未知资质类型 “{args[0].value}”（可选：{'、'.join(kinds())}）", args[0])
        return BOOL
    if fn == "coalesce":
        if len(tys) < 2 or len({(t.kind, t.unit, t.years) for t in tys}) != 1:
            raise bad("（各参数类型应一致）")
        return tys[0]
    if fn == "date":
        if len(args) != 1 or not isinstance(args[0], ast.Str):
            raise bad()
        try:
            date.fromisoformat(args[0].value)
        except ValueError:
            raise s.error(f"日期 “{args[0].value}” 格式不正确，应为 2016-01-01", args[0])
        return DATE
    if fn == "substr":
        if len(args) != 3 or tys[0].kind != "text" or not all(isinstance(a, ast.Num) for a in args[1:]):
            raise bad()
        return TEXT
    if len(tys) != 1 or tys[0].kind != "num":  # floor
        raise bad()
    return tys[0]


def compile_call(node: ast.Call, env):
    from gaoxin.engine.lang.compile import compile_expr

    fn = node.fn
    if fn == "operating_years":
        span = node.args[0]
        flags = [env.exists(k).cast(pl.Int64) for k in range(span.lo, span.hi + 1)]
        return values.Number(pl.sum_horizontal(flags), 1, (1, 0))
    if fn == "holds":
        kind = node.args[0].value
        level = node.args[1].value if len(node.args) > 1 else None
        return values.Truth(holds_expr(kind, level, env.as_of))
    if fn == "date":
        return values.Date(pl.lit(date.fromisoformat(node.args[0].value)))
    args = [compile_expr(a, env) for a in node.args]
    if fn in ("sum", "mean", "min", "max", "any", "all") and isinstance(args[0], values.YearVector):
        return _aggregate(fn, args[0])
    if fn in ("min", "max"):
        return _extreme(fn, args)
    if fn in ("years_since", "days_since", "year"):
        return _date_fn(fn, args[0].expr, env.as_of)
    if fn == "coalesce":
        return _coalesce(args)
    if fn == "substr":
        start, length = int(node.args[1].value), int(node.args[2].value)
        return values.Text(args[0].expr.str.slice(start, length))
    return values.floor(args[0])


def holds_expr(kind: str, level: str | None, as_of: date) -> pl.Expr:
    """Does the enterprise hold a qualification of this kind valid on as_of (Kleene: null list → null)."""
    years = kinds()[kind].get("validity_years")
    e = pl.element()
    granted = e.struct.field("granted_on")
    expires = e.struct.field("expires_on")
    if years:
        # a certificate granted on D is valid for `years` years: until the day before D + years
        implied = granted.dt.offset_by(f"{years}y") - pl.duration(days=1)
        expires = pl.coalesce(expires, implied)
    ok = (e.struct.field("kind") == kind) & (granted <= as_of) & (expires.is_null() | (expires >= as_of))
    if level:
        ok = ok & (e.struct.field("level") == level)
    return pl.col("held").list.eval(ok.fill_null(False)).list.any()


def _date_fn(fn: str, d: pl.Expr, as_of: date) -> values.Number:
    if fn == "year":
        return values.Number(d.dt.year().cast(pl.Int64), 1, (1, 0))
    if fn == "days_since":
        return values.Number((pl.lit(as_of) - d).dt.total_days().cast(pl.Int64), 1, (1, 0))
    # completed years: birthday-style (not yet completed before the anniversary)
    years = as_of.year - d.dt.year().cast(pl.Int64)
    before = (d.dt.month() > as_of.month) | ((d.dt.month() == as_of.month) & (d.dt.day() > as_of.day))
    return values.Number(years - before.cast(pl.Int64), 1, (1, 0))


def _aggregate(fn: str, vec: values.YearVector):
    items = vec.items
    if fn in ("any", "all"):
        from gaoxin.engine.lang.compile import logic

        neutral = fn == "all"
        parts = [
            values.Truth(pl.when(ex).then(b.expr).otherwise(neutral), b.need, b.nonlinear)
            for _, b, ex in items
        ]
        return logic("and" if fn == "all" else "or", parts)
    if fn in ("min", "max"):
        return _extreme(fn, [x for _, x, _ in items], [ex for _, _, ex in items])
    total = None
    for _, x, ex in items:
        masked = values.select(ex, x, values.const(0), total=True)  # existence is never unknown
        total = masked if total is None else values.arith("+", total, masked)
    if fn == "sum":
        return total
    count = pl.sum_horizontal([ex.cast(pl.Int64) for _, _, ex in items])
    return values.arith("/", total, values.Number(count, 1, (1, 0)))


def _extreme(fn: str, xs: list, exists: list | None = None):
    """min/max with Kleene nulls (Polars' min_horizontal would skip them); skips non-existing years."""
    exists = exists or [pl.lit(True)] * len(xs)
    best, best_ex = xs[0], exists[0]
    for x, ex in zip(xs[1:], exists[1:], strict=True):
        d, tdeg = values.diff(x, best)
        better = (d < 0) if fn == "min" else (d > 0)
        take = pl.when(~best_ex).then(True).when(~ex).then(False).otherwise(better)
        chosen = values.select(take, x, best)
        if tdeg:
            chosen.target_degree = values.PIECEWISE
        best, best_ex = chosen, best_ex | ex
    return best


def _coalesce(args: list):
    out = args[-1]
    for a in reversed(args[:-1]):
        if isinstance(a, values.Number):
            out = values.select(a.num.is_not_null(), a, out, total=True)
        else:
            out = type(a)(pl.coalesce(a.expr, out.expr))
    return out
