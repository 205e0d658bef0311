"""Type checker: resolves names against the field catalogue and the rule's definitions, checks units.

Value types: num (with a unit: money 元, count, ratio, usd100m 亿美元, or a bare literal 'lit'),
bool, text (optionally with allowed choices), date, score (a points range), each possibly a year
vector (``field[y-3..y-1]``). Errors carry the position of the offending node.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from functools import cache

from gaoxin.engine.catalog import catalog
from gaoxin.engine.lang import ast
from gaoxin.engine.lang.errors import RuleError, UnitlessMoneyError
from gaoxin.engine.lang.parser import parse

UNIT_ZH = {"money": "金额", "count": "数量", "ratio": "比例", "usd100m": "估值（亿美元）", "lit": "数字"}
KIND_ZH = {"num": "数值", "bool": "是/否", "text": "文本", "date": "日期", "score": "评分"}


@dataclass(frozen=True)
class Ty:
    kind: str  # num, bool, text, date, score
    unit: str | None = None  # num only
    choices: tuple[str, ...] | None = None
    years: tuple[int, ...] | None = None  # a year vector: offsets relative to y

    def scalar(self) -> Ty:
        return replace(self, years=None)

    def zh(self) -> str:
        base = UNIT_ZH.get(self.unit, "数值") if self.kind == "num" else KIND_ZH[self.kind]
        return base + ("（多年）" if self.years else "")


BOOL, DATE, COUNT, TEXT = Ty("bool"), Ty("date"), Ty("num", "count"), Ty("text")


@dataclass
class Scope:
    """What names mean while checking one expression."""

    source: str
    lets: dict[str, Ty]
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
        for c in child if isinstance(child, list) else [child]:
            if isinstance(c, ast.Node):
                _shift(c, offset)


def check(node: ast.Node, scope: Scope) -> Ty:
    ty = _CHECKS[type(node)](node, scope)
    node.ty = ty
    return ty


def _num(node, s):
    return Ty("num", node.unit or "lit")


def _name(node: ast.Name, s: Scope) -> Ty:
    name = node.name
    if name == "y":
        return COUNT
    if name == "as_of":
        return DATE
    if name in s.lets:
        return s.lets[name]
    if name in s.scores:
        return Ty("score")
    if name in s.criteria:
        return BOOL
    field = catalog().get(name)
    if field is None:
        raise _unknown(name, node, s)
    if field.yearly:
        raise s.error(f"年度字段 {name} 需指明年度，例如 {name}[y-1]", node)
    return Ty(field.kind, field.unit, field.choices)


def _unknown(name: str, node: ast.Node, s: Scope) -> RuleError:
    known = list(catalog()) + list(s.lets) + list(s.scores) + list(s.criteria) + ["y", "as_of"]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"，是否指 {close[0]}？" if close else ""
    return s.error(f"未知字段 {name}{{pos}}{hint}", node)


def _yearref(node: ast.YearRef, s: Scope) -> Ty:
    field = catalog().get(node.name)
    if field is None:
        raise _unknown(node.name, node, s)
    if not field.yearly:
        raise s.error(f"{node.name}（{field.label}）不分年度，不能写 [..]", node)
    if node.base == "t" and not s.derived_t:
        raise s.error("年度应相对评价年度 y 书写，例如 y-1", node)
    years = None if node.hi is None else tuple(range(node.lo, node.hi + 1))
    if field.scope == "derived":
        for k in years or (node.lo,):
            derived_ty = check(derived_ast(node.name, k), Scope(field.expr, {}, {}))
        return replace(derived_ty, years=years)
    return Ty(field.kind, field.unit, field.choices, years)


def _member(node: ast.Member, s: Scope) -> Ty:
    if node.name not in s.scores:
        raise s.error(f"{node.name} 不是评分表，不能写 .{node.member}", node)
    if node.member not in s.scores[node.name]:
        raise s.error(
            f"评分表 {node.name} 没有部分 {node.member}（有：{'、'.join(s.scores[node.name])}）", node
        )
    return Ty("score")


def _unary(node: ast.Unary, s: Scope) -> Ty:
    ty = check(node.x, s)
    want = "bool" if node.op == "not" else "num"
    if ty.kind != want:
        raise s.error(f"“{node.op}” 需要{KIND_ZH[want]}，此处为{ty.zh()}", node)
    return ty


def _vector_years(a: Ty, b: Ty, node, s) -> tuple[int, ...] | None:
    if a.years and b.years and a.years != b.years:
        raise s.error("两个多年数据的年度区间不一致", node)
    return a.years or b.years


def _bin(node: ast.Bin, s: Scope) -> Ty:
    a, b = check(node.left, s), check(node.right, s)
    years = _vector_years(a, b, node, s)
    if node.op in ("and", "or"):
        for side, ty in ((node.left, a), (node.right, b)):
            if ty.kind != "bool":
                raise s.error(f"“{node.op}” 两侧应为条件（是/否），此处为{ty.zh()}", side)
        return Ty("bool", years=years)
    if node.op in ast.COMPARISONS:
        return Ty("bool", years=years) if _comparable(node, a, b, s) else BOOL
    if a.kind != "num" or b.kind != "num":
        bad = node.left if a.kind != "num" else node.right
        raise s.error(f"“{node.op}” 只能用于数值，此处为{(a if bad is node.left else b).zh()}", bad)
    if node.op == "^":
        if not (isinstance(node.right, ast.Num) and node.right.value.denominator == 1 and _const(node.left)):
            raise s.error("乘方只能用于常数，且指数为整数，例如 (1 + 20%)^3", node)
        return Ty("num", a.unit, years=years)
    return Ty("num", _unit(node, a.unit, b.unit, s), years=years)


def _zero(node: ast.Node) -> bool:
    return isinstance(node, ast.Num) and node.value == 0 and node.unit is None


def _const(node: ast.Node) -> bool:
    if isinstance(node, ast.Num):
        return True
    if isinstance(node, ast.Bin) and node.op in "+-*/^":
        return _const(node.left) and _const(node.right)
    return isinstance(node, ast.Unary) and node.op == "-" and _const(node.x)


def _unit(node: ast.Bin, a: str, b: str, s: Scope) -> str:
    op, pure = node.op, ("lit", "ratio")
    if op in "+-" and (_zero(node.left) or _zero(node.right)):
        return b if _zero(node.left) else a  # 0 needs no unit
    if op in "+-":
        if a == b or (a == "lit" and b in ("count", "ratio")) or (b == "lit" and a in ("count", "ratio")):
            return b if a == "lit" else a
        if "money" in (a, b) and "lit" in (a, b):
            raise s.error(
                "金额与无单位的数字相加减：请为数字写明单位（元、万元或亿元）", node, UnitlessMoneyError
            )
    elif op == "*":
        if a in pure or b in pure:
            return b if a in pure else a
        if {a, b} == {"count", "money"}:  # a per-head or per-item amount: 人数 × 2000元
            return "money"
    elif op == "/":
        if a == b:
            return "lit" if a == "lit" else "ratio"
        if b in pure:
            return a
        if b == "count" and a == "money":
            return "money"
    raise s.error(f"单位不一致：{UNIT_ZH[a]} “{op}” {UNIT_ZH[b]}", node)


def _comparable(node: ast.Bin, a: Ty, b: Ty, s: Scope) -> bool:
    """Checks a comparison; returns whether it compares vectors element-wise."""
    if a.kind == "score" or b.kind == "score":
        other = node.right if a.kind == "score" else node.left
        if not isinstance(other, ast.Num) or other.unit:
            raise s.error("评分只能与不带单位的常数比较，例如 score >= 60", node)
        if a.kind != "score":
            raise s.error("请把评分写在比较的左侧，例如 score >= 60", node)
        return False
    if a.kind != b.kind:
        raise s.error(f"无法比较{a.zh()}与{b.zh()}", node)
    if a.kind == "num":
        try:
            _unit(ast.Bin(node.pos, "-", node.left, node.right), a.unit, b.unit, s)
        except UnitlessMoneyError:
            raise
        except RuleError:
            raise s.error(f"单位不一致：无法比较{UNIT_ZH[a.unit]}与{UNIT_ZH[b.unit]}", node) from None
    elif node.op not in ("==", "!=") and a.kind != "date":
        raise s.error(f"{a.zh()}只能比较是否相等", node)
    for ty, other in ((a, node.right), (b, node.left)):
        if ty.choices and isinstance(other, ast.Str) and other.value not in ty.choices:
            raise s.error(f"“{other.value}” 不是可选值（可选：{'、'.join(ty.choices)}）", other)
    return True


def _isnull(node: ast.IsNull, s: Scope) -> Ty:
    ty = check(node.x, s)
    if ty.kind == "score":
        raise s.error("评分不能判断是否为空", node)
    return Ty("bool", years=ty.years)


def _in(node: ast.In, s: Scope) -> Ty:
    ty = check(node.x, s)
    if ty.kind != "text":
        raise s.error(f"in 只能用于文本或选项，此处为{ty.zh()}", node)
    for item in node.items:
        if not isinstance(item, ast.Str):
            raise s.error("in 后的列表只能包含文本常量", item)
        if ty.choices and item.value not in ty.choices:
            raise s.error(f"“{item.value}” 不是可选值（可选：{'、'.join(ty.choices)}）", item)
        item.ty = TEXT
    return Ty("bool", years=ty.years)


def _if(node: ast.If, s: Scope) -> Ty:
    c, a, b = check(node.cond, s), check(node.then, s), check(node.other, s)
    if c.kind != "bool" or c.years:
        raise s.error("if 的条件应为单个是/否条件", node.cond)
    if a.kind != b.kind or a.years or b.years or a.kind == "score":
        raise s.error(f"if 两个分支的类型不一致：{a.zh()} 与 {b.zh()}", node)
    if a.kind == "num":
        return Ty("num", _unit(ast.Bin(node.pos, "-", node.then, node.other), a.unit, b.unit, s))
    return a


def _literal(kind):
    return lambda node, s: Ty(kind)


def _span(node, s):
    raise s.error("年度区间只能作为 operating_years(y-3..y-1) 的参数", node)


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
}


def _register_calls():
    from gaoxin.engine.lang.functions import check_call

    _CHECKS[ast.Call] = check_call


_register_calls()
