"""Every ladder boundary of the point tables and the money thresholds: at the boundary, one unit below
and one unit above, from the documents' own numbers."""

from __future__ import annotations

import polars as pl
import pytest

from gaoxin.engine import evaluate
from gaoxin.engine.tests.helpers import frames

TSME_BASE = {
    "main_business_revenue": "1000万元",
    "other_business_revenue": 0,
    "rd_expense": 0,
    "total_cost_expense": "100000万元",
    "employees": 1000,
    "tech_staff": 0,
    "total_assets": "1000万元",
    "ip_class1": 0,
    "ip_class2": 0,
}


def _tsme_score(**year) -> int:
    ys, es = frames(2025, {"industry_restricted": False}, {"y-1": {**TSME_BASE, **year}})
    return evaluate(ys, es, 2025, rules=["tsme"]).results["score"][0]


@pytest.mark.parametrize(
    ("pct", "points", "below"), [(30, 20, 16), (25, 16, 12), (20, 12, 8), (15, 8, 4), (10, 4, 0)]
)
def test_tsme_staff_bands(pct, points, below):
    staff = 1000 * pct // 100  # employees 1000
    assert _tsme_score(tech_staff=staff) == points
    assert _tsme_score(tech_staff=staff - 1) == below  # one person below
    assert _tsme_score(tech_staff=staff + 1) == points


@pytest.mark.parametrize(
    ("pct", "points", "below"), [(6, 50, 40), (5, 40, 30), (4, 30, 20), (3, 20, 10), (2, 10, 0)]
)
def test_tsme_rd_to_sales_bands(pct, points, below):
    fen = 10_000_000_00 * pct // 100  # sales 1000万元 in 分
    assert _tsme_score(rd_expense=f"{fen / 100:.2f}") == points
    assert _tsme_score(rd_expense=f"{(fen - 1) / 100:.2f}") == below  # one 分 below
    assert _tsme_score(rd_expense=f"{(fen + 1) / 100:.2f}") == points


@pytest.mark.parametrize(("count", "points"), [(4, 24), (3, 18), (2, 12), (1, 6), (0, 0)])
def test_tsme_ip_bands(count, points):
    assert _tsme_score(ip_class2=count) == points


def _criterion(rule, criterion, year=2025, as_of=None, enterprise=None, **years):
    ys, es = frames(year, enterprise or {}, years)
    a = evaluate(ys, es, year, as_of=as_of, rules=[rule])
    return a.criteria.filter(pl.col("criterion") == criterion)["verdict"][0]


@pytest.mark.parametrize(
    ("amount", "verdict"), [("1000000.00", "符合"), ("999999.99", "不符合"), ("1000000.01", "符合")]
)
def test_srdi_2022_rd_amount_100wan(amount, verdict):
    year = {"rd_expense": amount, "main_business_revenue": "100万元", "other_business_revenue": 0}
    assert _criterion("srdi_sme", "C2_rd", **{"y-1": year}) == verdict


@pytest.mark.parametrize(("last_year", "verdict"), [("600万元", "符合"), ("5999999.99", "不符合")])
def test_little_giant_2026_rd_two_years_1200wan(last_year, verdict):
    from datetime import date

    revenue = {"main_business_revenue": "1亿元", "other_business_revenue": 0}
    years = {"y-2": {**revenue, "rd_expense": "600万元"}, "y-1": {**revenue, "rd_expense": last_year}}
    assert _criterion("little_giant", "N3", year=2026, as_of=date(2026, 6, 30), **years) == verdict


@pytest.mark.parametrize(("equity", "verdict"), [("500万元", "符合"), ("4999999.99", "不符合")])
def test_innovative_sme_equity_500wan(equity, verdict):
    years = {
        "y-3": {"equity_financing": 0},
        "y-2": {"equity_financing": 0},
        "y-1": {"equity_financing": equity},
    }
    assert _criterion("innovative_sme", "D4", **years) == verdict


@pytest.mark.parametrize(("share", "verdict"), [("10%", "符合"), ("9.9999%", "不符合"), ("0.100001", "符合")])
def test_percent_shares_are_exact_ppm(share, verdict):
    from datetime import date

    assert (
        _criterion(
            "little_giant", "N5", year=2026, as_of=date(2026, 6, 30), enterprise={"domestic_top3": False},
            **{"y-1": {"main_product_domestic_share": share}},
        )
        == verdict
    )  # fmt: skip
