"""Rules 4–7 of issue 15 on the Polars pass, at their edges (no database)."""

from decimal import Decimal

from gaoxin.indicators.report import fraction, points

from .frames import indicator, obs, run, target


def one(rows, period):
    return next(r for r in rows if r["period"] == period)


# Rule 4: 同比
def test_yoy_is_cumulative_over_base_minus_one():
    row = run([obs("2015-08", 4766.22, 3878.66)])[0]
    assert fraction(row["yoy"]) == Decimal("0.2288")
    assert row["yoy_source"] == "计算"


def test_zero_base_gives_no_yoy_even_with_a_reported_one():
    row = run([obs("2015-03", 120, 0, yoy=12.5)])[0]
    assert row["yoy"] is None and row["yoy_source"] is None


def test_missing_base_takes_the_reported_yoy():
    row = run([obs("2015-03", 120, None, yoy="0.0850")])[0]
    assert row["yoy"] == Decimal("0.085") and row["yoy_source"] == "报送"


def test_missing_base_and_nothing_reported_gives_none():
    assert run([obs("2015-03", 120)])[0]["yoy"] is None


def test_comparable_price_and_rate_keep_the_reported_yoy():
    rows = run(
        [
            obs("2015-03", 120, 100, yoy="0.071", indicator_id=1),
            obs("2015-03", "56.2", "55.0", yoy="0.012", indicator_id=2),
        ],
        [indicator(1, reported=True), indicator(2, kind="比率", reported=True)],
    )
    assert [r["yoy"] for r in rows] == [Decimal("0.071"), Decimal("0.012")]  # not 0.2 and not 0.0218


# Rule 5: 当月 from 累计
def test_month_is_the_difference_of_cumulatives_and_january_is_its_cumulative():
    rows = run([obs("2015-01", 100), obs("2015-02", 230), obs("2015-03", 390)])
    assert [r["month"] for r in rows] == [Decimal(100), Decimal(130), Decimal(160)]


def test_month_is_unknown_when_the_previous_period_is_missing():
    rows = run([obs("2015-01", 100), obs("2015-03", 390)])
    assert one(rows, "2015-03")["month"] is None


def test_month_does_not_cross_the_year():
    rows = run([obs("2014-12", 1200), obs("2015-01", 90)])
    assert one(rows, "2015-01")["month"] == Decimal(90)


def test_reported_month_that_disagrees_is_flagged_with_both_figures():
    rows = run([obs("2015-01", 100), obs("2015-02", 230, month=120)])
    feb = one(rows, "2015-02")
    assert feb["month_mismatch"] is True
    assert (feb["month_value"], feb["derived_month"]) == (Decimal(120), Decimal(130))
    assert feb["month"] == Decimal(120)  # the reported figure is shown, the warning says it disagrees
    assert one(rows, "2015-01")["month_mismatch"] is False


def test_quarterly_month_is_the_quarter_and_first_quarter_is_its_cumulative():
    rows = run([obs("2015Q1", 300), obs("2015Q2", 700)], [indicator(frequency="季")])
    assert [r["month"] for r in rows] == [Decimal(300), Decimal(400)]
    assert [r["schedule"] for r in rows] == [Decimal("0.25"), Decimal("0.5")]


def test_cumulative_from_months_only_when_every_month_is_there():
    rows = run([obs("2015-01", month=10), obs("2015-02", month=12), obs("2015-04", month=9)])
    assert one(rows, "2015-02")["value"] == Decimal(22)
    assert one(rows, "2015-04")["value"] is None  # March missing: no running sum


# Rule 6: 完成率, 序时进度, 超/欠
def test_gansu_2015_replay_on_the_frame():
    row = run([obs("2015-08", 4766.22, 3878.66)], targets=[target(7000)])[0]
    assert fraction(row["completion"]) == Decimal("0.6809")
    assert fraction(row["schedule"]) == Decimal("0.6667")
    assert points(row["ahead"]) == Decimal("1.42")


def test_xian_first_half_is_41_78_points_ahead():
    row = run([obs("2017-06", "917.8")], targets=[target(1000, year=2017)])[0]
    assert fraction(row["completion"]) == Decimal("0.9178")
    assert points(row["ahead"]) == Decimal("41.78")


def test_the_lowest_levels_target_is_the_zones_own():
    targets = [target(7000, level="省"), target(7200, level="市"), target(7500, level="园区")]
    row = run([obs("2015-08", 5000)], targets=targets)[0]
    assert (row["target"], row["target_level"]) == (Decimal(7500), "园区")


def test_zero_target_or_rate_gives_no_completion():
    rows = run(
        [obs("2015-08", 5000, indicator_id=1), obs("2015-08", "3.1", indicator_id=2)],
        [indicator(1), indicator(2, kind="比率")],
        [target(0, indicator_id=1), target(3, indicator_id=2)],
    )
    assert [r["completion"] for r in rows] == [None, None]


def test_stock_has_completion_but_no_schedule():
    row = run([obs("2015-06", 1020)], [indicator(kind="存量")], [target(1100)])[0]
    assert fraction(row["completion"]) == Decimal("0.9273")
    assert row["schedule"] is None and row["ahead"] is None and row["month"] is None


# Rule 7: rankings and alerts
def test_units_rank_with_their_change_and_the_zone_is_not_ranked():
    rows = run(
        [
            obs("2015-01", 110, 100, unit=2, level=2), obs("2015-01", 130, 100, unit=3, level=2),
            obs("2015-02", 240, 200, unit=2, level=2), obs("2015-02", 220, 200, unit=3, level=2),
            obs("2015-02", 460, 400, unit=1, level=1),
        ]
    )  # fmt: skip
    feb = {r["unit_id"]: r for r in rows if r["period"] == "2015-02"}
    assert (feb[2]["rank"], feb[2]["rank_change"]) == (1, 1)
    assert (feb[3]["rank"], feb[3]["rank_change"]) == (2, -1)
    assert feb[1]["rank"] is None
    assert one([r for r in rows if r["unit_id"] == 2], "2015-01")["rank_change"] is None


def test_ties_share_a_rank_and_lower_is_better_reverses():
    rows = run(
        [
            obs("2015-01", 110, 100, unit=2, level=2),
            obs("2015-01", 110, 100, unit=3, level=2),
            obs("2015-01", 90, 100, unit=4, level=2),
        ],
        [indicator(higher=False)],
    )
    assert [r["rank"] for r in rows] == [2, 2, 1]


def test_alert_when_behind_schedule_by_more_than_the_setting():
    rows = run(
        [obs("2015-06", 440, indicator_id=1), obs("2015-06", 450, indicator_id=2)],
        [indicator(1), indicator(2)],
        [target(1000, indicator_id=1), target(1000, indicator_id=2)],
        behind=5,
    )
    assert [r["alert_behind"] for r in rows] == [True, False]  # 6 points behind; exactly 5 is not more


def test_alert_below_the_yoy_line():
    rows = run([obs("2015-06", 99, 100), obs("2015-07", 120, 100)], [indicator(yoy_line=0)])
    assert [r["alert_below"] for r in rows] == [True, False]
