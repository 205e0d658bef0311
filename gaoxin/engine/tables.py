"""Per-rule result tables — the zone-scale form of an assessment. One row per enterprise: the verdict,
the score and its range, the missing fields, and per criterion its verdict, value, threshold and gap
in natural units (money in 元, exact). Read straight from the zone pass's columns by one selection per
rule: no reshaping into enterprise × criterion rows (56M rows at 1M enterprises), no texts.

The CLI table (``gaoxin assess --out``) is these tables stacked, as text; gap sentences are built for
the rows someone reads (``Assessment.criteria`` for a few enterprises, ``criteria.gap_texts``)."""

from __future__ import annotations

import polars as pl

from gaoxin.engine.evaluate import RulePlan, gap_steps, verdict_expr
from gaoxin.engine.ruleset import Gap

EXTRA = ["得分下限", "得分上限", "缺少数据"]  # after the criteria columns in the CLI table


def gap_amount(gap_spec: Gap | None, steps: pl.Expr) -> pl.Expr:
    """Gap steps in natural units: money as exact 元 (2 decimals), ratio gaps in percentage points,
    亿美元 for valuations, counts as integers."""
    if gap_spec is None:
        return pl.lit(None, pl.String)
    if gap_spec.unit == "money":
        return steps.cast(pl.Decimal(20, 2)) / 100
    if gap_spec.unit in ("ratio", "lit", "usd100m"):
        return steps.cast(pl.Float64) / 10_000
    return steps


def criterion_columns(plan: RulePlan) -> list[pl.Expr]:
    out = []
    for crit in plan.crits:
        cid = crit.criterion.id
        steps = gap_steps(pl.col(crit.key + "gap")) if crit.need is not None else pl.lit(None, pl.Int64)
        out += [
            verdict_expr(pl.col(crit.key + "ok")).alias(f"{cid}.结论"),
            crit.shown("value").alias(f"{cid}.值"),
            crit.shown("threshold").alias(f"{cid}.阈值"),
            gap_amount(crit.criterion.gap, steps).alias(f"{cid}.差距"),
        ]
    return out


def _columns(plan: RulePlan) -> list[pl.Expr]:
    none = pl.lit(None, pl.Int64)
    lo, hi = (pl.col(plan.key + "lo"), pl.col(plan.key + "hi")) if plan.score is not None else (none, none)
    fixed = [
        pl.col("uscc").alias("统一社会信用代码"),  # shared buffers: each table points to the same strings
        pl.lit(plan.rule.id).cast(pl.Categorical).alias("资质"),
        pl.col(plan.key + "verdict").alias("结论"),
        pl.when(lo == hi).then(lo).cast(pl.Int64).alias("得分"),
    ]
    return (
        fixed
        + criterion_columns(plan)
        + [lo.cast(pl.Int64).alias("得分下限"), hi.cast(pl.Int64).alias("得分上限")]
    )


def rule_tables(assessment) -> dict[str, pl.DataFrame]:
    """Every rule's table for every enterprise of the assessment ``a``. The selections run as one batch
    of queries (``collect_all``): at 1M, 0.07 s against 0.2–0.26 s one eager select after another."""
    assessment._explain()
    tables = pl.collect_all([assessment.wide.lazy().select(_columns(plan)) for plan in assessment.plans])
    return {
        plan.rule.id: table.with_columns(missing_list.alias("缺少数据"))
        for plan, table, missing_list in zip(assessment.plans, tables, assessment.missing, strict=True)
    }


def stacked(assessment) -> pl.DataFrame:
    """Every rule's table stacked (one row per enterprise × rule) as text and numbers: the CLI table."""
    frames = []
    for table in assessment.tables.values():
        frames.append(table.with_columns(pl.col(pl.Categorical, pl.Enum).cast(pl.String)))
    if not frames:
        return pl.DataFrame()
    out = pl.concat(frames, how="diagonal_relaxed")
    return out.select([crit for crit in out.columns if crit not in EXTRA] + EXTRA)
