"""Policy clauses (政策条款): a condition and a money amount in the rule language, evaluated for every
enterprise in the same kind of vectorised pass as the qualification rules.

A clause is ``when`` (a condition, Kleene: 符合 / 不符合 / 数据不足), an optional ``amount`` (a money
expression, exact: rationals over integers, floored to the 分 — never rounded up), an optional per-year
``cap``, and an optional exclusivity ``group`` (one clause per group per enterprise and year: the
highest amount, "从高不重复"; equal amounts go to the clause listed first). The gap of a failing
enterprise is solved exactly like a criterion's: the clause's ``gap`` input, or the first field of its
condition the condition is affine in ("2024年研究开发费用总额还差 12.5万元即可享受").

Compilation reuses the rule compiler (``lang.compile``), the pass reuses the wide input frame
(``inputs.wide_frame``) and the streaming query of ``evaluate._run``; with ``rules`` the qualification
criteria and the clauses are computed by one query.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import polars as pl

from gaoxin.engine.catalog import catalog
from gaoxin.engine.evaluate import default_as_of
from gaoxin.engine.lang import ast, values
from gaoxin.engine.lang.compile import Env, compile_expr
from gaoxin.engine.ruleset import QUANTUM, Expr, Gap

#: Per clause and enterprise the pass keeps two columns: ``code`` and ``value``.
CODES = {0: "不符合", 1: "符合", 2: "数据不足", 3: "符合"}  # 3: 符合, but the group chose another clause
MATCH, FAIL, UNKNOWN, SUPERSEDED = 1, 0, 2, 3


@dataclass
class Clause:
    key: str  # unique in a set: "<policy>/<clause id>"
    policy: str
    id: str
    name: str
    when: Expr
    amount: Expr | None = None
    cap_fen: int | None = None
    group: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None  # inclusive (the last day the policy applies)
    gap: Gap | None = None  # None: chosen automatically from the condition
    meta: dict = field(default_factory=dict)

    def in_force(self, year: int, as_of: date | None = None) -> bool:
        """In force on ``as_of`` when given, else at any time of the application year."""
        start, end = (as_of, as_of) if as_of else (date(year, 1, 1), date(year, 12, 31))
        return (self.effective_from is None or self.effective_from <= end) and (
            self.effective_to is None or start <= self.effective_to
        )


@dataclass
class ClausePlan:
    clause: Clause
    key: str  # column prefix: "k12_"
    ok: pl.Expr
    need: pl.Expr | None
    gap: Gap | None
    gap_label: str
    amount: pl.Expr | None  # Int64 分
    refs: dict[str, tuple[str, pl.Expr]]
    parts: list[pl.Expr] = field(default_factory=list)  # the condition's top-level and-parts
    shared: list[pl.Expr] = field(default_factory=list)  # (first plan) holds() columns shared by all


def _gap_candidates(node: ast.Node) -> list[ast.Node]:
    """Numeric inputs of a condition, in reading order: a single field-year or an enterprise number."""
    out = []
    fields = catalog()
    single_year = isinstance(node, ast.YearRef) and node.hi is None and fields[node.name].scope == "yearly"
    enterprise = isinstance(node, ast.Name) and node.name in fields and not fields[node.name].yearly
    if (single_year or enterprise) and fields[node.name].kind == "num":
        out.append(node)
    for child in vars(node).values():
        for item in child if isinstance(child, list) else [child]:
            if isinstance(item, ast.Node):
                out.extend(_gap_candidates(item))
    return out


def auto_gap(when: Expr) -> Gap | None:
    """The first numeric input of the condition as the gap input (its natural direction: up)."""
    seen = set()
    for node in _gap_candidates(when.node):
        spec = catalog()[node.name]
        target = f"{node.name}@{node.lo}" if isinstance(node, ast.YearRef) else node.name
        if target in seen:
            continue
        seen.add(target)
        unit_label = {"money": "元", "ratio": "个百分点"}.get(spec.unit, spec.unit_label or "")
        return Gap(target, spec.unit, QUANTUM[spec.unit], 1, spec.label, unit_label)
    return None


def _label(gap_spec: Gap, year: int) -> str:
    if "@" in gap_spec.target:
        return f"{year + int(gap_spec.target.split('@')[1])}年{gap_spec.label}"
    return gap_spec.label


def _fen(value: values.Number) -> pl.Expr:
    """A money value (元, exact) as whole 分, floored: an amount is never rounded up."""
    if value.const is not None:
        fen = value.const * 100
        return pl.lit(fen.numerator // fen.denominator, pl.Int64)
    num = value.num if not isinstance(value.num, int) else pl.lit(value.num, pl.Int64)
    if isinstance(value.den, int) and 100 % value.den == 0:
        return (num * (100 // value.den)).cast(pl.Int64)
    return (values.product(num, 100, 1) // value.den).cast(pl.Int64)


def _conjuncts(node: ast.Node) -> list[ast.Node]:
    """The top-level ``and`` parts of a condition (each becomes one column of the pass)."""
    if isinstance(node, ast.Bin) and node.op == "and":
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


def _holds_names(node: ast.Node, found: dict[str, pl.Expr], as_of: date) -> ast.Node:
    """A copy of the condition where each ``holds(kind[, level])`` reads one shared column: a zone's
    clauses ask the same few questions, and each answer is a list scan of every enterprise."""
    from gaoxin.engine.lang.functions import holds_expr

    if isinstance(node, ast.Call) and node.fn == "holds":
        kind = node.args[0].value
        level = node.args[1].value if len(node.args) > 1 else None
        name = f"__holds_{kind}_{level or ''}"
        found.setdefault(name, holds_expr(kind, level, as_of))
        out = ast.Name(node.pos, name)
        out.ty = node.ty
        return out
    clone = copy.copy(node)
    for key, child in vars(node).items():
        if isinstance(child, ast.Node):
            setattr(clone, key, _holds_names(child, found, as_of))
        elif isinstance(child, list):
            setattr(
                clone,
                key,
                [_holds_names(item, found, as_of) if isinstance(item, ast.Node) else item for item in child],
            )
    return clone


def plan_clause(clause: Clause, year: int, as_of: date, index: int, shared: dict[str, pl.Expr]) -> ClausePlan:
    """Compile one clause. Its condition's top-level ``and`` parts become columns (``parts``): the
    truth reads them, and the gap of a part that does not involve the gap input is read from its
    column instead of recomputed."""
    key = f"k{index}_"
    env = Env(year, as_of)
    found: dict[str, pl.Expr] = {}
    when = _holds_names(clause.when.node, found, as_of)
    shared.update(found)
    env.criteria = {name: values.Truth(pl.col(name)) for name in shared}
    conjuncts = _conjuncts(when)
    parts = [
        compile_expr(conjunct, env).expr.alias(f"{key}a{position}")
        for position, conjunct in enumerate(conjuncts)
    ]
    truths = [pl.col(f"{key}a{position}") for position in range(len(parts))]
    ok = truths[0] if len(truths) == 1 else pl.all_horizontal(truths)
    refs = dict(env.refs)
    gap = clause.gap if clause.gap is not None else auto_gap(clause.when)
    need = None
    if gap is not None:
        try:
            need = _need(conjuncts, truths, env.with_target(gap.target, gap.quantum * gap.direction))
        except values.NonLinear:
            if clause.gap is not None:  # a named gap input must work; an automatic one may not
                raise
            gap = None
    amount = None
    if clause.amount is not None:
        env.refs = {}
        amount = _fen(compile_expr(_holds_names(clause.amount.node, found, as_of), env))
        amount = pl.when(amount < 0).then(pl.lit(0, pl.Int64)).otherwise(amount)
        if clause.cap_fen is not None:
            amount = pl.when(amount > clause.cap_fen).then(pl.lit(clause.cap_fen, pl.Int64)).otherwise(amount)
        for column, item in env.refs.items():
            refs.setdefault(column, item)
    label = _label(gap, year) if gap else ""
    return ClausePlan(clause, key, ok, need, gap, label, amount, refs, parts)


def _need(conjuncts: list[ast.Node], truths: list[pl.Expr], env: Env) -> pl.Expr:
    needs = []
    for node, truth in zip(conjuncts, truths, strict=True):
        moved = compile_expr(node, env)
        if moved.need is None and not moved.nonlinear:  # does not read the gap input: its column
            moved = values.Truth(truth)
        needs.append(moved.need_or_fixed())
    return needs[0] if len(needs) == 1 else values.kleene_need("and", needs)


def clause_plans(clauses: list[Clause], year: int, as_of: date | None = None) -> list[ClausePlan]:
    """Plans of the clauses in force in the application year (or on ``as_of``), cached per set."""
    key = (tuple(id(clause) for clause in clauses), year, as_of)
    hit = _CLAUSE_PLANS.get(key)
    if hit is None or any(cached is not given for cached, given in zip(hit[0], clauses, strict=True)):
        if len(_CLAUSE_PLANS) >= 16:
            _CLAUSE_PLANS.clear()
        on = as_of or default_as_of(year)
        live = [clause for clause in clauses if clause.in_force(year, as_of)]
        shared: dict[str, pl.Expr] = {}
        plans = [plan_clause(clause, year, on, index, shared) for index, clause in enumerate(live)]
        if plans:
            plans[0].shared = [expr.alias(name) for name, expr in shared.items()]
        hit = _CLAUSE_PLANS[key] = (list(clauses), plans)
    return hit[1]


_CLAUSE_PLANS: dict[tuple, tuple[list[Clause], list[ClausePlan]]] = {}


def _shared_stage(plans: list[ClausePlan]) -> list[pl.Expr]:
    """Shared answers (holds()), then every clause's condition parts, as columns inside the pass."""
    return list(plans[0].shared) if plans else []


def _part_stage(plans: list[ClausePlan]) -> list[pl.Expr]:
    """Each clause's top-level ``and`` parts (plan_clause), read by its truth and gap."""
    return [expr for plan in plans for expr in plan.parts]


def _truth_stage(plans: list[ClausePlan]) -> list[pl.Expr]:
    """Each clause's truth, amount and (failing rows) raw gap steps, as columns inside the pass."""
    out = []
    for plan in plans:
        out.append(plan.ok.alias(plan.key + "ok"))
        if plan.amount is not None:
            out.append(plan.amount.alias(plan.key + "amt"))
        if plan.need is not None:
            out.append(pl.when(~plan.ok).then(plan.need).alias(plan.key + "need"))
    return out


def _matched(plan: ClausePlan) -> pl.Expr:
    """符合: the condition holds and the amount is known (an unknown amount cannot be paid)."""
    ok = pl.col(plan.key + "ok")
    return ok & pl.col(plan.key + "amt").is_not_null() if plan.amount is not None else ok.fill_null(False)


def _amount(plan: ClausePlan) -> pl.Expr:
    return pl.col(plan.key + "amt") if plan.amount is not None else pl.lit(0, pl.Int64)


def _winners(plans: list[ClausePlan]) -> dict[str, pl.Expr]:
    """Per clause of a group: does it win (the highest amount among the matched; first listed on ties)."""
    groups: dict[str, list[ClausePlan]] = {}
    for plan in plans:
        if plan.clause.group:
            groups.setdefault(plan.clause.group, []).append(plan)
    out = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        offers = [pl.when(_matched(plan).fill_null(False)).then(_amount(plan)) for plan in members]
        best = pl.max_horizontal(offers)
        taken = pl.lit(False)
        for plan, offer in zip(members, offers, strict=True):
            wins = (offer == best).fill_null(False) & ~taken
            out[plan.key] = wins
            taken = taken | wins
    return out


def _result_stage(plans: list[ClausePlan]) -> list[pl.Expr]:
    """Per clause the packed result: ``code`` (0 不符合, 1 符合, 2 数据不足, 3 符合 but the group chose
    another clause) and ``value`` (the amount in 分 where matched; the gap steps where failing and an
    input change alone is enough)."""
    wins = _winners(plans)
    out = []
    for plan in plans:
        ok, matched = pl.col(plan.key + "ok"), _matched(plan)
        code = pl.when(matched).then(pl.lit(MATCH, pl.Int8))
        if plan.key in wins:
            code = (
                pl.when(matched & ~wins[plan.key]).then(pl.lit(SUPERSEDED, pl.Int8)).when(matched).then(MATCH)
            )
        code = code.when(ok.not_()).then(pl.lit(FAIL, pl.Int8)).otherwise(pl.lit(UNKNOWN, pl.Int8))
        value = pl.when(matched).then(_amount(plan))
        if plan.need is not None:
            need = pl.col(plan.key + "need")
            value = value.when(ok.not_() & (need < values.INF)).then(need)
        out += [code.alias(plan.key + "code"), value.otherwise(None).cast(pl.Int64).alias(plan.key + "value")]
    return out


def output_columns(plans: list[ClausePlan]) -> list[str]:
    return [plan.key + suffix for plan in plans for suffix in ("code", "value")]


def wide_columns(plans: list[ClausePlan]) -> set[str]:
    produced = set()
    columns = set()
    for stage in (_shared_stage(plans), _part_stage(plans), _truth_stage(plans), _result_stage(plans)):
        for expr in stage:
            columns |= set(expr.meta.root_names()) - produced
        produced |= {expr.meta.output_name() for expr in stage}
    return columns


@dataclass
class ClauseResult:
    """One pass: ``wide`` has per enterprise and clause ``<k>code`` and ``<k>value``; ``inputs`` the
    input columns (same rows) from which missing fields are read, on the 数据不足 rows only."""

    year: int
    plans: list[ClausePlan]
    wide: pl.DataFrame
    inputs: pl.DataFrame

    def long(self, texts: bool = True, near_share: float | None = None) -> pl.DataFrame:
        """One row per enterprise × clause (see ``gaoxin.engine.clause_results``)."""
        from gaoxin.engine.clause_results import long_frame

        return long_frame(self, texts=texts, near_share=near_share)

    def summary(self) -> pl.DataFrame:
        from gaoxin.engine.clause_results import summary

        return summary(self)


def match(
    years,
    enterprises,
    year: int,
    clauses: list[Clause],
    as_of: date | None = None,
    rules: list | None = None,
) -> ClauseResult:
    """Every clause in force for every enterprise. With ``rules`` (rule ids or Rule objects) the
    qualification assessment is computed by the same query; it is returned as ``result.assessment``."""
    from gaoxin.engine.inputs import wide_frame

    plans = clause_plans(clauses, year, as_of)
    columns = wide_columns(plans)
    rule_plans = _rule_plans(year, as_of, rules) if rules else []
    if rule_plans:
        from gaoxin.engine import evaluate as ev

        columns |= ev.wide_columns(rule_plans)
    inputs = wide_frame(years, enterprises, year, columns).collect()
    return match_wide(inputs, year, clauses, as_of, rule_plans)


def _rule_plans(year, as_of, rules):
    from gaoxin.engine.evaluate import rule_plans

    return rule_plans(year, as_of or default_as_of(year), None, list(rules))


def match_wide(inputs: pl.DataFrame, year: int, clauses: list[Clause], as_of=None, rule_plans=()):
    """The pass on an already-wide frame (``inputs.wide_frame`` layout)."""
    from gaoxin.engine import evaluate as ev

    plans = clause_plans(clauses, year, as_of)
    lf = inputs.lazy()
    stages = ev.pass_stages(list(rule_plans), explain=False) if rule_plans else []
    for stage in [
        *stages,
        _shared_stage(plans),
        _part_stage(plans),
        _truth_stage(plans),
        _result_stage(plans),
    ]:
        if stage:
            lf = lf.with_columns(stage)
    keep = ["uscc", *output_columns(plans)]
    if rule_plans:
        keep += [column for column in ev.output_columns(list(rule_plans), explain=False) if column != "uscc"]
    lf = lf.select(keep)
    # as in evaluate._run: projection pushdown would inline the intermediate columns into every reader
    wide = lf.collect(engine="streaming", optimizations=pl.QueryOptFlags(projection_pushdown=False))
    result = ClauseResult(year, plans, wide, inputs)
    if rule_plans:
        on = as_of or default_as_of(year)
        result.assessment = ev.Assessment(year, on, list(rule_plans), wide, inputs, explained=False)
    return result


@lru_cache(maxsize=1)
def verdict_enum() -> pl.Enum:
    return pl.Enum(["符合", "不符合", "数据不足"])
