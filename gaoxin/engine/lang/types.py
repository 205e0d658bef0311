"""Type checker: resolves names against the field catalogue and the rule's definitions, checks units.

The value types are gaoxin.engine.lang.value_types; a call's type rule is its function's entry in
gaoxin.engine.lang.functions. Errors carry the position of the offending node.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from functools import cache

from gaoxin.engine.catalog import catalog
from gaoxin.engine.lang import ast
from gaoxin.engine.lang.errors import RuleError, UnitlessMoneyError
from gaoxin.engine.lang.functions import FUNCTIONS
from gaoxin.engine.lang.parser import parse
from gaoxin.engine.lang.value_types import BOOL, COUNT, DATE, KIND_ZH, TEXT, UNIT_ZH, ValueType


@dataclass
class Scope:
    """What names mean while checking one expression."""

    source: str
    lets: dict[str, ValueType]
    scores: dict[str, tuple[str, ...]]  # score name -> part ids
    criteria: frozenset[str] = frozenset()
    derived_t: bool = False  # inside a derived field: `t` is the year

    def error(self, message: str, node: ast.Node, kind: type[RuleError] = RuleError) -> RuleError:
        return kind(message, self.source, node.pos)


@cache
def derived_ast(name: str, offset: int) -> ast.Node:
    """A derived field's expression with its year `t` replaced by y+offset."""
    node = parse(catalog()[name].expr)
    _shift(node, offset)
    return node


def _shift(node: ast.Node, offset: int) -> None:
    if isinstance(node, ast.YearRef) and node.base == "t":
        node.base, node.lo = "y", node.lo + offset
        node.hi = None if node.hi is None else node.hi + offset
    for child in vars(node).values():
        for item in child if isinstance(child, list) else [child]:
            if isinstance(item, ast.Node):
                _shift(item, offset)


def check(node: ast.Node, scope: Scope) -> ValueType:
    ty = _CHECKS[type(node)](node, scope)
    node.ty = ty
    return ty


def _num(node, scope):
    return ValueType("num", node.unit or "lit")


def _name(node: ast.Name, scope: Scope) -> ValueType:
    name = node.name
    if name == "y":
        return COUNT
    if name == "as_of":
        return DATE
    if name in scope.lets:
        return scope.lets[name]
    if name in scope.scores:
        return ValueType("score")
    if name in scope.criteria:
        return BOOL
    field = catalog().get(name)
    if field is None:
        raise _unknown(name, node, scope)
    if field.yearly:
        raise scope.error(f"年度字段 {name} 需指明年度，例如 {name}[y-1]", node)
    return ValueType(field.kind, field.unit, field.choices)


def _unknown(name: str, node: ast.Node, scope: Scope) -> RuleError:
    known = list(catalog()) + list(scope.lets) + list(scope.scores) + list(scope.criteria) + ["y", "as_of"]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"，是否指 {close[0]}？" if close else ""
    return scope.error(f"未知字段 {name}{{pos}}{hint}", node)


def _yearref(node: ast.YearRef, scope: Scope) -> ValueType:
    field = catalog().get(node.name)
    if field is None:
        raise _unknown(node.name, node, scope)
    if not field.yearly:
        raise scope.error(f"{node.name}（{field.label}）不分年度，不能写 [..]", node)
    if node.base == "t" and not scope.derived_t:
        raise scope.error("年度应相对评价年度 y 书写，例如 y-1", node)
    years = None if node.hi is None else tuple(range(node.lo, node.hi + 1))
    if field.scope == "derived":
        for offset in years or (node.lo,):
            derived_ty = check(derived_ast(node.name, offset), Scope(field.expr, {}, {}))
        return replace(derived_ty, years=years)
    return ValueType(field.kind, field.unit, field.choices, years)


def _member(node: ast.Member, scope: Scope) -> ValueType:
    if node.name not in scope.scores:
        raise scope.error(f"{node.name} 不是评分表，不能写 .{node.member}", node)
    if node.member not in scope.scores[node.name]:
        raise scope.error(
            f"评分表 {node.name} 没有部分 {node.member}（有：{'、'.join(scope.scores[node.name])}）", node
        )
    return ValueType("score")


def _unary(node: ast.Unary, scope: Scope) -> ValueType:
    ty = check(node.operand, scope)
    want = "bool" if node.op == "not" else "num"
    if ty.kind != want:
        raise scope.error(f"“{node.op}” 需要{KIND_ZH[want]}，此处为{ty.zh()}", node)
    return ty


def _vector_years(left: ValueType, right: ValueType, node, scope) -> tuple[int, ...] | None:
    if left.years and right.years and left.years != right.years:
        raise scope.error("两个多年数据的年度区间不一致", node)
    return left.years or right.years


def _bin(node: ast.Bin, scope: Scope) -> ValueType:
    left, right = check(node.left, scope), check(node.right, scope)
    years = _vector_years(left, right, node, scope)
    if node.op in ("and", "or"):
        for side, ty in ((node.left, left), (node.right, right)):
            if ty.kind != "bool":
                raise scope.error(f"“{node.op}” 两侧应为条件（是/否），此处为{ty.zh()}", side)
        return ValueType("bool", years=years)
    if node.op in ast.COMPARISONS:
        return ValueType("bool", years=years) if _comparable(node, left, right, scope) else BOOL
    if left.kind != "num" or right.kind != "num":
        bad = node.left if left.kind != "num" else node.right
        raise scope.error(
            f"“{node.op}” 只能用于数值，此处为{(left if bad is node.left else right).zh()}", bad
        )
    if node.op == "^":
        if not (isinstance(node.right, ast.Num) and node.right.value.denominator == 1 and _const(node.left)):
            raise scope.error("乘方只能用于常数，且指数为整数，例如 (1 + 20%)^3", node)
        return ValueType("num", left.unit, years=years)
    return ValueType("num", _unit(node, left.unit, right.unit, scope), years=years)


def _zero(node: ast.Node) -> bool:
    return isinstance(node, ast.Num) and node.value == 0 and node.unit is None


def _const(node: ast.Node) -> bool:
    if isinstance(node, ast.Num):
        return True
    if isinstance(node, ast.Bin) and node.op in "+-*/^":
        return _const(node.left) and _const(node.right)
    return isinstance(node, ast.Unary) and node.op == "-" and _const(node.operand)


def _unit(node: ast.Bin, left: str, right: str, scope: Scope) -> str:
    op, pure = node.op, ("lit", "ratio")
    if op in "+-" and (_zero(node.left) or _zero(node.right)):
        return right if _zero(node.left) else left  # 0 needs no unit
    if op in "+-":
        if (
            left == right
            or (left == "lit" and right in ("count", "ratio"))
            or (right == "lit" and left in ("count", "ratio"))
        ):
            return right if left == "lit" else left
        if "money" in (left, right) and "lit" in (left, right):
            raise scope.error(
                "金额与无单位的数字相加减：请为数字写明单位（元、万元或亿元）", node, UnitlessMoneyError
            )
    elif op == "*":
        if left in pure or right in pure:
            return right if left in pure else left
        if {left, right} == {"count", "money"}:  # a per-head or per-item amount: 人数 × 2000元
            return "money"
    elif op == "/":
        if left == right:
            return "lit" if left == "lit" else "ratio"
        if right in pure:
            return left
        if right == "count" and left == "money":
            return "money"
    raise scope.error(f"单位不一致：{UNIT_ZH[left]} “{op}” {UNIT_ZH[right]}", node)


def _comparable(node: ast.Bin, left: ValueType, right: ValueType, scope: Scope) -> bool:
    """Checks a comparison; returns whether it compares vectors element-wise."""
    if left.kind == "score" or right.kind == "score":
        other = node.right if left.kind == "score" else node.left
        if not isinstance(other, ast.Num) or other.unit:
            raise scope.error("评分只能与不带单位的常数比较，例如 score >= 60", node)
        if left.kind != "score":
            raise scope.error("请把评分写在比较的左侧，例如 score >= 60", node)
        return False
    if left.kind != right.kind:
        raise scope.error(f"无法比较{left.zh()}与{right.zh()}", node)
    if left.kind == "num":
        try:
            _unit(ast.Bin(node.pos, "-", node.left, node.right), left.unit, right.unit, scope)
        except UnitlessMoneyError:
            raise
        except RuleError:
            raise scope.error(
                f"单位不一致：无法比较{UNIT_ZH[left.unit]}与{UNIT_ZH[right.unit]}", node
            ) from None
    elif node.op not in ("==", "!=") and left.kind != "date":
        raise scope.error(f"{left.zh()}只能比较是否相等", node)
    for ty, other in ((left, node.right), (right, node.left)):
        if ty.choices and isinstance(other, ast.Str) and other.value not in ty.choices:
            raise scope.error(f"“{other.value}” 不是可选值（可选：{'、'.join(ty.choices)}）", other)
    return True


def _isnull(node: ast.IsNull, scope: Scope) -> ValueType:
    ty = check(node.operand, scope)
    if ty.kind == "score":
        raise scope.error("评分不能判断是否为空", node)
    return ValueType("bool", years=ty.years)


def _in(node: ast.In, scope: Scope) -> ValueType:
    ty = check(node.operand, scope)
    if ty.kind != "text":
        raise scope.error(f"in 只能用于文本或选项，此处为{ty.zh()}", node)
    for item in node.items:
        if not isinstance(item, ast.Str):
            raise scope.error("in 后的列表只能包含文本常量", item)
        if ty.choices and item.value not in ty.choices:
            raise scope.error(f"“{item.value}” 不是可选值（可选：{'、'.join(ty.choices)}）", item)
        item.ty = TEXT
    return ValueType("bool", years=ty.years)


def _if(node: ast.If, scope: Scope) -> ValueType:
    cond, then, other = check(node.cond, scope), check(node.then, scope), check(node.other, scope)
    if cond.kind != "bool" or cond.years:
        raise scope.error("if 的条件应为单个是/否条件", node.cond)
    if then.kind != other.kind or then.years or other.years or then.kind == "score":
        raise scope.error(f"if 两个分支的类型不一致：{then.zh()} 与 {other.zh()}", node)
    if then.kind == "num":
        return ValueType(
            "num", _unit(ast.Bin(node.pos, "-", node.then, node.other), then.unit, other.unit, scope)
        )
    return then


def _call(node: ast.Call, scope: Scope) -> ValueType:
    function = FUNCTIONS.get(node.fn)
    if function is None:
        raise scope.error(f"未知函数 {node.fn}（可用：{'、'.join(FUNCTIONS)}）", node)
    types = [] if function.takes_span else [check(arg, scope) for arg in node.args]
    return function.check(node, types, scope)


def _literal(kind):
    return lambda node, scope: ValueType(kind)


def _span(node, scope):
    raise scope.error("年度区间只能作为 operating_years(y-3..y-1) 的参数", node)


_CHECKS = {
    ast.Num: _num,
    ast.Str: _literal("text"),
    ast.Bool: _literal("bool"),
    ast.Name: _name,
    ast.YearRef: _yearref,
    ast.Member: _member,
    ast.Unary: _unary,
    ast.Bin: _bin,
    ast.IsNull: _isnull,
    ast.In: _in,
    ast.If: _if,
    ast.Span: _span,
    ast.Call: _call,
}
