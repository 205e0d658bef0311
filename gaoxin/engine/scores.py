"""Point tables → points ranges. Every item yields [lo, hi]: a band gives its points (HTE bands are
ranges an expert chooses within, e.g. [7, 8]); an unknown band or a missing expert score gives every
value it could still take. A criterion on a score is then 符合 when even ``lo`` passes, 不符合 when
even ``hi`` fails, and 数据不足 otherwise — the same Kleene logic as everywhere else.
"""

from __future__ import annotations

import polars as pl

from gaoxin.engine.catalog import catalog
from gaoxin.engine.lang import values
from gaoxin.engine.lang.compile import Env, compile_expr
from gaoxin.engine.ruleset import Item, ScoreSpec


def score_compiler(spec: ScoreSpec):
    """A callable env -> ScoreRange, memoised per environment (scores are shared by several criteria)."""

    def build(env: Env) -> values.ScoreRange:
        # a score does not move with a field as gap target (a target on the score itself does: the
        # comparison solves it on the range, compile._score_compare)
        return env.memo(
            "score:" + spec.name, lambda: _score(spec, env.with_target(None) if env.target else env)
        )

    return build


def _score(spec: ScoreSpec, env: Env) -> values.ScoreRange:
    parts = {}
    for part in spec.parts:
        ranges = [item_range(item, env) for item in part.items]
        lo = part_sum([item_lo for item_lo, _, _ in ranges], part)
        hi = part_sum([item_hi for _, item_hi, _ in ranges], part)
        parts[part.id] = values.ScoreRange(lo, hi)
    lo = pl.sum_horizontal([part_range.lo for part_range in parts.values()])
    hi = pl.sum_horizontal([part_range.hi for part_range in parts.values()])
    return values.ScoreRange(lo, hi, parts)


def _clamp(points: pl.Expr, top: int) -> pl.Expr:
    return pl.when(points < 0).then(0).when(points > top).then(top).otherwise(points)


def score_prefix(rule_key: str, score: str) -> str:
    return f"{rule_key}S_{score}_"


def band_columns(spec: ScoreSpec, prefix: str) -> dict:
    """Column names of every banded item's conditions, keyed (id(item), band index), and of its band
    code, keyed (id(item), "code")."""
    names = {}
    for part in spec.parts:
        for item in part.items:
            for sub in item.best_of or [item]:
                for band, (cond, *_) in enumerate(sub.bands):
                    if cond is not None:
                        names[(id(sub), band)] = f"{prefix}{part.id}_{sub.id}_c{band}"
                if sub.bands:
                    names[(id(sub), "code")] = f"{prefix}{part.id}_{sub.id}_code"
    return names


def score_stages(
    spec: ScoreSpec, env: Env, prefix: str
) -> tuple[values.ScoreRange, list[list[pl.Expr]], dict]:
    """The score as columns: band conditions first, then item ranges, then parts and total, so that no
    condition is evaluated twice. Returns the column-backed range, the stages and the missing refs."""
    outer, env.refs = env.refs, {}
    names, conds, parts = band_columns(spec, prefix), {}, {}
    cond_stage, item_stage, part_stage = [], [], []
    for part in spec.parts:
        for item in part.items:
            for sub in item.best_of or [item]:
                for band, (cond, *_) in enumerate(sub.bands):
                    if cond is not None:
                        name = names[(id(sub), band)]
                        cond_stage.append(compile_expr(cond.node, env).expr.alias(name))
                        conds[(id(sub), band)] = pl.col(name)
    code_stage = []  # each banded item's band code once as a column (lo and hi read it)
    for part in spec.parts:
        for item in part.items:
            for sub in item.best_of or [item]:
                if sub.bands:
                    name = names[(id(sub), "code")]
                    cols = [conds.get((id(sub), band)) for band in range(len(sub.bands))]
                    code_stage.append(_code(sub, cols).alias(name))
                    conds[(id(sub), "code")] = pl.col(name)
    for part in spec.parts:
        los, his = [], []
        for item in part.items:
            lo, hi, idx = item_range(item, env, conds)
            key = f"{prefix}{part.id}_{item.id}_"
            item_stage += [lo.alias(key + "lo"), hi.alias(key + "hi")]  # breakdown computes its own index
            los.append(pl.col(key + "lo"))
            his.append(pl.col(key + "hi"))
        key = f"{prefix}{part.id}_"
        part_stage += [part_sum(los, part).alias(key + "lo"), part_sum(his, part).alias(key + "hi")]
        parts[part.id] = values.ScoreRange(pl.col(key + "lo"), pl.col(key + "hi"))
    total = values.ScoreRange(
        pl.sum_horizontal([part_range.lo for part_range in parts.values()]),
        pl.sum_horizontal([part_range.hi for part_range in parts.values()]),
        parts,
    )
    refs, env.refs = env.refs, outer
    return total, [cond_stage, code_stage, item_stage, part_stage], refs


def part_sum(points: list[pl.Expr], part) -> pl.Expr:
    """A part's points: its items' sum, capped at the part's maximum — the cap (and the sum of a lone
    item) left out where the items cannot exceed it: whole-column passes saved at zone scale."""
    total = pl.sum_horizontal(points) if len(points) > 1 else points[0]
    if sum(upper(item) for item in part.items) <= part.max:
        return total
    return pl.min_horizontal(total, pl.lit(part.max))


def upper(item: Item) -> int:
    """The most points an item can give (its bands' highest, or its maximum when clamped to it)."""
    if item.best_of:
        return max(upper(sub) for sub in item.best_of)
    if item.bands:
        top = max(band[2] for band in item.bands)
        return max(top, item.max) if item.input else top
    return item.max


def item_range(item: Item, env: Env, conds: dict | None = None) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(lo, hi, band index or null) of one item; records the fields it misses while undetermined."""
    outer, env.refs = env.refs, {}
    if item.best_of:
        subs = [item_range(sub, env, conds) for sub in item.best_of]
        lo, hi = (
            pl.max_horizontal([sub_range[0] for sub_range in subs]),
            pl.max_horizontal([sub_range[1] for sub_range in subs]),
        )
        idx = pl.lit(None, pl.Int32)
    elif item.bands:
        lo, hi, idx = _bands(item, env, conds or {})
    elif item.points is not None:
        number = compile_expr(item.points.node, env)
        pts = _clamp(number.num // number.den, item.max)
        lo, hi, idx = pts.fill_null(0), pts.fill_null(item.max), pts.cast(pl.Int32)
    else:  # a score entered by the experts
        entered = _clamp(pl.col(item.input), item.max)
        env.ref(item.input, catalog()[item.input].label, entered.is_null())
        lo, hi, idx = entered.fill_null(0), entered.fill_null(item.max), entered.cast(pl.Int32)
    determined = idx.is_not_null() if not item.best_of else lo == hi
    for column, (label, null) in env.refs.items():
        outer.setdefault(column, (label, null & ~determined))
    env.refs = outer
    if item.input and (item.bands or item.points is not None):  # optional pin inside the band
        pin = _clamp(pl.col(item.input), item.max)
        lo, hi = pl.coalesce(pin, lo), pl.coalesce(pin, hi)
    return lo, hi, idx


def _bands(item: Item, env: Env, columns: dict):
    """First matching band wins; an unknown condition leaves every band from there on possible."""
    conds = []
    for band, (cond, *_) in enumerate(item.bands):
        if cond is None:
            conds.append(None)
            continue
        value = compile_expr(cond.node, env).expr  # records the refs even when a column exists
        conds.append(columns.get((id(item), band), value))
    code = columns.get((id(item), "code"))
    if code is None:
        code = _code(item, conds)
    band_count = len(item.bands)
    los, his = [entry[1] for entry in item.bands], [entry[2] for entry in item.bands]
    lo_tab = los + [min(los[band:]) for band in range(band_count)]
    hi_tab = his + [max(his[band:]) for band in range(band_count)]

    def table(points):
        return pl.lit(pl.Series(points, dtype=pl.Int32)).gather(code)

    return table(lo_tab), table(hi_tab), pl.when(code < band_count).then(code.cast(pl.Int32))


def _code(item: Item, conds: list) -> pl.Expr:
    """One chain gives a code per row: j when band j is the first that matches, band_count + j when
    band j's condition is the first unknown one (every band from j on is still possible); lo / hi / index are
    then table look-ups of the code (one pass over the conditions instead of three)."""
    band_count = len(item.bands)
    chain = None
    for band, cond in enumerate(conds):
        if cond is None:
            chain = chain.otherwise(band) if chain is not None else pl.lit(band)
            break
        chain = _when(chain, cond, band).when(cond.is_null()).then(band_count + band)
    return chain.cast(pl.get_index_type())  # the index type: the table look-ups gather without a cast


def _when(chain, cond, value):
    return pl.when(cond).then(value) if chain is None else chain.when(cond).then(value)
