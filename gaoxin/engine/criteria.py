"""The criteria frame: one row per enterprise × criterion with value, threshold, gap and missing
fields, read from the columns of the zone pass. Gap texts are built only for the rows that fail, and
only when asked for (string building is the costly part)."""

from __future__ import annotations

import polars as pl

from gaoxin.engine import units
from gaoxin.engine.evaluate import CritPlan, gap_steps, verdict_expr
from gaoxin.engine.missing import missing_on, nulls
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


def gap_texts(steps: pl.Series, failing: pl.Series, g: Gap | None) -> pl.Series:
    """Gap texts on the failing rows only (string building is the costly part)."""
    text = nulls("gap_text", len(steps), pl.String)
    rows = failing.arg_true()
    if g is None or not len(rows):
        return text
    texts = steps[rows].to_frame("g").select(_gap_text_expr(g, pl.col("g")))
    return text.scatter(rows, texts.to_series())


def criterion_frame(a, c: CritPlan, enums: dict, texts: bool = True) -> pl.DataFrame:
    """Rows of one criterion for every enterprise (cached on the assessment); with
    ``texts`` the gap texts and the enterprise code as text, else ``uscc`` stays categorical."""
    cache = a.__dict__.setdefault("_criterion_frames", {})
    if c.key not in cache:
        cache[c.key] = _criterion_data(a, c, enums)
    frame = cache[c.key]
    if not texts:
        return frame
    failing = (frame["verdict"] == "不符合").fill_null(False)
    return frame.with_columns(
        pl.col("uscc").cast(pl.String), gap_text=gap_texts(frame["gap_base"], failing, c.crit.gap)
    ).select(COLUMNS)


COLUMNS = [
    "uscc", "rule", "version", "criterion", "verdict", "value", "threshold", "unit", "gap", "gap_base",
    "gap_unit", "gap_text", "missing", "doc_ref", "unverified",
]  # fmt: skip


def _criterion_data(a, c: CritPlan, enums: dict) -> pl.DataFrame:
    a._explain()
    g = c.crit.gap
    ok = a.wide[c.key + "ok"]
    gap_base = (
        a.wide.select(gap_steps(pl.col(c.key + "gap"))).to_series()
        if g is not None
        else nulls("gap", a.wide.height, pl.Int64)
    )
    missing = missing_on(a.source, ok.is_null(), list(c.refs.values()))
    return a.wide.select(_columns(c, enums, pl.lit(enums["uscc"]), pl.lit(gap_base), pl.lit(missing)))


def _columns(c: CritPlan, enums: dict, uscc: pl.Expr, gap_base: pl.Expr, missing: pl.Expr) -> list[pl.Expr]:
    g = c.crit.gap
    quantum = float(g.quantum) * (100 if g.unit in ("ratio", "lit") else 1) if g else None

    return [
        uscc.alias("uscc"),
        pl.lit(c.rule.id, enums["rule"]).alias("rule"),
        pl.lit(c.rule.version, enums["version"]).alias("version"),
        pl.lit(c.crit.id, enums["criterion"]).alias("criterion"),
        verdict_expr(pl.col(c.key + "ok")).alias("verdict"),
        c.shown("value").alias("value"),
        c.shown("threshold").alias("threshold"),
        pl.lit(c.crit.unit, enums["unit"]).alias("unit"),
        (gap_base.cast(pl.Float64) * quantum if g else pl.lit(None, pl.Float64)).alias("gap"),
        gap_base.alias("gap_base"),
        pl.lit(g.unit_label if g else None, enums["unit"]).alias("gap_unit"),
        missing.alias("missing"),
        pl.lit(c.crit.doc_ref, enums["doc_ref"]).alias("doc_ref"),
        pl.lit(c.crit.unverified is not None).alias("unverified"),
    ]


def _few(a, enums: dict) -> pl.DataFrame:
    """The text form for a few enterprises (explanations, what-if): every criterion's rows as one lazy
    query, texts built per row — no per-criterion round trips, which dominate at this size."""
    parts = []
    for p in a.plans:
        for c in p.crits:
            ok, g = pl.col(c.key + "ok"), c.crit.gap
            gap = gap_steps(pl.col(c.key + "gap")) if g is not None else pl.lit(None, pl.Int64)
            labels = [pl.when(null).then(pl.lit(label)) for label, null in c.refs.values()]
            listed = pl.concat_str(labels, separator="、", ignore_nulls=True) if labels else pl.lit("")
            missing = pl.when(ok.is_null() & (listed != "")).then(listed).cast(pl.Categorical)
            text = pl.when(ok.not_()).then(_gap_text_expr(g, gap)) if g else pl.lit(None, pl.String)
            cols = _columns(c, enums, pl.col("uscc"), gap, missing) + [text.alias("gap_text")]
            parts.append(a.wide.lazy().select(cols).select(COLUMNS))
    return pl.concat(parts).collect()


def enums_for(a) -> dict:
    crits = [c for p in a.plans for c in p.crits]

    def enum(values):
        return pl.Enum(sorted(set(values)))

    return {
        "uscc": a.codes,  # shared by every criterion's rows
        "rule": enum(c.rule.id for c in crits),
        "version": enum(c.rule.version for c in crits),
        "criterion": enum(c.crit.id for c in crits),
        "doc_ref": enum(c.crit.doc_ref for c in crits),
        "unit": enum([c.crit.unit for c in crits] + [c.crit.gap.unit_label for c in crits if c.crit.gap]),
    }


def long_criteria(a, texts: bool = True) -> pl.DataFrame:
    """Every enterprise × criterion. Without ``texts`` (zone scale): no gap texts, ``uscc``
    categorical — the numbers every explanation is made of, at a fraction of the cost."""
    enums = enums_for(a)
    if texts and a.detail and any(p.crits for p in a.plans):
        return _few(a, enums)
    frames = [criterion_frame(a, c, enums, texts) for p in a.plans for c in p.crits]
    return pl.concat(frames) if frames else pl.DataFrame()
