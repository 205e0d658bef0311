"""Typed AST → Polars expressions over the wide frame (one column per field and year offset).

Columns: a yearly field at year y+k is ``"{field}@{k}"`` (e.g. ``rd_expense@-1``); enterprise fields
and inputs keep their names; ``__est_year`` is the founding year (null when unknown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import polars as pl

from gaoxin.engine.catalog import catalog
from gaoxin.engine.lang import ast, values
from gaoxin.engine.lang.functions import FUNCTIONS
from gaoxin.engine.lang.types import derived_ast


def col_name(name: str, offset: int) -> str:
    return f"{name}@{offset}"


@dataclass
class Env:
    """Everything an expression needs to compile: the assessment year and date, the rule's named
    definitions and scores, and optionally a gap target (a column or a definition name) moved by
    ``step`` (a signed quantum in natural units)."""

    year: int
    as_of: date
    lets: dict[str, ast.Node] = field(default_factory=dict)
    scores: dict[str, object] = field(default_factory=dict)  # name -> callable(env) -> ScoreRange
    criteria: dict[str, values.Truth] = field(default_factory=dict)
    target: str | None = None
    step: Fraction = Fraction(0)
    refs: dict[str, tuple[str, pl.Expr]] = field(default_factory=dict)
    cache: dict[str, object] = field(default_factory=dict)
    # definitions already computed as columns of the wide frame: name -> (value over columns, refs),
    # and what each depends on (columns and 'let:' names), shared by the gap-target copies
    materialized: dict[str, tuple[object, dict]] = field(default_factory=dict)
    deps: dict[str, set[str]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def with_target(self, target: str | None, step: Fraction = Fraction(0)) -> Env:
        env = Env(self.year, self.as_of, self.lets, self.scores, self.criteria, target, step)
        env.materialized, env.deps = self.materialized, self.deps
        return env

    def target_in(self, name: str) -> bool:
        return self.target is not None and (
            self.target == "let:" + name or self.target in self.deps.get(name, ())
        )

    def exists(self, offset: int) -> pl.Expr:
        est = pl.col("__est_year")
        return est.is_null() | (est <= self.year + offset)

    def ref(self, column: str, label: str, null: pl.Expr) -> None:
        self.refs.setdefault(column, (label, null))

    def memo(self, key: str, build: Callable[[], object], reuse_materialized: bool = True):
        """A definition's or score's value, built once per environment (several criteria read it):
        the column-backed value when the zone pass already computes it (``materialized``, unless the
        gap target moves it), else ``build()``. Either way the fields it reads join ``refs``."""
        if reuse_materialized and key in self.materialized:
            value, refs = self.materialized[key]
        else:
            if key not in self.cache:
                outer, self.refs = self.refs, {}
                self.cache[key] = (build(), self.refs)
                self.refs = outer
            value, refs = self.cache[key]
        for column, item in refs.items():
            self.refs.setdefault(column, item)
        return value


def compile_expr(node: ast.Node, env: Env):
    return _COMPILE[type(node)](node, env)


def _shifted(value: values.Number, key: str, env: Env) -> values.Number:
    """Attach the value with the gap target moved by one step. Base and moved value share one
    denominator, so a condition's cross-multiplied difference is exactly affine in the steps."""
    if env.target != key:
        return value
    step = env.step
    if isinstance(value.den, int) and (value.den * step).denominator == 1:
        base = values.Number(value.num, value.den, value.degree, (1, 0))
        moved = value.num + int(value.den * step)
    else:
        scale = step.denominator
        base = values.Number(
            values.product(value.num, scale, 1), values.product(value.den, scale, 1), value.degree, (1, 0)
        )
        moved = base.num + values.product(value.den, step.numerator, 1)
    base.alt = values.Number(moved, base.den, value.degree, (1, 0))
    return base


def _field(name: str, column: str, env: Env, label: str, exists: pl.Expr | None = None):
    spec = catalog()[name]
    data = pl.col(column)
    env.seen.add(column)
    env.ref(column, label, data.is_null() if exists is None else data.is_null() & exists)
    if spec.kind == "num":
        return _shifted(values.Number(data, spec.scale, (1, 0)), column, env)
    return {"bool": values.Truth, "text": values.Text, "date": values.Date}[spec.kind](data)


def _yearref(node: ast.YearRef, env: Env):
    spec = catalog()[node.name]
    offsets = list(range(node.lo, node.hi + 1)) if node.hi is not None else [node.lo]
    items = []
    for offset in offsets:
        exists = env.exists(offset) if node.hi is not None else None
        if spec.scope == "derived":
            value = compile_expr(derived_ast(node.name, offset), env)
        else:
            label = f"{env.year + offset}年{spec.label}"
            value = _field(node.name, col_name(node.name, offset), env, label, exists)
        items.append((offset, value, exists if exists is not None else pl.lit(True)))
    return values.YearVector(items) if node.hi is not None else items[0][1]


def materialize(name: str, value, prefix: str) -> tuple[object, list[pl.Expr]]:
    """Compute a definition once as wide-frame columns; return its column-backed value."""
    key = f"{prefix}{name}"
    if isinstance(value, values.Number) and value.const is None:
        exprs = [value.num.alias(key + "_n")]
        den = value.den
        if not isinstance(den, int):
            exprs.append(den.alias(key + "_d"))
            den = pl.col(key + "_d")
        return values.Number(pl.col(key + "_n"), den, value.degree), exprs
    if isinstance(value, values.Truth) and value.need is None and not value.nonlinear:
        return values.Truth(pl.col(key)), [value.expr.alias(key)]
    if isinstance(value, values.Text | values.Date):
        return type(value)(pl.col(key)), [value.expr.alias(key)]
    return value, []


def _name(node: ast.Name, env: Env):
    if node.name == "y":
        return values.const(env.year)
    if node.name == "as_of":
        return values.Date(pl.lit(env.as_of))
    if node.name in env.lets:
        return _let(node.name, env)
    if node.name in env.scores:
        score = env.scores[node.name](env)
        return values.ScoreRange(score.lo, score.hi, score.parts, env.target == "score:" + node.name)
    if node.name in env.criteria:
        return env.criteria[node.name]
    return _field(node.name, node.name, env, catalog()[node.name].label)


def _let(name: str, env: Env):
    env.seen |= {"let:" + name} | env.deps.get(name, set())

    def build():
        value = compile_expr(env.lets[name], env)
        return _shifted(value, "let:" + name, env) if isinstance(value, values.Number) else value

    return env.memo(name, build, reuse_materialized=not env.target_in(name))


def _member(node: ast.Member, env: Env):
    return env.scores[node.name](env).parts[node.member]


def _num(node: ast.Num, env: Env):
    return values.const(node.value)


def _per_year(value, operation):
    """``operation`` on a value, or on each year of a year vector."""
    if isinstance(value, values.YearVector):
        return values.YearVector([(offset, operation(item), exists) for offset, item, exists in value.items])
    return operation(value)


def _unary(node: ast.Unary, env: Env):
    return _per_year(compile_expr(node.operand, env), lambda operand: _unary_value(node.op, operand))


def _unary_value(op: str, operand):
    if op == "-":
        return values.neg(operand)
    if operand.need is not None:  # not(a >= b) holds iff a < b: the gap of the negation is not derivable
        raise values.NonLinear
    return values.Truth(~operand.expr, None, operand.nonlinear)


def _bin(node: ast.Bin, env: Env):
    left, right = compile_expr(node.left, env), compile_expr(node.right, env)
    if isinstance(left, values.YearVector) or isinstance(right, values.YearVector):
        return _vector_bin(node.op, left, right)
    return binary(node.op, left, right)


def _vector_bin(op, left, right):
    """A binary operation year by year; a scalar side applies to every year."""
    left_items = left.items if isinstance(left, values.YearVector) else None
    right_items = right.items if isinstance(right, values.YearVector) else None
    out = []
    for index, (offset, _, exists) in enumerate(left_items or right_items):
        left_value = left_items[index][1] if left_items else left
        right_value = right_items[index][1] if right_items else right
        out.append((offset, binary(op, left_value, right_value), exists))
    return values.YearVector(out)


def binary(op: str, left, right):
    if op in ("and", "or"):
        return values.logic(op, [left, right])
    if op == "^":
        return values.const(left.const ** int(right.const))
    if op in ast.COMPARISONS:
        return _compare(op, left, right)
    return values.arith(op, left, right)


_COMPARE = {
    "==": lambda left, right: left == right,
    "!=": lambda left, right: left != right,
    ">=": lambda left, right: left >= right,
    "<=": lambda left, right: left <= right,
    ">": lambda left, right: left > right,
    "<": lambda left, right: left < right,
}


def _compare(op: str, left, right):
    if isinstance(left, values.Number):
        return values.compare(op, left, right)
    if isinstance(left, values.ScoreRange):
        return _score_compare(op, left, right.const)
    return values.Truth(_COMPARE[op](left.expr, right.expr))


def _score_compare(op: str, score: values.ScoreRange, bound: Fraction) -> values.Truth:
    """Kleene verdict of 'score op bound' over the possible range [lo, hi]."""
    limit = values.const(bound)
    at_lo = values.compare(op, values.Number(score.lo, 1), limit).expr
    at_hi = values.compare(op, values.Number(score.hi, 1), limit).expr
    sure, possible = (at_lo, at_hi) if op in (">=", ">") else (at_hi, at_lo)
    expr = pl.when(sure).then(True).when(~possible).then(False).otherwise(None)
    if not score.is_target or op not in (">=", ">"):
        return values.Truth(expr)
    # even the best case falls short by -best points
    best = values.diff(values.Number(score.hi, 1), limit)[0].cast(pl.Int64)
    need = values.solve(best, pl.lit(1, pl.Int64), op)
    return values.Truth(expr, need=pl.when(expr).then(pl.lit(0, values.NEED)).otherwise(need))


def _isnull(node: ast.IsNull, env: Env):
    def test(value):
        data = value.num if isinstance(value, values.Number) else value.expr
        return values.Truth(data.is_not_null() if node.negate else data.is_null())

    return _per_year(compile_expr(node.operand, env), test)


def _in(node: ast.In, env: Env):
    options = [item.value for item in node.items]

    def test(value):
        found = value.expr.is_in(options)
        return values.Truth(~found if node.negate else found)

    return _per_year(compile_expr(node.operand, env), test)


def _if(node: ast.If, env: Env):
    cond = compile_expr(node.cond, env)
    then, other = compile_expr(node.then, env), compile_expr(node.other, env)
    if cond.need is not None or cond.nonlinear:
        raise values.NonLinear  # a branch chosen by the gap target: piecewise, not affine
    if isinstance(then, values.Number):
        return values.select(cond.expr, then, other)
    chosen = pl.when(cond.expr).then(then.expr).when(~cond.expr).then(other.expr)
    if isinstance(then, values.Truth):
        out = values.Truth(chosen)
        if then.need is not None or other.need is not None:
            out.need = (
                pl.when(cond.expr).then(then.need_or_fixed()).when(~cond.expr).then(other.need_or_fixed())
            )
        return out
    return type(then)(chosen)


def _call(node: ast.Call, env: Env):
    function = FUNCTIONS[node.fn]
    args = [] if function.takes_span else [compile_expr(arg, env) for arg in node.args]
    return function.compile(node, args, env)


_COMPILE = {
    ast.Num: _num,
    ast.Str: lambda node, env: values.Text(pl.lit(node.value)),
    ast.Bool: lambda node, env: values.Truth(pl.lit(node.value)),
    ast.Name: _name,
    ast.YearRef: _yearref,
    ast.Member: _member,
    ast.Unary: _unary,
    ast.Bin: _bin,
    ast.IsNull: _isnull,
    ast.In: _in,
    ast.If: _if,
    ast.Call: _call,
}
