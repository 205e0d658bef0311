"""Storing a year's scores column-wise (COPY / executemany, issue 12 item 3) keeps every stored value
what the per-row bulk_create stored."""

from __future__ import annotations

import pytest

from gaoxin.points.actions import run_points
from gaoxin.points.compute import score_frame
from gaoxin.points.models import PointsRun, Score

pytestmark = pytest.mark.django_db

FIELDS = ["enterprise_id", "year", "points", "percentile", "rank", "stage", "complete", "missing",
          "dishonest_listed", "major_incident", "breakdown"]  # fmt: skip


def _as_bulk_create_stored(year: int, frame) -> dict:
    """What store_scores wrote when it built one Score per row (the code it replaces)."""
    expected = {}
    for r in frame.iter_rows(named=True):
        expected[r["enterprise_id"]] = {
            "enterprise_id": r["enterprise_id"], "year": year, "points": r["points"] or 0.0,
            "percentile": r["percentile"], "rank": r["rank"], "stage": r["stage"] or "",
            "complete": bool(r["complete"]), "missing": r["missing"] or "",
            "dishonest_listed": r["dishonest_listed"], "major_incident": r["major_incident"],
            "breakdown": r["breakdown"] or [],
        }  # fmt: skip
    return expected


def test_stored_scores_are_the_frame_row_for_row(enterprises, actor, org):
    year = org.today.year
    frame = score_frame(year)
    run = run_points(year, actor)
    stored = {s["enterprise_id"]: s for s in Score.objects.filter(run=run).values(*FIELDS)}
    assert stored == _as_bulk_create_stored(year, frame)
    assert run.count == len(enterprises) == len(stored)
    assert any(s["breakdown"] for s in stored.values()) and any(s["stage"] for s in stored.values())


def test_a_second_run_replaces_the_year(enterprises, actor, org):
    first = run_points(org.today.year, actor)
    second = run_points(org.today.year, actor)
    assert not Score.objects.filter(run=first).exists()
    assert Score.objects.filter(run=second).count() == second.count == len(enterprises)
    assert PointsRun.objects.count() == 2
