"""The monitoring figures read from the database and computed in one pass (``compute.compute``), shaped
for the report command, the API, the pages and the bulletin.

Numbers people read are Decimals rounded half-up: fractions (同比, 完成率, 序时进度) to 0.0001 (= 0.01%),
超/欠序时进度 to 0.01 个百分点, values as stored in the indicator's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from .choices import BEHIND_SETTING, DEFAULT_BEHIND_POINTS, LEVEL_ORDER, IndicatorKind
from .compute import INDICATOR_SCHEMA, OBSERVATION_SCHEMA, STEP, TARGET_SCHEMA, compute
from .lookups import zone_unit
from .models import Indicator, Observation, Target
from .periods import Period, parse_period

FRACTION = Decimal("0.0001")
POINTS = Decimal("0.01")


def fraction(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(FRACTION, rounding=ROUND_HALF_UP)


def points(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(POINTS, rounding=ROUND_HALF_UP)


def plain(value) -> Decimal | None:
    """A stored figure without trailing zeros: 4766.220000 → 4766.22."""
    if value is None:
        return None
    return Decimal(format(Decimal(value).normalize(), "f"))


def _frame(rows, schema) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def computed(
    indicators, observations, targets, years: list[int], behind_points=DEFAULT_BEHIND_POINTS
) -> pl.DataFrame:
    """The computed table of ``years`` for the given (scoped) querysets."""
    ind = _frame(
        (
            (
                i.pk,
                i.kind,
                i.frequency,
                i.reported_growth_only,
                i.higher_is_better,
                i.rank_by,
                i.alert_yoy_below,
                i.alert_value_below,
            )
            for i in indicators
        ),
        INDICATOR_SCHEMA,
    )
    obs = _frame(
        observations.filter(year__in=years).values_list(
            *[f if f != "unit_level" else "unit__level" for f in OBSERVATION_SCHEMA]
        ),
        OBSERVATION_SCHEMA,
    )
    tgt = _frame(targets.filter(year__in=years).values_list(*TARGET_SCHEMA), TARGET_SCHEMA)
    return compute(obs, ind, tgt, behind_points)


@dataclass
class Scope:
    """What one reader sees: the zone's indicators, figures and targets through their scopes."""

    zone: object
    indicators: object
    observations: object
    targets: object

    @classmethod
    def for_user(cls, user):
        from .scopes import scoped_indicators, scoped_observations, scoped_targets

        return cls(user.zone, scoped_indicators(user), scoped_observations(user), scoped_targets(user))

    @classmethod
    def whole_zone(cls, zone):
        return cls(
            zone,
            Indicator.objects.filter(zone=zone),
            Observation.objects.filter(indicator__zone=zone, is_current=True),
            Target.objects.filter(indicator__zone=zone),
        )

    @property
    def behind_points(self):
        return self.zone.setting(BEHIND_SETTING, DEFAULT_BEHIND_POINTS)

    def table(self, years: list[int]) -> pl.DataFrame:
        return computed(list(self.indicators), self.observations, self.targets, years, self.behind_points)


def period_for(indicator: Indicator, month: Period) -> Period | None:
    """The period of ``indicator`` a monthly report of ``month`` shows: the same month, the last quarter
    ended by then, or the year (the last full one before December)."""
    step = STEP[indicator.frequency]
    if step == 12:
        return Period(month.year if month.months == 12 else month.year - 1, 12, "年")
    months = month.months // step * step
    return Period(month.year, months, indicator.frequency) if months else None


def report(scope: Scope, period_text: str, unit=None) -> dict:
    """The ``gaoxin indicators report`` object: one entry per indicator for ``unit`` (default: the zone)."""
    month = parse_period(period_text)
    if month.frequency != "月":
        raise ValueError(f"报告期应为月份（YYYY-MM），而不是“{period_text}”")
    root = zone_unit(scope.zone)
    unit = unit or root
    table = scope.table([month.year - 1, month.year])
    rows = {
        (r["indicator_id"], r["period"]): r
        for r in table.filter(pl.col("unit_id") == unit.pk).iter_rows(named=True)
    }
    all_targets = {}
    for t in sorted(scope.targets.filter(unit=unit, year=month.year), key=lambda t: LEVEL_ORDER[t.level]):
        all_targets.setdefault(t.indicator_id, []).append({"level": t.level, "value": plain(t.value)})
    items = []
    for indicator in scope.indicators.order_by("order", "code"):
        shown = period_for(indicator, month)
        row = rows.get((indicator.pk, shown.code)) if shown else None
        items.append(
            _item(
                indicator,
                shown,
                row,
                all_targets.get(indicator.pk, []) if shown and shown.year == month.year else [],
            )
        )
    return {
        "period": month.code,
        "unit": (scope.zone.short_name or scope.zone.name) if unit == root else unit.name,
        "indicators": items,
    }


def _item(indicator: Indicator, period: Period | None, row: dict | None, targets: list) -> dict:
    row = row or {}
    item = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "period": period.code if period else None,
        "month": plain(row.get("month")),
        "value": plain(row.get("value")),
        "prior": plain(row.get("prior_cumulative")),
        "yoy": fraction(row.get("yoy")),
        "yoy_source": row.get("yoy_source"),
        "target": plain(row.get("target")),
        "target_level": row.get("target_level"),
        "completion": fraction(row.get("completion")),
        "schedule": fraction(row.get("schedule")),
        "ahead": points(row.get("ahead")),
        "rank": row.get("rank"),
        "rank_change": row.get("rank_change"),
        "ranked_units": row.get("ranked_units") or None,
        "targets": targets,
        "alerts": alerts_of(indicator, row),
        "warnings": [],
    }
    if row.get("month_mismatch"):
        item["warnings"].append(
            f"当月值 {plain(row['month_value'])} 与累计值之差 {plain(row['derived_month'])} 不一致（{indicator.unit}）"
        )
    if indicator.kind == IndicatorKind.STOCK:
        item["month"] = None
    return item


def alerts_of(indicator: Indicator, row: dict) -> list[str]:
    out = []
    if row.get("alert_behind"):
        out.append(f"落后序时进度 {abs(points(row['ahead']))} 个百分点")
    if row.get("alert_below"):
        if indicator.alert_yoy_below is not None and row.get("yoy") is not None:
            out.append(
                f"同比 {percent_text(row['yoy'])}，低于预警线 {percent_text(indicator.alert_yoy_below)}"
            )
        else:
            out.append(
                f"{plain(row['value'])}{indicator.unit}，低于预警线 {plain(indicator.alert_value_below)}{indicator.unit}"
            )
    return out


def percent_text(value) -> str:
    """0.228832 → 22.88%; None → —."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(POINTS, rounding=ROUND_HALF_UP)}%"


def ahead_text(value) -> str:
    """1.42 → 超序时进度 1.42 个百分点; −3.5 → 欠序时进度 3.50 个百分点."""
    if value is None:
        return "—"
    p = points(value)
    return f"{'超' if p >= 0 else '欠'}序时进度 {abs(p)} 个百分点"


def _shaped(row: dict) -> dict:
    return {
        "period": row["period"],
        "month": plain(row["month"]),
        "value": plain(row["value"]),
        "prior": plain(row["prior_cumulative"]),
        "yoy": fraction(row["yoy"]),
        "yoy_source": row["yoy_source"],
        "target": plain(row["target"]),
        "completion": fraction(row["completion"]),
        "schedule": fraction(row["schedule"]),
        "ahead": points(row["ahead"]),
        "rank": row["rank"],
        "rank_change": row["rank_change"],
        "mismatch": bool(row["month_mismatch"]),
        "derived_month": plain(row["derived_month"]),
    }


def series(table: pl.DataFrame, indicator: Indicator, unit_id: int, year: int) -> list[dict]:
    """Every period of ``year`` for one indicator and unit, in order (the trend and the indicator page)."""
    rows = table.filter(
        (pl.col("indicator_id") == indicator.pk) & (pl.col("unit_id") == unit_id) & (pl.col("year") == year)
    ).sort("months")
    return [_shaped(r) for r in rows.iter_rows(named=True)]


def ranking(table: pl.DataFrame, indicator: Indicator, period: Period, names: dict[int, str]) -> list[dict]:
    """The units below the zone for one indicator and period, best first, with the change in rank."""
    rows = table.filter(
        (pl.col("indicator_id") == indicator.pk)
        & (pl.col("year") == period.year)
        & (pl.col("months") == period.months)
        & (pl.col("unit_level") > 1)
    ).sort("rank", nulls_last=True)
    return [{"unit": names.get(r["unit_id"], ""), **_shaped(r)} for r in rows.iter_rows(named=True)]


PUBLIC_KEYS = (
    "code",
    "name",
    "unit",
    "month",
    "value",
    "prior",
    "yoy",
    "target",
    "completion",
    "schedule",
    "ahead",
    "targets",
)


def public(data: dict) -> dict:
    """The report as the command's --json and the API give it: exactly the documented keys."""
    return {
        "period": data["period"],
        "unit": data["unit"],
        "indicators": [{k: i[k] for k in PUBLIC_KEYS} for i in data["indicators"]],
    }
