"""What-if, explanations, the CLI table and input checks."""

from __future__ import annotations

import polars as pl
import pytest

from gaoxin.engine import cli_table, evaluate, explain, what_if
from gaoxin.engine.inputs import InputError
from gaoxin.engine.tests.helpers import USCC, frames

YEAR = {
    "main_business_revenue": "4000万元",
    "other_business_revenue": 0,
    "rd_expense": "150万元",
    "employees": 100,
    "tech_staff": 7,
}


def _frames():
    return frames(2025, {"established_on": "2015-01-01"}, {"y-3": YEAR, "y-2": YEAR, "y-1": YEAR})


def _verdict(a, criterion):
    return a.criteria.filter(pl.col("criterion") == criterion)["verdict"][0]


def test_what_if_changes_inputs_without_touching_them():
    ys, es = _frames()
    base = evaluate(ys, es, 2025, rules=["hte"])
    assert _verdict(base, "C4_tech_staff_ratio") == "不符合"
    assert _verdict(base, "C5_rd_intensity") == "不符合"
    changed = what_if(ys, es, 2025, {"tech_staff": "+3", "rd_expense[y-1]": "+150万元"}, rules=["hte"])
    assert _verdict(changed, "C4_tech_staff_ratio") == "符合"
    assert _verdict(changed, "C5_rd_intensity") == "符合"
    assert ys.filter(pl.col("year") == 2024)["tech_staff"][0] == 7  # inputs unchanged


def test_explanation_names_values_thresholds_gaps_and_documents():
    ys, es = _frames()
    text = explain(evaluate(ys, es, 2025, rules=["hte", "tsme"]), USCC)
    assert "【高新技术企业认定】" in text
    assert "近三年研发费用还差 150万元" in text
    assert "科技人员还差 3 人" in text
    assert "国科发火〔2016〕32号 第十一条（五）" in text
    assert "依据未经官方文本核实" in text  # the flagged conversion-average interpretation
    assert "升至上一档" in text


def test_cli_table_columns():
    ys, es = _frames()
    table = cli_table(evaluate(ys, es, 2025, rules=["hte", "tsme"]))
    assert table.columns[:4] == ["统一社会信用代码", "资质", "结论", "得分"]
    assert {
        "C5_rd_intensity.结论",
        "C5_rd_intensity.值",
        "C5_rd_intensity.阈值",
        "C5_rd_intensity.差距",
    } <= set(table.columns)
    row = table.filter(pl.col("资质") == "hte").to_dicts()[0]
    assert str(row["C5_rd_intensity.差距"]) == "1500000.00"  # 元, exact
    assert row["C4_tech_staff_ratio.差距"] == 3


def test_money_as_float_is_refused():
    ys, es = _frames()
    with pytest.raises(InputError, match="rd_expense"):
        evaluate(ys.with_columns(pl.col("rd_expense").cast(pl.Float64)), es, 2025, rules=["hte"])


def test_few_and_zone_scale_criteria_frames_agree(monkeypatch):
    """Explanations for a few enterprises build the criteria rows in one query with per-row texts;
    the zone-scale path decodes masks and gathers failing rows. Both give the same rows."""
    import importlib

    # the module, not the function of the same name the package exports
    engine_evaluate = importlib.import_module("gaoxin.engine.evaluate")
    from gaoxin.engine.synthetic import enterprises, years

    ys, es = years(300, 2025), enterprises(300, 2025)
    few = evaluate(ys, es, 2025, gazelle_preset="jinan_hitech_zone_2016")
    monkeypatch.setattr(engine_evaluate, "DETAIL_ROWS", 0)
    zone = evaluate(ys, es, 2025, gazelle_preset="jinan_hitech_zone_2016")
    assert few.detail and not zone.detail

    def rows(a):
        return a.criteria.with_columns(pl.col("missing").cast(pl.String)).sort("uscc", "rule", "criterion")

    a, b = rows(few), rows(zone)
    assert a.height == 300 * sum(len(p.crits) for p in few.plans)
    assert a["gap_text"].null_count() < a.height and a["missing"].null_count() < a.height
    assert a.equals(b)
