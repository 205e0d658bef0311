"""Innovation points: standard scores, stage weights, breakdown, reference table, whitelist."""

from __future__ import annotations

import polars as pl
import pytest

from gaoxin.engine.frames import enterprises_frame, years_frame
from gaoxin.engine.points import load_system, points, whitelist
from gaoxin.engine.tests.helpers import convert

FULL = {
    "rd_expense": "100万元",
    "main_business_revenue": "1000万元",
    "other_business_revenue": 0,
    "tech_staff": 10,
    "employees": 50,
    "invention_applications": 2,
    "pct_applications": 0,
    "tech_contract_value": "10万元",
    "hitech_revenue": "600万元",
    "postgraduate_staff": 5,
    "rd_superdeduction_tax_relief": "5万元",
    "net_profit": "50万元",
    "total_assets": "800万元",
    "total_liabilities": "300万元",
    "new_graduates_hired": 3,
    "rd_institution_level": "省级",
    "sci_award_level": "无",
    "dishonest_listed": False,
    "major_incident": False,
}


def _zone(n=5):
    from datetime import date

    ents, rows = [], []
    for i in range(n):
        uscc = f"9137010000000000{i:02d}"
        founded = date((2010, 2013, 2016, 2019, 2023)[i % 5], 1, 1)
        ents.append({"uscc": uscc, "name": f"企业{i}", "established_on": founded, "held": []})
        for year in (2023, 2024):
            row = {k: convert(k, v) for k, v in FULL.items()}
            row["rd_expense"] = row["rd_expense"] * (i + 1)
            rows.append({"uscc": uscc, "year": year, **row})
    return years_frame(rows), enterprises_frame(ents)


def test_points_rank_stage_and_breakdown():
    ys, es = _zone()
    r = points(ys, es, 2025)
    p = r.points.sort("uscc")
    assert p["stage"].to_list() == ["稳定期", "稳定期", "稳定期", "成长期", "初创期"]
    rd = r.breakdown.filter(pl.col("indicator") == "rd_amount").sort("uscc")
    assert rd["standard"].to_list() == pytest.approx(
        [20.0, 40.0, 60.0, 80.0, 100.0]
    )  # percentile in the zone
    row = rd.to_dicts()[0]
    assert row["weight"] == pytest.approx(45 / 7)
    assert row["contribution"] == pytest.approx(row["weight"] * row["standard"] / 100)
    total = r.breakdown.group_by("uscc").agg(pl.col("contribution").sum()).sort("uscc")["contribution"]
    assert total.to_list() == pytest.approx(p["points"].to_list())
    assert load_system().unverified  # weights are a zone default, flagged


def test_reference_table():
    ys, es = _zone()
    system = load_system()
    ref = pl.DataFrame(
        [
            {"indicator": i.id, "quantile": q, "value": v}
            for i in system.indicators
            for q, v in ((0.0, -1e18), (0.5, 3e6))
        ]
    )
    r = points(ys, es, 2025, reference=ref)
    rd = r.breakdown.filter(pl.col("indicator") == "rd_amount").sort("uscc")["standard"].to_list()
    assert rd == [0.0, 0.0, 50.0, 50.0, 50.0]  # 100万, 200万 below 300万; the rest at or above


def test_whitelist_reasons():
    ys, es = _zone()
    ys = ys.with_columns(
        pl.when((pl.col("uscc") == "913701000000000004") & (pl.col("year") == 2024))
        .then(True)
        .otherwise(pl.col("dishonest_listed"))
        .alias("dishonest_listed")
    )
    w = whitelist(points(ys, es, 2025), min_percentile=60)
    top = w.filter(pl.col("uscc") == "913701000000000004").to_dicts()[0]
    assert not top["eligible"]
    assert "上年度列入经营异常名录或严重失信名单" in top["reasons"]
    assert top["missing"] is None
    assert w.filter(pl.col("eligible")).height >= 1
