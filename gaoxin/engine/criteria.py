"""The criteria frame: one row per enterprise × criterion with value, threshold, gap and missing
fields, read from the columns of the zone pass. Gap texts are built only for the rows that fail, and
only when asked for (string building is the costly part)."""

from __future__ import annotations

import polars as pl

from gaoxin.engine import units
from gaoxin.engine.evaluate import CritPlan, gap_steps, verdict_expr
from gaoxin.engine.missing import missing_on, nulls
from gaoxin.engine.ruleset import Gap


def _gap_text_expr(gap_spec: Gap, gap: pl.Expr) -> pl.Expr:
    if gap_spec.unit == "money":
        amount = units.money_text_expr(gap)
    elif gap_spec.unit in ("ratio", "lit"):
        amount = ((gap.cast(pl.Float64) / 100).ceil() / 100).cast(pl.String) + pl.lit(
            " " + gap_spec.unit_label
        )
    elif gap_spec.unit == "usd100m":
        amount = (gap.cast(pl.Float64) / 10_000).cast(pl.String) + pl.lit(gap_spec.unit_label)
    else:
        amount = gap.cast(pl.String) + pl.lit(" " + gap_spec.unit_label)
    verb = "还差 " if gap_spec.direction > 0 else "还需减少 "
    return (
        pl.when(gap.is_not_null())
        .then(pl.lit(gap_spec.label + verb) + amount)
        .otherwise(pl.lit(f"仅调整{gap_spec.label}无法达到"))
    )


def gap_texts(steps: pl.Series, failing: pl.Series, gap_spec: Gap | None) -> pl.Series:
    """Gap texts on the failing rows only (string building is the costly part)."""
    text = nulls("gap_text", len(steps), pl.String)
    rows = failing.arg_true()
    if gap_spec is None or not len(rows):
        return text
    texts = steps[rows].to_frame("g").select(_gap_text_expr(gap_spec, pl.col("g")))
    return text.scatter(rows, texts.to_series())


def criterion_frame(assessment, crit: CritPlan, enums: dict, texts: bool = True) -> pl.DataFrame:
    """Rows of one criterion for every enterprise (cached on the assessment); with
    ``texts`` the gap texts and the enterprise code as text, else ``uscc`` stays categorical."""
    cache = assessment.__dict__.setdefault("_criterion_frames", {})
    if crit.key not in cache:
        cache[crit.key] = _criterion_data(assessment, crit, enums)
    frame = cache[crit.key]
    if not texts:
        return frame
    failing = (frame["verdict"] == "不符合").fill_null(False)
    return frame.with_columns(
        pl.col("uscc").cast(pl.String), gap_text=gap_texts(frame["gap_base"], failing, crit.criterion.gap)
    ).select(COLUMNS)


COLUMNS = [
    "uscc", "rule", "version", "criterion", "verdict", "value", "threshold", "unit", "gap", "gap_base",
    "gap_unit", "gap_text", "missing", "doc_ref", "unverified",
]  # fmt: skip


def _criterion_data(assessment, crit: CritPlan, enums: dict) -> pl.DataFrame:
    assessment._explain()
    gap_spec = crit.criterion.gap
    ok = assessment.wide[crit.key + "ok"]
    gap_base = (
        assessment.wide.select(gap_steps(pl.col(crit.key + "gap"))).to_series()
        if gap_spec is not None
        else nulls("gap", assessment.wide.height, pl.Int64)
    )
    missing = missing_on(assessment.source, ok.is_null(), list(crit.refs.values()))
    return assessment.wide.select(
        _columns(crit, enums, pl.lit(enums["uscc"]), pl.lit(gap_base), pl.lit(missing))
    )


def _columns(
    crit: CritPlan, enums: dict, uscc: pl.Expr, gap_base: pl.Expr, missing: pl.Expr
) -> list[pl.Expr]:
    gap_spec = crit.criterion.gap
    quantum = (
        float(gap_spec.quantum) * (100 if gap_spec.unit in ("ratio", "lit") else 1) if gap_spec else None
    )

    return [
        uscc.alias("uscc"),
        pl.lit(crit.rule.id, enums["rule"]).alias("rule"),
        pl.lit(crit.rule.version, enums["version"]).alias("version"),
        pl.lit(crit.criterion.id, enums["criterion"]).alias("criterion"),
        verdict_expr(pl.col(crit.key + "ok")).alias("verdict"),
        crit.shown("value").alias("value"),
        crit.shown("threshold").alias("threshold"),
        pl.lit(crit.criterion.unit, enums["unit"]).alias("unit"),
        (gap_base.cast(pl.Float64) * quantum if gap_spec else pl.lit(None, pl.Float64)).alias("gap"),
        gap_base.alias("gap_base"),
        pl.lit(gap_spec.unit_label if gap_spec else None, enums["unit"]).alias("gap_unit"),
        missing.alias("missing"),
        pl.lit(crit.criterion.doc_ref, enums["doc_ref"]).alias("doc_ref"),
        pl.lit(crit.criterion.unverified is not None).alias("unverified"),
    ]


def _few(assessment, enums: dict) -> pl.DataFrame:
    """The text form for a few enterprises (explanations, what-if): every criterion's rows as one lazy
    query, texts built per row — no per-criterion round trips, which dominate at this size."""
    parts = []
    for plan in assessment.plans:
        for crit in plan.crits:
            ok, gap_spec = pl.col(crit.key + "ok"), crit.criterion.gap
            gap = gap_steps(pl.col(crit.key + "gap")) if gap_spec is not None else pl.lit(None, pl.Int64)
            labels = [pl.when(null).then(pl.lit(label)) for label, null in crit.refs.values()]
            listed = pl.concat_str(labels, separator="、", ignore_nulls=True) if labels else pl.lit("")
            missing = pl.when(ok.is_null() & (listed != "")).then(listed).cast(pl.Categorical)
            text = (
                pl.when(ok.not_()).then(_gap_text_expr(gap_spec, gap))
                if gap_spec
                else pl.lit(None, pl.String)
            )
            cols = _columns(crit, enums, pl.col("uscc"), gap, missing) + [text.alias("gap_text")]
            parts.append(assessment.wide.lazy().select(cols).select(COLUMNS))
    return pl.concat(parts).collect()


def enums_for(assessment) -> dict:
    crits = [crit for plan in assessment.plans for crit in plan.crits]

    def enum(values):
        return pl.Enum(sorted(set(values)))

    return {
        "uscc": assessment.codes,  # shared by every criterion's rows
        "rule": enum(crit.rule.id for crit in crits),
        "version": enum(crit.rule.version for crit in crits),
        "criterion": enum(crit.criterion.id for crit in crits),
        "doc_ref": enum(crit.criterion.doc_ref for crit in crits),
        "unit": enum(
            [crit.criterion.unit for crit in crits]
            + [crit.criterion.gap.unit_label for crit in crits if crit.criterion.gap]
        ),
    }


def long_criteria(assessment, texts: bool = True) -> pl.DataFrame:
    """Every enterprise × criterion. Without ``texts`` (zone scale): no gap texts, ``uscc``
    categorical — the numbers every explanation is made of, at a fraction of the cost."""
    enums = enums_for(assessment)
    if texts and assessment.detail and any(plan.crits for plan in assessment.plans):
        return _few(assessment, enums)
    frames = [
        criterion_frame(assessment, crit, enums, texts) for plan in assessment.plans for crit in plan.crits
    ]
    return pl.concat(frames) if frames else pl.DataFrame()
