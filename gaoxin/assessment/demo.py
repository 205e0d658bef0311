"""Demo step 40 (after the registry): assess the current year, mark a few 储备 enterprises 培育 and
申报 — so every page shows real data (the innovation points follow in gaoxin.points.demo, step 45)."""

from __future__ import annotations

import polars as pl


def build(ctx) -> None:
    from gaoxin.core.context import Actor
    from gaoxin.registry.models import Enterprise

    from .actions import run_assessment, set_stage
    from .choices import Stage
    from .ladder import ladder
    from .runner import near_gap

    actor = Actor.system("demo")
    _confirmations(ctx, ctx.today.year, actor)
    run = run_assessment(ctx.today.year, actor)
    ctx.progress(f"资质评估 {run.year} 年度：{run.enterprise_count} 家企业，{run.verdict_count} 条结论")
    frame = ladder(Enterprise.objects.values("pk"), run.year, near_gap())
    reserve = frame.filter(pl.col("stage") == Stage.RESERVE.value).sort("distance", "enterprise_id").head(8)
    ents = Enterprise.objects.in_bulk(reserve["enterprise_id"].to_list())
    for i, r in enumerate(reserve.iter_rows(named=True)):
        stage = Stage.APPLY if i % 3 == 2 else Stage.CULTIVATE
        set_stage(ents[r["enterprise_id"]], r["track"], stage, actor, r["target"], "演示：包联干部跟进")
    ctx.progress(f"梯度培育：{reserve.height} 家企业标记为培育/申报")


def _confirmations(ctx, year: int, actor) -> None:
    """What staff confirm by hand in a real zone (SME status, restricted industries, quality items …) and the
    HTE expert scores of enterprises that applied: without them most verdicts would stay 数据不足."""
    from gaoxin.core.actions import change_row
    from gaoxin.core.models import ObjectChange
    from gaoxin.registry.choices import QualificationKind
    from gaoxin.registry.models import Enterprise, Qualification

    from .models import EnterpriseInput

    rng = ctx.rng
    hte_holders = set(
        Qualification.objects.filter(kind=QualificationKind.HTE).values_list("enterprise_id", flat=True)
    )
    rows = []
    for pk, domain in Enterprise.objects.order_by("pk").values_list("pk", "hitech_domain"):
        values = {
            "industry_restricted": rng.random() < 0.01,
            "is_sme": rng.random() < 0.93,
            "strategic_emerging": bool(domain) and rng.random() < 0.8,
            "digital_level": rng.randint(1, 4),
            "quality_items": rng.randint(0, 4),
            "management_certified": rng.random() < 0.6,
            "own_brand": rng.random() < 0.5,
            "info_system_core_business": rng.random() < 0.7,
            "srdi_local_points": rng.randint(5, 15),
            "srdi_product_domain_points": rng.choice((0, 3, 5)),
        }
        if pk in hte_holders or rng.random() < 0.1:
            values.update(
                hte_expert_advancement=rng.randint(4, 8),
                hte_expert_core_support=rng.randint(4, 8),
                hte_expert_acquisition=rng.randint(3, 6),
                hte_expert_standards=rng.randint(0, 2),
                hte_expert_rd_management=rng.randint(10, 18),
            )
        rows.append(EnterpriseInput(enterprise_id=pk, year=year, values=values))
    created = EnterpriseInput.objects.bulk_create(rows, batch_size=1000)
    ObjectChange.objects.bulk_create(
        [change_row(r, "create", None, r.snapshot(), actor) for r in created], batch_size=1000
    )
    ctx.progress(f"评估补充录入（人工确认项、高企专家评分）：{len(created)} 家企业")
