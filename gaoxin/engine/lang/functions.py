"""Built-in functions of the rule language: one registry entry per function (``FUNCTIONS``) holds how
it is written, its type rule and its compilation, side by side.

The checker (gaoxin.engine.lang.types) checks a call's arguments, then the entry's ``check`` gets the
call, the arguments' types and the scope; the compiler (gaoxin.engine.lang.compile) compiles them,
then the entry's ``compile`` gets the call, the compiled arguments and the environment. A function
that takes a bare year range (``operating_years(y-3..y-1)``) reads its argument from the call instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import polars as pl
import yaml

from gaoxin.engine.catalog import HERE
from gaoxin.engine.lang import ast, values
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.lang.value_types import BOOL, COUNT, DATE, TEXT, ValueType

if TYPE_CHECKING:
    from gaoxin.engine.lang.compile import Env
    from gaoxin.engine.lang.types import Scope


@dataclass(frozen=True)
class Function:
    """One built-in function of the rule language."""

    signature: str  # how a call is written, quoted when a call is refused
    # (call, the arguments' types, scope) -> the call's type; refuses with scope.error
    check: Callable[[ast.Call, list[ValueType], Scope], ValueType]
    # (call, the compiled arguments, env) -> the call's compiled value
    compile: Callable[[ast.Call, list, Env], object]
    takes_span: bool = False  # the argument is a bare year range: neither checked nor compiled


@cache
def kinds() -> dict[str, dict]:
    """The qualification kinds ``holds()`` knows (fields.yaml), with their validity."""
    return yaml.safe_load((HERE / "fields.yaml").read_text(encoding="utf-8"))["kinds"]


def _refused(call: ast.Call, scope: Scope, detail: str = "") -> RuleError:
    return scope.error(f"{call.fn} 的参数不正确{detail}，应写作 {FUNCTIONS[call.fn].signature}", call)


def _count(expr: pl.Expr) -> values.Number:
    """An integer computed from the data (data degree 1, denominator 1)."""
    return values.Number(expr, 1, (1, 0))


# --- over the years of a vector: sum, mean, min, max, any, all -------------------------------------


def _over_years(kind: str):
    """The type rule of an aggregate over one year vector of ``kind``: the vector's scalar type."""

    def check_over_years(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
        if len(types) == 1 and types[0].years and types[0].kind == kind:
            return types[0].scalar()
        raise _refused(call, scope)

    return check_over_years


def _check_extreme(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    """min/max: over one number vector, or of two or more numbers in one unit."""
    if len(types) == 1 and types[0].years and types[0].kind == "num":
        return types[0].scalar()
    if len(types) >= 2 and all(arg_type.kind == "num" and not arg_type.years for arg_type in types):
        units = {arg_type.unit for arg_type in types} - {"lit"}
        if len(units) > 1:
            raise _refused(call, scope, "（单位不一致）")
        return ValueType("num", units.pop() if units else "lit")
    raise _refused(call, scope)


def _total(vector: values.YearVector) -> values.Number:
    """The sum over the years that exist (before founding a year adds nothing)."""
    total = None
    for _, number, exists in vector.items:
        masked = values.select(exists, number, values.const(0), total=True)  # existence is never unknown
        total = masked if total is None else values.arith("+", total, masked)
    return total


def _compile_sum(call: ast.Call, args: list, env: Env) -> values.Number:
    return _total(args[0])


def _compile_mean(call: ast.Call, args: list, env: Env) -> values.Number:
    vector = args[0]
    years = pl.sum_horizontal([exists.cast(pl.Int64) for _, _, exists in vector.items])
    return values.arith("/", _total(vector), _count(years))


def _every_year(op: str):
    """all (op 'and') / any ('or') over the years that exist: a missing year is neutral."""
    neutral = op == "and"

    def compile_every_year(call: ast.Call, args: list, env: Env) -> values.Truth:
        parts = [
            values.Truth(pl.when(exists).then(truth.expr).otherwise(neutral), truth.need, truth.nonlinear)
            for _, truth, exists in args[0].items
        ]
        return values.logic(op, parts)

    return compile_every_year


def _extreme_of(smallest: bool):
    """min (``smallest``) / max of a year vector's existing years, or of the arguments."""

    def compile_extreme(call: ast.Call, args: list, env: Env) -> values.Number:
        if isinstance(args[0], values.YearVector):
            items = args[0].items
            return _extreme(smallest, [number for _, number, _ in items], [exists for _, _, exists in items])
        return _extreme(smallest, args)

    return compile_extreme


def _extreme(smallest: bool, numbers: list, exists: list | None = None) -> values.Number:
    """min/max with Kleene nulls (Polars' min_horizontal would skip them); skips non-existing years."""
    exists = exists or [pl.lit(True)] * len(numbers)
    best, best_exists = numbers[0], exists[0]
    for number, number_exists in zip(numbers[1:], exists[1:], strict=True):
        difference, target_degree = values.diff(number, best)
        better = (difference < 0) if smallest else (difference > 0)
        take = pl.when(~best_exists).then(True).when(~number_exists).then(False).otherwise(better)
        chosen = values.select(take, number, best)
        if target_degree:
            chosen.target_degree = values.PIECEWISE
        best, best_exists = chosen, best_exists | number_exists
    return best


# --- years of operation and dates ------------------------------------------------------------------


def _check_operating_years(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Span):
        raise _refused(call, scope)
    return COUNT


def _compile_operating_years(call: ast.Call, args: list, env: Env) -> values.Number:
    span = call.args[0]
    flags = [env.exists(offset).cast(pl.Int64) for offset in range(span.lo, span.hi + 1)]
    return _count(pl.sum_horizontal(flags))


def _check_of_date(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    """years_since, days_since, year: a count from one date."""
    if len(types) != 1 or types[0].kind != "date" or types[0].years:
        raise _refused(call, scope)
    return COUNT


def _compile_years_since(call: ast.Call, args: list, env: Env) -> values.Number:
    """Completed years, birthday-style: a year is not yet completed before its anniversary."""
    day, as_of = args[0].expr, env.as_of
    years = as_of.year - day.dt.year().cast(pl.Int64)
    before = (day.dt.month() > as_of.month) | ((day.dt.month() == as_of.month) & (day.dt.day() > as_of.day))
    return _count(years - before.cast(pl.Int64))


def _compile_days_since(call: ast.Call, args: list, env: Env) -> values.Number:
    return _count((pl.lit(env.as_of) - args[0].expr).dt.total_days().cast(pl.Int64))


def _compile_year(call: ast.Call, args: list, env: Env) -> values.Number:
    return _count(args[0].expr.dt.year().cast(pl.Int64))


def _check_date(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Str):
        raise _refused(call, scope)
    try:
        date.fromisoformat(call.args[0].value)
    except ValueError:
        raise scope.error(f"日期 “{call.args[0].value}” 格式不正确，应为 2016-01-01", call.args[0])
    return DATE


def _compile_date(call: ast.Call, args: list, env: Env) -> values.Date:
    return values.Date(pl.lit(date.fromisoformat(call.args[0].value)))


# --- qualifications held ---------------------------------------------------------------------------


def _check_holds(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    if not 1 <= len(call.args) <= 2 or not all(isinstance(arg, ast.Str) for arg in call.args):
        raise _refused(call, scope)
    kind = call.args[0].value
    if kind not in kinds():
        raise scope.error(f"未知资质类型 “{kind}”（可选：{'、'.join(kinds())}）", call.args[0])
    return BOOL


def _compile_holds(call: ast.Call, args: list, env: Env) -> values.Truth:
    level = call.args[1].value if len(call.args) > 1 else None
    return values.Truth(holds_expr(call.args[0].value, level, env.as_of))


def holds_expr(kind: str, level: str | None, as_of: date) -> pl.Expr:
    """Does the enterprise hold a qualification of this kind valid on as_of (Kleene: null list → null)."""
    years = kinds()[kind].get("validity_years")
    held = pl.element()
    granted = held.struct.field("granted_on")
    expires = held.struct.field("expires_on")
    if years:
        # a certificate granted on D is valid for `years` years: until the day before D + years
        implied = granted.dt.offset_by(f"{years}y") - pl.duration(days=1)
        expires = pl.coalesce(expires, implied)
    valid = (
        (held.struct.field("kind") == kind) & (granted <= as_of) & (expires.is_null() | (expires >= as_of))
    )
    if level:
        valid = valid & (held.struct.field("level") == level)
    return pl.col("held").list.eval(valid.fill_null(False)).list.any()


# --- coalesce, substr, floor -----------------------------------------------------------------------


def _check_coalesce(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    if len(types) < 2 or len({(arg_type.kind, arg_type.unit, arg_type.years) for arg_type in types}) != 1:
        raise _refused(call, scope, "（各参数类型应一致）")
    return types[0]


def _compile_coalesce(call: ast.Call, args: list, env: Env):
    out = args[-1]
    for arg in reversed(args[:-1]):
        if isinstance(arg, values.Number):
            out = values.select(arg.num.is_not_null(), arg, out, total=True)
        else:
            out = type(arg)(pl.coalesce(arg.expr, out.expr))
    return out


def _check_substr(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    if (
        len(types) != 3
        or types[0].kind != "text"
        or not all(isinstance(arg, ast.Num) for arg in call.args[1:])
    ):
        raise _refused(call, scope)
    return TEXT


def _compile_substr(call: ast.Call, args: list, env: Env) -> values.Text:
    start, length = int(call.args[1].value), int(call.args[2].value)
    return values.Text(args[0].expr.str.slice(start, length))


def _check_floor(call: ast.Call, types: list[ValueType], scope: Scope) -> ValueType:
    if len(types) != 1 or types[0].kind != "num":
        raise _refused(call, scope)
    return types[0]


def _compile_floor(call: ast.Call, args: list, env: Env) -> values.Number:
    return values.floor(args[0])


FUNCTIONS: dict[str, Function] = {  # in this order in the "unknown function" message
    "sum": Function("sum(字段[y-3..y-1])", _over_years("num"), _compile_sum),
    "mean": Function("mean(字段[y-2..y-1])", _over_years("num"), _compile_mean),
    "min": Function("min(字段[y-3..y-1]) 或 min(a, b)", _check_extreme, _extreme_of(smallest=True)),
    "max": Function("max(字段[y-3..y-1]) 或 max(a, b)", _check_extreme, _extreme_of(smallest=False)),
    "any": Function("any(条件[y-5..y-1])", _over_years("bool"), _every_year("or")),
    "all": Function("all(条件[y-2..y-1])", _over_years("bool"), _every_year("and")),
    "operating_years": Function(
        "operating_years(y-3..y-1)", _check_operating_years, _compile_operating_years, takes_span=True
    ),
    "years_since": Function("years_since(established_on)", _check_of_date, _compile_years_since),
    "days_since": Function("days_since(established_on)", _check_of_date, _compile_days_since),
    "year": Function("year(established_on)", _check_of_date, _compile_year),
    "holds": Function("holds('高新技术企业')", _check_holds, _compile_holds),
    "coalesce": Function("coalesce(a, b)", _check_coalesce, _compile_coalesce),
    "date": Function("date('2016-01-01')", _check_date, _compile_date),
    "substr": Function("substr(uscc, 2, 2)", _check_substr, _compile_substr),
    "floor": Function("floor(x)", _check_floor, _compile_floor),
}
