"""Demo: the year's innovation points and one published whitelist (demo step 45, after the assessment it reads)."""

from __future__ import annotations


def build(ctx) -> None:
    from gaoxin.core.context import Actor

    from .actions import publish_whitelist, run_points
    from .compute import PointsUnavailable

    actor = Actor.system("demo")
    try:
        run = run_points(ctx.today.year, actor)
    except PointsUnavailable as exc:
        ctx.progress(f"创新积分：跳过（{exc}）")
        return
    version = publish_whitelist(actor, "演示：首次发布", run.year)
    ctx.progress(f"创新积分 {run.count} 家；白名单第 {version.number} 版 {version.entry_count} 家")
