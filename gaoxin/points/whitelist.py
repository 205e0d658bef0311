"""The loan whitelist from the stored scores: the engine's whitelist rules (percentile, dishonesty list,
major incident, complete data — gaoxin.engine.points.whitelist) applied to the year's scores, and the
diff of a draft from the last published version. The zone sets the percentile line in
Zone.settings["whitelist_min_percentile"] (default 80)."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl

from gaoxin.assessment.runner import zone_setting
from gaoxin.engine.points import whitelist as engine_whitelist

from .models import Score, WhitelistVersion

DEFAULT_MIN_PERCENTILE = 80.0
FIELDS = ["enterprise_id", "enterprise__uscc", "enterprise__name", "points", "percentile", "rank", "complete",
          "missing", "dishonest_listed", "major_incident"]  # fmt: skip
SCHEMA = {
    "enterprise_id": pl.Int64, "uscc": pl.String, "name": pl.String, "points": pl.Float64, "percentile": pl.Float64,
    "rank": pl.Int64, "complete": pl.Boolean, "missing": pl.String, "dishonest_listed": pl.Boolean,
    "major_incident": pl.Boolean,
}  # fmt: skip


def rules(user=None) -> dict:
    return {"min_percentile": float(zone_setting("whitelist_min_percentile", DEFAULT_MIN_PERCENTILE, user))}


def candidates(year: int, rule: dict) -> pl.DataFrame:
    """Every scored enterprise with ``eligible`` and ``reason`` (the engine's reasons, joined)."""
    rows = Score.objects.filter(year=year, enterprise__deleted_at__isnull=True).values_list(*FIELDS)
    frame = pl.DataFrame(list(rows), schema=SCHEMA, orient="row")
    out = engine_whitelist(SimpleNamespace(points=frame), min_percentile=rule["min_percentile"])
    return out.with_columns(pl.col("reasons").list.join("；").alias("reason"))


def last_version() -> WhitelistVersion | None:
    return WhitelistVersion.objects.order_by("-number").first()


def diff(draft: pl.DataFrame, previous: WhitelistVersion | None) -> list[dict]:
    """Added / removed against the previous version, with the reason of each."""
    now = draft.filter(pl.col("eligible"))
    before = dict(previous.entries.values_list("uscc", "name")) if previous else {}
    out = [
        {"uscc": r["uscc"], "name": r["name"], "change": "added",
         "reason": f"积分 {r['points']:.1f}，百分位 {r['percentile']:.1f}，符合入选规则"}
        for r in now.filter(~pl.col("uscc").is_in(list(before))).iter_rows(named=True)
    ]  # fmt: skip
    reasons = dict(draft.select("uscc", "reason").iter_rows())
    kept = set(now["uscc"].to_list())
    for uscc, name in before.items():
        if uscc not in kept:
            reason = reasons.get(uscc) or "本年度无积分记录（企业已注销或未计算积分）"
            out.append({"uscc": uscc, "name": name, "change": "removed", "reason": reason})
    return out
