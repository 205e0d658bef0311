"""Policy clauses from documented numbers: thresholds at / below / above (含本数 ≥ and 超过 >), tiered
amounts, caps, min(rate × base, cap), exclusivity groups (从高不重复), 首次突破 over earlier years,
effective dates, exact 分 and the gap sentence."""

from __future__ import annotations

import polars as pl
import pytest

from gaoxin.engine.clause_results import cli_table
from gaoxin.engine.clauses import match
from gaoxin.engine.policyfile import PolicyFileError, read_text
from gaoxin.engine.tests.helpers import frames

HEAD = """policy: T-1
name: 测试政策
level: 区级
effective_from: 2024-01-01
effective_to: 2026-12-31
clauses:
"""


def clause(when: str, amount: str | None = None, extra: str = "", cid: str = "c") -> str:
    text = f'  - id: {cid}\n    name: 条款{cid}\n    when: "{when}"\n'
    if amount:
        text += f'    amount: "{amount}"\n'
    return text + "".join(f"    {line}\n" for line in extra.splitlines() if line)


def run(clauses: str, year_rows: dict, year: int = 2025, enterprise: dict | None = None) -> pl.DataFrame:
    doc = read_text(HEAD + clauses)
    ys, es = frames(year, enterprise, year_rows)
    return match(ys, es, year, doc.clauses).long()


def one(clauses: str, year_rows: dict, **kw) -> dict:
    rows = run(clauses, year_rows, **kw)
    assert rows.height == 1
    return rows.row(0, named=True)


# -- thresholds: 含本数 (≥) and 超过 (>) — 《民法典》第一千二百五十九条: “以上”含本数, “超过”不含 ------------------
@pytest.mark.parametrize(
    ("rd", "verdict", "gap_fen"),
    [("500万元", "符合", None), ("4999999.99元", "不符合", 1), ("500.0001万元", "符合", None)],
)
def test_threshold_inclusive(rd, verdict, gap_fen):
    row = one(clause("rd_expense[y-1] >= 500万元", "20万元"), {"y-1": {"rd_expense": rd}})
    assert row["verdict"] == verdict
    assert row["gap_steps"] == gap_fen
    assert row["amount_fen"] == (2_000_000_00 // 10 if verdict == "符合" else None)


@pytest.mark.parametrize(
    ("rd", "verdict", "gap_fen"),
    [("500万元", "不符合", 1), ("4999999.99元", "不符合", 2), ("5000000.01元", "符合", None)],
)
def test_threshold_exceeding(rd, verdict, gap_fen):
    row = one(clause("rd_expense[y-1] > 500万元", "20万元"), {"y-1": {"rd_expense": rd}})
    assert (row["verdict"], row["gap_steps"]) == (verdict, gap_fen)


def test_gap_sentence_of_the_issue():
    """研发费用 487.5万元 against 500万元 (ratio 4.875% ≥ 3%): 还差 12.5万元."""
    text = clause(
        "rd_expense[y-1] >= 500万元 and rd_expense[y-1] / sales_revenue[y-1] >= 3%",
        "min(rd_expense[y-1] * 5%, 100万元)",
    )
    row = one(
        text,
        {"y-1": {"rd_expense": "487.5万元", "main_business_revenue": "1亿元", "other_business_revenue": 0}},
    )
    assert row["verdict"] == "不符合"
    assert row["gap_steps"] == 125_000_00
    assert row["gap_text"] == "2024年研究开发费用总额还差 12.5万元即可享受"


# -- amounts -------------------------------------------------------------------------------------------
TIERS = (
    "if rd_expense[y-1] >= 2000万元 then 100万元 else if rd_expense[y-1] >= 1000万元 then 50万元 else 20万元"
)


@pytest.mark.parametrize(
    ("rd", "amount_yuan"),
    [("2000万元", 1_000_000), ("1999.9999万元", 500_000), ("1000万元", 500_000), ("999.9999万元", 200_000)],
)
def test_tiered_amount(rd, amount_yuan):
    row = one(clause("rd_expense[y-1] >= 100万元", TIERS), {"y-1": {"rd_expense": rd}})
    assert row["amount_fen"] == amount_yuan * 100


@pytest.mark.parametrize(
    ("rd", "amount_fen"),
    [
        ("1000万元", 50_000_00 * 10),  # 5% of 1000万元 = 50万元, under the cap
        ("12345678.91元", 61_728_394),  # 617283.9455元 floored to the 分: 617283.94元
        ("2000万元", 100_000_000),  # 5% = 100万元, exactly the cap
        ("3000万元", 100_000_000),  # 5% = 150万元, capped at 100万元
    ],
)
def test_min_of_rate_times_base_and_cap(rd, amount_fen):
    row = one(
        clause("rd_expense[y-1] > 0", "min(rd_expense[y-1] * 5%, 100万元)"), {"y-1": {"rd_expense": rd}}
    )
    assert row["amount_fen"] == amount_fen


def test_per_year_cap():
    text = clause("rd_expense[y-1] > 0", "rd_expense[y-1] * 10%", "cap: 80万元")
    assert one(text, {"y-1": {"rd_expense": "1000万元"}})["amount_fen"] == 80_000_000
    assert one(text, {"y-1": {"rd_expense": "700万元"}})["amount_fen"] == 70_000_000


def test_per_head_amount():
    """人数 × 金额 is money: 每吸纳一名应届高校毕业生补贴 5000元."""
    row = one(
        clause("new_graduates_hired[y-1] >= 3", "new_graduates_hired[y-1] * 5000元"),
        {"y-1": {"new_graduates_hired": 7}},
    )
    assert row["amount_fen"] == 35_000_00


def test_unknown_amount_is_not_a_match():
    """A condition that holds with an amount that cannot be computed is 数据不足, naming the field."""
    row = one(clause("tax_paid[y-1] >= 100万元", "rd_expense[y-1] * 5%"), {"y-1": {"tax_paid": "200万元"}})
    assert row["verdict"] == "数据不足"
    assert row["missing"] == "2024年研究开发费用总额"


# -- exclusivity groups: the highest amount, 从高不重复 ---------------------------------------------------------
GROUP = (
    clause("rd_expense[y-1] >= 500万元", "50万元", "group: rd", "small")
    + clause("rd_expense[y-1] >= 1000万元", "80万元", "group: rd", "large")
    + clause("rd_expense[y-1] >= 500万元", "80万元", "group: rd", "same")
)


def test_group_keeps_the_highest_amount():
    rows = run(GROUP, {"y-1": {"rd_expense": "1200万元"}})
    by = {r["clause"]: r for r in rows.iter_rows(named=True)}
    assert by["T-1/large"]["excluded"] is None  # 80万元, listed before the equal "same"
    assert by["T-1/small"]["excluded"] == "从高不重复：已按“条款large”享受"
    assert by["T-1/same"]["excluded"] == "从高不重复：已按“条款large”享受"
    paid = rows.filter(pl.col("verdict") == "符合", pl.col("excluded").is_null())
    assert paid["amount_fen"].to_list() == [80_000_000]


def test_group_falls_back_when_the_higher_clause_fails():
    rows = run(GROUP, {"y-1": {"rd_expense": "600万元"}})
    chosen = rows.filter(pl.col("verdict") == "符合", pl.col("excluded").is_null())
    assert chosen["clause"].to_list() == ["T-1/same"]  # 80万元 > 50万元
    assert rows.filter(pl.col("clause") == "T-1/large")["verdict"].to_list() == ["不符合"]


# -- 首次突破 over earlier years ---------------------------------------------------------------------------
FIRST = clause("sales_revenue[y-1] >= 1亿元 and all(sales_revenue[y-4..y-2] < 1亿元)", "50万元", cid="first")


def _sales(*values):
    keys = ["y-4", "y-3", "y-2", "y-1"]
    return {
        k: {"main_business_revenue": v, "other_business_revenue": 0 if v is not None else None}
        for k, v in zip(keys, values, strict=True)
    }


def test_first_breakthrough():
    assert one(FIRST, _sales("6000万元", "8000万元", "9999.99万元", "1亿元"))["verdict"] == "符合"
    assert one(FIRST, _sales("6000万元", "1.1亿元", "9000万元", "1.2亿元"))["verdict"] == "不符合"


def test_first_breakthrough_with_an_unknown_earlier_year_is_unknown():
    row = one(FIRST, _sales("6000万元", None, "9000万元", "1.2亿元"))
    assert row["verdict"] == "数据不足"
    assert "2022年主营业务收入" in row["missing"]


def test_first_breakthrough_skips_years_before_founding():
    rows = {
        k: v for k, v in _sales("6000万元", "8000万元", "9000万元", "1.2亿元").items() if k in ("y-2", "y-1")
    }
    row = one(FIRST, rows, enterprise={"established_on": "2023-03-01"})
    assert row["verdict"] == "符合"


# -- effective dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("year", "rows"), [(2023, 0), (2024, 1), (2026, 1), (2027, 0)])
def test_clause_outside_effective_dates_is_not_matched(year, rows):
    out = run(clause("rd_expense[y-1] >= 0", "1万元"), {"y-1": {"rd_expense": "1万元"}}, year=year)
    assert out.height == rows


def test_cli_table_columns():
    doc = read_text(HEAD + clause("rd_expense[y-1] >= 500万元", "10万元"))
    ys, es = frames(2025, None, {"y-1": {"rd_expense": "600万元"}})
    table = cli_table(match(ys, es, 2025, doc.clauses))
    assert table.columns == ["统一社会信用代码", "政策编号", "条款", "结论", "金额（元）", "差距", "缺少数据"]
    assert table.row(0)[:5] == ("91370100MA00000001", "T-1", "c", "符合", pytest.approx(100000))


# -- refused files -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (clause("rd_expense[y-1] >= 500万元", "10万元", "colour: red"), "条款中没有字段“colour”"),
        (clause("rd_expense[y-1] + 500万元", "10万元"), "应为条件"),
        (clause("rd_expense[y-1] >= 500万元", "rd_expense[y-1] / sales_revenue[y-1]"), "金额表达式应为金额"),
        (clause("rd_expence[y-1] >= 500万元", "10万元"), "是否指 rd_expense"),
        (clause("rd_expense[y-1] >= 500", "10万元"), "请为数字写明单位"),
        (clause("rd_expense[y-1] >= 500万元", "10万元", "mode: 自动"), "不是可选值"),
    ],
)
def test_bad_file_is_refused_with_position(text, message):
    with pytest.raises(PolicyFileError) as info:
        read_text(HEAD + clause("tax_paid[y-1] >= 0", "1万元", cid="fine") + text, "bad.yaml")
    assert message in str(info.value)
    assert "bad.yaml" in str(info.value) and "第 " in str(info.value)


def test_ratio_gaps_are_written_with_two_decimals_not_float_artefacts():
    """Issue 10 item 10: 299,000 steps were shown as "29.900000000000002 个百分点"."""
    from types import SimpleNamespace

    import polars as pl

    from gaoxin.engine.clause_results import _gap_text

    plan = SimpleNamespace(gap=SimpleNamespace(unit="ratio", unit_label=""), gap_label="研发投入强度")
    frame = pl.DataFrame({"steps": [299000, 12345, 100, 1]})
    texts = frame.select(_gap_text(plan, pl.col("steps")).alias("t"))["t"].to_list()
    assert texts == [
        "研发投入强度还差 29.90 个百分点即可享受",
        "研发投入强度还差 1.24 个百分点即可享受",
        "研发投入强度还差 0.01 个百分点即可享受",
        "研发投入强度还差 0.01 个百分点即可享受",
    ]
