"""The per-rule result tables (the zone-scale form) say what the long criterion rows say."""

from __future__ import annotations

import importlib

import polars as pl

from gaoxin.engine import cli_table, evaluate
from gaoxin.engine.synthetic import enterprises, years
from gaoxin.engine.tables import gap_amount

PRESET = "jinan_hitech_zone_2016"


def _zone(monkeypatch):
    monkeypatch.setattr(importlib.import_module("gaoxin.engine.evaluate"), "DETAIL_ROWS", 0)
    a = evaluate(years(400, 2025), enterprises(400, 2025), 2025, gazelle_preset=PRESET)
    assert not a.detail  # the zone path: fixed thresholds are not columns of the pass
    return a


def test_tables_agree_with_the_long_rows(monkeypatch):
    a = _zone(monkeypatch)
    crit = a.criteria.with_columns(pl.col("uscc", "rule", "criterion", "verdict").cast(pl.String))
    assert not any(
        c.threshold_column for p in a.plans for c in p.crits if c.criterion.id != "C5_rd_intensity"
    )
    checked = 0
    for p in a.plans:
        table = a.tables[p.rule.id]
        assert table.height == 400 and table["资质"].cast(pl.String).unique().to_list() == [p.rule.id]
        for c in p.crits:
            cid = c.criterion.id
            long = crit.filter(pl.col("rule") == p.rule.id, pl.col("criterion") == cid).sort("uscc")
            wide = table.with_columns(pl.col("统一社会信用代码").cast(pl.String)).sort("统一社会信用代码")
            assert wide[f"{cid}.结论"].cast(pl.String).equals(long["verdict"], null_equal=True)
            assert wide[f"{cid}.值"].equals(long["value"], null_equal=True)
            assert wide[f"{cid}.阈值"].equals(long["threshold"], null_equal=True)
            expected = long.select(gap_amount(c.criterion.gap, pl.col("gap_base")).alias("g"), "uscc")["g"]
            assert wide[f"{cid}.差距"].equals(expected, null_equal=True)
            checked += long["verdict"].n_unique()
    assert checked > 100  # the synthetic zone has every verdict on many criteria


def test_tables_name_missing_fields_like_the_verdict_rows(monkeypatch):
    a = _zone(monkeypatch)
    results = a.results.with_columns(pl.col("uscc", "rule", "missing").cast(pl.String))
    unknown = 0
    for p in a.plans:
        long = results.filter(pl.col("rule") == p.rule.id).sort("uscc")
        wide = (
            a.tables[p.rule.id].with_columns(pl.col(pl.Categorical).cast(pl.String)).sort("统一社会信用代码")
        )
        assert wide["缺少数据"].equals(long["missing"], null_equal=True)
        assert wide["结论"].cast(pl.String).equals(long["verdict"].cast(pl.String))
        assert wide["得分"].equals(long["score"], null_equal=True)
        unknown += long["missing"].drop_nulls().len()
    assert unknown > 0


def test_cli_table_stacks_the_tables_as_text(monkeypatch):
    a = _zone(monkeypatch)
    table = cli_table(a)
    assert table.height == 400 * len(a.plans)
    assert table.columns[:4] == ["统一社会信用代码", "资质", "结论", "得分"]
    assert table.columns[-3:] == ["得分下限", "得分上限", "缺少数据"]
    assert table.schema["结论"] == pl.String and table.schema["C1_age.结论"] == pl.String
    money = table.schema["C5_rd_intensity.差距"]
    assert isinstance(money, pl.Decimal) and money.scale == 2  # 元, exact
