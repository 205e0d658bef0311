"""One vectorised pass: every enterprise × every rule in force, criteria, verdicts, gaps, missing data.

Expressions are built by looping over rules and criteria (never over enterprises); the whole zone is
then one Polars lazy query over the wide frame, collected once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from gaoxin.engine import units
from gaoxin.engine.inputs import wide_frame
from gaoxin.engine.lang import values as v
from gaoxin.engine.lang.compile import Env, compile_expr
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.ruleset import Criterion, Rule, rules_in_force
from gaoxin.engine.scores import score_compiler

VERDICTS = ["符合", "不符合", "数据不足"]
VERDICT = pl.Enum(VERDICTS)


@dataclass
class CritPlan:
    rule: Rule
    crit: Criterion
    key: str
    ok: pl.Expr
    need: pl.Expr | None
    value: pl.Expr | None
    threshold: pl.Expr | None
    refs: dict[str, tuple[str, pl.Expr]]


@dataclass
class RulePlan:
    rule: Rule
    key: str
    crits: list[CritPlan]
    score: v.R | None


@dataclass
class Assessment:
    """What one pass produces. ``wide`` has one row per enterprise with every criterion's columns."""

    year: int
    as_of: date
    plans: list[RulePlan]
    wide: pl.DataFrame
    results: pl.DataFrame = field(init=False)
    criteria: pl.DataFrame = field(init=False)

    def __post_init__(self):
        self.results = long_results(self)
        self.criteria = long_criteria(self)

    @property
    def rules(self) -> list[Rule]:
        return [p.rule for p in self.plans]


def default_as_of(year: int) -> date:
    return date(year, 6, 30)


def rule_env(rule: Rule, year: int, as_of: date) -> Env:
    env = Env(year, as_of, {k: e.node for k, e in rule.lets.items()})
    env.scores = {name: score_compiler(spec) for name, spec in rule.scores.items()}
    return env


def _display(value) -> pl.Expr:
    if isinstance(value, v.Q):
        return value.as_float()
    if isinstance(value, v.R):
        return pl.when(value.lo == value.hi).then(value.lo).cast(pl.Float64)
    return pl.lit(None, pl.Float64)


def plan_rule(rule: Rule, year: int, as_of: date, index: int) -> RulePlan:
    env = rule_env(rule, year, as_of)
    crits = []
    for j, c in enumerate(rule.criteria):
        env.refs = {}
        ok = compile_expr(c.when.node, env)
        refs = env.refs
        need = None
        if c.gap is not None:
            try:
                need = compile_expr(
                    c.when.node, env.with_target(c.gap.target, c.gap.quantum * c.gap.direction)
                )
                need = need.need_or_fixed()
            except v.NonLinear:
                raise RuleError(
                    f"条件与差距项 {c.gap.label} 不是线性关系，无法精确计算差距", c.when.source, 0, c.id
                )
        value = _display(compile_expr(c.value.node, env)) if c.value else None
        threshold = _display(compile_expr(c.threshold.node, env)) if c.threshold else None
        crits.append(CritPlan(rule, c, f"r{index}c{j}_", ok.expr, need, value, threshold, refs))
    env.refs = {}
    score = compile_expr_name(rule.score, env) if rule.score else None
    return RulePlan(rule, f"r{index}_", crits, score)


def compile_expr_name(name: str, env: Env):
    from gaoxin.engine.lang import ast

    return compile_expr(ast.Name(0, name), env)


def plans_for(year: int, as_of: date, gazelle_preset: str | None, only: list[str] | None) -> list[RulePlan]:
    rules = rules_in_force(as_of, gazelle_preset, only)
    return [plan_rule(r, year, as_of, i) for i, r in enumerate(rules)]


def _stage1(plans: list[RulePlan]) -> list[pl.Expr]:
    out = []
    for p in plans:
        for c in p.crits:
            out.append(c.ok.alias(c.key + "ok"))
            if c.need is not None:
                out.append(c.need.alias(c.key + "need"))
            for name, e in (("val", c.value), ("thr", c.threshold)):
                out.append((e if e is not None else pl.lit(None, pl.Float64)).alias(c.key + name))
        if p.score is not None:
            out += [p.score.lo.alias(p.key + "lo"), p.score.hi.alias(p.key + "hi")]
    return out


def _verdict(ok: pl.Expr) -> pl.Expr:
    return (
        pl.when(ok)
        .then(pl.lit("符合"))
        .when(~ok)
        .then(pl.lit("不符合"))
        .otherwise(pl.lit("数据不足"))
        .cast(VERDICT)
    )


def _missing(refs, unknown: pl.Expr) -> pl.Expr:
    labels = [pl.when(null).then(pl.lit(label)) for label, null in refs]
    if not labels:
        return pl.when(unknown).then(pl.lit("（无法计算）"))
    joined = pl.concat_str(labels, separator="、", ignore_nulls=True)
    return pl.when(unknown).then(pl.when(joined != "").then(joined).otherwise(pl.lit("（无法计算）")))


def _gap_text(c: Criterion, gap: pl.Expr, failed: pl.Expr) -> pl.Expr:
    g = c.gap
    if g.unit == "money":
        amount = units.money_text_expr(gap)
    elif g.unit in ("ratio", "lit"):
        amount = ((gap.cast(pl.Float64) / 100).ceil() / 100).cast(pl.String) + pl.lit(" " + g.unit_label)
    elif g.unit == "usd100m":
        amount = (gap.cast(pl.Float64) / 10_000).cast(pl.String) + pl.lit(" " + g.unit_label)
    else:
        amount = gap.cast(pl.String) + pl.lit(" " + g.unit_label)
    verb = "还差 " if g.direction > 0 else "还需减少 "
    text = pl.lit(g.label + verb) + amount
    return (
        pl.when(failed & gap.is_not_null()).then(text).when(failed).then(pl.lit(f"仅调整{g.label}无法达到"))
    )


def _stage2(plans: list[RulePlan]) -> list[pl.Expr]:
    out = []
    for p in plans:
        env = Env(0, date.today())
        env.criteria = {c.crit.id: v.B(pl.col(c.key + "ok")) for c in p.crits}
        passes = compile_expr(p.rule.passes.node, env).expr
        out.append(_verdict(passes).alias(p.key + "verdict"))
        rule_refs: dict[str, tuple[str, list[pl.Expr]]] = {}
        for c in p.crits:
            ok = pl.col(c.key + "ok")
            out.append(_verdict(ok).alias(c.key + "verdict"))
            out.append(_missing(list(c.refs.values()), ok.is_null()).alias(c.key + "miss"))
            for column, (label, null) in c.refs.items():
                rule_refs.setdefault(column, (label, []))[1].append(null & ok.is_null())
            if c.need is not None:
                need = pl.col(c.key + "need")
                gap = pl.when((ok == False) & (need < v.INF)).then(need).cast(pl.Int64)  # noqa: E712
                out.append(gap.alias(c.key + "gap"))
                out.append(_gap_text(c.crit, gap, ok == False).alias(c.key + "gaptext"))  # noqa: E712
        refs = [(label, pl.any_horizontal(nulls)) for label, nulls in rule_refs.values()]
        out.append(_missing(refs, passes.is_null()).alias(p.key + "miss"))
    return out


def evaluate(
    years,
    enterprises,
    year: int,
    as_of: date | None = None,
    gazelle_preset: str | None = None,
    rules: list[str] | None = None,
) -> Assessment:
    """Assess every enterprise against every rule in force on ``as_of`` (default: year-06-30).

    ``year`` is the application (assessment) year Y; ``field[y-1]`` reads accounting year Y-1.
    """
    as_of = as_of or default_as_of(year)
    plans = plans_for(year, as_of, gazelle_preset, rules)
    stage1 = _stage1(plans)
    columns = set()
    for e in stage1:
        columns |= set(e.meta.root_names())
    base = wide_frame(years, enterprises, year, columns)
    wide = base.with_columns(stage1).with_columns(_stage2(plans)).collect()
    return Assessment(year, as_of, plans, wide)


def _enum(values: list[str]) -> pl.Enum:
    return pl.Enum(sorted(set(values)))


def long_results(a: Assessment) -> pl.DataFrame:
    rules = _enum([p.rule.id for p in a.plans])
    versions = _enum([p.rule.version for p in a.plans])
    frames = []
    for p in a.plans:
        lo, hi = (pl.col(p.key + "lo"), pl.col(p.key + "hi")) if p.score is not None else (None, None)
        none = pl.lit(None, pl.Int64)
        frames.append(
            a.wide.select(
                pl.col("uscc"),
                pl.lit(p.rule.id, rules).alias("rule"),
                pl.lit(p.rule.version, versions).alias("version"),
                pl.col(p.key + "verdict").alias("verdict"),
                (pl.when(lo == hi).then(lo).cast(pl.Int64) if lo is not None else none).alias("score"),
                (lo.cast(pl.Int64) if lo is not None else none).alias("score_min"),
                (hi.cast(pl.Int64) if hi is not None else none).alias("score_max"),
                pl.col(p.key + "miss").alias("missing"),
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame()


def long_criteria(a: Assessment) -> pl.DataFrame:
    crits = [c for p in a.plans for c in p.crits]
    rules, versions = _enum([c.rule.id for c in crits]), _enum([c.rule.version for c in crits])
    ids, docs = _enum([c.crit.id for c in crits]), _enum([c.crit.doc_ref for c in crits])
    frames = []
    for c in crits:
        g = c.crit.gap
        has_gap = g is not None
        gap = pl.col(c.key + "gap") if has_gap else pl.lit(None, pl.Int64)
        frames.append(
            a.wide.select(
                pl.col("uscc"),
                pl.lit(c.rule.id, rules).alias("rule"),
                pl.lit(c.rule.version, versions).alias("version"),
                pl.lit(c.crit.id, ids).alias("criterion"),
                pl.col(c.key + "verdict").alias("verdict"),
                pl.col(c.key + "val").alias("value"),
                pl.col(c.key + "thr").alias("threshold"),
                pl.lit(c.crit.unit).alias("unit"),
                (gap.cast(pl.Float64) * float(g.quantum) * (100 if g.unit in ("ratio", "lit") else 1)).alias(
                    "gap"
                )
                if has_gap
                else pl.lit(None, pl.Float64).alias("gap"),
                gap.alias("gap_base"),
                pl.lit(g.unit_label if has_gap else None, pl.String).alias("gap_unit"),
                (pl.col(c.key + "gaptext") if has_gap else pl.lit(None, pl.String)).alias("gap_text"),
                pl.col(c.key + "miss").alias("missing"),
                pl.lit(c.crit.doc_ref, docs).alias("doc_ref"),
                pl.lit(c.crit.unverified is not None).alias("unverified"),
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame()
