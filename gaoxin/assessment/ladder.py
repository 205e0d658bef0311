"""The cultivation ladder (梯度培育): each enterprise's stage on each track, computed in one Polars pass
from held qualifications, stored verdicts and the manual marks. The rules are in docs/assessment.md:

- 申报 / 培育: a manual mark whose target tier is above the highest tier held;
- 成长: holds a tier and is *close* to a higher tier of the track;
- 认定: holds a tier and is close to no higher tier;
- 储备: holds no tier of the track and is close to one;
- otherwise not on the track.

*Close* to a tier: its stored verdict is 符合, or 不符合 with a distance ≤ the zone's near-gap threshold
(distance = the largest |threshold − value| / |threshold| over the failed criteria).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Q
from django.utils import timezone

from gaoxin.registry.models import Qualification

from .choices import RULES, TRACK_TIERS, Stage
from .models import LadderMark, Verdict

TIERS = pl.DataFrame(
    [(track, rule, i) for track, tiers in TRACK_TIERS.items() for i, rule in enumerate(tiers)],
    schema={"track": pl.String, "rule": pl.String, "tier": pl.Int64},
    orient="row",
)
LADDER_SCHEMA = {
    "enterprise_id": pl.Int64, "track": pl.String, "stage": pl.String, "target": pl.String,
    "held": pl.String, "distance": pl.Float64,
}  # fmt: skip


def valid_on(day: dt.date) -> Q:
    return Q(granted_on__lte=day) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))


def held_tier(enterprise, track: str, day: dt.date | None = None) -> int:
    """Index of the highest tier of ``track`` the enterprise holds on ``day`` (-1: none)."""
    tiers = TRACK_TIERS[track]
    kinds = Qualification.objects.filter(
        valid_on(day or timezone.localdate()), enterprise=enterprise, kind__in=tiers
    )
    held = [tiers.index(k) for k in kinds.values_list("kind", flat=True)]
    return max(held, default=-1)


def _frame(rows, schema) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def ladder(enterprise_ids, year: int, near: float, day: dt.date | None = None) -> pl.DataFrame:
    """Stage per (enterprise, track) for the given enterprises (a queryset of ids or a list)."""
    day = day or timezone.localdate()
    all_tiers = [r for tiers in TRACK_TIERS.values() for r in tiers]
    held = _frame(
        Qualification.objects.filter(valid_on(day), enterprise__in=enterprise_ids, kind__in=all_tiers)
        .values_list("enterprise_id", "kind")
        .distinct(),
        {"enterprise_id": pl.Int64, "rule": pl.String},
    ).join(TIERS, on="rule")
    # Only close verdicts can place an enterprise (see ``stages``): the others are not read at all — a
    # zone of 50,000 enterprises has 400,000 verdicts of these rules, a small part of them close.
    close = Verdict.objects.filter(
        year=year, enterprise__in=enterprise_ids, rule__in=all_tiers, distance__lte=near
    )
    verdicts = _frame(
        close.values_list("enterprise_id", "rule", "distance"),
        {"enterprise_id": pl.Int64, "rule": pl.String, "distance": pl.Float64},
    ).join(TIERS, on="rule")
    marks = _frame(
        LadderMark.objects.filter(enterprise__in=enterprise_ids)
        .exclude(stage="")
        .values_list("enterprise_id", "track", "stage", "target"),
        {"enterprise_id": pl.Int64, "track": pl.String, "mark": pl.String, "mark_target": pl.String},
    )
    return stages(held, verdicts, marks, near)


def stages(held: pl.DataFrame, verdicts: pl.DataFrame, marks: pl.DataFrame, near: float) -> pl.DataFrame:
    """The stage rules on frames: held (enterprise_id, track, tier, rule), verdicts (…, distance), marks."""
    top = held.group_by("enterprise_id", "track").agg(pl.col("tier").max().alias("held_tier"))
    top = top.join(TIERS.rename({"rule": "held", "tier": "held_tier"}), on=["track", "held_tier"])
    keys = pl.concat(
        [
            top.select("enterprise_id", "track"),
            verdicts.select("enterprise_id", "track"),
            marks.select("enterprise_id", "track"),
        ]
    ).unique()
    base = keys.join(top, on=["enterprise_id", "track"], how="left").with_columns(
        pl.col("held_tier").fill_null(-1)
    )
    close = (
        verdicts.join(base.select("enterprise_id", "track", "held_tier"), on=["enterprise_id", "track"])
        .filter((pl.col("tier") > pl.col("held_tier")) & (pl.col("distance") <= near))
        .sort("tier")
        .group_by("enterprise_id", "track", maintain_order=True)
        .agg(pl.col("rule").first().alias("close_rule"), pl.col("distance").first().alias("close_distance"))
    )
    marks = marks.join(
        TIERS.rename({"rule": "mark_target", "tier": "mark_tier"}), on=["track", "mark_target"]
    )
    frame = base.join(close, on=["enterprise_id", "track"], how="left").join(
        marks, on=["enterprise_id", "track"], how="left"
    )
    marked = pl.col("mark").is_not_null() & (pl.col("mark_tier") > pl.col("held_tier"))
    holds = pl.col("held_tier") >= 0
    near_next = pl.col("close_rule").is_not_null()
    stage = (
        pl.when(marked).then(pl.col("mark"))
        .when(holds & near_next).then(pl.lit(Stage.GROWTH.value))
        .when(holds).then(pl.lit(Stage.RECOGNISED.value))
        .when(near_next).then(pl.lit(Stage.RESERVE.value))
    )  # fmt: skip
    target = pl.when(marked).then(pl.col("mark_target")).when(near_next).then(pl.col("close_rule"))
    target = target.otherwise(pl.col("held"))
    distance = pl.when(marked).then(None).otherwise(pl.col("close_distance"))
    out = frame.select(
        "enterprise_id",
        "track",
        stage.alias("stage"),
        target.alias("target"),
        "held",
        distance.alias("distance"),
    )
    return out.filter(pl.col("stage").is_not_null()).cast(LADDER_SCHEMA)


def funnel(frame: pl.DataFrame) -> dict[str, list[tuple[str, str, int]]]:
    """{track: [(stage, label, count)] in funnel order}."""
    counts = {(t, s): n for t, s, n in frame.group_by("track", "stage").len().iter_rows()}
    return {
        track: [(s.value, s.label, counts.get((track, s.value), 0)) for s in Stage] for track in TRACK_TIERS
    }


def funnel_option(track_label: str, rows: list[tuple[str, str, int]]) -> dict:
    """ECharts option (data-echarts) of the ladder as a bar funnel: one horizontal bar per stage, in
    ladder order from the top, with its count at the end. An ECharts funnel with ``sort: none`` drew a
    diamond whose widths did not read as counts."""
    return {
        "title": {"text": track_label, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 家"},
        "grid": {"left": 10, "right": 50, "top": 40, "bottom": 10, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1, "name": "家"},
        "yAxis": {"type": "category", "inverse": True, "data": [label for _, label, _ in rows]},
        "series": [
            {
                "type": "bar", "barMaxWidth": 28,
                "label": {"show": True, "position": "right", "formatter": "{c} 家"},
                "data": [{"name": label, "value": n, "stage": s} for s, label, n in rows],
            }
        ],
    }  # fmt: skip


def rule_label(rule: str | None) -> str:
    return RULES.get(rule or "", rule or "—")
