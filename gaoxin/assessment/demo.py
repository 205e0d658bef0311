"""Demo step (after the registry): assess the current year, mark a few enterprises 培育/申报."""

from __future__ import annotations


def build(ctx) -> None:
    from gaoxin.core.context import Actor

    from .actions import run_assessment

    actor = Actor.system("demo")
    run = run_assessment(ctx.today.year, actor)
    ctx.progress(f"资质评估 {run.year} 年度：{run.enterprise_count} 家企业，{run.verdict_count} 条结论")
