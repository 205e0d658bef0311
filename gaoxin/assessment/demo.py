"""Demo step 40 (after the registry): assess the current year, mark a few 储备 enterprises 培育 and
申报, compute the innovation points and publish one whitelist — so every page shows real data."""

from __future__ import annotations

import polars as pl


def build(ctx) -> None:
    from gaoxin.core.context import Actor
    from gaoxin.points.demo import build as build_points
    from gaoxin.registry.models import Enterprise

    from .actions import run_assessment, set_stage
    from .choices import Stage
    from .ladder import ladder
    from .runner import near_gap

    actor = Actor.system("demo")
    run = run_assessment(ctx.today.year, actor)
    ctx.progress(f"资质评估 {run.year} 年度：{run.enterprise_count} 家企业，{run.verdict_count} 条结论")
    frame = ladder(Enterprise.objects.values("pk"), run.year, near_gap())
    reserve = frame.filter(pl.col("stage") == Stage.RESERVE.value).sort("distance", "enterprise_id").head(8)
    ents = Enterprise.objects.in_bulk(reserve["enterprise_id"].to_list())
    for i, r in enumerate(reserve.iter_rows(named=True)):
        stage = Stage.APPLY if i % 3 == 2 else Stage.CULTIVATE
        set_stage(ents[r["enterprise_id"]], r["track"], stage, actor, r["target"], "演示：包联干部跟进")
    ctx.progress(f"梯度培育：{reserve.height} 家企业标记为培育/申报")
    build_points(ctx)
