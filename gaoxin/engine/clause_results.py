"""Reading a clause pass: the long rows (enterprise × clause) with amounts, gap texts and missing
fields, and the per-clause summary (how many match, how much money). Texts are built only for the
rows that need them: gap sentences for failing rows, missing-field lists for 数据不足 rows."""

from __future__ import annotations

import polars as pl

from gaoxin.engine import units
from gaoxin.engine.clauses import FAIL, MATCH, SUPERSEDED, UNKNOWN, ClausePlan, ClauseResult
from gaoxin.engine.missing import missing_on

VERDICT = pl.Enum(["符合", "不符合", "数据不足"])
LONG_COLUMNS = [
    "uscc", "policy", "clause", "verdict", "amount_fen", "gap_steps", "gap_text", "missing", "excluded",
]  # fmt: skip


def _gap_text(plan: ClausePlan, steps: pl.Expr) -> pl.Expr:
    gap_spec = plan.gap
    if gap_spec.unit == "money":
        amount = units.money_text_expr(steps)
    elif gap_spec.unit == "ratio":
        amount = _points_text(steps)
    else:
        amount = steps.cast(pl.String) + pl.lit(" " + gap_spec.unit_label)
    return pl.lit(f"{plan.gap_label}还差 ") + amount + pl.lit("即可享受")


def _points_text(steps: pl.Expr) -> pl.Expr:
    """Gap steps (1/10,000 of a percentage point, integers) → "29.90 个百分点", rounded up to the
    hundredth in integers: a float division printed 29.900000000000002."""
    hundredths = (steps.cast(pl.Int64) + 99) // 100
    return pl.format("{}.{} 个百分点", hundredths // 100, (hundredths % 100).cast(pl.String).str.zfill(2))


def near_mask(result: ClauseResult, plan: ClausePlan, share: float) -> pl.Series:
    """Near misses: failing, and the gap (steps of the gap input, which are its storage units) is at
    most ``share`` of the input's present value."""
    code, value = result.wide[plan.key + "code"], result.wide[plan.key + "value"]
    failing = (code == FAIL) & value.is_not_null()
    if plan.gap is None or not failing.any():
        return failing
    current = result.inputs[plan.gap.target].cast(pl.Float64).abs()
    return (failing & (value.cast(pl.Float64) <= current * share)).fill_null(False)


def _clause_frame(
    result: ClauseResult, plan: ClausePlan, texts: bool, share: float | None, group_names
) -> pl.DataFrame:
    code, value = pl.col(plan.key + "code"), pl.col(plan.key + "value")
    clause = plan.clause
    verdict = (
        pl.when(code == FAIL)
        .then(pl.lit("不符合", VERDICT))
        .when(code == UNKNOWN)
        .then(pl.lit("数据不足", VERDICT))
        .otherwise(pl.lit("符合", VERDICT))
    )
    gap = pl.when(code == FAIL).then(value)
    if texts and plan.gap is not None:
        text = pl.when(code == FAIL).then(
            pl.when(value.is_not_null())
            .then(_gap_text(plan, value))
            .otherwise(pl.lit(f"仅调整{plan.gap_label}无法达到"))
        )
    else:
        text = pl.lit(None, pl.String)
    excluded = pl.when(code == SUPERSEDED).then(pl.lit(group_names.get(clause.group, "")))
    frame = result.wide.select(
        pl.col("uscc"),
        pl.lit(clause.policy).alias("policy"),
        pl.lit(clause.key).alias("clause"),
        verdict.alias("verdict"),
        pl.when((code == MATCH) | (code == SUPERSEDED)).then(value).alias("amount_fen"),
        gap.alias("gap_steps"),
        text.alias("gap_text"),
        excluded.alias("excluded"),
    )
    unknown = result.wide[plan.key + "code"] == UNKNOWN
    missing = missing_on(result.inputs, unknown, list(plan.refs.values())).cast(pl.String)
    frame = frame.with_columns(missing.alias("missing"))
    if share is not None:
        frame = frame.filter(
            pl.Series(unknown | near_mask(result, plan, share)) | (pl.col("verdict") == "符合")
        )
    return frame.select(LONG_COLUMNS)


def long_frame(result: ClauseResult, texts: bool = True, near_share: float | None = None) -> pl.DataFrame:
    """One row per enterprise × clause in force: verdict, amount (分; for a clause the group did not
    choose, ``excluded`` names the clause chosen), gap steps and text, missing fields. With
    ``near_share`` only the rows worth storing: 符合, 数据不足 and near misses."""
    if not result.plans:
        return pl.DataFrame(schema=dict.fromkeys(LONG_COLUMNS, pl.String))
    chosen = _chosen_names(result)
    frames = [_clause_frame(result, plan, texts, near_share, chosen) for plan in result.plans]
    out = pl.concat(frames, how="vertical_relaxed")
    return _name_winners(result, out)


def _chosen_names(result: ClauseResult) -> dict[str, str]:
    """Placeholder per group; the winning clause is filled in per row by ``_name_winners``."""
    return {plan.clause.group: "从高不重复" for plan in result.plans if plan.clause.group}


def _name_winners(result: ClauseResult, out: pl.DataFrame) -> pl.DataFrame:
    """For a clause the group did not choose: '从高不重复：已按“<chosen clause>”享受'."""
    if out.filter(pl.col("excluded").is_not_null()).is_empty():
        return out
    group_of = {plan.clause.key: plan.clause.group for plan in result.plans if plan.clause.group}
    names = {plan.clause.key: plan.clause.name for plan in result.plans}
    winners = (
        out.filter((pl.col("verdict") == "符合") & pl.col("excluded").is_null())
        .filter(pl.col("clause").is_in(list(group_of)))
        .select(
            "uscc",
            pl.col("clause").replace_strict(group_of).alias("__group"),
            pl.col("clause").alias("__won"),
        )
    )
    out = out.with_columns(pl.col("clause").replace_strict(group_of, default=None).alias("__group"))
    out = out.join(winners, on=["uscc", "__group"], how="left", maintain_order="left")
    text = pl.lit("从高不重复：已按“") + pl.col("__won").replace_strict(names, default="") + pl.lit("”享受")
    return out.with_columns(pl.when(pl.col("excluded").is_not_null()).then(text).alias("excluded")).select(
        LONG_COLUMNS
    )


def summary(result: ClauseResult) -> pl.DataFrame:
    """Per clause: enterprises matched (and chosen by its group), the money, unknown and failing counts."""
    exprs = []
    for plan in result.plans:
        code, value = pl.col(plan.key + "code"), pl.col(plan.key + "value")
        exprs += [
            (code == MATCH).sum().alias(plan.key + "matched"),
            pl.when(code == MATCH).then(value).sum().alias(plan.key + "amount"),
            (code == SUPERSEDED).sum().alias(plan.key + "superseded"),
            (code == UNKNOWN).sum().alias(plan.key + "unknown"),
            ((code == FAIL) & value.is_not_null()).sum().alias(plan.key + "reachable"),
        ]
    row = result.wide.select(exprs).row(0, named=True) if exprs else {}
    return pl.DataFrame(
        [
            {
                "policy": plan.clause.policy,
                "clause": plan.clause.key,
                "name": plan.clause.name,
                "matched": row[plan.key + "matched"],
                "amount_fen": row[plan.key + "amount"] or 0,
                "superseded": row[plan.key + "superseded"],
                "unknown": row[plan.key + "unknown"],
                "reachable": row[plan.key + "reachable"],
            }
            for plan in result.plans
        ],
        schema={
            "policy": pl.String, "clause": pl.String, "name": pl.String, "matched": pl.Int64,
            "amount_fen": pl.Int64, "superseded": pl.Int64, "unknown": pl.Int64, "reachable": pl.Int64,
        },
    )  # fmt: skip


def cli_table(result: ClauseResult) -> pl.DataFrame:
    """The ``gaoxin policies match`` table: 统一社会信用代码, 政策编号, 条款, 结论, 金额（元）, 差距, 缺少数据."""
    rows = result.long()
    ids = {plan.clause.key: plan.clause.id for plan in result.plans}
    return rows.select(
        pl.col("uscc").alias("统一社会信用代码"),
        pl.col("policy").alias("政策编号"),
        pl.col("clause").replace_strict(ids).alias("条款"),
        pl.col("verdict").cast(pl.String).alias("结论"),
        (pl.col("amount_fen").cast(pl.Decimal(20, 2)) / 100).alias("金额（元）"),
        pl.coalesce("gap_text", "excluded").alias("差距"),
        pl.col("missing").alias("缺少数据"),
    )
