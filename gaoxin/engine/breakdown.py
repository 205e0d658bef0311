"""Per-item points of every score and the next band up with the change it needs (computed on demand
for a few enterprises; the zone-wide pass only carries the score ranges)."""

from __future__ import annotations

import polars as pl

from gaoxin.engine.lang import values
from gaoxin.engine.lang.compile import compile_expr
from gaoxin.engine.ruleset import Item
from gaoxin.engine.scores import band_columns, item_range, score_prefix


def _next_band(item: Item, band: int) -> int | None:
    """The nearest better band above band i (bands are listed best first)."""
    for better in range(band - 1, -1, -1):
        if item.bands[better][1] > item.bands[band][1]:
            return better
    return None


def _band_needs(item: Item, env) -> dict[int, pl.Expr]:
    """Per band, the steps of the item's gap input that make its condition hold."""
    if item.gap is None:
        return {}
    target = env.with_target(item.gap.target, item.gap.quantum * item.gap.direction)
    target.scores = env.scores
    needs = {}
    for band, (cond, *_rest) in enumerate(item.bands):
        if cond is None:
            continue
        try:
            needs[band] = compile_expr(cond.node, target).need_or_fixed()
        except values.NonLinear:
            continue
    return needs


def item_rows(rule, env, prefix: str, rule_key: str | None = None) -> list[tuple[dict, list[pl.Expr]]]:
    """(static description, expressions) for every item of every score of a rule. With ``rule_key``
    the expressions read the band columns of the detail pass (``env``: the plan's, whose definitions
    are columns too) instead of recomputing them: a tenth of the expression size."""
    out = []
    for score in rule.scores.values():
        conds = {}
        if rule_key is not None:
            conds = {
                band_key: pl.col(column)
                for band_key, column in band_columns(score, score_prefix(rule_key, score.name)).items()
            }
        for part in score.parts:
            for item in part.items:
                for sub in item.best_of or [item]:
                    out.append(_one(rule, score, part, item, sub, env, f"{prefix}{len(out)}_", conds))
    return out


def _one(rule, score, part, item, sub, env, key, conds):
    env.refs = {}
    lo, hi, idx = item_range(sub, env, conds)
    exprs = [lo.alias(key + "lo"), hi.alias(key + "hi"), idx.alias(key + "idx")]
    needs = _band_needs(sub, env)
    for band in range(len(sub.bands)):
        better = _next_band(sub, band)
        if better is not None and better in needs:
            exprs.append(pl.when(idx == band).then(needs[better]).alias(f"{key}need{band}"))
    desc = {
        "rule": rule.id,
        "score": score.name,
        "part": part.name,
        "item": sub.name if sub is item else f"{item.name}·{sub.name}",
        "max": sub.max,
        "key": key,
        "sub": sub,
    }
    return desc, exprs


def breakdown(assessment, uscc: str) -> list[dict]:
    """Rows: rule, part, item, points [lo, hi], band label, next band points and the gap to it."""
    from gaoxin.engine.evaluate import rule_env

    if not assessment.detail:  # item points read the definition columns a zone pass drops
        assessment = assessment.subset([uscc])
    row = assessment.wide.filter(pl.col("uscc") == uscc)
    rows = []
    for plan in assessment.plans:
        if plan.env is not None:  # a copy: plans are shared (cached) and compiling records refs on the env
            env, key = plan.env.with_target(None), plan.key
        else:
            env, key = rule_env(plan.rule, assessment.year, assessment.as_of), None
        items = item_rows(plan.rule, env, plan.key + "i", key)
        if not items:
            continue
        exprs = [expr for _, item in items for expr in item]
        # a few rows: optimising these large expression trees costs more than evaluating them
        computed = row.lazy().select(exprs).collect(optimizations=pl.QueryOptFlags.none()).to_dicts()[0]
        for desc, _ in items:
            rows.append(_describe(desc, computed))
    return rows


def _describe(desc: dict, computed: dict) -> dict:
    from gaoxin.engine.explain import format_gap

    sub, key = desc["sub"], desc["key"]
    lo, hi, idx = computed[key + "lo"], computed[key + "hi"], computed[key + "idx"]
    out = {name: desc[name] for name in ("rule", "score", "part", "item", "max")} | {"lo": lo, "hi": hi}
    out["band"] = sub.bands[idx][3] if idx is not None and sub.bands else None
    better = _next_band(sub, idx) if idx is not None and sub.bands else None
    need = computed.get(f"{key}need{idx}")
    if better is not None and need is not None and need < values.INF:
        band = sub.bands[better]
        out["next_points"] = (band[1], band[2])
        out["next_gap"] = int(need)
        out["next_text"] = format_gap(sub.gap, int(need))
    return out
