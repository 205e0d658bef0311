"""Pure Polars computations for key projects: status, cohort rates and the ranking score.

No Django here: the callers (``frames.py``) load the rows, these functions compute over whole columns
at once, so 5,000 projects cost the same few vectorised operations as five.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

#: Status rules (docs/projects.md); a zone overrides any of them in Zone.settings["project_status_rules"].
DEFAULT_STATUS_RULES = {
    "node_lag_days": 1,  # an unfinished node overdue by ≥ this many days → 滞后
    "node_severe_days": 30,  # … by ≥ this many days → 严重滞后
    "investment_lag_ratio": 0.8,  # this year's investment < ratio × time-proportional plan → 滞后
    "investment_severe_ratio": 0.5,  # … < this ratio → 严重滞后
}
#: Ranking rules (weights in points, summing to 100); overridden by Zone.settings["ranking_rules"].
DEFAULT_RANKING_RULES = {
    "weights": {"progress": 40, "investment": 30, "problems": 15, "reporting": 15},
    "progress_points": {"正常": 100, "滞后": 60, "严重滞后": 20},
    "top_n": 3,
    "bottom_n": 3,
}
ACTIVE = ["签约", "供地", "开工", "投产"]


def months_elapsed(asof: dt.date) -> int:
    """Full months of the year behind ``asof`` (the month of ``asof`` counts once it has ended)."""
    last_day = (asof.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return asof.month if asof == last_day else asof.month - 1


def investment_ratio(frame: pl.DataFrame, asof: dt.date) -> pl.Expr:
    """This year's investment ÷ (annual plan × months elapsed / 12); null when there is no plan yet."""
    share = months_elapsed(asof) / 12
    expected = pl.col("annual_plan") * share
    return pl.when((expected > 0) & pl.col("annual_plan").is_not_null()).then(
        pl.col("year_investment") / expected
    )


def classify_status(frame: pl.DataFrame, asof: dt.date, rules: dict | None = None) -> pl.DataFrame:
    """Add ``overdue_days``, ``investment_ratio`` and ``status`` to a frame with columns
    stage, next_due_on (date), annual_plan, year_investment (floats, 元)."""
    r = {**DEFAULT_STATUS_RULES, **(rules or {})}
    overdue = (
        pl.when(pl.col("next_due_on") < pl.lit(asof))
        .then((pl.lit(asof) - pl.col("next_due_on")).dt.total_days())
        .otherwise(0)
        .fill_null(0)
    )
    frame = frame.with_columns(overdue_days=overdue, investment_ratio=investment_ratio(frame, asof))
    active = pl.col("stage").is_in(ACTIVE)
    severe = (pl.col("overdue_days") >= r["node_severe_days"]) | (
        pl.col("investment_ratio") < r["investment_severe_ratio"]
    ).fill_null(False)
    lagging = (pl.col("overdue_days") >= r["node_lag_days"]) | (
        pl.col("investment_ratio") < r["investment_lag_ratio"]
    ).fill_null(False)
    status = (
        pl.when(active & severe).then(pl.lit("严重滞后")).when(active & lagging).then(pl.lit("滞后"))
    ).otherwise(pl.lit("正常"))
    return frame.with_columns(status=status)


def stage_flags(frame: pl.DataFrame, asof: dt.date) -> pl.DataFrame:
    """Add ``started`` (under construction or in production) and ``in_production`` as of ``asof``
    from the milestone dates; a project terminated on or before ``asof`` is neither."""
    alive = pl.col("terminated_on").is_null() | (pl.col("terminated_on") > pl.lit(asof))
    reached = lambda col: pl.col(col).is_not_null() & (pl.col(col) <= pl.lit(asof))  # noqa: E731
    in_production = alive & (reached("production_started_on") | reached("full_capacity_on"))
    started = alive & (reached("started_on") | in_production)
    return frame.with_columns(started=started, in_production=in_production)


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    return pl.when(den > 0).then(num / den)


#: 年度投资完成率, the one 口径 of the project dashboard and the monthly bulletin
ANNUAL_COMPLETION_BASIS = "在库项目（不含已终止）本年度已完成投资 ÷ 年度计划投资"


def annual_completion(frame: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """年度投资完成率 of the projects in stock (terminated ones left out), overall or per ``by`` group:
    columns annual_plan, year_investment, total_investment (元) and completion (None without a plan)."""
    in_stock = frame.filter(pl.col("stage") != "终止")
    aggs = [
        pl.col("annual_plan").fill_null(0).sum().alias("annual_plan"),
        pl.col("year_investment").fill_null(0).sum().alias("year_investment"),
        pl.col("total_investment").fill_null(0).sum().alias("total_investment"),
    ]
    out = in_stock.group_by(by, maintain_order=True).agg(aggs) if by else in_stock.select(aggs)
    return out.with_columns(completion=_ratio(pl.col("year_investment"), pl.col("annual_plan")))


def cohort_rates(frame: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """开工率, 投产率 and investment completion of the cohort, overall or per ``by`` group.

    Input columns: started, in_production, total_investment, annual_plan, year_investment.
    """
    aggs = [
        pl.len().alias("signed"),
        pl.col("started").sum().alias("started"),
        pl.col("in_production").sum().alias("in_production"),
        pl.col("total_investment").fill_null(0).sum().alias("signed_investment"),
        pl.col("annual_plan").fill_null(0).sum().alias("annual_plan"),
        pl.col("year_investment").fill_null(0).sum().alias("year_investment"),
    ]
    out = frame.group_by(by, maintain_order=True).agg(aggs) if by else frame.select(aggs)
    return out.with_columns(
        start_rate=_ratio(pl.col("started"), pl.col("signed")),
        production_rate=_ratio(pl.col("in_production"), pl.col("signed")),
        investment_completion=_ratio(pl.col("year_investment"), pl.col("annual_plan")),
    )


def score_projects(frame: pl.DataFrame, asof: dt.date, rules: dict | None = None) -> pl.DataFrame:
    """Score each project 0–100 from progress (its status), investment completion, problems solved on
    time and reports filed on time. Input columns: status, investment_ratio, problems_due,
    problems_on_time, reports_on_time, reports_expected."""
    r = {**DEFAULT_RANKING_RULES, **(rules or {})}
    w = r["weights"]
    points = r["progress_points"]
    progress = pl.col("status").replace_strict(points, default=0, return_dtype=pl.Float64)
    investment = (pl.col("investment_ratio").fill_null(1.0).clip(0, 1)) * 100
    problems = _ratio(pl.col("problems_on_time"), pl.col("problems_due")).fill_null(1.0) * 100
    reporting = (_ratio(pl.col("reports_on_time"), pl.col("reports_expected")).fill_null(1.0)).clip(
        0, 1
    ) * 100
    total = sum(w[k] for k in w) or 1
    score = (
        progress * w["progress"]
        + investment * w["investment"]
        + problems * w["problems"]
        + reporting * w["reporting"]
    ) / total
    return frame.with_columns(
        progress_score=progress,
        investment_score=investment,
        problems_score=problems,
        reporting_score=reporting,
        score=score.round(2),
    )


def rank_units(scored: pl.DataFrame, exempt: set[int], rules: dict | None = None) -> pl.DataFrame:
    """Average the project scores per unit, rank them, and flag the red (top) and black (bottom) lists;
    exempted units are never put on the black list."""
    r = {**DEFAULT_RANKING_RULES, **(rules or {})}
    units = (
        scored.group_by("unit_id")
        .agg(
            pl.len().alias("projects"),
            pl.col("score").mean().round(2).alias("score"),
            *(pl.col(c).mean().round(1) for c in SCORE_PARTS),
        )
        .sort(["score", "unit_id"], descending=[True, False])
        .with_row_index("rank", offset=1)
        .with_columns(exempt=pl.col("unit_id").is_in(list(exempt)))
    )
    n = units.height
    top = min(r["top_n"], n // 2)
    eligible = units.filter(~pl.col("exempt"))
    bottom_ids = eligible.tail(min(r["bottom_n"], n // 2))["unit_id"].to_list() if n > 1 else []
    return units.with_columns(
        red=pl.col("rank") <= top,
        black=pl.col("unit_id").is_in(bottom_ids) & (pl.col("rank") > top),
    )


SCORE_PARTS = ("progress_score", "investment_score", "problems_score", "reporting_score")
