"""Compiled values: exact rationals over Polars integer expressions, and Kleene booleans.

A number is ``num / den`` with ``den > 0``; ``den`` is a Python int whenever it does not depend on
data (money fields are num=分, den=100). Comparisons cross-multiply, so ``a/b >= 0.05`` becomes
``a*100 - b*5 >= 0`` on integers: no float ever decides a verdict. Products of two data-dependent
integers are widened to Int128 (money × money reaches 10^32); degree > 2 is refused at compile time.

For gap solving (what change of ONE input makes a condition hold), a value may carry ``alt``: the
same value with the chosen input moved by one quantum. Conditions are affine in that input when the
target degree is ≤ 1, so two evaluations give the exact slope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

import polars as pl

INF = 2**62  # "no change of this input alone is enough" (needs are Int64: 4.6e18 分 is plenty)
I128 = pl.Int128
NEED = pl.Int64
MAX_DEGREE = 2


class NonLinear(Exception):
    """A gap target enters a condition non-linearly (or through a branch); no exact gap."""


Denominator = int | pl.Expr
# The target degree of a value that is piecewise in the gap target (min/max choosing by it): above
# any degree a product reaches, so every comparison on it is non-linear (no exact gap).
PIECEWISE = (99, 99)


@dataclass
class Number:
    num: pl.Expr
    den: Denominator
    degree: tuple[int, int] = (0, 0)  # data degree of num, den (drives Int128 widening)
    target_degree: tuple[int, int] = (0, 0)  # degree in the gap target
    const: Fraction | None = None
    alt: Number | None = None  # value with the gap target moved by one step

    def at_alt(self) -> Number:
        return self.alt or self

    def as_float(self) -> pl.Expr:
        den = self.den if isinstance(self.den, int) else self.den.cast(pl.Float64)
        return self.num.cast(pl.Float64) / den


@dataclass
class Truth:
    expr: pl.Expr
    need: pl.Expr | None = None  # steps of the target needed to make it true (INF: impossible)
    nonlinear: bool = False

    def need_or_fixed(self) -> pl.Expr:
        if self.nonlinear:
            raise NonLinear
        if self.need is not None:
            return self.need
        return pl.when(self.expr).then(pl.lit(0, NEED)).when(~self.expr).then(pl.lit(INF, NEED))


@dataclass
class Text:
    expr: pl.Expr


@dataclass
class Date:
    expr: pl.Expr  # Date


@dataclass
class ScoreRange:
    """A points range [lo, hi] (both never null): unknown parts contribute their whole range."""

    lo: pl.Expr
    hi: pl.Expr
    parts: dict[str, ScoreRange] = field(default_factory=dict)
    is_target: bool = False  # the gap target is this score itself


@dataclass
class YearVector:
    """A year vector: (offset, value, exists) per year; years before founding do not exist."""

    items: list[tuple[int, object, pl.Expr]]


def const(value: Fraction) -> Number:
    value = Fraction(value)
    return Number(pl.lit(value.numerator, pl.Int64), value.denominator, const=value)


def product(left: pl.Expr | int, right: pl.Expr | int, degree: int) -> pl.Expr | int:
    """left × right, widened to Int128 when the product's data degree reaches 2 (money × money)."""
    if isinstance(left, int) and isinstance(right, int):
        return left * right
    if isinstance(left, int) or isinstance(right, int):
        factor, expr = (left, right) if isinstance(left, int) else (right, left)
        return expr if factor == 1 else expr * factor
    if degree > MAX_DEGREE:
        raise OverflowError("表达式中数据字段相乘的次数过多，无法精确计算")
    if degree >= 2:
        left, right = left.cast(I128), right.cast(I128)
    return left * right


def _degrees(left: tuple[int, int], right: tuple[int, int], op: str) -> tuple[tuple[int, int], int]:
    """Degrees of (num, den) after op, and the largest degree of an intermediate product."""
    (xn, xd), (yn, yd) = left, right
    if op == "+":
        return (max(xn + yd, yn + xd), xd + yd), max(xn + yd, yn + xd, xd + yd)
    if op == "*":
        return (xn + yn, xd + yd), max(xn + yn, xd + yd)
    return (xn + yd, xd + yn), max(xn + yd, xd + yn)  # "/"


def _exact(op: str, left: Number, right: Number) -> Number:
    if left.const is not None and right.const is not None:
        value = {"+": left.const + right.const, "*": left.const * right.const}.get(op)
        if value is None:
            value = left.const / right.const if right.const else None
        return const(value) if value is not None else Number(pl.lit(None, pl.Int64), 1)
    degree, top = _degrees(left.degree, right.degree, op)
    target_degree, _ = _degrees(left.target_degree, right.target_degree, op)
    if op == "+":
        if isinstance(left.den, int) and isinstance(right.den, int):
            den = lcm(left.den, right.den)
            num = product(left.num, den // left.den, top) + product(right.num, den // right.den, top)
        else:
            num = product(left.num, right.den, top) + product(right.num, left.den, top)
            den = product(left.den, right.den, top)
        return Number(num, den, degree, target_degree)
    if op == "*":
        return Number(
            product(left.num, right.num, top), product(left.den, right.den, top), degree, target_degree
        )
    if right.const is not None:  # division by a constant: multiply by its inverse
        return _exact("*", left, const(1 / right.const)) if right.const else Number(pl.lit(None, pl.Int64), 1)
    # left / right = (left.num * right.den * sign(right)) / (left.den * |right|), denominator positive;
    # right == 0 makes the denominator null (unknown), which every use carries (num is never read alone)
    num = product(product(left.num, right.den, top), right.num.sign(), top)
    den = pl.when(right.num != 0).then(product(left.den, right.num.abs(), top))
    return Number(num, den, degree, target_degree)


def arith(op: str, left: Number, right: Number) -> Number:
    """Exact +, -, *, / (division by zero gives null, i.e. unknown)."""
    if op == "-":
        return arith("+", left, neg(right))
    out = _exact(op, left, right)
    if left.alt is not None or right.alt is not None:
        out.alt = _exact(op, left.at_alt(), right.at_alt())
    return out


def neg(left: Number) -> Number:
    if left.const is not None:
        return const(-left.const)
    return Number(
        _negate(left.num), left.den, left.degree, left.target_degree, alt=neg(left.alt) if left.alt else None
    )


def _negate(expr: pl.Expr) -> pl.Expr:
    return expr * -1  # Polars has no unary minus for Int128


def floor(left: Number) -> Number:
    if left.const is not None:
        return const(left.const.numerator // left.const.denominator)
    if left.target_degree != (0, 0):
        raise NonLinear
    return Number(left.num // left.den, 1, (left.degree[0] + left.degree[1], 0))


def diff(left: Number, right: Number) -> tuple[pl.Expr, int]:
    """left - right as an integer with the sign of the difference (denominators are positive)."""
    _, top = _degrees(left.degree, right.degree, "+")
    target_degree, _ = _degrees(left.target_degree, right.target_degree, "+")
    if isinstance(left.den, int) and isinstance(right.den, int):
        den = lcm(left.den, right.den)
        return product(left.num, den // left.den, top) - product(right.num, den // right.den, top), max(
            target_degree
        )
    return product(left.num, right.den, top) - product(right.num, left.den, top), max(target_degree)


def _sign_holds(difference: pl.Expr, op: str) -> pl.Expr:
    """Whether ``difference op 0``: a comparison read off the sign of the exact difference."""
    return {
        ">=": difference >= 0,
        ">": difference > 0,
        "<=": difference <= 0,
        "<": difference < 0,
        "==": difference == 0,
        "!=": difference != 0,
    }[op]


def compare(op: str, left: Number, right: Number) -> Truth:
    difference, target_degree = diff(left, right)
    if left.alt is None and right.alt is None:
        return Truth(_sign_holds(difference, op))
    if target_degree > 1:
        return Truth(_sign_holds(difference, op), nonlinear=True)
    moved, _ = diff(left.at_alt(), right.at_alt())
    return Truth(_sign_holds(difference, op), need=solve(difference, moved - difference, op))


def solve(difference: pl.Expr, slope: pl.Expr, op: str) -> pl.Expr:
    """Smallest k >= 0 with (difference + slope*k) op 0, exactly on integers; INF when none."""
    if op in ("<=", "<"):
        difference, slope, op = _negate(difference), _negate(slope), {"<=": ">=", "<": ">"}[op]
    if op in ("==", "!="):
        holds = _sign_holds(difference, op)
        return pl.when(holds).then(pl.lit(0, NEED)).when(~holds).then(pl.lit(INF, NEED))
    ok = difference >= 0 if op == ">=" else difference > 0
    # ceil(-difference/slope) for >=, floor(-difference/slope)+1 for >; integers in the difference dtype
    steps = _negate(difference // slope) if op == ">=" else _negate(difference) // slope + 1
    steps = pl.when(steps < INF).then(steps).otherwise(INF).cast(NEED)
    return (
        pl.when(ok).then(pl.lit(0, NEED)).when(slope > 0).then(steps).when(slope <= 0).then(pl.lit(INF, NEED))
    )


def select(cond: pl.Expr, yes: Number, no: Number, total: bool = False) -> Number:
    """if cond then yes else no; null when cond is unknown (Kleene). ``total``: cond is never null
    (e.g. a year exists), so one branch test suffices."""

    def pick(if_true, if_false):
        if isinstance(if_true, int) and isinstance(if_false, int) and if_true == if_false:
            return if_true
        if total:
            return pl.when(cond).then(if_true).otherwise(if_false)
        return pl.when(cond).then(if_true).when(~cond).then(if_false)

    degree = (max(yes.degree[0], no.degree[0]), max(yes.degree[1], no.degree[1]))
    target_degree = (
        max(yes.target_degree[0], no.target_degree[0]),
        max(yes.target_degree[1], no.target_degree[1]),
    )
    if isinstance(yes.den, int) and isinstance(no.den, int) and yes.den != no.den:
        den = lcm(yes.den, no.den)  # keep a constant denominator: scale the numerators instead
        out = Number(
            pick(product(yes.num, den // yes.den, 1), product(no.num, den // no.den, 1)),
            den,
            degree,
            target_degree,
        )
    else:
        out = Number(pick(yes.num, no.num), pick(yes.den, no.den), degree, target_degree)
    if yes.alt is not None or no.alt is not None:
        out.alt = select(cond, yes.at_alt(), no.at_alt(), total)
    return out


def logic(op: str, parts: list[Truth]) -> Truth:
    """Kleene and/or of conditions, with the gap of the combination where a part has one."""
    exprs = [part.expr for part in parts]
    expr = pl.all_horizontal(exprs) if op == "and" else pl.any_horizontal(exprs)
    if not any(part.need is not None or part.nonlinear for part in parts):
        return Truth(expr)
    if any(part.nonlinear for part in parts):
        return Truth(expr, nonlinear=True)
    return Truth(expr, kleene_need(op, [part.need_or_fixed() for part in parts]))


def kleene_need(op: str, needs: list[pl.Expr]) -> pl.Expr:
    """Gap of a conjunction (all must hold: the largest need) or disjunction (the smallest)."""
    if op == "and":
        any_inf = pl.any_horizontal([need == INF for need in needs])
        any_null = pl.any_horizontal([need.is_null() for need in needs])
        return pl.when(any_inf).then(pl.lit(INF, NEED)).when(~any_null).then(pl.max_horizontal(needs))
    any_zero = pl.any_horizontal([need == 0 for need in needs])
    any_null = pl.any_horizontal([need.is_null() for need in needs])
    return pl.when(any_zero).then(pl.lit(0, NEED)).when(~any_null).then(pl.min_horizontal(needs))
