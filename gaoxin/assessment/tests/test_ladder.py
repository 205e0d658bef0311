"""Ladder stage rules at their boundaries (docs/assessment.md), on frames and from the database."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from gaoxin.assessment.ladder import TIERS, ladder, stages

NEAR = 0.15


def held(*rows):
    frame = pl.DataFrame(list(rows), schema={"enterprise_id": pl.Int64, "rule": pl.String}, orient="row")
    return frame.join(TIERS, on="rule")


def verdicts(*rows):
    schema = {"enterprise_id": pl.Int64, "rule": pl.String, "distance": pl.Float64}
    return pl.DataFrame(list(rows), schema=schema, orient="row").join(TIERS, on="rule")


def marks(*rows):
    schema = {"enterprise_id": pl.Int64, "track": pl.String, "mark": pl.String, "mark_target": pl.String}
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def stage_of(frame, ent, track="tech"):
    hit = frame.filter((pl.col("enterprise_id") == ent) & (pl.col("track") == track))
    return (hit["stage"][0], hit["target"][0]) if hit.height else (None, None)


def test_reserve_is_close_and_not_yet_held():
    f = stages(
        held(),
        verdicts((1, "tsme", NEAR), (2, "tsme", NEAR + 1e-9), (3, "hte", 0.0), (4, "tsme", None)),
        marks(),
        NEAR,
    )
    assert stage_of(f, 1) == ("reserve", "tsme")  # exactly at the threshold counts as close
    assert stage_of(f, 2) == (None, None)  # just above it does not
    assert stage_of(f, 3) == ("reserve", "hte")  # 符合 (distance 0) but not held
    assert stage_of(f, 4) == (None, None)  # 数据不足 / unmeasurable gap is never close


def test_recognised_and_growth():
    f = stages(
        held((1, "hte"), (2, "hte"), (2, "tsme"), (3, "tsme")),
        verdicts((1, "gazelle", 0.5), (2, "gazelle", 0.1), (2, "tsme", 0.0), (3, "tsme", 0.0)),
        marks(), NEAR,
    )  # fmt: skip
    assert stage_of(f, 1) == ("recognised", "hte")
    assert stage_of(f, 2) == ("growth", "gazelle")  # next tier in sight; lower tiers do not count
    assert stage_of(f, 3) == ("recognised", "tsme")  # passing the held tier again is not growth
    assert stage_of(f, 1, "srdi") == (None, None)


def test_manual_marks_apply_only_above_the_held_tier():
    f = stages(
        held((1, "tsme"), (2, "hte")),
        verdicts((1, "hte", 0.9)),
        marks(
            (1, "tech", "apply", "hte"),
            (2, "tech", "cultivate", "tsme"),
            (3, "srdi", "cultivate", "innovative_sme"),
        ),
        NEAR,
    )
    assert stage_of(f, 1) == ("apply", "hte")
    assert stage_of(f, 2) == ("recognised", "hte")  # a stale mark below what it holds is ignored
    assert stage_of(f, 3, "srdi") == ("cultivate", "innovative_sme")


@pytest.mark.django_db
def test_ladder_from_the_database(org, actor):
    from gaoxin.assessment.actions import run_assessment
    from gaoxin.registry.models import Qualification

    from .factories import model_enterprise

    ent = model_enterprise(org)
    run_assessment(2026, actor, ["tsme", "hte"])
    frame = ladder([ent.pk], 2026, NEAR, dt.date(2026, 6, 30))
    assert stage_of(frame, ent.pk) == ("reserve", "tsme")
    assert stage_of(ladder([ent.pk], 2026, 0.04, dt.date(2026, 6, 30)), ent.pk) == (None, None)
    Qualification.objects.create(
        enterprise=ent, kind="tsme", level="national", granted_on=dt.date(2026, 3, 1)
    )
    assert stage_of(ladder([ent.pk], 2026, NEAR, dt.date(2026, 6, 30)), ent.pk)[0] == "recognised"
    assert stage_of(ladder([ent.pk], 2026, NEAR, dt.date(2027, 1, 1)), ent.pk)[0] == "reserve"  # expired
