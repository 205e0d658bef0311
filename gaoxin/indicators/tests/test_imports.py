"""The three import kinds: exact unit conversion, the whole zone for an empty 单位, all-or-nothing with
Chinese row/column errors, revisions that keep their history (rule 5's warning at import)."""

from decimal import Decimal

import pytest

from gaoxin.indicators.models import Indicator, Observation, Target
from gaoxin.transfer.models import ImportBatch

pytestmark = pytest.mark.django_db

HEAD = "指标编码,单位,期间,当月值,累计值,上年同期累计值,同比（%）"


def errors(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def test_indicators_are_created_then_updated(catalogue, load):
    assert catalogue.counts.created == 4
    again = load(
        "indicators", "指标编码,指标名称,计量单位,指标类型,频率", "ZS01,招商引资实际到位资金,亿元,流量,月"
    )
    assert (again.counts.updated, again.counts.created) == (1, 0)
    assert Indicator.objects.get(code="ZS01").name == "招商引资实际到位资金"


def test_indicator_rows_are_checked(load):
    report = load(
        "indicators",
        "指标编码,指标名称,计量单位,指标类型,频率,派生公式",
        "A1,甲,亿元,流量,旬,",
        "A2,乙,个,派生,年,",
        "A3,丙,个,派生,年,sales_revenu[y] >= 10亿元",
    )
    found = errors(report)
    assert (2, "频率", "“旬”不是可选值，应为以下之一：月、季、年") in found
    assert (3, "派生公式", "派生指标须填写派生公式") in found
    assert any(r == 4 and c == "派生公式" and "是否指 sales_revenue" in m for r, c, m in found)
    assert Indicator.objects.count() == 0


def test_values_convert_units_from_the_header_the_cell_and_the_unit_column(catalogue, load):
    report = load(
        "indicator-values",
        "指标编码,单位,期间,累计值（万元）,上年同期累计值,同比（%）,计量单位",
        "ZS01,,2015-08,47662200,3878.66,,",  # header 万元 → 4766.22 亿元; base bare = indicator unit
        "ZS01,东湖街道,2015-08,1.35亿,123456,,万元",  # cell suffix wins; 计量单位 for the bare base
        "JC04,,2015Q2,203.5亿,,18.93,",
    )
    assert report.ok, report.errors
    zone = Observation.objects.get(unit__level=1, period="2015-08")
    assert (zone.cumulative_value, zone.prior_cumulative) == (Decimal("4766.22"), Decimal("3878.66"))
    street = Observation.objects.get(unit__name="东湖街道")
    assert (street.cumulative_value, street.prior_cumulative) == (Decimal("1.35"), Decimal("12.3456"))
    trade = Observation.objects.get(period="2015Q2")
    assert (trade.cumulative_value, trade.reported_yoy) == (Decimal("2035000"), Decimal("0.1893"))
    assert (zone.source_file, zone.source_row) == ("数据.csv", 2)


def test_value_rows_are_all_or_nothing_with_chinese_errors(catalogue, load):
    report = load(
        "indicator-values",
        HEAD,
        "ZS01,,2015-08,,4766.22,3878.66,",
        "XX99,,2015-08,,1,,",
        "ZS01,西湖街道,2015-08,,1,,",
        "ZS01,,2015-13,,1,,",
        "JC04,,2015-06,,1,,",
        "QY03,,2015-06,,12个,,",
        "ZS01,,2015-07,,0.0000001,,",
        "ZS01,,2015-06,,,,",
    )
    found = errors(report)
    assert (3, "指标编码", "没有编码为“XX99”的指标，请先导入指标") in found
    assert (4, "单位", "本园区没有名为“西湖街道”的单位") in found
    assert (5, "期间", "“2015-13”的月份应在 1–12 之间") in found
    assert (6, "期间", "“外贸进出口总额”为季度指标，期间“2015-06”不符") in found
    assert any(r == 7 and c == "累计值" for r, c, _ in found)
    assert (8, "累计值", "“1E-7”超过 6 位小数") in found or any(
        r == 8 and "超过 6 位小数" in m for r, _, m in found
    )
    assert (9, "累计值", "当月值和累计值至少填写一项") in found
    assert (
        Observation.objects.count() == 0 and not ImportBatch.objects.filter(kind="indicator-values").exists()
    )


def test_money_figures_cannot_go_to_a_count_indicator(catalogue, load):
    report = load("indicator-values", "指标编码,单位,期间,累计值（亿元）", "QY03,,2015-06,3")
    assert errors(report) == [(2, "累计值", "计量单位“亿元”不能换算为指标的计量单位“个”")]


def test_a_revision_keeps_the_history(catalogue, load):
    first = load("indicator-values", HEAD, "ZS01,,2015-08,,4700,3878.66,", filename="8月快报.csv")
    same = load("indicator-values", HEAD, "ZS01,,2015-08,,4700,3878.66,", filename="8月快报.csv")
    revised = load("indicator-values", HEAD, "ZS01,,2015-08,,4766.22,3878.66,", filename="8月定报.csv")
    assert (first.counts.created, same.counts.unchanged, revised.counts.updated) == (1, 1, 1)
    rows = list(
        Observation.objects.order_by("revision").values_list(
            "cumulative_value", "is_current", "revision", "source_file"
        )
    )
    assert rows == [(Decimal("4700"), False, 0, "8月快报.csv"), (Decimal("4766.22"), True, 1, "8月定报.csv")]


def test_reported_month_disagreeing_with_cumulatives_is_a_warning(catalogue, load):
    load("indicator-values", HEAD, "ZS01,,2015-07,,4100,,")
    report = load("indicator-values", HEAD, "ZS01,,2015-08,600,4766.22,,")
    assert report.ok
    assert [(w.row, w.column) for w in report.warnings] == [(2, "当月值")]
    assert "当月值 600 与累计值之差 666.22 不一致" in report.warnings[0].message


def test_targets_keep_every_level(catalogue, load):
    report = load(
        "indicator-targets",
        "指标编码,单位,年度,目标值（亿元）,下达单位",
        "ZS01,,2015,7000,省",
        "ZS01,,2015,7200,市",
        "ZS01,东湖街道,2015,320000万,园区",
        "ZS01,,2015,7000,县",
    )
    assert (5, "下达单位", "“县”不是可选值，应为以下之一：省、市、区、园区") in errors(report)
    assert {e.row for e in report.errors} == {5} and not Target.objects.exists()
    report = load(
        "indicator-targets",
        "指标编码,单位,年度,目标值（亿元）,下达单位",
        "ZS01,,2015,7000,省",
        "ZS01,,2015,7200,市",
        "ZS01,东湖街道,2015,320000万,园区",
    )
    assert report.ok
    assert sorted(Target.objects.values_list("level", "value")) == [
        ("园区", Decimal(32)),
        ("市", Decimal(7200)),
        ("省", Decimal(7000)),
    ]


def test_derived_indicators_are_not_imported(load):
    load(
        "indicators",
        "指标编码,指标名称,计量单位,指标类型,频率,派生公式",
        "PS01,营收超10亿元企业数,家,派生,年,sales_revenue[y] >= 10亿元",
    )
    report = load("indicator-values", HEAD, "PS01,,2015,,3,,")
    assert errors(report) == [
        (2, "指标编码", "“营收超10亿元企业数”为派生指标，由系统根据企业库计算，不能导入")
    ]


def test_export_then_import_is_lossless(catalogue, load, users):
    load("indicator-values", HEAD, "ZS01,,2015-08,,4766.22,3878.66,22.88", "ZS01,东湖街道,2015-08,,12.3456,,")
    from gaoxin.indicators.transfer import ValueImport

    kind = ValueImport()
    rows = list(kind.export_rows(kind.queryset(users.leader), users.leader))
    assert rows[0]["cumulative_value"] == Decimal("4766.22") and rows[0]["reported_yoy"] == Decimal("22.88")
    lines = [HEAD] + [
        ",".join(
            "" if r[f] is None else str(r[f])
            for f in (
                "indicator_code",
                "unit_name",
                "period",
                "month_value",
                "cumulative_value",
                "prior_cumulative",
                "reported_yoy",
            )
        )
        for r in rows
    ]
    again = load("indicator-values", *lines)
    assert again.ok and again.counts.unchanged == 2
