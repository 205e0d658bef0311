"""The criteria frame: one row per enterprise × criterion with value, threshold, gap and missing
fields, derived from the wide frame of the zone pass. Gaps and their texts are computed only for the
rows that fail (most rows pass or are unknown, and string building is the costly part)."""

from __future__ import annotations

import polars as pl

from gaoxin.engine import units
from gaoxin.engine.evaluate import CritPlan, missing_on, nulls, verdict_expr
from gaoxin.engine.lang import values as v
from gaoxin.engine.ruleset import Gap


def _gap_text_expr(g: Gap, gap: pl.Expr) -> pl.Expr:
    if g.unit == "money":
        amount = units.money_text_expr(gap)
    elif g.unit in ("ratio", "lit"):
        amount = ((gap.cast(pl.Float64) / 100).ceil() / 100).cast(pl.String) + pl.lit(" " + g.unit_label)
    elif g.unit == "usd100m":
        amount = (gap.cast(pl.Float64) / 10_000).cast(pl.String) + pl.lit(g.unit_label)
    else:
        amount = gap.cast(pl.String) + pl.lit(" " + g.unit_label)
    verb = "还差 " if g.direction > 0 else "还需减少 "
    return (
        pl.when(gap.is_not_null())
        .then(pl.lit(g.label + verb) + amount)
        .otherwise(pl.lit(f"仅调整{g.label}无法达到"))
    )


def gaps(wide: pl.DataFrame, c: CritPlan) -> tuple[pl.Series, pl.Series]:
    """(gap steps, gap text) for one criterion, computed on the failing rows only."""
    base = nulls("gap_base", wide.height, pl.Int64)
    text = nulls("gap_text", wide.height, pl.String)
    if c.need is None:
        return base, text
    rows = (wide[c.key + "ok"] == False).arg_true()  # noqa: E712
    if len(rows):
        sub = wide.select(list(dict.fromkeys(c.need.meta.root_names())))[rows]
        steps = sub.select(pl.when(c.need < v.INF).then(c.need).cast(pl.Int64).alias("g"))
        texts = steps.select(_gap_text_expr(c.crit.gap, pl.col("g")))
        base, text = base.scatter(rows, steps.to_series()), text.scatter(rows, texts.to_series())
    return base, text


def criterion_frame(a, c: CritPlan, enums: dict) -> pl.DataFrame:
    """Rows of one criterion for every enterprise (cached on the assessment for cli_table)."""
    cache = a.__dict__.setdefault("_criterion_frames", {})
    if c.key in cache:
        return cache[c.key]
    g = c.crit.gap
    ok = pl.col(c.key + "ok")
    gap_base, gap_text = gaps(a.wide, c)
    unknown = a.wide[c.key + "ok"].is_null().arg_true()
    missing = missing_on(a.wide, unknown, list(c.refs.values()))
    quantum = float(g.quantum) * (100 if g.unit in ("ratio", "lit") else 1) if g else None
    frame = a.wide.select(
        pl.col("uscc"),
        pl.lit(c.rule.id, enums["rule"]).alias("rule"),
        pl.lit(c.rule.version, enums["version"]).alias("version"),
        pl.lit(c.crit.id, enums["criterion"]).alias("criterion"),
        verdict_expr(ok).alias("verdict"),
        (c.value if c.value is not None else pl.lit(None, pl.Float64)).alias("value"),
        (c.threshold if c.threshold is not None else pl.lit(None, pl.Float64)).alias("threshold"),
        pl.lit(c.crit.unit, enums["unit"]).alias("unit"),
    ).with_columns(
        (gap_base.cast(pl.Float64) * quantum if g else pl.lit(None, pl.Float64)).alias("gap"),
        gap_base.alias("gap_base"),
        pl.lit(g.unit_label if g else None, enums["unit"]).alias("gap_unit"),
        gap_text.alias("gap_text"),
        missing.alias("missing"),
        pl.lit(c.crit.doc_ref, enums["doc_ref"]).alias("doc_ref"),
        pl.lit(c.crit.unverified is not None).alias("unverified"),
    )
    cache[c.key] = frame
    return frame


def enums_for(a) -> dict:
    crits = [c for p in a.plans for c in p.crits]

    def enum(values):
        return pl.Enum(sorted(set(values)))

    return {
        "rule": enum(c.rule.id for c in crits),
        "version": enum(c.rule.version for c in crits),
        "criterion": enum(c.crit.id for c in crits),
        "doc_ref": enum(c.crit.doc_ref for c in crits),
        "unit": enum([c.crit.unit for c in crits] + [c.crit.gap.unit_label for c in crits if c.crit.gap]),
    }


def long_criteria(a) -> pl.DataFrame:
    enums = enums_for(a)
    frames = [criterion_frame(a, c, enums) for p in a.plans for c in p.crits]
    return pl.concat(frames) if frames else pl.DataFrame()
