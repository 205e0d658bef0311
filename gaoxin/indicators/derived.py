"""派生 indicators over the registry: a rule-language condition counted per unit and year.

``sales_revenue[y] >= 10亿元`` → the number of enterprises meeting it in year y, for the zone and for
each street/park (an enterprise counts for the level-2 unit its own unit lies under). The counts are
stored as ordinary observations of the annual period (source: the formula), so they are ranked,
compared with targets and traced like reported figures.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from gaoxin.engine.conditions import check_condition, condition_truth

SOURCE = "派生：{formula}（企业库 {year} 年数据）"


def check_formula(formula: str) -> str | None:
    return check_condition(formula.strip())


def counts_by_unit(formula: str, zone, year: int) -> dict[int, Decimal]:
    """unit id → count (the zone's root unit included) of enterprises meeting ``formula`` in ``year``."""
    from gaoxin.assessment.frames import build_frames
    from gaoxin.registry.models import Enterprise

    from .lookups import zone_unit

    root = zone_unit(zone)
    enterprises = Enterprise.objects.filter(unit__zone=zone)
    frames = build_frames(year, enterprises)
    truth = condition_truth(formula.strip(), frames.years, frames.enterprises, year)
    paths = pl.DataFrame(
        list(enterprises.values_list("uscc", "unit__path")),
        schema={"uscc": pl.String, "path": pl.String},
        orient="row",
    )
    met = truth.filter(pl.col("ok").fill_null(False)).join(paths, on="uscc", how="inner")
    # path "000001/000007/…": the second segment is the level-2 unit (street, town, park or department)
    by_unit = met.group_by(pl.col("path").str.slice(7, 6).alias("unit")).len()
    counts = {int(u): Decimal(n) for u, n in by_unit.iter_rows() if u}
    counts[root.pk] = Decimal(met.height)
    return counts
