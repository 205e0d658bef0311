"""The loan whitelist: which scored enterprises qualify, why the others do not, and the diff between a
draft and the last published version. Rules (Zone.settings["whitelist_rules"], defaults below):
points percentile ≥ ``min_percentile``; not 列入严重失信名单 and no 重大安全质量事故 in the points year or
the year before; data complete (the score has no missing inputs)."""

from __future__ import annotations

import polars as pl

from gaoxin.assessment.runner import zone_setting
from gaoxin.registry.models import EnterpriseYear

from .models import Score, WhitelistVersion

DEFAULT_RULES = {
    "min_percentile": 0.7,
    "exclude_dishonest": True,
    "exclude_incident": True,
    "require_complete": True,
}


def rules(user=None) -> dict:
    return {**DEFAULT_RULES, **(zone_setting("whitelist_rules", {}, user) or {})}


def _flags(year: int) -> pl.DataFrame:
    rows = EnterpriseYear.objects.filter(
        year__in=[year - 1, year], enterprise__deleted_at__isnull=True
    ).values_list("enterprise_id", "dishonest_listed", "major_incident")
    frame = pl.DataFrame(
        list(rows),
        schema={"enterprise_id": pl.Int64, "dishonest": pl.Boolean, "incident": pl.Boolean},
        orient="row",
    )
    return frame.group_by("enterprise_id").agg(pl.col("dishonest").any(), pl.col("incident").any())


def candidates(year: int, rule: dict) -> pl.DataFrame:
    """Every scored enterprise with ``included`` and, when excluded, the ``reason``."""
    rows = Score.objects.filter(year=year, enterprise__deleted_at__isnull=True).values_list(
        "enterprise_id",
        "enterprise__uscc",
        "enterprise__name",
        "points",
        "percentile",
        "rank",
        "complete",
        "missing",
    )
    schema = {
        "enterprise_id": pl.Int64, "uscc": pl.String, "name": pl.String, "points": pl.Float64,
        "percentile": pl.Float64, "rank": pl.Int64, "complete": pl.Boolean, "missing": pl.String,
    }  # fmt: skip
    frame = pl.DataFrame(list(rows), schema=schema, orient="row").join(
        _flags(year), on="enterprise_id", how="left"
    )
    threshold = float(rule["min_percentile"])
    pct = (pl.col("percentile") * 100).round(1).cast(pl.String)
    reason = (
        pl.when(rule["exclude_dishonest"] & pl.col("dishonest").fill_null(False)).then(pl.lit("列入经营异常名录或严重失信名单"))
        .when(rule["exclude_incident"] & pl.col("incident").fill_null(False)).then(pl.lit("发生重大安全质量事故或严重环境违法"))
        .when(rule["require_complete"] & ~pl.col("complete")).then(pl.lit("数据不完整：缺少") + pl.col("missing"))
        .when(pl.col("percentile").fill_null(0) < threshold)
        .then(pl.lit("积分百分位 ") + pct + pl.lit(f"%，低于入选线 {threshold * 100:g}%"))
    )  # fmt: skip
    return frame.with_columns(reason.alias("reason")).with_columns(
        pl.col("reason").is_null().alias("included")
    )


def last_version() -> WhitelistVersion | None:
    return WhitelistVersion.objects.order_by("-number").first()


def diff(draft: pl.DataFrame, previous: WhitelistVersion | None) -> list[dict]:
    """Added / removed against the previous version, with the reason of each."""
    now = draft.filter(pl.col("included"))
    before = {e.uscc: e.name for e in previous.entries.all()} if previous else {}
    out = []
    for r in now.filter(~pl.col("uscc").is_in(list(before))).iter_rows(named=True):
        out.append(
            {
                "uscc": r["uscc"],
                "name": r["name"],
                "change": "added",
                "reason": f"积分 {r['points']:g}，百分位 {r['percentile'] * 100:.1f}%，符合入选规则",
            }
        )
    reasons = dict(draft.select("uscc", "reason").iter_rows())
    kept = set(now["uscc"].to_list())
    for uscc, name in before.items():
        if uscc not in kept:
            out.append(
                {
                    "uscc": uscc,
                    "name": name,
                    "change": "removed",
                    "reason": reasons.get(uscc) or "本年度无积分记录（企业已注销或未计算积分）",
                }
            )
    return out
