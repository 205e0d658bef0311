"""Innovation points: the engine computes them (gaoxin.engine.points); this module feeds it the
registry's frames and stores each enterprise's points, rank and breakdown for the year."""

from __future__ import annotations

import io

import polars as pl
from django.db import transaction

from gaoxin.assessment.frames import build_frames
from gaoxin.core.frame_write import insert_frame, json_text
from gaoxin.engine.points import points as engine_points

from .models import PointsRun, ReferenceTable, Score

COLUMNS = ["enterprise_id", "uscc", "points", "percentile", "rank", "stage", "complete", "missing",
           "dishonest_listed", "major_incident", "breakdown"]  # fmt: skip


class PointsUnavailable(RuntimeError):
    """Points cannot be computed (e.g. a reference table without an indicator)."""


def reference_frame(reference: ReferenceTable | None) -> pl.DataFrame | None:
    return pl.read_parquet(io.BytesIO(bytes(reference.data))) if reference is not None else None


def score_frame(year: int, reference: ReferenceTable | None = None, enterprises=None) -> pl.DataFrame:
    """One row per enterprise: points, percentile (0–100), rank, stage, flags and the breakdown list."""
    frames = build_frames(year, enterprises)
    try:
        result = engine_points(frames.years, frames.enterprises, year, reference=reference_frame(reference))
    except ValueError as exc:
        raise PointsUnavailable(str(exc))
    parts = (
        result.breakdown.group_by("uscc")
        .agg(pl.struct(pl.all().exclude("uscc")).alias("breakdown"))
        .with_columns(pl.col("uscc").cast(pl.String))
    )
    frame = (
        result.points.join(frames.enterprises.select("uscc", "enterprise_id"), on="uscc")
        .join(parts, on="uscc", how="left")
        .with_columns(pl.col("points").rank("min", descending=True).cast(pl.Int64).alias("rank"))
    )
    return frame.select(COLUMNS)


def score_rows(year: int, frame: pl.DataFrame, run_id: int) -> pl.DataFrame:
    """The score frame as the Score table's columns and stored values, column-wise: no points → 0,
    no stage / missing text → "", the breakdown as JSON text (null → [])."""
    return frame.select(
        pl.lit(run_id, pl.Int64).alias("run_id"),
        pl.col("enterprise_id"),
        pl.lit(year, pl.Int64).alias("year"),
        pl.col("points").fill_null(0.0),
        pl.col("percentile"),
        pl.col("rank"),
        pl.col("stage").cast(pl.String).fill_null(""),
        pl.col("complete").fill_null(False),
        pl.col("missing").cast(pl.String).fill_null(""),
        pl.col("dishonest_listed"),
        pl.col("major_incident"),
        json_text("breakdown", frame),
    )


@transaction.atomic
def store_scores(year: int, frame: pl.DataFrame, run: PointsRun) -> int:
    """Replace the year's scores by the frame's (COPY on PostgreSQL, executemany elsewhere)."""
    Score.objects.filter(year=year)._raw_delete(Score.objects.db)
    return insert_frame(Score, score_rows(year, frame, run.pk))
