"""Small frames for the compute tests: one indicator, a few observations, targets."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from gaoxin.indicators.compute import INDICATOR_SCHEMA, OBSERVATION_SCHEMA, TARGET_SCHEMA, compute


def D(text) -> Decimal | None:
    return None if text is None else Decimal(str(text))


def indicator(
    id=1,
    kind="流量",
    frequency="月",
    reported=False,
    higher=True,
    rank_by="yoy",
    yoy_line=None,
    value_line=None,
):
    return dict(
        indicator_id=id, kind=kind, frequency=frequency, growth_reported=reported, higher_is_better=higher,
        rank_by=rank_by, alert_yoy_below=D(yoy_line), alert_value_below=D(value_line),
    )  # fmt: skip


def obs(period, cumulative=None, prior=None, month=None, yoy=None, indicator_id=1, unit=1, level=1):
    year, _, rest = period.partition("-")
    if "Q" in period:
        year, quarter = period.split("Q")
        months = int(quarter) * 3
    elif rest:
        months = int(rest)
    else:
        months = 12
    return dict(
        indicator_id=indicator_id, unit_id=unit, unit_level=level, period=period, year=int(year), months=months,
        month_value=D(month), cumulative_value=D(cumulative), prior_cumulative=D(prior), reported_yoy=D(yoy),
    )  # fmt: skip


def target(value, year=2015, level="省", indicator_id=1, unit=1):
    return dict(indicator_id=indicator_id, unit_id=unit, year=year, level=level, value=D(value))


def run(observations, indicators=None, targets=(), behind=5) -> list[dict]:
    result = compute(
        pl.DataFrame(observations, schema=OBSERVATION_SCHEMA, orient="row")
        if observations
        else pl.DataFrame(schema=OBSERVATION_SCHEMA),
        pl.DataFrame(indicators or [indicator()], schema=INDICATOR_SCHEMA, orient="row"),
        pl.DataFrame(list(targets), schema=TARGET_SCHEMA, orient="row")
        if targets
        else pl.DataFrame(schema=TARGET_SCHEMA),
        behind,
    )
    return result.sort("indicator_id", "unit_id", "year", "months").to_dicts()
