"""The report (command, API) on imported figures: the 甘肃 2015 replay and the documented JSON shape."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from .conftest import INDICATORS

pytestmark = pytest.mark.django_db

VALUES = "指标编码,单位,期间,当月值,累计值,上年同期累计值,同比（%）"


def run_report(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("indicators", "report", *args, "--json", stdout=out)
    return json.loads(out.getvalue(), parse_float=Decimal)


def test_gansu_2015_january_to_august_replays_the_published_figures(load):
    """甘肃 2015 年 1–8 月招商引资到位资金 4766.22 亿元，同比增长 22.88%，完成 7000 亿元目标的 68.09%，
    超序时进度 1.42 个百分点（8/12）."""
    assert load("indicators", *INDICATORS).ok
    assert load("indicator-targets", "指标编码,单位,年度,目标值（亿元）,下达单位", "ZS01,,2015,7000,省").ok
    assert load("indicator-values", VALUES, "ZS01,,2015-07,,4100.5,,", "ZS01,,2015-08,,4766.22,3878.66,").ok
    data = run_report("--period", "2015-08")
    item = next(i for i in data["indicators"] if i["code"] == "ZS01")
    assert item == {
        "code": "ZS01",
        "name": "招商引资到位资金",
        "unit": "亿元",
        "month": Decimal("665.72"),
        "value": Decimal("4766.22"),
        "prior": Decimal("3878.66"),
        "yoy": Decimal("0.2288"),
        "target": Decimal("7000"),
        "completion": Decimal("0.6809"),
        "schedule": Decimal("0.6667"),
        "ahead": Decimal("1.42"),
        "targets": [{"level": "省", "value": Decimal("7000")}],
    }
    assert data["period"] == "2015-08" and data["unit"] == "江城高新区"


def test_report_lists_every_target_and_uses_the_lowest_levels(load):
    load("indicators", *INDICATORS)
    load(
        "indicator-targets",
        "指标编码,单位,年度,目标值,下达单位",
        "ZS01,,2015,7000,省",
        "ZS01,,2015,7300,园区",
        "ZS01,,2015,7100,市",
    )
    load("indicator-values", VALUES, "ZS01,,2015-08,,4766.22,3878.66,")
    item = next(i for i in run_report("--period", "2015-08")["indicators"] if i["code"] == "ZS01")
    assert item["target"] == Decimal("7300")
    assert [(t["level"], t["value"]) for t in item["targets"]] == [
        ("省", Decimal(7000)), ("市", Decimal(7100)), ("园区", Decimal(7300)),
    ]  # fmt: skip


def test_report_for_a_street_and_a_quarterly_indicator(load):
    load("indicators", *INDICATORS)
    load(
        "indicator-values",
        VALUES,
        "JC04,东湖街道,2015Q1,,1200,1000,",
        "JC04,东湖街道,2015Q2,,2600,2000,",
        "ZS01,东湖街道,2015-08,,12,,",
    )
    data = run_report("--period", "2015-08", "--unit", "东湖街道")
    trade = next(i for i in data["indicators"] if i["code"] == "JC04")
    assert data["unit"] == "东湖街道"
    assert (trade["value"], trade["month"], trade["yoy"], trade["schedule"]) == (
        Decimal("2600"), Decimal("1400"), Decimal("0.3"), Decimal("0.5"),
    )  # fmt: skip
    missing = next(i for i in data["indicators"] if i["code"] == "GY02")
    assert missing["value"] is None and missing["yoy"] is None


def test_report_refuses_a_bad_period_or_unit(load):
    from django.core.management.base import CommandError

    load("indicators", *INDICATORS)
    with pytest.raises(CommandError, match="不是有效的期间"):
        run_report("--period", "2015-8月份")
    with pytest.raises(CommandError, match="报告期应为月份"):
        run_report("--period", "2015Q2")
    with pytest.raises(CommandError, match="没有名为“西湖街道”的单位"):
        run_report("--period", "2015-08", "--unit", "西湖街道")


def test_text_report_reads_like_a_bulletin(load):
    from io import StringIO

    load("indicators", *INDICATORS)
    load("indicator-targets", "指标编码,单位,年度,目标值,下达单位", "ZS01,,2015,7000,省")
    load("indicator-values", VALUES, "ZS01,,2015-08,,4766.22,3878.66,")
    out = StringIO()
    call_command("indicators", "report", "--period", "2015-08", stdout=out)
    assert (
        "ZS01 招商引资到位资金：累计 4766.22亿元，同比 22.88%，完成年度目标 68.09%，超序时进度 1.42 个百分点"
        in out.getvalue()
    )


def test_a_revised_earlier_month_changes_the_later_months_figures(load):
    """Rule 5 after a revision: 8月 当月 = 8月累计 − the current (revised) 7月累计, not the superseded one."""
    assert load("indicators", *INDICATORS).ok
    assert load("indicator-values", VALUES, "ZS01,,2015-07,,4000,,", "ZS01,,2015-08,,4766.22,3878.66,").ok
    before = next(i for i in run_report("--period", "2015-08")["indicators"] if i["code"] == "ZS01")
    assert before["month"] == Decimal("766.22")
    assert load("indicator-values", VALUES, "ZS01,,2015-07,,4100.5,,", filename="7月定报.csv").ok
    after = next(i for i in run_report("--period", "2015-08")["indicators"] if i["code"] == "ZS01")
    assert after["month"] == Decimal("665.72") and after["value"] == Decimal("4766.22")
    july = next(i for i in run_report("--period", "2015-07")["indicators"] if i["code"] == "ZS01")
    assert july["value"] == Decimal("4100.5") and july["yoy"] is None  # no base given, none reported
