"""Innovation points: the engine computes them (gaoxin.engine.points); this module feeds it the
registry's frames, ranks the scores in the reference population and stores them with their breakdown.
"""

from __future__ import annotations

import io

import polars as pl
from django.db import transaction

from gaoxin.assessment.frames import build_frames

from .models import PointsRun, ReferenceTable, Score


class PointsUnavailable(RuntimeError):
    """The engine does not (yet) provide innovation points."""


def engine_points():
    try:
        from gaoxin.engine import points as module
    except ImportError:
        raise PointsUnavailable("创新积分规则尚未接入评估引擎（gaoxin.engine.points），暂无法计算积分")
    fn = getattr(module, "points", None) or getattr(module, "innovation_points", None)
    if fn is None:
        raise PointsUnavailable("评估引擎未提供创新积分计算函数")
    return fn


def reference_frame(reference: ReferenceTable | None) -> pl.DataFrame | None:
    return pl.read_parquet(io.BytesIO(bytes(reference.data))) if reference is not None else None


def score_frame(year: int, reference: ReferenceTable | None = None, enterprises=None) -> pl.DataFrame:
    """(enterprise_id, uscc, points, percentile, rank, complete, missing, breakdown) for every enterprise."""
    frames = build_frames(year, enterprises)
    result = engine_points()(frames.years, frames.enterprises, year, reference=reference_frame(reference))
    result = getattr(result, "scores", result)
    return normalise(result, frames.enterprises.select("uscc", "enterprise_id"))


def normalise(result: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    """The engine's score frame with percentile and rank in the reference population when it gives none
    (percentile = share of the population with fewer points), missing text and breakdown as JSON lists."""
    frame = result.join(ids, on="uscc")
    cols = frame.columns
    if "percentile" not in cols:
        frame = frame.with_columns(
            ((pl.col("points").rank("min") - 1) / max(frame.height - 1, 1)).alias("percentile")
        )
    if "rank" not in cols:
        frame = frame.with_columns(pl.col("points").rank("min", descending=True).cast(pl.Int64).alias("rank"))
    if "missing" not in cols:
        frame = frame.with_columns(pl.lit("").alias("missing"))
    if "complete" not in cols:
        frame = frame.with_columns((pl.col("missing").fill_null("") == "").alias("complete"))
    if "breakdown" not in cols:
        frame = frame.with_columns(pl.lit(None).alias("breakdown"))
    return frame.select(
        "enterprise_id", "uscc", "points", "percentile", "rank", "complete", "missing", "breakdown"
    )


@transaction.atomic
def store_scores(year: int, frame: pl.DataFrame, run: PointsRun) -> int:
    Score.objects.filter(year=year)._raw_delete(Score.objects.db)
    rows = [
        Score(
            run=run, enterprise_id=r["enterprise_id"], year=year, points=float(r["points"]),
            percentile=r["percentile"], rank=r["rank"], complete=bool(r["complete"]),
            missing=r["missing"] or "", breakdown=r["breakdown"] or [],
        )
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip
    Score.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
