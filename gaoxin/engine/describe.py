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


def _year(offset: int) -> str:
    return YEARS.get(offset, f"第 y{offset:+d} 年")


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
    field = catalog().get(name)
    return field.label if field else name


def _text(node: ast.Node) -> str:
    if isinstance(node, ast.Num):
        return _number(node.value, node.unit)
    if isinstance(node, ast.Str):
        return f"“{node.value}”"
    if isinstance(node, ast.Bool):
        return "是" if node.value else "否"
    if isinstance(node, ast.Name):
        return {"y": "申报年度", "as_of": "评价基准日"}.get(node.name, _label(node.name))
    if isinstance(node, ast.YearRef):
        if node.hi is None:
            return f"{_year(node.lo)}{_label(node.name)}"
        return f"{_year(node.lo)}至{_year(node.hi)}{_label(node.name)}"
    if isinstance(node, ast.Unary):
        return f"不满足（{_text(node.operand)}）" if node.op == "not" else f"负{_text(node.operand)}"
    if isinstance(node, ast.Bin):
        return _bin(node)
    if isinstance(node, ast.IsNull):
        return f"{_text(node.operand)}{'已填报' if node.negate else '未填报'}"
    if isinstance(node, ast.In):
        items = "、".join(_text(item) for item in node.items)
        return f"{_text(node.operand)}{'不' if node.negate else ''}属于{items}"
    if isinstance(node, ast.If):
        return f"{_text(node.cond)}的，{_text(node.then)}；否则{_text(node.other)}"
    if isinstance(node, ast.Call):
        return _call(node)
    return "…"


def _bin(node: ast.Bin) -> str:
    if node.op == "and":
        return f"{_text(node.left)}，且{_text(node.right)}"
    if node.op == "or":
        return f"（{_text(node.left)}，或{_text(node.right)}）"
    if node.op in CMP:
        return f"{_text(node.left)}{CMP[node.op]}{_text(node.right)}"
    op = {"+": "加", "-": "减", "*": "乘以", "/": "除以", "^": "的乘方"}[node.op]
    if node.op == "/":
        return f"{_text(node.left)}占{_text(node.right)}的比例"
    return f"{_text(node.left)}{op}{_text(node.right)}"


def _call(node: ast.Call) -> str:
    args = node.args
    if node.fn == "holds":
        level = f"（{args[1].value}）" if len(args) > 1 else ""
        return f"持有有效的{args[0].value}资质{level}"
    if node.fn in ("min", "max") and len(args) >= 2:
        return f"{'、'.join(_text(arg) for arg in args)}中{'较低' if node.fn == 'min' else '较高'}者"
    if node.fn in FUNCS:
        return f"{_text(args[0])}{FUNCS[node.fn]}"
    if node.fn == "all":
        return f"{_text(args[0])}（各年均满足）"
    if node.fn == "any":
        return f"{_text(args[0])}（任一年满足）"
    if node.fn == "years_since":
        return f"自{_text(args[0])}起满整年数"
    if node.fn == "coalesce":
        return f"{_text(args[0])}（未填报时取{_text(args[1])}）"
    return f"{node.fn}（{'，'.join(_text(arg) if not isinstance(arg, ast.Span) else '' for arg in args)}）"
