"""The rule language refuses typos and type errors with the position and a clear message."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from gaoxin.engine.lang import RuleError, parse
from gaoxin.engine.lang.compile import Env, compile_expr
from gaoxin.engine.lang.types import Scope, check


def _check(source: str, lets=None):
    node = parse(source)
    return check(node, Scope(source, lets or {}, {}))


@pytest.mark.parametrize(
    ("source", "message", "line", "col"),
    [
        ("rd_expence[y-1] > 0", "未知字段 rd_expence（第 1 行第 1 列），是否指 rd_expense？", 1, 1),
        ("sum(rd_expense[y-3..y-1]) >= 1000万元 and tech_stafff[y-1] > 3", "是否指 tech_staff", 1, 41),
        ("dishonest_listed[y-1] + 1", "只能用于数值", 1, 1),
        ("rd_expense[y-1] >= 1000000", "请为数字写明单位", 1, 17),
        ("rd_expense >= 100万元", "需指明年度", 1, 1),
        ("established_on[y-1] is null", "不分年度", 1, 1),
        ("rd_institution_level[y-1] == '省极'", "不是可选值", 1, 30),
        ("rd_expense[y-1] / employees[y-1] >= 3%", "单位不一致：无法比较金额与比例", 1, 34),
        ("sum(rd_expense[y-1])", "sum 的参数不正确", 1, 1),
        ("holds('高企')", "未知资质类型", 1, 7),
        ("a > b > c", "比较不能连写", 1, 7),
        ("tech_staff[y-1] >=", "表达式结尾", 1, 19),
        ("1 +\n  foo", "未知字段 foo（第 2 行第 3 列）", 2, 3),
        ("rd_expense[y-1] ^ 2", "乘方只能用于常数", 1, 17),
        ("if rd_expense[y-1] > 0 then 1 else '无'", "类型不一致", 1, 1),
    ],
)
def test_refused_with_position(source, message, line, col):
    with pytest.raises(RuleError) as err:
        _check(source)
    assert message in str(err.value)
    assert (err.value.line, err.value.col) == (line, col)


@pytest.mark.parametrize(
    "source",
    [
        "sum(rd_expense[y-3..y-1]) / sum(sales_revenue[y-3..y-1]) >= 5%",
        "years_since(established_on) <= 10 and not listed",
        "days_since(established_on) >= 365",
        "holds('高新技术企业') or rd_institution_level[y-1] in ['省级', '国家级']",
        "if sales_revenue[y-1] <= 5000万元 then 5% else 3%",
        "all(rd_expense[y-2..y-1] / sales_revenue[y-2..y-1] >= 3%)",
        "coalesce(rd_expense_superdeduction[y-1], rd_expense[y-1]) >= 100万元",
        "sales_revenue[y-1] >= sales_revenue[y-4] * (1 + 20%)^3",
        "valuation_usd_100m[y-1] >= 10亿美元 and main_product_domestic_share[y-1] >= 10%",
        "rd_expense[y-1] is null or operating_years(y-3..y-1) < 3",
    ],
)
def test_accepted(source):
    _check(source)


def _eval(source: str, row: dict, year: int = 2025):
    node = parse(source)
    check(node, Scope(source, {}, {}))
    env = Env(year, date(year, 6, 30))
    expr = compile_expr(node, env).expr
    frame = pl.DataFrame([row], schema_overrides={k: pl.Int64 for k, v in row.items() if v is None})
    return frame.select(expr).item()


def test_decimal_literals_are_exact():
    # 0.1 + 0.2 == 0.3 holds exactly (no binary floating point)
    assert _eval("0.1 + 0.2 == 0.3", {"x": 1}) is True


def test_exact_ratio_boundary():
    at = {
        "rd_expense@-1": 5_000_000_00,
        "main_business_revenue@-1": 100_000_000_00,
        "other_business_revenue@-1": 0,
    }
    below = {**at, "rd_expense@-1": 5_000_000_00 - 1}
    source = "rd_expense[y-1] / sales_revenue[y-1] >= 5%"
    assert _eval(source, at) is True
    assert _eval(source, below) is False


def test_kleene_logic():
    row = {"listed": None, "dishonest_listed@-1": False}
    assert _eval("listed and dishonest_listed[y-1]", row) is False
    assert _eval("listed or not dishonest_listed[y-1]", row) is True
    assert _eval("listed or dishonest_listed[y-1]", row) is None
