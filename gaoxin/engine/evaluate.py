"""One vectorised pass: every enterprise × every rule in force, criteria, verdicts, gaps, missing data.

Expressions are built by looping over rules and criteria (never over enterprises); the whole zone is
then one Polars lazy query over the wide frame, collected once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import polars as pl

from gaoxin.engine.inputs import lazy, wide_frame
from gaoxin.engine.lang import values as v
from gaoxin.engine.lang.compile import Env, compile_expr, materialize
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.ruleset import Criterion, Rule, rules_in_force
from gaoxin.engine.scores import score_compiler, score_stages

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
    stages: list[list[pl.Expr]] = field(default_factory=list)  # definitions and scores, in order
    missing: list[tuple[str, pl.Expr]] = field(default_factory=list)  # (label, is missing) per field


@dataclass
class Assessment:
    """What one pass produces. ``wide`` has one row per enterprise with every criterion's columns."""

    year: int
    as_of: date
    plans: list[RulePlan]
    wide: pl.DataFrame
    _results: pl.DataFrame | None = field(default=None, init=False, repr=False)
    _criteria: pl.DataFrame | None = field(default=None, init=False, repr=False)

    @property
    def results(self) -> pl.DataFrame:
        """Long results (one row per enterprise × rule), built from ``wide`` on first use."""
        if self._results is None:
            self._results = long_results(self)
        return self._results

    @property
    def criteria(self) -> pl.DataFrame:
        """Long criteria frame (one row per enterprise × criterion), built from ``wide`` on first use."""
        if self._criteria is None:
            from gaoxin.engine.criteria import long_criteria

            self._criteria = long_criteria(self)
        return self._criteria

    def subset(self, uscc: list[str]) -> Assessment:
        """The same assessment restricted to some enterprises (explanations need no zone-wide frames)."""
        return Assessment(self.year, self.as_of, self.plans, self.wide.filter(pl.col("uscc").is_in(uscc)))

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


def _materialize(rule: Rule, env: Env, key: str) -> list[list[pl.Expr]]:
    """Definitions and scores become columns once (in dependency order); criteria then read columns."""
    stages = []
    for name in rule.lets:
        env.refs, env.seen = {}, set()
        value = compile_expr(env.lets[name], env)
        env.deps[name] = set(env.seen)
        value, exprs = materialize(name, value, f"{key}L_")
        env.materialized[name] = (value, env.refs)
        stages.append(exprs)
    for name, spec in rule.scores.items():
        env.seen = set()
        value, score_stages_, refs = score_stages(spec, env, f"{key}S_{name}_")
        env.deps["score:" + name] = set(env.seen)
        env.materialized["score:" + name] = (value, refs)
        stages += score_stages_
    return [s for s in stages if s]


def plan_rule(rule: Rule, year: int, as_of: date, index: int) -> RulePlan:
    env = rule_env(rule, year, as_of)
    stages = _materialize(rule, env, f"r{index}_")
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
    return RulePlan(rule, f"r{index}_", crits, score, stages)


def compile_expr_name(name: str, env: Env):
    from gaoxin.engine.lang import ast

    return compile_expr(ast.Name(0, name), env)


def plans_for(year: int, as_of: date, gazelle_preset: str | None, only: list[str] | None) -> list[RulePlan]:
    return list(_plans(year, as_of, gazelle_preset, tuple(only) if only else None))


@lru_cache(maxsize=32)
def _plans(year: int, as_of: date, gazelle_preset: str | None, only: tuple[str, ...] | None):
    """Compiled plans are pure expressions: cached per (year, date, preset, rules)."""
    rules = rules_in_force(as_of, gazelle_preset, list(only) if only else None)
    return tuple(plan_rule(r, year, as_of, i) for i, r in enumerate(rules))


def _stage1(plans: list[RulePlan]) -> list[pl.Expr]:
    """The zone pass keeps only what the results need: each criterion's Kleene truth and the score
    ranges. Values, thresholds and gaps are derived from the same wide frame by gaoxin.engine.criteria
    (gaps only for failing rows)."""
    out = []
    for p in plans:
        out += [c.ok.alias(c.key + "ok") for c in p.crits]
        if p.score is not None:
            out += [p.score.lo.alias(p.key + "lo"), p.score.hi.alias(p.key + "hi")]
    return out


def verdict_expr(ok: pl.Expr) -> pl.Expr:
    return (
        pl.when(ok)
        .then(pl.lit("符合", VERDICT))
        .when(~ok)
        .then(pl.lit("不符合", VERDICT))
        .otherwise(pl.lit("数据不足", VERDICT))
    )


def _stage2(plans: list[RulePlan]) -> list[pl.Expr]:
    out = []
    for p in plans:
        env = Env(0, date.today())
        env.criteria = {c.crit.id: v.B(pl.col(c.key + "ok")) for c in p.crits}
        passes = compile_expr(p.rule.passes.node, env).expr
        out.append(verdict_expr(passes).alias(p.key + "verdict"))
        rule_refs: dict[str, tuple[str, list[pl.Expr]]] = {}
        for c in p.crits:
            unknown = pl.col(c.key + "ok").is_null()
            for column, (label, null) in c.refs.items():
                rule_refs.setdefault(column, (label, []))[1].append(null & unknown)
        p.missing = [(label, pl.any_horizontal(nulls)) for label, nulls in rule_refs.values()]
    return out


def nulls(name: str, n: int, dtype: pl.DataType) -> pl.Series:
    """A null column of length n, built natively (a Python list of n Nones costs ~0.1 s per million)."""
    return pl.repeat(None, n, dtype=dtype, eager=True).alias(name)


def missing_on(wide: pl.DataFrame, rows: pl.Series, refs: list[tuple[str, pl.Expr]]) -> pl.Series:
    """Missing-field lists for the given rows only (the unknown ones), null elsewhere."""
    out = nulls("missing", wide.height, pl.String)
    if not len(rows) or not refs:
        return out
    labels = [label for label, _ in refs]
    if 2 * len(rows) < wide.height:  # few unknown rows: gather them first
        needed = list(dict.fromkeys(n for _, e in refs for n in e.meta.root_names()))
        sub = wide.select(needed)[rows].select(masks("m", [e for _, e in refs]))
        return out.scatter(rows, missing_text(sub, sub.columns, labels))
    # most rows unknown: masks on the whole frame (one Int64 per 63 fields) beat gathering every column
    flags = wide.select(masks("m", [e for _, e in refs]))
    text = missing_text(flags, flags.columns, labels)
    keep = pl.repeat(False, wide.height, dtype=pl.Boolean, eager=True).scatter(rows, True)
    return pl.select(pl.when(keep).then(text)).to_series().alias("missing")


def masks(key: str, flags: list[pl.Expr]) -> list[pl.Expr]:
    """Missing fields as bit masks (63 per Int64); the Chinese lists are built per distinct mask."""
    out = []
    for m in range(0, max(len(flags), 1), 63):
        bits = [f.cast(pl.Int64) * (1 << i) for i, f in enumerate(flags[m : m + 63])] or [pl.lit(0, pl.Int64)]
        out.append(pl.sum_horizontal(bits).alias(f"{key}miss{m // 63}"))
    return out


def missing_text(frame: pl.DataFrame, mask_cols: list[str], labels: list[str]) -> pl.Series:
    """Decode missing-field masks into Chinese lists, computing each distinct mask only once."""
    uniq = frame.select(mask_cols).unique()
    parts = [
        pl.when((pl.col(mask_cols[i // 63]) & (1 << (i % 63))) != 0).then(pl.lit(label))
        for i, label in enumerate(labels)
    ]
    text = pl.concat_str(parts, separator="、", ignore_nulls=True) if parts else pl.lit("")
    uniq = uniq.with_columns(pl.when(text != "").then(text).alias("__text"))
    return frame.select(mask_cols).join(uniq, on=mask_cols, how="left", maintain_order="left")["__text"]


def plans_of(year: int, as_of: date, gazelle_preset: str | None, rules: list | None) -> list[RulePlan]:
    if rules and any(isinstance(r, Rule) for r in rules):  # rule objects loaded by the caller
        return [plan_rule(r, year, as_of, i) for i, r in enumerate(rules)]
    return plans_for(year, as_of, gazelle_preset, rules)


def _stages(plans: list[RulePlan]) -> list[list[pl.Expr]]:
    return [s for p in plans for s in p.stages] + [_stage1(plans), _stage2(plans)]


def wide_columns(plans: list[RulePlan]) -> set[str]:
    """Input columns of the wide layout the plans read: enterprise fields, ``field@offset`` per
    field-year (``rd_expense@-1``), ``__est_year`` and ``held``."""
    produced, columns = set(), set()
    for stage in _stages(plans):
        for e in stage:
            columns |= set(e.meta.root_names()) - produced
        produced |= {e.meta.output_name() for e in stage}
    return columns


def build_wide(
    years, enterprises, year: int, as_of: date | None = None, gazelle_preset: str | None = None, rules=None
) -> pl.DataFrame:
    """The engine's wide input layout (one row per enterprise, one column per needed field-year) for
    the rules in force; ``evaluate_wide`` evaluates on it. This is the pivot step of ``evaluate``."""
    plans = plans_of(year, as_of or default_as_of(year), gazelle_preset, rules)
    return wide_frame(years, enterprises, year, wide_columns(plans)).collect()


def evaluate_wide(
    wide,
    year: int,
    as_of: date | None = None,
    gazelle_preset: str | None = None,
    rules: list | None = None,
) -> Assessment:
    """Evaluate on an already-wide frame (``build_wide`` layout: ``uscc``, enterprise fields,
    ``field@offset``, ``__est_year``, ``held``): only the criteria computation, no pivot. Columns the
    rules read must be present with engine dtypes. ``results``/``criteria`` are built on first use."""
    as_of = as_of or default_as_of(year)
    plans = plans_of(year, as_of, gazelle_preset, rules)
    return Assessment(year, as_of, plans, _run(lazy(wide), plans))


def _run(lf: pl.LazyFrame, plans: list[RulePlan]) -> pl.DataFrame:
    for stage in _stages(plans):
        lf = lf.with_columns(stage)
    # common-subexpression elimination on: shared sub-terms (sales_revenue, the sign/abs of a divisor)
    # are computed once per batch; measured 0.58 s vs 0.72 s for all rules at 1M (streaming engine)
    return lf.collect()


def evaluate(
    years,
    enterprises,
    year: int,
    as_of: date | None = None,
    gazelle_preset: str | None = None,
    rules: list | None = None,
) -> Assessment:
    """Assess every enterprise against every rule in force on ``as_of`` (default: year-06-30).

    ``year`` is the application (assessment) year Y; ``field[y-1]`` reads accounting year Y-1.
    ``rules`` limits the rule ids (or passes Rule objects, e.g. from ruleset.load_text).
    """
    as_of = as_of or default_as_of(year)
    plans = plans_of(year, as_of, gazelle_preset, rules)
    lf = wide_frame(years, enterprises, year, wide_columns(plans))
    return Assessment(year, as_of, plans, _run(lf, plans))


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
            ).with_columns(
                missing_on(a.wide, (a.wide[p.key + "verdict"] == "数据不足").arg_true(), p.missing)
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame()
