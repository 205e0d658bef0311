"""The monitoring arithmetic as one vectorised Polars pass (no Django): 当月 from 累计, 同比, 完成率,
序时进度, 超/欠序时进度, ranks among units with their change, and alert flags.

Figures are exact decimals (scale 6, the indicator's unit); ratios are divided at scale 12 and rounded
half-up only when shown. The rules (issue 15):

* 同比 = 累计 ÷ 上年同期累计 − 1 when the base is given and not zero; the reported 同比 when no base is given;
  none (shown "—") for a zero base. 比率 and 可比价 indicators keep the reported 同比, never recomputed.
* 当月 of a 流量 indicator = this period's 累计 − the previous period's 累计 of the same year (the first
  period of the year: 当月 = 累计); a reported 当月 that disagrees is flagged with both figures.
  A 流量 reported only as 当月 gets its 累计 as the running sum when every earlier period is there.
* 完成率 = 累计 ÷ the zone's own (lowest level's) target; 序时进度 = months elapsed ÷ 12 (流量 only);
  超/欠 = 完成率 − 序时进度 in percentage points.
"""

from __future__ import annotations

import polars as pl

from .choices import LEVEL_ORDER

VALUE = pl.Decimal(38, 6)
RATIO = pl.Decimal(38, 12)
STEP = {"月": 1, "季": 3, "年": 12}

OBSERVATION_SCHEMA = {
    "indicator_id": pl.Int64,
    "unit_id": pl.Int64,
    "unit_level": pl.Int64,
    "period": pl.String,
    "year": pl.Int64,
    "months": pl.Int64,
    "month_value": VALUE,
    "cumulative_value": VALUE,
    "prior_cumulative": VALUE,
    "reported_yoy": VALUE,
}
INDICATOR_SCHEMA = {
    "indicator_id": pl.Int64,
    "kind": pl.String,
    "frequency": pl.String,
    "growth_reported": pl.Boolean,
    "higher_is_better": pl.Boolean,
    "rank_by": pl.String,
    "alert_yoy_below": VALUE,
    "alert_value_below": VALUE,
}
TARGET_SCHEMA = {
    "indicator_id": pl.Int64,
    "unit_id": pl.Int64,
    "year": pl.Int64,
    "level": pl.String,
    "value": VALUE,
}


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator ÷ denominator at scale 12; null when the denominator is null or zero."""
    safe = pl.when(denominator != 0).then(denominator)
    return numerator.cast(RATIO) / safe


def own_targets(targets: pl.DataFrame) -> pl.DataFrame:
    """Per indicator, unit and year: the lowest level's target (园区 before 区 before 市 before 省)."""
    ranked = targets.with_columns(
        pl.col("level").replace_strict(LEVEL_ORDER, default=-1, return_dtype=pl.Int64).alias("_order")
    )
    return (
        ranked.sort("_order", descending=True)
        .group_by(["indicator_id", "unit_id", "year"], maintain_order=True)
        .first()
        .select(
            "indicator_id",
            "unit_id",
            "year",
            pl.col("value").alias("target"),
            pl.col("level").alias("target_level"),
        )
    )


def compute(
    observations: pl.DataFrame,
    indicators: pl.DataFrame,
    targets: pl.DataFrame,
    behind_points: int | str = 5,
) -> pl.DataFrame:
    """One row per observation with: month, value, yoy, target, completion, schedule, ahead (points),
    month_mismatch/derived_month, rank/rank_change (among units below the zone), alert flags."""
    obs = observations.join(indicators, on="indicator_id", how="left")
    group = ["indicator_id", "unit_id", "year"]
    obs = obs.sort([*group, "months"])
    flow = pl.col("kind") == "流量"
    step = pl.col("frequency").replace_strict(STEP, default=1, return_dtype=pl.Int64)
    first = pl.col("months") <= step
    prev_months = pl.col("months").shift(1).over(group)
    prev_cumulative = pl.col("cumulative_value").shift(1).over(group)
    # A 累计 given for every period of the year up to this one makes a running sum of 当月 trustworthy.
    months_seen = pl.col("month_value").is_not_null().cast(pl.Int64).cum_sum().over(group)
    running = pl.col("month_value").cum_sum().over(group)
    obs = obs.with_columns(
        derived_month=pl.when(flow & first)
        .then(pl.col("cumulative_value"))
        .when(flow & (prev_months == pl.col("months") - step))
        .then(pl.col("cumulative_value") - prev_cumulative),
        running_total=pl.when(flow & (months_seen * step == pl.col("months"))).then(running),
    )
    obs = obs.with_columns(
        month=pl.when(flow).then(pl.coalesce("month_value", "derived_month")),
        value=pl.when(flow)
        .then(pl.coalesce("cumulative_value", "running_total"))
        .otherwise(pl.coalesce("cumulative_value", "month_value")),
        month_mismatch=flow
        & pl.col("month_value").is_not_null()
        & pl.col("derived_month").is_not_null()
        & (pl.col("month_value") != pl.col("derived_month")),
    )
    base = pl.col("prior_cumulative")
    computed_yoy = _ratio(pl.col("value"), base) - 1
    obs = obs.with_columns(
        yoy=pl.when(pl.col("growth_reported"))
        .then(pl.col("reported_yoy").cast(RATIO))
        .when(base.is_null())
        .then(pl.col("reported_yoy").cast(RATIO))
        .otherwise(computed_yoy),
        yoy_source=pl.when(pl.col("growth_reported") | base.is_null())
        .then(pl.when(pl.col("reported_yoy").is_not_null()).then(pl.lit("报送")))
        .when(base != 0)
        .then(pl.lit("计算")),
    )
    obs = obs.join(own_targets(targets), on=group, how="left")
    completion = pl.when(pl.col("kind") != "比率").then(_ratio(pl.col("value"), pl.col("target")))
    schedule = pl.when(flow).then(pl.col("months").cast(RATIO) / pl.lit(12).cast(RATIO))
    obs = obs.with_columns(completion=completion, schedule=schedule)
    obs = obs.with_columns(ahead=(pl.col("completion") - pl.col("schedule")) * 100)
    return _alerts(_ranks(obs), behind_points)


def _ranks(obs: pl.DataFrame) -> pl.DataFrame:
    """Rank the units below the zone per indicator and period on the indicator's basis; the change is
    the previous period's rank minus this one (positive: moved up)."""
    basis = (
        pl.when(pl.col("rank_by") == "value")
        .then(pl.col("value").cast(RATIO))
        .when(pl.col("rank_by") == "completion")
        .then(pl.col("completion"))
        .otherwise(pl.col("yoy"))
    )
    signed = pl.when(pl.col("higher_is_better")).then(basis).otherwise(-basis)
    key = ["indicator_id", "year", "months"]
    ranked = obs.with_columns(_basis=pl.when(pl.col("unit_level") > 1).then(signed))
    ranked = ranked.with_columns(
        rank=pl.col("_basis").rank("min", descending=True).over(key).cast(pl.Int64),
        ranked_units=pl.col("_basis").count().over(key).cast(pl.Int64),
    )
    step = pl.col("frequency").replace_strict(STEP, default=1, return_dtype=pl.Int64)
    previous = ranked.select(
        "indicator_id",
        "unit_id",
        "year",
        (pl.col("months") + step).alias("months"),
        pl.col("rank").alias("previous_rank"),
    ).filter(pl.col("previous_rank").is_not_null())
    ranked = ranked.join(previous, on=["indicator_id", "unit_id", "year", "months"], how="left")
    return ranked.with_columns(rank_change=pl.col("previous_rank") - pl.col("rank")).drop("_basis")


def _alerts(obs: pl.DataFrame, behind_points) -> pl.DataFrame:
    """below: 同比 or the value past the indicator's alert line (below it, or above it for an indicator
    where lower is better); behind: more than ``behind_points`` points behind 序时进度."""
    better = pl.col("higher_is_better")
    yoy_line = pl.col("alert_yoy_below").cast(RATIO)
    value_line = pl.col("alert_value_below")
    yoy_bad = pl.when(better).then(pl.col("yoy") < yoy_line).otherwise(pl.col("yoy") > yoy_line)
    value_bad = pl.when(better).then(pl.col("value") < value_line).otherwise(pl.col("value") > value_line)
    limit = pl.lit(str(behind_points)).cast(RATIO)
    return obs.with_columns(
        alert_below=yoy_bad.fill_null(False) | value_bad.fill_null(False),
        alert_behind=(better & (pl.col("ahead") < -limit)).fill_null(False),
    )
