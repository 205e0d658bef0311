"""Innovation points.

Standard score of an indicator = its percentile (0–100) in the reference population: the zone's own
enterprises with a known value (average rank for ties), or an imported reference table
(indicator, quantile 0–1, value) where the highest quantile whose value ≤ the raw value is taken.
Points = Σ weight × standard score / 100 (0–100). Ratios here are floats: points rank enterprises,
they decide no legal threshold (qualification verdicts never use floats).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import yaml

from gaoxin.engine.inputs import wide_frame
from gaoxin.engine.lang import parse, values
from gaoxin.engine.lang.compile import Env, compile_expr
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.lang.types import Scope, check
from gaoxin.engine.missing import masks, missing_text

HERE = Path(__file__).parent


@dataclass
class Indicator:
    id: str
    name: str
    group: str
    expr: str


@dataclass
class System:
    id: str
    name: str
    stages: list[dict]
    groups: dict[str, dict[str, float]]
    indicators: list[Indicator]
    unverified: str | None

    def weight(self, indicator: Indicator, stage: str) -> float:
        peers = sum(1 for other in self.indicators if other.group == indicator.group)
        return self.groups[indicator.group][stage] / peers


def load_system(path: Path | str | None = None) -> System:
    data = yaml.safe_load(Path(path or HERE / "default.yaml").read_text(encoding="utf-8"))
    indicators = [Indicator(**indicator) for indicator in data["indicators"]]
    for indicator in indicators:
        try:
            ty = check(parse(indicator.expr), Scope(indicator.expr, {}, {}))
        except RuleError as error:
            raise error.located(f"{data['id']} {indicator.id}") from None
        if ty.kind != "num" or ty.years:
            raise RuleError("指标应为单个数值", indicator.expr, 0, indicator.id)
        if indicator.group not in data["groups"]:
            raise RuleError(f"未知指标组 {indicator.group}", indicator.expr, 0, indicator.id)
    return System(
        data["id"], data["name"], data["stages"], data["groups"], indicators, data.get("unverified")
    )


@dataclass
class PointsResult:
    points: (
        pl.DataFrame
    )  # uscc, stage, points, percentile, complete, missing, dishonest_listed, major_incident
    breakdown: pl.DataFrame  # uscc (categorical), indicator, name, group, raw, standard, weight, contribution
    system: System


def _stage_expr(system: System, as_of: date) -> pl.Expr:
    age = compile_expr(parse("years_since(established_on)"), Env(as_of.year, as_of)).num
    expr = None
    for st in system.stages:
        cond = age < st["max_age_exclusive"] if "max_age_exclusive" in st else age.is_not_null()
        expr = (
            pl.when(cond).then(pl.lit(st["name"]))
            if expr is None
            else expr.when(cond).then(pl.lit(st["name"]))
        )
    return expr


def _standard(raw: str, indicator: Indicator, reference: pl.DataFrame, frame: pl.DataFrame) -> pl.Series:
    """Percentile from an imported reference table: the highest quantile whose value ≤ raw."""
    raw_values = frame[raw]
    ref = reference.filter(pl.col("indicator") == indicator.id).sort("value").select("value", "quantile")
    if ref.is_empty():
        raise ValueError(f"参照表缺少指标 {indicator.id}（{indicator.name}）")
    probe = frame.select(pl.int_range(pl.len()).alias("__i"), raw_values.alias("value")).sort("value")
    known = probe.filter(pl.col("value").is_not_null())
    hit = known.join_asof(ref, on="value", strategy="backward").with_columns(
        pl.col("quantile").fill_null(0.0)
    )
    out = frame.select(pl.int_range(pl.len()).alias("__i")).join(
        hit, on="__i", how="left", maintain_order="left"
    )
    return (out["quantile"] * 100).alias(indicator.id)


def points(
    years,
    enterprises,
    year: int,
    as_of: date | None = None,
    system: System | None = None,
    reference: pl.DataFrame | None = None,
) -> PointsResult:
    """Innovation points of every enterprise for assessment year ``year`` (data of year-1)."""
    system = system or load_system()
    as_of = as_of or date(year, 6, 30)
    env = Env(year, as_of)
    raws = {}
    for indicator in system.indicators:
        value = compile_expr(parse(indicator.expr), env)
        raws[indicator.id] = (
            value.as_float() if isinstance(value, values.Number) else value.expr.cast(pl.Float64)
        )
    flags = {
        "dishonest_listed": compile_expr(parse("dishonest_listed[y-1]"), env).expr,
        "major_incident": compile_expr(parse("major_incident[y-1]"), env).expr,
    }
    exprs = [value_expr.alias("raw:" + name) for name, value_expr in raws.items()] + [
        value_expr.alias(name) for name, value_expr in flags.items()
    ]
    exprs.append(_stage_expr(system, as_of).alias("stage"))
    columns = set().union(*(value_expr.meta.root_names() for value_expr in exprs))
    frame = wide_frame(years, enterprises, year, columns).select("uscc", *exprs).collect()
    frame = frame.with_columns(
        pl.when(pl.col(column).is_infinite() | pl.col(column).is_nan())
        .then(None)
        .otherwise(pl.col(column))
        .alias(column)
        for column in frame.columns
        if column.startswith("raw:")
    )
    if reference is None:  # percentile in the zone: all indicators ranked in one parallel select
        std = [
            (
                pl.col("raw:" + indicator.id).rank("average") / pl.col("raw:" + indicator.id).count() * 100
            ).alias("std:" + indicator.id)
            for indicator in system.indicators
        ]
    else:
        std = [
            _standard("raw:" + indicator.id, indicator, reference, frame).alias("std:" + indicator.id)
            for indicator in system.indicators
        ]
    frame = frame.with_columns(std)
    return _combine(frame, system)


def _weight(system: System, indicator: Indicator) -> pl.Expr:
    stage = pl.col("stage")
    expr = pl.lit(None, pl.Float64)
    for name in system.groups[indicator.group]:
        expr = pl.when(stage == name).then(system.weight(indicator, name)).otherwise(expr)
    return expr


def _combine(frame: pl.DataFrame, system: System) -> PointsResult:
    indicators = system.indicators
    contrib = [
        (_weight(system, indicator) * pl.col("std:" + indicator.id).fill_null(0) / 100).alias(
            "c:" + indicator.id
        )
        for indicator in indicators
    ]
    frame = frame.with_columns(contrib)
    total = pl.when(pl.col("stage").is_not_null()).then(
        pl.sum_horizontal([pl.col("c:" + indicator.id) for indicator in indicators])
    )
    flags = frame.select(masks("m", [pl.col("raw:" + indicator.id).is_null() for indicator in indicators]))
    pts = frame.select(
        "uscc",
        pl.col("stage").cast(pl.Enum([st["name"] for st in system.stages])),
        total.alias("points"),
        pl.all_horizontal([pl.col("raw:" + indicator.id).is_not_null() for indicator in indicators]).alias(
            "complete"
        ),
        "dishonest_listed",
        "major_incident",
    ).with_columns(
        missing_text(flags, flags.columns, [indicator.name for indicator in indicators]).alias("missing"),
        (pl.col("points").rank("average") / pl.col("points").count() * 100).alias("percentile"),
    )
    ids, names = (
        pl.Enum([indicator.id for indicator in indicators]),
        pl.Enum(list(dict.fromkeys(indicator.name for indicator in indicators))),
    )
    groups = pl.Enum(list(system.groups))
    codes = frame["uscc"].cast(pl.Categorical)  # one row per indicator: integers, not string copies
    breakdown = pl.concat(
        frame.select(
            pl.lit(codes).alias("uscc"),
            pl.lit(indicator.id, ids).alias("indicator"),
            pl.lit(indicator.name, names).alias("name"),
            pl.lit(indicator.group, groups).alias("group"),
            pl.col("raw:" + indicator.id).alias("raw"),
            pl.col("std:" + indicator.id).alias("standard"),
            _weight(system, indicator).alias("weight"),
            pl.col("c:" + indicator.id).alias("contribution"),
        )
        for indicator in indicators
    )
    return PointsResult(pts, breakdown, system)


REASONS = [
    "无法计算积分（成立日期未知）",
    "积分百分位低于入围线",
    "上年度列入经营异常名录或严重失信名单",
    "失信记录未知",
    "上年度发生重大安全质量事故或严重环境违法",
    "事故记录未知",
    "指标数据不全（见 missing）",
]


def whitelist(result: PointsResult, min_percentile: float = 80.0) -> pl.DataFrame:
    """Bank whitelist candidates: every enterprise with ``eligible`` and its reasons for exclusion
    (percentile below ``min_percentile``, dishonesty list, major incident, unknown record, incomplete
    indicators). Reason lists are built once per distinct combination, not per enterprise."""
    ranked = result.points
    flags = [
        pl.col("percentile").is_null(),
        pl.col("percentile") < min_percentile,
        pl.col("dishonest_listed").fill_null(False),
        pl.col("dishonest_listed").is_null(),
        pl.col("major_incident").fill_null(False),
        pl.col("major_incident").is_null(),
        ~pl.col("complete"),
    ]
    bits = [flag.fill_null(False).cast(pl.Int64) * (1 << bit) for bit, flag in enumerate(flags)]
    code = ranked.select(pl.sum_horizontal(bits).alias("c"))
    combos = code.unique().with_columns(
        pl.concat_list(
            [
                pl.when((pl.col("c") & (1 << bit)) != 0).then(pl.lit(reason))
                for bit, reason in enumerate(REASONS)
            ]
        )
        .list.drop_nulls()
        .alias("reasons")
    )
    reasons = code.join(combos, on="c", how="left", maintain_order="left")["reasons"]
    out = ranked.with_columns(reasons, (code["c"] == 0).alias("eligible"))
    return out.sort("points", descending=True, nulls_last=True)
