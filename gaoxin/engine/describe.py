"""A rule-language expression in plain Chinese, for people who read policies, not code:
``rd_expense[y-1] >= 500万元 and holds('高新技术企业')`` → “上一年度研究开发费用总额不低于500万元，且持有有效的
高新技术企业资质”."""

from __future__ import annotations

from fractions import Fraction

from gaoxin.engine.catalog import catalog
from gaoxin.engine.lang import ast, parse

CMP = {">=": "不低于", ">": "超过", "<=": "不超过", "<": "低于", "==": "为", "!=": "不为"}
YEARS = {0: "申报当年", -1: "上一年度", -2: "前两年度", -3: "前三年度", -4: "前四年度", -5: "前五年度"}
FUNCS = {"sum": "合计", "mean": "平均", "min": "最低", "max": "最高"}


def _year(k: int) -> str:
    return YEARS.get(k, f"第 y{k:+d} 年")


def _number(value: Fraction, unit: str | None) -> str:
    if unit == "money":
        yuan = value
        for div, name in ((100_000_000, "亿元"), (10_000, "万元")):
            if abs(yuan) >= div:
                return f"{_plain(yuan / div)}{name}"
        return f"{_plain(yuan)}元"
    if unit == "ratio":
        return f"{_plain(value * 100)}%"
    return _plain(value)


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def describe(source: str) -> str:
    """The expression in Chinese; the source itself when it cannot be parsed."""
    try:
        return _text(parse(source))
    except Exception:  # a stored text that no longer parses is shown as it is
        return source


def _label(name: str) -> str:
    f = catalog().get(name)
    return f.label if f else name


def _text(n: ast.Node) -> str:
    if isinstance(n, ast.Num):
        return _number(n.value, n.unit)
    if isinstance(n, ast.Str):
        return f"“{n.value}”"
    if isinstance(n, ast.Bool):
        return "是" if n.value else "否"
    if isinstance(n, ast.Name):
        return {"y": "申报年度", "as_of": "评价基准日"}.get(n.name, _label(n.name))
    if isinstance(n, ast.YearRef):
        if n.hi is None:
            return f"{_year(n.lo)}{_label(n.name)}"
        return f"{_year(n.lo)}至{_year(n.hi)}{_label(n.name)}"
    if isinstance(n, ast.Unary):
        return f"不满足（{_text(n.operand)}）" if n.op == "not" else f"负{_text(n.operand)}"
    if isinstance(n, ast.Bin):
        return _bin(n)
    if isinstance(n, ast.IsNull):
        return f"{_text(n.operand)}{'已填报' if n.negate else '未填报'}"
    if isinstance(n, ast.In):
        items = "、".join(_text(i) for i in n.items)
        return f"{_text(n.operand)}{'不' if n.negate else ''}属于{items}"
    if isinstance(n, ast.If):
        return f"{_text(n.cond)}的，{_text(n.then)}；否则{_text(n.other)}"
    if isinstance(n, ast.Call):
        return _call(n)
    return "…"


def _bin(n: ast.Bin) -> str:
    if n.op == "and":
        return f"{_text(n.left)}，且{_text(n.right)}"
    if n.op == "or":
        return f"（{_text(n.left)}，或{_text(n.right)}）"
    if n.op in CMP:
        return f"{_text(n.left)}{CMP[n.op]}{_text(n.right)}"
    op = {"+": "加", "-": "减", "*": "乘以", "/": "除以", "^": "的乘方"}[n.op]
    if n.op == "/":
        return f"{_text(n.left)}占{_text(n.right)}的比例"
    return f"{_text(n.left)}{op}{_text(n.right)}"


def _call(n: ast.Call) -> str:
    args = n.args
    if n.fn == "holds":
        level = f"（{args[1].value}）" if len(args) > 1 else ""
        return f"持有有效的{args[0].value}资质{level}"
    if n.fn in ("min", "max") and len(args) >= 2:
        return f"{'、'.join(_text(a) for a in args)}中{'较低' if n.fn == 'min' else '较高'}者"
    if n.fn in FUNCS:
        return f"{_text(args[0])}{FUNCS[n.fn]}"
    if n.fn == "all":
        return f"{_text(args[0])}（各年均满足）"
    if n.fn == "any":
        return f"{_text(args[0])}（任一年满足）"
    if n.fn == "years_since":
        return f"自{_text(args[0])}起满整年数"
    if n.fn == "coalesce":
        return f"{_text(args[0])}（未填报时取{_text(args[1])}）"
    return f"{n.fn}（{'，'.join(_text(a) if not isinstance(a, ast.Span) else '' for a in args)}）"
